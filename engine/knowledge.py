"""Facts of the lesson that are not a run: what belongs to a job and what to a pipeline.

A pipeline (Lakeflow Spark Declarative Pipelines, formerly Delta Live Tables) holds its source code,
the datasets it declares, its compute and its own notifications: "Lakeflow Spark Declarative
Pipelines manage all configurations for source code and compute in the pipeline definition"
(https://docs.databricks.com/aws/en/jobs/pipeline). The job (Lakeflow Jobs) that runs it as a
task holds when and in what order work runs: the schedule or trigger, the order of its tasks,
task retries, its concurrency limit and its own alerts, and the compute of its other tasks. The
same page names the two approaches: "Lakeflow Jobs provide a procedural approach to defining
relationships between tasks", pipelines a declarative approach to the relationships between
datasets and transformations. The rulebook cites the documentation pages.
"""

from __future__ import annotations

from enum import StrEnum


class Owner(StrEnum):
    JOB = "job"
    PIPELINE = "pipeline"


class Approach(StrEnum):
    """How a product defines the relationships between its parts, in the documentation's words."""

    PROCEDURAL = "procedural"
    DECLARATIVE = "declarative"
    NEITHER = "neither"  # what no documentation says of a job: for the belief that it has none


# Things a data engineer configures for a team whose pipeline a job runs, and where each lives.
# Each names its setting so that only one reading is possible (a pipeline has a retry setting and
# notifications of its own too: `max_retries` and `on_failure` are the job's).
OWNERS: dict[str, Owner] = {
    "the schedule or trigger that starts a run": Owner.JOB,
    "the order of tasks (`depends_on`)": Owner.JOB,
    "the cluster a notebook task of the job runs on": Owner.JOB,
    "the task retry policy (`max_retries`)": Owner.JOB,
    "an `on_failure` email alert for failed runs": Owner.JOB,
    "the maximum number of concurrent runs": Owner.JOB,
    "a Run if condition on a cleanup task": Owner.JOB,
    "a timeout for a task (`timeout_seconds`)": Owner.JOB,
    "the transformation logic from bronze to silver": Owner.PIPELINE,
    "the source code files the pipeline runs": Owner.PIPELINE,
    "the `@dp.table` declarations of the tables": Owner.PIPELINE,
    "data quality expectations on a table": Owner.PIPELINE,
    "how a materialized view is computed": Owner.PIPELINE,
    "the compute the pipeline's updates run on": Owner.PIPELINE,
    "an `on-update-failure` email notification for failed updates": Owner.PIPELINE,
}

ORCHESTRATION = frozenset(item for item, owner in OWNERS.items() if owner is Owner.JOB)

# What the pipeline definition holds beyond its transformations: its compute and its own
# notifications (the job that runs it does not configure them).
PIPELINE_SETTINGS = frozenset({
    "the compute the pipeline's updates run on",
    "an `on-update-failure` email notification for failed updates",
})


def owner_of(item: str) -> Owner:
    """Docs (jobs/pipeline): the job holds the trigger, the task order, task retries, its alerts and the
    compute of its own tasks; the pipeline holds its source code, datasets, compute and notifications."""
    return OWNERS[item]


def job_approach() -> Approach:
    """Docs (jobs/pipeline): "Lakeflow Jobs provide a procedural approach to defining relationships
    between tasks"; pipelines a declarative approach to datasets and transformations."""
    return Approach.PROCEDURAL


OWNER_RULES = {Owner.JOB: "pipeline.job_orchestrates", Owner.PIPELINE: "pipeline.pipeline_transforms"}


def owner_rule(item: str) -> str:
    """The rulebook id behind where `item` lives."""
    if item in PIPELINE_SETTINGS:
        return "pipeline.pipeline_owns_compute_and_notifications"
    return OWNER_RULES[OWNERS[item]]
