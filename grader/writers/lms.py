"""What every LMS export shares: a Question as an LMS item, and its text as HTML elements.

An LMS knows three kinds of question that lakedrill's practice kinds map onto: one right option
(single, true/false), several right options (multi) and a number with a tolerance (numeric). A set
or an order question has no such type in Moodle XML or QTI, so it goes in its exam form (one
choice among whole answers, lakedrill.variants.exam); one that has no exam form is left out and
said so. Every wrong option carries the belief it reveals, as the quiz's feedback says it, and the
general feedback is the explanation, its documentation links as links.

The HTML is built as ElementTree elements (never by joining strings), so every text is escaped by
the library; QTI 2.1 takes the same elements in its own namespace.
"""

from __future__ import annotations

import random
import re
from lxml import etree as ET
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from lakedrill.templates.concepts import CONCEPTS
from lakedrill.variants.question import Question
from lakedrill.writers.document import INSTRUCTIONS
from lakedrill.writers.markup import Span, parse, spans

URL = re.compile(r"https?://[^\s<>()]+[^\s<>().,;:!?'\"]")


@dataclass(frozen=True)
class Choice:
    text: str  # the option, in the bank's little Markdown
    correct: bool
    feedback: str  # plain text: "Right.", or the belief the option reveals


@dataclass(frozen=True)
class Item:
    """A question as an LMS takes it."""

    question: Question  # the question exported (its exam form, for a set or an order)
    kind: str  # single, multi or numeric
    choices: tuple[Choice, ...]
    number: float | None  # numeric: the key
    tolerance: float  # numeric: absolute, the LMS's one kind of tolerance
    wrong_numbers: tuple[tuple[float, str], ...]  # numeric: a value a belief predicts, its feedback

    @property
    def name(self) -> str:
        return self.question.id  # template@seed: a re-export updates where the LMS matches by name

    @property
    def category(self) -> str:
        return CONCEPTS[self.question.concept].title

    @property
    def instruction(self) -> str:
        question = self.question
        text = INSTRUCTIONS[question.kind]
        if question.kind == "numeric":
            text += f" ({question.unit})." if question.unit else "."
        return text

    @property
    def diagram_name(self) -> str:
        return f"{self.question.template_id}-{self.question.seed}.svg"


def belief_feedback(question: Question, misconceptions: Sequence[str]) -> str:
    """What a wrong answer says: the belief it reveals and what Databricks does instead."""
    from lakedrill.engine.misconceptions import MISCONCEPTIONS

    said = [f'This is what the belief "{MISCONCEPTIONS[m].belief}" predicts — {MISCONCEPTIONS[m].correction}'
            for m in misconceptions]
    return " ".join(said) if said else f"Not this one: the answer is {plain_text(question.key_text)}."


def plain_text(markdown: str) -> str:
    return "".join(s["text"] for s in spans(markdown))


def items(questions: Sequence[Question]) -> tuple[list[Item], list[str]]:
    """Each question as an LMS item, and a line for each one left out."""
    from lakedrill.variants.exam import NoExamForm, exam_form

    out: list[Item] = []
    notes: list[str] = []
    for question in questions:
        if question.kind in ("set", "order"):
            try:
                question = exam_form(question, random.Random(f"{question.template_id}/{question.seed}/lms"))
            except NoExamForm as why:
                notes.append(f"{question.id} left out: a {question.kind} question has no LMS type, and {why}")
                continue
        if question.kind == "numeric":
            key = float(question.key)
            tol_abs, tol_rel = question.tolerance
            tolerance = max(tol_abs, tol_rel * abs(key))
            wrong: dict[float, list[str]] = {}
            for belief in question.beliefs:
                if isinstance(belief.value, int | float) and not isinstance(belief.value, bool) \
                        and abs(float(belief.value) - key) > tolerance:
                    wrong.setdefault(float(belief.value), []).append(belief.misconception)
            out.append(Item(question, "numeric", (), key, tolerance,
                            tuple((v, belief_feedback(question, ms)) for v, ms in wrong.items())))
            continue
        kind = "multi" if question.kind == "multi" else "single"
        choices = tuple(Choice(o.text, o.correct, "Right." if o.correct else belief_feedback(question, o.misconceptions))
                        for o in question.options)
        out.append(Item(question, kind, choices, None, 0.0, ()))
    return out, notes


# ------------------------------------------------------------------ HTML as elements


def _tag(ns: str, name: str) -> str:
    return f"{{{ns}}}{name}" if ns else name


def _append_text(parent: ET._Element, text: str) -> None:
    """Add text at the end of `parent` (after its last child, if any)."""
    if len(parent):
        last = parent[-1]
        last.tail = (last.tail or "") + text
    else:
        parent.text = (parent.text or "") + text


def add_spans(parent: ET._Element, parts: Sequence[Span], ns: str = "") -> None:
    """Spans as inline HTML: `code`, **strong**, and every https link an <a>."""
    for span in parts:
        target = parent
        if span["bold"]:
            target = ET.SubElement(parent, _tag(ns, "strong"))
        if span["code"]:
            ET.SubElement(target, _tag(ns, "code")).text = span["text"]
            continue
        position = 0
        for match in URL.finditer(span["text"]):
            _append_text(target, span["text"][position:match.start()])
            link = ET.SubElement(target, _tag(ns, "a"), {"href": match.group(0)})
            link.text = match.group(0)
            position = match.end()
        _append_text(target, span["text"][position:])


def blocks(markdown: str, ns: str = "") -> list[ET._Element]:
    """The bank's Markdown as <p> and <ul> elements."""
    out = []
    for block in parse(markdown):
        if block["type"] == "p":
            element = ET.Element(_tag(ns, "p"))
            add_spans(element, block["spans"], ns)
        else:
            element = ET.Element(_tag(ns, "ul"))
            for item in block["items"]:
                add_spans(ET.SubElement(element, _tag(ns, "li")), item, ns)
        out.append(element)
    return out


def inline(markdown: str, ns: str = "") -> ET._Element:
    """One line of Markdown (an option) as a <span>."""
    element = ET.Element(_tag(ns, "span"))
    add_spans(element, spans(markdown), ns)
    return element


def paragraph(text: str, ns: str = "", css: str | None = None) -> ET._Element:
    element = ET.Element(_tag(ns, "p"), {"class": css} if css else {})
    element.text = text
    return element


def image(src: str, alt: str, ns: str = "") -> ET._Element:
    holder = ET.Element(_tag(ns, "p"))
    ET.SubElement(holder, _tag(ns, "img"), {"src": src, "alt": alt})
    return holder


def html(elements: Sequence[ET._Element]) -> str:
    """Elements as an HTML fragment (the text an LMS keeps for a question)."""
    return "".join(ET.tostring(e, encoding="unicode", method="html") for e in elements)


def question_html(item: Item, diagram_src: str | None, ns: str = "") -> list[ET._Element]:
    """The stem, the diagram with its text alternative, and the instruction."""
    from lakedrill.writers.alt import describe

    out = blocks(item.question.stem, ns)
    if diagram_src is not None and item.question.job is not None:
        out.append(image(diagram_src, "Task graph: " + describe(item.question.job), ns))
    out.append(paragraph(item.instruction, ns))
    return out


def diagram(item: Item) -> bytes | None:
    from lakedrill.writers.svg import dag_svg

    return None if item.question.job is None else dag_svg(item.question.job).encode("utf-8")


def number(value: Any) -> str:
    """A number as an LMS reads it: no exponent, no needless decimals."""
    text = f"{float(value):.10f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text
