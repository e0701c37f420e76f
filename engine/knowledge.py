"""Facts of the lesson that are not a run: what belongs to a job and what to a pipeline.

A pipeline (Lakeflow Declarative Pipelines) says *what* happens to data; a job (Lakeflow Jobs)
says *when and how* it runs. A job has no declarative or imperative flavour: that is the code of
each task. The rulebook cites the documentation pages.
"""

from __future__ import annotations

from enum import StrEnum


class Owner(StrEnum):
    JOB = "job"
    PIPELINE = "pipeline"


# Things a data engineer configures, and where each one lives.
OWNERS: dict[str, Owner] = {
    "the schedule or trigger that starts a run": Owner.JOB,
    "the order of tasks (depends_on)": Owner.JOB,
    "the compute each task runs on": Owner.JOB,
    "the retry policy of a task": Owner.JOB,
    "failure alerts to the on-call engineer": Owner.JOB,
    "the maximum number of concurrent runs": Owner.JOB,
    "a Run if condition on a cleanup task": Owner.JOB,
    "a timeout for a task": Owner.JOB,
    "the transformation logic from bronze to silver": Owner.PIPELINE,
    "the @dlt.table declarations of the tables": Owner.PIPELINE,
    "data quality expectations on a table": Owner.PIPELINE,
    "the definition of a streaming table": Owner.PIPELINE,
    "how a materialized view is computed": Owner.PIPELINE,
}

ORCHESTRATION = frozenset(item for item, owner in OWNERS.items() if owner is Owner.JOB)


def owner_of(item: str) -> Owner:
    """Lesson: the job orchestrates (when and how), the pipeline transforms (what)."""
    return OWNERS[item]


def job_has_flavour() -> bool:
    """Lesson: a job is neither declarative nor imperative; the flavour lives in each task's code."""
    return False


OWNER_RULES = {Owner.JOB: "pipeline.job_orchestrates", Owner.PIPELINE: "pipeline.pipeline_transforms"}
