"""`lakedrill simulate`: the user's job file in, a readable table or the documented JSON out."""

import json
import os
import shutil
import subprocess
import sys

import yaml
from click.testing import CliRunner

from lakedrill.cli import main

JOB = {
    "name": "restaurant",
    "tasks": [
        {"task_key": "ingest", "notebook_task": {"notebook_path": "/i"}},
        {"task_key": "silver", "depends_on": [{"task_key": "ingest"}], "notebook_task": {"notebook_path": "/s"}},
        {"task_key": "gold", "depends_on": [{"task_key": "silver"}], "notebook_task": {"notebook_path": "/g"}},
    ],
}
SCENARIO = {
    "tasks": {"ingest": {"duration": 300, "values": {"rows": 120}},
              "silver": {"outcomes": ["FAILED", "SUCCESS"], "duration": 120}},
}


def invoke(*args, input=None):
    return CliRunner().invoke(main, list(args), input=input, catch_exceptions=False)


def write(tmp_path, name, data):
    path = tmp_path / name
    path.write_text(yaml.safe_dump(data, sort_keys=False) if name.endswith((".yaml", ".yml")) else json.dumps(data))
    return str(path)


def test_json_has_the_documented_shape(tmp_path):
    path = write(tmp_path, "job.yaml", {"job": JOB, "scenario": SCENARIO})
    result = invoke("simulate", path, "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["result_state"] == "FAILED"
    assert data["duration"] == 420
    ingest = data["tasks"]["ingest"]
    for key, value in {"state": "SUCCESS", "attempts": 1, "start": 0, "end": 300, "values": {"rows": 120},
                       "outcome": None, "iterations": None}.items():
        assert ingest[key] == value, key
    assert data["tasks"]["silver"]["state"] == "FAILED"
    assert data["tasks"]["gold"]["attempts"] == 0
    assert data["tasks"]["gold"]["start"] is None and data["tasks"]["gold"]["end"] is None
    assert data["repair"] is None


def test_repair_section_in_json(tmp_path):
    scenario = dict(SCENARIO, repair={"rerun_all_failed_tasks": True, "tasks": {"silver": {"outcomes": ["SUCCESS"]}}})
    data = json.loads(invoke("simulate", write(tmp_path, "j.yaml", {"job": JOB, "scenario": scenario}),
                             "--json").output)
    assert data["repair"]["rerun"] == ["silver", "gold"]
    assert data["repair"]["result_state"] == "SUCCESS"
    assert set(data["repair"]["tasks"]) == {"silver", "gold"}
    assert data["repair"]["tasks"]["silver"]["end"] == 120  # keeps the run's duration of 120 s
    assert data["repair"]["task_seconds"] == 180
    assert data["repair"]["run_now_task_seconds"] == 480


def test_fail_option_makes_every_attempt_of_a_task_fail(tmp_path):
    data = json.loads(invoke("simulate", write(tmp_path, "job.json", JOB), "--fail", "ingest", "--json").output)
    assert [data["tasks"][k]["state"] for k in ("ingest", "silver", "gold")] == [
        "FAILED", "UPSTREAM_FAILED", "UPSTREAM_FAILED"]


def test_table_names_states_in_the_ui_words_and_why(tmp_path):
    result = CliRunner().invoke(main, ["simulate", write(tmp_path, "job.json", JOB), "--fail", "silver"],
                                env={"COLUMNS": "200"})
    assert result.exit_code == 0
    assert "Upstream failed" in result.output
    assert "All succeeded is not met: silver Failed" in result.output
    assert "Job result: Failed" in result.output


def test_bundled_example_runs():
    result = invoke("simulate", "--example")
    assert result.exit_code == 0, result.output
    assert "nightly_orders" in result.output
    assert "After the repair: Succeeded" in result.output


def test_the_example_counts_attempts_from_one_in_words(monkeypatch):
    monkeypatch.setenv("COLUMNS", "200")
    out = invoke("simulate", "--example").output
    # ingest_payments fails once and succeeds on its retry: 2 attempts, the 2nd succeeds.
    assert "succeeded on its 2nd attempt, after 1 retry" in out
    assert "on attempt 1" not in out
    data = json.loads(invoke("simulate", "--example", "--json").output)
    assert [h["attempt"] for h in data["tasks"]["ingest_payments"]["attempt_history"]] == [0, 1]


def test_the_readme_shows_what_the_example_prints(monkeypatch):
    import pathlib

    monkeypatch.setenv("COLUMNS", "100")
    out = "\n".join(line.rstrip() for line in invoke("simulate", "--example").output.splitlines())
    readme = (pathlib.Path(__file__).resolve().parents[2] / "README.md").read_text()
    shown = readme.split("$ lakedrill simulate --example\n", 1)[1].split("```", 1)[0]
    assert shown.strip("\n") == out.strip("\n"), "update the README's `lakedrill simulate --example` block"


def test_unknown_fail_task_is_bad_input(tmp_path):
    result = CliRunner().invoke(main, ["simulate", write(tmp_path, "job.json", JOB), "--fail", "silvr"])
    assert result.exit_code == 2
    assert "did you mean 'silver'?" in result.output


def test_a_bad_fail_task_is_named_with_the_scenario_problems(tmp_path):
    path = tmp_path / "sim.yaml"
    path.write_text("job:\n  tasks:\n    - task_key: silver\n      notebook_task: {notebook_path: /s}\n"
                    "scenario:\n  tasks:\n    silver: {outcomes: [NOPE]}\n")
    result = CliRunner().invoke(main, ["simulate", str(path), "--fail", "gold"])
    assert result.exit_code == 2
    assert "sim.yaml:7:25: scenario.tasks.silver.outcomes[0]: unknown outcome 'NOPE'" in result.output
    assert "--fail gold: 'gold' is not a task of this job (tasks: silver)" in result.output


def test_invalid_job_error_names_file_line_field_and_fix(tmp_path):
    path = tmp_path / "job.yaml"
    path.write_text("tasks:\n  - task_key: silver\n    notebook_task: {notebook_path: /s}\n"
                    "  - task_key: gold\n    depends_on:\n      - task_key: silvr\n"
                    "    notebook_task: {notebook_path: /g}\n")
    result = CliRunner().invoke(main, ["simulate", str(path)])
    assert result.exit_code == 2
    assert (f"{path}:6:9: tasks[1].depends_on[0].task_key: task 'gold' depends on 'silvr', which is not a task "
            f"of this job (did you mean 'silver'?)") in result.output


def test_scenario_errors_point_into_the_scenario(tmp_path):
    path = tmp_path / "sim.yaml"
    path.write_text(yaml.safe_dump({"job": JOB, "scenario": {"tasks": {"silver": {"outcomes": ["FAIL"]}}}},
                                   sort_keys=False))
    result = CliRunner().invoke(main, ["simulate", str(path)])
    assert result.exit_code == 2
    assert "scenario.tasks.silver.outcomes[0]: unknown outcome 'FAIL' (did you mean 'FAILED'?)" in result.output


def test_yaml_syntax_error_names_the_line(tmp_path):
    path = tmp_path / "bad.yaml"
    path.write_text("tasks:\n  - task_key: a\n    notebook_task: {notebook_path: /x\n")
    result = CliRunner().invoke(main, ["simulate", str(path)])
    assert result.exit_code == 2
    assert f"{path}:" in result.output and "not valid YAML" in result.output


def test_missing_file_is_bad_input():
    result = CliRunner().invoke(main, ["simulate", "no/such/job.yaml"])
    assert result.exit_code == 2
    assert "no such file" in result.output


def test_a_bundle_with_two_jobs_needs_job_name(tmp_path):
    bundle = {"bundle": {"name": "b"}, "resources": {"jobs": {"one": JOB, "two": JOB}}}
    path = write(tmp_path, "databricks.yml", bundle)
    result = CliRunner().invoke(main, ["simulate", path])
    assert result.exit_code == 2 and "--job-name" in result.output
    assert invoke("simulate", path, "--job-name", "two").exit_code == 0


def test_jobs_get_output_from_stdin():
    result = invoke("simulate", "-", "--json", input=json.dumps({"job_id": 7, "settings": JOB}))
    assert json.loads(result.output)["result_state"] == "SUCCESS"


def test_file_and_example_together_is_a_usage_error(tmp_path):
    result = CliRunner().invoke(main, ["simulate", write(tmp_path, "job.json", JOB), "--example"])
    assert result.exit_code == 2


def test_installed_console_script_works_outside_the_source_tree(tmp_path):
    # The `lakedrill` command and its bundled example must come from the installed package.
    script = shutil.which("lakedrill", path=os.path.dirname(sys.executable))
    assert script, "the lakedrill console script is not installed next to this Python (pip install .)"
    result = subprocess.run([script, "simulate", "--example", "--json"], cwd=tmp_path, capture_output=True,
                            text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["repair"]["result_state"] == "SUCCESS"
    # The bundled bank is installed with the package, not read from this checkout.
    listed = subprocess.run([script, "list", "--json"], cwd=tmp_path, capture_output=True, text=True, timeout=60)
    assert listed.returncode == 0, listed.stderr
    assert json.loads(listed.stdout)["templates"] >= 9
    shown = subprocess.run([script, "show", "official-sample-a-fails", "--json"], cwd=tmp_path,
                           capture_output=True, text=True, timeout=60)
    assert json.loads(shown.stdout)["source"].startswith("questions/no-rollback/")


def _laughs(levels: int = 9) -> str:
    """A "billion laughs": each level an alias list of nine of the level before."""
    names = "abcdefghijk"
    parts = ['&a ["x","x","x","x","x","x","x","x","x"]']
    parts += [f"&{names[i]} [" + ",".join([f"*{names[i - 1]}"] * 9) + "]" for i in range(1, levels)]
    return "[" + ", ".join(parts) + "]"


def test_yaml_aliases_that_expand_past_the_limit_are_bad_input_at_once(tmp_path):
    path = tmp_path / "bomb.yaml"
    path.write_text("tasks: [{task_key: t, notebook_task: {notebook_path: /x, base_parameters: {p: "
                    + _laughs() + "}}}]\n")
    result = CliRunner().invoke(main, ["simulate", str(path)])
    assert result.exit_code == 2
    assert "its YAML aliases expand to more than 250,000 values" in result.output


def test_yaml_anchors_of_a_bundle_still_work(tmp_path):
    path = tmp_path / "databricks.yml"
    path.write_text("common: &nb {notebook_path: /jobs/x}\n"
                    "resources:\n  jobs:\n    nightly:\n      tasks:\n"
                    "        - {task_key: a, notebook_task: *nb}\n"
                    "        - {task_key: b, depends_on: [{task_key: a}], notebook_task: *nb}\n")
    result = CliRunner().invoke(main, ["simulate", str(path), "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["tasks"]["b"]["state"] == "SUCCESS"


def test_expanded_values_count_each_alias_in_full_without_expanding():
    from lakedrill.templates.source import Loader, expanded_values

    root = yaml.compose("a: &x [1, 2]\nb: [*x, *x]\n", Loader=Loader)
    # mapping 1 + keys a, b 2 + [1, 2] 3 + [*x, *x] 1 + 2 * 3
    assert expanded_values(root) == 13


def test_a_json_job_is_read_by_json_and_its_problems_still_name_line_and_column(tmp_path):
    path = tmp_path / "job.json"
    path.write_text('{\n  "tasks": [\n    {"task_key": "silver", "notebook_task": {"notebook_path": "/s"}},\n'
                    '    {"task_key": "gold",\n     "depends_on": [{"task_key": "silvr"}],\n'
                    '     "notebook_task": {"notebook_path": "/g"}}\n  ]\n}\n')
    result = CliRunner().invoke(main, ["simulate", str(path)])
    assert result.exit_code == 2
    assert f"{path}:5:22: tasks[1].depends_on[0].task_key: task 'gold' depends on 'silvr'" in result.output


def test_json_syntax_error_names_line_and_column(tmp_path):
    path = tmp_path / "job.json"
    path.write_text('{"tasks": [\n  {"task_key": "a"\n]}\n')
    result = CliRunner().invoke(main, ["simulate", str(path)])
    assert result.exit_code == 2
    assert f"{path}:3:1: not valid JSON: Expecting ',' delimiter" in result.output


def test_a_json_file_in_yaml_flow_style_is_still_read(tmp_path):
    path = tmp_path / "job.json"
    path.write_text("{tasks: [{task_key: a, notebook_task: {notebook_path: /a}}]}\n")
    result = invoke("simulate", str(path), "--json")
    assert json.loads(result.output)["tasks"]["a"]["state"] == "SUCCESS"


def test_jobs_get_output_on_stdin_is_read_as_json_with_positions(tmp_path):
    bad = json.dumps({"job_id": 7, "settings": {"tasks": [{"task_key": "a", "depends_on": [{"task_key": "b"}],
                                                           "notebook_task": {"notebook_path": "/a"}}]}}, indent=2)
    result = CliRunner().invoke(main, ["simulate", "-"], input=bad)
    assert result.exit_code == 2
    assert "<stdin>:9:13: settings.tasks[0].depends_on[0].task_key: task 'a' depends on 'b'" in result.output


def test_json_output_puts_each_task_on_one_line(tmp_path):
    lines = invoke("simulate", write(tmp_path, "job.json", JOB), "--json").output.splitlines()
    assert [line.split(":")[0].strip() for line in lines if line.startswith('    "') and '"state"' in line] == [
        '"ingest"', '"silver"', '"gold"']


def test_simulating_a_json_job_loads_only_what_simulate_needs(tmp_path):
    # A fresh interpreter, as a user starts the command; the modules it loaded are printed after the run.
    path = write(tmp_path, "job.json", JOB)
    code = ("import json, sys; from lakedrill.cli import main; main(['simulate', sys.argv[1], '--json'], "
            "standalone_mode=False); print(json.dumps(sorted(sys.modules)), file=sys.stderr)")
    done = subprocess.run([sys.executable, "-c", code, path], capture_output=True, text=True, check=True)
    assert json.loads(done.stdout)["result_state"] == "SUCCESS"
    loaded = json.loads(done.stderr)
    unneeded = ("yaml", "jinja2", "pydantic", "rich", "questionary", "typst", "importlib.metadata",
                "lakedrill.engine.misconceptions", "lakedrill.variants", "lakedrill.session", "lakedrill.writers.pdf",
                "lakedrill.writers.html", "lakedrill.writers.anki", "lakedrill.writers.document")
    assert not [m for m in loaded if any(m == name or m.startswith(name + ".") for name in unneeded)]
