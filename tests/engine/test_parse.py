"""The three envelopes of a job, and every validation error naming where, what and what to do."""

import pytest

from lakedrill.engine import InvalidJob, parse_job, parse_job_document, parse_simulation
from tests.jobdsl import for_each, job, nb

SETTINGS = {"name": "orders", "tasks": [nb("ingest"), nb("clean", "ingest")]}


def problems(data, **kw):
    with pytest.raises(InvalidJob) as caught:
        parse_job_document(data, **kw)
    return caught.value.problems


def test_bare_job_settings():
    assert parse_job_document(SETTINGS).task_keys == ("ingest", "clean")


def test_databricks_jobs_get_output_keeps_the_job_id():
    j = parse_job_document({"job_id": 123, "created_time": 1, "settings": SETTINGS})
    assert j.job_id == 123
    assert j.name == "orders"


def test_bundle_with_one_job_takes_its_name_from_the_key():
    doc = {"bundle": {"name": "b"}, "resources": {"jobs": {"nightly": {"tasks": SETTINGS["tasks"],
                                                                       "permissions": []}}}}
    assert parse_job_document(doc).name == "nightly"


def test_bundle_with_several_jobs_needs_a_job_name():
    doc = {"resources": {"jobs": {"a": SETTINGS, "b": SETTINGS}}}
    found = problems(doc)
    assert "choose one with --job-name" in found[0].hint
    assert parse_job_document(doc, job_name="b").task_keys == ("ingest", "clean")
    assert "did you mean 'a'" in problems(doc, job_name="aa")[0].hint


def test_errors_inside_an_envelope_carry_the_envelope_path():
    doc = {"settings": {"tasks": [nb("a", "missing")]}}
    assert problems(doc)[0].path == ("settings", "tasks", 0, "depends_on", 0, "task_key")


def test_simulation_document_with_job_and_scenario():
    j, s = parse_simulation({"job": SETTINGS, "scenario": {"tasks": {"clean": {"outcomes": ["FAILED"]}}}})
    assert s.behaviour("clean").outcomes == ("FAILED",)


def test_fields_the_api_allows_are_kept_and_ignored():
    j = parse_job({"tasks": [nb("a", libraries=[{"pypi": {"package": "x"}}], email_notifications={})],
                   "tags": {"team": "data"}, "email_notifications": {}})
    assert j.task_by_key["a"].extra["libraries"] == [{"pypi": {"package": "x"}}]
    assert j.extra["tags"] == {"team": "data"}


def test_unknown_fields_are_errors_with_a_suggestion():
    found = problems({"tasks": [nb("a", depend_on=[{"task_key": "b"}])], "max_concurent_runs": 1})
    messages = {p.dotted(): (p.message, p.hint) for p in found}
    assert "did you mean 'max_concurrent_runs'" in messages["max_concurent_runs"][1]
    assert "did you mean 'depends_on'" in messages["tasks[0].depend_on"][1]


def test_unknown_dependency_names_the_task_and_the_missing_key():
    found = problems({"tasks": [nb("silver"), nb("gold", "silvr")]})
    assert found[0].message == "task 'gold' depends on 'silvr', which is not a task of this job"
    assert found[0].hint == "did you mean 'silver'?"
    assert found[0].path == ("tasks", 1, "depends_on", 0, "task_key")


def test_duplicate_task_keys_name_both_tasks():
    found = problems({"tasks": [nb("a"), nb("b"), nb("a")]})
    assert "used by tasks[0] and tasks[2]" in found[0].message


def test_every_problem_is_reported_at_once():
    found = problems({"tasks": [nb("a", run_if="ALL_SUCCES"), nb("b", "zz"), {"task_key": "c"}]})
    assert len(found) >= 3
    assert any("did you mean 'ALL_SUCCESS'" in p.hint for p in found)


def test_a_task_needs_exactly_one_task_type():
    assert "has no task type" in problems({"tasks": [{"task_key": "a"}]})[0].message
    two = {"task_key": "a", "notebook_task": {"notebook_path": "/x"}, "sql_task": {"warehouse_id": "w"}}
    assert "two task types" in problems({"tasks": [two]})[0].message


def test_a_bare_string_dependency_gets_a_fix():
    found = problems({"tasks": [nb("a"), {"task_key": "b", "notebook_task": {}, "depends_on": ["a"]}]})
    assert found[0].hint == "write {task_key: a}"


def test_job_cluster_key_must_be_defined():
    found = problems({"tasks": [nb("a", job_cluster_key="etl")], "job_clusters": [{"job_cluster_key": "elt"}]})
    assert "which job_clusters does not define" in found[0].message
    assert found[0].hint == "did you mean 'elt'?"


def test_two_computes_on_one_task_are_invalid():
    found = problems({"tasks": [nb("a", existing_cluster_id="123", new_cluster={"num_workers": 1})]})
    assert "two computes" in found[0].message


def test_more_than_1000_tasks_is_over_the_limit():
    tasks = [nb(f"t{i}") for i in range(1001)]
    assert "the limit is 1000" in problems({"tasks": tasks})[0].message
    assert len(parse_job({"tasks": tasks}, enforce_limits=False).tasks) == 1001


def test_max_concurrent_runs_limit():
    assert "from 0 to 1000" in problems({"tasks": [nb("a")], "max_concurrent_runs": 1001})[0].message


def test_job_parameter_names_allow_only_letters_digits_and_underscore_dash_dot():
    found = problems({"tasks": [nb("a")], "parameters": [{"name": "my param", "default": "x"}]})
    assert "may use only" in found[0].message


def test_schedule_and_continuous_are_exclusive():
    found = problems({"tasks": [nb("a")], "continuous": {"pause_status": "UNPAUSED"},
                      "schedule": {"quartz_cron_expression": "0 0 * * * ?", "timezone_id": "UTC"}})
    assert "either a schedule or continuous" in found[0].message


def test_job_level_settings_are_read():
    j = job(nb("a"), max_concurrent_runs=3, queue={"enabled": True}, timeout_seconds=3600,
            schedule={"quartz_cron_expression": "0 0 6 * * ?", "timezone_id": "UTC", "pause_status": "PAUSED"},
            parameters=[{"name": "env", "default": "dev"}])
    assert (j.max_concurrent_runs, j.queue_enabled, j.timeout_seconds) == (3, True, 3600)
    assert j.schedule.pause_status == "PAUSED"
    assert j.parameter_defaults == {"env": "dev"}


def test_max_concurrent_runs_defaults_to_one():
    assert job(nb("a")).max_concurrent_runs == 1


def test_compute_of_each_task():
    j = job(nb("shared", job_cluster_key="etl"), nb("own", new_cluster={"num_workers": 2}),
            nb("allpurpose", existing_cluster_id="0101-abc"), nb("serverless"),
            {"task_key": "sql", "sql_task": {"warehouse_id": "wh1", "query": {"query_id": "q"}}},
            job_clusters=[{"job_cluster_key": "etl", "new_cluster": {}}])
    kinds = {t.task_key: t.compute.kind.value for t in j.tasks}
    assert kinds == {"shared": "job_cluster", "own": "new_cluster", "allpurpose": "existing_cluster",
                     "serverless": "serverless", "sql": "sql_warehouse"}


def test_for_each_inputs_may_be_written_as_a_yaml_list():
    j = job(for_each("loop", ["a", "b"]))
    assert j.task_by_key["loop"].for_each_task.inputs == '["a", "b"]'


def test_yaml_scalars_in_condition_operands_become_text():
    from tests.jobdsl import cond

    j = job(cond("c", 12.0, "EQUAL_TO", True))
    assert (j.task_by_key["c"].condition_task.left, j.task_by_key["c"].condition_task.right) == ("12.0", "true")


def test_health_rules_are_checked_where_they_are_written():
    from lakedrill.engine import parse_job
    from lakedrill.engine.errors import InvalidJob

    with pytest.raises(InvalidJob) as error:
        parse_job({"health": {"rules": [{"metric": "RUN_DURATION_SECONDS", "op": "LESS_THAN", "value": "abc"}]},
                   "tasks": [{"task_key": "a", "notebook_task": {"notebook_path": "/a"},
                              "health": {"rules": [{"metric": "RUN_TIME", "op": "GREATER_THAN", "value": 60}]}}]})
    text = str(error.value)
    assert "health.rules[0].op" in text and "health.rules[0].value" in text
    assert "tasks[0].health.rules[0].metric" in text
