"""Spaced repetition with FSRS (the scheduler Anki uses), behind a small adapter.

One card per concept the learner has practised, and one per misconception an answer revealed.
A review draws a fresh variant of a template of that concept (or one whose wrong options come from
that misconception). An exam date pulls forward what would be forgotten by that day.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timezone

from lakedrill.session.history import History

DESIRED_RETENTION = 0.9


def _scheduler():
    from fsrs import Scheduler

    # No fuzzing: the same answers give the same schedule (tests, and a learner comparing notes).
    return Scheduler(desired_retention=DESIRED_RETENTION, enable_fuzzing=False)


def concept_key(concept: str) -> str:
    return f"concept:{concept}"


def misconception_key(misconception: str) -> str:
    return f"misconception:{misconception}"


def rating_for(points: float):
    """Full marks: Good; at least half: Hard; less: Again."""
    from fsrs import Rating

    if points >= 1:
        return Rating.Good
    return Rating.Hard if points >= 0.5 else Rating.Again


@dataclass(frozen=True)
class PlanRow:
    key: str
    kind: str  # concept or misconception
    name: str
    due: datetime
    recall_now: float
    recall_at_exam: float | None
    reviews: int

    @property
    def due_now(self) -> bool:
        return self.due <= datetime.now(timezone.utc)


class Memory:
    """The learner's cards, read from and saved to the history."""

    def __init__(self, history: History):
        self.history = history
        self._scheduler = _scheduler()

    def _card(self, key: str):
        from fsrs import Card

        stored = self.history.cards().get(key)
        card = _card_from(stored) if stored else None
        return card or Card()

    def review(self, key: str, points: float, at: datetime) -> datetime:
        """Record one answer on `key`'s card; returns when it is next due."""
        card, _ = self._scheduler.review_card(self._card(key), rating_for(points), at)
        self.history.save_card(key, card.to_dict(), at)
        return card.due

    def rows(self, at: datetime, exam_date: date | None = None) -> list[PlanRow]:
        from fsrs import Card

        reviews: dict[str, int] = {}
        for answer in self.history.answers():
            reviews[concept_key(answer.concept)] = reviews.get(concept_key(answer.concept), 0) + 1
            if answer.misconception:
                key = misconception_key(answer.misconception)
                reviews[key] = reviews.get(key, 0) + 1
        exam_moment = datetime.combine(exam_date, time(9, 0), timezone.utc) if exam_date else None
        rows = []
        for key, stored in self.history.cards().items():
            card = _card_from(stored)
            if card is None:
                continue
            kind, name = key.split(":", 1)
            rows.append(PlanRow(
                key=key, kind=kind, name=name, due=card.due,
                recall_now=self._scheduler.get_card_retrievability(card, at),
                recall_at_exam=None if exam_moment is None else self._scheduler.get_card_retrievability(card, exam_moment),
                reviews=reviews.get(key, 0)))
        return sorted(rows, key=lambda r: (r.due, r.key))

    def due(self, at: datetime, exam_date: date | None = None) -> list[PlanRow]:
        """What to review now: cards due, and — with an exam date — cards that would fall below the
        desired recall by that day, weakest first."""
        rows = self.rows(at, exam_date)
        chosen = [r for r in rows if r.due <= at]
        if exam_date is not None:
            at_risk = [r for r in rows if r not in chosen and (r.recall_at_exam or 0) < DESIRED_RETENTION]
            chosen += sorted(at_risk, key=lambda r: r.recall_at_exam or 0)
        return chosen


def _card_from(stored: dict):
    """An FSRS card from its stored dict, or None (with a warning) when the dict is not one."""
    from fsrs import Card

    try:
        return Card.from_dict(stored)
    except (KeyError, TypeError, ValueError):
        from lakedrill.session.history import _warn

        _warn(f"a review card in the history is damaged ({str(stored)[:60]}); it is skipped")
        return None
