"""Moodle XML (Question bank > Import > Moodle XML format): a category per concept, then its
questions, each named `template@seed` (also its idnumber).

One right option is a `multichoice` with `single` true; several right options a `multichoice`
with `single` false, each right option worth 100/R % and each wrong one -100/R % (lakedrill's
partial scheme; Moodle's fractions come from a fixed list, which holds 100/R for R up to 10); a
number a `numerical` with its tolerance, a wrong answer for each value a belief predicts (with that
belief as feedback) and `*` for any other. The diagram is an SVG file inside the question text
(`@@PLUGINFILE@@`), with its text alternative as `alt`.
"""

from __future__ import annotations

import base64
from lxml import etree as ET
from collections.abc import Sequence
from pathlib import Path

from lakedrill.variants.question import Question
from lakedrill.writers import lms

MOODLE_FRACTIONS = (100, 90, 83.33333, 80, 75, 70, 66.66667, 60, 50, 40, 33.33333, 30, 25, 20, 16.66667,
                    14.28571, 12.5, 11.11111, 10, 5, 0)


def fraction(share: float) -> str:
    """The Moodle grade nearest `share` percent (Moodle refuses one not in its list)."""
    sign = "-" if share < 0 else ""
    nearest = min(MOODLE_FRACTIONS, key=lambda f: abs(f - abs(share)))
    return sign + lms.number(nearest)


def _text(parent: ET._Element, tag: str, text: str, fmt: str | None = "html") -> ET._Element:
    element = ET.SubElement(parent, tag, {"format": fmt} if fmt else {})
    ET.SubElement(element, "text").text = text
    return element


def _category(quiz: ET._Element, title: str, concept: str) -> None:
    question = ET.SubElement(quiz, "question", {"type": "category"})
    # "/" separates levels of a Moodle category path; "//" is a slash inside a name
    ET.SubElement(ET.SubElement(question, "category"), "text").text = \
        "$course$/top/Lakeflow Jobs/" + title.replace("/", "//")
    _text(question, "info", f"lakedrill concept {concept}", "moodle_auto_format")
    ET.SubElement(question, "idnumber").text = f"lakedrill-{concept}"


def _question(quiz: ET._Element, item: lms.Item) -> None:
    qtype = "numerical" if item.kind == "numeric" else "multichoice"
    question = ET.SubElement(quiz, "question", {"type": qtype})
    _text(question, "name", item.name, None)
    picture = lms.diagram(item)
    src = f"@@PLUGINFILE@@/{item.diagram_name}" if picture else None
    text = _text(question, "questiontext", lms.html(lms.question_html(item, src)))
    if picture:
        ET.SubElement(text, "file", {"name": item.diagram_name, "path": "/", "encoding": "base64"}).text = \
            base64.b64encode(picture).decode("ascii")
    _text(question, "generalfeedback", lms.html(lms.blocks(item.question.explanation)))
    ET.SubElement(question, "defaultgrade").text = "1"
    ET.SubElement(question, "penalty").text = "0"
    ET.SubElement(question, "hidden").text = "0"
    ET.SubElement(question, "idnumber").text = item.name
    if item.kind == "numeric":
        _answer(question, lms.number(item.number), "100", "Right.", "moodle_auto_format", item.tolerance)
        for value, feedback in item.wrong_numbers:
            _answer(question, lms.number(value), "0", feedback, "moodle_auto_format", 0.0)
        _answer(question, "*", "0", f"Not quite: the answer is {lms.plain_text(item.question.key_text)}.",
                "moodle_auto_format", 0.0)
        ET.SubElement(question, "unitgradingtype").text = "0"
        ET.SubElement(question, "unitpenalty").text = "0"
        ET.SubElement(question, "showunits").text = "3"  # no unit to type: the instruction names it
        ET.SubElement(question, "unitsleft").text = "0"
        return
    right = sum(c.correct for c in item.choices)
    wrong = len(item.choices) - right
    ET.SubElement(question, "single").text = "true" if item.kind == "single" else "false"
    ET.SubElement(question, "shuffleanswers").text = "0"  # the exam deals the key letters itself
    ET.SubElement(question, "answernumbering").text = "ABCD"
    ET.SubElement(question, "showstandardinstruction").text = "0"
    _text(question, "correctfeedback", "")
    _text(question, "partiallycorrectfeedback", "")
    _text(question, "incorrectfeedback", "")
    for choice in item.choices:
        if item.kind == "single":
            share = 100 if choice.correct else 0
        else:
            share = 100 / right if choice.correct else -100 / max(right, 1) if wrong else 0
        _answer(question, lms.html([lms.inline(choice.text)]), fraction(share), choice.feedback, "html")


def _answer(question: ET._Element, text: str, grade: str, feedback: str, fmt: str,
            tolerance: float | None = None) -> None:
    answer = ET.SubElement(question, "answer", {"fraction": grade, "format": fmt})
    ET.SubElement(answer, "text").text = text
    if tolerance is not None:
        ET.SubElement(answer, "tolerance").text = lms.number(tolerance)
    _text(answer, "feedback", lms.html([lms.paragraph(feedback)]))


def document(questions: Sequence[Question]) -> tuple[bytes, int, list[str]]:
    """The Moodle XML of the questions, how many it holds, and a line for each one left out."""
    items, notes = lms.items(questions)
    quiz = ET.Element("quiz")
    by_concept: dict[str, list[lms.Item]] = {}
    for item in items:
        by_concept.setdefault(item.question.concept, []).append(item)
    for concept, group in by_concept.items():
        _category(quiz, group[0].category, concept)
        for item in group:
            _question(quiz, item)
    ET.indent(quiz)
    return ET.tostring(quiz, encoding="utf-8", xml_declaration=True) + b"\n", len(items), notes


def write(questions: Sequence[Question], path: str | Path) -> tuple[int, list[str]]:
    """Write the Moodle XML file atomically; return how many questions it holds and what was left out."""
    from lakedrill.writers.files import write_file

    data, count, notes = document(questions)
    write_file(path, data)
    return count, notes
