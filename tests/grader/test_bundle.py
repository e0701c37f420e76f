"""Bundles read as the Databricks CLI reads them: includes, targets, variables, placeholders."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from lakedrill.cli import main
from lakedrill.jobs.bundle import BundleOptions, read_job_file
from lakedrill.templates.source import SourceError

SHOP = Path(__file__).parent / "bundles" / "shop" / "databricks.yml"


def job(options=BundleOptions(), name="nightly"):
    return read_job_file(str(SHOP), options).data["resources"]["jobs"][name]


def run(*args, env=None):
    result = CliRunner().invoke(main, [str(a) for a in args], env=env)
    return result


def test_includes_are_followed_and_the_default_target_is_the_one_marked_default():
    nightly = job()
    assert nightly["name"] == "nightly-dev"
    assert [t["task_key"] for t in nightly["tasks"]] == ["load", "report"]
    assert nightly["schedule"]["pause_status"] == "PAUSED"


def test_a_target_merges_tasks_by_task_key_sorted_as_the_cli_does_and_adds_its_own_jobs():
    nightly = job(BundleOptions(target="prod"))
    assert nightly["name"] == "nightly-prod" and nightly["max_concurrent_runs"] == 2
    tasks = {t["task_key"]: t for t in nightly["tasks"]}
    assert [t["task_key"] for t in nightly["tasks"]] == ["audit", "load", "report"]
    assert tasks["load"]["max_retries"] == 3 and tasks["load"]["job_cluster_key"] == "etl"  # merged, not replaced
    assert "prod_only" in read_job_file(str(SHOP), BundleOptions(target="prod")).data["resources"]["jobs"]
    assert "prod_only" not in read_job_file(str(SHOP)).data["resources"]["jobs"]


def test_variables_default_target_value_var_flag_environment_and_complex():
    assert job()["parameters"][0]["default"] == "dev_catalog"
    prod = job(BundleOptions(target="prod"))
    assert prod["parameters"][0]["default"] == "prod_catalog"
    assert prod["job_clusters"][0]["new_cluster"] == {"spark_version": "15.4.x-scala2.12", "num_workers": 8}
    assert job(BundleOptions(variables=("catalog=mine",)))["parameters"][0]["default"] == "mine"
    assert job(BundleOptions(environ={"BUNDLE_VAR_catalog": "env_cat"}))["parameters"][0]["default"] == "env_cat"
    flagged = job(BundleOptions(variables=("catalog=flag",), environ={"BUNDLE_VAR_catalog": "env_cat"}))
    assert flagged["parameters"][0]["default"] == "flag"  # --var wins over the environment
    assert job()["tasks"][0]["max_retries"] == 0  # a whole reference keeps the variable's type
    assert job()["tasks"][0]["notebook_task"]["base_parameters"]["bundle"] == "shop"


def test_what_only_a_workspace_knows_stays_a_readable_placeholder_with_a_warning():
    document = read_job_file(str(SHOP))
    report = document.data["resources"]["jobs"]["nightly"]["tasks"][1]
    assert report["sql_task"]["warehouse_id"] == "${var.warehouse}"  # a lookup
    warnings = document.warnings_for("nightly")
    assert any("nightly.job.yml:26:" in w and "task 'report'" in w and "${resources.queries.q.id}" in w
               for w in warnings)


def test_a_validated_field_holding_an_unresolved_variable_is_named_as_such(tmp_path):
    (tmp_path / "databricks.yml").write_text(
        "bundle: {name: b}\nvariables: {pause: {description: no default}}\n"
        "resources:\n  jobs:\n    j:\n      schedule: {quartz_cron_expression: '0 0 2 * * ?', timezone_id: UTC,\n"
        "                 pause_status: '${var.pause}'}\n"
        "      tasks: [{task_key: a, notebook_task: {notebook_path: /a}}]\n")
    result = run("simulate", tmp_path / "databricks.yml")
    assert result.exit_code == 2
    assert "databricks.yml:7:18: resources.jobs.j.schedule.pause_status" in result.output
    assert "still holds ${var.pause}" in result.output and "--var pause=VALUE" in result.output
    assert run("simulate", tmp_path / "databricks.yml", "--var", "pause=PAUSED").exit_code == 0


def test_target_and_var_on_the_command_line():
    result = run("simulate", SHOP, "--job-name", "nightly", "--target", "prod", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert set(data["tasks"]) == {"audit", "load", "report"}
    assert "no such target" in run("simulate", SHOP, "--job-name", "nightly", "-t", "prd").output
    assert "did you mean 'prod'" in run("simulate", SHOP, "--job-name", "nightly", "-t", "prd").output
    assert "declares no variable 'catalgo'" in run("simulate", SHOP, "--job-name", "nightly", "--var",
                                                    "catalgo=x").output


def test_no_default_target_among_several_asks_for_one(tmp_path):
    (tmp_path / "databricks.yml").write_text(
        "bundle: {name: b}\ntargets: {a: {}, b: {}}\n"
        "resources: {jobs: {j: {tasks: [{task_key: x, notebook_task: {notebook_path: /x}}]}}}\n")
    result = run("simulate", tmp_path / "databricks.yml")
    assert result.exit_code == 2 and "choose one with --target (a, b)" in result.output


def test_includes_outside_the_bundle_folder_are_not_read(tmp_path):
    (tmp_path / "outside.yml").write_text("resources: {jobs: {evil: {tasks: [{task_key: x, notebook_task: {}}]}}}\n")
    root = tmp_path / "b"
    root.mkdir()
    (root / "databricks.yml").write_text(
        "bundle: {name: b}\ninclude: ['../*.yml']\n"
        "resources: {jobs: {j: {tasks: [{task_key: x, notebook_task: {notebook_path: /x}}]}}}\n")
    document = read_job_file(str(root / "databricks.yml"))
    assert set(document.data["resources"]["jobs"]) == {"j"}
    assert any("outside the bundle's folder" in w for w in document.warnings_for("j"))


def test_python_bundles_and_templates_get_one_line_saying_how_to_read_them(tmp_path):
    (tmp_path / "databricks.yml").write_text("bundle: {name: b}\npython: {resources: ['r:load']}\n")
    with pytest.raises(SourceError) as error:
        read_job_file(str(tmp_path / "databricks.yml"))
    assert len(error.value.lines) == 1 and "databricks bundle validate -o json" in error.value.lines[0]
    (tmp_path / "databricks.yml.tmpl").write_text("bundle: {name: {{.project_name}}}\n")
    with pytest.raises(SourceError) as error:
        read_job_file(str(tmp_path / "databricks.yml.tmpl"))
    assert "Go-template" in error.value.lines[0] and "validate -o json" in error.value.lines[0]


def test_validate_output_is_read_as_it_is(tmp_path):
    validated = {"bundle": {"name": "b", "target": "prod"}, "include": ["resources/x.yml"],
                 "resources": {"jobs": {"j": {"name": "j", "tasks": [
                     {"task_key": "x", "notebook_task": {"notebook_path": "/x"}}]}}}}
    (tmp_path / "bundle.json").write_text(json.dumps(validated))
    assert run("simulate", tmp_path / "bundle.json").exit_code == 0


def test_unknown_fields_are_warnings_not_refusals(tmp_path):
    (tmp_path / "job.yaml").write_text("name: j\nmax_concurent_runs: 2\n"
                                       "tasks: [{task_key: x, notebook_task: {notebook_path: /x}}]\n")
    result = run("simulate", tmp_path / "job.yaml")
    assert result.exit_code == 0
    assert "warning: " in result.stderr and "job.yaml:2:1: max_concurent_runs" in result.stderr
    assert "did you mean 'max_concurrent_runs'" in result.stderr


def test_target_on_a_file_that_is_not_a_bundle_is_bad_input(tmp_path):
    (tmp_path / "job.yaml").write_text("name: j\ntasks: [{task_key: x, notebook_task: {notebook_path: /x}}]\n")
    result = run("simulate", tmp_path / "job.yaml", "--target", "prod")
    assert result.exit_code == 2 and "--target applies to a bundle" in result.output


def test_a_problem_in_validate_output_json_names_its_line(tmp_path):
    (tmp_path / "bundle.json").write_text(
        '{\n "bundle": {"name": "b", "target": "prod"},\n "resources": {"jobs": {"j": {"tasks": [\n'
        '   {"task_key": "x", "depends_on": [{"task_key": "y"}], "notebook_task": {"notebook_path": "/x"}}]}}}\n}\n')
    result = run("simulate", tmp_path / "bundle.json")
    assert result.exit_code == 2
    assert "bundle.json:4:38: resources.jobs.j.tasks[0].depends_on[0].task_key: task 'x' depends on 'y'" in result.output


def test_an_unknown_trigger_field_in_a_bundle_warns_and_the_job_still_runs(tmp_path):
    (tmp_path / "databricks.yml").write_text(
        "bundle: {name: b}\nresources:\n  jobs:\n    j:\n      trigger: {type: cron}\n"
        "      tasks: [{task_key: x, notebook_task: {notebook_path: /x}}]\n")
    result = run("simulate", tmp_path / "databricks.yml")
    assert result.exit_code == 0
    assert "databricks.yml:5:17: resources.jobs.j.trigger.type: a trigger has no field 'type'" in result.stderr
