"""Hypothesis strategies for jobs and scenarios: the seeded generators, driven by hypothesis.

The strategies hand the generators a hypothesis-controlled Random, so a test and `lakedrill check`
draw from exactly the shapes a seeded variant draws from, and a failure shrinks by shrinking the
generator's choices (fewer tasks, fewer failures). Import this module only where hypothesis runs.
"""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

from lakedrill.engine.generators import SHAPES, random_job, random_scenario
from lakedrill.engine.model import Job
from lakedrill.engine.scenario import Scenario

randoms = st.randoms(use_true_random=False, note_method_calls=False)


def jobs(**options: Any) -> st.SearchStrategy[Job]:
    """Valid random jobs; options are random_job's (shape, tasks, run_if_rate, branches, …)."""
    return st.builds(lambda rng: random_job(rng, **options), randoms)


def rich_jobs(max_tasks: int = 8) -> st.SearchStrategy[Job]:
    """Jobs with every feature the engine simulates: run_if mixes, branches, For each, retries."""

    @st.composite
    def build(draw: st.DrawFn) -> Job:
        rng = draw(randoms)
        return random_job(
            rng,
            shape=draw(st.sampled_from(SHAPES)),
            tasks=(1, max_tasks),
            run_if_rate=draw(st.sampled_from((0.0, 0.3, 0.7))),
            branches=draw(st.integers(0, 2)),
            for_each_rate=draw(st.sampled_from((0.0, 0.2))),
            retry_rate=draw(st.sampled_from((0.0, 0.3))),
            timeout_rate=draw(st.sampled_from((0.0, 0.2))),
            disabled_rate=draw(st.sampled_from((0.0, 0.1))),
        )

    return build()


def scenarios(job: Job, **options: Any) -> st.SearchStrategy[Scenario]:
    """What the job's tasks do: failures, transient failures, timeouts and cancels by rate."""
    return st.builds(lambda rng: random_scenario(rng, job, **options), randoms)


@st.composite
def runs_of(draw: st.DrawFn, job_strategy: st.SearchStrategy[Job] | None = None,
            **scenario_options: Any) -> tuple[Job, Scenario]:
    """A job and a scenario for it."""
    job = draw(job_strategy if job_strategy is not None else rich_jobs())
    rates = {"failure_rate": draw(st.sampled_from((0.0, 0.2, 0.5))),
             "timeout_rate": draw(st.sampled_from((0.0, 0.1))),
             "cancel_rate": draw(st.sampled_from((0.0, 0.1)))}
    rates.update(scenario_options)
    return job, draw(scenarios(job, **rates))
