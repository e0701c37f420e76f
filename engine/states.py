"""Enumerations of the Jobs API, spelled exactly as the Databricks SDK spells them.

The values are checked against `databricks.sdk.service.jobs` in the tests, so a drift in the
real data model fails the build instead of a learner's answer key.
"""

from __future__ import annotations

from enum import StrEnum


class RunIf(StrEnum):
    """When a task with dependencies runs (SEMANTICS §2)."""

    ALL_SUCCESS = "ALL_SUCCESS"
    AT_LEAST_ONE_SUCCESS = "AT_LEAST_ONE_SUCCESS"
    NONE_FAILED = "NONE_FAILED"
    ALL_DONE = "ALL_DONE"
    AT_LEAST_ONE_FAILED = "AT_LEAST_ONE_FAILED"
    ALL_FAILED = "ALL_FAILED"


class ConditionTaskOp(StrEnum):
    """Operators of an If/else condition task (SEMANTICS §4)."""

    EQUAL_TO = "EQUAL_TO"
    NOT_EQUAL = "NOT_EQUAL"
    GREATER_THAN = "GREATER_THAN"
    GREATER_THAN_OR_EQUAL = "GREATER_THAN_OR_EQUAL"
    LESS_THAN = "LESS_THAN"
    LESS_THAN_OR_EQUAL = "LESS_THAN_OR_EQUAL"


class RunResultState(StrEnum):
    """Result states of a task run or a job run (SEMANTICS §13)."""

    SUCCESS = "SUCCESS"
    FAILED = "FAILED"
    TIMEDOUT = "TIMEDOUT"
    CANCELED = "CANCELED"
    MAXIMUM_CONCURRENT_RUNS_REACHED = "MAXIMUM_CONCURRENT_RUNS_REACHED"
    EXCLUDED = "EXCLUDED"
    SUCCESS_WITH_FAILURES = "SUCCESS_WITH_FAILURES"
    UPSTREAM_FAILED = "UPSTREAM_FAILED"
    UPSTREAM_CANCELED = "UPSTREAM_CANCELED"
    DISABLED = "DISABLED"


# The four outcomes a scenario may give an attempt of a task's code (issue: scenario shape).
ATTEMPT_OUTCOMES: frozenset[RunResultState] = frozenset(
    {RunResultState.SUCCESS, RunResultState.FAILED, RunResultState.TIMEDOUT, RunResultState.CANCELED}
)

# Engine decision 1: how a finished dependency counts for run_if and for the job result.
SUCCESS_LIKE: frozenset[RunResultState] = frozenset(
    {RunResultState.SUCCESS, RunResultState.EXCLUDED, RunResultState.DISABLED}
)
FAILURE_LIKE: frozenset[RunResultState] = frozenset(
    {
        RunResultState.FAILED,
        RunResultState.TIMEDOUT,
        RunResultState.CANCELED,
        RunResultState.UPSTREAM_FAILED,
        RunResultState.UPSTREAM_CANCELED,
    }
)
# States that never started the task's code: skipped by the run_if gate or by the user.
SKIPPED: frozenset[RunResultState] = frozenset(
    {
        RunResultState.EXCLUDED,
        RunResultState.UPSTREAM_FAILED,
        RunResultState.UPSTREAM_CANCELED,
        RunResultState.DISABLED,
    }
)

# The words the Jobs UI shows (SEMANTICS §13), for tables and question text.
UI_LABELS: dict[str, str] = {
    "SUCCESS": "Succeeded",
    "SUCCESS_WITH_FAILURES": "Succeeded with failures",
    "FAILED": "Failed",
    "TIMEDOUT": "Timed out",
    "CANCELED": "Canceled",
    "EXCLUDED": "Excluded",
    "UPSTREAM_FAILED": "Upstream failed",
    "UPSTREAM_CANCELED": "Upstream canceled",
    "DISABLED": "Disabled",
    "MAXIMUM_CONCURRENT_RUNS_REACHED": "Max concurrent runs reached",
    "SKIPPED": "Skipped",
    "QUEUED": "Queued",
}


def ui_label(state: str) -> str:
    """The Jobs UI's words for a state ("UPSTREAM_FAILED" -> "Upstream failed")."""
    return UI_LABELS.get(str(state), str(state).replace("_", " ").capitalize())
