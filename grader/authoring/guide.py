"""The generated end of questions/AUTHORING.md: every misconception and every assumed rule.

    python -m lakedrill.authoring.guide            # rewrites the tables in questions/AUTHORING.md

A test fails when the guide is out of date, so a new belief or assumption is always documented.
"""

from __future__ import annotations

import sys
from pathlib import Path

from lakedrill.engine.misconceptions import MISCONCEPTIONS
from lakedrill.engine.readings import READINGS
from lakedrill.engine.rulebook import RULES

MARKER = "## Misconceptions"
def guide_path() -> Path:
    from lakedrill.templates.bank import bundled_bank

    return bundled_bank() / "AUTHORING.md"


def tables() -> str:
    misconceptions = "\n".join(f"| `{m.id}` | {m.belief} | `{m.contradicts}` |" for m in MISCONCEPTIONS.values())
    assumed = "\n".join(f"| `{r.id}` | {r.statement} | {'premise' if r.premise else ', '.join(x.text for x in READINGS.get(r.id, ())) or 'none: no key may rest on it'} |"
                        for r in RULES.values() if r.tier == "assumed")
    return (f"{MARKER}\n\n| id | the belief | the rule it breaks |\n| --- | --- | --- |\n{misconceptions}\n\n"
            "## Assumed rules\n\nThese rules are the engine's choices where the documentation is silent or "
            "disagrees. A premise\nis declared in `assumes:` and stated in the stem; for the others, the key must be "
            "the same under\nevery other reading (engine/readings.py), which generation and `check` enforce.\n\n"
            f"| id | the rule | other readings |\n| --- | --- | --- |\n{assumed}\n")


def render(current: str) -> str:
    return current[: current.index(MARKER)] + tables()


def main() -> int:
    guide_path().write_text(render(guide_path().read_text()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
