"""`simulate` of jobs with event triggers and Run Job tasks, as a user runs it."""

import json

import yaml
from click.testing import CliRunner

from lakedrill.cli import main

PARENT_AND_CHILD = {
    "job": {"resources": {"jobs": {
        "nightly": {"parameters": [{"name": "env", "default": "prod"}],
                    "tasks": [{"task_key": "load", "run_job_task": {"job_id": "${resources.jobs.loader.id}",
                                                                    "job_parameters": {"env": "{{job.parameters.env}}"}}}]},
        "loader": {"parameters": [{"name": "env", "default": "dev"}, {"name": "region", "default": "us"}],
                   "tasks": [{"task_key": "write", "notebook_task": {"notebook_path": "/w"}}]}}}},
    "scenario": {"jobs": {"loader": {"tasks": {"write": {"duration": 200, "outcomes": ["FAILED"]}}}}},
}


def invoke(tmp_path, document, *args):
    path = tmp_path / "job.yaml"
    path.write_text(yaml.safe_dump(document))
    return CliRunner().invoke(main, ["simulate", str(path), *args], catch_exceptions=False)


def test_a_run_job_task_runs_its_child_with_the_parameters_pushed_down(tmp_path):
    result = invoke(tmp_path, PARENT_AND_CHILD, "--job-name", "nightly", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["tasks"]["load"]["state"] == "FAILED" and data["tasks"]["load"]["end"] == 200
    assert data["children"][0]["parameters"] == {"env": "prod", "region": "us"}


def test_a_cycle_of_run_job_tasks_is_bad_input_naming_the_path(tmp_path):
    cycle = {"resources": {"jobs": {
        "a": {"tasks": [{"task_key": "t", "run_job_task": {"job_id": "${resources.jobs.b.id}"}}]},
        "b": {"tasks": [{"task_key": "u", "run_job_task": {"job_id": "${resources.jobs.a.id}"}}]}}}}
    result = invoke(tmp_path, cycle, "--job-name", "a")
    assert result.exit_code == 2
    assert "a -> b -> a" in result.output


def test_a_job_completion_trigger_over_two_upstream_jobs(tmp_path):
    document = {"job": {"name": "publish",
                        "trigger": {"job_completion": {"jobs": [{"job_id": "ingest"}, {"job_id": "enrich"}]}},
                        "tasks": [{"task_key": "p", "notebook_task": {"notebook_path": "/p"}}]},
                "scenario": {"runs": {"start": "2026-01-05T00:00:00Z", "hours": 3, "durations": [600],
                                      "upstream_completions": [
                                          {"at": 600, "job": "ingest"},
                                          {"at": 1800, "job": "ingest", "result": "SUCCESS_WITH_FAILURES"},
                                          {"at": 2400, "job": "enrich"}]}}}
    result = invoke(tmp_path, document, "--json")
    assert result.exit_code == 0, result.output
    assert [(r["trigger"], r["trigger_time"]) for r in json.loads(result.output)["runs"]] == [("job_completion", 2400)]


def test_a_table_update_trigger_timing_under_a_minute_is_bad_input(tmp_path):
    document = {"name": "marts", "trigger": {"table_update": {"table_names": ["main.s.t"],
                                                              "min_time_between_triggers_seconds": 30}},
                "tasks": [{"task_key": "b", "notebook_task": {"notebook_path": "/b"}}]}
    result = invoke(tmp_path, document)
    assert result.exit_code == 2
    assert "at least 60 seconds" in result.output
