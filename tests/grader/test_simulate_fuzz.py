"""Bad input never crashes `lakedrill simulate`: any damage to a valid file ends in a run (exit 0)
or in messages that name where the problem is (exit 2), never in a traceback."""

import json
import tempfile
from pathlib import Path

from click.testing import CliRunner
from hypothesis import HealthCheck, given, note, settings
from hypothesis import strategies as st

from lakedrill.cli import main
from tests.grader.damage import damaged

VALID = {
    "job": {
        "name": "nightly",
        "timeout_seconds": 3000,
        "max_concurrent_runs": 1,
        "queue": {"enabled": True},
        "schedule": {"quartz_cron_expression": "0 0 * * * ?", "timezone_id": "UTC"},
        "parameters": [{"name": "env", "default": "dev"}],
        "email_notifications": {"on_failure": ["oncall@example.com"]},
        "job_clusters": [{"job_cluster_key": "etl", "new_cluster": {"num_workers": 2}}],
        "tasks": [
            {"task_key": "ingest", "job_cluster_key": "etl", "max_retries": 1, "min_retry_interval_millis": 1000,
             "notebook_task": {"notebook_path": "/i", "base_parameters": {"env": "{{job.parameters.env}}"}}},
            {"task_key": "check", "depends_on": [{"task_key": "ingest"}],
             "condition_task": {"op": "GREATER_THAN", "left": "{{tasks.ingest.values.rows}}", "right": "0"}},
            {"task_key": "loop", "depends_on": [{"task_key": "check", "outcome": "true"}],
             "for_each_task": {"inputs": "[1, 2, 3]", "concurrency": 2,
                               "task": {"task_key": "loop_item", "notebook_task": {"notebook_path": "/l"}}}},
            {"task_key": "cleanup", "depends_on": [{"task_key": "loop"}], "run_if": "ALL_DONE",
             "timeout_seconds": 100, "notebook_task": {"notebook_path": "/c"}},
        ],
    },
    "scenario": {
        "job_parameters": {"env": "prod"},
        "tasks": {"ingest": {"outcomes": ["FAILED", "SUCCESS"], "duration": 300, "values": {"rows": 12}},
                  "loop": {"duration": 60, "iterations": {"1": {"outcomes": ["FAILED"]}}}},
        "compute": {"startup": {"etl": 120}, "dbu_per_hour": {"etl": 4}, "rates": {"job_cluster": 0.15,
                                                                                   "serverless": 0.35}},
        "repair": {"rerun_all_failed_tasks": True, "tasks": {"loop": {"outcomes": ["SUCCESS"]}}},
        "runs": {"hours": 3, "durations": [5400], "run_now": [600],
                 "changes": [{"at": 4000, "max_concurrent_runs": 2}]},
    },
}

JUNK = st.one_of(st.none(), st.booleans(), st.integers(-10**12, 10**12), st.floats(allow_nan=True),
                 st.text(max_size=12), st.sampled_from(["{{", "{{job.naem}}", "{{tasks.nope.values.x}}", "-1",
                                                        "ALL_DONE", "FAILED", "[1,", "0 0 * * * ?"]),
                 st.lists(st.integers(-3, 3), max_size=3), st.dictionaries(st.text(max_size=4), st.integers(),
                                                                           max_size=2))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(damaged(VALID, JUNK), st.booleans())
def test_damaged_simulation_files_end_in_a_run_or_in_named_problems(data, as_json):
    text = json.dumps(data, allow_nan=True)
    note(text)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "sim.json"
        path.write_text(text)
        result = CliRunner().invoke(main, ["simulate", str(path)] + (["--json"] if as_json else []))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    assert result.exit_code in (0, 2), result.output
    if result.exit_code == 2:
        lines = [line for line in result.output.splitlines() if line.startswith("lakedrill:")]
        assert lines, result.output
        assert all(line.strip() != "lakedrill:" for line in lines)


def test_the_undamaged_file_simulates():
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "sim.json"
        path.write_text(json.dumps(VALID))
        result = CliRunner().invoke(main, ["simulate", str(path), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["repair"] is not None and data["runs"] and data["cost"] is not None


@settings(max_examples=100, deadline=None)
@given(st.integers(0, len(json.dumps(VALID))), st.text(max_size=3), st.sampled_from(["sim.json", "sim.yaml"]))
def test_a_file_cut_or_garbled_anywhere_is_named_bad_input(cut, garbage, name):
    text = json.dumps(VALID)
    text = text[:cut] + garbage + text[cut + len(garbage):]
    note(text)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        path.write_text(text)
        result = CliRunner().invoke(main, ["simulate", str(path)])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    assert result.exit_code in (0, 2), result.output
    if result.exit_code == 2:
        assert result.output.startswith("lakedrill:"), result.output
