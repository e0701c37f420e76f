"""The Question: the one representation every writer reads (terminal, PDF, Markdown, Anki, JSON).

A Question knows nothing of templates or Jinja: it is text, options, the key, the explanation,
the job (for diagrams) and the trace (for the why).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from lakedrill.engine import Job, TraceStep
from lakedrill.engine.export import trace_step_as_dict
from lakedrill.engine.words import quantity
from lakedrill.variants.views import OrderKey, levels

LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"


@dataclass(frozen=True)
class Option:
    """An answer option: its text, whether it is right, and the beliefs that predict it."""

    text: str
    correct: bool
    misconceptions: tuple[str, ...] = ()  # the beliefs that predict this option (wrong ones only)
    value: Any = None  # what the option stands for (a state, a number, a task), JSON-ready


@dataclass(frozen=True)
class Belief:
    """What a named misconception predicts for this variant, when it differs from the key."""

    misconception: str
    value: Any
    text: str


@dataclass(frozen=True)
class Question:
    """A generated question: what every writer (terminal, PDF, HTML, Markdown, Anki, JSON) reads."""

    id: str  # template id @ seed
    template_id: str
    source: str  # file:line of the template
    seed: int
    concept: str
    objective: str
    difficulty: int
    kind: str  # single, multi, true_false, numeric, set, order
    stem: str
    options: tuple[Option, ...]  # single, multi and true_false; empty otherwise
    key: Any  # the right answer's value: see `key_text`
    explanation: str
    rules: tuple[str, ...]  # the rulebook ids the key rests on
    beliefs: tuple[Belief, ...]
    assumes: tuple[str, ...]  # assumed rules the stem states
    job: Job | None
    trace: tuple[TraceStep, ...]
    universe: tuple[str, ...] = ()  # names a set/order answer may use
    tolerance: tuple[float, float] = (0.0, 0.0)  # numeric: absolute, relative
    unit: str = ""
    scheme: str = "partial"  # multi: all_or_nothing or partial
    form: str = "practice"  # practice, or exam: the exam's own form (single choice, 4-5 options)

    @property
    def correct_labels(self) -> tuple[str, ...]:
        return tuple(LETTERS[i] for i, o in enumerate(self.options) if o.correct)

    @property
    def key_text(self) -> str:
        """The key as a person reads it."""
        if self.options:
            return ", ".join(f"{LETTERS[i]}. {o.text}" for i, o in enumerate(self.options) if o.correct)
        if self.kind == "numeric":
            return quantity(self.key, self.unit)  # 1 email, 2 emails, $3.80
        if self.kind == "order":  # ties shown: `a` → `b` and `c` (together) → `d`
            return " → ".join(" and ".join(group) + (" (together)" if len(group) > 1 else "")
                              for group in self.key.levels())
        if self.kind == "set":
            return ", ".join(self.key) if self.key else "(none)"
        return str(self.key)


def _plain(value: Any) -> Any:
    if isinstance(value, OrderKey):
        return value.as_dict()
    if isinstance(value, tuple | list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, str | int | float | bool) or value is None:
        return value
    return str(value)


def question_as_dict(question: Question) -> dict[str, Any]:
    """The Question as JSON-ready data (`lakedrill show --json`, `lakedrill export json`)."""
    from lakedrill.engine.export import job_as_dict

    return {
        "id": question.id,
        "template_id": question.template_id,
        "source": question.source,
        "seed": question.seed,
        "concept": question.concept,
        "objective": question.objective,
        "difficulty": question.difficulty,
        "kind": question.kind,
        "stem": question.stem,
        "options": [{"label": LETTERS[i], "text": o.text, "correct": o.correct,
                     "misconceptions": list(o.misconceptions), "value": _plain(o.value)}
                    for i, o in enumerate(question.options)],
        "key": _plain(question.key),
        "key_text": question.key_text,
        "explanation": question.explanation,
        "rules": list(question.rules),
        "beliefs": [{"misconception": b.misconception, "value": _plain(b.value), "text": b.text}
                    for b in question.beliefs],
        "assumes": list(question.assumes),
        "universe": list(question.universe),
        "tolerance": {"abs": question.tolerance[0], "rel": question.tolerance[1]},
        "unit": question.unit,
        "scheme": question.scheme,
        "form": question.form,
        "job": None if question.job is None else job_as_dict(question.job),
        "trace": [trace_step_as_dict(s) for s in question.trace],
    }
