"""Which notifications a finished run sends (SEMANTICS §12), job level and task level.

Destinations are read from the job as the API holds them: `email_notifications` and
`webhook_notifications` (job and task), `notification_settings` (alert_on_last_attempt on a task,
no_alert_for_skipped_runs / no_alert_for_canceled_runs on the job), and `health.rules` with
RUN_DURATION_SECONDS for the duration warning (job and task). Only events that have a
destination are sent.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from lakedrill.engine.run import Run
from lakedrill.engine.states import RunResultState
from lakedrill.engine.words import attempt as attempt_words

S = RunResultState
EVENTS = ("on_start", "on_success", "on_failure", "on_duration_warning_threshold_exceeded")


@dataclass(frozen=True)
class Notification:
    """A notification that fires for a run: job or task level, which event, about which attempt."""

    level: str  # "job" or "task"
    event: str  # on_start, on_success, on_failure, on_duration_warning_threshold_exceeded
    task_key: str | None = None
    attempt: int | None = None  # the task attempt it is about: the API's attempt_number, 0 for the first

    def __str__(self) -> str:
        where = "job" if self.task_key is None else f"task {self.task_key}"
        attempt = "" if self.attempt is None else f" ({attempt_words(self.attempt)})"  # counted from 1
        return f"{where} {self.event}{attempt}"


def job_alert_events(result: RunResultState, retried_failures: bool) -> frozenset[str]:
    """§12.2–12.3: a job-level alert follows the run's result: on_success for Succeeded and for
    Succeeded with failures, on_failure for Failed or Timed out, and (§12.4) for Canceled, which
    no_alert_for_canceled_runs mutes; failed attempts that a retry recovered send no job-level
    failure alert."""
    if result in (S.SUCCESS, S.SUCCESS_WITH_FAILURES):
        return frozenset({"on_success"})
    if result in (S.FAILED, S.TIMEDOUT, S.CANCELED):
        return frozenset({"on_failure"})
    return frozenset()


def task_alert_attempts(states: tuple[RunResultState, ...], alert_on_last_attempt: bool) -> tuple[int, ...]:
    """§12.3: a task's on_failure fires for each failed attempt, or only for a failed last
    attempt with alert_on_last_attempt."""
    failed = tuple(i for i, s in enumerate(states) if s in (S.FAILED, S.TIMEDOUT))
    if alert_on_last_attempt:
        return failed[-1:] if failed and failed[-1] == len(states) - 1 else ()
    return failed


def destinations(settings: Mapping[str, Any] | None) -> set[str]:
    """The events with at least one destination in email_notifications / webhook_notifications."""
    out: set[str] = set()
    for field in ("email_notifications", "webhook_notifications"):
        block = (settings or {}).get(field) or {}
        if isinstance(block, Mapping):
            out |= {event for event in EVENTS if block.get(event)}
    return out


def duration_threshold(settings: Mapping[str, Any]) -> float | None:
    rules = ((settings.get("health") or {}).get("rules") or []) if isinstance(settings.get("health"), Mapping) else []
    for rule in rules:
        if isinstance(rule, Mapping) and rule.get("metric") == "RUN_DURATION_SECONDS":
            return float(rule.get("value", 0))
    return None


def notifications(run: Run, *, job_events=job_alert_events, task_attempts=task_alert_attempts) -> tuple[Notification, ...]:
    """The notifications `run` sends, job level first, then task level in job order."""
    job = run.job
    job_settings = dict(job.extra)
    wanted = destinations(job_settings)
    out: list[Notification] = []
    if "on_start" in wanted:
        out.append(Notification("job", "on_start"))
    retried = any(len(tr.attempts) > 1 and tr.state is S.SUCCESS for tr in run.tasks.values())
    for event in sorted(job_events(run.result_state, retried) & wanted - _muted(job_settings, run.result_state)):
        out.append(Notification("job", event))
    threshold = duration_threshold(job_settings)
    if threshold is not None and "on_duration_warning_threshold_exceeded" in wanted and run.duration > threshold:
        out.append(Notification("job", "on_duration_warning_threshold_exceeded"))
    for key, task_run in run.tasks.items():
        task = job.task_by_key[key]
        events = destinations(task.extra)
        if not events or not task_run.attempts:
            continue
        settings = task.extra.get("notification_settings") or {}
        last_only = bool(settings.get("alert_on_last_attempt")) if isinstance(settings, Mapping) else False
        states = tuple(a.state for a in task_run.attempts)
        if "on_start" in events:
            for i in range(1 if last_only else len(states)):
                out.append(Notification("task", "on_start", key, i))
        if "on_failure" in events:
            out.extend(Notification("task", "on_failure", key, i) for i in task_attempts(states, last_only))
        if "on_success" in events and task_run.state is S.SUCCESS:
            out.append(Notification("task", "on_success", key, len(states) - 1))
        threshold = duration_threshold(task.extra)
        if threshold is not None and "on_duration_warning_threshold_exceeded" in events:
            out.extend(Notification("task", "on_duration_warning_threshold_exceeded", key, a.number)
                       for a in task_run.attempts if a.duration > threshold)
    return tuple(out)


def _muted(settings: Mapping[str, Any], result: RunResultState) -> frozenset[str]:
    """§12.4: notification_settings.no_alert_for_canceled_runs keeps a canceled run's on_failure quiet."""
    block = settings.get("notification_settings")
    if result is S.CANCELED and isinstance(block, Mapping) and block.get("no_alert_for_canceled_runs"):
        return frozenset({"on_failure"})
    return frozenset()


def _no_alert_for_skipped(settings: Mapping[str, Any]) -> bool:
    """notification_settings.no_alert_for_skipped_runs, or the deprecated email_notifications one (§12.4)."""
    for field in ("notification_settings", "email_notifications"):
        block = settings.get(field)
        if isinstance(block, Mapping) and block.get("no_alert_for_skipped_runs"):
            return True
    return False


def timeline_alerts(timeline, *, job_events=job_alert_events, skipped_alerts=None) -> tuple[tuple[int, Notification], ...]:
    """The job-level notifications each run of a window sends, as (run number, notification): a
    skipped run sends on_failure unless no_alert_for_skipped_runs (§12.4); a run that ran sends
    on_start, then the alert of its result (§12.2; a canceled one unless no_alert_for_canceled_runs)
    and the duration warning (§12.5)."""
    from lakedrill.engine.concurrency import skipped_run_alerts

    skipped_alerts = skipped_alerts or skipped_run_alerts
    settings = dict(timeline.job.extra)
    wanted = destinations(settings)
    muted = _no_alert_for_skipped(settings)
    threshold = duration_threshold(settings)
    out: list[tuple[int, Notification]] = []
    for run in timeline.runs:
        if not run.ran:
            if "on_failure" in wanted and skipped_alerts(muted):
                out.append((run.number, Notification("job", "on_failure")))
            continue
        if "on_start" in wanted:
            out.append((run.number, Notification("job", "on_start")))
        result = RunResultState(run.result_state)
        for event in sorted(job_events(result, False) & wanted - _muted(settings, result)):
            out.append((run.number, Notification("job", event)))
        if (threshold is not None and "on_duration_warning_threshold_exceeded" in wanted
                and run.end - run.start > threshold):
            out.append((run.number, Notification("job", "on_duration_warning_threshold_exceeded")))
    return tuple(out)
