"""`lakedrill advise`: the compute (and job settings) Databricks recommends for a kind of workload,
with the rules behind it, as JSON and as lines to read."""

from __future__ import annotations

from typing import Any

from lakedrill.engine.compute import CHOICE_LABELS, WORKLOAD_LABELS, Advice, advise
from lakedrill.engine.rulebook import RULES


def advice_for(workload: str, *, legacy: bool = False) -> Advice:
    return advise(workload, today=not legacy)


def reasons(advice: Advice) -> list[dict[str, Any]]:
    """Each rule the advice follows from: its id, tier, statement and doc links."""
    return [{"rule": r, "tier": RULES[r].tier.value, "statement": RULES[r].statement, "links": list(RULES[r].links)}
            for r in advice.rules]


def advice_as_dict(advice: Advice, *, legacy: bool = False) -> dict[str, Any]:
    return {"workload": advice.workload.value, "compute": advice.compute.value, "settings": dict(advice.settings),
            "legacy": legacy, "reasons": reasons(advice)}


def advice_lines(advice: Advice, *, legacy: bool = False) -> list[str]:
    workload = advice.workload.value
    lines = [f"{workload.replace('_', ' ')} ({WORKLOAD_LABELS[workload]}): {CHOICE_LABELS[advice.compute.value]}"]
    if legacy:
        lines.append("  (the legacy recipe, which continuous mode replaces: history, not today's advice)")
    lines += [f"  {name}: {'none' if value is None else value}" for name, value in advice.settings.items()]
    lines += [f"  why: {r['statement']} ({r['rule']}, {r['tier']}; {' '.join(r['links'])})" for r in reasons(advice)]
    return lines
