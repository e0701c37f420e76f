"""Random jobs and scenarios from a seeded `random.Random` (or hypothesis's, see lakedrill.engine.strategies).

Every choice goes through the `rng` passed in, so the same seed gives the same job on any machine
and under any hash seed, and hypothesis can shrink a failing job by shrinking those choices.
Generated jobs are valid by construction (tests assert it with lakedrill.engine.validate).
"""

from __future__ import annotations

import json
import random
from collections.abc import Sequence
from dataclasses import replace
from types import MappingProxyType

from lakedrill.engine.model import (
    Compute,
    ComputeKind,
    ConditionTask,
    Dependency,
    ForEachTask,
    Job,
    JobCluster,
    Task,
    TaskParameters,
)
from lakedrill.engine.scenario import Behaviour, Scenario
from lakedrill.engine.states import ConditionTaskOp, RunIf, RunResultState

SHAPES = ("chain", "fan_out", "fan_in", "diamond", "layered")
S = RunResultState

# Names a learner would meet in a real job: a stage and what it works on.
DOMAINS: dict[str, tuple[str, ...]] = {
    "orders": ("orders", "customers", "order_items", "refunds", "shipments", "returns"),
    "payments": ("payments", "invoices", "chargebacks", "ledger", "payouts", "fx_rates"),
    "restaurant": ("menu", "bookings", "reviews", "deliveries", "kitchen", "tips"),
    "iot": ("sensors", "readings", "devices", "alerts", "firmware", "sites"),
    "retail": ("inventory", "stores", "prices", "promotions", "baskets", "suppliers"),
}
STAGES = ("ingest", "validate", "clean", "dedupe", "enrich", "join", "aggregate", "score", "publish",
          "export", "snapshot", "audit", "load", "transform", "report")
NICE_DURATIONS = (30, 45, 60, 90, 120, 150, 180, 240, 300, 360, 420, 480, 600)


def task_names(rng: random.Random, count: int, naming: str = "domain") -> list[str]:
    """`count` distinct task keys: stage_entity names from one domain, or t01, t02, … when plain."""
    if naming == "plain" or count > len(STAGES) * 6:
        width = max(2, len(str(count)))
        return [f"t{i:0{width}d}" for i in range(1, count + 1)]
    entities = DOMAINS[rng.choice(sorted(DOMAINS))]
    pairs = [f"{stage}_{entity}" for entity in entities for stage in STAGES]
    return rng.sample(pairs, count)


def dag_edges(rng: random.Random, shape: str, count: int) -> list[list[int]]:
    """depends_on as indexes: edges[i] lists the earlier tasks task i depends on."""
    if count < 1:
        raise ValueError("a job needs at least one task")
    deps: list[list[int]] = [[] for _ in range(count)]
    if shape == "chain":
        for i in range(1, count):
            deps[i] = [i - 1]
    elif shape == "fan_out":
        for i in range(1, count):
            deps[i] = [0]
    elif shape == "fan_in":
        if count > 1:
            deps[count - 1] = list(range(count - 1))
    elif shape == "diamond":
        for i in range(1, count - 1):
            deps[i] = [0]
        if count > 2:
            deps[count - 1] = list(range(1, count - 1))
        elif count == 2:
            deps[1] = [0]
    elif shape == "layered":
        layers: list[list[int]] = []
        i = 0
        while i < count:
            width = min(count - i, rng.randint(1, max(1, min(4, count // 2 or 1))))
            layers.append(list(range(i, i + width)))
            i += width
        for depth, layer in enumerate(layers[1:], start=1):
            earlier = [t for lay in layers[:depth] for t in lay]
            for t in layer:
                chosen = {rng.choice(layers[depth - 1])}
                for _ in range(rng.randint(0, 2)):
                    chosen.add(rng.choice(earlier))
                deps[t] = sorted(chosen)
    else:
        raise ValueError(f"unknown shape {shape!r} (one of {', '.join(SHAPES)})")
    return deps


def random_job(
    rng: random.Random,
    *,
    shape: str | None = None,
    tasks: int | tuple[int, int] = (3, 8),
    run_if_rate: float = 0.0,
    branches: int = 0,
    for_each_rate: float = 0.0,
    retry_rate: float = 0.0,
    timeout_rate: float = 0.0,
    disabled_rate: float = 0.0,
    naming: str = "domain",
    name: str | None = None,
) -> Job:
    """A valid random job. Rates are the chance that one task gets that feature."""
    shape = shape or rng.choice(SHAPES)
    count = tasks if isinstance(tasks, int) else rng.randint(*tasks)
    names = task_names(rng, count, naming)
    edges = dag_edges(rng, shape, count)
    built: list[Task] = []
    for i, key in enumerate(names):
        deps = tuple(Dependency(names[j]) for j in edges[i])
        task = Task(task_key=key, depends_on=deps, compute=Compute(ComputeKind.JOB_CLUSTER, "etl"),
                    parameters=TaskParameters(named=(("table", key.split("_", 1)[-1]),)))
        if deps and run_if_rate and rng.random() < run_if_rate:
            task = replace(task, run_if=rng.choice(list(RunIf)))
        if retry_rate and rng.random() < retry_rate:
            task = replace(task, max_retries=rng.choice((1, 2, 3)),
                           min_retry_interval_millis=rng.choice((0, 0, 30_000, 60_000)))
        if timeout_rate and rng.random() < timeout_rate:
            task = replace(task, timeout_seconds=rng.choice((60, 120, 300)), retry_on_timeout=rng.random() < 0.5)
        if for_each_rate and rng.random() < for_each_rate:
            task = _as_for_each(rng, task)
        if disabled_rate and rng.random() < disabled_rate:
            task = replace(task, disabled=True)
        built.append(task)
    for _ in range(branches):
        built = _add_branch(rng, built)
    return Job(tasks=tuple(built), name=name or f"{shape}_job",
               job_clusters=(JobCluster("etl"),))


def _as_for_each(rng: random.Random, task: Task) -> Task:
    entity = task.task_key.split("_", 1)[-1]
    inputs = [f"{entity}_{i}" for i in range(rng.randint(0, 6))]
    nested = Task(task_key=f"{task.task_key}_iteration", compute=task.compute,
                  max_retries=task.max_retries, min_retry_interval_millis=task.min_retry_interval_millis,
                  timeout_seconds=task.timeout_seconds, retry_on_timeout=task.retry_on_timeout,
                  parameters=TaskParameters(named=(("table", "{{input}}"),)))
    return replace(task, task_type="for_each_task", max_retries=0, min_retry_interval_millis=0,
                   timeout_seconds=0, retry_on_timeout=False, parameters=TaskParameters(),
                   for_each_task=ForEachTask(json.dumps(inputs), nested, rng.choice((None, 1, 2, 3))))


def _add_branch(rng: random.Random, tasks: list[Task]) -> list[Task]:
    """Put an If/else after a task that has dependents: its dependents move onto the branches."""
    by_key = {t.task_key: t for t in tasks}
    parents = [t.task_key for t in tasks if not t.is_condition and not t.is_for_each
               and any(d.task_key == t.task_key and d.outcome is None for u in tasks for d in u.depends_on)]
    if not parents:
        return tasks
    parent = rng.choice(parents)
    key = f"check_{parent}"
    if key in by_key:
        return tasks
    op = rng.choice(list(ConditionTaskOp))
    threshold = rng.choice((0, 10, 100, 1000))
    condition = Task(task_key=key, task_type="condition_task", depends_on=(Dependency(parent),),
                     condition_task=ConditionTask(op, f"{{{{tasks.{parent}.values.rows}}}}", str(threshold)),
                     compute=Compute(ComputeKind.NONE))
    out: list[Task] = []
    for t in tasks:
        if any(d.task_key == parent for d in t.depends_on):
            side = rng.choice(("true", "false"))
            deps = tuple(Dependency(key, side) if d.task_key == parent else d for d in t.depends_on)
            t = replace(t, depends_on=deps)
        out.append(t)
        if t.task_key == parent:
            out.append(condition)
    return out


def random_scenario(
    rng: random.Random,
    job: Job,
    *,
    failure_rate: float = 0.2,
    transient_rate: float = 0.3,
    timeout_rate: float = 0.0,
    cancel_rate: float = 0.0,
    durations: Sequence[int] = NICE_DURATIONS,
) -> Scenario:
    """What each task's code does: a duration, and sometimes a failure (transient or not)."""
    read_values = {
        ref.split(".")[1]
        for t in job.tasks if t.condition_task is not None
        for ref in (t.condition_task.left, t.condition_task.right) if ref.startswith("{{tasks.")
    }
    behaviours: dict[str, Behaviour] = {}
    for task in job.tasks:
        if task.is_condition:
            continue
        outcomes: tuple[RunResultState, ...] = (S.SUCCESS,)
        roll = rng.random()
        if roll < failure_rate:
            outcomes = (S.FAILED, S.SUCCESS) if rng.random() < transient_rate else (S.FAILED,)
        elif roll < failure_rate + timeout_rate:
            outcomes = (S.TIMEDOUT,)
        elif roll < failure_rate + timeout_rate + cancel_rate:
            outcomes = (S.CANCELED,)
        duration = rng.choice(durations)
        if S.TIMEDOUT in outcomes and task.timeout_seconds:
            duration = task.timeout_seconds + rng.choice((30, 60))  # a real timeout, not a label
        values = {"rows": rng.choice((0, 5, 10, 50, 100, 500, 1000, 5000))} if task.task_key in read_values else {}
        iterations = {}
        if task.for_each_task is not None:
            count = len(json.loads(task.for_each_task.inputs))
            for i in range(count):
                if rng.random() < failure_rate / 2:
                    iterations[i] = Behaviour(outcomes=(S.FAILED,))
        if task.max_retries == -1:
            outcomes = outcomes[:-1] + (S.SUCCESS,) if outcomes[-1] is not S.SUCCESS else outcomes
        behaviours[task.task_key] = Behaviour(outcomes=outcomes, durations=(duration,),
                                              values=MappingProxyType(values),
                                              iterations=MappingProxyType(iterations))
    return Scenario(tasks=MappingProxyType(behaviours))
