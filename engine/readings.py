"""The other readings of the rules the documentation leaves open.

A rule that is not `documented` is the engine's choice where the docs are silent or disagree. A
key that rests on such a rule is only taught when every other reasonable reading gives the same
key: `lakedrill.variants.generate` computes the key under each reading below and draws another variant when
they differ. A reading is the true semantics with the open rule read the other way, like a
misconception (lakedrill.engine.misconceptions), but nobody is wrong to hold it.

Derived rules follow from documented ones by plain logic, so they have one reading. An assumed
rule with no reading here cannot be checked, so a key that rests on it is never taught; a premise
(a fact of the scenario, `Rule.premise`) is stated in the stem and needs none.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from lakedrill.engine import semantics as truth
from lakedrill.engine.model import ComputeKind, Task
from lakedrill.engine.rulebook import RULES, Tier
from lakedrill.engine.semantics import DATABRICKS, NOT_TAKEN, Semantics
from lakedrill.engine.states import FAILURE_LIKE, RunIf, RunResultState

if TYPE_CHECKING:
    from lakedrill.engine.run import Run
    from lakedrill.engine.scenario import RepairRequest
    from lakedrill.engine.model import Job

S = RunResultState


@dataclass(frozen=True)
class Reading:
    """Another way to read an open rule: what it says, and the semantics that follow it."""

    rule: str
    text: str
    semantics: Semantics


# ------------------------------------------------------------------ the rules read the other way


def _canceled_not_failure(state: str) -> bool:
    return state in FAILURE_LIKE and state != S.CANCELED


def _timedout_not_failure(state: str) -> bool:
    return state in FAILURE_LIKE and state != S.TIMEDOUT


def _skipped_not_failure(state: str) -> bool:
    return state in FAILURE_LIKE and state not in (S.UPSTREAM_FAILED, S.UPSTREAM_CANCELED)


def _always_upstream_failed(run_if: RunIf, canceled: bool, failed: bool) -> RunResultState:
    if run_if in truth.FAILURE_HANDLING:
        return S.EXCLUDED
    return S.UPSTREAM_FAILED


def _always_disabled(run_if: RunIf, failed_or_canceled: bool) -> bool:
    return True


def _disabled_leaf_fails(state: str) -> bool:
    return state in FAILURE_LIKE or state == S.DISABLED


def _skipped_leaf_does_not_fail(state: str) -> bool:
    return state in FAILURE_LIKE and state not in (S.UPSTREAM_FAILED, S.UPSTREAM_CANCELED)


def _stopped_leaf_does_not_fail(state: str) -> bool:
    return state in FAILURE_LIKE and state not in (S.TIMEDOUT, S.CANCELED)


def _non_numbers_as_text(op, left: str, right: str) -> tuple[bool, str]:
    try:
        return truth.compare_condition_operands(op, left, right)
    except truth.ConditionFailed:
        result = {"GREATER_THAN": left > right, "GREATER_THAN_OR_EQUAL": left >= right,
                  "LESS_THAN": left < right, "LESS_THAN_OR_EQUAL": left <= right}[op.value]
        return result, "condition.order_compares_numbers"


def _non_numbers_false(op, left: str, right: str) -> tuple[bool, str]:
    try:
        return truth.compare_condition_operands(op, left, right)
    except truth.ConditionFailed:
        return False, "condition.order_compares_numbers"


def _failed_condition_takes_no_branch(wanted: str | None, state: RunResultState, outcome: str | None) -> str:
    if wanted is not None and state is S.FAILED:
        return NOT_TAKEN
    return truth.outcome_edge(wanted, state, outcome)


def _reversed_order(inputs: int) -> range:
    return range(inputs - 1, -1, -1)


def _fails_fast(finished) -> bool:
    return all(s is S.SUCCESS for s in finished)


def _empty_fails(states) -> RunResultState:
    return S.FAILED if not states else truth.for_each_state(states)


def _serverless_retries_three_times(task: Task) -> int | None:
    if task.compute.kind is ComputeKind.SERVERLESS and task.max_retries == 0:
        return 4
    return truth.max_attempts(task)


def _repair_only_failed_and_skipped(run: Run, job: Job, request: RepairRequest) -> frozenset[str]:
    if not request.rerun_all_failed_tasks:
        return truth.repair_selection(run, job, request)
    chosen = {k for k, s in run.states.items() if s in (S.FAILED, S.UPSTREAM_FAILED, S.UPSTREAM_CANCELED)}
    if request.rerun_dependent_tasks:
        chosen |= job.downstream_of(frozenset(chosen))
    return frozenset(chosen)


def _repair_leaves_skipped(run: Run, job: Job, request: RepairRequest) -> frozenset[str]:
    if not request.rerun_all_failed_tasks:
        return truth.repair_selection(run, job, request)
    chosen = {k for k, s in run.states.items() if s in (S.FAILED, S.TIMEDOUT, S.CANCELED)}
    if request.rerun_dependent_tasks:
        chosen |= job.downstream_of(frozenset(chosen))
    return frozenset(chosen)


def _child_with_failures_fails(child: RunResultState) -> RunResultState:
    return S.FAILED if child is S.SUCCESS_WITH_FAILURES else truth.run_job_task_state(child)


def _reading(rule: str, text: str, **swap) -> Reading:
    return Reading(rule, text, replace(DATABRICKS, name=f"reading:{rule}", **swap))


_ALL = [
    _reading("run_job.task_state", "a Run Job task whose child run Succeeded with failures is Failed",
             run_job_task_state=_child_with_failures_fails),
    _reading("run_if.canceled_counts_as_failed", "a Canceled dependency is not a failed one",
             dependency_is_failure=_canceled_not_failure),
    _reading("run_if.timedout_counts_as_failed", "a Timed out dependency is not a failed one",
             dependency_is_failure=_timedout_not_failure),
    _reading("run_if.skipped_counts_as_failed", "an Upstream failed or Upstream canceled dependency is not a "
             "failed one", dependency_is_failure=_skipped_not_failure),
    _reading("run_if.upstream_canceled_state", "a task skipped because of a cancellation is Upstream failed",
             skip_state=_always_upstream_failed),
    _reading("task.disabled_downstream_open", "a task left unmet by a Disabled dependency is Disabled whatever "
             "else its dependencies did", disabled_downstream=_always_disabled),
    _reading("job_result.disabled_leaf_succeeds", "a Disabled leaf makes the run Failed",
             leaf_is_failure=_disabled_leaf_fails),
    _reading("job_result.skipped_leaf_fails", "an Upstream failed or Upstream canceled leaf does not make the "
             "run Failed", leaf_is_failure=_skipped_leaf_does_not_fail),
    _reading("job_result.timedout_or_canceled_leaf_fails", "a Timed out or Canceled leaf does not make the run "
             "Failed", leaf_is_failure=_stopped_leaf_does_not_fail),
    _reading("condition.non_numeric_operand_fails", "a non-numeric operand of <, <=, >, >= is compared as text",
             compare_condition_operands=_non_numbers_as_text),
    _reading("condition.non_numeric_operand_fails", "a comparison with a non-numeric operand is false",
             compare_condition_operands=_non_numbers_false),
    _reading("condition.outcome_edge_excludes", "an outcome that did not occur counts as an Excluded "
             "dependency, and the task's Run if decides", missed_edge_excludes=False),
    _reading("condition.failed_edge_is_failure", "a failed condition task takes neither branch",
             outcome_edge=_failed_condition_takes_no_branch),
    _reading("for_each.input_order", "iterations start in another order than the input's",
             for_each_order=_reversed_order),
    _reading("for_each.default_concurrency", "the default concurrency of a For each task is 20",
             for_each_default_concurrency=20),
    _reading("for_each.aggregate", "a For each task stops starting iterations after one fails",
             for_each_continues=_fails_fast),
    _reading("for_each.empty_input", "a For each task with an empty input fails", for_each_state=_empty_fails),
    _reading("retry.serverless_auto_retry_not_modelled", "serverless retries a task with no retry policy "
             "three times", max_attempts=_serverless_retries_three_times),
    _reading("repair.rerun_all_failed_includes_skipped", "a repair of all failed tasks does not rerun the tasks "
             "skipped because of them", repair_selection=_repair_leaves_skipped),
    _reading("repair.rerun_all_failed_includes_timedout_canceled", "a repair of all failed tasks does not rerun "
             "Timed out or Canceled tasks", repair_selection=_repair_only_failed_and_skipped),
]

READINGS: dict[str, tuple[Reading, ...]] = {}
for _one in _ALL:
    READINGS[_one.rule] = READINGS.get(_one.rule, ()) + (_one,)


def open_rule(rule_id: str) -> bool:
    """Whether a key that rests on this rule must hold under the rule's other readings."""
    rule = RULES[rule_id]
    return rule.tier is Tier.ASSUMED and not rule.premise


def unconfirmed(rule_ids) -> list[str]:
    """The rules among these on which no key may rest: open rules with no reading to check."""
    return [r for r in rule_ids if open_rule(r) and r not in READINGS]


def readings_of(rule_ids) -> list[Reading]:
    """Every other reading of the open rules among these, in order, each once."""
    found: list[Reading] = []
    for rule_id in rule_ids:
        if open_rule(rule_id):
            found.extend(READINGS.get(rule_id, ()))
    return found
