"""Plain-text outlines of jobs and runs, for test failure notes and the author's eye."""

from __future__ import annotations

from lakedrill.engine.model import Job, Task
from lakedrill.engine.run import Run
from lakedrill.engine.states import RunIf


def task_line(task: Task) -> str:
    parts = [task.task_key]
    if task.depends_on:
        parts.append("<- " + ", ".join(d.task_key + (f"({d.outcome})" if d.outcome else "") for d in task.depends_on))
    if task.run_if is not RunIf.ALL_SUCCESS:
        parts.append(f"run_if={task.run_if}")
    if task.condition_task is not None:
        c = task.condition_task
        parts.append(f"if {c.left} {c.op} {c.right}")
    if task.for_each_task is not None:
        fe = task.for_each_task
        parts.append(f"for each {fe.inputs} (concurrency {fe.effective_concurrency})")
    if task.max_retries:
        parts.append(f"max_retries={task.max_retries}")
    if task.min_retry_interval_millis:
        parts.append(f"min_retry_interval_millis={task.min_retry_interval_millis}")
    if task.timeout_seconds:
        parts.append(f"timeout_seconds={task.timeout_seconds}" + (" retry_on_timeout" if task.retry_on_timeout else ""))
    if task.disabled:
        parts.append("disabled")
    return "  ".join(parts)


def outline(job: Job) -> str:
    """One line per task in job order: key, dependencies, run_if and the settings that matter."""
    return "\n".join(task_line(job.task_by_key[key]) for key in job.order)


def run_outline(run: Run) -> str:
    lines = [f"run {run.run_id}: {run.result_state} in {run.duration}s"]
    for key, tr in run.tasks.items():
        lines.append(f"  {key}: {tr.state} attempts={len(tr.attempts)} start={tr.start} end={tr.end} ({tr.reason})")
    return "\n".join(lines)
