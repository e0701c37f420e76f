"""questions/README.md: the bank as a table — template, concept, kind, objective, the rules it
tests, the rules its keys rest on (taken from 50 variants) and their documentation pages — then
the review of every template against the truth standard, kept by hand in questions/REVIEW.md.
Regenerate with

    python -m lakedrill.authoring.bank_table > questions/README.md

A test fails when the file is out of date.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

from lakedrill.engine.rulebook import RULES
from lakedrill.templates.concepts import CONCEPTS
from lakedrill.variants.generate import VariantError, generate
from lakedrill.templates.spec import Template

VARIANTS = 50
def _review() -> Path:
    from lakedrill.templates.bank import bundled_bank

    return bundled_bank() / "REVIEW.md"


def rules_behind(template: Template, variants: int = VARIANTS) -> list[str]:
    """The rule ids the keys of the first `variants` variants rested on, in rulebook order."""
    rules: dict[str, None] = {}
    for seed in range(variants):
        try:
            question = generate(template, seed)
        except VariantError:
            continue
        rules.update(dict.fromkeys(question.rules))
    return [r for r in RULES if r in rules and r != "scenario.given"]


def _pages(rule_ids: Sequence[str]) -> str:
    pages: dict[str, None] = {}
    for rule_id in rule_ids:
        pages.update(dict.fromkeys(RULES[rule_id].links))
    return " ".join(f"[{_page_name(p)}]({p})" for p in pages) or "—"


def _page_name(url: str) -> str:
    return url.rstrip("/").rsplit("/", 1)[-1] or url


def render(templates: Sequence[Template]) -> str:
    by_concept: dict[str, list[Template]] = {c: [] for c in CONCEPTS}
    for t in templates:
        by_concept[t.model.concept].append(t)
    lines = [
        "# The question bank",
        "",
        "One folder per concept of the Jobs & orchestration lesson; each YAML file is a template that",
        "`lakedrill` turns into as many variants as you like, every key computed by the engine. How to",
        "write one: [AUTHORING.md](AUTHORING.md). This table is generated (`python -m lakedrill.authoring.bank_table`):",
        "*tests* are the rules a template is about (they decide the key of every variant); *rests on* are",
        "the rules the keys of 50 variants rested on (`lakedrill rules ID` says each one); the pages are",
        "their documentation.",
        "",
        f"{len(templates)} templates in {sum(1 for ts in by_concept.values() if ts)} concepts.",
        "",
        "| concept | template | kind | difficulty | exam objective | tests | rests on | docs |",
        "| --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for concept, items in by_concept.items():
        for t in sorted(items, key=lambda t: t.id):
            behind = rules_behind(t)
            tested = ", ".join(f"`{r}`" for r in t.model.tests) or "—"
            rests = ", ".join(f"`{r}`" for r in behind) or "—"
            lines.append(f"| {concept} | [{t.id}]({t.path.removeprefix('questions/')}) | {t.kind} | "
                         f"{t.model.difficulty} | {t.model.objective} | {tested} | {rests} | "
                         f"{_pages(list(t.model.tests) + behind)} |")
    review = _review()
    if review.is_file():
        lines += ["", review.read_text(encoding="utf-8").rstrip()]
    return "\n".join(lines) + "\n"


def main() -> int:
    from lakedrill.templates import bank

    sys.stdout.write(render(bank.load()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
