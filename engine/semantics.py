"""The rules of Lakeflow Jobs as small functions, and the bundle the simulator calls them through.

Each function is one rule of SEMANTICS.md (cited on its first line). `DATABRICKS` is the bundle of
the true rules; a misconception (engine.misconceptions) is the same bundle with one rule swapped,
so that the simulator is never copied and never grows flags.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from engine.model import Dependency, Job, Task
from engine.references import as_text
from engine.run import Commit
from engine.states import FAILURE_LIKE, SUCCESS_LIKE, ConditionTaskOp, RunIf, RunResultState, ui_label

if TYPE_CHECKING:
    from engine.run import Run
    from engine.scenario import RepairRequest

S = RunResultState
NOT_TAKEN = "NOT_TAKEN"  # an outcome edge whose outcome did not occur (engine decision 11)
RAN: frozenset[str] = frozenset({S.SUCCESS, S.FAILED, S.TIMEDOUT, S.CANCELED})
FAILURE_HANDLING: frozenset[RunIf] = frozenset({RunIf.AT_LEAST_ONE_FAILED, RunIf.ALL_FAILED})
COUNTS_FAILURES: frozenset[RunIf] = frozenset({RunIf.NONE_FAILED, RunIf.AT_LEAST_ONE_FAILED, RunIf.ALL_FAILED})
HANDLES_FAILURE: frozenset[RunIf] = frozenset({RunIf.ALL_DONE, RunIf.AT_LEAST_ONE_FAILED, RunIf.ALL_FAILED})

RUN_IF_LABELS: dict[str, str] = {
    "ALL_SUCCESS": "All succeeded",
    "AT_LEAST_ONE_SUCCESS": "At least one succeeded",
    "NONE_FAILED": "None failed",
    "ALL_DONE": "All done",
    "AT_LEAST_ONE_FAILED": "At least one failed",
    "ALL_FAILED": "All failed",
}
RUN_IF_RULES: dict[str, str] = {
    "ALL_SUCCESS": "run_if.all_success",
    "AT_LEAST_ONE_SUCCESS": "run_if.at_least_one_success",
    "NONE_FAILED": "run_if.none_failed",
    "ALL_DONE": "run_if.all_done",
    "AT_LEAST_ONE_FAILED": "run_if.at_least_one_failed",
    "ALL_FAILED": "run_if.all_failed",
}

Edge = tuple[str, str]  # (upstream task_key, the state this edge sees, or NOT_TAKEN)


@dataclass(frozen=True, slots=True)
class Gate:
    """Whether a task whose dependencies are done runs, and if not, the state it gets."""

    runs: bool
    state: RunResultState | None
    rules: tuple[str, ...]
    reason: str


class ConditionFailed(Exception):
    """A condition task cannot evaluate its expression; the task ends FAILED."""

    def __init__(self, rule: str, message: str):
        self.rule = rule
        super().__init__(message)


# ------------------------------------------------------------------ dependencies and run_if


def outcome_edge(dep: Dependency, state: RunResultState, outcome: str | None) -> tuple[str, str | None]:
    """Engine decision 11: an edge with an outcome is met only by a SUCCESS with that outcome."""
    if dep.outcome is None:
        return state, None
    if state is S.SUCCESS:
        return (S.SUCCESS, None) if outcome == dep.outcome else (NOT_TAKEN, None)
    if state in FAILURE_LIKE:
        return state, "condition.failed_edge_is_failure"
    return NOT_TAKEN, None  # an Excluded or Disabled condition task has no outcome


def branch_not_taken(task: Task, edges: Sequence[Edge]) -> Gate | None:
    """§4.7 (derived) and decision 11 (assumed): a task on an outcome that did not occur is Excluded."""
    missed = [key for key, state in edges if state == NOT_TAKEN]
    if not missed:
        return None
    plain = task.run_if is RunIf.ALL_SUCCESS and all(
        state == NOT_TAKEN or state in SUCCESS_LIKE for _, state in edges
    )
    rules = ("condition.branch_not_taken",) if plain else ("condition.branch_not_taken",
                                                           "condition.outcome_edge_excludes")
    wanted = {d.task_key: d.outcome for d in task.depends_on}
    why = ", ".join(f"{key} ({wanted.get(key)})" for key in missed)
    return Gate(False, S.EXCLUDED, rules, f"the branch it hangs on was not taken: {why}")


def all_dependencies_excluded(task: Task, edges: Sequence[Edge]) -> Gate | None:
    """§2(b): a task whose dependencies are all Excluded is Excluded, whatever its run_if."""
    if not edges or any(state not in (S.EXCLUDED, S.DISABLED) for _, state in edges):
        return None
    rules: tuple[str, ...] = ("run_if.all_dependencies_excluded",)
    if any(state == S.DISABLED for _, state in edges):
        rules += ("run_if.disabled_as_excluded",)
    return Gate(False, S.EXCLUDED, rules, "all of its dependencies were Excluded")


def dependency_is_success(state: str) -> bool:
    """Decision 1: Succeeded, Excluded (§2(a)) and Disabled (decision 10) count as success."""
    return state in SUCCESS_LIKE


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


def skip_state(run_if: RunIf, states: Sequence[str]) -> tuple[RunResultState, tuple[str, ...]]:
    """§2 table and decision 2: the state of a task whose run_if is not met."""
    if run_if in FAILURE_HANDLING:
        return S.EXCLUDED, ()
    canceled = any(s in (S.CANCELED, S.UPSTREAM_CANCELED) for s in states)
    failed = any(s in (S.FAILED, S.TIMEDOUT, S.UPSTREAM_FAILED) for s in states)
    if canceled and not failed:
        return S.UPSTREAM_CANCELED, ("run_if.upstream_canceled_state",)
    return S.UPSTREAM_FAILED, ()


def classification_rules(run_if: RunIf, states: Sequence[str]) -> tuple[str, ...]:
    """The rules of decision 1 that this evaluation leaned on, with their own tiers."""
    present = set(states)
    rules: list[str] = []
    if S.EXCLUDED in present:
        rules.append("run_if.excluded_is_success")
    if S.DISABLED in present:
        rules.append("run_if.disabled_as_excluded")
    if run_if in COUNTS_FAILURES:
        if S.TIMEDOUT in present:
            rules.append("run_if.timedout_counts_as_failed")
        if S.UPSTREAM_FAILED in present or S.UPSTREAM_CANCELED in present:
            rules.append("run_if.skipped_counts_as_failed")
    if S.CANCELED in present or S.UPSTREAM_CANCELED in present:
        if run_if in HANDLES_FAILURE:
            rules.append("run_if.canceled_handled_as_failure")
        elif run_if is RunIf.NONE_FAILED:
            rules.append("run_if.canceled_counts_as_failed")
    return tuple(rules)


def describe_edges(edges: Sequence[Edge], limit: int = 6) -> str:
    parts = [f"{key} {ui_label(state)}" for key, state in edges[:limit]]
    if len(edges) > limit:
        parts.append(f"and {len(edges) - limit} more")
    return ", ".join(parts)


# ------------------------------------------------------------------ the job run's result


def job_result_from_leaves(
    sem: Semantics, states: Mapping[str, RunResultState], leaves: Sequence[str]
) -> tuple[RunResultState, tuple[str, ...], str]:
    """§3 and decision 3: the run's result from its leaf tasks."""
    failing_leaves = [k for k in leaves if sem.dependency_is_failure(states[k])]
    failing = [k for k, s in states.items() if sem.dependency_is_failure(s)]
    rules = ["job_result.from_leaves"]
    leaf_states = {states[k] for k in leaves}
    if S.EXCLUDED in leaf_states:
        rules.append("job_result.excluded_leaf_succeeds")
    if S.DISABLED in leaf_states:
        rules.append("job_result.disabled_leaf_succeeds")
    failing_leaf_states = {states[k] for k in failing_leaves}
    if failing_leaf_states & {S.UPSTREAM_FAILED, S.UPSTREAM_CANCELED}:
        rules.append("job_result.skipped_leaf_fails")
    if failing_leaf_states & {S.TIMEDOUT, S.CANCELED}:
        rules.append("job_result.timedout_or_canceled_leaf_fails")
    if failing_leaves:
        shown = ", ".join(f"{k} ({ui_label(states[k])})" for k in failing_leaves[:6])
        return S.FAILED, tuple(rules), f"a leaf task did not succeed: {shown}"
    if failing:
        shown = ", ".join(failing[:6])
        return (S.SUCCESS_WITH_FAILURES, tuple(rules),
                f"tasks failed ({shown}) but every leaf task succeeded")
    return S.SUCCESS, tuple(rules), "no task failed"


# ------------------------------------------------------------------ If/else condition task

_NUMBER = re.compile(r"\s*[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?\s*")


def operand_text(value: Any) -> tuple[str, tuple[str, ...]]:
    """§4.3–4.4: an operand as the text the condition compares; lists and objects fail it."""
    if isinstance(value, list | dict):
        raise ConditionFailed("condition.complex_value_fails",
                              "an operand is a list or object, which a condition cannot compare")
    if isinstance(value, bool):
        return as_text(value), ("condition.boolean_as_text",)
    return as_text(value), ()


def as_number(text: str) -> float:
    if not _NUMBER.fullmatch(text):
        raise ConditionFailed("condition.non_numeric_operand_fails",
                              f"{text!r} is not a number, and {'>, >=, <, <='} compare numbers")
    return float(text)


def compare_condition_operands(op: ConditionTaskOp, left: str, right: str) -> tuple[bool, str]:
    """§4.1–4.2: == and != compare text; <, <=, >, >= compare numbers (decision 4)."""
    if op is ConditionTaskOp.EQUAL_TO:
        return left == right, "condition.equality_compares_text"
    if op is ConditionTaskOp.NOT_EQUAL:
        return left != right, "condition.equality_compares_text"
    a, b = as_number(left), as_number(right)
    result = {
        ConditionTaskOp.GREATER_THAN: a > b,
        ConditionTaskOp.GREATER_THAN_OR_EQUAL: a >= b,
        ConditionTaskOp.LESS_THAN: a < b,
        ConditionTaskOp.LESS_THAN_OR_EQUAL: a <= b,
    }[op]
    return result, "condition.order_compares_numbers"


# ------------------------------------------------------------------ retries and timing


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


def for_each_state(states: Sequence[RunResultState]) -> RunResultState:
    """Decision 5: SUCCESS when every iteration succeeded, otherwise FAILED."""
    return S.SUCCESS if all(s is S.SUCCESS for s in states) else S.FAILED


def push_down_job_parameters(task_params: dict[str, str], job_params: dict[str, str]) -> tuple[dict[str, str], list[str]]:
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


def repair_selection(run: Run, job: Job, request: RepairRequest) -> tuple[frozenset[str], tuple[str, ...]]:
    """§9.2–9.3, decision 8: which tasks a repair reruns, and the rules that chose them."""
    rules: list[str] = []
    if request.rerun_all_failed_tasks:
        chosen = {k for k, tr in run.tasks.items() if tr.state in FAILURE_LIKE}
        rules.append("repair.rerun_all_failed_tasks")
        if any(run.tasks[k].state in (S.TIMEDOUT, S.CANCELED) for k in chosen):
            rules.append("repair.rerun_all_failed_includes_timedout_canceled")
    else:
        chosen = set(request.rerun_tasks or ())
        rules.append("repair.rerun_tasks")
    if request.rerun_dependent_tasks:
        added = job.downstream_of(frozenset(chosen))
        chosen |= added
        rules.append("repair.rerun_dependent_tasks")
    return frozenset(chosen), tuple(rules)


def run_now_selection(previous: Run | None, job: Job) -> frozenset[str] | None:
    """§9.7: run now runs every task from scratch (None: all of them)."""
    return None


# ------------------------------------------------------------------ the bundle


@dataclass(frozen=True)
class Semantics:
    """The rules the simulator calls. Swap one field to model one wrong belief."""

    name: str = "databricks"
    outcome_edge: Callable[..., tuple[str, str | None]] = outcome_edge
    branch_not_taken: Callable[..., Gate | None] = branch_not_taken
    all_dependencies_excluded: Callable[..., Gate | None] = all_dependencies_excluded
    dependency_is_success: Callable[[str], bool] = dependency_is_success
    dependency_is_failure: Callable[[str], bool] = dependency_is_failure
    run_if_met: Callable[..., bool] = run_if_met
    skip_state: Callable[..., tuple[RunResultState, tuple[str, ...]]] = skip_state
    job_result: Callable[..., tuple[RunResultState, tuple[str, ...], str]] = job_result_from_leaves
    compare_condition_operands: Callable[..., tuple[bool, str]] = compare_condition_operands
    max_attempts: Callable[[Task], int | None] = max_attempts
    retries_outcome: Callable[[Task, RunResultState], bool] = retries_outcome
    retry_start: Callable[[int, int, int], int] = retry_start
    start_time: Callable[[int, int], int] = start_when_ready
    for_each_slots: Callable[[int, int], int] = for_each_slots
    for_each_state: Callable[[Sequence[RunResultState]], RunResultState] = for_each_state
    merge_parameters: Callable[..., tuple[dict[str, str], list[str]]] = push_down_job_parameters
    commit_status: Callable[[RunResultState, bool, RunResultState], Commit] = commit_status
    repair_selection: Callable[..., tuple[frozenset[str], tuple[str, ...]]] = repair_selection
    run_now_selection: Callable[..., frozenset[str] | None] = run_now_selection

    def gate(self, task: Task, edges: Sequence[Edge]) -> Gate:
        """§2(d): once every dependency is done, decide whether `task` runs."""
        gate = self.branch_not_taken(task, edges) or self.all_dependencies_excluded(task, edges)
        if gate is not None:
            return gate
        successes = failures = ran = 0
        states = [state for _, state in edges]
        for state in states:
            if self.dependency_is_success(state):
                successes += 1
            elif self.dependency_is_failure(state):
                failures += 1
            if state in RAN:
                ran += 1
        run_if = task.run_if
        rules = (RUN_IF_RULES[run_if],) + classification_rules(run_if, states)
        label = RUN_IF_LABELS[run_if]
        if self.run_if_met(run_if, successes, failures, ran, len(states)):
            return Gate(True, None, rules, f"{label} is met: {describe_edges(edges)}")
        state, more = self.skip_state(run_if, states)
        return Gate(False, state, rules + more,
                    f"{label} is not met: {describe_edges(edges)}")


DATABRICKS = Semantics()
