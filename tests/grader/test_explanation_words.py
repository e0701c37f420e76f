"""The words an explanation and its feedback print: "In this run" lists every task of the job in the
job's order; money reads $3.80 and counts agree ("1 email"); and no writer shows a raw backtick or
asterisk, because every piece of question text is read as the little Markdown the writers render."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from rich.console import Console

from lakedrill.engine.misconceptions import MISCONCEPTIONS
from lakedrill.templates import bank
from lakedrill.variants.generate import VariantError, generate
from lakedrill.variants.grading import Score, grade, parse
from lakedrill.variants.question import Question
from lakedrill.writers import html
from lakedrill.writers.document import PracticeSet, question_data
from lakedrill.writers.markdown import document as markdown_document
from lakedrill.writers.markup import parse as parse_markup
from lakedrill.writers.terminal import feedback_panel, show

TEMPLATES = {t.id: t for t in bank.load()}


def in_this_run(question: Question) -> list[str]:
    block = question.explanation.split("In this run:\n", 1)[1].split("\n\n", 1)[0]
    return [line for line in block.splitlines() if line.startswith("- ")]


def test_in_this_run_lists_every_task_in_the_jobs_order_not_only_those_the_answer_read():
    # The answer reads `cleanup` (and so `a` and `b`, upstream of it); `other` is not read.
    question = generate(TEMPLATES["run-if-state-of-a-conditional-task"], 0, fixed={
        "job": {"a": [], "b": ["a"], "cleanup": {"depends_on": ["b"], "run_if": "ALL_DONE"}, "other": []},
        "target": "cleanup", "failing": ["b"]})
    lines = in_this_run(question)
    assert [line.split("`")[1] for line in lines] == list(question.job.order) == ["a", "other", "b", "cleanup"]
    assert lines == ["- `a`: Succeeded", "- `other`: Succeeded", "- `b`: Failed — its code failed",
                     "- `cleanup`: Succeeded"]


def test_a_skipped_task_says_why_without_naming_its_state_twice():
    question = generate(TEMPLATES["run-if-state-of-a-conditional-task"], 0, fixed={
        # `b` is skipped beside the target, not above it (no key rests on how a skipped task counts).
        "job": {"a": [], "b": ["a"], "cleanup": {"depends_on": ["a"], "run_if": "ALL_DONE"}},
        "target": "cleanup", "failing": ["a"]})
    assert "- `b`: Upstream failed — All succeeded is not met: a Failed" in in_this_run(question)
    assert "so it is Upstream failed" not in question.explanation.split("The rules:")[0]


@pytest.mark.parametrize("seed", range(6))
def test_in_this_run_is_stable_and_complete_for_generated_jobs(seed):
    question = generate(TEMPLATES["run-if-state-of-a-conditional-task"], seed)
    assert [line.split("`")[1] for line in in_this_run(question)] == list(question.job.order)
    assert question.explanation == generate(TEMPLATES["run-if-state-of-a-conditional-task"], seed).explanation


def test_a_cost_reads_in_dollars_and_cents_in_the_key_and_the_beliefs():
    question = generate(TEMPLATES["compute-dbu-cost"], 2)
    assert re.fullmatch(r"\$\d+\.\d\d", question.key_text), question.key_text
    assert question.beliefs and all(re.fullmatch(r"\$\d+\.\d\d", b.text) for b in question.beliefs)
    assert "dollars follows" not in question.explanation
    # A learner may type the dollar sign the key shows.
    assert grade(question, parse(question, question.key_text)).correct


def test_a_count_of_one_is_singular():
    from lakedrill.variants.generate import _option_text

    template = TEMPLATES["alerts-task-alert-last-attempt"]
    assert template.model.unit == "emails"
    assert _option_text(template, {}, 1) == "1 email" and _option_text(template, {}, 2) == "2 emails"


# ----------------------------------------------------------------------------- no raw Markdown


def _questions():
    out = []
    for template in TEMPLATES.values():
        for seed in (0, 1):
            try:
                out.append(generate(template, seed))
            except VariantError:  # a template that cannot make a variant fails `check`, not this test
                continue
    return out


QUESTIONS = _questions()


def plain_spans(question: Question):
    """Every piece of text a writer prints as it is (not as code): stem, options, key, explanation."""
    data = question_data(question, 1, diagrams=False)
    blocks = data["stem"] + data["explanation"]
    for block in blocks:
        for spans in ([block["spans"]] if block["type"] == "p" else block["items"]):
            yield from spans
    for option in data["options"]:
        yield from option["spans"]
    yield from data["key"]


@pytest.mark.parametrize("question", QUESTIONS, ids=lambda q: q.id)
def test_no_writer_is_handed_a_raw_backtick_or_bold_marker(question):
    for span in plain_spans(question):
        if not span["code"]:
            assert "`" not in span["text"], (question.id, span["text"])
            assert "**" not in span["text"], (question.id, span["text"])


class _Text(HTMLParser):
    def __init__(self):
        super().__init__()
        self.text: list[str] = []
        self.skip = 0

    def handle_starttag(self, tag, attrs):
        self.skip += tag in ("style", "svg", "code")

    def handle_endtag(self, tag):
        self.skip -= tag in ("style", "svg", "code")

    def handle_data(self, data):
        if not self.skip:
            self.text.append(data)


def test_html_markdown_and_the_terminal_show_no_raw_markers():
    questions = QUESTIONS[::5]
    page = html.document([PracticeSet(1, 0, questions)], title="t", date="2026-01-01", paper="a4",
                         questions=True, keys=True, sheet=False)
    reader = _Text()
    reader.feed(page)
    assert "`" not in "".join(reader.text) and "**" not in "".join(reader.text)
    md = markdown_document([PracticeSet(1, 0, questions)], title="t", date="2026-01-01", questions=True,
                           keys=True, sheet=False, diagrams={})
    assert "\\`" not in md and "\\*\\*" not in md  # an escaped marker is one the text carried raw
    for question in questions:
        console = Console(record=True, width=200, color_system=None)
        show(console, question)
        wrong = Score(0, 1, False, "", next(iter(MISCONCEPTIONS)))
        console.print(feedback_panel(question, wrong))
        out = console.export_text()
        assert "`" not in out and "**" not in out, question.id


def test_an_explanation_parses_into_the_blocks_the_writers_render():
    question = generate(TEMPLATES["run-if-state-of-a-conditional-task"], 1)
    blocks = parse_markup(question.explanation)
    run = next(b for b in blocks if b["type"] == "ul")
    assert all(item[0]["code"] for item in run["items"])  # each task key is code, never a raw backtick


def test_capitalize_keeps_the_rest_as_written():
    from lakedrill.templates.jinja import template

    assert template("{{ 'a SQL warehouse' | capitalize }}").render() == "A SQL warehouse"
    assert template("{{ 'serverless compute' | capitalize }}").render() == "Serverless compute"


def test_templates_can_write_ordinals_and_money():
    from lakedrill.templates.jinja import template

    assert template("its {{ 2 | ordinal }} attempt, {{ 3.8 | money }}").render() == "its 2nd attempt, $3.80"
