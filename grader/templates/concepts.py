"""The concepts of the Jobs & orchestration lesson: the bank is organised, listed and drilled by these."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Concept:
    """A concept of the Jobs & orchestration lesson."""

    id: str
    title: str
    idea: str  # the lesson's point, in one sentence


CONCEPTS: dict[str, Concept] = {c.id: c for c in (
    Concept("pipeline-vs-job", "Pipeline vs job",
            "A pipeline is what happens to data; a job is when and how it runs."),
    Concept("task-graph", "The task graph",
            "A job is a DAG of tasks; independent tasks run in parallel as soon as their dependencies finish."),
    Concept("no-rollback", "No rollback across tasks",
            "A failed task does not undo what other tasks, or its own earlier statements, committed."),
    Concept("run-if", "Run if conditions",
            "Run if decides whether a task runs once its dependencies are done; Excluded counts as success."),
    Concept("job-result", "The job run's result",
            "Succeeded, Succeeded with failures or Failed, decided by the leaf tasks."),
    Concept("failure-handling", "Failure handling tasks",
            "Cleanup and alert tasks use All done, At least one failed or All failed."),
    Concept("condition-task", "If/else condition tasks",
            "== compares text, < and > compare numbers; the branch not taken is Excluded."),
    Concept("for-each", "For each tasks",
            "One nested task runs per input, at most its concurrency setting at a time."),
    Concept("task-values-and-references", "Task values and references",
            "Tasks pass small values downstream; references are substituted as text."),
    Concept("retries-and-timeouts", "Retries and timeouts",
            "max_retries counts retries after the first attempt; timeouts apply per attempt."),
    Concept("compute", "Compute for jobs",
            "Serverless for most jobs; classic jobs compute where serverless lacks a setting; not all-purpose "
            "compute for jobs."),
    Concept("streaming-recovery", "Streaming jobs and recovery",
            "Continuous mode for always-on streaming; it replaces the legacy unlimited-retries, one-run recipe."),
    Concept("repair-vs-run-now", "Repair vs Run now",
            "A repair reruns the tasks it selects inside the same run and reuses the rest; Run now starts over."),
    Concept("schedules-and-concurrency", "Schedules, triggers and concurrency",
            "A run that finds max concurrent runs active is skipped, or queued when queueing is on."),
    Concept("alerts", "Alerts and notifications",
            "Job alerts follow the run's result; retried failures, Succeeded with failures and skipped runs "
            "each have their rule."),
)}
