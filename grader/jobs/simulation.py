"""`lakedrill simulate`: a user's job file -> the run, its repair and a fresh run for comparison."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from lakedrill.engine import (LakedrillInputError, Run, Scenario, parse_job_document, parse_simulation, repair_request,
                    run_now, simulate)
from lakedrill.engine.errors import did_you_mean, listing
from lakedrill.engine.model import Job
from lakedrill.templates.source import Document, SourceError, parse_text


@dataclass(frozen=True)
class Simulation:
    job: Job
    scenario: Scenario
    run: Run
    repaired: Run | None  # the run after the scenario's repair, if it asks for one
    fresh: Run | None  # what Run now would have cost instead of the repair
    timeline: Any = None  # lakedrill.engine.timeline.Timeline, when the scenario gives `runs`
    alerts: tuple = ()  # (run number, Notification) of the timeline
    warnings: tuple[str, ...] = ()  # file:line: what was read past (unknown fields, unresolved references)
    children: tuple = ()  # lakedrill.engine.run_job.ChildRun: the runs its Run Job tasks started


def _job_alone(document: Document, job_name: str | None) -> Job | None:
    """The job of a simulation file whose scenario is bad, or None if the job is bad too."""
    data = document.data
    if isinstance(data, Mapping) and "job" in data and "tasks" not in data:
        data = data["job"]
    try:
        return parse_job_document(data, job_name)
    except LakedrillInputError:
        return None


def simulate_document(document: Document, *, fail: Sequence[str] = (), job_name: str | None = None,
                      what_if: WhatIf | None = None) -> Simulation:
    """Parse, apply --fail and the other what-ifs, simulate, and repair if the scenario (or --repair)
    says so; SourceError on bad input."""
    what_if = WhatIf(fail=tuple(fail)) if what_if is None else replace(what_if, fail=tuple(fail) + what_if.fail)
    found: list = []
    try:
        job, scenario = parse_simulation(document.data, job_name, warnings=found)
    except LakedrillInputError as error:
        # Every problem at once: a bad --fail too, when the job itself could be read.
        job = _job_alone(document, job_name) if what_if != WhatIf() else None  # parsed again only for options
        raise SourceError(document.problem_lines(error) + ([] if job is None else what_if.problems(job))) from None
    unknown = what_if.problems(job)
    if unknown:
        raise SourceError(unknown)
    scenario = what_if.apply(scenario)
    children = ()
    try:
        from lakedrill.engine.run_job import expand, run_job_tasks
        from lakedrill.jobs.children import sibling_jobs

        if run_job_tasks(job):
            jobs, _ = sibling_jobs(document.data, job, job_name)
            scenario, children = expand(job, scenario, jobs)
    except LakedrillInputError as error:
        raise SourceError(document.problem_lines(error)) from None
    try:
        run = simulate(job, scenario)
        repaired = fresh = None
        if scenario.repair is not None:
            repaired = repair_request(run, job, scenario.repair)
            fresh = run_now(job, scenario.with_behaviours(scenario.repair.tasks), after=run)
        timeline, alerts = None, ()
        if scenario.runs is not None:
            from lakedrill.engine.alerts import timeline_alerts
            from lakedrill.engine.timeline import simulate_runs

            timeline = simulate_runs(job, scenario)
            alerts = timeline_alerts(timeline)
        if scenario.compute.rates:
            from lakedrill.engine.compute import run_cost

            run_cost(run)  # every kind of compute the run uses needs a rate: say so now
    except KeyError as missing:
        raise SourceError([f"scenario.compute.rates: {missing.args[0]}"]) from None
    except LakedrillInputError as error:
        raise SourceError(document.problem_lines(error, ("scenario",) if _has_scenario(document) else ())) from None
    return Simulation(job, scenario, run, repaired, fresh, timeline, alerts,
                      document_warnings(document, found, job_name), children)


def document_warnings(document: Document, found: Sequence, job_name: str | None = None) -> tuple[str, ...]:
    """The warnings of reading a job: the bundle's (unresolved references), then unknown fields."""
    bundle = document.warnings_for(job_name) if hasattr(document, "warnings_for") else ()
    return bundle + tuple(
        f"{document.problem_line(p)} (the Databricks CLI warns and deploys; lakedrill reads on without it)"
        for p in found)


def _has_scenario(document: Document) -> bool:
    data = document.data
    return isinstance(data, dict) and "job" in data and "tasks" not in data


def simulate_file(path: str, bundle=None, **options) -> Simulation:
    from lakedrill.jobs.bundle import BundleOptions, read_job_file

    return simulate_document(read_job_file(path, bundle or BundleOptions()), **options)


def simulate_example(name: str, **options) -> Simulation:
    from lakedrill import examples

    if name not in examples.names():
        raise SourceError([f"--example {name}: no such example (examples: {', '.join(examples.names())})"])
    return simulate_document(parse_text(examples.text(name), f"example:{name}"), **options)


@dataclass(frozen=True)
class WhatIf:
    """The command line's what-ifs, applied over the file's scenario (or a job alone's)."""

    fail: tuple[str, ...] = ()  # TASK (every attempt fails) or TASK:N (the first N attempts fail)
    durations: tuple[str, ...] = ()  # TASK=SECONDS
    values: tuple[str, ...] = ()  # TASK.KEY=VALUE (JSON if it parses: 3, true, "x"; else text)
    params: tuple[str, ...] = ()  # NAME=VALUE
    repair: bool = False  # repair the run as the UI's Repair run does: every failed task, fixed

    def problems(self, job: Job) -> list[str]:
        out: list[str] = []

        def task(option: str, key: str) -> None:
            if key not in job.task_by_key:
                out.append(f"{option}: '{key}' is not a task of this job ("
                           + (did_you_mean(key, job.task_keys) or f"tasks: {listing(job.task_keys)}") + ")")

        for item in self.fail:
            key, sep, n = item.rpartition(":") if ":" in item else (item, "", "")
            if sep and not (n.isdigit() and int(n) >= 1):
                out.append(f"--fail {item}: N is how many attempts fail, a whole number from 1 (e.g. --fail {key}:1)")
            task(f"--fail {item}", key)
        for item in self.durations:
            key, sep, seconds = item.partition("=")
            if not sep or not _number(seconds):
                out.append(f"--duration {item}: give TASK=SECONDS (e.g. --duration {key or 'ingest'}=300)")
            else:
                task(f"--duration {item}", key)
        for item in self.values:
            target, sep, _ = item.partition("=")
            key, dot, name = target.partition(".")
            if not sep or not dot or not name:
                out.append(f"--value {item}: give TASK.KEY=VALUE (e.g. --value ingest.rows=120)")
            else:
                task(f"--value {item}", key)
        names = [p.name for p in job.parameters]
        for item in self.params:
            name, sep, _ = item.partition("=")
            if not sep:
                out.append(f"--param {item}: give NAME=VALUE (e.g. --param env=prod)")
            elif name not in names:
                out.append(f"--param {item}: the job has no parameter '{name}' ("
                           + (did_you_mean(name, names) or f"parameters: {listing(names) or 'none'}") + ")")
        return out

    def apply(self, scenario: Scenario) -> Scenario:
        from dataclasses import replace
        from types import MappingProxyType

        from lakedrill.engine import RepairRequest, RunResultState

        tasks = dict(scenario.tasks)

        def change(key: str, **fields) -> None:
            tasks[key] = replace(scenario.behaviour(key) if key not in tasks else tasks[key], **fields)

        failed: list[str] = []
        for item in self.fail:
            key, _, n = item.rpartition(":") if ":" in item else (item, "", "")
            outcomes = (RunResultState.FAILED,) if not n else (RunResultState.FAILED,) * int(n) + (RunResultState.SUCCESS,)
            change(key, outcomes=outcomes)
            failed.append(key)
        for item in self.durations:
            key, _, seconds = item.partition("=")
            change(key, durations=(float(seconds) if "." in seconds else int(seconds),))
        for item in self.values:
            target, _, raw = item.partition("=")
            key, _, name = target.partition(".")
            current = tasks.get(key, scenario.behaviour(key))
            change(key, values=MappingProxyType({**current.values, name: _json_or_text(raw)}))
        out = replace(scenario, tasks=MappingProxyType(tasks))
        if self.params:
            params = dict(scenario.job_parameters)
            params.update(item.partition("=")[::2] for item in self.params)
            out = replace(out, job_parameters=MappingProxyType(params))
        if self.repair and out.repair is None:
            fixed = {key: replace(tasks[key], outcomes=(RunResultState.SUCCESS,)) for key in failed}
            out = replace(out, repair=RepairRequest(rerun_all_failed_tasks=True, tasks=MappingProxyType(fixed)))
        return out


def _number(text: str) -> bool:
    try:
        return float(text) >= 0
    except ValueError:
        return False


def _json_or_text(raw: str) -> Any:
    import json

    try:
        return json.loads(raw)
    except ValueError:
        return raw


def simulation_as_dict(sim: Simulation) -> dict[str, Any]:
    """`lakedrill simulate --json`: the run (and its repair and fresh run), its clusters and cost when
    the scenario prices compute, and the runs over time when it gives `runs`."""
    from lakedrill.engine.export import run_as_dict, timeline_as_dict

    data = run_as_dict(sim.run, sim.repaired, run_now=sim.fresh)
    if sim.scenario.compute.startup or sim.scenario.compute.rates:
        from lakedrill.engine.compute import clusters, run_cost

        data["clusters"] = [{"cluster": c.key, "kind": c.kind.value, "start": c.start, "end": c.end,
                             "seconds": c.seconds, "tasks": list(c.tasks)} for c in clusters(sim.run)]
        data["cost"] = run_cost(sim.run) if sim.scenario.compute.rates else None
    if sim.timeline is not None:
        data.update(timeline_as_dict(sim.timeline, sim.alerts))
    if sim.children:
        from lakedrill.jobs.children import children_as_dicts

        data["children"] = children_as_dicts(sim.children)
    return data
