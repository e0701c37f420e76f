"""What a template's expressions may read of a job and a run: small, read-only views.

RunView records what an answer reads (which tasks, which facets of the run), so that the rules
the key rests on can be taken from the trace: only those, and every one of them.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from lakedrill.engine import Job, Run
from lakedrill.engine.alerts import duration_threshold, destinations, notifications, timeline_alerts
from lakedrill.engine.compute import CHOICE_LABELS, ADVICE_RULES, Cluster, Workload, clusters, run_cost
from lakedrill.engine.knowledge import OWNERS, owner_rule
from lakedrill.engine.model import ComputeKind
from lakedrill.engine.run import Facet
from lakedrill.engine.semantics import DATABRICKS, Semantics
from lakedrill.engine.states import FAILURE_LIKE, SKIPPED


@dataclass(frozen=True)
class OrderKey:
    """The right answers to an ordering question: `items` in any order that keeps every
    (earlier, later) pair of `before`, and so every pair those pairs imply (a before b before c
    puts a before c). `before` need not list the implied pairs: at 1,000 tasks they are 500,000.

    Every method is near linear in the items and pairs (a user's job may have 1,000 tasks)."""

    items: tuple[str, ...]
    before: frozenset[tuple[str, str]]

    @cached_property
    def _direct(self) -> dict[str, frozenset[str]]:
        """Each item's direct predecessors among the items."""
        known = set(self.items)
        found: dict[str, set[str]] = {i: set() for i in self.items}
        for a, b in self.before:
            if b in found and a in known:
                found[b].add(a)
        return {i: frozenset(p) for i, p in found.items()}

    @cached_property
    def _ancestors(self) -> dict[str, int] | None:
        """Each item's predecessors, direct or not, as a bit set over the items' positions;
        None when the pairs form a cycle."""
        bit = {i: 1 << n for n, i in enumerate(self.items)}
        seen: dict[str, int] = {}
        for item in self._kahn():
            mask = 0
            for p in self._direct[item]:
                mask |= seen[p] | bit[p]
            seen[item] = mask
        return seen if len(seen) == len(self.items) else None

    def _kahn(self) -> list[str]:
        """The items in a right order, at each step the first of them (in `items`) that may come next;
        short of all the items when the pairs form a cycle."""
        position = {i: n for n, i in enumerate(self.items)}
        waiting = {i: len(p) for i, p in self._direct.items()}
        after: dict[str, list[str]] = {i: [] for i in self.items}
        for item, preds in self._direct.items():
            for p in preds:
                after[p].append(item)
        ready = [position[i] for i in self.items if waiting[i] == 0]
        heapq.heapify(ready)
        order: list[str] = []
        while ready:
            item = self.items[heapq.heappop(ready)]
            order.append(item)
            for later in after[item]:
                waiting[later] -= 1
                if waiting[later] == 0:
                    heapq.heappush(ready, position[later])
        return order

    def predecessors(self, item: str) -> set[str]:
        """The items that must come before `item`, directly or not."""
        ancestors = self._ancestors
        if ancestors is None:
            return set(self._direct.get(item, ()))
        mask = ancestors.get(item, 0)
        return {i for n, i in enumerate(self.items) if mask >> n & 1}

    def valid_prefix(self, sequence: Iterable[str]) -> int:
        """How many leading items of `sequence` can begin a right order."""
        placed: set[str] = set()
        count = 0
        for item in sequence:
            if item not in self._direct or item in placed or not self._direct[item] <= placed:
                break
            placed.add(item)
            count += 1
        return count

    def is_right(self, sequence: list[str]) -> bool:
        return len(sequence) == len(self.items) and self.valid_prefix(sequence) == len(self.items)

    def one_right_order(self) -> list[str]:
        order = self._kahn()
        if len(order) < len(self.items):
            raise ValueError("the pairs of an order form a cycle")
        return order

    def levels(self) -> list[list[str]]:
        """The groups of the order, each of the items whose predecessors are all placed before it
        (a cycle's items are listed one by one, as they stand)."""
        depth: dict[str, int] = {}
        for item in self._kahn():
            depth[item] = 1 + max((depth[p] for p in self._direct[item]), default=-1)
        groups: dict[int, list[str]] = {}
        for item in self.items:
            if item in depth:
                groups.setdefault(depth[item], []).append(item)
        out = [groups[d] for d in sorted(groups)]
        out.extend([i] for i in self.items if i not in depth)
        return out

    def ties(self) -> list[list[str]] | None:
        """The key as groups that come together (ties), when it is one: every item of a group before
        every item of each later group, none before another of its own group. None otherwise."""
        ancestors = self._ancestors
        if ancestors is None:
            return None
        groups = self.levels()
        bit = {i: 1 << n for n, i in enumerate(self.items)}
        earlier = 0  # every item of the groups so far
        for group in groups:
            for b in group:
                if ancestors[b] != earlier:
                    return None
            for b in group:
                earlier |= bit[b]
        return groups

    def allows_together(self, group: Iterable[str]) -> bool:
        """Whether the items of `group` may come in any order among themselves (a tie)."""
        group = [i for i in dict.fromkeys(group)]
        ancestors = self._ancestors
        if ancestors is None:
            chosen = set(group)
            return not any(a in chosen and b in chosen for a, b in self.before)
        bit = {i: 1 << n for n, i in enumerate(self.items)}
        mask = 0
        for i in group:
            mask |= bit.get(i, 0)
        return not any(ancestors.get(i, 0) & mask for i in group)

    def as_dict(self) -> dict[str, Any]:
        return {"items": list(self.items), "before": sorted([a, b] for a, b in self.before)}


def levels(key: OrderKey) -> list[list[str]]:
    """The groups of an order, each starting together: items whose predecessors are all placed."""
    return key.levels()


class JobView:
    """A job as templates see it: task keys in job order and the relations between them."""

    def __init__(self, job: Job):
        self._job = job

    @property
    def name(self) -> str:
        return self._job.name or "job"

    @property
    def task_keys(self) -> list[str]:
        return list(self._job.order)

    @property
    def size(self) -> int:
        return len(self._job.tasks)

    @property
    def roots(self) -> list[str]:
        return [k for k in self._job.order if not self._job.task_by_key[k].depends_on]

    @property
    def leaves(self) -> list[str]:
        return list(self._job.leaves)

    @property
    def non_roots(self) -> list[str]:
        return [k for k in self._job.order if self._job.task_by_key[k].depends_on]

    @property
    def plain_tasks(self) -> list[str]:
        """Tasks that run code of their own: not condition tasks, not For each loops."""
        return [k for k in self._job.order if self._job.task_by_key[k].condition_task is None
                and self._job.task_by_key[k].for_each_task is None]

    @property
    def inner(self) -> list[str]:
        """Tasks that have both dependencies and dependents."""
        leaves = set(self._job.leaves)
        return [k for k in self.non_roots if k not in leaves]

    def _ordered(self, keys: Iterable[str]) -> list[str]:
        wanted = set(keys)
        return [k for k in self._job.order if k in wanted]

    def dependencies(self, key: str) -> list[str]:
        return self._ordered(d.task_key for d in self._job.task_by_key[key].depends_on)

    def dependents(self, key: str) -> list[str]:
        return list(self._job.dependents[key])

    def ancestors(self, key: str) -> list[str]:
        return self._ordered(self._job.upstream_of(key))

    def descendants(self, key: str) -> list[str]:
        return self._ordered(self._job.downstream_of({key}))

    def independent_of(self, key: str) -> list[str]:
        related = set(self.ancestors(key)) | set(self.descendants(key)) | {key}
        return [k for k in self._job.order if k not in related]

    def run_if(self, key: str) -> str:
        return str(self._job.task_by_key[key].run_if)

    def with_run_if(self, *values: str) -> list[str]:
        """Tasks whose run_if is one of `values` (all non-default ones when none are given)."""
        wanted = set(values) or {"AT_LEAST_ONE_SUCCESS", "NONE_FAILED", "ALL_DONE", "AT_LEAST_ONE_FAILED",
                                 "ALL_FAILED"}
        return [k for k in self._job.order if str(self._job.task_by_key[k].run_if) in wanted]

    def max_retries(self, key: str) -> int:
        return self._job.task_by_key[key].max_retries

    def retry_interval(self, key: str) -> float:
        return self._job.task_by_key[key].min_retry_interval_millis / 1000

    def timeout(self, key: str) -> int:
        return self._job.task_by_key[key].timeout_seconds

    def retry_on_timeout(self, key: str) -> bool:
        return self._job.task_by_key[key].retry_on_timeout

    def is_condition(self, key: str) -> bool:
        return self._job.task_by_key[key].condition_task is not None

    def is_for_each(self, key: str) -> bool:
        return self._job.task_by_key[key].for_each_task is not None

    def condition(self, key: str) -> dict[str, str]:
        c = self._job.task_by_key[key].condition_task
        return {} if c is None else {"op": str(c.op), "left": c.left, "right": c.right}

    def concurrency(self, key: str) -> int:
        fe = self._job.task_by_key[key].for_each_task
        return 0 if fe is None else fe.effective_concurrency

    def dependency_order(self, keys: Iterable[str] | None = None) -> OrderKey:
        """The orders of `keys` (default: every task) that respect depends_on, directly or not."""
        items = self._ordered(keys) if keys is not None else list(self._job.order)
        chosen = set(items)
        if keys is None:  # every task: its direct dependencies imply the rest
            before = {(d.task_key, k) for k in items for d in self._job.task_by_key[k].depends_on
                      if d.task_key in chosen}
        else:  # some tasks: a dependency through a task left out still holds
            before = {(a, k) for k in items for a in self._job.upstream_of(k) if a in chosen}
        return OrderKey(tuple(items), frozenset(before))


class RunView:
    """A run as templates see it; records the tasks and facets an expression reads."""

    def __init__(self, run: Run, record: bool = True, semantics: Semantics = DATABRICKS):
        self._run = run
        self._record = record
        self._semantics = semantics
        self.tasks_read: set[str] = set()
        self.facets: set[Facet] = set()
        self.read_all = False
        self.rules_read: dict[str, None] = {}  # rules outside the trace (compute, alerts)

    def _rules(self, *rule_ids: str) -> None:
        if self._record:
            for rule_id in rule_ids:
                self.rules_read[rule_id] = None

    def _read(self, facet: Facet, key: str | None = None) -> None:
        if self._record:
            self.facets.add(facet)
            if key is None:
                self.read_all = True
            else:
                self.tasks_read.add(key)

    # states and results
    def state(self, key: str) -> str:
        self._read(Facet.STATE, key)
        return self._run.states[key].value

    @property
    def states(self) -> dict[str, str]:
        self._read(Facet.STATE)
        return {k: v.value for k, v in self._run.states.items()}

    def tasks_in(self, *states: str) -> list[str]:
        self._read(Facet.STATE)
        return [k for k, v in self._run.states.items() if v.value in states]

    @property
    def failure_like(self) -> list[str]:
        self._read(Facet.STATE)
        return [k for k, v in self._run.states.items() if v in FAILURE_LIKE]

    @property
    def skipped(self) -> list[str]:
        self._read(Facet.STATE)
        return [k for k, v in self._run.states.items() if v in SKIPPED]

    @property
    def ran(self) -> list[str]:
        """Tasks whose code ran."""
        self._read(Facet.STATE)
        return [k for k, tr in self._run.tasks.items() if tr.ran]

    @property
    def result_state(self) -> str:
        self._read(Facet.RESULT)
        self._read(Facet.STATE)
        return self._run.result_state.value

    def outcome(self, key: str) -> str | None:
        self._read(Facet.STATE, key)
        return self._run.tasks[key].outcome

    # time
    @property
    def duration(self) -> float:
        self._read(Facet.TIMING)
        return self._run.duration

    def start(self, key: str) -> float | None:
        self._read(Facet.TIMING, key)
        return self._run.tasks[key].start

    def end(self, key: str) -> float | None:
        self._read(Facet.TIMING, key)
        return self._run.tasks[key].end

    def attempts(self, key: str) -> int:
        """How many times the task's code ran (retries included)."""
        self._read(Facet.STATE, key)
        return len(self._run.tasks[key].attempts)

    def attempt_starts(self, key: str) -> list[float]:
        self._read(Facet.TIMING, key)
        return [a.start for a in self._run.tasks[key].attempts]

    def iterations(self, key: str) -> list[dict[str, Any]]:
        self._read(Facet.TIMING, key)
        its = self._run.tasks[key].iterations or ()
        return [{"index": it.index, "input": it.input, "state": it.state.value, "start": it.start, "end": it.end,
                 "attempts": len(it.attempts), "parameters": it.parameters} for it in its]

    @property
    def task_seconds(self) -> float:
        self._read(Facet.TIMING)
        return self._run.task_seconds

    @property
    def starts(self) -> dict[str, float]:
        """task_key -> when its code started, for the tasks that ran."""
        self._read(Facet.TIMING)
        return {k: tr.start for k, tr in self._run.tasks.items() if tr.start is not None}

    def started_at(self, seconds: float) -> list[str]:
        """The tasks whose code started at `seconds`."""
        return [k for k, start in self.starts.items() if start == seconds]

    @property
    def max_parallel(self) -> int:
        """The most tasks running at the same moment (For each iterations count once, as their task)."""
        self._read(Facet.TIMING)
        spans = [(tr.start, tr.end) for tr in self._run.tasks.values() if tr.start is not None and tr.end > tr.start]
        return max((sum(1 for s, e in spans if s <= t < e) for t, _ in spans), default=0)

    @property
    def start_order(self) -> OrderKey:
        """Tasks that ran, in the order they started; tasks that started together in any order."""
        self._read(Facet.TIMING)
        started = [(k, tr.start) for k, tr in self._run.tasks.items() if tr.start is not None]
        moments = sorted({s for _, s in started})
        at: dict[float, list[str]] = {m: [] for m in moments}
        for k, s in started:
            at[s].append(k)
        # each moment's tasks before the next moment's: the pairs between further moments follow
        before = {(a, b) for m, n in zip(moments, moments[1:]) for a in at[m] for b in at[n]}
        return OrderKey(tuple(k for k, _ in started), frozenset(before))

    # values and writes
    def values(self, key: str) -> dict[str, Any]:
        self._read(Facet.VALUE, key)
        return dict(self._run.tasks[key].values)

    def parameters(self, key: str) -> Any:
        self._read(Facet.VALUE, key)
        return self._run.tasks[key].parameters

    def commit(self, key: str) -> str:
        self._read(Facet.COMMIT, key)
        return self._run.tasks[key].commit.value

    @property
    def committed_tasks(self) -> list[str]:
        self._read(Facet.COMMIT)
        return list(self._run.committed_tasks)

    @property
    def partially_committed_tasks(self) -> list[str]:
        self._read(Facet.COMMIT)
        return list(self._run.partially_committed_tasks)

    # repairs
    @property
    def rerun(self) -> list[str]:
        """The tasks the latest repair reran."""
        self._read(Facet.REPAIR)
        return list(self._run.repairs[-1].rerun) if self._run.repairs else []

    @property
    def reused(self) -> list[str]:
        self._read(Facet.REPAIR)
        rerun = set(self.rerun)
        return [k for k in self._run.states if k not in rerun]

    @property
    def repair_task_seconds(self) -> float:
        self._read(Facet.REPAIR)
        self._read(Facet.TIMING)
        return self._run.repairs[-1].task_seconds if self._run.repairs else 0

    # compute (SEMANTICS §10)
    def _clusters(self) -> list[Cluster]:
        self._read(Facet.TIMING)
        found = clusters(self._run, lifetime=self._semantics.cluster_lifetime)
        if self._run.scenario.compute.startup:
            self._rules("compute.startup_billed")  # a cluster is up from its request, start-up included
        for cluster in found:
            if cluster.kind is ComputeKind.JOB_CLUSTER:
                self._rules("compute.shared_job_cluster_lifetime")
            elif cluster.kind is ComputeKind.NEW_CLUSTER:
                self._rules("compute.new_cluster_per_task")
        return found

    @property
    def clusters(self) -> list[str]:
        """The clusters the run started: job cluster keys, or the task keys of tasks with their own."""
        return [c.key for c in self._clusters()]

    def cluster(self, key: str) -> dict[str, Any]:
        """When a cluster was up: {start, end, seconds, tasks, starts} (`starts`: how many times a
        job cluster or a task's own cluster was started in the run)."""
        found = next(c for c in self._clusters() if c.key == key)
        return {"start": found.start, "end": found.end, "seconds": found.seconds, "tasks": list(found.tasks),
                "starts": len(found.intervals)}

    @property
    def cluster_starts(self) -> int:
        """How many clusters the run started: each job cluster and task's own new cluster, each time it
        started (serverless and all-purpose clusters are not started by the run)."""
        return sum(len(c.intervals) for c in self._clusters()
                   if c.kind in (ComputeKind.JOB_CLUSTER, ComputeKind.NEW_CLUSTER))

    def cost(self, rates: dict[str, float] | None = None, vm: dict[str, float] | None = None) -> float:
        """The run's compute cost from `rates` (money per hour, or per DBU with the scenario's
        dbu_per_hour, by kind of compute); without `rates`, the scenario's. `vm` adds each classic
        cluster's cloud VM cost per hour while it is up (by cluster key)."""
        self._clusters()
        self._rules("compute.billed_while_up")
        compute = self._run.scenario.compute
        if compute.dbu_per_hour:
            self._rules("compute.dbu_cost")
        if vm:
            self._rules("compute.classic_vm_cost")
        return run_cost(self._run, rates, lifetime=self._semantics.cluster_lifetime,
                        vm_per_hour={str(k): float(v) for k, v in (vm or {}).items()})

    # notifications (SEMANTICS §12)
    @property
    def notifications(self) -> list[str]:
        """What the run sends: "job on_failure", "task load on_failure (2nd attempt)", …"""
        self._read(Facet.STATE)
        self._read(Facet.RESULT)
        sem = self._semantics
        sent = notifications(self._run, job_events=sem.job_alert_events, task_attempts=sem.task_alert_attempts)
        self._rules("alerts.job_alert_from_result")
        if any(_has_destinations(task.extra) for task in self._run.job.tasks):
            self._rules("alerts.task_alert_per_attempt")
        if any(len(tr.attempts) > 1 for tr in self._run.tasks.values()):
            self._rules("alerts.no_job_alert_for_retried_failure")
        if duration_threshold(dict(self._run.job.extra)) is not None:
            # Whether the warning is sent or not, it follows from the run's duration: its timing counts.
            self._rules("alerts.duration_warning")
            self._read(Facet.TIMING)
        return [str(n) for n in sent]

    def notified(self, event: str, task: str | None = None) -> bool:
        """Whether the job (or `task`) sends `event` at least once."""
        prefix = "job" if task is None else f"task {task}"
        return any(n == f"{prefix} {event}" or n.startswith(f"{prefix} {event} (") for n in self.notifications)


def _job_run(run) -> dict[str, Any]:
    return {"number": run.number, "trigger": run.trigger, "trigger_time": run.trigger_time, "state": run.state,
            "start": run.start, "end": run.end, "result_state": run.result_state, "queued_seconds": run.queued_seconds}


class TimelineView:
    """Runs of the job over a window (SEMANTICS §8, §11, §12.4), as templates see them. Times are
    seconds after the window's start; `clock(seconds)` gives "HH:MM"."""

    def __init__(self, timeline, record: bool = True, semantics: Semantics = DATABRICKS):
        self._timeline = timeline
        self._record = record
        self._semantics = semantics
        self.read = False
        self.rules_read: dict[str, None] = {}

    def _touch(self, runs=None) -> None:
        if self._record:
            self.read = True
            self.rules_read.update((rule, None) for rule, _ in self._timeline.notes)
            for run in (self._timeline.runs if runs is None else runs):
                self.rules_read.update((rule, None) for rule in run.rules)

    @property
    def runs(self) -> list[dict[str, Any]]:
        """Every run: {number, trigger, trigger_time, state, start, end, result_state, queued_seconds}."""
        self._touch()
        return [_job_run(r) for r in self._timeline.runs]

    @property
    def triggered(self) -> int:
        self._touch()
        return len(self._timeline.runs)

    @property
    def started(self) -> int:
        """How many runs started in or after the window (queued ones included once they start)."""
        self._touch()
        return len(self._timeline.started)

    def started_by(self, seconds: float) -> int:
        """How many runs had started at or before `seconds`."""
        self._touch()
        return sum(1 for r in self._timeline.started if r.start <= seconds)

    @property
    def skipped(self) -> int:
        self._touch()
        return len(self._timeline.skipped)

    @property
    def queued(self) -> int:
        """How many runs waited in the queue (and then started)."""
        self._touch()
        return sum(1 for r in self._timeline.queued if r.ran)

    @property
    def max_active(self) -> int:
        self._touch()
        return self._timeline.max_active

    def run(self, number: int) -> dict[str, Any]:
        """Run `number` (1-based, in trigger order)."""
        found = self._timeline.runs[number - 1]
        self._touch([found])
        return _job_run(found)

    def state_of(self, number: int) -> str:
        """'started', 'queued' (waited, then started) or 'skipped'."""
        found = self._timeline.runs[number - 1]
        self._touch([found])
        return "skipped" if not found.ran else ("queued" if found.queued_seconds > 0 else "started")

    def start_of(self, number: int) -> float | None:
        found = self._timeline.runs[number - 1]
        self._touch([found])
        return found.start

    def active_at(self, seconds: float) -> int:
        self._touch()
        return len(self._timeline.active_at(seconds))

    @property
    def alerts(self) -> list[str]:
        """The job-level notifications of every run: "run 2 on_failure", …"""
        self._touch()
        sem = self._semantics
        sent = timeline_alerts(self._timeline, job_events=sem.job_alert_events, skipped_alerts=sem.skipped_run_alerts)
        if self._record:
            self.rules_read["alerts.job_alert_from_result"] = None
            if self._timeline.skipped:
                self.rules_read["alerts.skipped_run"] = None
            if duration_threshold(dict(self._timeline.job.extra)) is not None:
                self.rules_read["alerts.duration_warning"] = None
        return [f"run {number} {n.event}" for number, n in sent]

    def alert_count(self, event: str) -> int:
        return sum(1 for a in self.alerts if a.endswith(f" {event}"))

    def clock(self, seconds: float) -> str:
        """A moment of the window as HH:MM (UTC), or HH:MM:SS when it has seconds."""
        text = self._timeline.clock(seconds)[11:19]
        return text[:5] if text.endswith(":00") else text

    def lines(self, limit: int = 10) -> list[str]:
        """One line per run, for explanations: its trigger time and what happened (the first `limit`)."""
        runs = self._timeline.runs
        out = [f"run {r.number}: {r.reason}" for r in runs[:limit]]
        if len(runs) > limit:
            out.append(f"… and {len(runs) - limit} more runs in the window")
        return out


def _has_destinations(settings) -> bool:
    return bool(destinations(settings))


class LessonView:
    """What the lesson knows beyond a run: compute advice, streaming settings, job vs pipeline."""

    def __init__(self, record: bool = True, semantics: Semantics = DATABRICKS):
        self._record = record
        self._semantics = semantics
        self.rules_read: dict[str, None] = {}

    def _rules(self, *rule_ids: str) -> None:
        if self._record:
            for rule_id in rule_ids:
                self.rules_read[rule_id] = None

    @property
    def workloads(self) -> list[str]:
        return [w.value for w in Workload]

    @property
    def compute_choices(self) -> list[str]:
        return list(CHOICE_LABELS)

    def compute_label(self, choice: str) -> str:
        return CHOICE_LABELS[str(choice)]

    def recommend(self, workload: str) -> str:
        """The compute Databricks recommends for `workload` (SEMANTICS §10)."""
        self._rules(*ADVICE_RULES[Workload(workload)])
        return str(self._semantics.recommend_compute(Workload(workload)))

    def streaming_settings(self, today: bool = False) -> dict[str, Any]:
        self._rules("streaming.continuous_mode" if today else "streaming.legacy_recipe")
        return dict(self._semantics.streaming_settings(today))

    def streaming_setup(self, today: bool = False) -> list[str]:
        """The streaming settings as `setting=value` items: continuous mode today, or the legacy recipe."""
        settings = self.streaming_settings(today)
        return [f"{k}={'none' if v is None else v}" for k, v in settings.items()]

    @property
    def items(self) -> list[str]:
        """Things a data engineer configures, for job-or-pipeline questions."""
        return list(OWNERS)

    def owner(self, item: str) -> str:
        """'job' or 'pipeline': where `item` is configured."""
        self._rules(owner_rule(item))
        return str(self._semantics.owner_of(item))

    def owner_claims(self, owner: str) -> list[list[Any]]:
        """[item, whether it is configured in `owner`] for every item: an exam form's claims."""
        return [[item, self.owner(item) == owner] for item in self.items]

    def compute_claims(self, workload: str) -> list[list[Any]]:
        """[compute, whether Databricks recommends it for `workload`] for every kind of compute."""
        best = self.recommend(workload)
        return [[self.compute_label(choice), choice == best] for choice in self.compute_choices]

    def owned_by(self, owner: str, items: list[str]) -> list[str]:
        """The `items` that belong to `owner` ('job' or 'pipeline'), in their order."""
        return [item for item in items if self.owner(item) == owner]

    def job_approach(self) -> str:
        """How a job defines the relationships between its tasks: 'procedural' (docs jobs/pipeline)."""
        self._rules("pipeline.jobs_procedural")
        return str(self._semantics.job_approach())
