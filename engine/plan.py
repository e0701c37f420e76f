"""A job compiled for simulation: tasks by position in topological order, dependencies as indexes.

Built once per Job (cached on it) so that every simulation of the job, under the true semantics
and under each misconception, walks plain tuples of ints instead of mappings of names.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from lakedrill.engine.states import RunIf

if TYPE_CHECKING:  # the model holds a job's plan; the plan only reads the model
    from lakedrill.engine.model import Job, Task

PLAIN, CONDITION, FOR_EACH = 0, 1, 2


@dataclass(frozen=True, eq=False)
class Plan:
    """A job compiled once for simulation: tasks by position in topological order."""

    keys: tuple[str, ...]  # task keys in topological order (ties by task_key, SEMANTICS §1.6)
    index: dict[str, int]  # task_key -> position
    tasks: tuple[Task, ...]  # by position
    deps: tuple[tuple[int, ...], ...]  # positions each task depends on
    edge_outcomes: tuple[tuple[str | None, ...] | None, ...]  # per dependency; None: no outcome edges
    run_if: tuple[RunIf, ...]
    kind: tuple[int, ...]  # PLAIN, CONDITION or FOR_EACH
    disabled: tuple[bool, ...]
    references: tuple[bool, ...]  # parameters hold dynamic value references to resolve at start
    leaves: tuple[int, ...]

    @classmethod
    def of(cls, job: Job) -> Plan:
        keys = job.order
        index = {key: pos for pos, key in enumerate(keys)}
        by_key, dep_keys = job.task_by_key, job.dependency_keys
        tasks = [by_key[key] for key in keys]
        deps = tuple([tuple([index[k] for k in dep_keys[key]]) if dep_keys[key] else () for key in keys])
        branching = {t.task_key for t in job.tasks for d in t.depends_on if d.outcome is not None}
        has_dependents = [False] * len(keys)
        for positions in deps:
            for q in positions:
                has_dependents[q] = True
        return cls(
            keys=keys,
            index=index,
            tasks=tuple(tasks),
            deps=deps,
            edge_outcomes=tuple([tuple([d.outcome for d in t.depends_on]) if t.task_key in branching else None
                                 for t in tasks]),
            run_if=tuple([t.run_if for t in tasks]),
            kind=tuple([CONDITION if t.condition_task is not None else FOR_EACH if t.for_each_task is not None
                        else PLAIN for t in tasks]),
            disabled=tuple([t.disabled for t in tasks]),
            references=tuple([t.parameters.has_references for t in tasks]),
            leaves=tuple([pos for pos, dependent in enumerate(has_dependents) if not dependent]),
        )
