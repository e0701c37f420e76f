"""SEMANTICS §6: task values, dynamic value references and job parameters."""

import pytest

from lakedrill.engine import InvalidJob
from lakedrill.engine.references import find_references, parse_parts, resolve_text
from tests.jobdsl import cond, job, nb, rule, rules_for, run


def notebook(key, *deps, params=None, **extra):
    return nb(key, *deps, notebook_task={"notebook_path": f"/x/{key}", "base_parameters": params or {}}, **extra)


@rule("task_values.set_on_success")
def test_task_values_reach_downstream_tasks():
    j = job(nb("count"), cond("check", "{{tasks.count.values.rows}}", "GREATER_THAN", "0", "count"),
            notebook("use", ("check", "true"), params={"n": "{{tasks.count.values.rows}}"}))
    r = run(j, count={"values": {"rows": 42}})
    assert r.tasks["count"].values == {"rows": 42}
    assert r.tasks["use"].parameters["n"] == "42"


@rule("task_values.set_on_success")
def test_a_failed_task_sets_no_task_values():
    r = run(job(nb("count")), count={"outcomes": ["FAILED"], "values": {"rows": 3}})
    assert dict(r.tasks["count"].values) == {}


@rule("references.substituted_as_text")
def test_references_are_replaced_by_text_inside_larger_strings():
    j = job(notebook("a", params={"path": "out/{{job.parameters.env}}/run_{{job.run_id}}"}),
            parameters=[{"name": "env", "default": "dev"}])
    r = run(j, {"run_id": 77, "job_parameters": {"env": "prod"}})
    assert r.tasks["a"].parameters["path"] == "out/prod/run_77"


@rule("references.substituted_as_text")
def test_result_state_of_an_upstream_task_reads_lower_case():
    j = job(nb("a"), notebook("report", "a", params={"s": "{{tasks.a.result_state}}"}, run_if="ALL_DONE"))
    assert run(j, a="FAILED").tasks["report"].parameters["s"] == "failed"


@rule("references.missing_value_fails")
def test_reference_to_a_value_never_set_fails_the_condition():
    j = job(nb("count"), cond("check", "{{tasks.count.values.rows}}", "GREATER_THAN", "0", "count"))
    r = run(j)
    assert r.state("check") == "FAILED"
    assert "references.missing_value_fails" in rules_for(r, "check")


@rule("parameters.job_overrides_task")
def test_job_parameter_overrides_a_task_parameter_with_the_same_key_edge_case_31():
    j = job(notebook("a", params={"env": "dev", "table": "orders"}), parameters=[{"name": "env", "default": "prod"}])
    r = run(j)
    assert r.tasks["a"].parameters == {"env": "prod", "table": "orders"}
    assert "parameters.job_overrides_task" in rules_for(r, "a")


@rule("parameters.job_overrides_task")
def test_job_parameters_are_not_pushed_into_positional_parameters():
    task = {"task_key": "script", "spark_python_task": {"python_file": "x.py", "parameters": ["--env", "{{job.parameters.env}}"]}}
    j = job(task, parameters=[{"name": "env", "default": "prod"}])
    assert run(j).tasks["script"].parameters == ["--env", "prod"]


def test_unknown_reference_in_a_known_namespace_is_invalid_edge_case_30():
    with pytest.raises(InvalidJob, match=r"unknown reference \{\{job.naem\}\}"):
        job(notebook("a", params={"x": "{{job.naem}}"}))


@rule("references.syntax_error_is_literal")
def test_broken_braces_are_kept_as_literal_text_edge_case_30():
    # docs jobs/dynamic-value-references: "Syntax errors in references (for example, a missing brace) are
    # ignored and the value is treated as a literal string."
    j = job(notebook("a", params={"x": "{{job.run_id}", "y": "{job.run_id}}"}))
    assert run(j).tasks["a"].parameters == {"x": "{{job.run_id}", "y": "{job.run_id}}"}
    # A broken reference beside a well-formed one: only the well-formed one is substituted.
    j = job(notebook("a", params={"x": "run_{{job.run_id}}/{job.run_id}}"}))
    assert run(j).tasks["a"].parameters["x"].endswith("/{job.run_id}}")
    assert "{{job.run_id}}" not in run(j).tasks["a"].parameters["x"]


def test_reference_to_an_undefined_job_parameter_is_invalid():
    with pytest.raises(InvalidJob, match="which the job does not define"):
        job(notebook("a", params={"x": "{{job.parameters.evn}}"}), parameters=[{"name": "env", "default": "d"}])


def test_reference_to_a_task_that_is_not_upstream_is_invalid():
    with pytest.raises(InvalidJob, match="not upstream"):
        job(nb("a"), notebook("b", params={"x": "{{tasks.a.values.n}}"}))


def test_input_outside_a_for_each_is_invalid():
    with pytest.raises(InvalidJob, match="only available in the nested task"):
        job(notebook("a", params={"x": "{{input}}"}))


def test_back_quoted_identifiers():
    assert parse_parts("job.parameters.`param$@`") == ("job", "parameters", "param$@")
    assert [r.parts for r in find_references("a {{ job.id }} b")] == [("job", "id")]
    assert resolve_text("x{{job.parameters.`a b`}}y", lambda parts: parts[-1].upper()) == "xA By"


def test_start_time_arguments_resolve_from_the_scenario_start():
    j = job(notebook("a", params={"d": "{{job.start_time.iso_date}}", "w": "{{job.start_time.is_weekday}}"}))
    r = run(j, {"start_time": "2026-03-07T06:00:00Z"})  # a Saturday
    assert r.tasks["a"].parameters == {"d": "2026-03-07", "w": "false"}


@rule("parameters.job_overrides_task")
def test_job_parameters_reach_a_notebook_task_with_no_parameters_of_its_own():
    j = job(nb("a"), parameters=[{"name": "env", "default": "prod"}])
    assert run(j).tasks["a"].parameters == {"env": "prod"}


@rule("parameters.run_values_override_defaults")
def test_values_given_for_a_run_replace_the_defaults():
    j = job(nb("a"), parameters=[{"name": "env", "default": "dev"}, {"name": "day", "default": "mon"}])
    r = run(j, {"job_parameters": {"env": "prod"}})
    assert r.tasks["a"].parameters == {"env": "prod", "day": "mon"}
    assert "parameters.run_values_override_defaults" in rules_for(r, None)


@rule("references.substituted_as_text")
def test_the_trace_says_references_were_substituted():
    j = job(nb("a"), notebook("b", "a", params={"n": "rows={{tasks.a.values.n}}"}))
    r = run(j, a={"values": {"n": 3}})
    assert r.tasks["b"].parameters["n"] == "rows=3"
    assert "references.substituted_as_text" in rules_for(r, "b")
