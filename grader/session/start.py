"""What a quiz asks before its first question: the questions of a practice, review or mock exam.

The command line only parses options; this picks the questions (a review from the learner's due
cards, never a variant already answered) and says why there is nothing to ask.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date

from lakedrill.errors import InputError
from lakedrill.session.history import History, now_utc
from lakedrill.templates.spec import Template


def quiz_questions(templates: Sequence[Template], history: History, *, mode: str, seed: int, count: int,
                   concepts: Sequence[str] = (), user_job=None, blueprint=None, exam_date: date | None = None,
                   form: str = "practice", on_skip: Callable[[str], None] = lambda line: None) -> Sequence | None:
    """The questions of a quiz (made as they are asked), or None when a review finds nothing due."""
    from lakedrill.variants.selection import SPARES, LazyQuestions, for_review, mock_exam, spread

    if mode == "exam":
        questions = mock_exam(templates, seed, blueprint, count, user_job=user_job, on_skip=on_skip)
        picks, spares = questions, []
    elif mode == "review":
        from lakedrill.session.srs import Memory

        due = Memory(history).due(now_utc(), exam_date)
        if not due:
            return None
        picks = for_review(templates, [row.key for row in due], count, seed, history.seen())
        spares = spread(templates, SPARES, seed, exclude=history.seen())
    else:
        everything = spread(templates, count + SPARES, seed, concepts=concepts)
        picks, spares = everything[:count], everything[count:]
    if not picks:
        raise InputError("no template fits" + (" your job" if user_job is not None else " these concepts"))
    if mode == "exam":
        return questions
    return LazyQuestions(picks, spares, user_job, on_skip=on_skip, form=form)


def nothing_due(history: History) -> str:
    """What a review with nothing due says: when the next card is due, or how to make cards."""
    from lakedrill.session.srs import Memory

    cards = Memory(history).rows(now_utc())
    if not cards:
        return "Nothing to review yet: answer some questions with `lakedrill quiz` first."
    return f"Nothing is due. Next: {cards[0].key} on {cards[0].due:%Y-%m-%d %H:%M} UTC."


def banner(mode: str, questions: int, seed: int, again: str) -> str:
    """The line a quiz opens with: what it is, and `again`, the command that repeats it (with every
    option that shaped it: session/replay.py)."""
    from rich.markup import escape

    from lakedrill.engine.words import plural

    return (f"[dim]{mode.capitalize()} of {plural(questions, 'question')} · seed {seed} ({escape(again)} repeats "
            "it) · answers are saved as you go[/dim]")
