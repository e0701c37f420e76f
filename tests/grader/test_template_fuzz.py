"""Templates are untrusted text: any damage to a good template ends in `lakedrill check` passing
(exit 0), failing it with the template's file:line (exit 1), or naming the bad field (exit 2) —
never in a traceback."""

import tempfile
from pathlib import Path

import yaml
from click.testing import CliRunner
from hypothesis import HealthCheck, given, note, settings
from hypothesis import strategies as st

from lakedrill.cli import main
from tests.grader.damage import damaged

ROOT = Path(__file__).resolve().parents[2]
# Templates of several kinds and features: a generated job, a fixed job with settings, a timeline.
SOURCES = ["questions/run-if/all-dependencies-excluded.yaml", "questions/for-each/one-iteration-fails.yaml",
           "questions/retries-and-timeouts/job-level-timeout.yaml",
           "questions/schedules-and-concurrency/runs-in-a-window.yaml"]
GOOD = {name: yaml.safe_load((ROOT / name).read_text()) for name in SOURCES if (ROOT / name).exists()}

JUNK = st.one_of(st.none(), st.booleans(), st.integers(-10**9, 10**9), st.floats(allow_nan=False),
                 st.text(max_size=10), st.sampled_from(["{{", "{{ nope }}", "{% if %}", "{{ ''.__class__ }}",
                                                        "run.state('x')", "job.roots", "[1,", "{{ 1/0 }}"]),
                 st.lists(st.integers(-3, 3), max_size=3), st.dictionaries(st.text(max_size=4), st.integers(),
                                                                           max_size=2))


@st.composite
def damaged_template(draw):
    name = draw(st.sampled_from(sorted(GOOD)))
    return name, draw(damaged(GOOD[name], JUNK, most=2))


@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))  # check runs hypothesis inside
@given(damaged_template())
def test_a_damaged_template_is_checked_or_named_never_a_traceback(case):
    name, data = case
    text = yaml.safe_dump(data, sort_keys=False, allow_unicode=True)
    note(f"{name}:\n{text}")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / Path(name).name
        path.write_text(text)
        result = CliRunner().invoke(main, ["check", str(path), "-n", "5", "-j", "1"])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    assert result.exit_code in (0, 1, 2), result.output
    if result.exit_code:
        assert Path(name).name in result.output, result.output  # the file is named


def test_the_sources_are_good_templates():
    assert len(GOOD) == len(SOURCES)
    with tempfile.TemporaryDirectory() as folder:
        for name, data in GOOD.items():
            (Path(folder) / Path(name).name).write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True))
        result = CliRunner().invoke(main, ["check", folder, "-n", "5", "-j", "1"])
    assert result.exit_code == 0, result.output
