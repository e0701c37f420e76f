"""The engine against the real data model: databricks-sdk's JobSettings and enums (test-only dependency)."""

import dataclasses

from databricks.sdk.service import jobs  # test-only dependency: the [test] extra

from lakedrill.engine import RunIf, RunResultState, parse_job, simulate
from lakedrill.engine.parse import JOB_SETTINGS_FIELDS, TASK_FIELDS, TASK_TYPES
from lakedrill.engine.scenario import Scenario
from lakedrill.engine.states import ConditionTaskOp


def test_run_if_values_match_the_sdk():
    assert {e.value for e in jobs.RunIf} == {e.value for e in RunIf}


def test_condition_ops_match_the_sdk():
    assert {e.value for e in jobs.ConditionTaskOp} == {e.value for e in ConditionTaskOp}


def test_result_states_match_the_sdk():
    assert {e.value for e in jobs.RunResultState} == {e.value for e in RunResultState}


def test_every_job_settings_field_of_the_sdk_is_known():
    sdk = {f.name for f in dataclasses.fields(jobs.JobSettings)}
    assert sdk <= JOB_SETTINGS_FIELDS, sorted(sdk - JOB_SETTINGS_FIELDS)


def test_every_task_field_of_the_sdk_is_known():
    sdk = {f.name for f in dataclasses.fields(jobs.Task)}
    assert sdk <= TASK_FIELDS, sorted(sdk - TASK_FIELDS)
    sdk_types = {name for name in sdk if name.endswith("_task")}
    assert sdk_types <= set(TASK_TYPES), sorted(sdk_types - set(TASK_TYPES))


def test_a_job_built_with_the_sdk_simulates():
    settings = jobs.JobSettings(
        name="orders",
        max_concurrent_runs=1,
        queue=jobs.QueueSettings(enabled=True),
        parameters=[jobs.JobParameterDefinition(name="env", default="prod")],
        job_clusters=[jobs.JobCluster(job_cluster_key="etl", new_cluster=None)],
        tasks=[
            jobs.Task(task_key="ingest", job_cluster_key="etl", max_retries=2, min_retry_interval_millis=1000,
                      notebook_task=jobs.NotebookTask(notebook_path="/ingest", base_parameters={"env": "dev"})),
            jobs.Task(task_key="check", depends_on=[jobs.TaskDependency(task_key="ingest")],
                      condition_task=jobs.ConditionTask(op=jobs.ConditionTaskOp.GREATER_THAN,
                                                        left="{{tasks.ingest.values.rows}}", right="0")),
            jobs.Task(task_key="loop", depends_on=[jobs.TaskDependency(task_key="check", outcome="true")],
                      for_each_task=jobs.ForEachTask(inputs='["a","b"]', concurrency=2, task=jobs.Task(
                          task_key="loop_iteration", notebook_task=jobs.NotebookTask(notebook_path="/x")))),
            jobs.Task(task_key="cleanup", depends_on=[jobs.TaskDependency(task_key="loop")],
                      run_if=jobs.RunIf.ALL_DONE, timeout_seconds=600,
                      spark_python_task=jobs.SparkPythonTask(python_file="c.py", parameters=["--x"])),
        ],
    )
    job = parse_job(settings.as_dict())
    assert job.queue_enabled is True and job.parameter_defaults == {"env": "prod"}
    run = simulate(job, Scenario())
    assert run.state("check") == "FAILED"  # rows was never set
    assert run.state("loop") == "UPSTREAM_FAILED"
    assert run.state("cleanup") == "SUCCESS"
    assert run.result_state == "SUCCESS_WITH_FAILURES"
    assert run.tasks["ingest"].parameters == {"env": "prod"}


def test_jobs_get_output_of_the_sdk_parses():
    job = jobs.Job(job_id=42, settings=jobs.JobSettings(name="x", tasks=[
        jobs.Task(task_key="a", notebook_task=jobs.NotebookTask(notebook_path="/a"))]))
    from lakedrill.engine import parse_job_document

    parsed = parse_job_document(job.as_dict())
    assert (parsed.job_id, parsed.task_keys) == (42, ("a",))
