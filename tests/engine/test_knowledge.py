"""The lesson's facts, as https://docs.databricks.com/aws/en/jobs/pipeline states them: the job holds
when and in what order work runs; the pipeline holds its source code, datasets, compute and
notifications; Lakeflow Jobs are procedural, pipelines declarative."""

from lakedrill.engine.knowledge import OWNERS, PIPELINE_SETTINGS, Approach, Owner, job_approach, owner_of, owner_rule
from tests.jobdsl import rule


@rule("pipeline.job_orchestrates")
def test_orchestration_belongs_to_the_job():
    for item in ("the schedule or trigger that starts a run", "the order of tasks (`depends_on`)",
                 "the cluster a notebook task of the job runs on", "the task retry policy (`max_retries`)",
                 "an `on_failure` email alert for failed runs"):
        assert owner_of(item) is Owner.JOB
        assert owner_rule(item) == "pipeline.job_orchestrates"


@rule("pipeline.pipeline_transforms")
def test_transformations_belong_to_the_pipeline():
    assert owner_of("the transformation logic from bronze to silver") is Owner.PIPELINE
    assert owner_of("the `@dp.table` declarations of the tables") is Owner.PIPELINE
    assert owner_of("the source code files the pipeline runs") is Owner.PIPELINE
    assert {o for o in OWNERS.values()} == {Owner.JOB, Owner.PIPELINE}


@rule("pipeline.pipeline_owns_compute_and_notifications")
def test_a_pipelines_compute_and_notifications_are_in_the_pipeline_definition():
    # "Lakeflow Spark Declarative Pipelines manage all configurations for source code and compute in the
    # pipeline definition"; the pipeline's `notifications` carry alerts such as on-update-failure.
    assert owner_of("the compute the pipeline's updates run on") is Owner.PIPELINE
    assert owner_of("an `on-update-failure` email notification for failed updates") is Owner.PIPELINE
    assert all(owner_rule(item) == "pipeline.pipeline_owns_compute_and_notifications" for item in PIPELINE_SETTINGS)
    assert not any("dlt" in item for item in OWNERS)  # today's names: `@dp.table`


@rule("pipeline.jobs_procedural")
def test_a_job_is_a_procedural_approach_to_task_relationships():
    # "Lakeflow Jobs provide a procedural approach to defining relationships between tasks."
    assert job_approach() is Approach.PROCEDURAL
