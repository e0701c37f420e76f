"""Questions as plain, JSON-ready document data: what every printed or exported format lays out.

Text stays data (blocks and spans, engine.markup's parse), so no writer ever hands question text to
a markup language to interpret. Diagrams are SVG strings.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from lakedrill.templates.concepts import CONCEPTS
from lakedrill.variants.question import LETTERS, Question
from lakedrill.writers.markup import parse, spans

INSTRUCTIONS = {
    "single": "Choose one.",
    "multi": "Choose all that apply.",
    "true_false": "True or false?",
    "numeric": "Write a number",
    "set": "Write the task names, in any order.",
    "order": "Write the task names in order.",
}


@dataclass(frozen=True)
class PracticeSet:
    """One student's set: its number, the seed that reproduces it, its questions."""

    number: int
    seed: int
    questions: Sequence[Question]


def short_key(question: Question) -> str:
    """The key as a combined key sheet writes it: letters, a number, or task names."""
    if question.options:
        return ", ".join(question.correct_labels)
    return question.key_text


def question_data(question: Question, number: int, diagrams: bool = True) -> dict[str, Any]:
    from lakedrill.writers.alt import describe
    from lakedrill.writers.svg import dag_svg

    instruction = INSTRUCTIONS[question.kind]
    if question.kind == "numeric" and question.unit:
        instruction += f" ({question.unit})."
    elif question.kind == "numeric":
        instruction += "."
    svg = dag_svg(question.job) if diagrams and question.job is not None else None
    width = float(svg.split('width="', 1)[1].split('"', 1)[0]) if svg else 0.0
    height = float(svg.split('height="', 1)[1].split('"', 1)[0]) if svg else 0.0
    return {
        "number": number,
        "id": question.id,
        "concept": question.concept,
        "concept_title": CONCEPTS[question.concept].title,
        "kind": question.kind,
        "stem": parse(question.stem),
        "instruction": instruction,
        "options": [{"label": LETTERS[i], "spans": spans(o.text), "correct": o.correct}
                    for i, o in enumerate(question.options)],
        "diagram": svg,
        "alt": "Task graph: " + describe(question.job) if question.job is not None else "",
        "diagram_width": width,
        "diagram_height": height,
        "key": spans(question.key_text),
        "short_key": short_key(question),
        "explanation": parse(question.explanation),
    }


def set_data(practice_set: PracticeSet, *, title: str, date: str, paper: str, diagrams: bool = True) -> dict[str, Any]:
    return {
        "title": title,
        "set": practice_set.number,
        "seed": practice_set.seed,
        "date": date,
        "paper": paper,
        "count": len(practice_set.questions),
        "questions": [question_data(q, i + 1, diagrams) for i, q in enumerate(practice_set.questions)],
    }


def key_sheet(sets: Sequence[PracticeSet]) -> dict[str, Any]:
    """The combined key sheet: set number and seed -> every question's key."""
    count = max((len(s.questions) for s in sets), default=0)
    return {"count": count, "rows": [{"set": s.number, "seed": s.seed, "keys": [short_key(q) for q in s.questions]}
                                     for s in sets]}
