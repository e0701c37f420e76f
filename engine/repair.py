"""Repair a finished run, or start a fresh one with Run now (SEMANTICS §9, engine decision 8)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from types import MappingProxyType

from engine.errors import InvalidRepair, Problem, did_you_mean, listing
from engine.model import Job
from engine.run import Facet, RepairRecord, Run, TraceStep, seconds
from engine.scenario import Behaviour, RepairRequest, Scenario
from engine.semantics import DATABRICKS, Semantics
from engine.simulate import Phase, effective_parameters, simulate
from engine.states import ui_label


def repair(
    run: Run,
    job: Job | None = None,
    *,
    rerun_tasks: Sequence[str] | None = None,
    rerun_all_failed_tasks: bool = False,
    rerun_dependent_tasks: bool = False,
    tasks: Mapping[str, Behaviour] | None = None,
    job_parameters: Mapping[str, str] | None = None,
    latest_repair_id: int | None = None,
    semantics: Semantics = DATABRICKS,
) -> Run:
    """Rerun some tasks of `run` inside the same run, with `job`'s current settings (§9.1).

    `tasks` says how tasks behave during the repair; a task it does not name behaves as in the
    original scenario. Returns the repaired run: same run_id, one more entry in `repairs`.
    """
    request = RepairRequest(
        rerun_tasks=None if rerun_tasks is None else tuple(rerun_tasks),
        rerun_all_failed_tasks=rerun_all_failed_tasks,
        rerun_dependent_tasks=rerun_dependent_tasks,
        tasks=MappingProxyType(dict(tasks or {})),
        job_parameters=None if job_parameters is None else MappingProxyType(dict(job_parameters)),
    )
    return repair_request(run, job or run.job, request, latest_repair_id=latest_repair_id, semantics=semantics)


def repair_request(run: Run, job: Job, request: RepairRequest, *, latest_repair_id: int | None = None,
                   semantics: Semantics = DATABRICKS) -> Run:
    _check_request(run, job, request, latest_repair_id)
    selection, rules = semantics.repair_selection(run, job, request)
    repair_id = run.repair_count + 1
    reused = {key: task_run for key, task_run in run.tasks.items() if key not in selection}
    behaviours = dict(run.scenario.tasks)
    behaviours.update(request.tasks)
    params = effective_parameters(
        job, request.job_parameters if request.job_parameters is not None else run.scenario.job_parameters)
    phase = Phase(job, semantics, run.scenario, MappingProxyType(behaviours), params,
                  repair_id=repair_id, reused=reused)
    rerun = tuple(key for key in job.order if key in selection)
    phase.trace.append(TraceStep(None, rules[0], f"repair {repair_id} reruns {_names(rerun)}", Facet.REPAIR,
                                 0, repair_id, rules[1:]))
    if reused:
        phase.trace.append(TraceStep(None, "repair.reuses_the_rest",
                                     f"keeps the results and task values of {_names(tuple(reused))}",
                                     Facet.REPAIR, 0, repair_id))
    if job is not run.job and job != run.job:
        phase.trace.append(TraceStep(None, "repair.current_settings",
                                     "the repair uses the job's current settings, edited since the run",
                                     Facet.REPAIR, 0, repair_id))
    phase.execute(job.order)
    result = phase.conclude()
    phase.trace.append(TraceStep(None, "repair.result_recomputed",
                                 f"after the repair the run is {ui_label(result)}", Facet.RESULT, None,
                                 repair_id))
    tasks = phase.freeze(result, ran_before=_ran_so_far(run))
    rerun_runs = MappingProxyType({key: tasks[key] for key in rerun})
    record = RepairRecord(
        repair_id=repair_id,
        rerun=rerun,
        tasks=rerun_runs,
        result_state=result,
        duration=seconds(phase.latest_end),
        task_seconds=sum(tr.task_seconds for tr in rerun_runs.values()),
    )
    return replace(run, job=job, tasks=tasks, result_state=result, duration=run.duration + record.duration,
                   trace=run.trace + tuple(phase.trace), original=run.original or run.tasks,
                   repairs=run.repairs + (record,))


def _ran_so_far(run: Run) -> frozenset[str]:
    """Tasks whose code ran in the original run or in any repair so far."""
    phases = [run.original or run.tasks, run.tasks] + [r.tasks for r in run.repairs]
    return frozenset(key for tasks in phases for key, task_run in tasks.items() if task_run.ran)


def _check_request(run: Run, job: Job, request: RepairRequest, latest_repair_id: int | None) -> None:
    problems: list[Problem] = []
    if run.repairs and latest_repair_id != run.latest_repair_id:
        problems.append(Problem(("latest_repair_id",),
                                "The latest repair ID needs to be provided in order to create a new repair "
                                f"(SEMANTICS §9.5)", f"pass latest_repair_id={run.latest_repair_id}"))
    if (request.rerun_tasks is None) == (not request.rerun_all_failed_tasks):
        problems.append(Problem((), "give exactly one of rerun_tasks and rerun_all_failed_tasks (SEMANTICS §9.2)"))
    if set(job.task_keys) != set(run.tasks):
        added = sorted(set(job.task_keys) - set(run.tasks))
        removed = sorted(set(run.tasks) - set(job.task_keys))
        problems.append(Problem((), "the job's tasks changed since the run "
                                    f"(added: {', '.join(added) or 'none'}; removed: {', '.join(removed) or 'none'})",
                                "a repair reruns tasks of the original run; start a new run with run_now"))
    for i, key in enumerate(request.rerun_tasks or ()):
        if key not in job.task_by_key:
            problems.append(Problem(("rerun_tasks", i), f"'{key}' is not a task of this job",
                                    did_you_mean(key, job.task_keys) or f"tasks: {listing(job.task_keys)}"))
    for key in request.tasks:
        if key not in job.task_by_key:
            problems.append(Problem(("tasks", key), f"'{key}' is not a task of this job",
                                    did_you_mean(key, job.task_keys) or f"tasks: {listing(job.task_keys)}"))
    if problems:
        raise InvalidRepair(problems)


def run_now(job: Job, scenario: Scenario, *, after: Run | None = None, semantics: Semantics = DATABRICKS) -> Run:
    """§9.7: a new run with a new run id that runs every task from scratch.

    `after` is the run it follows (for its run id, and for misconceptions that believe Run now
    picks up where that run stopped).
    """
    run_id = after.run_id + 1 if after is not None else scenario.run_id
    fresh = replace(scenario, run_id=run_id, repair=None)
    selection = semantics.run_now_selection(after, job)
    if selection is None or after is None:
        run = simulate(job, fresh, semantics=semantics)
        step = TraceStep(None, "run_now.fresh_run", f"run now starts run {run_id}, which runs every task",
                         Facet.REPAIR)
        return replace(run, trace=(step,) + run.trace)
    # A belief that Run now resumes `after`: the same as repairing it, under a new run id.
    resumed = repair_request(after, job, RepairRequest(rerun_tasks=tuple(sorted(selection)),
                                                       tasks=scenario.tasks), semantics=semantics,
                             latest_repair_id=after.latest_repair_id)
    return replace(resumed, run_id=run_id, scenario=fresh)


def _names(keys: tuple[str, ...]) -> str:
    if not keys:
        return "no tasks"
    return ", ".join(keys[:8]) + (f" and {len(keys) - 8} more" if len(keys) > 8 else "")
