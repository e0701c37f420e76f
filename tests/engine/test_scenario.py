"""Scenario parsing: what tasks do, and every mistake named with its path and fix."""

import pytest

from lakedrill.engine import InvalidScenario, parse_scenario
from tests.jobdsl import cond, for_each, job, nb

JOB = job(nb("ingest"), nb("clean", "ingest"), cond("check", "1", "EQUAL_TO", "1", "clean"),
          for_each("loop", "[1, 2]", ("check", "true")), parameters=[{"name": "env", "default": "dev"}])


def problems(data):
    with pytest.raises(InvalidScenario) as caught:
        parse_scenario(data, JOB)
    return {p.dotted(): p for p in caught.value.problems}


def test_unknown_task_gets_a_suggestion():
    found = problems({"tasks": {"clen": {"duration": 3}}})
    assert found["tasks.clen"].hint == "did you mean 'clean'?"


def test_unknown_outcome_lists_the_outcomes():
    found = problems({"tasks": {"clean": {"outcomes": ["FAIL"]}}})
    assert "did you mean 'FAILED'" in found["tasks.clean.outcomes[0]"].hint


def test_negative_or_non_numeric_durations_are_rejected():
    found = problems({"tasks": {"clean": {"duration": -1}, "ingest": {"duration": "fast"}}})
    assert set(found) == {"tasks.clean.duration", "tasks.ingest.duration"}


def test_task_values_over_48_kib_are_rejected():
    found = problems({"tasks": {"ingest": {"values": {"blob": "x" * 50_000}}}})
    assert "48 KiB" in found["tasks.ingest.values.blob"].message


def test_condition_tasks_take_no_duration_and_set_no_values():
    found = problems({"tasks": {"check": {"duration": 5, "values": {"a": 1}}}})
    assert {"tasks.check.duration", "tasks.check.values"} <= set(found)


def test_iterations_only_on_for_each_tasks():
    found = problems({"tasks": {"clean": {"iterations": {"0": {"outcomes": ["FAILED"]}}}}})
    assert "only to a For each task" in found["tasks.clean.iterations"].message
    ok = parse_scenario({"tasks": {"loop": {"iterations": {"1": {"outcomes": ["FAILED"]}}}}}, JOB)
    assert ok.behaviour("loop").for_iteration(1).outcomes == ("FAILED",)


def test_job_parameters_must_be_defined_by_the_job():
    found = problems({"job_parameters": {"evn": "prod"}})
    assert found["job_parameters.evn"].hint == "did you mean 'env'?"


def test_repair_needs_one_selection_and_known_tasks():
    found = problems({"repair": {"rerun_tasks": ["clen"], "rerun_all_failed_tasks": True}})
    assert "not both" in found["repair"].message
    assert found["repair.rerun_tasks[0]"].hint == "did you mean 'clean'?"
    assert "needs rerun_tasks or rerun_all_failed_tasks" in problems({"repair": {}})["repair"].message


def test_repair_behaviour_keeps_fields_it_does_not_give():
    s = parse_scenario({"tasks": {"clean": {"outcomes": ["FAILED"], "duration": 240, "values": {"n": 1}}},
                        "repair": {"rerun_all_failed_tasks": True, "tasks": {"clean": {"outcomes": ["SUCCESS"]}}}}, JOB)
    fixed = s.repair.tasks["clean"]
    assert (fixed.outcomes, fixed.durations, dict(fixed.values)) == (("SUCCESS",), (240,), {"n": 1})


def test_outcomes_repeat_their_last_entry():
    s = parse_scenario({"tasks": {"clean": {"outcomes": ["FAILED", "SUCCESS"]}}}, JOB)
    assert [s.behaviour("clean").outcome(i) for i in range(4)] == ["FAILED", "SUCCESS", "SUCCESS", "SUCCESS"]
