"""simulate(job, scenario) -> Run: what Lakeflow Jobs would do with a job run, step by step.

One pass over the tasks in topological order. There is no contention between tasks (decision 7:
every task whose dependencies are done starts at that instant), so a task's start is the latest
`finished` time of its dependencies; only For each iterations compete, for concurrency slots.
Times are kept in integer milliseconds so that no rounding can change an answer.
"""

from __future__ import annotations

import heapq
import json
from collections.abc import Mapping
from datetime import datetime, timezone
from types import MappingProxyType
from typing import Any

from engine.errors import InvalidScenario, Problem
from engine.model import EMPTY, Job, Task
from engine.references import MissingValue, resolve_text, resolve_value
from engine.run import Attempt, Commit, Facet, Iteration, Run, TaskRun, TraceStep, seconds
from engine.scenario import ALWAYS_SUCCEEDS, DEFAULT_DURATION, DEFAULT_SCENARIO, Behaviour, Scenario
from engine.semantics import DATABRICKS, ConditionFailed, Semantics, operand_text
from engine.states import RunIf, RunResultState, ui_label

S = RunResultState
_NO_INPUT = object()
WORKSPACE_ID = 1234567890123456
WORKSPACE_URL = "https://workspace.example"


def simulate(job: Job, scenario: Scenario = DEFAULT_SCENARIO, *, semantics: Semantics = DATABRICKS) -> Run:
    """Run every task of `job` as `scenario` says its code behaves, under `semantics`."""
    params = effective_parameters(job, scenario.job_parameters)
    phase = Phase(job, semantics, scenario, scenario.tasks, params, repair_id=0)
    phase.trace.append(TraceStep(None, "dag.no_startup_time", "cluster start-up time is taken as zero",
                                 Facet.TIMING))
    phase.execute(job.order)
    result = phase.conclude()
    tasks = phase.freeze(result)
    return Run(job=job, scenario=scenario, run_id=scenario.run_id, tasks=tasks, result_state=result,
               duration=seconds(phase.latest_end), trace=tuple(phase.trace), original=tasks,
               semantics=semantics.name)


def effective_parameters(job: Job, overrides: Mapping[str, str]) -> dict[str, str]:
    """Job parameter values for a run: the defaults, overridden by the run's values (§6.10)."""
    values = dict(job.parameter_defaults)
    values.update(overrides)
    return values


class Record:
    """A task's run while the phase is still deciding it; frozen into a TaskRun at the end."""

    __slots__ = ("state", "attempts", "start", "end", "outcome", "values", "iterations", "parameters",
                 "reason", "finished", "repair_id")

    def __init__(self, state: RunResultState, finished: int, reason: str, repair_id: int):
        self.state = state
        self.finished = finished
        self.reason = reason
        self.repair_id = repair_id
        self.attempts: tuple[Attempt, ...] = ()
        self.start: int | None = None
        self.end: int | None = None
        self.outcome: str | None = None
        self.values: Mapping[str, Any] = EMPTY
        self.iterations: tuple[Iteration, ...] | None = None
        self.parameters: Any = None

    @classmethod
    def reused(cls, task_run: TaskRun) -> Record:
        """A task a repair does not rerun: its state, outputs and values stay (§9.3)."""
        rec = cls(task_run.state, 0, task_run.reason, task_run.repair_id)
        rec.outcome = task_run.outcome
        rec.values = task_run.values
        rec.attempts = task_run.attempts
        return rec


class Phase:
    """One pass over the tasks: the original run (repair_id 0) or one repair of it."""

    def __init__(self, job: Job, sem: Semantics, scenario: Scenario, behaviours: Mapping[str, Behaviour],
                 params: dict[str, str], *, repair_id: int, reused: Mapping[str, TaskRun] | None = None):
        self.job = job
        self.sem = sem
        self.scenario = scenario
        self.behaviours = behaviours
        self.params = params
        self.repair_id = repair_id
        self.reused = reused or {}
        self.records: dict[str, Record] = {}
        self.trace: list[TraceStep] = []
        self.latest_end = 0  # ms: when the last attempt of this phase ended
        self.busy_until = 0  # ms: for semantics that serialise tasks
        self.started = datetime.fromisoformat(scenario.start_time.replace("Z", "+00:00")).astimezone(timezone.utc)

    # -------------------------------------------------------------- the pass

    def execute(self, keys: tuple[str, ...]) -> None:
        task_by_key = self.job.task_by_key
        records = self.records
        for key in keys:
            if key in self.reused:
                records[key] = Record.reused(self.reused[key])
                continue
            task = task_by_key[key]
            deps = task.depends_on
            ready = max(records[d.task_key].finished for d in deps) if deps else 0
            if task.disabled:
                records[key] = Record(S.DISABLED, ready, "it is disabled", self.repair_id)
                self._step(key, "task.disabled", "disabled: it does not run", Facet.STATE, ready)
                continue
            if deps:
                if not self._passes_gate(task, ready):
                    continue
            start = self.sem.start_time(ready, self.busy_until)
            also: tuple[str, ...] = ()
            if deps:
                last = max(deps, key=lambda d: records[d.task_key].finished).task_key
                when = f"starts at {seconds(start)}s, when its last dependency ({last}) was done"
                if len(deps) > 1 and task.run_if in _EARLY_LOOKING:
                    also = ("run_if.evaluated_after_dependencies",)
            else:
                when = f"starts at {seconds(start)}s, when the run starts (no dependencies)"
            self._step(key, "dag.start_when_ready", when, Facet.TIMING, start, also)
            if task.condition_task is not None:
                rec = self._condition(task, start)
            elif task.for_each_task is not None:
                rec = self._for_each(task, start)
            else:
                rec = self._plain(task, start)
            records[key] = rec
            if rec.end is not None:
                self.busy_until = max(self.busy_until, rec.end)
                self.latest_end = max(self.latest_end, rec.end)

    def _passes_gate(self, task: Task, ready: int) -> bool:
        """§2(d): evaluate run_if now that every dependency is done; record a skip if not met."""
        records = self.records
        edges = []
        leaned: list[str] = []
        for dep in task.depends_on:
            upstream = records[dep.task_key]
            state, rule = self.sem.outcome_edge(dep, upstream.state, upstream.outcome)
            if rule:
                leaned.append(rule)
            edges.append((dep.task_key, state))
        gate = self.sem.gate(task, edges)
        rules = gate.rules + tuple(leaned)
        if gate.runs:
            self._step(task.task_key, rules[0], gate.reason, Facet.STATE, ready, rules[1:])
            return True
        assert gate.state is not None
        reason = f"{gate.reason}, so it is {ui_label(gate.state)}"
        self.records[task.task_key] = Record(gate.state, ready, reason, self.repair_id)
        self._step(task.task_key, rules[0], reason, Facet.STATE, ready, rules[1:])
        return False

    # -------------------------------------------------------------- task kinds

    def _plain(self, task: Task, start: int) -> Record:
        key = task.task_key
        behaviour = self.behaviours.get(key, ALWAYS_SUCCEEDS)
        try:
            params = self._parameters(task, key)
        except MissingValue as missing:
            return self._failed_reference(key, start, missing)
        attempts, state, end = self._attempts(task, behaviour, start, DEFAULT_DURATION * 1000, key)
        rec = Record(state, end, "", self.repair_id)
        rec.attempts, rec.start, rec.end, rec.parameters = attempts, start, end, params
        rec.reason = self._final_reason(task, attempts)
        self._step(key, "scenario.given", f"{rec.reason}; ends {ui_label(state)} at {seconds(end)}s",
                   Facet.STATE, end, ("retry.attempts",) if len(attempts) > 1 else ())
        if state is S.SUCCESS and behaviour.values:
            rec.values = behaviour.values
            shown = ", ".join(f"{k}={json.dumps(v)}" for k, v in list(behaviour.values.items())[:4])
            self._step(key, "task_values.set_on_success", f"sets task values {shown}", Facet.VALUE, end)
        return rec

    def _attempts(self, task: Task, behaviour: Behaviour, start: int, default_ms: int,
                  key: str) -> tuple[tuple[Attempt, ...], RunResultState, int]:
        """§7: attempts of one task (or one iteration), retries and timeouts applied."""
        sem = self.sem
        limit = sem.max_attempts(task)
        timeout = task.timeout_seconds * 1000
        attempts: list[Attempt] = []
        t, n = start, 0
        while True:
            outcome = behaviour.outcome(n)
            duration = round(behaviour.duration(n, default_ms / 1000) * 1000)
            if timeout and duration > timeout:
                outcome, end = S.TIMEDOUT, t + timeout
                self._step(key, "timeout.per_attempt",
                           f"attempt {n} ran past timeout_seconds={task.timeout_seconds} and timed out at "
                           f"{seconds(end)}s", Facet.STATE, end)
            else:
                end = t + duration
            attempts.append(Attempt(n, seconds(t), seconds(end), outcome))
            if outcome is S.SUCCESS:
                break
            if not sem.retries_outcome(task, outcome):
                self._no_retry_step(task, outcome, n, limit, key, end)
                break
            if limit is not None and n + 1 >= limit:
                if limit > 1:
                    self._step(key, "retry.attempts",
                               f"attempt {n} {ui_label(outcome).lower()}; all {limit} attempts "
                               f"(1 + max_retries={task.max_retries}) are used", Facet.STATE, end)
                break
            if limit is None and n >= len(behaviour.outcomes) - 1:
                raise InvalidScenario([Problem(
                    ("tasks", key, "outcomes"),
                    f"task '{key}' retries without limit (max_retries: -1) and its outcomes end with "
                    f"{outcome}, so the run would never end",
                    "end its outcomes with SUCCESS")])
            retry_at = sem.retry_start(t, end, task.min_retry_interval_millis)
            waited = retry_at > end
            self._step(key, "retry.attempts",
                       f"attempt {n} {ui_label(outcome).lower()} at {seconds(end)}s; retry {n + 1}"
                       + (f" of {limit - 1}" if limit is not None else " (retries without limit)")
                       + f" starts at {seconds(retry_at)}s", Facet.TIMING, retry_at,
                       ("retry.interval_from_start",) if waited else ())
            t, n = retry_at, n + 1
        return tuple(attempts), outcome, end

    def _no_retry_step(self, task: Task, outcome: RunResultState, n: int, limit: int | None, key: str,
                       end: int) -> None:
        retries_left = limit is None or n + 1 < limit
        if not retries_left:
            return
        if outcome is S.TIMEDOUT:
            self._step(key, "retry.timeout_needs_retry_on_timeout",
                       "timed out and is not retried, because retry_on_timeout is false", Facet.STATE, end)
        elif outcome is S.CANCELED:
            self._step(key, "retry.canceled_not_retried", "was canceled, and canceled runs are not retried",
                       Facet.STATE, end)

    def _final_reason(self, task: Task, attempts: tuple[Attempt, ...]) -> str:
        last = attempts[-1]
        if last.state is S.SUCCESS:
            return "succeeded" if len(attempts) == 1 else f"succeeded on attempt {last.number}"
        tries = f" after {len(attempts)} attempts" if len(attempts) > 1 else ""
        if last.state is S.TIMEDOUT:
            return f"timed out (timeout_seconds={task.timeout_seconds}){tries}"
        return f"its code {ui_label(last.state).lower()}{tries}"

    def _condition(self, task: Task, start: int) -> Record:
        """§4: evaluate the expression; no time, no compute, no retries."""
        key = task.task_key
        cond = task.condition_task
        assert cond is not None
        rec = Record(S.SUCCESS, start, "", self.repair_id)
        rec.start = rec.end = start
        if task.max_retries:
            self._step(key, "condition.no_time_no_compute_no_retry",
                       f"max_retries={task.max_retries} is ignored: condition tasks are not retried",
                       Facet.STATE, start)
        forced = self.behaviours.get(key)
        if forced is not None and forced.outcome(0) is not S.SUCCESS:
            rec.state = forced.outcome(0)
            rec.reason = f"the scenario makes it {ui_label(rec.state).lower()}"
            self._step(key, "scenario.given", rec.reason, Facet.STATE, start)
        else:
            try:
                left = resolve_value(cond.left, self._lookup_for(key))
                right = resolve_value(cond.right, self._lookup_for(key))
            except MissingValue as missing:
                left = right = None
                rec.state, rec.reason = S.FAILED, f"its operand {missing} was never set"
                self._step(key, "references.missing_value_fails", rec.reason, Facet.STATE, start)
            if rec.state is S.SUCCESS:
                try:
                    left_text, left_rules = operand_text(left)
                    right_text, right_rules = operand_text(right)
                    result, rule = self.sem.compare_condition_operands(cond.op, left_text, right_text)
                except ConditionFailed as failed:
                    rec.state, rec.reason = S.FAILED, f"its condition cannot be evaluated: {failed}"
                    self._step(key, failed.rule, rec.reason, Facet.STATE, start)
                else:
                    rec.outcome = "true" if result else "false"
                    rec.reason = f"{left_text!r} {_OP_SYMBOL[cond.op]} {right_text!r} is {rec.outcome}"
                    self._step(key, rule, rec.reason, Facet.STATE, start, left_rules + right_rules)
        rec.attempts = (Attempt(0, seconds(start), seconds(start), rec.state),)
        return rec

    def _for_each(self, task: Task, start: int) -> Record:
        """§5: one nested task per input, at most `concurrency` at once, in input order."""
        key = task.task_key
        fe = task.for_each_task
        assert fe is not None
        rec = Record(S.SUCCESS, start, "", self.repair_id)
        rec.start = rec.end = start
        try:
            items = self._for_each_inputs(task)
        except ValueError as bad:
            rec.state, rec.reason, rec.finished = S.FAILED, f"its inputs are not a JSON array: {bad}", start
            rec.iterations = ()
            rec.attempts = (Attempt(0, seconds(start), seconds(start), S.FAILED),)
            self._step(key, "for_each.invalid_input_fails", rec.reason, Facet.STATE, start)
            return rec
        if not items:
            rec.iterations = ()
            rec.attempts = (Attempt(0, seconds(start), seconds(start), S.SUCCESS),)
            rec.reason = "its input array is empty, so it succeeds with no iterations"
            self._step(key, "for_each.empty_input", rec.reason, Facet.STATE, start)
            return rec
        behaviour = self.behaviours.get(key, ALWAYS_SUCCEEDS)
        concurrency = fe.effective_concurrency
        slots = [start] * self.sem.for_each_slots(concurrency, len(items))
        also = ("for_each.default_concurrency",) if fe.concurrency is None else ()
        if len(slots) < len(items):
            also += ("for_each.input_order",)
        self._step(key, "for_each.concurrency",
                   f"{len(items)} iterations, at most {concurrency} at once", Facet.TIMING, start, also)
        iterations: list[Iteration] = []
        end = start
        for index, item in enumerate(items):
            begin = heapq.heappop(slots)
            label = f"{key}[{index}]"
            try:
                params = self._parameters(fe.task, label, item)
            except MissingValue as missing:
                iterations.append(Iteration(index, item, S.FAILED, (), seconds(begin), seconds(begin)))
                self._step(key, "references.missing_value_fails",
                           f"iteration {index} refers to {missing}, which was never set", Facet.STATE, begin)
                heapq.heappush(slots, begin)
                continue
            attempts, state, finished = self._attempts(fe.task, behaviour.for_iteration(index), begin,
                                                       DEFAULT_DURATION * 1000, label)
            iterations.append(Iteration(index, item, state, attempts, seconds(begin), seconds(finished), params))
            heapq.heappush(slots, finished)
            end = max(end, finished)
        states = [it.state for it in iterations]
        rec.state = self.sem.for_each_state(states)
        rec.iterations = tuple(iterations)
        rec.end = rec.finished = end
        # The loop's own run: one attempt spanning its iterations (retries belong to iterations).
        rec.attempts = (Attempt(0, seconds(start), seconds(end), rec.state),)
        if any(len(it.attempts) > 1 for it in iterations):
            self._step(key, "for_each.iteration_retries", "iterations retried on their own", Facet.STATE, end)
        if rec.state is S.SUCCESS:
            rec.reason = f"all {len(items)} iterations succeeded"
            self._step(key, "scenario.given", f"{rec.reason}; ends Succeeded at {seconds(end)}s", Facet.STATE, end)
        else:
            bad = [str(it.index) for it in iterations if it.state is not S.SUCCESS]
            rec.reason = (f"iteration{'s' if len(bad) > 1 else ''} {', '.join(bad[:6])} did not succeed, so it "
                          f"failed once all {len(items)} iterations finished")
            self._step(key, "for_each.aggregate", rec.reason, Facet.STATE, end)
        return rec

    def _for_each_inputs(self, task: Task) -> list[Any]:
        fe = task.for_each_task
        assert fe is not None
        try:
            raw = resolve_value(fe.inputs, self._lookup_for(task.task_key))
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

    def _failed_reference(self, key: str, start: int, missing: MissingValue) -> Record:
        rec = Record(S.FAILED, start, f"its parameters refer to {missing}, which was never set", self.repair_id)
        rec.start = rec.end = start
        rec.attempts = (Attempt(0, seconds(start), seconds(start), S.FAILED),)
        self._step(key, "references.missing_value_fails", rec.reason, Facet.STATE, start)
        return rec

    # -------------------------------------------------------------- parameters and references

    def _parameters(self, task: Task, label: str, item: Any = _NO_INPUT) -> Any:
        """§6.10: resolve references; push job parameters down onto key-value parameters."""
        configured = task.parameters
        lookup = self._lookup_for(task.task_key, item)
        if configured.named is not None:
            named, overridden = self.sem.merge_parameters(
                {k: resolve_text(v, lookup) for k, v in configured.named}, self.params)
            if overridden:
                self._step(label, "parameters.job_overrides_task",
                           f"job parameter{'s' if len(overridden) > 1 else ''} {', '.join(overridden)} "
                           f"override{'' if len(overridden) > 1 else 's'} the task's own value", Facet.VALUE)
            return named
        if configured.positional is not None:
            return [resolve_text(v, lookup) for v in configured.positional]
        return None

    def _lookup_for(self, task_key: str, item: Any = _NO_INPUT):
        def lookup(parts: tuple[str, ...]) -> Any:
            return self._reference_value(parts, task_key, item)

        return lookup

    def _reference_value(self, parts: tuple[str, ...], task_key: str, item: Any) -> Any:
        head, rest = parts[0], parts[1:]
        if head == "tasks":
            upstream = self.records.get(rest[0])
            name = "{{" + ".".join(parts) + "}}"
            if upstream is None:
                raise MissingValue(name)
            if rest[1] == "values":
                if rest[2] not in upstream.values:
                    raise MissingValue(name)
                return upstream.values[rest[2]]
            if rest[1] == "result_state":
                return str(upstream.state).lower()
            if rest[1] == "execution_count":
                return len(upstream.attempts)
            if rest[1] == "error_code":
                return "" if upstream.state is S.SUCCESS else str(upstream.state)
            return self._task_run_id(rest[0])
        if head == "input":
            if item is _NO_INPUT:
                raise MissingValue("{{input}}")
            value = item
            for field in rest:
                if not isinstance(value, Mapping) or field not in value:
                    raise MissingValue("{{" + ".".join(parts) + "}}")
                value = value[field]
            return value
        if head == "job":
            return self._job_value(rest)
        if head == "task":
            return {"name": task_key, "run_id": self._task_run_id(task_key), "execution_count": 1,
                    "notebook_path": ""}.get(rest[0], "")
        if head == "workspace":
            return WORKSPACE_ID if rest == ("id",) else WORKSPACE_URL
        legacy = {"job_id": self.job.job_id or 0, "run_id": self.scenario.run_id,
                  "start_date": self.started.date().isoformat(), "task_retry_count": 0,
                  "parent_run_id": self.scenario.run_id, "task_key": task_key}
        return legacy[head]

    def _job_value(self, rest: tuple[str, ...]) -> Any:
        if rest[0] == "parameters":
            if rest[1] not in self.params:
                raise MissingValue("{{job.parameters." + rest[1] + "}}")
            return self.params[rest[1]]
        if rest[0] in ("start_time", "trigger") and rest[-1] in _TIME_ARGS:
            return _TIME_ARGS[rest[-1]](self.started)
        simple = {"id": self.job.job_id or 0, "name": self.job.name or "", "run_id": self.scenario.run_id,
                  "repair_count": self.repair_id}
        if rest[0] in simple:
            return simple[rest[0]]
        if rest == ("trigger", "type"):
            return self.scenario.trigger_type
        return ""  # job.trigger.file_arrival.location on a run no file started

    def _task_run_id(self, task_key: str) -> int:
        position = self.job.order.index(task_key) if task_key in self.job.task_by_key else 0
        return self.scenario.run_id * 10_000_000 + self.repair_id * 100_000 + position + 1

    # -------------------------------------------------------------- the end of a phase

    def conclude(self) -> RunResultState:
        """§3: the run's result from its leaves, over every task's latest state."""
        states = {key: rec.state for key, rec in self.records.items()}
        result, rules, reason = self.sem.job_result(self.sem, states, self.job.leaves)
        self._step(None, rules[0], f"the run is {ui_label(result)}: {reason}", Facet.RESULT, None, rules[1:])
        return result

    def freeze(self, result: RunResultState, ran_before: frozenset[str] = frozenset()) -> Mapping[str, TaskRun]:
        """TaskRuns in job order, each with what its writes left behind (§9.8).

        `ran_before`: tasks whose code ran in an earlier phase of the run; what they committed
        then stays, whatever happens to them in a repair.
        """
        out: dict[str, TaskRun] = {}
        commit_status = self.sem.commit_status
        task_by_key = self.job.task_by_key
        for key in self.job.order:
            rec = self.records[key]
            old = self.reused.get(key)
            ran = rec.start is not None if old is None else False
            if task_by_key[key].condition_task is not None:
                commit = Commit.NONE  # a condition task writes nothing (§4.6)
            else:
                commit = commit_status(rec.state, ran or key in ran_before, result)
            if old is not None:
                out[key] = TaskRun(
                    key, old.state, old.attempts, old.start, old.end, old.outcome, old.values, old.iterations,
                    old.parameters, commit, old.reason, old.repair_id, old.finished)
                continue
            if commit is Commit.PARTIAL and ran:
                self._step(key, "commit.no_rollback",
                           "writes it committed before failing stay committed: nothing rolls back",
                           Facet.COMMIT, None, ("commit.partial_on_failure",))
            out[key] = TaskRun(
                key, rec.state, rec.attempts,
                None if rec.start is None else seconds(rec.start),
                None if rec.end is None else seconds(rec.end),
                rec.outcome, rec.values, rec.iterations, rec.parameters, commit, rec.reason, rec.repair_id,
                seconds(rec.finished))
        return MappingProxyType(out)

    def _step(self, task_key: str | None, rule: str, message: str, facet: Facet, time: int | None = None,
              also: tuple[str, ...] = ()) -> None:
        self.trace.append(TraceStep(task_key, rule, message, facet,
                                    None if time is None else seconds(time), self.repair_id, also))


# run_if values under which a task might seem able to start before all of its dependencies are done.
_EARLY_LOOKING = frozenset({RunIf.AT_LEAST_ONE_SUCCESS, RunIf.AT_LEAST_ONE_FAILED})

_OP_SYMBOL = {
    "EQUAL_TO": "==", "NOT_EQUAL": "!=", "GREATER_THAN": ">", "GREATER_THAN_OR_EQUAL": ">=",
    "LESS_THAN": "<", "LESS_THAN_OR_EQUAL": "<=",
}

_TIME_ARGS = {
    "iso_weekday": lambda t: t.isoweekday(),
    "is_weekday": lambda t: t.isoweekday() <= 5,
    "iso_date": lambda t: t.date().isoformat(),
    "iso_datetime": lambda t: t.isoformat().replace("+00:00", "Z"),
    "year": lambda t: t.year,
    "month": lambda t: t.month,
    "day": lambda t: t.day,
    "hour": lambda t: t.hour,
    "minute": lambda t: t.minute,
    "second": lambda t: t.second,
    "timestamp_ms": lambda t: int(t.timestamp() * 1000),
}
