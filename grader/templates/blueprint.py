"""The mock exam's blueprint: how many questions each concept gets, its time and pass mark.

Written in the bank (questions/blueprint.yaml), not in code, so that an instructor's bank
(--bank) brings its own. A bank without one gets every concept it has in equal shares.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from lakedrill.templates.concepts import CONCEPTS
from lakedrill.templates.spec import TemplateError

FILE = "blueprint.yaml"  # not a template: the bank loader passes it over
QUESTIONS = 45


@dataclass(frozen=True)
class Blueprint:
    """The mock exam: questions per concept (in the file's order), minutes and pass mark."""

    concepts: tuple[tuple[str, int], ...]
    minutes: float = 90
    pass_mark: float = 0.7
    source: str = ""  # the file it came from, or "" when made up for a bank without one

    @property
    def questions(self) -> int:
        return sum(n for _, n in self.concepts)

    def as_json(self) -> dict:
        return {"questions": self.questions, "minutes": self.minutes, "pass_mark": self.pass_mark,
                "concepts": [{"concept": c, "title": CONCEPTS[c].title if c in CONCEPTS else c, "questions": n}
                             for c, n in self.concepts],
                "source": self.source}


def load(folder: Path, concepts_in_bank: list[str]) -> Blueprint:
    """The bank's blueprint; every problem at once, at file:line, as a TemplateError."""
    path = folder / FILE
    if not path.is_file():
        return even(concepts_in_bank)
    where = f"{folder.name}/{FILE}"
    from lakedrill.templates.source import SourceError, parse_text, read_text

    try:
        data = parse_text(read_text(str(path), where), where).data
    except SourceError as error:
        raise TemplateError([f"not a readable blueprint: {line}" for line in error.lines]) from None
    problems = []
    if not isinstance(data, dict) or not isinstance(data.get("concepts"), dict):
        raise TemplateError([f"{where}: concepts: give a mapping of concept -> number of questions"])
    rows = []
    for concept, count in data["concepts"].items():
        if concept not in concepts_in_bank:
            problems.append(f"{where}: concepts.{concept}: the bank has no template of this concept")
        elif not isinstance(count, int) or isinstance(count, bool) or not 0 <= count <= 500:
            problems.append(f"{where}: concepts.{concept}: give a whole number of questions from 0 to 500")
        else:
            rows.append((str(concept), count))
    minutes, mark = data.get("minutes", 90), data.get("pass_mark", 0.7)
    if not isinstance(minutes, int | float) or isinstance(minutes, bool) or not 0 < minutes <= 1440:
        problems.append(f"{where}: minutes: give the exam's time in minutes (up to 1440)")
    if not isinstance(mark, int | float) or isinstance(mark, bool) or not 0 <= mark <= 1:
        problems.append(f"{where}: pass_mark: give a share from 0 to 1, such as 0.7")
    declared = data.get("questions")
    total = sum(n for _, n in rows)
    if declared is not None and declared != total and not problems:
        problems.append(f"{where}: questions: says {declared}, but the concepts add up to {total}")
    if not problems and total == 0:
        problems.append(f"{where}: concepts: the exam asks no question")
    if problems:
        raise TemplateError(problems)
    return Blueprint(tuple(rows), float(minutes), float(mark), where)


def even(concepts_in_bank: list[str], questions: int = QUESTIONS) -> Blueprint:
    """Equal shares of `questions` over the bank's concepts (the first ones get one more)."""
    ordered = [c for c in CONCEPTS if c in concepts_in_bank] + sorted(set(concepts_in_bank) - set(CONCEPTS))
    if not ordered:
        return Blueprint(())
    base, extra = divmod(questions, len(ordered))
    return Blueprint(tuple((c, base + (1 if i < extra else 0)) for i, c in enumerate(ordered)))
