"""`lakedrill list`: the bank's templates grouped by concept, with counts."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from grader.concepts import CONCEPTS
from grader.spec import Template


def listing(templates: Sequence[Template]) -> dict[str, Any]:
    concepts: dict[str, dict[str, Any]] = {}
    for concept in CONCEPTS.values():
        concepts[concept.id] = {"title": concept.title, "count": 0, "templates": []}
    for t in templates:
        entry = concepts[t.model.concept]
        entry["count"] += 1
        entry["templates"].append({"id": t.id, "kind": t.kind, "difficulty": t.model.difficulty,
                                   "objective": t.model.objective, "source": t.where()})
    return {"templates": len(templates), "concepts": concepts}


def print_listing(data: dict[str, Any]) -> None:
    from rich import box
    from rich.table import Table

    from grader.terminal import console

    table = Table(box=box.SIMPLE_HEAD, title=f"{data['templates']} templates", title_justify="left")
    for column in ("concept", "count", "template", "kind", "difficulty"):
        table.add_column(column)
    for concept_id, entry in data["concepts"].items():
        rows = entry["templates"] or [{"id": "—", "kind": "", "difficulty": ""}]
        for i, t in enumerate(rows):
            table.add_row(concept_id if i == 0 else "", str(entry["count"]) if i == 0 else "", t["id"], t["kind"],
                          str(t["difficulty"]))
    console().print(table)
