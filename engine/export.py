"""Runs as plain JSON-ready data: the shape `lakedrill simulate --json` prints (issue contract).

Keys documented there (result_state, duration, tasks.<key>.{state, attempts, start, end, values,
outcome, iterations}, repair.{rerun, result_state, tasks}) are never renamed; others may be added.
"""

from __future__ import annotations

from typing import Any

from engine.rulebook import RULES
from engine.run import Iteration, Run, TaskRun, TraceStep


def task_run_as_dict(task_run: TaskRun) -> dict[str, Any]:
    return {
        "state": task_run.state.value,
        "attempts": len(task_run.attempts),
        "start": task_run.start,
        "end": task_run.end,
        "values": dict(task_run.values),
        "outcome": task_run.outcome,
        "iterations": None if task_run.iterations is None else [_iteration(it) for it in task_run.iterations],
        "reason": task_run.reason,
        "commit": task_run.commit.value,
        "attempt_history": [
            {"attempt": a.number, "start": a.start, "end": a.end, "state": a.state.value} for a in task_run.attempts
        ],
        "parameters": task_run.parameters,
        "task_seconds": task_run.task_seconds,
    }


def _iteration(it: Iteration) -> dict[str, Any]:
    return {"index": it.index, "input": it.input, "state": it.state.value, "attempts": len(it.attempts),
            "start": it.start, "end": it.end, "parameters": it.parameters}


def trace_step_as_dict(step: TraceStep) -> dict[str, Any]:
    rule = RULES[step.rule]
    return {"task_key": step.task_key, "rule": step.rule, "section": rule.section, "tier": step.tier.value,
            "facet": step.facet.value, "time": step.time, "repair_id": step.repair_id, "also": list(step.also),
            "message": step.message}


def run_as_dict(run: Run, repaired: Run | None = None, *, run_now: Run | None = None) -> dict[str, Any]:
    """`run` (the original run) and, if given, the same run after its latest repair."""
    data: dict[str, Any] = {
        "job_name": run.job.name,
        "run_id": run.run_id,
        "result_state": run.result_state.value,
        "duration": run.duration,
        "task_seconds": run.task_seconds,
        "tasks": {key: task_run_as_dict(tr) for key, tr in run.tasks.items()},
        "committed_tasks": list(run.committed_tasks),
        "partially_committed_tasks": list(run.partially_committed_tasks),
        "repair": None,
        "trace": [trace_step_as_dict(step) for step in run.trace],
    }
    if repaired is not None and repaired.repairs:
        record = repaired.repairs[-1]
        data["repair"] = {
            "repair_id": record.repair_id,
            "rerun": list(record.rerun),
            "reused": [key for key in repaired.tasks if key not in record.rerun],
            "result_state": record.result_state.value,
            "duration": record.duration,
            "task_seconds": record.task_seconds,
            "run_now_task_seconds": None if run_now is None else run_now.task_seconds,
            "tasks": {key: task_run_as_dict(tr) for key, tr in record.tasks.items()},
            "trace": [trace_step_as_dict(s) for s in repaired.trace if s.repair_id == record.repair_id],
        }
    return data
