"""Compute for a job's tasks: which clusters a run starts and stops, what it costs, and what to
choose for a workload (SEMANTICS §10, checked against today's pages: compute/choose-compute,
jobs/compute, jobs/run-classic-jobs, jobs/continuous).

Prices are never built in: a cost is computed from the rates a question or scenario gives,
per kind of compute, in money per hour of a cluster's life (or of a task's run, on serverless).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

from lakedrill.engine.model import ComputeKind
from lakedrill.engine.run import Run, Seconds


class Workload(StrEnum):
    """What a job is for: the traits the compute advice follows from. Where serverless compute
    cannot be used, the workload says so: the advice never rests on an unstated reason."""

    PRODUCTION_BATCH = "production_batch"  # scheduled ETL in notebooks or Python, runs unattended
    LIGHT_OR_BURSTY = "light_or_bursty"  # small or spiky work, no cluster to manage
    CLASSIC_ONLY_BATCH = "classic_only_batch"  # a non-SQL job needing cluster settings serverless lacks
    INTERACTIVE_DEVELOPMENT = "interactive_development"  # a person writing and trying code in a notebook
    INTERACTIVE_CLASSIC_ONLY = "interactive_classic_only"  # notebook work needing R, RDD APIs or GPUs
    SQL_ANALYTICS = "sql_analytics"  # SQL queries and dashboards
    FREQUENT_SHORT_JOBS = "frequent_short_jobs"  # many short runs on classic compute, start time matters
    STREAMING = "streaming"  # an always-on Structured Streaming job with a time-based trigger


WORKLOAD_LABELS = {
    "production_batch": "a scheduled notebook or Python ETL job that needs nothing serverless lacks",
    "light_or_bursty": "small tasks arriving in bursts, with no cluster to manage",
    "classic_only_batch": "a non-SQL job that needs custom cluster settings serverless compute does not offer",
    "interactive_development": "writing and trying code in a notebook",
    "interactive_classic_only": "notebook work that needs RDD APIs, GPU instances or R",
    "sql_analytics": "SQL tasks that refresh queries and dashboards",
    "frequent_short_jobs": "a short job run every few minutes that must use classic compute, where start-up time matters",
    "streaming": "an always-on Structured Streaming job with a time-based trigger",
}


class ComputeChoice(StrEnum):
    JOB_CLUSTER = "job_cluster"  # classic jobs compute: a new cluster for the run
    ALL_PURPOSE = "all_purpose"  # an existing all-purpose cluster
    SERVERLESS = "serverless"
    SQL_WAREHOUSE = "sql_warehouse"
    INSTANCE_POOL = "instance_pool"  # a job cluster drawing its instances from a pool


CHOICE_LABELS = {
    "job_cluster": "a new job cluster (classic jobs compute)",
    "all_purpose": "an all-purpose cluster (classic all-purpose compute)",
    "serverless": "serverless compute",
    "sql_warehouse": "a SQL warehouse",
    "instance_pool": "a job cluster from an instance pool",
}


@dataclass(frozen=True)
class Advice:
    """The compute and job settings recommended for a workload, with the rules behind them."""

    workload: Workload
    compute: ComputeChoice
    settings: Mapping[str, object]  # job settings that go with it (streaming)
    rules: tuple[str, ...]  # lakedrill.engine.rulebook ids of the reasons


# The rules each recommendation follows from (lakedrill.engine.rulebook; docs compute/choose-compute, jobs/compute).
ADVICE_RULES = {
    Workload.PRODUCTION_BATCH: ("compute.serverless_for_most_jobs",),
    Workload.LIGHT_OR_BURSTY: ("compute.serverless_for_most_jobs",),
    Workload.CLASSIC_ONLY_BATCH: ("compute.classic_when_serverless_lacks", "compute.no_all_purpose_for_jobs"),
    Workload.INTERACTIVE_DEVELOPMENT: ("compute.serverless_for_notebooks",),
    Workload.INTERACTIVE_CLASSIC_ONLY: ("compute.classic_when_serverless_lacks",),
    Workload.SQL_ANALYTICS: ("compute.sql_warehouse_for_sql",),
    Workload.FREQUENT_SHORT_JOBS: ("compute.classic_when_serverless_lacks", "compute.pools_for_fast_start"),
    Workload.STREAMING: ("streaming.jobs_compute",),
}


def recommend_compute(workload: Workload) -> ComputeChoice:
    """§10.3 (today's docs): serverless for most jobs and for notebooks, a SQL warehouse for SQL,
    classic compute only where serverless lacks what the workload needs (jobs compute for a job,
    all-purpose for a notebook), a pool where such a job's start-up time matters."""
    return {
        Workload.PRODUCTION_BATCH: ComputeChoice.SERVERLESS,
        Workload.LIGHT_OR_BURSTY: ComputeChoice.SERVERLESS,
        Workload.CLASSIC_ONLY_BATCH: ComputeChoice.JOB_CLUSTER,
        Workload.INTERACTIVE_DEVELOPMENT: ComputeChoice.SERVERLESS,
        Workload.INTERACTIVE_CLASSIC_ONLY: ComputeChoice.ALL_PURPOSE,
        Workload.SQL_ANALYTICS: ComputeChoice.SQL_WAREHOUSE,
        Workload.FREQUENT_SHORT_JOBS: ComputeChoice.INSTANCE_POOL,
        Workload.STREAMING: ComputeChoice.JOB_CLUSTER,
    }[workload]


def streaming_settings(today: bool) -> dict[str, object]:
    """§10.8 (docs jobs/continuous): continuous mode today; the legacy recommendation it replaces was an
    unlimited retry policy and a maximum of one concurrent run."""
    if today:
        return {"continuous": True}
    return {"max_retries": -1, "max_concurrent_runs": 1}


def advise(workload: Workload | str, *, today: bool = True, recommend=recommend_compute) -> Advice:
    """The compute (and, for streaming, the settings: continuous mode unless `today` is False, which
    gives the legacy recipe as history) to choose for `workload`, with the rules why."""
    workload = Workload(workload)
    settings: dict[str, object] = {}
    rules = ADVICE_RULES[workload]
    if workload is Workload.STREAMING:
        settings = streaming_settings(today)
        rules = rules + (("streaming.continuous_mode",) if today else ("streaming.legacy_recipe",))
    return Advice(workload, recommend(workload), settings, rules)


# ----------------------------------------------------------------------------- a run's clusters


@dataclass(frozen=True)
class Cluster:
    """One cluster a run used: `key` is the job cluster key, a task key (its own new cluster), an
    existing cluster id, or "serverless" / the warehouse id."""

    key: str
    kind: ComputeKind
    intervals: tuple[tuple[Seconds, Seconds], ...]  # when it was up (billed), in run seconds
    tasks: tuple[str, ...]

    @property
    def seconds(self) -> Seconds:
        return sum(end - start for start, end in self.intervals)

    @property
    def start(self) -> Seconds:
        return min(start for start, _ in self.intervals)

    @property
    def end(self) -> Seconds:
        return max(end for _, end in self.intervals)


def cluster_of(task, key: str) -> tuple[str, ComputeKind] | None:
    """The cluster a task runs on, named as a run names it: its job cluster key, its own task key
    (a new_cluster of its own), the existing cluster id, or "serverless"; None for no compute."""
    compute = task.for_each_task.task.compute if task.for_each_task is not None else task.compute
    if compute.kind is ComputeKind.NONE:
        return None
    if compute.kind is ComputeKind.NEW_CLUSTER:
        return key, compute.kind
    if compute.kind is ComputeKind.SERVERLESS:
        return "serverless", compute.kind
    return compute.key or key, compute.kind


def startup_waits(cluster_already_up: bool) -> bool:
    """§10.2, §10.7: a task waits for its cluster's start-up only when the cluster is not up yet;
    later tasks on a running shared job cluster start at once."""
    return not cluster_already_up


def _busy(task_run) -> list[tuple[Seconds, Seconds]]:
    """When a task's code was running: each attempt (each iteration's, for a For each task)."""
    if task_run.iterations:
        return [(a.start, a.end) for it in task_run.iterations for a in it.attempts]
    return [(a.start, a.end) for a in task_run.attempts if a.end > a.start]


def shared_cluster_lifetime(busy: list[tuple[Seconds, Seconds]]) -> tuple[tuple[Seconds, Seconds], ...]:
    """§10.2: a shared job cluster starts with the first task that uses it and terminates after the
    last one completes: one interval from the first start to the last end."""
    return ((min(s for s, _ in busy), max(e for _, e in busy)),)


def clusters(run: Run, *, lifetime=shared_cluster_lifetime) -> list[Cluster]:
    """The clusters of `run` (its original pass) and when each was up (SEMANTICS §10.1–10.2). A
    cluster with a start-up time in the scenario is up from when it was requested: that much
    before its first task started (engine decision: start-up time is billed)."""
    job = run.job
    startup = run.scenario.compute.startup
    by_key: dict[tuple[str, ComputeKind], list[tuple[str, list[tuple[Seconds, Seconds]]]]] = {}
    for key, task_run in run.original.items():
        where = cluster_of(job.task_by_key[key], key)
        busy = _busy(task_run)
        if not busy or where is None:
            continue
        by_key.setdefault(where, []).append((key, busy))
    out = []
    for (cluster_key, kind), uses in by_key.items():
        busy = [interval for _, intervals in uses for interval in intervals]
        if kind is ComputeKind.JOB_CLUSTER:
            intervals = lifetime(busy)
        elif kind in (ComputeKind.EXISTING_CLUSTER, ComputeKind.SQL_WAREHOUSE):
            intervals = _union(busy)  # one machine the job uses while any of its tasks runs there
        else:  # a task's own cluster, serverless: while each task runs
            intervals = tuple(sorted(busy))
        delay = startup.get(cluster_key, 0) if kind in (ComputeKind.JOB_CLUSTER, ComputeKind.NEW_CLUSTER) else 0
        if delay:
            first = min(intervals)
            intervals = tuple(sorted([(first[0] - delay, first[1])] + [i for i in intervals if i != first]))
        out.append(Cluster(cluster_key, kind, intervals, tuple(k for k, _ in uses)))
    return out


def _union(busy: list[tuple[Seconds, Seconds]]) -> tuple[tuple[Seconds, Seconds], ...]:
    merged: list[list[Seconds]] = []
    for start, end in sorted(busy):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return tuple((start, end) for start, end in merged)


CLASSIC_KINDS = frozenset({ComputeKind.JOB_CLUSTER, ComputeKind.NEW_CLUSTER, ComputeKind.EXISTING_CLUSTER})


def run_cost(run: Run, rates: Mapping[str, float] | None = None, *, lifetime=shared_cluster_lifetime,
             dbu_per_hour: Mapping[str, float] | None = None, vm_per_hour: Mapping[str, float] | None = None) -> float:
    """The compute cost of `run`: each cluster's hours up x its size in DBU per hour x the price of a
    DBU for its kind of compute (job_cluster, new_cluster, existing_cluster, serverless,
    sql_warehouse). Rates and sizes come from the arguments or else from the run's scenario; a
    cluster without a size counts 1 DBU per hour, so rates alone are money per hour. Every kind
    the run uses needs a rate. `vm_per_hour` adds, for a classic cluster (by its key), the cloud
    provider's charge per hour for its virtual machines while it is up (docs compute/serverless:
    serverless provisions nothing in your cloud account, so it has none)."""
    rates = rates if rates is not None else run.scenario.compute.rates
    sizes = dbu_per_hour if dbu_per_hour is not None else run.scenario.compute.dbu_per_hour
    vm = dict(vm_per_hour or {})
    total = 0.0
    for cluster in clusters(run, lifetime=lifetime):
        kind = cluster.kind.value
        if kind not in rates:
            raise KeyError(f"no rate given for {kind} (rates: {', '.join(rates) or 'none'})")
        total += cluster.seconds / 3600 * sizes.get(cluster.key, 1.0) * rates[kind]
        if cluster.key in vm:
            if cluster.kind not in CLASSIC_KINDS:
                raise ValueError(f"{cluster.key} is {kind}: only classic compute has a cloud VM cost")
            total += cluster.seconds / 3600 * vm.pop(cluster.key)
    if vm:
        raise KeyError(f"a VM cost is given for clusters this run did not use: {', '.join(sorted(vm))}")
    return round(total, 6)
