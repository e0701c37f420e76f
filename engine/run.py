"""What a simulated run leaves behind: task runs, attempts, iterations, the trace (SEMANTICS §13).

Times are simulated seconds from the start of the run (a repair's tasks: from the start of that
repair). A whole number of seconds is an int so that output reads 300, not 300.0.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from functools import cached_property
from typing import Any, Protocol

from lakedrill.engine.model import EMPTY, Job
from lakedrill.engine.rulebook import RULES, Tier
from lakedrill.engine.scenario import Scenario
from lakedrill.engine.states import FAILURE_LIKE, SUCCESS_LIKE, RunResultState

Seconds = int | float


def seconds(ms: int) -> Seconds:
    """Milliseconds (the engine's exact clock) as seconds, an int when whole."""
    whole, rest = divmod(ms, 1000)
    return whole if rest == 0 else ms / 1000


class Commit(StrEnum):
    """What a task's writes left in its tables (SEMANTICS §9.8, engine decision 9)."""

    COMMITTED = "committed"  # the task succeeded: its writes are committed and stay
    PARTIAL = "partial"  # the task ran and failed: writes before the failure may be committed
    NONE = "none"  # the task's code never ran


class Facet(StrEnum):
    """What a trace step decides, so a question can ask which rules its key rests on."""

    STATE = "state"
    TIMING = "timing"
    VALUE = "value"
    COMMIT = "commit"
    RESULT = "result"
    REPAIR = "repair"


@dataclass(frozen=True, slots=True)
class Attempt:
    """One attempt of a task's code (the first try or a retry)."""

    number: int  # attempt_number: 0 for the first try, n for the n-th retry
    start: Seconds
    end: Seconds
    state: RunResultState  # SUCCESS, FAILED, TIMEDOUT or CANCELED

    @property
    def duration(self) -> Seconds:
        return self.end - self.start


@dataclass(frozen=True, slots=True)
class Iteration:
    """One iteration of a For each task's nested task."""

    index: int
    input: Any
    state: RunResultState
    attempts: tuple[Attempt, ...]
    start: Seconds
    end: Seconds
    parameters: Any = None


@dataclass(frozen=True, slots=True)
class TaskRun:
    """How a task ended in a run: its state, attempts, times and task values."""

    task_key: str
    state: RunResultState
    attempts: tuple[Attempt, ...] = ()
    start: Seconds | None = None  # None when the task's code never started
    end: Seconds | None = None
    outcome: str | None = None  # a condition task's "true" / "false"
    values: Mapping[str, Any] = EMPTY  # task values it set
    iterations: tuple[Iteration, ...] | None = None  # For each tasks only
    parameters: Any = None  # resolved parameters: a dict (key-value) or a list (positional)
    commit: Commit = Commit.NONE
    reason: str = ""  # one sentence from the trace: why it ended in this state
    repair_id: int = 0  # 0: the original run; n: rerun by the n-th repair
    finished: Seconds = 0  # when it was done for its dependents (its end, or when it was skipped)

    @property
    def ran(self) -> bool:
        return self.start is not None

    @property
    def task_seconds(self) -> Seconds:
        """Compute time its code used: every attempt (of every iteration, for a For each task)."""
        if self.iterations is not None:
            return sum(a.end - a.start for it in self.iterations for a in it.attempts)
        return sum(a.end - a.start for a in self.attempts)


@dataclass(frozen=True, slots=True)
class TraceStep:
    """One decision of the engine and the rule that made it."""

    task_key: str | None  # None for decisions about the whole run
    rule: str  # the id (lakedrill.engine.rulebook.RULES) of the rule that made the decision
    message: str
    facet: Facet
    time: Seconds | None = None
    repair_id: int = 0
    also: tuple[str, ...] = ()  # rules the decision leaned on besides `rule`

    @property
    def rules(self) -> tuple[str, ...]:
        return (self.rule,) + self.also

    @property
    def tier(self) -> Tier:
        """The weakest tier among the rules the decision rests on."""
        tiers = {RULES[r].tier for r in self.rules}
        for tier in (Tier.ASSUMED, Tier.DERIVED):
            if tier in tiers:
                return tier
        return Tier.DOCUMENTED


@dataclass(frozen=True)
class RepairRecord:
    """One repair of a run (SEMANTICS §9.6: a REPAIR item of the run's repair history)."""

    repair_id: int
    rerun: tuple[str, ...]  # in job order
    tasks: Mapping[str, TaskRun]  # the task runs of this repair
    result_state: RunResultState  # of the whole run after this repair
    duration: Seconds  # from the repair's start to its last task's end
    task_seconds: Seconds


class Phase(Protocol):
    """What a Run needs of one pass of the simulator (lakedrill.engine.simulate.Phase)."""

    repair_id: int
    result: RunResultState
    latest_end: int

    def rerun(self) -> tuple[str, ...]: ...

    def own_tasks(self) -> Mapping[str, TaskRun]: ...

    def latest_tasks(self) -> Mapping[str, TaskRun]: ...

    def latest_states(self) -> dict[str, RunResultState]: ...

    def steps(self) -> list[TraceStep]: ...


@dataclass(frozen=True, eq=False)
class Run:
    """A finished job run: the original pass and one phase per repair.

    Task runs and the trace are built from the phases' recorded facts when first read.
    """

    job: Job
    scenario: Scenario
    run_id: int
    result_state: RunResultState
    duration: Seconds  # the run and all its repairs (SEMANTICS §9.6)
    phases: tuple[Phase, ...]
    semantics: str = "databricks"
    prelude: tuple[TraceStep, ...] = ()  # steps before the first phase (e.g. Run now's)

    @cached_property
    def tasks(self) -> Mapping[str, TaskRun]:
        """Every task's latest task run, in job order."""
        return self.phases[-1].latest_tasks()

    @cached_property
    def original(self) -> Mapping[str, TaskRun]:
        """The task runs of the run before any repair."""
        return self.phases[0].own_tasks()

    @cached_property
    def repairs(self) -> tuple[RepairRecord, ...]:
        records = []
        for phase in self.phases[1:]:
            own = phase.own_tasks()
            records.append(RepairRecord(
                repair_id=phase.repair_id, rerun=phase.rerun(), tasks=own, result_state=phase.result,
                duration=seconds(phase.latest_end), task_seconds=sum(tr.task_seconds for tr in own.values())))
        return tuple(records)

    @cached_property
    def trace(self) -> tuple[TraceStep, ...]:
        return self.prelude + tuple(step for phase in self.phases for step in phase.steps())

    @property
    def repair_count(self) -> int:
        return len(self.phases) - 1

    @property
    def latest_repair_id(self) -> int | None:
        return self.phases[-1].repair_id if len(self.phases) > 1 else None

    def state(self, task_key: str) -> RunResultState:
        return self.states[task_key]

    @cached_property
    def states(self) -> dict[str, RunResultState]:
        """task_key -> latest state, in job order (without building task runs)."""
        return self.phases[-1].latest_states()

    @property
    def committed_tasks(self) -> tuple[str, ...]:
        """Tasks whose writes are all committed (they succeeded), in job order."""
        return tuple(k for k, tr in self.tasks.items() if tr.commit is Commit.COMMITTED)

    @property
    def partially_committed_tasks(self) -> tuple[str, ...]:
        """Tasks that ran and failed: writes made before the failure may be committed."""
        return tuple(k for k, tr in self.tasks.items() if tr.commit is Commit.PARTIAL)

    @property
    def failure_like_tasks(self) -> tuple[str, ...]:
        return tuple(k for k, s in self.states.items() if s in FAILURE_LIKE)

    @property
    def success_like_tasks(self) -> tuple[str, ...]:
        return tuple(k for k, s in self.states.items() if s in SUCCESS_LIKE)

    @property
    def task_seconds(self) -> Seconds:
        """Compute time of the original run and every repair."""
        return sum(tr.task_seconds for tr in self.original.values()) + sum(r.task_seconds for r in self.repairs)

    def steps_for(self, task_key: str | None) -> tuple[TraceStep, ...]:
        return tuple(step for step in self.trace if step.task_key == task_key)

    def rules_used(self, facets: frozenset[Facet] | None = None) -> frozenset[str]:
        return frozenset(r for s in self.trace if facets is None or s.facet in facets for r in s.rules)
