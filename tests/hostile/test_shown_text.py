"""Hostile input: text from job files and templates is shown with its control characters escaped
(an ESC sequence, NUL or a right-to-left override would act on the terminal or reorder the text),
and task keys are refused where the Jobs API refuses them."""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lakedrill.templates.source import CONTROL, parse_text, visible
from tests.hostile.harness import assert_named, run, template_bank

pytestmark = pytest.mark.timeout(180)

RAW = ("\x1b", "\x00", "\u202e", "\x9b", "\x07", "\r")


def _job(**fields) -> dict:
    job = {"name": "nightly", "tasks": [{"task_key": "ingest", "notebook_task": {"notebook_path": "/x"}}]}
    job.update(fields)
    return job


def _no_raw_controls(text: str) -> None:
    found = [c for c in text if CONTROL.match(c)]
    assert not found, (found, text[-2000:])


@pytest.mark.parametrize("char", RAW)
def test_a_control_character_in_a_json_job_is_shown_escaped(tmp_path, char):
    job = tmp_path / "job.json"
    job.write_text(json.dumps(_job(name=f"night{char}[2Jly", description=f"a{char}b")))
    outcome = run("simulate", str(job))
    assert outcome.code == 0, outcome.err[-2000:]
    _no_raw_controls(outcome.out + outcome.err)
    assert f"night{visible(char)}[2Jly" in outcome.out


def test_a_yaml_escape_and_a_raw_right_to_left_override_are_shown_escaped(tmp_path):
    job = tmp_path / "job.yaml"
    job.write_text('name: "night\\e[31mly \u202eevil"\ntasks: [{task_key: ingest, notebook_task: {notebook_path: /x}}]\n',
                   encoding="utf-8")
    outcome = run("simulate", str(job))
    assert outcome.code == 0, outcome.err[-2000:]
    _no_raw_controls(outcome.out + outcome.err)
    assert "night\\x1b[31mly \\u202eevil" in outcome.out


@pytest.mark.parametrize("key", ["a\u001b[2Jb", "load\u202eorders", "with space", "a.b"])
def test_a_task_key_the_jobs_api_refuses_is_refused_by_name(tmp_path, key):
    job = tmp_path / "job.json"
    job.write_text(json.dumps({"name": "j", "tasks": [{"task_key": key, "notebook_task": {"notebook_path": "/x"}}]}))
    outcome = run("simulate", str(job))
    assert_named(outcome, "tasks[0].task_key", "has characters the Jobs API refuses")
    _no_raw_controls(outcome.out + outcome.err)


def test_an_over_long_task_key_is_refused_as_the_jobs_api_refuses_it(tmp_path):
    job = tmp_path / "job.json"
    job.write_text(json.dumps({"name": "j", "tasks": [{"task_key": "k" * 101, "notebook_task": {"notebook_path": "/x"}}]}))
    assert_named(run("simulate", str(job)), "101 characters long; the Jobs API takes at most 100")
    job.write_text(json.dumps({"name": "j", "tasks": [{"task_key": "k" * 100, "notebook_task": {"notebook_path": "/x"}}]}))
    assert run("simulate", str(job)).code == 0


def test_a_template_that_makes_a_control_character_is_a_named_error_of_that_template(tmp_path):
    bank = template_bank(tmp_path, stem="A Databricks job {{ '\\x1b[2J' }} fails.")
    outcome = run("show", "official-sample-a-fails", "--bank", str(bank),
                  env={"LAKEDRILL_HOME": str(tmp_path / "home")})
    assert "Traceback" not in outcome.err and outcome.code in (1, 2), (outcome.code, outcome.err[-2000:])
    assert "makes a control character" in outcome.err and "t.yaml" in outcome.err
    _no_raw_controls(outcome.out + outcome.err)


@given(st.text())
def test_visible_text_has_no_control_characters_and_leaves_other_text_alone(text):
    shown = visible(text)
    assert not CONTROL.search(shown)
    if not CONTROL.search(text):
        assert shown == text


@given(st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=40))
def test_any_job_name_parses_to_text_without_control_characters(name):
    document = parse_text(json.dumps(_job(name=name)), "job.json")
    assert not CONTROL.search(document.data["name"])
    assert document.data["name"] == visible(name)
