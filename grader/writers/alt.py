"""The text alternative of a job's task graph: the diagram in words, for screen readers and for
every place a picture cannot go ("ingest, then silver_orders and silver_payments in parallel;
cleanup runs when all are done").

The graph is read in levels (a task's level is the longest chain of dependencies above it). A level
of tasks that wait, with the default Run if, for exactly the whole level before it reads "then a
and b in parallel"; any other dependency, Run if or branch outcome is said of the task itself, so
the words hold every edge the picture draws.
"""

from __future__ import annotations

from lakedrill.engine import Job
from lakedrill.engine.states import RunIf

_WHEN = {
    RunIf.ALL_DONE: "when {all} done",
    RunIf.AT_LEAST_ONE_SUCCESS: "when at least one of {deps} succeeded",
    RunIf.NONE_FAILED: "when none of {deps} failed",
    RunIf.AT_LEAST_ONE_FAILED: "when at least one of {deps} failed",
    RunIf.ALL_FAILED: "when all of {deps} failed",
}


def _names(keys) -> str:
    keys = list(keys)
    if len(keys) == 1:
        return keys[0]
    return ", ".join(keys[:-1]) + " and " + keys[-1]


def _label(job: Job, key: str) -> str:
    task = job.task_by_key[key]
    notes = []
    if task.is_condition:
        notes.append("an If/else condition")
    if task.is_for_each:
        notes.append("a For each loop")
    if task.disabled:
        notes.append("disabled")
    return f"{key} ({', '.join(notes)})" if notes else key


def levels(job: Job) -> list[list[str]]:
    """The tasks by level, each level in the job's topological order."""
    depth: dict[str, int] = {}
    deps = job.dependency_keys
    for key in job.order:
        depth[key] = 1 + max((depth[d] for d in deps[key]), default=-1)
    out: list[list[str]] = [[] for _ in range(1 + max(depth.values(), default=-1))]
    for key in job.order:
        out[depth[key]].append(key)
    return out


def describe(job: Job) -> str:
    """The task graph of `job` in one or a few plain sentences."""
    if not job.tasks:
        return "A job with no tasks."
    tasks = job.task_by_key
    layers = levels(job)
    clauses: list[str] = []
    for number, layer in enumerate(layers):
        previous = set(layers[number - 1]) if number else set()
        plain: list[str] = []  # default Run if, waiting for exactly the whole previous level
        for key in layer:
            task = tasks[key]
            deps = [d.task_key for d in task.depends_on]
            outcomes = [d for d in task.depends_on if d.outcome is not None]
            if number and set(deps) == previous and task.run_if == RunIf.ALL_SUCCESS and not outcomes:
                plain.append(key)
                continue
            if not number:
                plain.append(key)
                continue
            clauses.append(_clause(job, key, deps, previous))
        if plain:
            group = _names(_label(job, k) for k in plain)
            together = " in parallel" if len(plain) > 1 else ""
            if number == 0:
                lead = "first " if len(layers) > 1 and len(plain) > 1 else ""
                clauses.insert(0, f"{lead}{group}{together}")
            else:
                # plain tasks of a level read before the level's special ones
                at = len(clauses) - (len(layer) - len(plain))
                clauses.insert(at, f"then {group}{together}")
    text = clauses[0]
    for clause in clauses[1:]:
        text += (", " if clause.startswith("then ") else "; ") + clause
    return text + "."  # task keys keep their case, even first


def _clause(job: Job, key: str, deps: list[str], previous: set[str]) -> str:
    task = job.task_by_key[key]
    label = _label(job, key)
    branches = [f"{d.task_key} is {str(d.outcome).lower()}" for d in task.depends_on if d.outcome is not None]
    others = [d.task_key for d in task.depends_on if d.outcome is None]
    whole = set(deps) == previous and len(deps) > 1
    if task.run_if == RunIf.ALL_SUCCESS:
        parts = []
        if others:
            parts.append(f"after {_names(others)}")
        if branches:
            parts.append(f"if {' and '.join(branches)}")
        return f"{label} runs {' '.join(parts)}"
    everyone = "all are" if whole else (f"{_names(deps)} are" if len(deps) > 1 else f"{deps[0]} is")
    when = _WHEN[task.run_if].format(all=everyone, deps=_names(deps))
    if branches:
        when += f" (on the branch where {' and '.join(branches)})"
    return f"{label} runs {when}"
