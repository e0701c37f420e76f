"""The values a pass gives references (SEMANTICS §6): `{{tasks.x.values.k}}`, `{{job.parameters.p}}`,
`{{input}}` … as a task of the pass (lakedrill.engine.simulate.Phase) sees them when it starts, and
its parameters resolved with them (§6.10)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

from lakedrill.engine.model import Task
from lakedrill.engine.references import MissingValue, resolve_text
from lakedrill.engine.states import RunResultState

if TYPE_CHECKING:
    from lakedrill.engine.simulate import Phase

S = RunResultState
NO_INPUT = object()  # not in a For each iteration
LAZY = object()  # parameters without references, resolved when read
WORKSPACE_ID = 1234567890123456
WORKSPACE_URL = "https://workspace.example"


def resolve_parameters(p: Phase, task: Task, pos: int, item: Any = NO_INPUT) -> Any:
    """§6.10: resolve references; push job parameters down onto key-value parameters."""
    configured = task.parameters
    lookup = lookup_for(p, p.plan.keys[pos], item)
    if configured.named is not None:
        named, overridden = p.sem.merge_parameters(
            {k: resolve_text(v, lookup, p.sem.text_of) for k, v in configured.named}, p.params)
        if overridden and item is NO_INPUT:
            p.overrides[pos] = overridden
        return named
    if configured.positional is not None:
        return [resolve_text(v, lookup, p.sem.text_of) for v in configured.positional]
    return None


def static_parameters(p: Phase, pos: int) -> tuple[Any, list[str]]:
    """Parameters with no reference in them, and the job parameters that override them."""
    configured = p.plan.tasks[pos].parameters
    if configured.named is not None:
        return p.sem.merge_parameters(dict(configured.named), p.params)
    if configured.positional is not None:
        return list(configured.positional), []
    return None, []


def lookup_for(p: Phase, task_key: str, item: Any = NO_INPUT) -> Callable[[tuple[str, ...]], Any]:
    def lookup(parts: tuple[str, ...]) -> Any:
        return reference_value(p, parts, task_key, item)

    return lookup


def reference_value(p: Phase, parts: tuple[str, ...], task_key: str, item: Any) -> Any:
    head, rest = parts[0], parts[1:]
    if head == "tasks":
        pos = p.plan.index.get(rest[0])
        name = "{{" + ".".join(parts) + "}}"
        if pos is None or p.state[pos] is None:
            raise MissingValue(name)
        if rest[1] == "values":
            values = p.values[pos]
            if rest[2] not in values:
                raise MissingValue(name)
            return values[rest[2]]
        if rest[1] == "result_state":
            return str(p.state[pos]).lower()
        if rest[1] == "execution_count":
            attempts = p.attempts[pos]
            return 1 if attempts is None else len(attempts)
        if rest[1] == "error_code":
            return "" if p.state[pos] is S.SUCCESS else str(p.state[pos])
        return task_run_id(p, rest[0])
    if head == "input":
        if item is NO_INPUT:
            raise MissingValue("{{input}}")
        value = item
        for field in rest:
            if not isinstance(value, Mapping) or field not in value:
                raise MissingValue("{{" + ".".join(parts) + "}}")
            value = value[field]
        return value
    if head == "job":
        return job_value(p, rest)
    if head == "task":
        return {"name": task_key, "run_id": task_run_id(p, task_key), "execution_count": 1,
                "notebook_path": ""}.get(rest[0], "")
    if head == "workspace":
        return WORKSPACE_ID if rest == ("id",) else WORKSPACE_URL
    legacy = {"job_id": p.job.job_id or 0, "run_id": p.scenario.run_id,
              "start_date": p.started.date().isoformat(), "task_retry_count": 0,
              "parent_run_id": p.scenario.run_id, "task_key": task_key}
    return legacy[head]


def job_value(p: Phase, rest: tuple[str, ...]) -> Any:
    if rest[0] == "parameters":
        if rest[1] not in p.params:
            raise MissingValue("{{job.parameters." + rest[1] + "}}")
        return p.params[rest[1]]
    if rest[0] in ("start_time", "trigger") and rest[-1] in _TIME_ARGS:
        return _TIME_ARGS[rest[-1]](p.started)
    simple = {"id": p.job.job_id or 0, "name": p.job.name or "", "run_id": p.scenario.run_id,
              "repair_count": p.repair_id}
    if rest[0] in simple:
        return simple[rest[0]]
    if rest == ("trigger", "type"):
        return p.scenario.trigger_type
    return ""  # job.trigger.file_arrival.location on a run no file started


def task_run_id(p: Phase, task_key: str) -> int:
    position = p.plan.index.get(task_key, 0)
    return p.scenario.run_id * 10_000_000 + p.repair_id * 100_000 + position + 1


_TIME_ARGS = {
    "iso_weekday": lambda t: t.isoweekday(),
    "is_weekday": lambda t: t.isoweekday() <= 5,
    "iso_date": lambda t: t.date().isoformat(),
    "iso_datetime": lambda t: t.isoformat().replace("+00:00", "Z"),
    "year": lambda t: t.year,
    "month": lambda t: t.month,
    "day": lambda t: t.day,
    "hour": lambda t: t.hour,
    "minute": lambda t: t.minute,
    "second": lambda t: t.second,
    "timestamp_ms": lambda t: int(t.timestamp() * 1000),
}
