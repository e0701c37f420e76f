"""`lakedrill simulate --json` as text (its data: lakedrill.jobs.simulation.simulation_as_dict).

The text is an outline: the top-level mapping, and every collection of records in it (`tasks`,
`trace`, `repair.tasks`, `runs`, `clusters`), one key or record per line, each record written on
its line by json's C encoder. `json.dumps(indent=2)` runs in pure Python and cost as much as
reading the job; this layout costs a third of that, and a task's whole record is one line to grep.
"""

from __future__ import annotations

import json
from typing import Any

from lakedrill.jobs.simulation import Simulation, simulation_as_dict


def simulation_as_json(sim: Simulation) -> str:
    return outline(simulation_as_dict(sim))


def _records(value: Any) -> bool:
    """A non-empty mapping or list whose every item is a mapping: a collection of records."""
    items = value.values() if isinstance(value, dict) else value if isinstance(value, list) else None
    return bool(items) and all(isinstance(item, dict) for item in items)


def outline(data: Any) -> str:
    """`data` as JSON text: the top level and every collection of records expanded, one item a
    line (a mapping that holds such a collection is expanded too); everything else on one line."""
    lines: list[str] = []
    _write(data, "", "", "", lines, top=True)
    return "\n".join(lines)


def _write(value: Any, indent: str, head: str, tail: str, lines: list[str], *, top: bool = False) -> None:
    records = _records(value)
    holds = isinstance(value, dict) and any(_records(v) for v in value.values())
    if not (top and isinstance(value, (dict, list)) and value) and not records and not holds:
        lines.append(f"{indent}{head}{json.dumps(value)}{tail}")
        return
    inner = indent + "  "
    if isinstance(value, dict):
        lines.append(f"{indent}{head}{{")
        last = len(value) - 1
        for i, (key, item) in enumerate(value.items()):
            comma = "," if i < last else ""
            if records:
                lines.append(f"{inner}{json.dumps(key)}: {json.dumps(item)}{comma}")
            else:
                _write(item, inner, f"{json.dumps(key)}: ", comma, lines)
        lines.append(f"{indent}}}{tail}")
    else:
        lines.append(f"{indent}{head}[")
        last = len(value) - 1
        for i, item in enumerate(value):
            comma = "," if i < last else ""
            if records:
                lines.append(f"{inner}{json.dumps(item)}{comma}")
            else:
                _write(item, inner, "", comma, lines)
        lines.append(f"{indent}]{tail}")
