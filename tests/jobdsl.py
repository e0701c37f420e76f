"""A small vocabulary for writing jobs and scenarios in tests, through the real parsers."""

from __future__ import annotations

from typing import Any

import pytest

from lakedrill.engine import Run, parse_job, parse_scenario, simulate
from lakedrill.engine.model import Job

rule = pytest.mark.rule


def _deps(deps) -> list[dict[str, Any]]:
    out = []
    for d in deps:
        if isinstance(d, tuple):
            out.append({"task_key": d[0], "outcome": d[1]})
        else:
            out.append({"task_key": d})
    return out


def nb(key: str, *deps, run_if: str | None = None, **extra) -> dict[str, Any]:
    """A notebook task; a dependency is a key, or (key, "true"/"false") after a condition task."""
    task: dict[str, Any] = {"task_key": key, "notebook_task": {"notebook_path": f"/jobs/{key}"}}
    if deps:
        task["depends_on"] = _deps(deps)
    if run_if:
        task["run_if"] = run_if
    task.update(extra)
    return task


def cond(key: str, left: str, op: str, right: str, *deps, **extra) -> dict[str, Any]:
    task: dict[str, Any] = {"task_key": key, "condition_task": {"op": op, "left": left, "right": right}}
    if deps:
        task["depends_on"] = _deps(deps)
    task.update(extra)
    return task


def for_each(key: str, inputs, *deps, concurrency: int | None = None, nested: dict | None = None,
             **extra) -> dict[str, Any]:
    body: dict[str, Any] = {"inputs": inputs, "task": nested or nb(f"{key}_iteration")}
    if concurrency is not None:
        body["concurrency"] = concurrency
    task: dict[str, Any] = {"task_key": key, "for_each_task": body}
    if deps:
        task["depends_on"] = _deps(deps)
    task.update(extra)
    return task


def job(*tasks: dict[str, Any], **settings: Any) -> Job:
    return parse_job({"tasks": list(tasks), **settings})


def behaviour(spec: Any) -> dict[str, Any]:
    """'FAILED' -> {outcomes: [FAILED]}; a list -> outcomes per attempt; a number -> a duration."""
    if isinstance(spec, str):
        return {"outcomes": [spec]}
    if isinstance(spec, list):
        return {"outcomes": spec}
    if isinstance(spec, int | float):
        return {"duration": spec}
    return spec


def scenario(j: Job, scenario_data: dict | None = None, **tasks: Any):
    data = dict(scenario_data or {})
    data.setdefault("tasks", {}).update({k: behaviour(v) for k, v in tasks.items()})
    return parse_scenario(data, j)


def run(j: Job, scenario_data: dict | None = None, **tasks: Any) -> Run:
    """Simulate `j`; keyword arguments say how a task behaves (see `behaviour`)."""
    return simulate(j, scenario(j, scenario_data, **tasks))


def states(r: Run) -> dict[str, str]:
    return {k: v.value for k, v in r.states.items()}


def rules_for(r: Run, task_key: str | None) -> set[str]:
    return {rule_id for step in r.trace if step.task_key == task_key for rule_id in step.rules}
