"""Run Job tasks: a task that runs another job (docs https://docs.databricks.com/aws/en/jobs/tasks/run-job).

The child job must be in the same file (a bundle's resources.jobs, or a `jobs:` mapping beside the
job). `nesting_problems` refuses what Databricks does not support: Run Job tasks that trigger each
other in a cycle, and more than three nested Run Job tasks. `expand` runs every Run Job task's
child job first (its parameters the child's defaults with the task's job_parameters pushed down
over them), and gives the parent's scenario the child's duration and result for that task.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

from lakedrill.engine.errors import InvalidJob, Problem
from lakedrill.engine.model import Job, Task
from lakedrill.engine.scenario import Behaviour, Scenario, parse_scenario
from lakedrill.engine.semantics import DATABRICKS, Semantics
from lakedrill.engine.states import RunResultState

MAX_NESTED = 3  # "Databricks does not support jobs ... that nest more than three Run Job tasks"
_RESOURCE = re.compile(r"^\$\{resources\.jobs\.([A-Za-z0-9_-]+)\.id\}$")
_PARAMETER = re.compile(r"\{\{\s*job\.parameters\.([A-Za-z0-9_.-]+)\s*\}\}")


@dataclass(frozen=True)
class ChildRun:
    """The run a Run Job task started: which job, with which parameters, and how it went."""

    task_key: str
    job_key: str
    parameters: Mapping[str, str]
    run: Any  # lakedrill.engine.run.Run
    task_state: RunResultState
    children: tuple["ChildRun", ...] = ()


def run_job_tasks(job: Job) -> list[Task]:
    """The job's Run Job tasks (top level), in order."""
    return [t for t in job.tasks if t.task_type == "run_job_task"]


def child_key(task: Task, jobs: Mapping[str, Job]) -> str | None:
    """The key in `jobs` of the job a Run Job task runs, or None if it is not in the file."""
    raw = (task.extra.get("run_job_task") or {}).get("job_id")
    if isinstance(raw, str):
        match = _RESOURCE.match(raw.strip())
        if match:
            return match.group(1) if match.group(1) in jobs else None
        if raw in jobs:
            return raw
    for key, other in jobs.items():
        if isinstance(raw, int) and other.job_id == raw:
            return key
        if isinstance(raw, str) and other.name == raw:
            return key
    return None


def nesting_problems(root: str, jobs: Mapping[str, Job]) -> list[Problem]:
    """Cycles of Run Job tasks, and chains of more than three, from the job `root`; each names its path."""
    problems: list[Problem] = []
    reported: set[tuple[str, ...]] = set()

    def walk(key: str, path: tuple[str, ...], via: tuple[str, ...]) -> None:
        for task in run_job_tasks(jobs[key]):
            child = child_key(task, jobs)
            where = ("resources", "jobs", key, "tasks", jobs[key].task_keys.index(task.task_key), "run_job_task")
            if child is None:
                if path == (root,):
                    problems.append(Problem(where + ("job_id",), f"task '{task.task_key}' runs a job that is not in "
                                            "this file", "define the child job beside it (resources.jobs)"))
                continue
            chain = path + (child,)
            shown = " -> ".join(chain)
            if child in path:
                if chain not in reported:
                    reported.add(chain)
                    problems.append(Problem(where, f"Run Job tasks trigger each other in a cycle: {shown}; "
                                            "Databricks does not support circular dependencies",
                                            "remove one of the Run Job tasks"))
                continue
            if len(chain) - 1 > MAX_NESTED:
                problems.append(Problem(where, f"more than {MAX_NESTED} nested Run Job tasks: {shown}; Databricks "
                                        "does not support nesting more than three", "flatten the chain"))
                continue
            walk(child, chain, via + (task.task_key,))

    walk(root, (root,), ())
    return problems


def pushed_down(task: Task, child: Job, parent_values: Mapping[str, str]) -> dict[str, str]:
    """The child run's job parameters: its defaults, with the task's job_parameters over them (a
    {{job.parameters.x}} in a value takes the parent run's x)."""
    values = dict(child.parameter_defaults)
    for name, value in (task.extra.get("run_job_task") or {}).get("job_parameters", {}).items():
        text = str(value).lower() if isinstance(value, bool) else str(value)
        values[str(name)] = _PARAMETER.sub(lambda m: parent_values.get(m.group(1), m.group(0)), text)
    return values


def expand(job: Job, scenario: Scenario, jobs: Mapping[str, Job], *, semantics: Semantics = DATABRICKS,
           depth: int = 0) -> tuple[Scenario, tuple[ChildRun, ...]]:
    """The parent's scenario with every Run Job task behaving as its child job's run, and those runs."""
    from lakedrill.engine.simulate import simulate

    tasks = run_job_tasks(job)
    if not tasks:
        return scenario, ()
    if depth > MAX_NESTED:
        raise InvalidJob([Problem(("tasks",), "more than three nested Run Job tasks")])
    parent_values = {**job.parameter_defaults, **scenario.job_parameters}
    behaviours: dict[str, Behaviour] = {}
    children: list[ChildRun] = []
    for task in tasks:
        key = child_key(task, jobs)
        if key is None:
            raise InvalidJob([Problem(("tasks", job.task_keys.index(task.task_key), "run_job_task", "job_id"),
                                      f"task '{task.task_key}' runs a job that is not in this file",
                                      "define the child job beside it (resources.jobs)")])
        child = jobs[key]
        raw = (scenario.child_scenarios or {}).get(key)
        child_scenario = parse_scenario(raw, child, nested=True) if raw is not None else Scenario()
        values = pushed_down(task, child, parent_values)
        child_scenario = replace(child_scenario, job_parameters={n: v for n, v in values.items()
                                                                 if n in child.parameter_defaults},
                                 start_time=scenario.start_time, trigger_type="run_job_task")
        child_scenario, grandchildren = expand(child, child_scenario, jobs, semantics=semantics, depth=depth + 1)
        run = simulate(child, child_scenario, semantics=semantics)
        state = semantics.run_job_task_state(run.result_state)
        behaviours[task.task_key] = Behaviour(outcomes=(state,), durations=(float(run.duration),))
        children.append(ChildRun(task.task_key, key, values, run, state, grandchildren))
    return scenario.with_behaviours(behaviours), tuple(children)
