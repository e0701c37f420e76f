"""What a simulated run leaves behind: task runs, attempts, iterations, the trace (SEMANTICS §13).

Times are simulated seconds from the start of the run (a repair's tasks: from the start of that
repair). A whole number of seconds is an int so that output reads 300, not 300.0.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cached_property
from typing import Any

from engine.model import EMPTY, Job
from engine.rulebook import RULES, Tier
from engine.scenario import Scenario
from engine.states import FAILURE_LIKE, SUCCESS_LIKE, RunResultState

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
    rule: str  # the id (engine.rulebook.RULES) of the rule that made the decision
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


@dataclass(frozen=True)
class Run:
    job: Job
    scenario: Scenario
    run_id: int
    tasks: Mapping[str, TaskRun]  # every task's latest task run, in job order
    result_state: RunResultState
    duration: Seconds  # the run and all its repairs (SEMANTICS §9.6)
    trace: tuple[TraceStep, ...]
    original: Mapping[str, TaskRun] = field(default=EMPTY, compare=False)  # before any repair
    repairs: tuple[RepairRecord, ...] = ()
    semantics: str = "databricks"

    @property
    def repair_count(self) -> int:
        return len(self.repairs)

    @property
    def latest_repair_id(self) -> int | None:
        return self.repairs[-1].repair_id if self.repairs else None

    def state(self, task_key: str) -> RunResultState:
        return self.tasks[task_key].state

    @cached_property
    def states(self) -> dict[str, RunResultState]:
        return {key: tr.state for key, tr in self.tasks.items()}

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
        return tuple(k for k, tr in self.tasks.items() if tr.state in FAILURE_LIKE)

    @property
    def success_like_tasks(self) -> tuple[str, ...]:
        return tuple(k for k, tr in self.tasks.items() if tr.state in SUCCESS_LIKE)

    @property
    def task_seconds(self) -> Seconds:
        """Compute time of the original run and every repair."""
        first = sum(tr.task_seconds for tr in (self.original or self.tasks).values())
        return first + sum(r.task_seconds for r in self.repairs)

    def steps_for(self, task_key: str | None) -> tuple[TraceStep, ...]:
        return tuple(step for step in self.trace if step.task_key == task_key)

    def rules_used(self, facets: frozenset[Facet] | None = None) -> frozenset[str]:
        return frozenset(r for s in self.trace if facets is None or s.facet in facets for r in s.rules)
