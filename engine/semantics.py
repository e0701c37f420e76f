"""The rules of Lakeflow Jobs as small functions, and the bundle the simulator calls them through.

Each function is one rule of SEMANTICS.md (cited in its docstring). `DATABRICKS` is the bundle of
the true rules; a misconception (lakedrill.engine.misconceptions) is the same bundle with one rule swapped,
so that the simulator is never copied and never grows flags. The functions decide; the words
and rule ids of the trace come from lakedrill.engine.explain, which reads what was decided.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING, Any

from lakedrill.engine import alerts, compute, concurrency, knowledge
from lakedrill.engine.model import Job, Task
from lakedrill.engine.references import as_text
from lakedrill.engine.run import Commit
from lakedrill.engine.states import FAILURE_LIKE, SUCCESS_LIKE, ConditionTaskOp, RunIf, RunResultState

if TYPE_CHECKING:
    from lakedrill.engine.run import Run
    from lakedrill.engine.scenario import RepairRequest

S = RunResultState
NOT_TAKEN = "NOT_TAKEN"  # an outcome edge whose outcome did not occur (engine decision 11)
RAN: frozenset[str] = frozenset({S.SUCCESS, S.FAILED, S.TIMEDOUT, S.CANCELED})
FAILURE_HANDLING: frozenset[RunIf] = frozenset({RunIf.AT_LEAST_ONE_FAILED, RunIf.ALL_FAILED})

# Bits of a dependency's class, for counting (see Semantics.classes).
SUCCESS_BIT, FAILURE_BIT, RAN_BIT, EXCLUDED_BIT, CANCELED_BIT, FAILED_BIT, LEAF_FAILURE_BIT = 1, 2, 4, 8, 16, 32, 64
DISABLED_BIT = 128
_CANCELED = frozenset({S.CANCELED, S.UPSTREAM_CANCELED})
_FAILED = frozenset({S.FAILED, S.TIMEDOUT, S.UPSTREAM_FAILED})


class ConditionFailed(Exception):
    """A condition task cannot evaluate its expression; the task ends FAILED."""

    def __init__(self, rule: str, message: str):
        self.rule = rule
        super().__init__(message)


# ------------------------------------------------------------------ dependencies and run_if


def outcome_edge(wanted: str | None, state: RunResultState, outcome: str | None) -> str:
    """Decision 11: an edge with an outcome is met only by a SUCCESS with that outcome; from a
    condition task that did not succeed it counts as that failure; with no outcome, not taken."""
    if wanted is None:
        return state
    if state is S.SUCCESS:
        return S.SUCCESS if outcome == wanted else NOT_TAKEN
    if state in FAILURE_LIKE:
        return state
    return NOT_TAKEN  # an Excluded or Disabled condition task has no outcome


def branch_not_taken(run_if: RunIf) -> RunResultState:
    """§4.7 (derived), decision 11: a task on an outcome that did not occur is Excluded."""
    return S.EXCLUDED


def all_dependencies_excluded(excluded: int, total: int) -> bool:
    """§2(b): a task whose dependencies are all Excluded is Excluded."""
    return total > 0 and excluded == total


def dependency_is_success(state: str) -> bool:
    """Decision 1: Succeeded and Excluded (§2(a)) count as success; a Disabled dependency does not
    (docs jobs/disabled-tasks: it counts as neither succeeded nor failed)."""
    return state in SUCCESS_LIKE and state != S.DISABLED


def disabled_downstream(run_if: RunIf, failed_or_canceled: bool) -> bool:
    """§1.7 (docs jobs/disabled-tasks): a task whose Run if cannot be met because a dependency is Disabled is
    Disabled for that run. Documented where the Run if wants successes and nothing failed; where a
    dependency also failed or was canceled, or the Run if handles failure, the engine keeps the usual
    skip state (task.disabled_downstream_open)."""
    return not failed_or_canceled and run_if not in FAILURE_HANDLING


def dependency_is_failure(state: str) -> bool:
    """Decision 1: Failed, Timed out, Canceled and the Upstream states count as failed."""
    return state in FAILURE_LIKE


def run_if_met(run_if: RunIf, successes: int, failures: int, ran: int, total: int) -> bool:
    """§2: the six run_if conditions over counts of the dependencies' outcomes."""
    if run_if is RunIf.ALL_SUCCESS:
        return successes == total
    if run_if is RunIf.AT_LEAST_ONE_SUCCESS:
        return successes >= 1
    if run_if is RunIf.NONE_FAILED:
        return failures == 0 and ran >= 1
    if run_if is RunIf.ALL_DONE:
        return True
    if run_if is RunIf.AT_LEAST_ONE_FAILED:
        return failures >= 1
    return failures == total  # ALL_FAILED


def skip_state(run_if: RunIf, canceled: bool, failed: bool) -> RunResultState:
    """§2 table and decision 2: the state of a task whose run_if is not met. `canceled`: some
    dependency was Canceled or Upstream canceled; `failed`: some was Failed, Timed out or Upstream failed."""
    if run_if in FAILURE_HANDLING:
        return S.EXCLUDED
    return S.UPSTREAM_CANCELED if canceled and not failed else S.UPSTREAM_FAILED


# ------------------------------------------------------------------ the job run's result


def leaf_is_failure(state: str) -> bool:
    """§3, decision 3: a leaf that is failure-like (Failed documented; Timed out, Canceled and the
    Upstream states assumed) makes the run Failed."""
    return state in FAILURE_LIKE


def job_result_from_leaves(any_failure: bool, leaf_failure: bool) -> RunResultState:
    """§3, decision 3: Failed if a leaf failed; Succeeded with failures if only others did."""
    if leaf_failure:
        return S.FAILED
    return S.SUCCESS_WITH_FAILURES if any_failure else S.SUCCESS


# ------------------------------------------------------------------ If/else condition task

_NUMBER = re.compile(r"\s*[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?\s*")


def as_number(text: str) -> float:
    """§4.5 (decision 4): an operand of <, <=, >, >= must be a number, or the condition fails."""
    if not _NUMBER.fullmatch(text):
        raise ConditionFailed("condition.non_numeric_operand_fails",
                              f"{text!r} is not a number, and >, >=, <, <= compare numbers")
    return float(text)


def compare_condition_operands(op: ConditionTaskOp, left: str, right: str) -> tuple[bool, str]:
    """§4.1–4.2: == and != compare text; <, <=, >, >= compare numbers (decision 4)."""
    if op is ConditionTaskOp.EQUAL_TO:
        return left == right, "condition.equality_compares_text"
    if op is ConditionTaskOp.NOT_EQUAL:
        return left != right, "condition.equality_compares_text"
    a, b = as_number(left), as_number(right)
    if op is ConditionTaskOp.GREATER_THAN:
        result = a > b
    elif op is ConditionTaskOp.GREATER_THAN_OR_EQUAL:
        result = a >= b
    elif op is ConditionTaskOp.LESS_THAN:
        result = a < b
    else:
        result = a <= b
    return result, "condition.order_compares_numbers"


def operand_text(value: Any) -> tuple[str, tuple[str, ...]]:
    """§4.3–4.4: an operand as the text the condition compares; booleans read "true"/"false";
    any other type than a number, a string or a boolean (a list, an object, null) fails the condition."""
    if value is None or isinstance(value, list | dict):
        kind = "null" if value is None else "a list" if isinstance(value, list) else "an object"
        raise ConditionFailed("condition.complex_value_fails",
                              f"an operand refers to a task value that is {kind}, which a condition cannot compare")
    if isinstance(value, bool):
        return as_text(value), ("condition.boolean_as_text",)
    return as_text(value), ()


# ------------------------------------------------------------------ retries and timing


def job_timeouts(job_timeout_seconds: int) -> tuple[int, int]:
    """§7.4: a job-level timeout_seconds bounds each job run as a whole; it sets no timeout on the
    tasks. Returns (the run's limit, a timeout for tasks without their own), in seconds; 0 is none."""
    return job_timeout_seconds, 0


def max_attempts(task: Task) -> int | None:
    """§7.1: 1 + max_retries attempts; -1 retries without limit (None)."""
    return None if task.max_retries == -1 else 1 + task.max_retries


def retries_outcome(task: Task, outcome: RunResultState) -> bool:
    """§7.1, §7.3: failed attempts are retried; timed-out ones only with retry_on_timeout."""
    if outcome is S.FAILED:
        return True
    if outcome is S.TIMEDOUT:
        return task.retry_on_timeout
    return False  # CANCELED: a user or the platform stopped it


def retry_start(start_ms: int, end_ms: int, interval_ms: int) -> int:
    """§7.2: the retry starts at the later of the failed attempt's end and its start + interval."""
    return max(end_ms, start_ms + interval_ms)


def start_when_ready(ready_ms: int, busy_until_ms: int) -> int:
    """§1.4, decision 7: a task starts the instant its dependencies are done, in parallel."""
    return ready_ms


def for_each_slots(concurrency: int, inputs: int) -> int:
    """§5.1: at most `concurrency` iterations run at once."""
    return max(1, min(concurrency, inputs))


def for_each_order(inputs: int) -> range:
    """Decision 5 (assumed): iterations start in input order as slots free up."""
    return range(inputs)


def for_each_continues(finished: Sequence[RunResultState]) -> bool:
    """Decision 5: no fail-fast; every iteration starts, whatever the iterations that finished
    before it (`finished`) did."""
    return True


def for_each_state(states: Sequence[RunResultState]) -> RunResultState:
    """Decision 5: SUCCESS when every iteration succeeded, otherwise FAILED."""
    return S.SUCCESS if all(s is S.SUCCESS for s in states) else S.FAILED


def run_parameter_values(defaults: dict[str, str], overrides: Mapping[str, str]) -> dict[str, str]:
    """§6.10: a run's job parameter values replace the parameters' defaults."""
    values = dict(defaults)
    values.update(overrides)
    return values


def substituted_text(value: Any) -> str:
    """§6.5, §4.4: a referenced value is substituted as a string literal; booleans as true/false."""
    return as_text(value)


def push_down_job_parameters(task_params: dict[str, str],
                             job_params: dict[str, str]) -> tuple[dict[str, str], list[str]]:
    """§6.10: job parameters reach key-value task parameters and override the same keys."""
    overridden = sorted(k for k in job_params if k in task_params and task_params[k] != job_params[k])
    merged = dict(task_params)
    merged.update(job_params)
    return merged, overridden


# ------------------------------------------------------------------ writes, repair, run now


def commit_status(state: RunResultState, ran: bool, job_result: RunResultState) -> Commit:
    """§9.8, decision 9: no rollback; a failed task may have committed part of its writes."""
    if state is S.SUCCESS:
        return Commit.COMMITTED
    return Commit.PARTIAL if ran else Commit.NONE


def repair_selection(run: Run, job: Job, request: RepairRequest) -> frozenset[str]:
    """§9.2–9.3, decision 8: the failure-like tasks, or the named ones; plus their dependents."""
    if request.rerun_all_failed_tasks:
        states = run.states
        chosen = {k for k, s in states.items() if s in FAILURE_LIKE}
    else:
        chosen = set(request.rerun_tasks or ())
    if request.rerun_dependent_tasks:
        chosen |= job.downstream_of(frozenset(chosen))
    return frozenset(chosen)


def run_now_selection(previous: Run | None, job: Job) -> frozenset[str] | None:
    """§9.7: run now runs every task from scratch (None: all of them)."""
    return None


# ------------------------------------------------------------------ the bundle



def run_job_task_state(child_result: RunResultState) -> RunResultState:
    """§6 Run Job: a Run Job task's state from its child job's run (rule run_job.task_state, assumed): the
    child's result, with Succeeded with failures taken as Succeeded."""
    if child_result is RunResultState.SUCCESS_WITH_FAILURES:
        return RunResultState.SUCCESS
    return child_result


@dataclass(frozen=True)
class Semantics:
    """The rules the simulator calls. Swap one field to model one wrong belief."""

    name: str = "databricks"
    outcome_edge: Callable[[str | None, RunResultState, str | None], str] = outcome_edge
    branch_not_taken: Callable[[RunIf], RunResultState] = branch_not_taken
    all_dependencies_excluded: Callable[[int, int], bool] = all_dependencies_excluded
    dependency_is_success: Callable[[str], bool] = dependency_is_success
    dependency_is_failure: Callable[[str], bool] = dependency_is_failure
    run_if_met: Callable[[RunIf, int, int, int, int], bool] = run_if_met
    skip_state: Callable[[RunIf, bool, bool], RunResultState] = skip_state
    job_result: Callable[[bool, bool], RunResultState] = job_result_from_leaves
    compare_condition_operands: Callable[[ConditionTaskOp, str, str], tuple[bool, str]] = compare_condition_operands
    max_attempts: Callable[[Task], int | None] = max_attempts
    job_timeouts: Callable[[int], tuple[int, int]] = job_timeouts
    retries_outcome: Callable[[Task, RunResultState], bool] = retries_outcome
    retry_start: Callable[[int, int, int], int] = retry_start
    start_time: Callable[[int, int], int] = start_when_ready
    for_each_slots: Callable[[int, int], int] = for_each_slots
    for_each_continues: Callable[[Sequence[RunResultState]], bool] = for_each_continues
    for_each_order: Callable[[int], Sequence[int]] = for_each_order
    for_each_default_concurrency: int = 1  # §5.5: the UI's default; other sources say 20
    leaf_is_failure: Callable[[str], bool] = leaf_is_failure
    disabled_downstream: Callable[[RunIf, bool], bool] = disabled_downstream
    missed_edge_excludes: bool = True  # decision 11: an outcome that did not occur excludes the task
    for_each_state: Callable[[Sequence[RunResultState]], RunResultState] = for_each_state
    operand_text: Callable[[Any], tuple[str, tuple[str, ...]]] = operand_text
    merge_parameters: Callable[..., tuple[dict[str, str], list[str]]] = push_down_job_parameters
    parameter_values: Callable[..., dict[str, str]] = run_parameter_values
    text_of: Callable[[Any], str] = substituted_text
    commit_status: Callable[[RunResultState, bool, RunResultState], Commit] = commit_status
    repair_selection: Callable[..., frozenset[str]] = repair_selection
    run_now_selection: Callable[..., frozenset[str] | None] = run_now_selection
    run_job_task_state: Callable[[RunResultState], RunResultState] = run_job_task_state
    # Beyond one run: compute (§10), alerts (§12), and the lesson's facts.
    cluster_lifetime: Callable[..., tuple] = compute.shared_cluster_lifetime
    recommend_compute: Callable[[compute.Workload], compute.ComputeChoice] = compute.recommend_compute
    streaming_settings: Callable[[bool], dict] = compute.streaming_settings
    job_alert_events: Callable[[RunResultState, bool], frozenset[str]] = alerts.job_alert_events
    task_alert_attempts: Callable[..., tuple[int, ...]] = alerts.task_alert_attempts
    admit_run: Callable[[int, int, bool], concurrency.Admission] = concurrency.admit_run
    cancelled_when_lowered: Callable[[int, int], int] = concurrency.cancelled_when_lowered
    pause_cancels_active_runs: Callable[[], bool] = concurrency.pause_cancels_active_runs
    skipped_run_alerts: Callable[[bool], bool] = concurrency.skipped_run_alerts
    startup_waits: Callable[[bool], bool] = compute.startup_waits
    owner_of: Callable[[str], knowledge.Owner] = knowledge.owner_of
    job_approach: Callable[[], knowledge.Approach] = knowledge.job_approach

    @cached_property
    def classes(self) -> dict[str, int]:
        """Each state's bits under these rules, computed once: success-like, failure-like, ran,
        excluded or disabled (§2(b)), and for decision 2 canceled-ish and failed-ish."""
        table = {}
        for state in list(RunResultState) + [NOT_TAKEN]:
            bits = SUCCESS_BIT if self.dependency_is_success(state) else 0
            bits |= FAILURE_BIT if self.dependency_is_failure(state) else 0
            bits |= RAN_BIT if state in RAN else 0
            bits |= EXCLUDED_BIT if state == S.EXCLUDED else 0
            bits |= DISABLED_BIT if state == S.DISABLED else 0
            bits |= CANCELED_BIT if state in _CANCELED else 0
            bits |= FAILED_BIT if state in _FAILED else 0
            bits |= LEAF_FAILURE_BIT if self.leaf_is_failure(state) else 0
            table[state] = bits
        return table


DATABRICKS = Semantics()
