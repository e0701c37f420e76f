"""Hostile input, first class: the work lakedrill does is bounded by its input. Each case runs in
a child process under a memory and CPU limit (harness.run) and within pytest-timeout."""

from __future__ import annotations

import json

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from lakedrill.templates.source import SourceError, parse_text
from tests.hostile.harness import assert_named, run, template_bank

pytestmark = pytest.mark.timeout(180)

CYCLE = "a: &a [*a]\n"
CYCLE_JOB = "name: j\ntasks: &t\n  - task_key: a\n    notebook_task: {notebook_path: /x}\n    libraries: *t\n"


@pytest.mark.parametrize("text", [CYCLE, CYCLE_JOB, "job: &j {tasks: [*j]}\n", "&r {a: *r}\n"])
def test_an_alias_cycle_in_a_job_file_is_refused_by_name(tmp_path, text):
    job = tmp_path / "job.yaml"
    job.write_text(text)
    assert_named(run("simulate", str(job)), "alias cycle", "job.yaml:")


def test_an_alias_cycle_on_stdin_is_refused_by_name():
    assert_named(run("simulate", "-", stdin=CYCLE_JOB), "<stdin>:", "alias cycle")


def test_an_alias_cycle_in_quiz_job_is_refused_by_name(tmp_path):
    job = tmp_path / "job.yaml"
    job.write_text(CYCLE_JOB)
    assert_named(run("quiz", "--job", str(job), "--data-dir", str(tmp_path / "home"), "-n", "1", stdin=""),
                 "alias cycle")


def test_an_alias_cycle_in_a_bank_template_is_refused_by_name(tmp_path):
    bank = template_bank(tmp_path)
    target = bank / "no-rollback" / "t.yaml"
    target.write_text(target.read_text() + "extra: &e [*e]\n")
    assert_named(run("list", "--bank", str(bank), env={"LAKEDRILL_HOME": str(tmp_path / "home")}),
                 "t.yaml:", "alias cycle")


def test_an_alias_cycle_in_a_blueprint_is_refused_by_name(tmp_path):
    bank = template_bank(tmp_path)
    (bank / "blueprint.yaml").write_text("concepts: &c {no-rollback: *c}\n")
    outcome = run("list", "--exam", "--bank", str(bank), env={"LAKEDRILL_HOME": str(tmp_path / "home")})
    assert_named(outcome, "blueprint.yaml", "alias cycle")


@st.composite
def aliased_yaml(draw) -> str:
    """Small YAML documents whose values are anchors and aliases to them, cycles included: each
    node may name any anchor defined before it, or the one it is inside of."""
    anchors: list[str] = []

    def node(depth: int) -> str:
        choice = draw(st.integers(0, 4 if depth < 4 else 1))
        if choice == 0 or not anchors and choice == 1:
            return draw(st.sampled_from(["1", "x", "null", "[]", "{}"]))
        if choice == 1:
            return "*" + draw(st.sampled_from(anchors))
        name = f"a{len(anchors)}"
        anchors.append(name)
        items = [node(depth + 1) for _ in range(draw(st.integers(1, 3)))]
        if choice in (2, 3):
            return f"&{name} [" + ", ".join(items) + "]"
        return f"&{name} {{" + ", ".join(f"k{i}: {v}" for i, v in enumerate(items)) + "}"

    return "top: " + node(0) + "\n"


@given(aliased_yaml())
def test_any_aliases_either_parse_to_finite_data_or_are_refused(text):
    try:
        document = parse_text(text, "fuzz.yaml")
    except SourceError as error:
        assert error.lines and error.lines[0].startswith("fuzz.yaml")
        return
    json.dumps(document.data, default=str)  # finite: a cycle would raise ValueError here


def test_a_billion_retries_of_a_failing_task_is_refused_with_the_limit_and_the_fix(tmp_path):
    job = tmp_path / "job.yaml"
    job.write_text(yaml.safe_dump({
        "job": {"name": "j", "tasks": [{"task_key": "a", "max_retries": 1_000_000_000,
                                         "notebook_task": {"notebook_path": "/x"}}]},
        "scenario": {"tasks": {"a": {"outcomes": ["FAILED"]}}}}))
    assert_named(run("simulate", str(job)), "100,000 attempts", "fewer retries", "end its outcomes with SUCCESS")


def test_a_job_past_the_task_limit_is_told_the_limit(tmp_path):
    tasks = [{"task_key": f"t{i}", "notebook_task": {"notebook_path": "/x"},
              **({"depends_on": [{"task_key": f"t{i - 1}"}]} if i else {})} for i in range(10_000)]
    job = tmp_path / "job.json"
    job.write_text(json.dumps({"name": "big", "tasks": tasks}))
    assert_named(run("simulate", str(job), "--fail", "t3"), "10000 tasks; the limit is 1000")


def test_a_link_to_dev_zero_is_refused_by_its_size(tmp_path):
    link = tmp_path / "job.yaml"
    link.symlink_to("/dev/zero")
    assert_named(run("simulate", str(link)), "job.yaml", "larger than 32 MB")
    bank = template_bank(tmp_path)
    zero = bank / "no-rollback" / "zero.yaml"
    zero.symlink_to("/dev/zero")
    listed = run("list", "--bank", str(bank), env={"LAKEDRILL_HOME": str(tmp_path / "home")})
    assert listed.code == 0 and "Traceback" not in listed.err  # not a file: not a template of the bank
    stdin = run("simulate", "-", stdin=b"\0" * (33 * 1024 * 1024))
    assert_named(stdin, "<stdin>", "larger than 32 MB")


HOSTILE_STEMS = {
    "a format width": "{{ '{:>999999999}'.format(1) }}",
    "a nested format width": "{{ '{:>{w}}'.format(1, w=999999999) }}",
    "a percent width": "{{ '%999999999d' | format(1) }}",
    "a percent star width": "{{ '%*d' % (999999999, 1) }}",
    "a text doubled in a loop": "{% set ns = namespace(s='x') %}{% for i in range(40) %}"
                                "{% set ns.s = ns.s ~ ns.s %}{% endfor %}{{ ns.s | length }}",
    "a list doubled in a loop": "{% set l = [1] %}{% for i in range(40) %}{{ l.extend(l) }}{% endfor %}",
    "two nested loops of 100,000": "{% for i in range(100000) %}{% for j in range(100000) %}"
                                   "{% endfor %}{% endfor %}",
    "lipsum": "{{ lipsum(999999) }}",
    "big integers squared": "{% set ns = namespace(n=3) %}{% for i in range(40) %}"
                            "{% set ns.n = ns.n * ns.n %}{% endfor %}{{ ns.n > 1 }}",
    "output past the size": "{% for i in range(100000) %}{{ 'x' * 999999 }}{% endfor %}",
    "a filter's result": "{{ ('x' * 999999) | replace('x', 'xxxxxxxxxx') }}",
}
NAMED = {"two nested loops of 100,000": "takes more than 5 s", "lipsum": "'lipsum' is undefined"}


@pytest.mark.parametrize("name", sorted(HOSTILE_STEMS))
def test_a_template_past_the_budget_is_a_named_error_of_that_template(tmp_path, name):
    bank = template_bank(tmp_path, stem=HOSTILE_STEMS[name] + " `{{ failing }}`")
    outcome = run("show", "official-sample-a-fails", "--bank", str(bank),
                  env={"LAKEDRILL_HOME": str(tmp_path / "home")})
    assert_named(outcome, "t.yaml:", "stem:", NAMED.get(name, "larger than a template may build"), code=1)


@pytest.mark.parametrize("tasks", [1_000_000, -3, [5, 2], 0])
def test_a_generator_task_count_outside_the_limit_is_refused_at_load(tmp_path, tasks):
    bank = template_bank(tmp_path, params={"job": {"generate": "chain", "tasks": tasks},
                                           "failing": {"value": "job.roots[0]"},
                                           "others": {"value": "job.dependents(failing)"}})
    outcome = run("show", "official-sample-a-fails", "--bank", str(bank),
                  env={"LAKEDRILL_HOME": str(tmp_path / "home")})
    assert_named(outcome, "t.yaml:", "params.job.tasks", "from 1 to 1000")


@pytest.mark.parametrize("shape", ["tree", "chain", "fan"])
def test_the_start_order_of_a_job_at_the_task_limit_is_asked_within_the_bounds(tmp_path, shape):
    # every pair of a 1,000-task order was once compared with every other (hours of CPU); the
    # harness's CPU limit is the bound this case must stay within
    def parent(i: int) -> int:
        return {"tree": (i - 1) // 2, "chain": i - 1, "fan": 0}[shape]
    tasks = [{"task_key": f"t{i}", "notebook_task": {"notebook_path": "/x"},
              **({"depends_on": [{"task_key": f"t{parent(i)}"}]} if i else {})} for i in range(1000)]
    job = tmp_path / "job.json"
    job.write_text(json.dumps({"name": "big", "tasks": tasks}))
    outcome = run("show", "task-graph-start-order", "--job", str(job), "--seed", "1")
    assert "Traceback" not in outcome.err
    if shape != "tree":  # listed in an order they may start in: the template refuses the job, by name
        assert outcome.code == 1 and "cannot use your job" in outcome.err, outcome.err[-2000:]
    else:
        assert outcome.code == 0 and "t999" in outcome.out, outcome.err[-2000:]
