"""The quiz in a terminal: practice (feedback after each answer) and the mock exam (a countdown,
flags, no feedback until the end). Each answer is saved the moment it is given; stopping early
keeps every one of them.

Exit codes: 0 finished (or `quit`), 130 interrupted (Ctrl-C, end of input, a closed terminal).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

from rich.console import Console
from rich.text import Text

from lakedrill.engine.words import plural
from lakedrill.errors import INTERRUPTED
from lakedrill.session.prompts import PlainPrompter, Stop
from lakedrill.session.quiz import PASS_MARK, QuizSession
from lakedrill.writers.markup import inline
from lakedrill.writers.terminal import feedback_panel, question_panel, summary_table

QUIT_WORDS = frozenset({"quit", "exit", ":q"})


def _parse_error() -> type:
    """grading loads with the first answer, not before the first question is on screen."""
    from lakedrill.variants.grading import ParseError

    return ParseError


@dataclass(frozen=True)
class ExamRules:
    """A mock exam's time limit and pass mark."""

    minutes: float
    pass_mark: float = PASS_MARK


def _stopped(console: Console, session: QuizSession, reason: str, pass_mark: float | None = None) -> int:
    summary = session.finish(stopped=reason)
    console.print()
    console.print(Text(f"Stopped ({reason}). {plural(summary.answered, 'answer')} "
                       "saved.", style="bold yellow"))
    console.print(summary_table(summary, pass_mark=pass_mark))
    return INTERRUPTED


def run_practice(console: Console, prompter, session: QuizSession, clock: Callable[[], float] = time.monotonic) -> int:
    try:
        return _practice(console, prompter, session, clock)
    except KeyboardInterrupt:  # Ctrl-C (or a closed terminal) while feedback was being shown
        return _stopped(console, session, "interrupted")


def _practice(console: Console, prompter, session: QuizSession, clock: Callable[[], float]) -> int:
    total = len(session.questions)
    for index, question in enumerate(session.questions):
        console.print(question_panel(question, index + 1, total))
        started = clock()
        while True:
            try:
                text = prompter.ask(question, f"Your answer to {index + 1} (or 'quit'):")
            except Stop as stop:
                return _stopped(console, session, stop.reason)
            if text.strip().lower() in QUIT_WORDS:
                summary = session.finish(stopped="quit")
                console.print(summary_table(summary))
                return 0
            result = session.submit(index, text, clock() - started)
            if isinstance(result, _parse_error()):
                console.print(Text(f"{result.message} — try again.", style="yellow"))
                continue
            console.print(feedback_panel(question, result))
            break
    console.print(summary_table(session.finish()))
    return 0


EXAM_HELP = ("answer with a letter (or a number, or task names); 'f' flags the question, 'n' next, 'p' previous, "
             "'g 5' goes to question 5, 'list' shows where you are, 'done' hands in")


def run_exam(console: Console, prompter, session: QuizSession, rules: ExamRules,
             clock: Callable[[], float] = time.monotonic) -> int:
    """The mock exam. The plain prompt is used for every question so that commands can be typed."""
    try:
        return _exam(console, prompter, session, rules, clock)
    except KeyboardInterrupt:
        return _stopped(console, session, "interrupted", rules.pass_mark)


def _exam(console: Console, prompter, session: QuizSession, rules: ExamRules, clock: Callable[[], float]) -> int:
    prompter = prompter if isinstance(prompter, PlainPrompter) else PlainPrompter()
    questions = session.questions
    deadline = clock() + rules.minutes * 60
    flagged: set[int] = set()
    index = 0
    shown: int | None = None  # the question on screen: it is drawn again only when it changes
    console.print(Text(f"Mock exam: {plural(len(questions), 'question')}, {plural(rules.minutes, 'minute')}, pass mark "
                       f"{rules.pass_mark:.0%}. No feedback until you hand in. {EXAM_HELP}.", style="bold"))
    while True:
        left = deadline - clock()
        if left <= 0:
            console.print(Text("Time is up.", style="bold red"))
            return _results(console, session, rules, stopped="time")
        status = _status(session, flagged, index, left)
        if index != shown:
            console.print(question_panel(questions[index], index + 1, len(questions), header=status))
            shown = index
        else:
            console.print(Text(status, style="dim"))
        started = clock()
        try:
            text = prompter.ask(None, f"[{index + 1}] answer or command:").strip()
        except Stop as stop:
            return _stopped(console, session, stop.reason, rules.pass_mark)
        if clock() > deadline:
            console.print(Text("Time is up: that last answer came too late and is not counted.", style="bold red"))
            return _results(console, session, rules, stopped="time")
        word = text.lower()
        if word in QUIT_WORDS or word == "done":
            unanswered = [i + 1 for i in range(len(questions)) if i not in session.answers]
            if word == "done" and unanswered:
                console.print(Text(f"Unanswered: {', '.join(map(str, unanswered))}. Type 'done' again to hand "
                                   "in anyway.", style="yellow"))
                try:
                    again = prompter.ask(None, "Hand in? ('done' to confirm):").strip().lower()
                except Stop as stop:
                    return _stopped(console, session, stop.reason, rules.pass_mark)
                if again != "done":
                    continue
            return _results(console, session, rules, stopped=None if word == "done" else "quit")
        if word in ("f", "flag"):
            flagged ^= {index}
            continue
        if word in ("n", "next", ""):
            index = (index + 1) % len(questions)
            continue
        if word in ("p", "prev", "previous"):
            index = (index - 1) % len(questions)
            continue
        if word == "list":
            console.print(Text(_overview(session, flagged, len(questions))))
            continue
        if word.startswith("g ") or word.startswith("go "):
            target = word.split()[-1]
            if target.isascii() and target.isdigit() and 1 <= int(target) <= len(questions):
                index = int(target) - 1
            else:
                console.print(Text(f"There is no question {target}.", style="yellow"))
            continue
        result = session.submit(index, text, clock() - started)
        if isinstance(result, _parse_error()):
            console.print(Text(f"{result.message} — or a command: {EXAM_HELP}.", style="yellow"))
            continue
        console.print(Text(f"Saved your answer to {index + 1}.", style="green"))
        remaining = [i for i in range(len(questions)) if i not in session.answers]
        if not remaining:
            console.print(Text("Every question is answered. Type 'done' to hand in, or go back to check.",
                               style="bold"))
            index = min(flagged) if flagged else index
        else:
            later = [i for i in remaining if i > index]
            index = later[0] if later else remaining[0]


def _status(session: QuizSession, flagged: set[int], index: int, left: float) -> str:
    minutes, seconds = divmod(int(left), 60)
    flag = " ⚑ flagged" if index in flagged else ""
    return (f"⏱ {minutes:02d}:{seconds:02d} left · {len(session.answers)}/{len(session.questions)} answered · "
            f"{len(flagged)} flagged{flag}")


def _overview(session: QuizSession, flagged: set[int], total: int) -> str:
    marks = []
    for i in range(total):
        mark = "✓" if i in session.answers else "·"
        marks.append(f"{i + 1}{mark}{'⚑' if i in flagged else ''}")
    return "  ".join(marks)


def _results(console: Console, session: QuizSession, rules: ExamRules, stopped: str | None) -> int:
    summary = session.finish(stopped=stopped)
    console.print(summary_table(summary, pass_mark=rules.pass_mark))
    console.print(Text("Review of every question:", style="bold"))
    for index, question in enumerate(session.questions):
        answered = session.answers.get(index)
        console.print(question_panel(question, index + 1, len(session.questions)))
        if answered is None:
            console.print(inline(f"Not answered. The answer is {question.key_text}.", style="red"))
            continue
        console.print(Text(f"You answered: {answered.response}", style="dim"))
        console.print(feedback_panel(question, answered.score))
    return 0
