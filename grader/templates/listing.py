"""`lakedrill list`: the bank's templates grouped by concept, with counts."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from lakedrill.templates.concepts import CONCEPTS
from lakedrill.templates.spec import Template


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

    from lakedrill.terminal import console

    table = Table(box=box.SIMPLE_HEAD, title=f"{data['templates']} templates", title_justify="left")
    for column in ("concept", "count", "template", "kind", "difficulty"):
        table.add_column(column)
    for concept_id, entry in data["concepts"].items():
        rows = entry["templates"] or [{"id": "—", "kind": "", "difficulty": ""}]
        for i, t in enumerate(rows):
            table.add_row(concept_id if i == 0 else "", str(entry["count"]) if i == 0 else "", t["id"], t["kind"],
                          str(t["difficulty"]))
    console().print(table)


def print_blueprint(blueprint, templates: Sequence[Template]) -> None:
    """The mock exam as the bank lays it out: questions per concept, and what it draws from."""
    from rich import box
    from rich.table import Table

    from lakedrill.terminal import console

    counts: dict[str, int] = {}
    for t in templates:
        counts[t.model.concept] = counts.get(t.model.concept, 0) + 1
    title = (f"Mock exam: {blueprint.questions} questions, {blueprint.minutes:g} minutes, pass mark "
             f"{blueprint.pass_mark:.0%}; single choice, 4 options, one right")
    table = Table(box=box.SIMPLE_HEAD, title=title, title_justify="left")
    for column in ("concept", "questions", "templates to draw from"):
        table.add_column(column)
    for concept, n in blueprint.concepts:
        table.add_row(CONCEPTS[concept].title if concept in CONCEPTS else concept, str(n), str(counts.get(concept, 0)))
    out = console()
    out.print(table)
    out.print(f"[dim]from {blueprint.source or 'equal shares (the bank has no blueprint.yaml)'}[/dim]")
