"""The rules for runs of one job that meet in time (SEMANTICS §8, §11, §12.4), as small functions
that `Semantics` bundles, so that a misconception can swap one of them."""

from __future__ import annotations

from enum import StrEnum

QUEUE_LIMIT_SECONDS = 48 * 3600  # §8.3: a queued run waits up to 48 hours
MIN_SCHEDULE_GAP = 10  # §11.2: at least 10 seconds between schedule-triggered runs


class Admission(StrEnum):
    START = "start"
    QUEUE = "queue"
    SKIP = "skip"


def admit_run(active: int, limit: int, queue_enabled: bool) -> Admission:
    """§8.1–8.3: a new run starts when fewer than max_concurrent_runs are active; otherwise it is
    queued when queueing is on, and skipped when it is off. max_concurrent_runs 0 skips every run."""
    if limit == 0:
        return Admission.SKIP
    if active < limit:
        return Admission.START
    return Admission.QUEUE if queue_enabled else Admission.SKIP


def cancelled_when_lowered(active: int, new_limit: int) -> int:
    """§8.1: lowering max_concurrent_runs kills no active run; it only affects new ones."""
    return 0


def pause_cancels_active_runs() -> bool:
    """§11.6: pausing a schedule or trigger lets active runs continue."""
    return False


def skipped_run_alerts(no_alert_for_skipped_runs: bool) -> bool:
    """§12.4: a skipped run sends the job's on_failure alert unless no_alert_for_skipped_runs is set."""
    return not no_alert_for_skipped_runs
