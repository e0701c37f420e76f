"""questions/README.md: the bank as a table — template, concept, kind, objective, and the
SEMANTICS sections its keys rest on (taken from the rules of 50 variants). Regenerate with

    python -m grader.bank_table > questions/README.md

A test fails when the file is out of date.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Sequence

from engine.rulebook import RULES
from grader.concepts import CONCEPTS
from grader.generate import VariantError, generate
from grader.spec import Template

VARIANTS = 50


def sections_tested(template: Template, variants: int = VARIANTS) -> list[str]:
    rules: dict[str, None] = {}
    for seed in range(variants):
        try:
            question = generate(template, seed)
        except VariantError:
            continue
        rules.update(dict.fromkeys(question.rules))
    sections = {RULES[r].section for r in rules if r != "scenario.given"}
    return sorted(sections, key=_section_order)


def _section_order(section: str) -> tuple:
    numbers = [int(n) for n in re.findall(r"\d+", section)]
    kind = 0 if section.startswith("§") else 1 if section.startswith("decision") else 2
    return (kind, numbers, section)


def render(templates: Sequence[Template]) -> str:
    by_concept: dict[str, list[Template]] = {c: [] for c in CONCEPTS}
    for t in templates:
        by_concept[t.model.concept].append(t)
    lines = [
        "# The question bank",
        "",
        "One folder per concept of the Jobs & orchestration lesson; each YAML file is a template that",
        "`lakedrill` turns into as many variants as you like, every key computed by the engine. How to",
        "write one: [AUTHORING.md](AUTHORING.md). This table is generated (`python -m grader.bank_table`);",
        "the sections are those of SEMANTICS.md that the keys of 50 variants rested on.",
        "",
        f"{len(templates)} templates in {sum(1 for ts in by_concept.values() if ts)} concepts.",
        "",
        "| concept | template | kind | difficulty | exam objective | SEMANTICS sections |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for concept, items in by_concept.items():
        for t in sorted(items, key=lambda t: t.id):
            sections = ", ".join(sections_tested(t)) or "—"
            lines.append(f"| {concept} | [{t.id}]({t.path.removeprefix('questions/')}) | {t.kind} | "
                         f"{t.model.difficulty} | {t.model.objective} | {sections} |")
    return "\n".join(lines) + "\n"


def main() -> int:
    from grader import bank

    sys.stdout.write(render(bank.load()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
