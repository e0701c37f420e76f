"""Repair a finished run, or start a fresh one with Run now (SEMANTICS §9, engine decision 8)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from types import MappingProxyType

from lakedrill.engine.errors import InvalidRepair, Problem, did_you_mean, listing
from lakedrill.engine.model import Job
from lakedrill.engine.run import Facet, Run, TraceStep, seconds
from lakedrill.engine.scenario import Behaviour, RepairRequest, Scenario
from lakedrill.engine.semantics import DATABRICKS, Semantics
from lakedrill.engine.simulate import Phase, effective_parameters, simulate
from lakedrill.engine.states import RunResultState, ui_label


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
    selection = semantics.repair_selection(run, job, request)
    repair_id = run.repair_count + 1
    behaviours = dict(run.scenario.tasks)
    behaviours.update(request.tasks)
    params = effective_parameters(
        job, request.job_parameters if request.job_parameters is not None else run.scenario.job_parameters,
        semantics)
    phase = Phase(job, semantics, run.scenario, MappingProxyType(behaviours), params, repair_id=repair_id,
                  previous=run, rerun=selection, ran_before=_ran_so_far(run))
    rules = selection_rules(run, request, selection)
    rerun = phase.rerun()
    phase.head.append((None, rules[0], f"repair {repair_id} reruns {_names(rerun)}", Facet.REPAIR, 0, rules[1:]))
    reused = tuple(key for key in job.order if key not in selection)
    if reused:
        phase.head.append((None, "repair.reuses_the_rest", f"keeps the results and task values of {_names(reused)}",
                           Facet.REPAIR, 0, ()))
    if job is not run.job and job != run.job:
        phase.head.append((None, "repair.current_settings",
                           "the repair uses the job's current settings, edited since the run", Facet.REPAIR, 0, ()))
    phase.execute()
    phase.tail.append((None, "repair.result_recomputed", f"after the repair the run is {ui_label(phase.result)}",
                       Facet.RESULT, None, ()))
    return replace(run, job=job, result_state=phase.result, duration=run.duration + seconds(phase.latest_end),
                   phases=run.phases + (phase,))


def selection_rules(run: Run, request: RepairRequest, selection: frozenset[str]) -> tuple[str, ...]:
    """The rules of §9.2–9.3 and decision 8 that chose what a repair reruns."""
    if request.rerun_all_failed_tasks:
        rules = ["repair.rerun_all_failed_tasks"]
        states = run.states
        if any(states[k] in (RunResultState.TIMEDOUT, RunResultState.CANCELED) for k in selection if k in states):
            rules.append("repair.rerun_all_failed_includes_timedout_canceled")
        if any(states[k] in (RunResultState.UPSTREAM_FAILED, RunResultState.UPSTREAM_CANCELED)
               for k in selection if k in states):
            rules.append("repair.rerun_all_failed_includes_skipped")
    else:
        rules = ["repair.rerun_tasks"]
    if request.rerun_dependent_tasks:
        rules.append("repair.rerun_dependent_tasks")
    if any(run.job.task_by_key[k].for_each_task is not None for k in selection if k in run.job.task_by_key):
        rules.append("repair.for_each_reruns_all_iterations")
    return tuple(rules)


def _ran_so_far(run: Run) -> frozenset[str]:
    """Tasks whose code ran in the original run or in any repair so far."""
    ran = {key for key, tr in run.original.items() if tr.ran}
    for record in run.repairs:
        ran |= {key for key, tr in record.tasks.items() if tr.ran}
    return frozenset(ran)


def _check_request(run: Run, job: Job, request: RepairRequest, latest_repair_id: int | None) -> None:
    problems: list[Problem] = []
    if run.repair_count and latest_repair_id != run.latest_repair_id:
        problems.append(Problem(("latest_repair_id",),
                                "The latest repair ID needs to be provided in order to create a new repair "
                                "(see https://docs.databricks.com/api/workspace/jobs/repairrun)", f"pass latest_repair_id={run.latest_repair_id}"))
    if (request.rerun_tasks is None) == (not request.rerun_all_failed_tasks):
        problems.append(Problem((), "give exactly one of rerun_tasks and rerun_all_failed_tasks (see https://docs.databricks.com/api/workspace/jobs/repairrun)"))
    if set(job.task_keys) != set(run.states):
        added = sorted(set(job.task_keys) - set(run.states))
        removed = sorted(set(run.states) - set(job.task_keys))
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
        return replace(run, prelude=(step,))
    # A belief that Run now resumes `after`: a new run that executes only `selection` and takes the
    # other tasks' results from `after`. Its own phase is its original run, so its task-seconds are
    # the rerun's alone.
    behaviours = MappingProxyType({key: scenario.behaviour(key) for key in selection})  # this run's code
    resumed = repair_request(after, job, RepairRequest(rerun_tasks=tuple(sorted(selection)), tasks=behaviours),
                             semantics=semantics, latest_repair_id=after.latest_repair_id)
    phase = resumed.phases[-1]
    return replace(resumed, run_id=run_id, scenario=fresh, phases=(phase,), duration=seconds(phase.latest_end))


def _names(keys: tuple[str, ...]) -> str:
    if not keys:
        return "no tasks"
    return ", ".join(keys[:8]) + (f" and {len(keys) - 8} more" if len(keys) > 8 else "")
