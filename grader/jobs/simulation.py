"""`lakedrill simulate`: a user's job file -> the run, its repair and a fresh run for comparison."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from lakedrill.engine import (LakedrillInputError, Run, Scenario, parse_job_document, parse_simulation, repair_request,
                    run_now, simulate)
from lakedrill.engine.errors import did_you_mean, listing
from lakedrill.engine.model import Job
from lakedrill.templates.source import Document, SourceError, load_document, parse_text


@dataclass(frozen=True)
class Simulation:
    job: Job
    scenario: Scenario
    run: Run
    repaired: Run | None  # the run after the scenario's repair, if it asks for one
    fresh: Run | None  # what Run now would have cost instead of the repair
    timeline: Any = None  # lakedrill.engine.timeline.Timeline, when the scenario gives `runs`
    alerts: tuple = ()  # (run number, Notification) of the timeline


def _unknown_fail(job: Job, fail: Sequence[str]) -> list[str]:
    return [f"--fail {key}: '{key}' is not a task of this job ("
            + (did_you_mean(key, job.task_keys) or f"tasks: {listing(job.task_keys)}") + ")"
            for key in fail if key not in job.task_by_key]


def _job_alone(document: Document, job_name: str | None) -> Job | None:
    """The job of a simulation file whose scenario is bad, or None if the job is bad too."""
    data = document.data
    if isinstance(data, Mapping) and "job" in data and "tasks" not in data:
        data = data["job"]
    try:
        return parse_job_document(data, job_name)
    except LakedrillInputError:
        return None


def simulate_document(document: Document, *, fail: Sequence[str] = (), job_name: str | None = None) -> Simulation:
    """Parse, apply --fail, simulate, and repair if the scenario says so; SourceError on bad input."""
    try:
        job, scenario = parse_simulation(document.data, job_name)
    except LakedrillInputError as error:
        # Every problem at once: a bad --fail too, when the job itself could be read.
        job = _job_alone(document, job_name) if fail else None  # parsed again only to check --fail
        raise SourceError(document.problem_lines(error) + ([] if job is None else _unknown_fail(job, fail))) from None
    unknown = _unknown_fail(job, fail)
    if unknown:
        raise SourceError(unknown)
    if fail:
        scenario = scenario.failing(fail)
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
    return Simulation(job, scenario, run, repaired, fresh, timeline, alerts)


def _has_scenario(document: Document) -> bool:
    data = document.data
    return isinstance(data, dict) and "job" in data and "tasks" not in data


def simulate_file(path: str, **options) -> Simulation:
    return simulate_document(load_document(path), **options)


def simulate_example(name: str, **options) -> Simulation:
    from lakedrill import examples

    if name not in examples.names():
        raise SourceError([f"--example {name}: no such example (examples: {', '.join(examples.names())})"])
    return simulate_document(parse_text(examples.text(name), f"example:{name}"), **options)


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
    return data
