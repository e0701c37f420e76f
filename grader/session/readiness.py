"""Am I ready? The learner's expected score on a mock exam today, with an interval.

Per concept, the probability of answering a fresh exam variant right: a Beta posterior over the
history's answers to that concept (uniform prior), each answer weighted by its recency (half-life
HALF_LIFE_DAYS), then pulled towards a guess (one of four options) as far as the review model's
forgetting curve (the FSRS card's recall today) says the concept has faded. The blueprint's shares
combine these into an expected score; its interval comes from the posteriors' spread (a normal
approximation, 90%). With too little history the interval is wide, and the estimate says how many
more answers (at least MIN_PER_CONCEPT to each concept) would narrow it to +/-WANTED_HALF_WIDTH
instead of guessing.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

HALF_LIFE_DAYS = 30.0
GUESS = 0.25  # the exam form: single choice, four options
Z90 = 1.645
WANTED_HALF_WIDTH = 0.10
MIN_PER_CONCEPT = 3  # answers to each of the exam's concepts before the estimate speaks of it


@dataclass(frozen=True)
class Answer:
    concept: str
    points: float  # 0..1
    age_days: float


@dataclass(frozen=True)
class ConceptEstimate:
    concept: str
    questions: int  # in the blueprint
    answered: int
    probability: float  # of a fresh variant right, today
    variance: float
    recall: float | None  # the FSRS card's recall today

    def as_json(self) -> dict[str, Any]:
        return {"concept": self.concept, "exam_questions": self.questions, "answered": self.answered,
                "probability": round(self.probability, 3), "recall": None if self.recall is None else
                round(self.recall, 3)}


@dataclass(frozen=True)
class Readiness:
    expected: float  # share of the exam's points
    low: float
    high: float
    pass_mark: float
    concepts: tuple[ConceptEstimate, ...]
    answers_needed: int  # more answers to narrow the interval to +/-WANTED_HALF_WIDTH; 0: enough

    @property
    def holding_back(self) -> list[str]:
        """Concepts below the pass mark, the most points lost first."""
        below = [c for c in self.concepts if c.probability < self.pass_mark]
        return [c.concept for c in sorted(below, key=lambda c: -(self.pass_mark - c.probability) * c.questions)]

    def as_json(self) -> dict[str, Any]:
        return {"expected_score": round(self.expected, 3), "interval_90": [round(self.low, 3), round(self.high, 3)],
                "pass_mark": self.pass_mark, "enough_history": self.answers_needed == 0,
                "answers_needed": self.answers_needed, "holding_back": self.holding_back,
                "concepts": [c.as_json() for c in self.concepts]}


def _posterior(points: Sequence[tuple[float, float]], extra: float = 0.0) -> tuple[float, float, float]:
    """(mean, variance, weight) of the recency-weighted Beta posterior; `extra`: answers to come,
    assumed at the mean, for planning how many are needed."""
    weight = sum(w for _, w in points)
    right = sum(p * w for p, w in points)
    a, b = 1 + right, 1 + weight - right
    mean = a / (a + b)
    n = a + b + extra
    return mean, mean * (1 - mean) / (n + 1), weight


def _today(mean: float, recall: float | None) -> float:
    if recall is None:
        return mean
    return GUESS + max(0.0, mean - GUESS) * recall if mean > GUESS else mean


def estimate(answers: Iterable[Answer], blueprint: Sequence[tuple[str, int]], pass_mark: float,
             recall: Mapping[str, float] | None = None) -> Readiness:
    recall = recall or {}
    by_concept: dict[str, list[tuple[float, float]]] = {}
    counts: dict[str, int] = {}
    for a in answers:
        by_concept.setdefault(a.concept, []).append((a.points, 0.5 ** (max(0.0, a.age_days) / HALF_LIFE_DAYS)))
        counts[a.concept] = counts.get(a.concept, 0) + 1
    total = sum(n for _, n in blueprint) or 1
    concepts = []
    expected = variance = 0.0
    for concept, n in blueprint:
        if not n:
            continue
        mean, var, _ = _posterior(by_concept.get(concept, []))
        kept = recall.get(concept)
        p = _today(mean, kept)
        scale = kept if kept is not None and mean > GUESS else 1.0  # d(today)/d(mean)
        concepts.append(ConceptEstimate(concept, n, counts.get(concept, 0), p, var * scale ** 2, kept))
        expected += n / total * p
        variance += (n / total) ** 2 * var * scale ** 2
    half = Z90 * math.sqrt(variance)
    needed = sum(max(0, MIN_PER_CONCEPT - counts.get(c, 0)) for c, n in blueprint if n)
    if half > WANTED_HALF_WIDTH:
        needed = max(needed, _answers_needed(by_concept, blueprint, total))
    return Readiness(expected, max(0.0, expected - half), min(1.0, expected + half), pass_mark, tuple(concepts),
                     needed)


def _answers_needed(by_concept, blueprint, total: int) -> int:
    """The fewest more answers, spread as the blueprint spreads its questions, that bring the
    interval's half-width to WANTED_HALF_WIDTH."""
    def half_width(more: int) -> float:
        var = sum((n / total) ** 2 * _posterior(by_concept.get(c, []), more * n / total)[1] for c, n in blueprint)
        return Z90 * math.sqrt(var)

    low, high = 0, 1
    while half_width(high) > WANTED_HALF_WIDTH and high < 100_000:
        high *= 2
    while low < high:
        middle = (low + high) // 2
        low, high = (middle + 1, high) if half_width(middle) > WANTED_HALF_WIDTH else (low, middle)
    return max(1, low)


def from_history(history, blueprint, at: datetime) -> Readiness:
    """The estimate for the learner whose history this is, on the blueprint's exam, at `at`."""
    from lakedrill.session.srs import Memory

    answers = [Answer(a.concept, a.points, (at - datetime.fromisoformat(a.answered_at)).total_seconds() / 86400)
               for a in history.answers()]
    recall = {row.name: row.recall_now for row in Memory(history).rows(at) if row.kind == "concept"}
    return estimate(answers, blueprint.concepts, blueprint.pass_mark, recall)


def readiness_lines(data: dict[str, Any]) -> list[str]:
    """The estimate as `stats` prints it."""
    low, high = data["interval_90"]
    lines = [f"Mock exam today: about {data['expected_score']:.0%} (90% interval {low:.0%}–{high:.0%}); the pass "
             f"mark is {data['pass_mark']:.0%}"]
    if not data["enough_history"]:
        lines.append(f"  Too little history to say more: about {data['answers_needed']} more answers, spread over "
                     "the exam's concepts (lakedrill quiz --exam), would narrow it to ±10 points")
    elif high < data["pass_mark"] or data["expected_score"] < data["pass_mark"]:
        lines.append("  Holding you below the pass mark: " + ", ".join(data["holding_back"][:4]))
    elif low >= data["pass_mark"]:
        lines.append("  Likely a pass.")
    if data["holding_back"] and data["enough_history"]:
        lines.append(f"  Drill first: lakedrill quiz --concept {data['holding_back'][0]}")
    return lines
