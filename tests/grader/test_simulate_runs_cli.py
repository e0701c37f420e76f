"""`lakedrill simulate` with `runs:` and `compute:` in the scenario, and `lakedrill advise`."""

import json

import yaml
from click.testing import CliRunner

from lakedrill.cli import main

JOB = {
    "name": "hourly_sales",
    "schedule": {"quartz_cron_expression": "0 0 * * * ?", "timezone_id": "UTC"},
    "email_notifications": {"on_failure": ["oncall@example.com"]},
    "job_clusters": [{"job_cluster_key": "etl", "new_cluster": {"num_workers": 2}}],
    "tasks": [{"task_key": "ingest", "job_cluster_key": "etl", "notebook_task": {"notebook_path": "/i"}},
              {"task_key": "transform", "depends_on": [{"task_key": "ingest"}], "job_cluster_key": "etl",
               "notebook_task": {"notebook_path": "/t"}}],
}
SCENARIO = {"tasks": {"ingest": {"duration": 1800}, "transform": {"duration": 3000}},
            "compute": {"startup": {"etl": 300}, "dbu_per_hour": {"etl": 6}, "rates": {"job_cluster": 0.15}},
            "runs": {"start": "2026-01-05T00:00:00Z", "hours": 4}}


def simulate(tmp_path, job=JOB, scenario=SCENARIO, *args):
    path = tmp_path / "job.yaml"
    path.write_text(yaml.safe_dump({"job": job, "scenario": scenario}))
    return CliRunner().invoke(main, ["simulate", str(path), *args])


def test_json_has_a_runs_list_with_the_documented_keys(tmp_path):
    result = simulate(tmp_path, JOB, SCENARIO, "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    runs = data["runs"]
    for entry in runs:
        assert {"trigger_time", "state", "start", "end", "result_state"} <= set(entry)
    # Each run takes 300 s of start-up + 1800 + 3000 = 5100 s: the 01:00 and 03:00 runs are skipped.
    assert [(r["trigger_time"], r["state"], r["start"], r["end"]) for r in runs] == [
        (0, "TERMINATED", 0, 5100), (3600, "SKIPPED", None, None), (7200, "TERMINATED", 7200, 12300),
        (10800, "SKIPPED", None, None)]
    assert runs[1]["result_state"] == "MAXIMUM_CONCURRENT_RUNS_REACHED" and runs[1]["alerts"] == ["on_failure"]
    assert data["window"] == {"start": "2026-01-05T00:00:00Z", "seconds": 14400}
    assert data["cost"] == 1.275  # 5100 s x 6 DBU/h x 0.15
    assert data["clusters"][0]["cluster"] == "etl" and data["clusters"][0]["seconds"] == 5100


def test_the_terminal_shows_each_run_and_the_cost(tmp_path):
    result = simulate(tmp_path)
    assert result.exit_code == 0, result.output
    assert "SKIPPED" in result.output and "cost of the run: 1.275" in result.output
    assert "2 started, 2 skipped" in result.output


def test_json_without_runs_has_no_runs_key(tmp_path):
    result = simulate(tmp_path, JOB, {"tasks": {}}, "--json")
    assert "runs" not in json.loads(result.output)


def test_a_bad_runs_block_is_bad_input_with_the_line(tmp_path):
    result = simulate(tmp_path, JOB, {**SCENARIO, "runs": {"hours": "many"}})
    assert result.exit_code == 2
    assert "scenario.runs.hours" in result.output and "job.yaml:" in result.output


def test_a_rate_missing_for_a_kind_of_compute_is_bad_input(tmp_path):
    scenario = {**SCENARIO, "compute": {"rates": {"serverless": 0.5}}}
    result = simulate(tmp_path, JOB, scenario)
    assert result.exit_code == 2 and "no rate given for job_cluster" in result.output


def test_a_bad_cron_expression_is_bad_input(tmp_path):
    job = {**JOB, "schedule": {"quartz_cron_expression": "0 0 * * *", "timezone_id": "UTC"}}
    result = simulate(tmp_path, job, SCENARIO)
    assert result.exit_code == 2 and "6 or 7 fields" in result.output


def test_advise_gives_the_compute_the_settings_and_the_reasons():
    # Streaming defaults to continuous mode (docs jobs/continuous); --legacy gives the replaced recipe.
    data = json.loads(CliRunner().invoke(main, ["advise", "streaming", "--json"]).output)
    assert data["compute"] == "job_cluster" and data["settings"] == {"continuous": True}
    assert [r["rule"] for r in data["reasons"]] == ["streaming.jobs_compute", "streaming.continuous_mode"]
    assert all(link.startswith("https://") for r in data["reasons"] for link in r["links"])
    legacy = json.loads(CliRunner().invoke(main, ["advise", "streaming", "--legacy", "--json"]).output)
    assert legacy["settings"] == {"max_retries": -1, "max_concurrent_runs": 1} and legacy["legacy"] is True
    assert "history" in CliRunner().invoke(main, ["advise", "streaming", "--legacy"]).output
    # compute/choose-compute: serverless for most jobs; classic jobs compute only where serverless lacks a need.
    assert json.loads(CliRunner().invoke(main, ["advise", "production_batch", "--json"]).output)["compute"] == "serverless"
    assert json.loads(CliRunner().invoke(main, ["advise", "classic_only_batch", "--json"]).output)["compute"] == "job_cluster"
    assert CliRunner().invoke(main, ["advise", "gaming"]).exit_code == 2
