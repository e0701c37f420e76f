"""simulate's what-ifs without a scenario: --fail TASK:N, --duration, --value, --param, --repair."""

from __future__ import annotations

import json

from click.testing import CliRunner

from lakedrill.cli import main

JOB = """\
name: what_if
parameters: [{name: env, default: dev}]
tasks:
  - {task_key: ingest, max_retries: 2, notebook_task: {notebook_path: /i, base_parameters: {env: "{{job.parameters.env}}"}}}
  - task_key: check
    depends_on: [{task_key: ingest}]
    condition_task: {op: GREATER_THAN, left: "{{tasks.ingest.values.rows}}", right: "0"}
  - {task_key: load, depends_on: [{task_key: check, outcome: "true"}], notebook_task: {notebook_path: /l}}
"""


def simulate(tmp_path, *args):
    path = tmp_path / "job.yaml"
    path.write_text(JOB)
    result = CliRunner().invoke(main, ["simulate", str(path), *args])
    return result


def as_json(tmp_path, *args):
    result = simulate(tmp_path, *args, "--json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_a_job_alone_stops_at_a_condition_on_a_value_nothing_sets_and_says_which_value(tmp_path):
    result = simulate(tmp_path)
    assert result.exit_code == 0
    assert "try --value ingest.rows=VALUE" in result.stdout
    data = as_json(tmp_path)
    assert data["tasks"]["check"]["state"] == "FAILED" and data["result_state"] == "FAILED"


def test_value_lets_the_condition_decide(tmp_path):
    data = as_json(tmp_path, "--value", "ingest.rows=120")
    assert data["tasks"]["check"]["outcome"] == "true" and data["tasks"]["load"]["state"] == "SUCCESS"
    data = as_json(tmp_path, "--value", "ingest.rows=0")
    assert data["tasks"]["load"]["state"] == "EXCLUDED"


def test_fail_n_fails_the_first_n_attempts_then_succeeds(tmp_path):
    data = as_json(tmp_path, "--fail", "ingest:2", "--value", "ingest.rows=1")
    assert data["tasks"]["ingest"]["attempts"] == 3 and data["tasks"]["ingest"]["state"] == "SUCCESS"
    data = as_json(tmp_path, "--fail", "ingest:3", "--value", "ingest.rows=1")
    assert data["tasks"]["ingest"]["state"] == "FAILED"  # 3 failures use up 2 retries


def test_duration_and_param(tmp_path):
    data = as_json(tmp_path, "--duration", "ingest=300", "--param", "env=prod", "--value", "ingest.rows=1")
    assert data["tasks"]["ingest"]["end"] == 300
    assert data["tasks"]["ingest"]["parameters"]["env"] == "prod"


def test_repair_reruns_the_failed_tasks_fixed_and_reuses_the_rest(tmp_path):
    data = as_json(tmp_path, "--fail", "ingest", "--value", "ingest.rows=1", "--repair")
    assert data["result_state"] == "FAILED"
    assert data["repair"]["result_state"] == "SUCCESS"
    assert set(data["repair"]["rerun"]) == {"ingest", "check", "load"}
    assert "repair 1" in simulate(tmp_path, "--fail", "ingest", "--value", "ingest.rows=1", "--repair").stdout


def test_bad_what_ifs_are_bad_input_naming_the_fix(tmp_path):
    for args, text in ((("--fail", "ingst:1"), "did you mean 'ingest'"), (("--fail", "ingest:0"), "whole number from 1"),
                       (("--duration", "ingest"), "TASK=SECONDS"), (("--value", "ingest=3"), "TASK.KEY=VALUE"),
                       (("--param", "evn=prod"), "did you mean 'env'")):
        result = simulate(tmp_path, *args)
        assert result.exit_code == 2 and text in result.output, (args, result.output)
