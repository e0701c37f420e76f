"""`lakedrill rules`: the rulebook users read, as text, JSON and docs/rules.md."""

from __future__ import annotations

import json
import pathlib

from click.testing import CliRunner

from lakedrill.engine.rulebook import RULES, Tier
from lakedrill.cli import main
from lakedrill.rules import markdown

ROOT = pathlib.Path(__file__).resolve().parents[2]


def invoke(*args: str):
    return CliRunner().invoke(main, list(args))


def test_rules_json_has_the_documented_shape_for_every_rule():
    result = invoke("rules", "--json")
    assert result.exit_code == 0
    data = json.loads(result.output)
    assert [r["id"] for r in data["rules"]] == list(RULES)
    for entry in data["rules"]:
        assert set(entry) == {"id", "text", "tier", "links"}
        assert entry["tier"] in ("documented", "derived", "assumed")
        assert entry["text"].endswith(".")
        assert all(link.startswith("https://") for link in entry["links"])


def test_every_documented_rule_has_a_documentation_link():
    for rule in RULES.values():
        if rule.tier is Tier.DOCUMENTED:
            assert rule.links, rule.id


def test_one_rule_shows_its_sentence_tier_and_links():
    result = invoke("rules", "run_if.all_failed")
    assert result.exit_code == 0
    assert RULES["run_if.all_failed"].statement in result.output
    assert "documented" in result.output and "https://docs.databricks.com/aws/en/jobs/run-if" in result.output


def test_an_open_rule_shows_its_other_readings():
    result = invoke("rules", "for_each.input_order")
    assert "another reading:" in result.output


def test_a_prefix_lists_its_rules():
    result = invoke("rules", "run_if", "--json")
    ids = [r["id"] for r in json.loads(result.output)["rules"]]
    assert ids and all(i.startswith("run_if.") for i in ids)


def test_an_unknown_rule_is_bad_input_with_a_suggestion():
    result = invoke("rules", "run_if.al_failed")
    assert result.exit_code == 2
    assert "did you mean 'run_if.all_failed'" in result.output


def test_docs_rules_md_is_generated_from_the_rulebook():
    # Regenerate with: lakedrill rules --markdown > docs/rules.md
    assert (ROOT / "docs" / "rules.md").read_text(encoding="utf-8") == markdown()
