"""Every rule the engine names has a test pinned to it, and every rule cites SEMANTICS.md."""

import pathlib
import re

from lakedrill.engine.rulebook import RULES

TESTS = pathlib.Path(__file__).resolve().parent


def test_every_rule_has_a_test_marked_with_its_id():
    cited = set()
    for path in TESTS.rglob("test_*.py"):
        cited |= set(re.findall(r'@rule\("([a-z0-9_.]+)"\)', path.read_text()))
    missing = sorted(set(RULES) - cited)
    assert not missing, f"rules with no test: {missing}"
    unknown = sorted(cited - set(RULES))
    assert not unknown, f"tests cite rules the rulebook does not have: {unknown}"


def test_every_rule_has_a_section_a_tier_and_a_statement():
    for rule in RULES.values():
        assert rule.section.startswith(("§", "decision", "DESIGN", "lesson")), rule.id
        assert rule.statement.endswith("."), rule.id
        assert rule.tier in ("documented", "derived", "assumed")


def test_engine_modules_cite_the_rulebook_sections():
    # A rule lives in a small function whose docstring cites its section (STYLE.md).
    source = (TESTS.parents[1] / "engine" / "semantics.py").read_text()
    functions = re.findall(r'def (\w+)\([^)]*\)[^:]*:\n    """([^"]+)', source)
    assert functions
    for name, doc in functions:
        if not name.startswith("_") and name not in ("describe_edges", "as_number", "operand_text"):
            assert re.search(r"§|[Dd]ecision", doc), f"{name} cites no SEMANTICS section"
