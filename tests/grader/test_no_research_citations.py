"""Users never see the project's research file: explanations, stems, options and `simulate` cite rule
ids and documentation links, never "SEMANTICS" or a section sign."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from lakedrill.templates import bank
from lakedrill.cli import main
from lakedrill.variants.generate import VariantError, generate
from lakedrill.variants.question import question_as_dict

TEMPLATES = bank.load()


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda t: t.id)
def test_no_question_cites_the_research_file(template):
    for seed in range(3):
        for form in ("practice", "exam"):
            try:
                question = generate(template, seed, form=form)
            except VariantError:
                continue
            text = json.dumps(question_as_dict(question), ensure_ascii=False)
            assert "SEMANTICS" not in text and "§" not in text, (question.id, form)


def test_simulate_cites_rule_ids_not_sections():
    result = CliRunner().invoke(main, ["simulate", "--example", "--json"])
    assert result.exit_code == 0
    assert "SEMANTICS" not in result.output and "§" not in result.output
    steps = json.loads(result.output)["trace"]
    assert steps and all("rule" in step and "section" not in step for step in steps)
