"""Runs as plain JSON-ready data: the shape `lakedrill simulate --json` prints (issue contract).

Keys documented there (result_state, duration, tasks.<key>.{state, attempts, start, end, values,
outcome, iterations}, repair.{rerun, result_state, tasks}) are never renamed; others may be added.
"""

from __future__ import annotations

from typing import Any

from lakedrill.engine.model import ComputeKind, Job, Task
from lakedrill.engine.parse import TASK_TYPES
from lakedrill.engine.rulebook import RULES
from lakedrill.engine.run import Iteration, Run, TaskRun, TraceStep
from lakedrill.engine.states import RunIf


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
    return {"task_key": step.task_key, "rule": step.rule, "tier": step.tier.value, "links": list(rule.links),
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


def task_as_dict(task: Task) -> dict[str, Any]:
    """A Task in the Jobs API JobSettings shape; parse_job reads it back to the same Task."""
    data: dict[str, Any] = {"task_key": task.task_key}
    if task.description:
        data["description"] = task.description
    if task.depends_on:
        data["depends_on"] = [{"task_key": d.task_key, **({"outcome": d.outcome} if d.outcome else {})}
                              for d in task.depends_on]
    if task.run_if is not RunIf.ALL_SUCCESS:
        data["run_if"] = task.run_if.value
    if task.condition_task is not None:
        c = task.condition_task
        data["condition_task"] = {"op": c.op.value, "left": c.left, "right": c.right}
    elif task.for_each_task is not None:
        fe = task.for_each_task
        body: dict[str, Any] = {"inputs": fe.inputs, "task": task_as_dict(fe.task)}
        if fe.concurrency is not None:
            body["concurrency"] = fe.concurrency
        data["for_each_task"] = body
    else:
        body = dict(task.extra.get(task.task_type) or {})
        if task.task_type == "notebook_task":
            body.setdefault("notebook_path", f"/Workspace/jobs/{task.task_key}")
            if task.parameters.named:
                body["base_parameters"] = dict(task.parameters.named)
        elif task.parameters.positional is not None:
            body["parameters"] = list(task.parameters.positional)
        data[task.task_type] = body
    for name, default in (("max_retries", 0), ("min_retry_interval_millis", 0), ("retry_on_timeout", False),
                          ("timeout_seconds", 0), ("disabled", False)):
        value = getattr(task, name)
        if value != default:
            data[name] = value
    compute = task.compute
    if compute.kind is ComputeKind.JOB_CLUSTER:
        data["job_cluster_key"] = compute.key
    elif compute.kind is ComputeKind.EXISTING_CLUSTER:
        data["existing_cluster_id"] = compute.key
    elif compute.kind is ComputeKind.NEW_CLUSTER:
        data["new_cluster"] = dict(task.extra.get("new_cluster") or {})
    elif compute.kind is ComputeKind.SERVERLESS and compute.key is not None:
        data["environment_key"] = compute.key
    for name, value in task.extra.items():
        if name not in data and name not in TASK_TYPES and name != "new_cluster":
            data[name] = value
    return data


def job_as_dict(job: Job) -> dict[str, Any]:
    """A Job as JobSettings (what `databricks jobs get` prints under settings)."""
    data: dict[str, Any] = {}
    if job.name is not None:
        data["name"] = job.name
    data["tasks"] = [task_as_dict(t) for t in job.tasks]
    if job.job_clusters:
        data["job_clusters"] = [{"job_cluster_key": c.job_cluster_key, "new_cluster": dict(c.new_cluster)}
                                for c in job.job_clusters]
    if job.parameters:
        data["parameters"] = [{"name": p.name, "default": p.default} for p in job.parameters]
    if job.max_concurrent_runs != 1:
        data["max_concurrent_runs"] = job.max_concurrent_runs
    if job.queue_enabled is not None:
        data["queue"] = {"enabled": job.queue_enabled}
    if job.timeout_seconds:
        data["timeout_seconds"] = job.timeout_seconds
    if job.schedule is not None:
        s = job.schedule
        data["schedule"] = {"quartz_cron_expression": s.quartz_cron_expression, "timezone_id": s.timezone_id,
                            "pause_status": s.pause_status}
    if job.environments:
        data["environments"] = [{"environment_key": key, "spec": {"client": "1"}} for key in job.environments]
    for name, value in job.extra.items():
        data.setdefault(name, value)
    return data


def _whole(seconds: float | None) -> float | int | None:
    """3600.0 -> 3600: times of a window read as the whole seconds they are (a fraction stays)."""
    return int(seconds) if isinstance(seconds, float) and seconds.is_integer() else seconds


def timeline_as_dict(timeline, alerts=()) -> dict[str, Any]:
    """Runs of a job over a window: the `runs` list of `lakedrill simulate --json`. Times are seconds
    after the window's start (`window.start`)."""
    by_run: dict[int, list[str]] = {}
    for number, notification in alerts:
        by_run.setdefault(number, []).append(notification.event)
    return {
        "window": {"start": timeline.clock(0), "seconds": _whole(timeline.seconds)},
        "max_active": timeline.max_active,
        "runs": [{
            "number": run.number,
            "trigger": run.trigger,
            "trigger_time": _whole(run.trigger_time),
            "state": run.state,
            "start": _whole(run.start),
            "end": _whole(run.end),
            "result_state": run.result_state,
            "queued_seconds": _whole(run.queued_seconds),
            "termination_code": run.termination_code,
            "alerts": by_run.get(run.number, []),
            "reason": run.reason,
            "rules": list(run.rules),
        } for run in timeline.runs],
        "notes": [{"rule": rule, "text": text} for rule, text in timeline.notes],
    }
