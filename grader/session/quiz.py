"""A quiz session: questions, the answers given, and the score — without any terminal.

Each answer is parsed (a parse error costs nothing), graded, and committed to the history at
once. Practice and review answers also move the learner's FSRS cards; an exam's move them when
the exam ends, since an exam answer can still change.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING
from dataclasses import dataclass, field
from datetime import datetime

from lakedrill.session.history import History, now_utc
from lakedrill.variants.question import Question

if TYPE_CHECKING:  # grading and srs load when the first answer comes, not before the first question
    from lakedrill.variants.grading import ParseError, Score
    from lakedrill.session.srs import Memory

PASS_MARK = 0.70


@dataclass(frozen=True)
class Answered:
    """A question answered in a session, with its score and the time taken."""

    question: Question
    response: str
    score: Score
    seconds: float


@dataclass(frozen=True)
class Summary:
    """A session's score: overall, per concept, and the beliefs its wrong answers showed."""

    answered: int
    total: int
    points: float
    max_points: float
    seconds: float
    by_concept: dict[str, tuple[float, int]]  # concept -> (points, questions answered)
    misconceptions: dict[str, int]  # belief -> times an answer revealed it
    drill_next: list[str]  # concepts to practise next, weakest first

    @property
    def percent(self) -> float:
        return 0.0 if not self.max_points else 100 * self.points / self.max_points


@dataclass
class QuizSession:
    """A quiz in progress: its questions, the answers so far, and where they are recorded."""

    questions: Sequence[Question]
    history: History | None = None
    mode: str = "practice"  # practice, review, exam
    seed: int | None = None
    minutes: float | None = None  # a mock exam's time limit
    clock: Callable[[], float] = time.monotonic
    now: Callable[[], datetime] = now_utc
    answers: dict[int, Answered] = field(default_factory=dict)
    session_id: int | None = None
    started: float = 0.0

    def __post_init__(self) -> None:
        self.started = self.clock()
        # The session's row is written with its first answer: a durable commit costs a disk flush,
        # which the first question should not wait for, and a quiz left unanswered records nothing.
        self.started_at = self.now()
        self._memory: Memory | None = None

    @property
    def memory(self) -> Memory | None:
        """The learner's FSRS cards, loaded at the first answer (not before the first question)."""
        if self._memory is None and self.history is not None:
            from lakedrill.session.srs import Memory

            self._memory = Memory(self.history)
        return self._memory

    def submit(self, index: int, text: str, seconds: float) -> Score | ParseError:
        """Parse and grade the answer to question `index`; a parse error is returned, not recorded."""
        from lakedrill.variants.grading import ParseError, grade, parse

        question = self.questions[index]
        response = parse(question, text)
        if isinstance(response, ParseError):
            return response
        score = grade(question, response)
        self.answers[index] = Answered(question, text.strip(), score, seconds)
        if self.history is not None:
            if self.session_id is None:
                self.session_id = self.history.start_session(self.mode, self.seed, len(self.questions),
                                                             self.started_at, self.minutes)
            self.history.record_answer(
                self.session_id, index + 1, template_id=question.template_id, seed=question.seed,
                concept=question.concept, kind=question.kind, response=text.strip(), correct=score.correct,
                points=score.points, misconception=score.misconception, seconds=round(seconds, 3), at=self.now())
            if self.mode != "exam":
                self._review(question, score)
        return score

    def _review(self, question: Question, score: Score) -> None:
        if self.memory is None:
            return
        at = self.now()
        from lakedrill.session.srs import concept_key, misconception_key

        self.memory.review(concept_key(question.concept), score.points, at)
        if score.misconception:
            self.memory.review(misconception_key(score.misconception), 0.0, at)

    def finish(self, stopped: str | None = None) -> Summary:
        """End the session (stopped: why it ended early) and move the cards of an exam's answers."""
        if self.mode == "exam":
            for answered in self.answers.values():
                self._review(answered.question, answered.score)
        if self.history is not None and self.session_id is not None:
            self.history.finish_session(self.session_id, stopped, self.now())
        return self.summary()

    def next_review(self) -> datetime | None:
        """When the learner's next review falls due (the earliest card), or None without cards."""
        if self.memory is None:
            return None
        rows = self.memory.rows(self.now())
        return min((r.due for r in rows), default=None)

    def summary(self) -> Summary:
        by_concept: dict[str, list[float]] = {}
        for answered in self.answers.values():
            by_concept.setdefault(answered.question.concept, []).append(answered.score.points)
        misconceptions = Counter(a.score.misconception for a in self.answers.values() if a.score.misconception)
        weakest = sorted(((sum(p) / len(p), c) for c, p in by_concept.items() if sum(p) < len(p)))
        points = sum(a.score.points for a in self.answers.values())
        return Summary(
            answered=len(self.answers), total=len(self.questions), points=points,
            max_points=float(len(self.questions)), seconds=self.clock() - self.started,
            by_concept={c: (sum(p), len(p)) for c, p in sorted(by_concept.items())},
            misconceptions=dict(misconceptions.most_common()), drill_next=[c for _, c in weakest])
