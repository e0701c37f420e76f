"""Scheduling of a pass (decision 7, SEMANTICS §7.4, §10.2): tasks visited in topological order,
each starting when its last dependency is done (after its cluster starts, when the scenario gives
start-up times), what a job-level timeout stops, and the job's result at the end."""

from __future__ import annotations

import copy
from typing import TYPE_CHECKING

from lakedrill.engine import attempts, gates, lookup
from lakedrill.engine.model import EMPTY, ComputeKind
from lakedrill.engine.plan import CONDITION, PLAIN
from lakedrill.engine.run import Attempt, Facet, seconds
from lakedrill.engine.scenario import ALWAYS_SUCCEEDS
from lakedrill.engine.states import RunResultState

if TYPE_CHECKING:
    from lakedrill.engine.simulate import Phase

S = RunResultState

# What one pass changes on its Phase: restored before the pass is made again.
PASS_STATE = ("state", "start", "end", "finished", "attempts", "outcome", "values", "iterations", "parameters",
              "reason", "overrides", "notes", "tail", "executed", "latest_end", "busy_until", "result", "waited",
              "first_ready", "stopped")


def execute(p: Phase) -> None:
    if p.startup_ms is None:
        one_pass(p)
        return
    # Tasks are visited in dependency order, not in the order they become ready, so a cluster's
    # request time (its earliest-ready task, §10.2) is known only after a pass: pass again with
    # it until it holds. The earliest-ready task of a cluster never waits on that cluster, so
    # this settles within a pass per cluster.
    pristine = {name: copy.copy(getattr(p, name)) for name in PASS_STATE}
    for _ in range(len(p.startup_ms) + 2):
        one_pass(p)
        if p.first_ready == p.requested:
            return
        p.requested = dict(p.first_ready)
        for name, value in pristine.items():
            setattr(p, name, copy.copy(value))


def one_pass(p: Phase) -> None:
    plan, sem = p.plan, p.sem
    deps_of, kinds, disabled = plan.deps, plan.kind, plan.disabled
    state, finished, executed = p.state, p.finished, p.executed
    start_time, skipped_as = sem.start_time, gates.gate_of(p)
    plain, startup = attempts.plain_of(p), p.startup_ms is not None
    for pos in range(len(plan.keys)):
        if not executed[pos]:
            continue
        deps = deps_of[pos]
        ready = 0
        for q in deps:
            if finished[q] > ready:
                ready = finished[q]
        if disabled[pos]:
            state[pos], finished[pos] = S.DISABLED, ready
            continue
        if deps:
            skip = skipped_as(pos)
            if skip is not None:
                state[pos], finished[pos] = skip, ready
                continue
        start = start_time(ready, p.busy_until)
        kind = kinds[pos]
        if startup and kind != CONDITION:
            start = after_startup(p, pos, start)
        if kind == PLAIN:
            end = plain(pos, start)
        elif kind == CONDITION:
            end = attempts.condition(p, pos, start)
        else:
            end = attempts.for_each(p, pos, start)
        p.start[pos], p.end[pos], finished[pos] = start, end, end
        if end > p.busy_until:
            p.busy_until = end
    p.latest_end = p.busy_until  # the end of the last attempt of this phase
    timed_out = p.run_limit and p.latest_end > p.run_limit * 1000
    if timed_out:
        stop_at_job_timeout(p, p.run_limit * 1000)
    serverless_failures(p)  # of the tasks as they ended, the timeout included
    if not timed_out:
        p.result = gates.job_result(p)


def after_startup(p: Phase, pos: int, start: int) -> int:
    """§10.2, §10.7: the first task on a cluster waits for it to start; a later one waits only
    while the cluster is still starting."""
    where = p.cluster_at[pos]
    delay = None if where is None else p.startup_ms.get(where[0])
    if delay is None:
        return start
    name = where[0]
    if start < p.first_ready.get(name, start + 1):
        p.first_ready[name] = start
    requested = min(p.requested.get(name, start), start)
    if p.sem.startup_waits(requested < start):
        begins = start + delay if requested < start else requested + delay
    else:
        begins = max(start, requested + delay)
    if begins != start:
        p.waited[pos] = (name, start)
    return begins


def stop_at_job_timeout(p: Phase, limit: int) -> None:
    """§7.4: a job-level timeout_seconds stops the run when it has run that long; its result is
    Timed out. What becomes of its tasks is an engine decision (timeout.job_run_stops_tasks): one
    still running or waiting to retry ends Timed out then, one not started by then is Canceled.
    Everything before the timeout happened as simulated: nothing later can change it."""
    said = f"the job run reached timeout_seconds={p.run_limit}"
    for pos in range(len(p.plan.keys)):
        if not p.executed[pos]:
            continue
        start, end = p.start[pos], p.end[pos]
        if start is None:
            if p.finished[pos] <= limit:
                continue  # skipped (or disabled) before the run was stopped
        elif end <= limit:
            continue
        if start is None or start >= limit:
            p.state[pos], p.start[pos], p.end[pos] = S.CANCELED, None, None
            p.attempts[pos] = p.iterations[pos] = None
            p.outcome[pos], p.values[pos], p.parameters[pos] = None, EMPTY, lookup.LAZY
            p.reason[pos] = f"{said} before it started, so it never ran"
            p.stopped.add(pos)
        else:
            p.attempts[pos] = attempts.cut(p.attempts[pos] or (Attempt(0, seconds(start), seconds(end),
                                                                         p.state[pos]),), limit)
            if p.iterations[pos] is not None:
                p.iterations[pos] = attempts.cut_iterations(p.iterations[pos], limit)
            p.state[pos], p.end[pos], p.values[pos] = S.TIMEDOUT, limit, EMPTY
            p.reason[pos] = f"{said} while it was running, and it was stopped"
        p.finished[pos] = limit
        p.note(pos, "timeout.job_run_stops_tasks",
               f"{said} at {seconds(limit)}s: " + ("canceled before it started" if pos in p.stopped
                                                   else "stopped, Timed out"), Facet.STATE, limit)
    p.busy_until = p.latest_end = limit
    p.result = S.TIMEDOUT
    p.tail.append((None, "timeout.job_run", f"{said} and was stopped at {seconds(limit)}s: the run is "
                   "Timed out", Facet.RESULT, limit, ()))


def serverless_failures(p: Phase) -> None:
    """§7.7, edge case 25: serverless auto-optimization may retry a failed task that has no retry
    policy, an unknown number of times; the engine does not, and says so where it matters."""
    if S.FAILED not in p.state:
        return
    for pos in range(len(p.plan.keys)):
        if p.state[pos] is not S.FAILED or not p.executed[pos] or p.start[pos] is None:
            continue
        task = p.plan.tasks[pos]
        if (task.compute.kind is ComputeKind.SERVERLESS and not task.max_retries
                and not task.extra.get("disable_auto_optimization")):
            # A retry would change the task's state only if a later attempt would succeed; when
            # its code fails on every attempt, only the timing rests on this.
            behaviour = p.behaviours.get(task.task_key, ALWAYS_SUCCEEDS)
            later = behaviour.outcomes[1:] if p.plan.kind[pos] == PLAIN else ()
            facet = Facet.STATE if S.SUCCESS in later else Facet.TIMING
            p.note(pos, "retry.serverless_auto_retry_not_modelled",
                   "it runs on serverless compute with no retry policy: auto-optimization might retry it, "
                   "which this simulation does not do", facet, p.end[pos])
