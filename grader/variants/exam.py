"""The exam form of a question: one stem, four options (five at most), exactly one right.

The Databricks Data Engineer exams ask single-answer multiple-choice questions only. Every
practice kind turns into that form here, from the practice Question alone:

- numeric: the key and the values named misconceptions predict, topped up with plausible values
  of the same unit and size (any value but the key is wrong under every reading, since a key
  never rests on an open rule);
- set, order, multi: each option is a whole answer, the wrong ones from misconceptions first;
- true/false: "which statement is true?" over parallel claims the template gives (`exam.claims`),
  built in lakedrill.variants.generate where the claims are evaluated.
Each wrong option keeps the beliefs that predict it, so feedback still names the misconception.
"""

from __future__ import annotations

import math
import random
import re
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from lakedrill.variants.question import Belief, Option, Question
from lakedrill.variants.views import OrderKey, levels

OPTIONS = 4  # the exam's four options; a template's own single form may have five

# The practice stems end with an instruction for the richer answer forms; the exam form asks instead.
def _words(text: str) -> str:
    return r"\s+".join(re.escape(word) for word in text.split())


_INSTRUCTIONS = re.compile(r"\s*(" + "|".join(_words(t) for t in (
    "Select all that apply.", "List their names, separated by commas.",
    "List the tasks in the order they **start**. Tasks that start at the same moment may be listed in any "
    "order among themselves.")) + r")\s*$")
ASK = {
    "multi": "Which option lists all of them, and nothing else?",
    "set": "Which option names all of them, and no other task?",
    "order": "In which order do the tasks start? (Tasks joined by \"and\" start at the same moment.)",
}


class NoExamForm(Exception):
    """This variant cannot be asked in the exam's form (too few distinct wrong answers)."""


def strip_instruction(stem: str) -> str:
    """The stem without its closing instruction for a richer answer form."""
    return _INSTRUCTIONS.sub("", stem)


def exam_stem(question: Question) -> str:
    stem = question.stem
    ask = ASK.get(question.kind)
    if ask is None:
        return stem
    return f"{strip_instruction(stem)}\n\n{ask}"


def exam_form(question: Question, rng: random.Random, options: int = OPTIONS) -> Question:
    """The question as the exam asks it. A single-choice question is already in that form."""
    kind = question.kind
    if kind == "single":
        if not 4 <= len(question.options) <= 5:
            raise NoExamForm(f"{len(question.options)} options; the exam form needs 4 or 5")
        return replace(question, form="exam")
    if kind == "numeric":
        wrong = _numeric_wrong(question, rng, options - 1)
        key_value, key_text = question.key, number_text(question.key, question.unit)
    elif kind == "set":
        wrong = _set_wrong(question, rng, options - 1)
        key_value, key_text = list(question.key), set_text(question.key, question.universe)
    elif kind == "order":
        wrong = _order_wrong(question, rng, options - 1)
        key_value, key_text = question.key.one_right_order(), order_text(question.key)
    elif kind == "multi":
        wrong = _multi_wrong(question, rng, options - 1)
        right = [o.value for o in question.options if o.correct]
        key_value, key_text = right, multi_text(question, right)
    else:
        raise NoExamForm(f"a {kind} question needs exam claims in its template (exam.claims)")
    chosen = wrong + [Option(key_text, True, (), key_value)]
    if len({o.text for o in chosen}) != len(chosen):
        raise NoExamForm("two options read the same")
    rng.shuffle(chosen)
    return replace(question, kind="single", form="exam", stem=exam_stem(question), options=tuple(chosen),
                   key=key_value, universe=(), tolerance=(0.0, 0.0))


# ------------------------------------------------------------------ option texts


def number_text(value: float, unit: str) -> str:
    if unit in ("dollars", "dollar"):
        return f"${value:,.2f}"
    if unit and value == 1 and unit.endswith("s") and not unit.endswith("ss"):
        unit = unit[:-1]  # 1 email, 1 minute
    return f"{value:g}" + (f" {unit}" if unit else "")


def set_text(items: Sequence[str], universe: Sequence[str] = ()) -> str:
    if not items:
        return "none of them"
    order = {name: i for i, name in enumerate(universe)}
    names = sorted(items, key=lambda x: (order.get(x, len(order)), x))
    return _join([f"`{n}`" for n in names])


def _join(parts: Sequence[str]) -> str:
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


def order_text(key: OrderKey) -> str:
    """An order with its ties shown: `a` → `b` and `c` together → `d`."""
    return " → ".join(_join([f"`{k}`" for k in group]) for group in levels(key))


def _order_from_levels(groups: Sequence[Sequence[str]]) -> OrderKey:
    before = {(a, b) for g, later in zip(groups, groups[1:]) for a in g for b in later}  # the rest follow
    return OrderKey(tuple(x for g in groups for x in g), frozenset(before))


def multi_text(question: Question, values: Sequence[Any]) -> str:
    texts = [o.text for o in question.options if o.value in values]
    if not texts:
        return "none of them"
    return "; ".join(texts)


# ------------------------------------------------------------------ wrong options


def _believers(question: Question, same) -> tuple[str, ...]:
    return tuple(b.misconception for b in question.beliefs if same(b.value))


def _numeric_wrong(question: Question, rng: random.Random, count: int) -> list[Option]:
    key = float(question.key)
    abs_tol, rel_tol = question.tolerance

    def close(a: float, b: float) -> bool:
        return math.isclose(a, b, abs_tol=max(abs_tol, 1e-9), rel_tol=rel_tol)

    taken = [key]
    wrong: list[Option] = []
    for belief in question.beliefs:
        value = belief.value
        if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
            continue
        if any(close(float(value), t) for t in taken):
            for option in wrong:  # another belief predicting the same value shares its option
                if close(float(option.value), float(value)):
                    wrong[wrong.index(option)] = replace(option, misconceptions=option.misconceptions
                                                         + (belief.misconception,))
            continue
        taken.append(float(value))
        wrong.append(Option(number_text(value, question.unit), False, (belief.misconception,), value))
        if len(wrong) == count:
            return wrong
    fillers = [v for v in plausible_numbers(question.key, question.unit, rng)
               if not any(close(float(v), t) for t in taken)]
    key_length = len(number_text(question.key, question.unit))
    # The key must not stand out as the longest: where the beliefs are all shorter, a filler as long
    # as the key or longer comes first, in about half the variants.
    if all(len(o.text) < key_length for o in wrong) and rng.random() < 0.5:
        fillers.sort(key=lambda v: len(number_text(v, question.unit)) < key_length)
    for value in fillers:
        if any(close(float(value), t) for t in taken):
            continue
        taken.append(float(value))
        wrong.append(Option(number_text(value, question.unit), False, (), value))
        if len(wrong) == count:
            return wrong
    raise NoExamForm("too few plausible wrong numbers")


def plausible_numbers(key: float, unit: str, rng: random.Random) -> list[float]:
    """Values of the key's unit and size, on both sides of it, in a shuffled order."""
    money = unit in ("dollars", "dollar")
    whole = not money and float(key).is_integer()
    if money:
        step = max(0.05, round(abs(key) * 0.25, 2))
    elif unit in ("seconds", "task-seconds") and key >= 60:
        step = 60 if key % 60 == 0 else 30 if key % 30 == 0 else 10
    elif whole and key >= 10:
        step = max(1, int(10 ** math.floor(math.log10(key)) // 2))
    else:
        step = 1
    raw = [key + step, key - step, key + 2 * step, key - 2 * step, key * 2, key / 2 if key else 3,
           key + 3 * step, key - 3 * step]
    if key < 0:  # -1 as "without limit": the other settings people write
        raw += [0, 1, 3, 5, 10, 100]
    out = []
    for value in raw:
        if value < 0:
            continue
        value = round(value, 2) if money else (round(value) if whole else round(value, 2))
        if value not in out and value != key:
            out.append(value)
    rng.shuffle(out)
    return out


def _set_wrong(question: Question, rng: random.Random, count: int) -> list[Option]:
    key = frozenset(question.key)
    taken = {key}
    wrong: list[Option] = []
    for belief in question.beliefs:
        value = frozenset(belief.value) if isinstance(belief.value, list | tuple) else None
        if value is None or value in taken:
            continue
        taken.add(value)
        wrong.append(Option(set_text(sorted(value), question.universe), False,
                            _believers(question, lambda v, s=value: isinstance(v, list | tuple) and frozenset(v) == s),
                            sorted(value)))
        if len(wrong) == count:
            return wrong
    universe = list(question.universe) or sorted(key)
    candidates = [key ^ {item} for item in universe]
    candidates += [(key - {a}) | {b} for a in sorted(key) for b in universe if b not in key]
    rng.shuffle(candidates)
    for value in candidates:
        if value in taken:
            continue
        taken.add(value)
        wrong.append(Option(set_text(sorted(value), question.universe), False, (), sorted(value)))
        if len(wrong) == count:
            return wrong
    raise NoExamForm("too few other sets of tasks")


def _order_wrong(question: Question, rng: random.Random, count: int) -> list[Option]:
    key: OrderKey = question.key
    key_levels = levels(key)
    taken = {order_text(key)}
    wrong: list[Option] = []
    for belief in question.beliefs:
        value = belief.value
        if not isinstance(value, OrderKey):
            continue
        text = order_text(value)
        if text in taken or _same_order(value, key):
            continue
        taken.add(text)
        wrong.append(Option(text, False, (belief.misconception,), value.one_right_order()))
        if len(wrong) == count:
            return wrong
    candidates = []
    for i in range(len(key_levels) - 1):  # swap two neighbouring groups
        groups = [list(g) for g in key_levels]
        groups[i], groups[i + 1] = groups[i + 1], groups[i]
        candidates.append(groups)
    for i in range(len(key_levels) - 1):  # merge two neighbouring groups: "they start together"
        groups = [list(g) for g in key_levels]
        candidates.append(groups[:i] + [groups[i] + groups[i + 1]] + groups[i + 2:])
    for i, group in enumerate(key_levels):  # split a group: one of them starts first
        if len(group) > 1:
            groups = [list(g) for g in key_levels]
            candidates.append(groups[:i] + [[group[0]], group[1:]] + groups[i + 1:])
    rng.shuffle(candidates)
    for groups in candidates:
        value = _order_from_levels(groups)
        text = order_text(value)
        if text in taken or _same_order(value, key):
            continue
        taken.add(text)
        wrong.append(Option(text, False, (), value.one_right_order()))
        if len(wrong) == count:
            return wrong
    raise NoExamForm("too few other orders")


def _same_order(a: OrderKey, b: OrderKey) -> bool:
    return [sorted(g) for g in levels(a)] == [sorted(g) for g in levels(b)]


def _multi_wrong(question: Question, rng: random.Random, count: int) -> list[Option]:
    right = frozenset(i for i, o in enumerate(question.options) if o.correct)
    values = [o.value for o in question.options]
    taken = {right}
    wrong: list[Option] = []
    for belief in question.beliefs:
        if not isinstance(belief.value, list | tuple):
            continue
        chosen = frozenset(i for i, v in enumerate(values) if v in belief.value)
        if chosen in taken or not chosen:
            continue
        taken.add(chosen)
        picked = [values[i] for i in sorted(chosen)]
        wrong.append(Option(multi_text(question, picked), False, (belief.misconception,), picked))
        if len(wrong) == count:
            return wrong
    candidates = [right ^ {i} for i in range(len(values))]
    rng.shuffle(candidates)
    for chosen in candidates:
        if chosen in taken or not chosen:
            continue
        taken.add(chosen)
        picked = [values[i] for i in sorted(chosen)]
        wrong.append(Option(multi_text(question, picked), False, (), picked))
        if len(wrong) == count:
            return wrong
    raise NoExamForm("too few other combinations")


def claims_form(question: Question, claims: Sequence[tuple[str, bool, tuple[str, ...]]], ask: str,
                rng: random.Random, options: int = OPTIONS) -> Question:
    """A true/false question as "which statement is true?": one true claim and wrong ones, those
    a belief makes true first. `claims` are (text, truth, the beliefs under which it is true)."""
    true = [c for c in claims if c[1]]
    false = [c for c in claims if not c[1]]
    if not true or len(false) < options - 1:
        raise NoExamForm(f"{len(true)} true and {len(false)} false claims; one true and {options - 1} false "
                         "are needed")
    key = rng.choice(true)
    believed = [c for c in false if c[2]]
    rest = [c for c in false if not c[2]]
    rng.shuffle(believed)
    rng.shuffle(rest)
    picked = (believed + rest)[: options - 1]
    chosen = [Option(text, False, beliefs, text) for text, _, beliefs in picked] + [Option(key[0], True, (), key[0])]
    if len({o.text for o in chosen}) != len(chosen):
        raise NoExamForm("two claims read the same")
    rng.shuffle(chosen)
    stem = re.sub(r"\s*True or false:.*\Z", "", question.stem, flags=re.S).strip()
    beliefs = tuple(Belief(m, text, text) for text, _, ms in picked for m in ms)
    return replace(question, kind="single", form="exam", stem=f"{stem}\n\n{ask}" if stem else ask,
                   options=tuple(chosen),
                   key=key[0], beliefs=beliefs)
