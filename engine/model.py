"""The job model: frozen values shaped like the Jobs API 2.2 JobSettings (SEMANTICS §1–§11).

Construction checks nothing; `lakedrill.engine.validate.job_problems` does, and `lakedrill.engine.parse.parse_job`
builds a Job only when it is valid. Generators build Jobs directly, valid by construction.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cached_property
from typing import Any

from lakedrill.engine.graph import topological_order
from lakedrill.engine.plan import Plan
from lakedrill.engine.states import ConditionTaskOp, RunIf

class _EmptyMapping(Mapping[str, Any]):
    """An immutable, hashable empty mapping: a default that frozen dataclasses accept."""

    __slots__ = ()

    def __getitem__(self, key: str) -> Any:
        raise KeyError(key)

    def __iter__(self):
        return iter(())

    def __len__(self) -> int:
        return 0

    def __hash__(self) -> int:
        return 0

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Mapping) and len(other) == 0

    def __repr__(self) -> str:
        return "{}"


EMPTY: Mapping[str, Any] = _EmptyMapping()


@dataclass(frozen=True, slots=True)
class Dependency:
    """One entry of a task's `depends_on`; `outcome` only on an edge from a condition task."""

    task_key: str
    outcome: str | None = None


@dataclass(frozen=True, slots=True)
class ConditionTask:
    """An If/else condition task: `left op right`, compared as SEMANTICS §4 says."""

    op: ConditionTaskOp
    left: str
    right: str


@dataclass(frozen=True, slots=True)
class ForEachTask:
    """A For each task: its one nested task, run once per input (§5)."""

    inputs: str  # a JSON array as text, or a dynamic value reference to one
    task: Task
    concurrency: int | None = None  # None: the default, 1 (SEMANTICS §5.5)

    @property
    def effective_concurrency(self) -> int:
        return 1 if self.concurrency is None else self.concurrency


class ComputeKind(StrEnum):
    JOB_CLUSTER = "job_cluster"  # shared job cluster, `job_cluster_key`
    NEW_CLUSTER = "new_cluster"  # a cluster of the task's own
    EXISTING_CLUSTER = "existing_cluster"  # an all-purpose cluster, `existing_cluster_id`
    SERVERLESS = "serverless"  # no cluster field (optionally `environment_key`)
    SQL_WAREHOUSE = "sql_warehouse"  # SQL and dbt tasks with a `warehouse_id`
    NONE = "none"  # condition tasks need no compute (SEMANTICS §4.6)


@dataclass(frozen=True, slots=True)
class Compute:
    """Where a task runs: a job cluster, an all-purpose cluster, a new cluster, serverless or SQL."""

    kind: ComputeKind
    key: str | None = None  # the job cluster key, cluster id, environment key or warehouse id


# Task types whose parameters are key-value (job parameters are pushed down) or a JSON array, and
# the field of the task type that holds them.
NAMED_PARAMETERS = {"notebook_task": "base_parameters", "python_wheel_task": "named_parameters",
                    "sql_task": "parameters", "run_job_task": "job_parameters"}
POSITIONAL_PARAMETERS = {"spark_python_task": "parameters", "spark_jar_task": "parameters",
                         "spark_submit_task": "parameters", "python_wheel_task": "parameters"}


@dataclass(frozen=True, slots=True)
class TaskParameters:
    """A task's parameters as configured, references unresolved (SEMANTICS §6.10).

    `named` holds key-value parameters (notebook, wheel named, SQL, Run Job), to which job
    parameters are pushed down; `positional` holds JSON-array parameters (Python script, JAR,
    Spark submit), to which they are not.
    """

    named: tuple[tuple[str, str], ...] | None = None
    positional: tuple[str, ...] | None = None
    # Whether a value may hold a dynamic value reference (a false alarm only costs an early resolve).
    has_references: bool = field(init=False, default=False, compare=False, repr=False)

    def __post_init__(self) -> None:
        values = [v for _, v in self.named or ()] + list(self.positional or ())
        object.__setattr__(self, "has_references", any("{{" in v for v in values))


@dataclass(frozen=True, slots=True)
class Task:
    """A task of a job, with the JobSettings fields the engine reads."""

    task_key: str
    task_type: str = "notebook_task"
    depends_on: tuple[Dependency, ...] = ()
    run_if: RunIf = RunIf.ALL_SUCCESS
    condition_task: ConditionTask | None = None
    for_each_task: ForEachTask | None = None
    max_retries: int = 0  # -1 retries without limit
    min_retry_interval_millis: int = 0
    retry_on_timeout: bool = False
    timeout_seconds: int = 0  # 0: no timeout
    disabled: bool = False
    compute: Compute = Compute(ComputeKind.SERVERLESS)
    parameters: TaskParameters = TaskParameters()
    description: str = ""
    # Fields Databricks allows that the engine does not simulate, kept as given.
    extra: Mapping[str, Any] = field(default=EMPTY, compare=False, repr=False)

    @property
    def is_condition(self) -> bool:
        return self.condition_task is not None

    @property
    def is_for_each(self) -> bool:
        return self.for_each_task is not None


@dataclass(frozen=True, slots=True)
class JobCluster:
    """A job cluster that tasks share by job_cluster_key."""

    job_cluster_key: str
    new_cluster: Mapping[str, Any] = field(default=EMPTY, compare=False)


@dataclass(frozen=True, slots=True)
class JobParameter:
    """A job parameter and its default value."""

    name: str
    default: str


@dataclass(frozen=True, slots=True)
class CronSchedule:
    """A job's schedule: a Quartz cron expression in a time zone."""

    quartz_cron_expression: str
    timezone_id: str
    pause_status: str = "UNPAUSED"


@dataclass(frozen=True)
class Job:
    """A job: its tasks and the job-level settings the engine reads (JobSettings, Jobs API 2.2)."""

    tasks: tuple[Task, ...]
    name: str | None = None
    job_id: int | None = None
    job_clusters: tuple[JobCluster, ...] = ()
    parameters: tuple[JobParameter, ...] = ()
    max_concurrent_runs: int = 1  # SEMANTICS §8.1: default 1
    queue_enabled: bool | None = None  # None: not set
    schedule: CronSchedule | None = None
    continuous: Mapping[str, Any] | None = field(default=None, compare=False)
    trigger: Mapping[str, Any] | None = field(default=None, compare=False)
    timeout_seconds: int = 0
    environments: tuple[str, ...] = ()
    extra: Mapping[str, Any] = field(default=EMPTY, compare=False, repr=False)

    @cached_property
    def task_by_key(self) -> dict[str, Task]:
        return {task.task_key: task for task in self.tasks}

    @cached_property
    def task_keys(self) -> tuple[str, ...]:
        return tuple(task.task_key for task in self.tasks)

    @cached_property
    def dependency_keys(self) -> dict[str, list[str]]:
        """task_key -> the task keys in its depends_on."""
        return {t.task_key: [d.task_key for d in t.depends_on] for t in self.tasks}

    @cached_property
    def order(self) -> tuple[str, ...]:
        """A topological order, ties broken by task_key (SEMANTICS §1.6) so output is stable."""
        return topological_order(self.dependency_keys)

    @cached_property
    def plan(self):
        """The job compiled for simulation (lakedrill.engine.plan.Plan), built once."""
        return Plan.of(self)

    @cached_property
    def dependents(self) -> dict[str, tuple[str, ...]]:
        """task_key -> the tasks that depend on it, in `order`."""
        children: dict[str, list[str]] = {key: [] for key in self.task_keys}
        for key in self.order:
            for dep in self.task_by_key[key].depends_on:
                if dep.task_key in children:
                    children[dep.task_key].append(key)
        return {key: tuple(value) for key, value in children.items()}

    @cached_property
    def leaves(self) -> tuple[str, ...]:
        """Tasks no other task depends on (SEMANTICS §3), in `order`."""
        return tuple(key for key in self.order if not self.dependents[key])

    @cached_property
    def parameter_defaults(self) -> dict[str, str]:
        return {p.name: p.default for p in self.parameters}

    def downstream_of(self, keys: set[str] | frozenset[str]) -> set[str]:
        """Every task that depends, directly or not, on one of `keys` (the keys excluded)."""
        found: set[str] = set()
        stack = list(keys)
        while stack:
            for child in self.dependents[stack.pop()]:
                if child not in found:
                    found.add(child)
                    stack.append(child)
        return found - set(keys)

    def upstream_of(self, key: str) -> set[str]:
        found: set[str] = set()
        stack = [key]
        while stack:
            for dep in self.task_by_key[stack.pop()].depends_on:
                if dep.task_key not in found and dep.task_key in self.task_by_key:
                    found.add(dep.task_key)
                    stack.append(dep.task_key)
        return found
