"""What a task of a pass does once its gate lets it start (SEMANTICS §4, §5, §7): the attempts of
a plain task with its retries and timeouts, a condition task's comparison, a For each task's
iterations. Each function records its facts on the pass (lakedrill.engine.simulate.Phase) and
returns when the task ended, in ms."""

from __future__ import annotations

import heapq
import json
from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from lakedrill.engine import lookup
from lakedrill.engine.errors import InvalidScenario, Problem
from lakedrill.engine.model import Task
from lakedrill.engine.references import MissingValue, resolve_value
from lakedrill.engine.run import Attempt, Facet, Iteration, seconds
from lakedrill.engine.scenario import ALWAYS_SUCCEEDS, DEFAULT_DURATION, Behaviour
from lakedrill.engine.semantics import ConditionFailed
from lakedrill.engine.states import RunResultState, ui_label
from lakedrill.engine.words import attempt as attempt_words, every, plural

if TYPE_CHECKING:
    from lakedrill.engine.simulate import Phase

S = RunResultState
DEFAULT_MS = DEFAULT_DURATION * 1000
# The work of one run is bounded by its input: 1,000 tasks retried a hundred times each is more than a
# real job does; a billion retries of a task that always fails would take minutes and gigabytes.
MAX_ATTEMPTS = 100_000


def plain_of(p: Phase) -> Callable[[int, int], int]:
    """How the pass runs a task that runs code, its lookups made once (the pass asks it of most
    tasks): for a position and a start, the task's parameters resolved, then its attempts; the
    function returns when the task ended."""
    tasks, references, behaviour_of = p.plan.tasks, p.plan.references, p.behaviours.get
    state, values, task_timeout, max_attempts = p.state, p.values, p.task_timeout, p.sem.max_attempts

    def run(pos: int, start: int) -> int:
        task = tasks[pos]
        behaviour = behaviour_of(task.task_key, ALWAYS_SUCCEEDS)
        if references[pos]:
            try:
                p.parameters[pos] = lookup.resolve_parameters(p, task, pos)
            except MissingValue as missing:
                state[pos] = S.FAILED
                p.reason[pos] = f"its parameters refer to {missing}, which was never set"
                p.note(pos, "references.missing_value_fails", p.reason[pos], Facet.STATE, start)
                return start
        first = behaviour.outcomes[0]
        durations = behaviour.durations
        duration = round(durations[0] * 1000) if durations else DEFAULT_MS
        timeout = task.timeout_seconds or task_timeout
        if (not timeout or duration <= timeout * 1000) and (first is S.SUCCESS or max_attempts(task) == 1):
            # One attempt and no retry to consider, no timeout reached: the common case, kept
            # cheap (its attempt is read from start and end when it is asked for).
            state[pos] = first
            if first is S.SUCCESS and behaviour.values:
                values[pos] = behaviour.values
            return start + duration
        made, outcome, end = attempts(p, task, behaviour, start, pos)
        p.attempts[pos] = made
        state[pos] = outcome
        if outcome is S.SUCCESS:
            values[pos] = behaviour.values
        return end

    return run


def attempts(p: Phase, task: Task, behaviour: Behaviour, start: int,
             pos: int) -> tuple[tuple[Attempt, ...], RunResultState, int]:
    """§7: attempts of one task (or one iteration), retries and timeouts applied."""
    sem = p.sem
    limit = sem.max_attempts(task)
    timeout = (task.timeout_seconds or p.task_timeout) * 1000
    made: list[Attempt] = []
    t, n = start, 0
    while True:
        p.attempt_count += 1
        if p.attempt_count > MAX_ATTEMPTS:
            raise InvalidScenario([Problem(
                ("tasks", p.plan.keys[pos], "outcomes"),
                f"task '{p.plan.keys[pos]}' would make more than {MAX_ATTEMPTS:,} attempts in this run "
                f"(max_retries: {task.max_retries}, and its outcomes end with {behaviour.outcome(n)}); lakedrill "
                f"simulates at most {MAX_ATTEMPTS:,} attempts of all tasks in one run",
                "give the task fewer retries, or end its outcomes with SUCCESS")])
        outcome = behaviour.outcome(n)
        duration = behaviour.duration_ms(n, DEFAULT_MS)
        if timeout and duration > timeout:
            outcome, end = S.TIMEDOUT, t + timeout
            p.note(pos, "timeout.per_attempt",
                   f"its {attempt_words(n)} ran past timeout_seconds={timeout // 1000} and timed out "
                   f"at {seconds(end)}s", Facet.STATE, end)
        else:
            end = t + duration
        made.append(Attempt(n, seconds(t), seconds(end), outcome))
        if outcome is S.SUCCESS:
            break
        retries_left = limit is None or n + 1 < limit
        if not sem.retries_outcome(task, outcome):
            if retries_left and outcome is S.TIMEDOUT:
                p.note(pos, "retry.timeout_needs_retry_on_timeout",
                       "timed out and is not retried, because retry_on_timeout is false", Facet.STATE, end)
            elif retries_left and outcome is S.CANCELED:
                p.note(pos, "retry.canceled_not_retried", "was canceled, and canceled runs are not retried",
                       Facet.STATE, end)
            break
        if not retries_left:
            if limit is not None and limit > 1:
                p.note(pos, "retry.attempts",
                       f"its {attempt_words(n)} {ui_label(outcome).lower()}; {every(limit, 'attempt')} "
                       f"(1 + max_retries={task.max_retries}) are used", Facet.STATE, end)
            break
        if limit is None and n >= len(behaviour.outcomes) - 1:
            raise InvalidScenario([Problem(
                ("tasks", p.plan.keys[pos], "outcomes"),
                f"task '{p.plan.keys[pos]}' retries without limit (max_retries: -1) and its outcomes "
                f"end with {outcome}, so the run would never end", "end its outcomes with SUCCESS")])
        retry_at = sem.retry_start(t, end, task.min_retry_interval_millis)
        leaned = ("retry.interval_from_start",)  # it decides when every retry starts
        if outcome is S.TIMEDOUT:
            leaned += ("retry.timeout_needs_retry_on_timeout",)
        p.note(pos, "retry.attempts",
               f"its {attempt_words(n)} {ui_label(outcome).lower()} at {seconds(end)}s; retry {n + 1}"
               + (f" of {limit - 1}" if limit is not None else " (retries without limit)")
               + f", its {attempt_words(n + 1)}, starts at {seconds(retry_at)}s", Facet.TIMING, retry_at,
               leaned)
        t, n = retry_at, n + 1
    return tuple(made), outcome, end


def condition(p: Phase, pos: int, start: int) -> int:
    """§4: evaluate the expression; no time, no compute, no retries."""
    task = p.plan.tasks[pos]
    cond = task.condition_task
    assert cond is not None
    key = task.task_key
    if task.max_retries:
        p.note(pos, "condition.no_time_no_compute_no_retry",
               f"max_retries={task.max_retries} is ignored: condition tasks are not retried", Facet.STATE, start)
    forced = p.behaviours.get(key)
    if forced is not None and forced.outcome(0) is not S.SUCCESS:
        p.state[pos] = forced.outcome(0)
        p.reason[pos] = f"the scenario makes it {ui_label(forced.outcome(0)).lower()}"
        p.note(pos, "scenario.given", p.reason[pos], Facet.STATE, start)
        return start
    find = lookup.lookup_for(p, key)

    def checked(parts: tuple[str, ...]) -> Any:
        # §4.3: a referenced value of another type than number, string or boolean fails the
        # condition, whether the operand is the reference alone or text around it.
        value = find(parts)
        p.sem.operand_text(value)
        return value

    try:
        left, right = resolve_value(cond.left, checked), resolve_value(cond.right, checked)
        left_text, left_rules = p.sem.operand_text(left)
        right_text, right_rules = p.sem.operand_text(right)
        result, rule = p.sem.compare_condition_operands(cond.op, left_text, right_text)
    except MissingValue as missing:
        p.state[pos], p.reason[pos] = S.FAILED, f"its operand {missing} was never set"
        p.note(pos, "references.missing_value_fails", p.reason[pos], Facet.STATE, start)
        return start
    except ConditionFailed as failed:
        p.state[pos], p.reason[pos] = S.FAILED, f"its condition cannot be evaluated: {failed}"
        p.note(pos, failed.rule, p.reason[pos], Facet.STATE, start)
        return start
    p.state[pos] = S.SUCCESS
    p.outcome[pos] = "true" if result else "false"
    compared = "text" if rule == "condition.equality_compares_text" else "numbers"
    p.reason[pos] = (f"{operand_words(left_text)} {_OP_SYMBOL[cond.op]} {operand_words(right_text)} is "
                     f"{p.outcome[pos]} (compared as {compared})")
    p.note(pos, rule, p.reason[pos], Facet.STATE, start, left_rules + right_rules)
    return start


def for_each(p: Phase, pos: int, start: int) -> int:
    """§5: one nested task per input, at most `concurrency` at once, in input order."""
    task = p.plan.tasks[pos]
    fe = task.for_each_task
    assert fe is not None
    try:
        items = for_each_inputs(p, task)
    except ValueError as bad:
        p.state[pos], p.reason[pos] = S.FAILED, f"its inputs are not a JSON array: {bad}"
        p.iterations[pos] = ()
        p.note(pos, "for_each.invalid_input_fails", p.reason[pos], Facet.STATE, start)
        return start
    if not items:
        p.state[pos], p.iterations[pos] = p.sem.for_each_state(()), ()
        p.reason[pos] = (f"its input array is empty, so it {'succeeds' if p.state[pos] is S.SUCCESS else 'fails'}"
                         " with no iterations")
        p.note(pos, "for_each.empty_input", p.reason[pos], Facet.STATE, start)
        return start
    behaviour = p.behaviours.get(task.task_key, ALWAYS_SUCCEEDS)
    concurrency = fe.concurrency if fe.concurrency is not None else p.sem.for_each_default_concurrency
    slots = [start] * p.sem.for_each_slots(concurrency, len(items))
    also = ("for_each.default_concurrency",) if fe.concurrency is None else ()
    if len(slots) < len(items):
        also += ("for_each.input_order",)
    p.note(pos, "for_each.concurrency", f"{plural(len(items), 'iteration')}, at most {concurrency} at once",
           Facet.TIMING, start, also)
    iterations: list[Iteration] = []
    end = start
    for index in p.sem.for_each_order(len(items)):
        item = items[index]
        begin = heapq.heappop(slots)
        if not p.sem.for_each_continues([it.state for it in iterations if it.end * 1000 <= begin]):
            break
        try:
            params = lookup.resolve_parameters(p, fe.task, pos, item)
        except MissingValue as missing:
            iterations.append(Iteration(index, item, S.FAILED, (), seconds(begin), seconds(begin)))
            p.note(pos, "references.missing_value_fails",
                   f"iteration {index} refers to {missing}, which was never set", Facet.STATE, begin)
            heapq.heappush(slots, begin)
            continue
        made, state, done = attempts(p, fe.task, behaviour.for_iteration(index), begin, pos)
        iterations.append(Iteration(index, item, state, made, seconds(begin), seconds(done), params))
        heapq.heappush(slots, done)
        end = max(end, done)
    timeout = (task.timeout_seconds or p.task_timeout) * 1000
    if timeout and end - start > timeout:
        # §7.4: the For each task's own timeout_seconds bounds its one run, all iterations included.
        limit = end = start + timeout
        p.iterations[pos] = cut_iterations(sorted(iterations, key=_by_index), limit)
        p.state[pos] = S.TIMEDOUT
        p.reason[pos] = (f"it ran past its timeout_seconds={timeout // 1000} with iterations still to "
                         f"finish, and timed out at {seconds(limit)}s")
        p.note(pos, "timeout.per_attempt", p.reason[pos], Facet.STATE, limit)
        return end
    p.iterations[pos] = tuple(sorted(iterations, key=_by_index))
    p.state[pos] = p.sem.for_each_state([it.state for it in iterations])
    if any(len(it.attempts) > 1 for it in iterations):
        p.note(pos, "for_each.iteration_retries", "iterations retried on their own", Facet.STATE, end)
    if p.state[pos] is S.SUCCESS:
        p.reason[pos] = f"{every(len(items), 'iteration')} succeeded"
        p.note(pos, "scenario.given", f"{p.reason[pos]}; ends Succeeded at {seconds(end)}s", Facet.STATE, end)
    else:
        bad = [str(it.index) for it in iterations if it.state is not S.SUCCESS]
        p.reason[pos] = (f"iteration{'s' if len(bad) > 1 else ''} {', '.join(bad[:6])} did not succeed, "
                         f"so it failed once {every(len(items), 'iteration')} finished")
        p.note(pos, "for_each.aggregate", p.reason[pos], Facet.STATE, end)
    return end


def for_each_inputs(p: Phase, task: Task) -> list[Any]:
    fe = task.for_each_task
    assert fe is not None
    try:
        raw = resolve_value(fe.inputs, lookup.lookup_for(p, task.task_key))
    except MissingValue as missing:
        raise ValueError(f"{missing} was never set") from None
    if isinstance(raw, str):
        try:
            raw = json.loads(raw)
        except json.JSONDecodeError as bad:
            raise ValueError(f"{raw[:60]!r} ({bad.msg})") from None
    if not isinstance(raw, list):
        raise ValueError(f"it is a {type(raw).__name__}, not an array")
    return raw


def cut(made: tuple[Attempt, ...], limit: int) -> tuple[Attempt, ...]:
    """The attempts begun before `limit` (ms); one running at `limit` is cut there, Timed out."""
    kept = [a for a in made if a.start * 1000 < limit]
    if kept and kept[-1].end * 1000 > limit:
        kept[-1] = Attempt(kept[-1].number, kept[-1].start, seconds(limit), S.TIMEDOUT)
    return tuple(kept)


def cut_iterations(iterations, limit: int) -> tuple[Iteration, ...]:
    """The For each iterations begun before `limit` (ms); those running at `limit` are cut there."""
    return tuple(replace(it, state=S.TIMEDOUT, end=seconds(limit), attempts=cut(it.attempts, limit))
                 if it.end * 1000 > limit else it for it in iterations if it.start * 1000 < limit)


def operand_words(text: str) -> str:
    """An operand as the docs write one (12.0 >= 12): as it is, quoted only when it is empty or
    has spaces at its ends, which would not show."""
    return f'"{text}"' if not text or text != text.strip() else text


_OP_SYMBOL = {
    "EQUAL_TO": "==", "NOT_EQUAL": "!=", "GREATER_THAN": ">", "GREATER_THAN_OR_EQUAL": ">=",
    "LESS_THAN": "<", "LESS_THAN_OR_EQUAL": "<=",
}


def _by_index(iteration: Iteration) -> int:
    return iteration.index
