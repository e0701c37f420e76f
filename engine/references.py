"""Dynamic value references: ``{{job.parameters.env}}``, ``{{tasks.ingest.values.rows}}`` (SEMANTICS §6).

A reference is replaced by a string literal when the task starts (§6.5). Broken syntax stays as
literal text; a reference in a known namespace that does not exist is an error (§6.7).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

# `{{ ... }}` with no braces inside; anything else (a missing brace) is literal text (§6.7).
_REFERENCE = re.compile(r"\{\{([^{}]*)\}\}")
_PART = re.compile(r"`([^`]+)`|([A-Za-z0-9_\-]+)")

TIME_ARGUMENTS = frozenset(
    {"iso_weekday", "is_weekday", "iso_date", "iso_datetime", "year", "month", "day", "hour",
     "minute", "second", "timestamp_ms"}
)
TASK_FIELDS = frozenset({"run_id", "result_state", "error_code", "execution_count"})
LEGACY = frozenset({"job_id", "run_id", "start_date", "task_retry_count", "parent_run_id", "task_key"})
NAMESPACES = frozenset({"job", "task", "tasks", "input", "workspace"})


@dataclass(frozen=True, slots=True)
class Reference:
    """A dynamic value reference, `{{tasks.x.values.k}}` or `{{job.parameters.p}}`."""

    raw: str  # the whole `{{...}}` text
    parts: tuple[str, ...]  # dotted identifiers, back-quotes removed

    @property
    def name(self) -> str:
        return ".".join(self.parts)


class MissingValue(LookupError):
    """A reference whose value does not exist in this run (e.g. a task value never set)."""


def parse_parts(body: str) -> tuple[str, ...] | None:
    """``job.parameters.`a b` `` -> ("job", "parameters", "a b"); None when it is not a reference."""
    body = body.strip()
    parts: list[str] = []
    pos = 0
    while True:
        match = _PART.match(body, pos)
        if not match:
            return None
        parts.append(match.group(1) if match.group(1) is not None else match.group(2))
        pos = match.end()
        if pos == len(body):
            return tuple(parts)
        if body[pos] != ".":
            return None
        pos += 1


def find_references(text: str) -> Iterator[Reference]:
    for match in _REFERENCE.finditer(text):
        parts = parse_parts(match.group(1))
        if parts:
            yield Reference(match.group(0), parts)


def reference_problem(
    ref: Reference,
    *,
    task_keys: frozenset[str] | set[str],
    upstream: frozenset[str] | set[str],
    parameters: frozenset[str] | set[str],
    in_for_each: bool,
) -> str | None:
    """Why `ref` is invalid in a task's configuration, or None when it is valid (§6.7, §6.9)."""
    parts = ref.parts
    head = parts[0]
    if len(parts) == 1 and head in LEGACY:
        return None
    if head not in NAMESPACES:
        return None  # not a known namespace: Databricks passes it through as text
    if head == "input":
        return None if in_for_each else f"{ref.raw} is only available in the nested task of a For each task"
    if head == "workspace":
        return None if parts[1:] in (("id",), ("url",)) else f"unknown reference {ref.raw} (workspace.id, workspace.url)"
    if head == "task":
        ok = parts[1:] in (("name",), ("run_id",), ("execution_count",), ("notebook_path",))
        return None if ok else f"unknown reference {ref.raw} (task.name, task.run_id, task.execution_count)"
    if head == "job":
        rest = parts[1:]
        if rest in (("id",), ("name",), ("run_id",), ("repair_count",), ("trigger", "type"),
                    ("trigger", "file_arrival", "location")):
            return None
        if len(rest) == 2 and rest[0] == "start_time" or rest[:2] == ("trigger", "time") and len(rest) == 3:
            arg = rest[-1]
            return None if arg in TIME_ARGUMENTS else (
                f"unknown time argument '{arg}' in {ref.raw} ({', '.join(sorted(TIME_ARGUMENTS))})")
        if len(rest) == 2 and rest[0] == "parameters":
            if rest[1] in parameters:
                return None
            known = ", ".join(sorted(parameters)) or "none"
            return f"{ref.raw} names job parameter '{rest[1]}', which the job does not define (parameters: {known})"
        return f"unknown reference {ref.raw} (job.id, job.name, job.run_id, job.repair_count, job.parameters.<name>, …)"
    # tasks.<task_key>.<field> or tasks.<task_key>.values.<key>
    if len(parts) < 3:
        return f"incomplete reference {ref.raw} (tasks.<task_key>.values.<key>)"
    key, rest = parts[1], parts[2:]
    if key not in task_keys:
        return f"{ref.raw} names task '{key}', which is not a task of this job"
    if not (rest[0] == "values" and len(rest) == 2 or len(rest) == 1 and rest[0] in TASK_FIELDS):
        return f"unknown reference {ref.raw} (tasks.{key}.values.<key>, tasks.{key}.result_state, …)"
    if key not in upstream:
        return f"{ref.raw} reads task '{key}', which is not upstream of this task (add it to depends_on)"
    return None


def as_text(value: Any) -> str:
    """How a value reads once substituted (§6.5, §4.4): booleans as true/false, JSON otherwise."""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    return json.dumps(value)


Lookup = Callable[[tuple[str, ...]], Any]


def resolve_text(text: str, lookup: Lookup, text_of: Callable[[Any], str] = as_text) -> str:
    """Every reference in `text` replaced by its value as text; MissingValue propagates."""

    def substitute(match: re.Match[str]) -> str:
        parts = parse_parts(match.group(1))
        if not parts or (parts[0] not in NAMESPACES and not (len(parts) == 1 and parts[0] in LEGACY)):
            return match.group(0)
        return text_of(lookup(parts))

    return _REFERENCE.sub(substitute, text)


def resolve_value(text: str, lookup: Lookup) -> Any:
    """Like resolve_text, but a text that is exactly one reference gives the value itself.

    Condition operands and For each inputs need the value's type (a list is not text).
    """
    match = _REFERENCE.fullmatch(text.strip())
    if match:
        parts = parse_parts(match.group(1))
        if parts and (parts[0] in NAMESPACES or len(parts) == 1 and parts[0] in LEGACY):
            return lookup(parts)
    return resolve_text(text, lookup)
