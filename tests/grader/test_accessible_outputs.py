"""Every diagram has a text alternative made from its job, in every output that draws one; the
HTML reads on a phone and in dark mode; Anki cards never double their letters; order keys show ties."""

import re
import zipfile
from functools import cache

from hypothesis import given, settings
from lxml import html as lxml_html

from lakedrill.engine.strategies import rich_jobs
from lakedrill.templates.bank import load
from lakedrill.variants.generate import compact_job, generate
from lakedrill.writers import anki, html
from lakedrill.writers.alt import describe
from lakedrill.writers.printing import build_sets


@cache
def bank():
    return tuple(load())


def test_the_text_alternative_reads_the_graph():
    job = compact_job({"ingest": [], "silver_orders": ["ingest"], "silver_payments": ["ingest"],
                       "cleanup": {"depends_on": ["silver_orders", "silver_payments"], "run_if": "ALL_DONE"}}, "job")
    assert describe(job) == "ingest, then silver_orders and silver_payments in parallel; cleanup runs when all are done."


def test_branches_and_partial_dependencies_are_said_of_the_task():
    job = compact_job({"a": [], "b": [], "c": ["a"], "d": ["a", "b"]}, "job")
    assert describe(job) == "first a and b in parallel, then d; c runs after a."


@settings(max_examples=60, deadline=None)
@given(rich_jobs())
def test_every_task_and_every_non_default_rule_is_in_the_words(job):
    text = describe(job)
    for task in job.tasks:
        assert re.search(rf"(?<![\w]){re.escape(task.task_key)}(?![\w])", text), (task.task_key, text)
    assert text.endswith(".") and describe(job) == text  # deterministic


def test_html_has_viewport_dark_mode_alt_and_links():
    sets, _ = build_sets(bank(), n=6, seed=3, variants=1)
    page = html.document(sets, title="t", date="2026-01-01", paper="a4", questions=True, keys=True, sheet=False)
    tree = lxml_html.fromstring(page)
    assert tree.xpath("//meta[@name='viewport']")
    assert "prefers-color-scheme: dark" in page
    figures = tree.xpath("//figure[@class='dag']")
    assert figures and all(f.get("aria-label", "").startswith("Task graph: ") for f in figures)
    assert all(f.xpath("figcaption") for f in figures)
    assert tree.xpath("//a[starts-with(@href, 'https://docs.databricks.com')]")
    levels = [int(h.tag[1]) for h in tree.iter("h1", "h2", "h3")]
    assert all(b - a <= 1 for a, b in zip(levels, levels[1:]))  # headings never skip a level


def test_anki_cards_letter_once_show_alt_and_have_night_mode(tmp_path):
    questions = [generate(t, 2) for t in bank()[:12]]
    for question in questions:
        diagram = anki.media_name(question) if question.job is not None else None
        fields = anki.fields(question, diagram)
        assert not re.search(r"\b([A-E])\.\s*(<[^>]+>\s*)*\1\.", fields[2])  # never "A. A."
        assert "<strong>A.</strong>" not in fields[2]
        if diagram:
            assert 'alt="Task graph: ' in fields[1]
    assert ".nightMode.card" in anki.CSS


def test_an_order_key_shows_its_ties():
    from lakedrill.variants.views import OrderKey
    from lakedrill.variants.question import Question

    key = OrderKey(("a", "b", "c", "d"), frozenset({("a", "b"), ("a", "c"), ("b", "d"), ("c", "d")}))
    question = next(generate(t, 1) for t in bank() if t.model.kind == "order")
    from dataclasses import replace

    assert replace(question, key=key).key_text == "a → b and c (together) → d"
