"""A scenario: what each task's code does when it runs. The engine cannot run notebooks; this
stands in for them (DESIGN: engine). Built from a plain mapping by `parse_scenario`, which names
every problem with its path under ``scenario``.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from types import MappingProxyType
from typing import Any

from lakedrill.engine.errors import InvalidScenario, Path, Problem, did_you_mean, listing
from lakedrill.engine.model import EMPTY, Job
from lakedrill.engine.states import ATTEMPT_OUTCOMES, RunResultState

DEFAULT_DURATION = 60  # seconds, for a task the scenario says nothing about
TASK_VALUE_LIMIT = 48 * 1024  # bytes of the JSON form of one task value (see https://docs.databricks.com/aws/en/jobs/task-values)
DEFAULT_START_TIME = "2026-01-05T06:00:00Z"


@dataclass(frozen=True, slots=True)
class Behaviour:
    """How one task's code behaves: outcome and duration per attempt (the last one repeats)."""

    outcomes: tuple[RunResultState, ...] = (RunResultState.SUCCESS,)
    durations: tuple[float, ...] | None = None  # seconds; None: the default for the task's type
    values: Mapping[str, Any] = EMPTY  # task values set by a successful attempt
    iterations: Mapping[int, Behaviour] = EMPTY  # For each: overrides by 0-based input index

    def __post_init__(self) -> None:
        # Accept "FAILED" as well as RunResultState.FAILED: the simulator compares by identity.
        outcomes = tuple(RunResultState(o) for o in self.outcomes)
        if not outcomes or not set(outcomes) <= ATTEMPT_OUTCOMES:
            raise ValueError(f"outcomes must be a non-empty list of {', '.join(sorted(ATTEMPT_OUTCOMES))}")
        object.__setattr__(self, "outcomes", outcomes)

    def outcome(self, attempt: int) -> RunResultState:
        return self.outcomes[min(attempt, len(self.outcomes) - 1)]

    def duration(self, attempt: int, default: float) -> float:
        if not self.durations:
            return default
        return self.durations[min(attempt, len(self.durations) - 1)]

    def duration_ms(self, attempt: int, default_ms: int) -> int:
        if not self.durations:
            return default_ms
        return round(self.durations[min(attempt, len(self.durations) - 1)] * 1000)

    def for_iteration(self, index: int) -> Behaviour:
        """An iteration behaves like the For each task's entry unless overridden by index."""
        override = self.iterations.get(index)
        if override is None:
            return self
        return Behaviour(
            outcomes=override.outcomes,
            durations=override.durations if override.durations is not None else self.durations,
            values=override.values,
        )


ALWAYS_SUCCEEDS = Behaviour()


@dataclass(frozen=True, slots=True)
class RepairRequest:
    """A repair of a finished run (SEMANTICS §9): which tasks, and how they behave this time.

    In the mapping form, a task's entry under repair.tasks changes only the fields it gives:
    {silver: {outcomes: [SUCCESS]}} keeps silver's duration and task values from the run.
    """

    rerun_tasks: tuple[str, ...] | None = None
    rerun_all_failed_tasks: bool = False
    rerun_dependent_tasks: bool = False
    tasks: Mapping[str, Behaviour] = EMPTY  # tasks not named behave as in the original run
    job_parameters: Mapping[str, str] | None = None  # None: the original run's values


@dataclass(frozen=True, slots=True)
class SettingsChange:
    """A change to the job's settings at a moment of a window of runs (§8.1, §11.6)."""

    at: float  # seconds after the window start
    max_concurrent_runs: int | None = None
    queue_enabled: bool | None = None
    paused: bool | None = None  # the schedule's, trigger's or continuous mode's pause_status


@dataclass(frozen=True)
class RunsSpec:
    """Runs of the job over a window of time (SEMANTICS §8, §11): when it is triggered besides its
    own schedule or trigger, how long each run takes, and what changes along the way. A run's
    duration and result come from `durations`/`results`, or from `scenarios` (each simulated), or
    from simulating the scenario's own tasks; in each list the last entry repeats."""

    start: str  # ISO 8601 UTC: the window's start
    seconds: float  # the window's length: triggers at or after start + seconds do not happen
    run_now: tuple[float, ...] = ()  # manual Run now clicks, seconds after the start
    file_arrivals: tuple[float, ...] = ()  # new files in the monitored location
    file_overwrites: tuple[float, ...] = ()  # files written again under a name already there
    durations: tuple[float, ...] | None = None
    results: tuple[RunResultState, ...] | None = None
    scenarios: tuple["Scenario", ...] | None = None
    changes: tuple[SettingsChange, ...] = ()
    restart_gap: float = 0.0  # continuous mode: from one run's end to the next run's start
    first_run: float = 0.0  # periodic trigger: when its first run fires
    table_commits: tuple[tuple[float, str], ...] = ()  # (at, catalog.schema.table): a table update trigger's input
    upstream_completions: tuple[tuple[float, str, str], ...] = ()  # (at, job, result): a job completion trigger's
    backoff: tuple[float, ...] = ()  # continuous mode: the wait after the 1st, 2nd, ... failed run in a row


@dataclass(frozen=True)
class ComputeSpec:
    """What the question gives about compute (never built-in prices, SEMANTICS §10): each
    cluster's start-up time, its size in DBU per hour, and the price of a DBU by kind of compute.
    Clusters are named as the run names them: a job cluster key, the task key of a task's own
    new_cluster, an existing cluster id, or "serverless"."""

    startup: Mapping[str, float] = EMPTY
    dbu_per_hour: Mapping[str, float] = EMPTY
    rates: Mapping[str, float] = EMPTY  # by kind: job_cluster, new_cluster, existing_cluster, serverless, …


NO_COMPUTE = ComputeSpec()


@dataclass(frozen=True)
class Scenario:
    """What the code of each task does in a run, and the run's parameters and times."""

    tasks: Mapping[str, Behaviour] = EMPTY
    job_parameters: Mapping[str, str] = EMPTY  # values for this run; the rest take their defaults
    run_id: int = 1
    start_time: str = DEFAULT_START_TIME  # ISO 8601, UTC: {{job.start_time.*}}
    trigger_type: str = "onetime"  # {{job.trigger.type}}
    repair: RepairRequest | None = None
    runs: RunsSpec | None = None
    compute: ComputeSpec = NO_COMPUTE
    # Run Job tasks: what the tasks of each child job do, by the child's key (parsed against the child)
    child_scenarios: Mapping[str, Any] = EMPTY

    def behaviour(self, task_key: str) -> Behaviour:
        return self.tasks.get(task_key, ALWAYS_SUCCEEDS)

    def with_behaviours(self, behaviours: Mapping[str, Behaviour]) -> Scenario:
        merged = dict(self.tasks)
        merged.update(behaviours)
        return replace(self, tasks=MappingProxyType(merged))

    def failing(self, task_keys: Iterable[str]) -> Scenario:
        """Every attempt of these tasks fails (the CLI's --fail), keeping their durations."""
        return self.with_behaviours(
            {key: replace(self.behaviour(key), outcomes=(RunResultState.FAILED,)) for key in task_keys}
        )


DEFAULT_SCENARIO = Scenario()


# ---------------------------------------------------------------------------- parsing


def parse_scenario(data: Any, job: Job, *, nested: bool = False) -> Scenario:
    """A Scenario from its mapping form (see README), checked against `job`; all problems at once."""
    problems: list[Problem] = []
    if data is None:
        data = {}
    if not isinstance(data, Mapping):
        raise InvalidScenario([Problem((), "a scenario must be a mapping", "e.g. {tasks: {ingest: {duration: 300}}}")])
    _unknown_keys(data, {"tasks", "job_parameters", "run_id", "start_time", "trigger_type", "repair", "runs",
                         "compute", "jobs"} if not nested else {"tasks", "job_parameters", "jobs"}, (), problems)
    tasks = _parse_behaviours(data.get("tasks"), job, ("tasks",), problems)
    params = _parse_job_parameters(data.get("job_parameters"), job, ("job_parameters",), problems)
    run_id = data.get("run_id", 1)
    if isinstance(run_id, bool) or not isinstance(run_id, int) or run_id < 1:
        problems.append(Problem(("run_id",), f"run_id must be a positive whole number, not {run_id!r}"))
        run_id = 1
    start_time = data.get("start_time", DEFAULT_START_TIME)
    if not isinstance(start_time, str) or not _is_iso_datetime(start_time):
        problems.append(Problem(("start_time",), f"start_time must be an ISO 8601 time, not {start_time!r}",
                                "e.g. 2026-01-05T06:00:00Z"))
        start_time = DEFAULT_START_TIME
    trigger_type = data.get("trigger_type", "onetime")
    repair = None
    if data.get("repair") is not None:
        repair = _parse_repair(data["repair"], job, ("repair",), problems, tasks)
    runs = None
    if data.get("runs") is not None:
        runs = _parse_runs(data["runs"], job, ("runs",), problems, start_time)
    compute = NO_COMPUTE
    if data.get("compute") is not None:
        compute = _parse_compute(data["compute"], ("compute",), problems)
    children = data.get("jobs") or {}
    if not isinstance(children, Mapping) or not all(isinstance(v, Mapping) for v in children.values()):
        problems.append(Problem(("jobs",), "jobs is a mapping of child job key to its scenario",
                                "e.g. {load_child: {tasks: {load: {outcomes: [FAILED]}}}}"))
        children = {}
    if problems:
        raise InvalidScenario(problems)
    return Scenario(tasks=tasks, job_parameters=params, run_id=run_id, start_time=start_time,
                    trigger_type=str(trigger_type), repair=repair, runs=runs, compute=compute,
                    child_scenarios=MappingProxyType(dict(children)))


def _unknown_keys(data: Mapping, allowed: set[str], path: Path, problems: list[Problem]) -> None:
    for key in data:
        if key not in allowed:
            problems.append(Problem(path + (str(key),), f"unknown field '{key}'",
                                    did_you_mean(key, allowed) or f"allowed: {', '.join(sorted(allowed))}"))


def _parse_job_parameters(data: Any, job: Job, path: Path, problems: list[Problem]) -> Mapping[str, str]:
    if data is None:
        return EMPTY
    if not isinstance(data, Mapping):
        problems.append(Problem(path, "job_parameters must be a mapping of name to value"))
        return EMPTY
    out: dict[str, str] = {}
    defined = job.parameter_defaults
    for name, value in data.items():
        if name not in defined:
            hint = did_you_mean(name, defined) or f"the job defines: {listing(defined) or 'no parameters'}"
            problems.append(Problem(path + (str(name),), f"job parameter '{name}' is not defined by the job", hint))
            continue
        out[str(name)] = value if isinstance(value, str) else json.dumps(value)
    return MappingProxyType(out)


def _parse_behaviours(data: Any, job: Job, path: Path, problems: list[Problem],
                      base: Mapping[str, Behaviour] = EMPTY) -> Mapping[str, Behaviour]:
    """Behaviours by task key; a field a task's entry leaves out comes from `base` (for repairs)."""
    if data is None:
        return EMPTY
    if not isinstance(data, Mapping):
        problems.append(Problem(path, "tasks must be a mapping of task_key to behaviour"))
        return EMPTY
    out: dict[str, Behaviour] = {}
    for key, spec in data.items():
        task = job.task_by_key.get(str(key))
        if task is None:
            hint = did_you_mean(key, job.task_keys) or f"tasks: {listing(job.task_keys)}"
            problems.append(Problem(path + (str(key),), f"'{key}' is not a task of this job", hint))
            continue
        behaviour = _parse_behaviour(spec, path + (str(key),), problems, allow_iterations=task.is_for_each,
                                     base=base.get(str(key), ALWAYS_SUCCEEDS))
        if behaviour is None:
            continue
        if task.is_condition:
            if behaviour.durations and any(d != 0 for d in behaviour.durations):
                problems.append(Problem(path + (str(key), "duration"),
                                        f"condition task '{key}' takes no time (see https://docs.databricks.com/aws/en/jobs/tasks/if-else)",
                                        "remove duration"))
            if behaviour.values:
                problems.append(Problem(path + (str(key), "values"),
                                        f"condition task '{key}' sets no task values; its outcome is "
                                        "computed from its operands", "remove values"))
        out[str(key)] = behaviour
    return MappingProxyType(out)


_BEHAVIOUR_KEYS = {"outcomes", "outcome", "duration", "values", "iterations"}


def _parse_behaviour(spec: Any, path: Path, problems: list[Problem], *, allow_iterations: bool,
                     base: Behaviour = ALWAYS_SUCCEEDS) -> Behaviour | None:
    if spec is None:
        return base
    if not isinstance(spec, Mapping):
        problems.append(Problem(path, "a task's behaviour must be a mapping",
                                "e.g. {outcomes: [FAILED, SUCCESS], duration: 120}"))
        return None
    start = len(problems)
    _unknown_keys(spec, _BEHAVIOUR_KEYS, path, problems)
    raw_outcomes = spec.get("outcomes", spec.get("outcome", [str(o) for o in base.outcomes]))
    if isinstance(raw_outcomes, str):
        raw_outcomes = [raw_outcomes]
    outcomes: list[RunResultState] = []
    if not isinstance(raw_outcomes, list) or not raw_outcomes:
        problems.append(Problem(path + ("outcomes",), "outcomes must be a non-empty list",
                                "e.g. [FAILED, SUCCESS]: the first attempt fails, the retry succeeds"))
    else:
        allowed = sorted(ATTEMPT_OUTCOMES)
        for i, value in enumerate(raw_outcomes):
            name = str(value).upper()
            if name not in allowed:
                problems.append(Problem(path + ("outcomes", i), f"unknown outcome {value!r}",
                                        did_you_mean(name, allowed) or f"one of {', '.join(allowed)}"))
            else:
                outcomes.append(RunResultState(name))
    durations = _parse_durations(spec.get("duration"), path + ("duration",), problems)
    values = spec.get("values", base.values) or {}
    if not isinstance(values, Mapping):
        problems.append(Problem(path + ("values",), "values must be a mapping of key to JSON value"))
        values = {}
    for key, value in values.items():
        try:
            text = json.dumps(value, allow_nan=False)
        except (TypeError, ValueError):
            problems.append(Problem(path + ("values", str(key)), "a task value must be expressible as JSON"))
            continue
        if len(text.encode()) > TASK_VALUE_LIMIT:
            problems.append(Problem(path + ("values", str(key)),
                                    f"task value '{key}' is {len(text.encode())} bytes as JSON; the limit is "
                                    f"48 KiB (see https://docs.databricks.com/aws/en/jobs/task-values)", "store large data in a table and pass its name"))
    iterations: dict[int, Behaviour] = {}
    raw_iterations = spec.get("iterations")
    if raw_iterations is not None:
        if not allow_iterations:
            problems.append(Problem(path + ("iterations",), "iterations apply only to a For each task"))
        elif not isinstance(raw_iterations, Mapping):
            problems.append(Problem(path + ("iterations",), "iterations must map a 0-based input index to a behaviour"))
        else:
            for index, sub in raw_iterations.items():
                try:
                    i = int(index)
                    if i < 0:
                        raise ValueError
                except (TypeError, ValueError):
                    problems.append(Problem(path + ("iterations", str(index)),
                                            f"iteration index {index!r} must be a whole number from 0"))
                    continue
                parsed = _parse_behaviour(sub, path + ("iterations", str(index)), problems, allow_iterations=False)
                if parsed is not None:
                    iterations[i] = parsed
    if len(problems) > start:
        return None
    return Behaviour(
        outcomes=tuple(outcomes),
        durations=durations if "duration" in spec else base.durations,
        values=MappingProxyType(dict(values)),
        iterations=MappingProxyType(iterations) if raw_iterations is not None else base.iterations,
    )


def _parse_durations(raw: Any, path: Path, problems: list[Problem]) -> tuple[float, ...] | None:
    if raw is None:
        return None
    items = raw if isinstance(raw, list) else [raw]
    out: list[float] = []
    for i, value in enumerate(items):
        if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value) or value < 0:
            where = path + (i,) if isinstance(raw, list) else path
            problems.append(Problem(where, f"a duration is a number of seconds from 0, not {value!r}",
                                    "e.g. duration: 120, or one per attempt: [30, 120]"))
        else:
            out.append(value)
    if not items:
        problems.append(Problem(path, "duration must not be an empty list"))
    return tuple(out) if out else None


def _parse_repair(data: Any, job: Job, path: Path, problems: list[Problem],
                  original: Mapping[str, Behaviour]) -> RepairRequest | None:
    if not isinstance(data, Mapping):
        problems.append(Problem(path, "repair must be a mapping", "e.g. {rerun_all_failed_tasks: true}"))
        return None
    _unknown_keys(data, {"rerun_tasks", "rerun_all_failed_tasks", "rerun_dependent_tasks", "tasks",
                         "job_parameters"}, path, problems)
    rerun_tasks = data.get("rerun_tasks")
    all_failed = data.get("rerun_all_failed_tasks", False)
    dependents = data.get("rerun_dependent_tasks", False)
    for name, flag in (("rerun_all_failed_tasks", all_failed), ("rerun_dependent_tasks", dependents)):
        if not isinstance(flag, bool):
            problems.append(Problem(path + (name,), f"{name} must be true or false, not {flag!r}"))
    keys: tuple[str, ...] | None = None
    if rerun_tasks is not None:
        if not isinstance(rerun_tasks, list) or not all(isinstance(k, str) for k in rerun_tasks):
            problems.append(Problem(path + ("rerun_tasks",), "rerun_tasks must be a list of task keys"))
        else:
            for i, key in enumerate(rerun_tasks):
                if key not in job.task_by_key:
                    problems.append(Problem(path + ("rerun_tasks", i), f"'{key}' is not a task of this job",
                                            did_you_mean(key, job.task_keys) or f"tasks: {listing(job.task_keys)}"))
            keys = tuple(rerun_tasks)
    if keys is not None and all_failed is True:
        problems.append(Problem(path, "give rerun_tasks or rerun_all_failed_tasks, not both (see https://docs.databricks.com/api/workspace/jobs/repairrun)"))
    if keys is None and all_failed is not True:
        problems.append(Problem(path, "a repair needs rerun_tasks or rerun_all_failed_tasks: true"))
    behaviours = _parse_behaviours(data.get("tasks"), job, path + ("tasks",), problems, base=original)
    params = None
    if data.get("job_parameters") is not None:
        params = _parse_job_parameters(data["job_parameters"], job, path + ("job_parameters",), problems)
    return RepairRequest(rerun_tasks=keys, rerun_all_failed_tasks=all_failed is True,
                         rerun_dependent_tasks=dependents is True, tasks=behaviours, job_parameters=params)


def _is_iso_datetime(text: str) -> bool:
    from datetime import datetime

    try:
        datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return False
    return True



_RUNS_KEYS = {"start", "hours", "seconds", "run_now", "file_arrivals", "durations", "results", "scenarios",
              "changes", "restart_gap", "first_run", "table_commits", "upstream_completions", "backoff"}
_RUN_RESULTS = {"SUCCESS", "SUCCESS_WITH_FAILURES", "FAILED", "TIMEDOUT", "CANCELED"}


MAX_WINDOW_SECONDS = 10 * 366 * 24 * 3600  # ten years: past that no date can be written for it


def _seconds(value: Any) -> float | None:
    """A time in seconds from 0 (up to ten years), or None when `value` is not one."""
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value) or value < 0:
        return None
    if value > MAX_WINDOW_SECONDS:
        return None
    return float(value)


def _seconds_list(raw: Any, path: Path, problems: list[Problem], what: str) -> tuple[float, ...]:
    items = raw if isinstance(raw, list) else [raw]
    out = []
    for i, value in enumerate(items):
        if _seconds(value) is None:
            problems.append(Problem(path + (i,), f"{what} are seconds from 0, not {value!r}", "e.g. [0, 3600, 5400]"))
        else:
            out.append(_seconds(value))
    return tuple(out)


def _file_arrivals(raw: Any, path: Path, problems: list[Problem]) -> dict[str, tuple[float, ...]]:
    """Files written to the monitored location: seconds (a new file each), or {at, file} where a
    file whose name was written before is an overwrite, which triggers nothing (§11, edge case 29)."""
    items = raw if isinstance(raw, list) else [raw]
    new: list[float] = []
    named: list[tuple[float, str]] = []
    for i, item in enumerate(items):
        if not isinstance(item, Mapping):
            at = _seconds(item)
            if at is None:
                problems.append(Problem(path + (i,), f"file arrival times are seconds from 0, not {item!r}",
                                        "e.g. [0, 3600, 5400]"))
            else:
                new.append(at)
            continue
        at, name = _seconds(item.get("at")), item.get("file")
        if set(item) - {"at", "file"} or at is None or not isinstance(name, str) or not name:
            problems.append(Problem(path + (i,), "a file arrival is seconds, or {at: seconds, file: name}",
                                    "e.g. {at: 900, file: orders.csv}"))
        else:
            named.append((at, name))
    again: list[float] = []
    seen: set[str] = set()
    for at, name in sorted(named):  # in time order: the first file of a name is the new one
        (again if name in seen else new).append(at)
        seen.add(name)
    return {"file_arrivals": tuple(sorted(new)), "file_overwrites": tuple(sorted(again))}


def _parse_runs(data: Any, job: Job, path: Path, problems: list[Problem], default_start: str) -> RunsSpec | None:
    if not isinstance(data, Mapping):
        problems.append(Problem(path, "runs must be a mapping", "e.g. {hours: 24, durations: [5400]}"))
        return None
    _unknown_keys(data, _RUNS_KEYS, path, problems)
    start = data.get("start", default_start)
    if not isinstance(start, str) or not _is_iso_datetime(start):
        problems.append(Problem(path + ("start",), f"start must be an ISO 8601 time, not {start!r}",
                                "e.g. 2026-01-05T00:00:00Z"))
        start = default_start
    if "hours" in data and "seconds" in data:
        problems.append(Problem(path, "give the window as hours or seconds, not both"))
    length = data.get("seconds", data.get("hours", 24) * 3600 if isinstance(data.get("hours", 24), int | float)
                      and not isinstance(data.get("hours", 24), bool) else None)
    if length is None or isinstance(length, bool) or not isinstance(length, int | float) or length <= 0:
        problems.append(Problem(path + ("hours",), "the window is a positive number of hours (or seconds)",
                                "e.g. hours: 24"))
        length = 24 * 3600
    if length > 31 * 24 * 3600:
        problems.append(Problem(path + ("hours",), "a window of runs is at most 31 days", "e.g. hours: 72"))
    durations = None
    if data.get("durations") is not None:
        durations = _parse_durations(data["durations"], path + ("durations",), problems)
    results = None
    if data.get("results") is not None:
        raw = data["results"] if isinstance(data["results"], list) else [data["results"]]
        bad = [r for r in raw if r not in _RUN_RESULTS]
        if bad or not raw:
            problems.append(Problem(path + ("results",), f"results are run results ({', '.join(sorted(_RUN_RESULTS))}),"
                                    f" not {bad or raw!r}"))
        else:
            results = tuple(RunResultState(r) for r in raw)
    scenarios = None
    if data.get("scenarios") is not None:
        raw = data["scenarios"]
        if not isinstance(raw, list) or not raw:
            problems.append(Problem(path + ("scenarios",), "scenarios is a list, one scenario per run",
                                    "e.g. [{tasks: {load: {duration: 5400}}}]"))
        else:
            parsed = []
            for i, item in enumerate(raw):
                try:
                    parsed.append(parse_scenario(item, job, nested=True))
                except InvalidScenario as error:
                    problems.extend(Problem(path + ("scenarios", i) + p.path, p.message, p.hint) for p in error.problems)
            scenarios = tuple(parsed) if len(parsed) == len(raw) else None
    changes = []
    raw_changes = data.get("changes") or []
    if not isinstance(raw_changes, list):
        problems.append(Problem(path + ("changes",), "changes is a list of {at: seconds, …}",
                                "e.g. [{at: 7200, max_concurrent_runs: 2}]"))
        raw_changes = []
    for i, change in enumerate(raw_changes):
        where = path + ("changes", i)
        if not isinstance(change, Mapping) or "at" not in change:
            problems.append(Problem(where, "a change is {at: seconds, max_concurrent_runs / queue / pause_status}",
                                    "e.g. {at: 7200, max_concurrent_runs: 1}"))
            continue
        _unknown_keys(change, {"at", "max_concurrent_runs", "queue", "pause_status"}, where, problems)
        at = _seconds_list(change["at"], where + ("at",), problems, "change times")
        limit = change.get("max_concurrent_runs")
        if limit is not None and (isinstance(limit, bool) or not isinstance(limit, int) or not 0 <= limit <= 1000):
            problems.append(Problem(where + ("max_concurrent_runs",), "max_concurrent_runs is a whole number 0-1000"))
            limit = None
        queue = change.get("queue")
        if queue is not None and not isinstance(queue, bool):
            problems.append(Problem(where + ("queue",), "queue is true or false"))
            queue = None
        pause = change.get("pause_status")
        if pause is not None and pause not in ("PAUSED", "UNPAUSED"):
            problems.append(Problem(where + ("pause_status",), "pause_status is PAUSED or UNPAUSED"))
            pause = None
        if at:
            changes.append(SettingsChange(at[0], limit, queue, None if pause is None else pause == "PAUSED"))
    gap = data.get("restart_gap", 0)
    if isinstance(gap, bool) or not isinstance(gap, int | float) or not 0 <= gap < 60:
        problems.append(Problem(path + ("restart_gap",), "restart_gap is seconds from 0 to under 60 (see https://docs.databricks.com/aws/en/jobs/continuous)"))
        gap = 0
    first = data.get("first_run", 0)
    if isinstance(first, bool) or not isinstance(first, int | float) or first < 0:
        problems.append(Problem(path + ("first_run",), "first_run is seconds after the window start"))
        first = 0
    return RunsSpec(
        start=start, seconds=float(length),
        run_now=_seconds_list(data.get("run_now") or [], path + ("run_now",), problems, "Run now times"),
        **_file_arrivals(data.get("file_arrivals") or [], path + ("file_arrivals",), problems),
        durations=durations, results=results, scenarios=scenarios,
        changes=tuple(sorted(changes, key=lambda c: c.at)), restart_gap=float(gap), first_run=float(first),
        table_commits=_table_commits(data.get("table_commits") or [], path + ("table_commits",), problems),
        upstream_completions=_upstream_completions(data.get("upstream_completions") or [],
                                                   path + ("upstream_completions",), problems),
        backoff=_seconds_list(data.get("backoff") or [], path + ("backoff",), problems, "backoff waits"))


def _table_commits(raw: Any, path: Path, problems: list[Problem]) -> tuple[tuple[float, str], ...]:
    """Commits to the tables a table update trigger monitors: [{at: seconds, table: name}, ...]."""
    out = []
    for i, item in enumerate(raw if isinstance(raw, list) else [raw]):
        at = _seconds(item.get("at")) if isinstance(item, Mapping) else None
        table = item.get("table") if isinstance(item, Mapping) else None
        if at is None or not isinstance(table, str) or not table or set(item) - {"at", "table"}:
            problems.append(Problem(path + (i,), "a table commit is {at: seconds, table: catalog.schema.table}",
                                    "e.g. {at: 600, table: main.sales.orders}"))
        else:
            out.append((at, table))
    return tuple(sorted(out))


def _upstream_completions(raw: Any, path: Path, problems: list[Problem]) -> tuple[tuple[float, str, str], ...]:
    """Runs of upstream jobs that finished: [{at: seconds, job: name or id, result: SUCCESS...}, ...]."""
    out = []
    for i, item in enumerate(raw if isinstance(raw, list) else [raw]):
        at = _seconds(item.get("at")) if isinstance(item, Mapping) else None
        job = item.get("job") if isinstance(item, Mapping) else None
        result = item.get("result", "SUCCESS") if isinstance(item, Mapping) else None
        if at is None or isinstance(job, bool) or not isinstance(job, str | int) or str(job) == "" \
                or result not in _RUN_RESULTS or set(item) - {"at", "job", "result"}:
            problems.append(Problem(path + (i,), "an upstream completion is {at: seconds, job: name or job_id, "
                                    f"result: {' / '.join(sorted(_RUN_RESULTS))}}}",
                                    "e.g. {at: 600, job: ingest, result: SUCCESS}"))
        else:
            out.append((at, str(job), str(result)))
    return tuple(sorted(out))


def _number_map(data: Any, path: Path, problems: list[Problem], what: str) -> Mapping[str, float]:
    if data is None:
        return EMPTY
    if not isinstance(data, Mapping):
        problems.append(Problem(path, f"{what} is a mapping of name to number"))
        return EMPTY
    out = {}
    for key, value in data.items():
        if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value) or value < 0:
            problems.append(Problem(path + (str(key),), f"{what}: {key} must be a number from 0, not {value!r}"))
        else:
            out[str(key)] = float(value)
    return MappingProxyType(out)


def _parse_compute(data: Any, path: Path, problems: list[Problem]) -> ComputeSpec:
    if not isinstance(data, Mapping):
        problems.append(Problem(path, "compute must be a mapping",
                                "e.g. {startup: {etl: 300}, dbu_per_hour: {etl: 8}, rates: {job_cluster: 0.15}}"))
        return NO_COMPUTE
    _unknown_keys(data, {"startup", "dbu_per_hour", "rates"}, path, problems)
    rates = _number_map(data.get("rates"), path + ("rates",), problems, "rates")
    kinds = {"job_cluster", "new_cluster", "existing_cluster", "serverless", "sql_warehouse"}
    for kind in rates:
        if kind not in kinds:
            problems.append(Problem(path + ("rates", kind), f"rates are by kind of compute, not '{kind}'",
                                    did_you_mean(kind, kinds) or f"kinds: {', '.join(sorted(kinds))}"))
    return ComputeSpec(startup=_number_map(data.get("startup"), path + ("startup",), problems, "startup"),
                       dbu_per_hour=_number_map(data.get("dbu_per_hour"), path + ("dbu_per_hour",), problems,
                                                "dbu_per_hour"),
                       rates=rates)
