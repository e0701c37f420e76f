"""The words and rule ids of a trace, read from what the simulator decided (SEMANTICS throughout).

The simulator records facts (states, times, attempts); these functions say which rule of the
rulebook each fact follows from and why, in one sentence. They are only called when a trace or a
task's reason is read, so simulations whose explanations nobody reads cost nothing here.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from lakedrill.engine.model import Task
from lakedrill.engine.run import Attempt
from lakedrill.engine.semantics import NOT_TAKEN
from lakedrill.engine.states import FAILURE_LIKE, RunIf, RunResultState, ui_label
from lakedrill.engine.words import every, ordinal, plural

S = RunResultState
HANDLES_FAILURE = frozenset({RunIf.ALL_DONE, RunIf.AT_LEAST_ONE_FAILED, RunIf.ALL_FAILED})
RUN_IF_LABELS = {
    "ALL_SUCCESS": "All succeeded",
    "AT_LEAST_ONE_SUCCESS": "At least one succeeded",
    "NONE_FAILED": "None failed",
    "ALL_DONE": "All done",
    "AT_LEAST_ONE_FAILED": "At least one failed",
    "ALL_FAILED": "All failed",
}
RUN_IF_RULES = {
    "ALL_SUCCESS": "run_if.all_success",
    "AT_LEAST_ONE_SUCCESS": "run_if.at_least_one_success",
    "NONE_FAILED": "run_if.none_failed",
    "ALL_DONE": "run_if.all_done",
    "AT_LEAST_ONE_FAILED": "run_if.at_least_one_failed",
    "ALL_FAILED": "run_if.all_failed",
}
Edge = tuple[str, str]  # (upstream task_key, the state the edge sees, or NOT_TAKEN)


def describe_edges(edges: Sequence[Edge], limit: int = 6) -> str:
    parts = [f"{key} {'(branch not taken)' if state == NOT_TAKEN else ui_label(state)}"
             for key, state in edges[:limit]]
    if len(edges) > limit:
        parts.append(f"and {len(edges) - limit} more")
    return ", ".join(parts)


def classification_rules(run_if: RunIf, states: Sequence[str]) -> tuple[str, ...]:
    """The rules of decision 1 that an evaluation of `run_if` over `states` leans on: a rule is
    named only when the way it classifies a state can change whether the condition is met."""
    present = set(states)
    rules: list[str] = []
    if S.EXCLUDED in present:
        rules.append("run_if.excluded_is_success")
    if S.DISABLED in present:
        rules.append("run_if.disabled_dependency")
        if run_if is RunIf.NONE_FAILED and not any(s in (S.SUCCESS, S.FAILED, S.TIMEDOUT, S.CANCELED)
                                                   for s in states) and S.EXCLUDED in present:
            rules.append("run_if.none_failed_disabled_and_excluded")
    documented_failure = S.FAILED in present or (S.CANCELED in present and run_if in HANDLES_FAILURE)
    skipped = S.UPSTREAM_FAILED in present or S.UPSTREAM_CANCELED in present
    if run_if is RunIf.AT_LEAST_ONE_FAILED and not documented_failure:
        if S.TIMEDOUT in present:
            rules.append("run_if.timedout_counts_as_failed")
        if skipped:
            rules.append("run_if.skipped_counts_as_failed")
    elif run_if is RunIf.ALL_FAILED and all(s in FAILURE_LIKE for s in states):
        if S.TIMEDOUT in present:
            rules.append("run_if.timedout_counts_as_failed")
        if skipped:
            rules.append("run_if.skipped_counts_as_failed")
    elif run_if is RunIf.NONE_FAILED and S.FAILED not in present:
        ran = any(s in (S.SUCCESS, S.FAILED, S.TIMEDOUT, S.CANCELED) for s in states)
        if S.TIMEDOUT in present:
            rules.append("run_if.timedout_counts_as_failed")
        if S.CANCELED in present:
            rules.append("run_if.canceled_counts_as_failed")
        if skipped and ran:
            rules.append("run_if.skipped_counts_as_failed")
    if (S.CANCELED in present or S.UPSTREAM_CANCELED in present) and run_if in HANDLES_FAILURE:
        rules.append("run_if.canceled_handled_as_failure")
    return tuple(rules)


def explain_gate(task: Task, edges: Sequence[Edge], failed_edge: bool, state: RunResultState,
                 passed: bool) -> tuple[tuple[str, ...], str]:
    """Why a task whose dependencies were done ran (`passed`) or ended in skip `state` (§2, §4)."""
    leaned = ("condition.failed_edge_is_failure",) if failed_edge else ()
    missed = [key for key, seen in edges if seen == NOT_TAKEN]
    if missed and not passed:
        plain = task.run_if is RunIf.ALL_SUCCESS and all(seen == NOT_TAKEN or seen in (S.SUCCESS, S.EXCLUDED)
                                                         for _, seen in edges)
        rules = ("condition.branch_not_taken",) if plain else ("condition.branch_not_taken",
                                                               "condition.outcome_edge_excludes")
        wanted = {d.task_key: d.outcome for d in task.depends_on}
        why = ", ".join(f"{key} ({wanted.get(key)})" for key in missed)
        return rules + leaned, f"the branch it hangs on was not taken: {why}, so it is {ui_label(state)}"
    states = [seen for _, seen in edges]
    if not passed and states and all(s == S.EXCLUDED for s in states):
        return ("run_if.all_dependencies_excluded",) + leaned, \
            f"all of its dependencies were Excluded, so it is {ui_label(state)}"
    run_if = task.run_if
    rules = (RUN_IF_RULES[run_if],) + classification_rules(run_if, states)
    label = RUN_IF_LABELS[run_if]
    if passed:
        return rules + leaned, f"{label} is met: {describe_edges(edges)}"
    if S.DISABLED in set(states):
        clear = state is S.DISABLED and not any(s in FAILURE_LIKE for s in states) and run_if not in (
            RunIf.AT_LEAST_ONE_FAILED, RunIf.ALL_FAILED)
        rules += ("task.disabled_downstream",) if clear else ("task.disabled_downstream_open",)
    if state is S.UPSTREAM_CANCELED:
        rules += ("run_if.upstream_canceled_state",)
    return rules + leaned, f"{label} is not met: {describe_edges(edges)}, so it is {ui_label(state)}"


def explain_result(states: Mapping[str, RunResultState], leaves: Sequence[str],
                   result: RunResultState) -> tuple[tuple[str, ...], str]:
    """§3, decision 3: the rules behind the run's result and the sentence that says why."""
    rules = ["job_result.from_leaves"]
    leaf_states = {states[k] for k in leaves}
    failing_leaves = [k for k in leaves if states[k] in FAILURE_LIKE]
    failing_states = {states[k] for k in failing_leaves}
    if S.EXCLUDED in leaf_states:
        rules.append("job_result.excluded_leaf_succeeds")
    if S.DISABLED in leaf_states:
        rules.append("job_result.disabled_leaf_succeeds")
    if failing_states & {S.UPSTREAM_FAILED, S.UPSTREAM_CANCELED}:
        rules.append("job_result.skipped_leaf_fails")
    if failing_states & {S.TIMEDOUT, S.CANCELED}:
        rules.append("job_result.timedout_or_canceled_leaf_fails")
    failing = [k for k, s in states.items() if s in FAILURE_LIKE]
    if result is S.FAILED and failing_leaves:
        why = "a leaf task did not succeed: " + ", ".join(f"{k} ({ui_label(states[k])})" for k in failing_leaves[:6])
    elif result is S.FAILED:
        why = "tasks failed: " + ", ".join(failing[:6])
    elif result is S.SUCCESS_WITH_FAILURES:
        why = f"tasks failed ({', '.join(failing[:6])}) but every leaf task succeeded"
    else:
        why = "no task failed"
    return tuple(rules), f"the run is {ui_label(result)}: {why}"


def final_reason(task: Task, attempts: Sequence[Attempt]) -> str:
    """Why a task whose code ran ended as it did, in a few words; attempts count from 1 in words
    ("succeeded on its 2nd attempt, after 1 retry"), whatever the API's 0-based attempt_number."""
    last = attempts[-1]
    count = len(attempts)
    if last.state is S.SUCCESS:
        return "succeeded" if count == 1 else f"succeeded on its {ordinal(count)} attempt, after {plural(count - 1, 'retry')}"
    if last.state is S.TIMEDOUT:
        how = f"timed out (timeout_seconds={task.timeout_seconds})"
    else:
        how = f"its code {ui_label(last.state).lower()}"
    if count == 1:
        return how
    if all(a.state is last.state for a in attempts):
        return f"{how} on {every(count, 'attempt')}"
    return f"{how} on its {ordinal(count)} attempt, after {plural(count - 1, 'retry')}"
