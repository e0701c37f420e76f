"""simulate(job, scenario) -> Run: what Lakeflow Jobs would do with a job run.

One pass over the tasks in topological order (lakedrill.engine.plan). There is no contention between tasks
(decision 7: every task whose dependencies are done starts at that instant), so a task starts at
the latest `finished` time of its dependencies; only For each iterations compete, for
concurrency slots. Times are integer milliseconds so that no rounding can change an answer.

A pass (`Phase`) is plain data: the facts it records in flat lists, one entry per task position.
The work on them is in four modules, each deciding through the swappable rules of
lakedrill.engine.semantics:

- lakedrill.engine.schedule: the pass itself, in order; when each task starts; job timeouts;
- lakedrill.engine.gates: state decisions, what each edge shows a task and whether it runs;
- lakedrill.engine.attempts: what a task that runs does (attempts and retries, conditions, For each);
- lakedrill.engine.readout: the task runs and the trace, built from the facts only when read, so
  simulating under many misconceptions stays cheap (lakedrill.engine.lookup resolves references).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timezone
from typing import Any

from lakedrill.engine import lookup, readout, schedule
from lakedrill.engine.model import EMPTY, Job
from lakedrill.engine.run import Attempt, Facet, Iteration, Run, TaskRun, TraceStep, seconds
from lakedrill.engine.scenario import DEFAULT_SCENARIO, Behaviour, Scenario
from lakedrill.engine.semantics import DATABRICKS, Semantics
from lakedrill.engine.states import RunResultState

S = RunResultState

Note = tuple[int | None, str, str, Facet, "int | None", tuple[str, ...]]  # pos, rule, message, facet, ms, also


def simulate(job: Job, scenario: Scenario = DEFAULT_SCENARIO, *, semantics: Semantics = DATABRICKS) -> Run:
    """Run every task of `job` as `scenario` says its code behaves, under `semantics`."""
    phase = Phase(job, semantics, scenario, scenario.tasks,
                  effective_parameters(job, scenario.job_parameters, semantics), repair_id=0)
    if scenario.compute.startup:
        given = ", ".join(f"{name} {value:g}s" for name, value in scenario.compute.startup.items())
        phase.head.append((None, "compute.startup_given", f"cluster start-up times are given: {given}; other "
                           "compute starts at once", Facet.TIMING, None, ()))
    else:
        phase.head.append((None, "dag.no_startup_time", "cluster start-up time is taken as zero", Facet.TIMING,
                           None, ()))
    if scenario.job_parameters:
        given = ", ".join(f"{k}={v}" for k, v in scenario.job_parameters.items())
        phase.head.append((None, "parameters.run_values_override_defaults",
                           f"this run's job parameter values replace the defaults: {given}", Facet.VALUE, None, ()))
    phase.execute()
    return Run(job=job, scenario=scenario, run_id=scenario.run_id, result_state=phase.result,
               duration=seconds(phase.latest_end), phases=(phase,), semantics=semantics.name)


def effective_parameters(job: Job, overrides: Mapping[str, str], semantics: Semantics = DATABRICKS) -> dict[str, str]:
    """Job parameter values for a run: the defaults, overridden by the run's values (§6.10)."""
    return semantics.parameter_values(dict(job.parameter_defaults), overrides)


<<<<<<< HEAD
class TaskRunMap(Mapping[str, TaskRun]):
    """task_key -> TaskRun, each built on first access."""

    def __init__(self, keys: tuple[str, ...], build: Callable[[str], TaskRun]):
        self._keys = keys
        self._known = frozenset(keys)
        self._build = build
        self._built: dict[str, TaskRun] = {}

    def __getitem__(self, key: str) -> TaskRun:
        try:
            return self._built[key]
        except KeyError:
            if key not in self._known:
                raise
        task_run = self._built[key] = self._build(key)
        return task_run

    def __iter__(self) -> Iterator[str]:
        return iter(self._keys)

    def __len__(self) -> int:
        return len(self._keys)

    def __repr__(self) -> str:
        return f"TaskRunMap({list(self._keys)})"


# The work of one run is bounded by its input: 1,000 tasks retried a hundred times each is more than a
# real job does; a billion retries of a task that always fails would take minutes and gigabytes.
MAX_ATTEMPTS = 100_000


=======
>>>>>>> main
class Phase:
    """One pass over the tasks, the original run (repair_id 0) or one repair of it: what it is
    given, and the facts it records, by task position (the Run protocol of lakedrill.engine.run)."""

    def __init__(self, job: Job, sem: Semantics, scenario: Scenario, behaviours: Mapping[str, Behaviour],
                 params: dict[str, str], *, repair_id: int, previous: Run | None = None,
                 rerun: frozenset[str] | None = None, ran_before: frozenset[str] = frozenset()):
        plan = self.plan = job.plan
        n = len(plan.keys)
        self.job = job
        self.sem = sem
        self.scenario = scenario
        self.behaviours = behaviours
        self.params = params
        self.repair_id = repair_id
        self.previous = previous
        self.ran_before = ran_before
        self.state: list[Any] = [None] * n
        self.start: list[int | None] = [None] * n
        self.end: list[int | None] = [None] * n
        self.finished: list[int] = [0] * n
        self.attempts: list[tuple[Attempt, ...] | None] = [None] * n  # None: one attempt, start to end
        self.outcome: list[str | None] = [None] * n
        self.values: list[Mapping[str, Any]] = [EMPTY] * n
        self.iterations: list[tuple[Iteration, ...] | None] = [None] * n
        self.parameters: list[Any] = [lookup.LAZY] * n
        self.reason: list[str | None] = [None] * n  # set when the facts alone cannot say why
        self.overrides: dict[int, list[str]] = {}
        self.notes: list[Note] = []
        self.head: list[Note] = []
        self.tail: list[Note] = []
        self.executed = [True] * n
        self.stopped: set[int] = set()  # tasks a job-level timeout canceled before they started
        self.latest_end = 0  # ms: when the last attempt of this phase ended
        self.attempt_count = 0  # of every task and iteration: the work is bounded by MAX_ATTEMPTS
        self.busy_until = 0  # ms: for semantics that serialise tasks
        self.result: RunResultState = S.SUCCESS
        self.run_limit, self.task_timeout = sem.job_timeouts(job.timeout_seconds)  # §7.4, seconds
        self.started = datetime.fromisoformat(scenario.start_time.replace("Z", "+00:00")).astimezone(timezone.utc)
        self._steps: list[TraceStep] | None = None
        # Cluster start-up times, when the scenario gives them (decision 7: zero otherwise).
        self.startup_ms: dict[str, int] | None = None
        self.waited: dict[int, tuple[str, int]] = {}  # pos -> (cluster, when it was ready)
        if scenario.compute.startup:
            from lakedrill.engine.compute import cluster_of

            self.cluster_at = [cluster_of(task, key) for task, key in zip(plan.tasks, plan.keys)]
            self.startup_ms = {name: round(value * 1000) for name, value in scenario.compute.startup.items()}
            self.requested: dict[str, int] = {}  # when each cluster is requested: its earliest-ready task
            self.first_ready: dict[str, int] = {}  # what this pass saw
        if previous is not None:
            prior = previous.tasks
            for pos, key in enumerate(plan.keys):
                if rerun is not None and key in rerun:
                    continue
                self.executed[pos] = False  # reused from the run: state, outputs, values stay (§9.3)
                old = prior[key]
                self.state[pos], self.outcome[pos], self.values[pos] = old.state, old.outcome, old.values

<<<<<<< HEAD
    # -------------------------------------------------------------- the pass

    _PASS_STATE = ("state", "start", "end", "finished", "attempts", "outcome", "values", "iterations", "parameters",
                   "reason", "overrides", "notes", "tail", "executed", "latest_end", "busy_until", "result", "waited",
                   "first_ready", "stopped")

    def execute(self) -> None:
        if self.startup_ms is None:
            self._execute()
            return
        # Tasks are visited in dependency order, not in the order they become ready, so a cluster's
        # request time (its earliest-ready task, §10.2) is known only after a pass: pass again with
        # it until it holds. The earliest-ready task of a cluster never waits on that cluster, so
        # this settles within a pass per cluster.
        pristine = {name: copy.copy(getattr(self, name)) for name in self._PASS_STATE}
        for _ in range(len(self.startup_ms) + 2):
            self._execute()
            if self.first_ready == self.requested:
                return
            self.requested = dict(self.first_ready)
            for name, value in pristine.items():
                setattr(self, name, copy.copy(value))

    def _execute(self) -> None:
        plan, sem = self.plan, self.sem
        deps_of, kinds, disabled = plan.deps, plan.kind, plan.disabled
        edge_outcomes, run_ifs = plan.edge_outcomes, plan.run_if
        state, finished, executed = self.state, self.finished, self.executed
        classes = sem.classes
        run_if_met, start_time = sem.run_if_met, sem.start_time
        all_excluded, max_attempts = sem.all_dependencies_excluded, sem.max_attempts
        keys, tasks, references = plan.keys, plan.tasks, plan.references
        behaviour_of = self.behaviours.get
        for pos in range(len(plan.keys)):
            if not executed[pos]:
                continue
            deps = deps_of[pos]
            ready = 0
            for q in deps:
                if finished[q] > ready:
                    ready = finished[q]
            if disabled[pos]:
                state[pos], finished[pos] = S.DISABLED, ready
                continue
            if deps:
                # §2(d): evaluated once every dependency is done.
                total = len(deps)
                if edge_outcomes[pos] is None:
                    successes = failures = ran = excluded = seen = 0
                    for q in deps:
                        bits = classes[state[q]]
                        seen |= bits
                        successes += bits & 1
                        failures += (bits >> 1) & 1
                        ran += (bits >> 2) & 1
                        excluded += (bits >> 3) & 1
                    missed = False
                else:
                    successes, failures, ran, excluded, seen, missed = self._outcome_counts(pos)
                skip = None
                if missed:
                    skip = sem.branch_not_taken(run_ifs[pos])
                elif excluded and all_excluded(excluded, total):
                    skip = S.EXCLUDED
                elif not run_if_met(run_ifs[pos], successes, failures, ran, total):
                    if seen & DISABLED_BIT and sem.disabled_downstream(run_ifs[pos],
                                                                       bool(seen & (CANCELED_BIT | FAILED_BIT))):
                        skip = S.DISABLED
                    else:
                        skip = sem.skip_state(run_ifs[pos], bool(seen & CANCELED_BIT), bool(seen & FAILED_BIT))
                if skip is not None:
                    state[pos], finished[pos] = skip, ready
                    continue
            start = start_time(ready, self.busy_until)
            kind = kinds[pos]
            if self.startup_ms is not None and kind != CONDITION:
                start = self._after_startup(pos, start)
            if kind == PLAIN and not references[pos]:
                # The common case inline: one attempt, no retry to consider, no timeout reached.
                task = tasks[pos]
                behaviour = behaviour_of(keys[pos], ALWAYS_SUCCEEDS)
                first = behaviour.outcomes[0]
                durations = behaviour.durations
                duration = round(durations[0] * 1000) if durations else DEFAULT_MS
                timeout = task.timeout_seconds or self.task_timeout
                if (not timeout or duration <= timeout * 1000) and (first is S.SUCCESS or max_attempts(task) == 1):
                    state[pos] = first
                    if first is S.SUCCESS and behaviour.values:
                        self.values[pos] = behaviour.values
                    end = start + duration
                else:
                    end = self._plain(pos, start)
            elif kind == PLAIN:
                end = self._plain(pos, start)
            elif kind == CONDITION:
                end = self._condition(pos, start)
            else:
                end = self._for_each(pos, start)
            self.start[pos], self.end[pos], finished[pos] = start, end, end
            if end > self.busy_until:
                self.busy_until = end
        self.latest_end = self.busy_until  # the end of the last attempt of this phase
        timed_out = self.run_limit and self.latest_end > self.run_limit * 1000
        if timed_out:
            self._stop_at_job_timeout(self.run_limit * 1000)
        self._serverless_failures()  # of the tasks as they ended, the timeout included
        if timed_out:
            return
        any_failure = leaf_failure = False
        for s in state:
            if classes[s] & FAILURE_BIT:
                any_failure = True
                break
        for pos in plan.leaves:
            if classes[state[pos]] & LEAF_FAILURE_BIT:
                leaf_failure = True
                break
        self.result = sem.job_result(any_failure, leaf_failure)  # §3

    def _serverless_failures(self) -> None:
        """§7.7, edge case 25: serverless auto-optimization may retry a failed task that has no retry
        policy, an unknown number of times; the engine does not, and says so where it matters."""
        if S.FAILED not in self.state:
            return
        for pos in range(len(self.plan.keys)):
            if self.state[pos] is not S.FAILED or not self.executed[pos] or self.start[pos] is None:
                continue
            task = self.plan.tasks[pos]
            if (task.compute.kind is ComputeKind.SERVERLESS and not task.max_retries
                    and not task.extra.get("disable_auto_optimization")):
                # A retry would change the task's state only if a later attempt would succeed; when
                # its code fails on every attempt, only the timing rests on this.
                behaviour = self.behaviours.get(task.task_key, ALWAYS_SUCCEEDS)
                later = behaviour.outcomes[1:] if self.plan.kind[pos] == PLAIN else ()
                facet = Facet.STATE if S.SUCCESS in later else Facet.TIMING
                self._note(pos, "retry.serverless_auto_retry_not_modelled",
                           "it runs on serverless compute with no retry policy: auto-optimization might retry it, "
                           "which this simulation does not do", facet, self.end[pos])

    def _stop_at_job_timeout(self, limit: int) -> None:
        """§7.4: a job-level timeout_seconds stops the run when it has run that long; its result is
        Timed out. What becomes of its tasks is an engine decision (timeout.job_run_stops_tasks): one
        still running or waiting to retry ends Timed out then, one not started by then is Canceled.
        Everything before the timeout happened as simulated: nothing later can change it."""
        said = f"the job run reached timeout_seconds={self.run_limit}"
        for pos in range(len(self.plan.keys)):
            if not self.executed[pos]:
                continue
            start, end = self.start[pos], self.end[pos]
            if start is None:
                if self.finished[pos] <= limit:
                    continue  # skipped (or disabled) before the run was stopped
            elif end <= limit:
                continue
            if start is None or start >= limit:
                self.state[pos], self.start[pos], self.end[pos] = S.CANCELED, None, None
                self.attempts[pos] = self.iterations[pos] = None
                self.outcome[pos], self.values[pos], self.parameters[pos] = None, EMPTY, _LAZY
                self.reason[pos] = f"{said} before it started, so it never ran"
                self.stopped.add(pos)
            else:
                self.attempts[pos] = _cut(self.attempts[pos] or (Attempt(0, seconds(start), seconds(end),
                                                                          self.state[pos]),), limit)
                if self.iterations[pos] is not None:
                    self.iterations[pos] = _cut_iterations(self.iterations[pos], limit)
                self.state[pos], self.end[pos], self.values[pos] = S.TIMEDOUT, limit, EMPTY
                self.reason[pos] = f"{said} while it was running, and it was stopped"
            self.finished[pos] = limit
            self._note(pos, "timeout.job_run_stops_tasks",
                       f"{said} at {seconds(limit)}s: " + ("canceled before it started" if pos in self.stopped
                                                           else "stopped, Timed out"), Facet.STATE, limit)
        self.busy_until = self.latest_end = limit
        self.result = S.TIMEDOUT
        self.tail.append((None, "timeout.job_run", f"{said} and was stopped at {seconds(limit)}s: the run is "
                          "Timed out", Facet.RESULT, limit, ()))

    def _after_startup(self, pos: int, start: int) -> int:
        """§10.2, §10.7: the first task on a cluster waits for it to start; a later one waits only
        while the cluster is still starting."""
        where = self.cluster_at[pos]
        delay = None if where is None else self.startup_ms.get(where[0])
        if delay is None:
            return start
        name = where[0]
        if start < self.first_ready.get(name, start + 1):
            self.first_ready[name] = start
        requested = min(self.requested.get(name, start), start)
        if self.sem.startup_waits(requested < start):
            begins = start + delay if requested < start else requested + delay
        else:
            begins = max(start, requested + delay)
        if begins != start:
            self.waited[pos] = (name, start)
        return begins

    def _outcome_counts(self, pos: int) -> tuple[int, int, int, int, int, bool]:
        successes = failures = ran = excluded = seen = 0
        missed = False
        classes = self.sem.classes
        edges = self.edge_states(pos)
        excludes = self.sem.missed_edge_excludes or (
            # The documented case reads one way only: All succeeded over a branch not taken and
            # dependencies that succeeded is Excluded (the branch's dependents do not run).
            self.plan.run_if[pos] is RunIf.ALL_SUCCESS
            and all(e == NOT_TAKEN or classes[e] & SUCCESS_BIT for e in edges))
        for edge_state in edges:
            if edge_state == NOT_TAKEN and excludes:
                missed = True
                continue
            bits = classes[S.EXCLUDED if edge_state == NOT_TAKEN else edge_state]
            seen |= bits
            successes += bits & 1
            failures += (bits >> 1) & 1
            ran += (bits >> 2) & 1
            excluded += (bits >> 3) & 1
        return successes, failures, ran, excluded, seen, missed

    def edge_states(self, pos: int) -> list[str]:
        """The state each dependency edge of the task at `pos` sees (decision 11 for outcome edges)."""
        deps = self.plan.deps[pos]
        wanted = self.plan.edge_outcomes[pos]
        if wanted is None:
            return [self.state[q] for q in deps]
        edge = self.sem.outcome_edge
        return [edge(w, self.state[q], self.outcome[q]) for w, q in zip(wanted, deps)]

    # -------------------------------------------------------------- task kinds

    def _plain(self, pos: int, start: int) -> int:
        task = self.plan.tasks[pos]
        behaviour = self.behaviours.get(task.task_key, ALWAYS_SUCCEEDS)
        if self.plan.references[pos]:
            try:
                self.parameters[pos] = self._resolve_parameters(task, pos)
            except MissingValue as missing:
                self.state[pos] = S.FAILED
                self.reason[pos] = f"its parameters refer to {missing}, which was never set"
                self._note(pos, "references.missing_value_fails", self.reason[pos], Facet.STATE, start)
                return start
        first = behaviour.outcomes[0]
        duration = behaviour.duration_ms(0, DEFAULT_MS)
        timeout = (task.timeout_seconds or self.task_timeout) * 1000
        if not (timeout and duration > timeout) and (first is S.SUCCESS or self.sem.max_attempts(task) == 1):
            # One attempt and no retry to consider: the common case, kept cheap.
            self.state[pos] = first
            if first is S.SUCCESS:
                self.values[pos] = behaviour.values
            return start + duration
        attempts, outcome, end = self._attempts(task, behaviour, start, pos)
        self.attempts[pos] = attempts
        self.state[pos] = outcome
        if outcome is S.SUCCESS:
            self.values[pos] = behaviour.values
        return end

    def _attempts(self, task: Task, behaviour: Behaviour, start: int,
                  pos: int) -> tuple[tuple[Attempt, ...], RunResultState, int]:
        """§7: attempts of one task (or one iteration), retries and timeouts applied."""
        sem = self.sem
        limit = sem.max_attempts(task)
        timeout = (task.timeout_seconds or self.task_timeout) * 1000
        attempts: list[Attempt] = []
        t, n = start, 0
        while True:
            self.attempt_count += 1
            if self.attempt_count > MAX_ATTEMPTS:
                raise InvalidScenario([Problem(
                    ("tasks", self.plan.keys[pos], "outcomes"),
                    f"task '{self.plan.keys[pos]}' would make more than {MAX_ATTEMPTS:,} attempts in this run "
                    f"(max_retries: {task.max_retries}, and its outcomes end with {behaviour.outcome(n)}); lakedrill "
                    f"simulates at most {MAX_ATTEMPTS:,} attempts of all tasks in one run",
                    "give the task fewer retries, or end its outcomes with SUCCESS")])
            outcome = behaviour.outcome(n)
            duration = behaviour.duration_ms(n, DEFAULT_MS)
            if timeout and duration > timeout:
                outcome, end = S.TIMEDOUT, t + timeout
                self._note(pos, "timeout.per_attempt",
                           f"its {attempt_words(n)} ran past timeout_seconds={timeout // 1000} and timed out "
                           f"at {seconds(end)}s", Facet.STATE, end)
            else:
                end = t + duration
            attempts.append(Attempt(n, seconds(t), seconds(end), outcome))
            if outcome is S.SUCCESS:
                break
            retries_left = limit is None or n + 1 < limit
            if not sem.retries_outcome(task, outcome):
                if retries_left and outcome is S.TIMEDOUT:
                    self._note(pos, "retry.timeout_needs_retry_on_timeout",
                               "timed out and is not retried, because retry_on_timeout is false", Facet.STATE, end)
                elif retries_left and outcome is S.CANCELED:
                    self._note(pos, "retry.canceled_not_retried", "was canceled, and canceled runs are not retried",
                               Facet.STATE, end)
                break
            if not retries_left:
                if limit is not None and limit > 1:
                    self._note(pos, "retry.attempts",
                               f"its {attempt_words(n)} {ui_label(outcome).lower()}; {every(limit, 'attempt')} "
                               f"(1 + max_retries={task.max_retries}) are used", Facet.STATE, end)
                break
            if limit is None and n >= len(behaviour.outcomes) - 1:
                raise InvalidScenario([Problem(
                    ("tasks", self.plan.keys[pos], "outcomes"),
                    f"task '{self.plan.keys[pos]}' retries without limit (max_retries: -1) and its outcomes "
                    f"end with {outcome}, so the run would never end", "end its outcomes with SUCCESS")])
            retry_at = sem.retry_start(t, end, task.min_retry_interval_millis)
            leaned = ("retry.interval_from_start",)  # it decides when every retry starts
            if outcome is S.TIMEDOUT:
                leaned += ("retry.timeout_needs_retry_on_timeout",)
            self._note(pos, "retry.attempts",
                       f"its {attempt_words(n)} {ui_label(outcome).lower()} at {seconds(end)}s; retry {n + 1}"
                       + (f" of {limit - 1}" if limit is not None else " (retries without limit)")
                       + f", its {attempt_words(n + 1)}, starts at {seconds(retry_at)}s", Facet.TIMING, retry_at,
                       leaned)
            t, n = retry_at, n + 1
        return tuple(attempts), outcome, end

    def _condition(self, pos: int, start: int) -> int:
        """§4: evaluate the expression; no time, no compute, no retries."""
        task = self.plan.tasks[pos]
        cond = task.condition_task
        assert cond is not None
        key = task.task_key
        if task.max_retries:
            self._note(pos, "condition.no_time_no_compute_no_retry",
                       f"max_retries={task.max_retries} is ignored: condition tasks are not retried",
                       Facet.STATE, start)
        forced = self.behaviours.get(key)
        if forced is not None and forced.outcome(0) is not S.SUCCESS:
            self.state[pos] = forced.outcome(0)
            self.reason[pos] = f"the scenario makes it {ui_label(forced.outcome(0)).lower()}"
            self._note(pos, "scenario.given", self.reason[pos], Facet.STATE, start)
            return start
        lookup = self._lookup_for(key)

        def checked(parts: tuple[str, ...]) -> Any:
            # §4.3: a referenced value of another type than number, string or boolean fails the
            # condition, whether the operand is the reference alone or text around it.
            value = lookup(parts)
            self.sem.operand_text(value)
            return value

        try:
            left, right = resolve_value(cond.left, checked), resolve_value(cond.right, checked)
            left_text, left_rules = self.sem.operand_text(left)
            right_text, right_rules = self.sem.operand_text(right)
            result, rule = self.sem.compare_condition_operands(cond.op, left_text, right_text)
        except MissingValue as missing:
            self.state[pos], self.reason[pos] = S.FAILED, f"its operand {missing} was never set"
            self._note(pos, "references.missing_value_fails", self.reason[pos], Facet.STATE, start)
            return start
        except ConditionFailed as failed:
            self.state[pos], self.reason[pos] = S.FAILED, f"its condition cannot be evaluated: {failed}"
            self._note(pos, failed.rule, self.reason[pos], Facet.STATE, start)
            return start
        self.state[pos] = S.SUCCESS
        self.outcome[pos] = "true" if result else "false"
        compared = "text" if rule == "condition.equality_compares_text" else "numbers"
        self.reason[pos] = (f"{operand_words(left_text)} {_OP_SYMBOL[cond.op]} {operand_words(right_text)} is "
                            f"{self.outcome[pos]} (compared as {compared})")
        self._note(pos, rule, self.reason[pos], Facet.STATE, start, left_rules + right_rules)
        return start

    def _for_each(self, pos: int, start: int) -> int:
        """§5: one nested task per input, at most `concurrency` at once, in input order."""
        task = self.plan.tasks[pos]
        fe = task.for_each_task
        assert fe is not None
        try:
            items = self._for_each_inputs(task)
        except ValueError as bad:
            self.state[pos], self.reason[pos] = S.FAILED, f"its inputs are not a JSON array: {bad}"
            self.iterations[pos] = ()
            self._note(pos, "for_each.invalid_input_fails", self.reason[pos], Facet.STATE, start)
            return start
        if not items:
            self.state[pos], self.iterations[pos] = self.sem.for_each_state(()), ()
            self.reason[pos] = (f"its input array is empty, so it {'succeeds' if self.state[pos] is S.SUCCESS else 'fails'}"
                                " with no iterations")
            self._note(pos, "for_each.empty_input", self.reason[pos], Facet.STATE, start)
            return start
        behaviour = self.behaviours.get(task.task_key, ALWAYS_SUCCEEDS)
        concurrency = fe.concurrency if fe.concurrency is not None else self.sem.for_each_default_concurrency
        slots = [start] * self.sem.for_each_slots(concurrency, len(items))
        also = ("for_each.default_concurrency",) if fe.concurrency is None else ()
        if len(slots) < len(items):
            also += ("for_each.input_order",)
        self._note(pos, "for_each.concurrency", f"{plural(len(items), 'iteration')}, at most {concurrency} at once",
                   Facet.TIMING, start, also)
        iterations: list[Iteration] = []
        end = start
        for index in self.sem.for_each_order(len(items)):
            item = items[index]
            begin = heapq.heappop(slots)
            if not self.sem.for_each_continues([it.state for it in iterations if it.end * 1000 <= begin]):
                break
            try:
                params = self._resolve_parameters(fe.task, pos, item)
            except MissingValue as missing:
                iterations.append(Iteration(index, item, S.FAILED, (), seconds(begin), seconds(begin)))
                self._note(pos, "references.missing_value_fails",
                           f"iteration {index} refers to {missing}, which was never set", Facet.STATE, begin)
                heapq.heappush(slots, begin)
                continue
            attempts, state, done = self._attempts(fe.task, behaviour.for_iteration(index), begin, pos)
            iterations.append(Iteration(index, item, state, attempts, seconds(begin), seconds(done), params))
            heapq.heappush(slots, done)
            end = max(end, done)
        timeout = (task.timeout_seconds or self.task_timeout) * 1000
        if timeout and end - start > timeout:
            # §7.4: the For each task's own timeout_seconds bounds its one run, all iterations included.
            limit = end = start + timeout
            self.iterations[pos] = _cut_iterations(sorted(iterations, key=_by_index), limit)
            self.state[pos] = S.TIMEDOUT
            self.reason[pos] = (f"it ran past its timeout_seconds={timeout // 1000} with iterations still to "
                                f"finish, and timed out at {seconds(limit)}s")
            self._note(pos, "timeout.per_attempt", self.reason[pos], Facet.STATE, limit)
            return end
        self.iterations[pos] = tuple(sorted(iterations, key=_by_index))
        self.state[pos] = self.sem.for_each_state([it.state for it in iterations])
        if any(len(it.attempts) > 1 for it in iterations):
            self._note(pos, "for_each.iteration_retries", "iterations retried on their own", Facet.STATE, end)
        if self.state[pos] is S.SUCCESS:
            self.reason[pos] = f"{every(len(items), 'iteration')} succeeded"
            self._note(pos, "scenario.given", f"{self.reason[pos]}; ends Succeeded at {seconds(end)}s",
                       Facet.STATE, end)
        else:
            bad = [str(it.index) for it in iterations if it.state is not S.SUCCESS]
            self.reason[pos] = (f"iteration{'s' if len(bad) > 1 else ''} {', '.join(bad[:6])} did not succeed, "
                                f"so it failed once {every(len(items), 'iteration')} finished")
            self._note(pos, "for_each.aggregate", self.reason[pos], Facet.STATE, end)
        return end

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

    # -------------------------------------------------------------- parameters and references

    def _resolve_parameters(self, task: Task, pos: int, item: Any = _NO_INPUT) -> Any:
        """§6.10: resolve references; push job parameters down onto key-value parameters."""
        configured = task.parameters
        lookup = self._lookup_for(self.plan.keys[pos], item)
        if configured.named is not None:
            named, overridden = self.sem.merge_parameters(
                {k: resolve_text(v, lookup, self.sem.text_of) for k, v in configured.named}, self.params)
            if overridden and item is _NO_INPUT:
                self.overrides[pos] = overridden
            return named
        if configured.positional is not None:
            return [resolve_text(v, lookup, self.sem.text_of) for v in configured.positional]
        return None

    def _static_parameters(self, pos: int) -> tuple[Any, list[str]]:
        configured = self.plan.tasks[pos].parameters
        if configured.named is not None:
            return self.sem.merge_parameters(dict(configured.named), self.params)
        if configured.positional is not None:
            return list(configured.positional), []
        return None, []

    def _lookup_for(self, task_key: str, item: Any = _NO_INPUT) -> Callable[[tuple[str, ...]], Any]:
        def lookup(parts: tuple[str, ...]) -> Any:
            return self._reference_value(parts, task_key, item)

        return lookup

    def _reference_value(self, parts: tuple[str, ...], task_key: str, item: Any) -> Any:
        head, rest = parts[0], parts[1:]
        if head == "tasks":
            pos = self.plan.index.get(rest[0])
            name = "{{" + ".".join(parts) + "}}"
            if pos is None or self.state[pos] is None:
                raise MissingValue(name)
            if rest[1] == "values":
                values = self.values[pos]
                if rest[2] not in values:
                    raise MissingValue(name)
                return values[rest[2]]
            if rest[1] == "result_state":
                return str(self.state[pos]).lower()
            if rest[1] == "execution_count":
                attempts = self.attempts[pos]
                return 1 if attempts is None else len(attempts)
            if rest[1] == "error_code":
                return "" if self.state[pos] is S.SUCCESS else str(self.state[pos])
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
        position = self.plan.index.get(task_key, 0)
        return self.scenario.run_id * 10_000_000 + self.repair_id * 100_000 + position + 1

    def _note(self, pos: int | None, rule: str, message: str, facet: Facet, ms: int | None,
              also: tuple[str, ...] = ()) -> None:
=======
    def note(self, pos: int | None, rule: str, message: str, facet: Facet, ms: int | None,
             also: tuple[str, ...] = ()) -> None:
>>>>>>> main
        self.notes.append((pos, rule, message, facet, ms, also))

    def execute(self) -> None:
        schedule.execute(self)

    # -------------------------------------------------------------- what a Run reads

    def rerun(self) -> tuple[str, ...]:
        return tuple(key for key, done in zip(self.plan.keys, self.executed) if done)

    def own_tasks(self) -> Mapping[str, TaskRun]:
        return readout.TaskRunMap(self.rerun(), self._task_run)

    def latest_tasks(self) -> Mapping[str, TaskRun]:
        if self.previous is None:
            return readout.TaskRunMap(self.plan.keys, self._task_run)
        return readout.TaskRunMap(self.plan.keys, self._latest_task_run)

    def latest_states(self) -> dict[str, RunResultState]:
        return dict(zip(self.plan.keys, self.state))

    def steps(self) -> list[TraceStep]:
        """The trace of this phase: one step per decision, in job order, with its rule."""
        if self._steps is None:
            self._steps = readout.steps(self)
        return self._steps

    def _task_run(self, key: str) -> TaskRun:
        return readout.task_run(self, key)

    def _latest_task_run(self, key: str) -> TaskRun:
        return readout.latest_task_run(self, key)
