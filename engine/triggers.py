"""Event triggers of a job: file arrival, table update and job completion (SEMANTICS §11).

`trigger_problems` checks a job's `trigger` settings as the Jobs API would; the `*_triggers`
functions turn a window's events (new files, table commits, upstream completions) into the
moments the trigger starts a run, with notes naming the rules that decided each. A rule the docs
leave open is named only where it decides something, so a key that never meets it never rests on
it.

Docs: https://docs.databricks.com/aws/en/jobs/file-arrival-triggers,
https://docs.databricks.com/aws/en/jobs/trigger-table-update,
https://docs.databricks.com/aws/en/jobs/job-completion-triggers.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from lakedrill.engine.errors import Problem

MIN_TRIGGER_SECONDS = 60  # both timing settings of file arrival and table update triggers
MAX_UPSTREAM_JOBS = 10
IF_STATUSES = ("SUCCESS", "FAILED", "DONE")
TABLE_CONDITIONS = ("ANY_UPDATED", "ALL_UPDATED")
_TIMING = ("min_time_between_triggers_seconds", "wait_after_last_change_seconds")
_KINDS = {"periodic", "file_arrival", "table_update", "table", "job_completion", "model", "pause_status"}

Note = tuple[str, str]


def trigger_kind(trigger: Mapping[str, Any] | None) -> str | None:
    """Which event trigger a job's `trigger` holds (table is the API's older name of table_update)."""
    if not trigger:
        return None
    for kind in ("periodic", "file_arrival", "table_update", "table", "job_completion", "model"):
        if trigger.get(kind) is not None:
            return "table_update" if kind == "table" else kind
    return None


def trigger_problems(trigger: Any) -> list[Problem]:
    """What the Jobs API would refuse in a job's `trigger` settings."""
    if trigger is None:
        return []
    if not isinstance(trigger, Mapping):
        return [Problem(("trigger",), "trigger must be a mapping", "e.g. {file_arrival: {url: /Volumes/main/raw/in/}}")]
    problems: list[Problem] = []
    for key in trigger:
        if key not in _KINDS:
            problems.append(Problem(("trigger", str(key)), f"a trigger has no field '{key}'",
                                    "triggers: periodic, file_arrival, table_update, job_completion",
                                    warning=True))  # the CLI warns about an unknown field and deploys
    kinds = [k for k in ("periodic", "file_arrival", "table_update", "table", "job_completion", "model")
             if trigger.get(k) is not None]
    if len(kinds) > 1:
        problems.append(Problem(("trigger",), f"a trigger is one kind, not {' and '.join(kinds)}"))
    for kind in ("file_arrival", "table_update", "table"):
        config = trigger.get(kind)
        if config is None:
            continue
        if not isinstance(config, Mapping):
            problems.append(Problem(("trigger", kind), f"{kind} must be a mapping"))
            continue
        for name in _TIMING:
            value = config.get(name)
            # 0 is the API's "not set" (as leaving it out)
            if value is not None and (isinstance(value, bool) or not isinstance(value, int | float)
                                      or 0 < value < MIN_TRIGGER_SECONDS or value < 0):
                problems.append(Problem(("trigger", kind, name), f"{name} is at least {MIN_TRIGGER_SECONDS} "
                                        f"seconds, not {value!r}", "leave it out (or 0), or give 60 or more"))
        if kind != "file_arrival":
            tables = config.get("table_names")
            if not isinstance(tables, list) or not tables or not all(isinstance(t, str) and t for t in tables):
                problems.append(Problem(("trigger", kind, "table_names"), "a table update trigger monitors a "
                                        "non-empty list of tables", "e.g. [main.sales.orders]"))
            condition = config.get("condition", "ANY_UPDATED")
            if condition not in TABLE_CONDITIONS:
                problems.append(Problem(("trigger", kind, "condition"), f"condition is ANY_UPDATED or ALL_UPDATED, "
                                        f"not {condition!r}"))
    config = trigger.get("job_completion")
    if config is not None:
        if not isinstance(config, Mapping):
            problems.append(Problem(("trigger", "job_completion"), "job_completion must be a mapping"))
        else:
            jobs = config.get("jobs")
            if not isinstance(jobs, list) or not 1 <= len(jobs) <= MAX_UPSTREAM_JOBS:
                problems.append(Problem(("trigger", "job_completion", "jobs"),
                                        f"a job completion trigger monitors 1 to {MAX_UPSTREAM_JOBS} upstream jobs"
                                        + (f", not {len(jobs)}" if isinstance(jobs, list) else ""),
                                        "e.g. [{job_id: 123}]"))
            else:
                for i, item in enumerate(jobs):
                    if not isinstance(item, Mapping) or item.get("job_id") in (None, ""):
                        problems.append(Problem(("trigger", "job_completion", "jobs", i),
                                                "an upstream job is {job_id: ...}", "e.g. {job_id: 123}"))
            status = config.get("if_status", "SUCCESS")
            if status not in IF_STATUSES:
                problems.append(Problem(("trigger", "job_completion", "if_status"),
                                        f"if_status is SUCCESS, FAILED or DONE, not {status!r}"))
    return problems


# ----------------------------------------------------------------------------- waiting for quiet


def quiet_triggers(events: list[float], wait: float, between: float, end: float, what: str,
                   rule: str) -> tuple[list[float], list[Note]]:
    """The moments a trigger that waits for `wait` seconds without new events, and fires at most once
    every `between` seconds, starts runs for `events` (sorted times). Events there when it fires are
    covered by that run."""
    notes: list[Note] = []
    fires: list[float] = []
    last_fire = float("-inf")
    i = 0
    while i < len(events):
        batch_last = events[i]
        j = i + 1
        while j < len(events) and events[j] < batch_last + wait:  # more activity: wait again
            batch_last = events[j]
            j += 1
        fire = max(batch_last + wait, last_fire + between)
        held = False
        while j < len(events) and events[j] < fire:
            # Activity while the minimum interval holds the trigger back: the docs do not say whether
            # it restarts the wait; the engine waits again after it.
            held = True
            batch_last = events[j]
            j += 1
            fire = max(batch_last + wait, last_fire + between)
        while j < len(events) and events[j] <= fire:
            j += 1
        if held:
            notes.append((rule, f"{what} arrived while the minimum time between triggers held the trigger back: "
                                "the trigger waits again after it, and one run covers them"))
        if fire < end:
            fires.append(fire)
        last_fire = fire
        i = j
    return fires, notes


def table_update_triggers(config: Mapping[str, Any], commits: tuple[tuple[float, str], ...],
                          end: float) -> tuple[list[float], list[Note]]:
    """When a table update trigger starts runs, from the commits to the tables it monitors."""
    tables = [str(t) for t in config.get("table_names") or ()]
    condition = config.get("condition", "ANY_UPDATED")
    wait = float(config.get("wait_after_last_change_seconds") or 0)
    between = float(config.get("min_time_between_triggers_seconds") or 0)
    watched = [(at, table) for at, table in commits if table in tables]
    ignored = len(commits) - len(watched)
    notes: list[Note] = []
    if ignored:
        notes.append(("trigger.table_update_any", f"{ignored} commit{'s' if ignored > 1 else ''} to tables the "
                                                  "trigger does not monitor start nothing"))
    if condition == "ANY_UPDATED" or len(tables) == 1:
        notes.append(("trigger.table_update_any", f"a commit to any of {', '.join(tables)} counts as an update"))
        timing = _timing_notes(wait, between, "table updates")
        fires, held = quiet_triggers([at for at, _ in watched], wait, between, end, "a table update",
                                     "trigger.table_update_hold_back")
        return fires, notes + timing + held
    notes.append(("trigger.table_update_all", f"ALL_UPDATED: a run only once every one of {', '.join(tables)} has "
                                              "been updated"))
    notes += _timing_notes(wait, between, "table updates")
    fires: list[float] = []
    seen: dict[str, float] = {}
    last_fire = float("-inf")
    later = False
    pending: float | None = None  # when the trigger would fire for the updates seen so far
    for index, (at, table) in enumerate(watched + [(float("inf"), "")]):
        if pending is not None and pending <= at:
            fires.append(pending)
            last_fire, seen, pending, later = pending, {}, None, True
        if at == float("inf"):
            break
        if later and not seen:
            notes.append(("trigger.table_update_all_since_last", "after a run, every table must be updated again "
                                                                 "before the next one"))
        seen[table] = at
        if len(seen) == len(tables):
            pending = max(at + wait, last_fire + between)
    fires = [f for f in fires if f < end]
    return fires, notes


def _timing_notes(wait: float, between: float, what: str) -> list[Note]:
    notes = []
    if wait:
        notes.append(("trigger.wait_after_last_change", f"a run starts only once no {what} have come for "
                                                        f"{wait:g} s"))
    if between:
        notes.append(("trigger.min_time_between", f"runs are at least {between:g} s apart"))
    return notes


def job_completion_triggers(config: Mapping[str, Any], completions: tuple[tuple[float, str, str], ...],
                            end: float) -> tuple[list[float], list[Note]]:
    """When a job completion trigger starts runs, from the upstream jobs' finished runs."""
    jobs = [str(item.get("job_id")) for item in config.get("jobs") or ()]
    status = config.get("if_status", "SUCCESS")
    notes: list[Note] = [("trigger.job_completion_status", f"if_status {status}: " + {
        "SUCCESS": "a run that ended Succeeded or Succeeded with failures matches",
        "FAILED": "a run that ended any way but Succeeded or Succeeded with failures matches",
        "DONE": "every finished run matches"}[status])]
    if len(jobs) > 1:
        notes.append(("trigger.job_completion_all", f"with {len(jobs)} upstream jobs, a run only once each has a new "
                                                    "matching completion"))
    else:
        notes.append(("trigger.job_completion_each", "each new matching completion starts a run"))
    fires: list[float] = []
    seen: set[str] = set()
    for at, job, result in completions:
        if job not in jobs or at >= end:
            continue
        if not _matches(status, result):
            if job in seen:
                notes.append(("trigger.job_completion_non_matching", f"{job} ended {result} after a matching "
                                                                     "completion: the earlier one still counts"))
            continue
        if job in seen and len(jobs) > 1:
            notes.append(("trigger.job_completion_all", f"{job} completed again before the others: its latest "
                                                        "matching completion counts, once"))
        seen.add(job)
        if seen == set(jobs):
            fires.append(at)
            seen = set()
    return fires, notes


def _matches(status: str, result: str) -> bool:
    success = result in ("SUCCESS", "SUCCESS_WITH_FAILURES")
    return status == "DONE" or (status == "SUCCESS") == success
