"""Parsing a learner's answer, then grading it, as two separate steps.

parse() never raises for bad input: it returns a ParseError with a message, and the caller asks
again; a parse error costs no attempt. grade() scores a parsed Response and names the
misconception a wrong answer reveals.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Any

from lakedrill.engine.misconceptions import MISCONCEPTIONS
from lakedrill.variants.question import LETTERS, Question

_SPLIT = re.compile(r"[\s,;]+|->|→")
_TIE = re.compile(r"\s*(?:\+|&|\band\b)\s*", re.IGNORECASE)  # joins tasks that come together
_TOGETHER = re.compile(r"\(?\btogether\b\)?", re.IGNORECASE)  # the key's own words: "b and c (together)"


@dataclass(frozen=True)
class Response:
    kind: str
    value: Any  # single/true_false: option index; multi: frozenset of indexes; numeric: float;
    #             set: frozenset of names; order: tuple of names
    text: str
    together: tuple[frozenset[str], ...] = ()  # order: the groups typed as ties ("b and c", "b + c")


@dataclass(frozen=True)
class ParseError:
    message: str

    def __bool__(self) -> bool:  # a ParseError is never a usable answer
        return False


@dataclass(frozen=True)
class Score:
    points: float
    max_points: float
    correct: bool
    feedback: str
    misconception: str | None = None  # the belief the answer reveals, if one predicts it


def parse(question: Question, text: str) -> Response | ParseError:
    raw = (text or "").strip()
    if not raw:
        if question.kind == "numeric":
            return ParseError(number_hint(question))
        return ParseError("type an answer" + _hint(question))
    kind = question.kind
    if kind in ("single", "true_false"):
        return _parse_one(question, raw)
    if kind == "multi":
        return _parse_many(question, raw)
    if kind == "numeric":
        return _parse_number(question, raw)
    together: list[list[str]] = []
    if kind == "order":  # "a, b and c, d" or "a, b + c, d": b and c come together
        steps = [step for step in _SPLIT.split(_TIE.sub("+", _TOGETHER.sub(" ", raw))) if step]
        together = [[n for n in step.split("+") if n] for step in steps]
        names = [n for group in together for n in group]
    else:
        names = [n for n in _SPLIT.split(raw) if n]
    by_lower = {name.lower(): name for name in question.universe}
    unknown = [n for n in names if n.lower() not in by_lower]
    if unknown:
        return ParseError(f"not a task of this job: {', '.join(unknown)} (tasks: {', '.join(question.universe)})")
    canonical = [by_lower[n.lower()] for n in names]
    if kind == "set":
        return Response(kind, frozenset(canonical), raw)
    if len(set(canonical)) != len(canonical):
        return ParseError("name each task once")
    ties = tuple(frozenset(by_lower[n.lower()] for n in group) for group in together if len(group) > 1)
    return Response(kind, tuple(canonical), raw, ties)


def _hint(question: Question) -> str:
    if question.options:
        labels = LETTERS[: len(question.options)]
        if question.kind == "multi":
            return f": the letters of every right option, e.g. {labels[0]}, {labels[-1]}"
        return f": one of {', '.join(labels)}"
    if question.kind == "numeric":
        return ". " + number_hint(question)
    return ": task names separated by commas"


NUMBER_EXAMPLES = {"seconds": "240", "minutes": "15", "dollars": "3.80", "task-seconds": "600"}


def number_hint(question: Question) -> str:
    """How to type a number: `Type a number, such as 240 (seconds)` (never the key)."""
    example = NUMBER_EXAMPLES.get(question.unit, "3")
    try:
        if math.isclose(float(example), float(question.key)):  # an example must not give the answer away
            example = "12" if example != "12" else "30"
    except (TypeError, ValueError):
        pass
    return f"Type a number, such as {example}" + (f" ({question.unit})" if question.unit else "")


def _label_index(question: Question, token: str) -> int | None:
    token = token.strip().rstrip(".)").lower()
    count = len(question.options)
    if question.kind == "true_false":
        if token in ("t", "true", "yes", "y"):
            return 0
        if token in ("f", "false", "no", "n"):
            return 1
    if len(token) == 1 and token.isascii() and token.isalpha():
        index = ord(token) - ord("a")
        return index if 0 <= index < count else None
    if token.isascii() and token.isdigit():  # not "²": str.isdigit takes it, int() does not
        index = int(token) - 1
        return index if 0 <= index < count else None
    for i, option in enumerate(question.options):
        if option.text.strip().lower() == token:
            return i
    return None


def _parse_one(question: Question, raw: str) -> Response | ParseError:
    index = _label_index(question, raw)
    if index is None:
        return ParseError(f"'{raw}' is not an option" + _hint(question))
    return Response(question.kind, index, raw)


def _parse_many(question: Question, raw: str) -> Response | ParseError:
    tokens = [t for t in _SPLIT.split(raw) if t]
    if len(tokens) == 1 and len(tokens[0]) > 1 and tokens[0].isalpha():
        tokens = list(tokens[0])  # "AC"
    indexes = []
    for token in tokens:
        index = _label_index(question, token)
        if index is None:
            return ParseError(f"'{token}' is not an option" + _hint(question))
        indexes.append(index)
    return Response("multi", frozenset(indexes), raw)


# A number as a learner types it: 330, 330 s, 3.80 or $3.80 (a cost is shown in dollars).
_NUMBER = re.compile(r"^\s*\$?\s*([+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?)\s*(s|sec|secs|seconds?)?\s*$", re.ASCII)


def _parse_number(question: Question, raw: str) -> Response | ParseError:
    match = _NUMBER.match(raw.replace("_", ""))
    if not match:
        return ParseError(number_hint(question))
    return Response("numeric", float(match.group(1)), raw)


# ----------------------------------------------------------------------------- grading


def grade(question: Question, response: Response, scheme: str | None = None) -> Score:
    kind = question.kind
    if kind in ("single", "true_false"):
        option = question.options[response.value]
        if option.correct:
            return Score(1, 1, True, "Right.")
        return _wrong(question, 0, option.misconceptions)
    if kind == "multi":
        return _grade_multi(question, response, scheme or question.scheme)
    if kind == "numeric":
        key = float(question.key)
        tol_abs, tol_rel = question.tolerance
        if math.isclose(response.value, key, abs_tol=tol_abs, rel_tol=tol_rel):
            return Score(1, 1, True, "Right.")
        return _wrong(question, 0, _beliefs_matching(question, lambda v: isinstance(v, int | float) and math.isclose(
            response.value, float(v), abs_tol=tol_abs, rel_tol=tol_rel)))
    if kind == "set":
        key = set(question.key)
        chosen = set(response.value)
        if chosen == key:
            return Score(1, 1, True, "Right.")
        hits, misses = len(chosen & key), len(chosen - key)
        points = max(0.0, (hits - misses) / len(key)) if key else 0.0
        return _wrong(question, points, _beliefs_matching(question, lambda v: set(v) == chosen))
    # order
    key = question.key
    sequence = list(response.value)

    def right_under(order) -> bool:  # typed ties must be ties of that order
        return order.is_right(sequence) and all(order.allows_together(g) for g in response.together)

    if right_under(key):
        return Score(1, 1, True, "Right.")
    points = _order_prefix(key, sequence, response.together) / len(key.items) if key.items else 0.0
    return _wrong(question, points, _beliefs_matching(question, right_under))


def _order_prefix(key, sequence: list[str], together: tuple[frozenset[str], ...]) -> int:
    """The right leading part of an order, cut before the first tie that is not one."""
    prefix = key.valid_prefix(sequence)
    for group in together:
        if not key.allows_together(group):
            prefix = min(prefix, min(sequence.index(n) for n in group))
    return prefix


def _grade_multi(question: Question, response: Response, scheme: str) -> Score:
    right = {i for i, o in enumerate(question.options) if o.correct}
    chosen = set(response.value)
    if chosen == right:
        return Score(1, 1, True, "Right.")
    if scheme == "all_or_nothing" or not right:
        points = 0.0
    else:
        points = max(0.0, (len(chosen & right) - len(chosen - right)) / len(right))
    revealed: list[str] = []
    for i in chosen ^ right:
        revealed += [m for m in question.options[i].misconceptions if m not in revealed]
    return _wrong(question, points, tuple(revealed))


def _beliefs_matching(question: Question, matches) -> tuple[str, ...]:
    found = []
    for belief in question.beliefs:
        try:
            if matches(belief.value):
                found.append(belief.misconception)
        except (TypeError, ValueError, AttributeError):
            continue
    return tuple(found)


def _wrong(question: Question, points: float, misconceptions: tuple[str, ...]) -> Score:
    feedback = f"Not quite. The answer is {question.key_text}."
    named = None
    if misconceptions:
        named = misconceptions[0]
        m = MISCONCEPTIONS[named]
        feedback += f" Your answer is what the belief \"{m.belief}\" predicts — {m.correction}"
    return Score(round(points, 4), 1, False, feedback, named)
