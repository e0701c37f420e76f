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
        self.attempt_count = 0  # of every task and iteration: bounded by attempts.MAX_ATTEMPTS
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

    def note(self, pos: int | None, rule: str, message: str, facet: Facet, ms: int | None,
             also: tuple[str, ...] = ()) -> None:
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
