"""The lesson's facts: a job says when and how, a pipeline says what."""

from engine.knowledge import OWNERS, Owner, job_has_flavour, owner_of
from tests.jobdsl import rule


@rule("pipeline.job_orchestrates")
def test_orchestration_belongs_to_the_job():
    for item in ("the schedule or trigger that starts a run", "the order of tasks (depends_on)",
                 "the compute each task runs on", "the retry policy of a task", "failure alerts to the on-call engineer"):
        assert owner_of(item) is Owner.JOB


@rule("pipeline.pipeline_transforms")
def test_transformations_belong_to_the_pipeline():
    assert owner_of("the transformation logic from bronze to silver") is Owner.PIPELINE
    assert owner_of("the @dlt.table declarations of the tables") is Owner.PIPELINE
    assert {o for o in OWNERS.values()} == {Owner.JOB, Owner.PIPELINE}


@rule("pipeline.flavour_in_the_task")
def test_a_job_has_no_declarative_or_imperative_flavour():
    assert job_has_flavour() is False
