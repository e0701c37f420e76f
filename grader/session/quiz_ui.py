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
from lakedrill.session.prompts import PlainPrompter, Stop, TimeUp
from lakedrill.session.quiz import PASS_MARK, QuizSession
from lakedrill.writers.markup import inline
from lakedrill.writers.terminal import feedback_panel, question_panel, summary_table

QUIT_WORDS = frozenset({"quit", "exit", ":q"})


def _parse_error() -> type:
    """grading loads with the first answer, not before the first question is on screen."""
    from lakedrill.variants.grading import ParseError

    return ParseError


NOTHING_STORED = "No answers given; nothing stored."


def _stopped(console: Console, session: QuizSession, reason: str, pass_mark: float | None = None) -> int:
    summary = session.finish(stopped=reason)
    console.print()
    if not summary.answered:
        console.print(Text(f"Stopped ({reason}). {NOTHING_STORED}", style="bold yellow"))
        return INTERRUPTED
    console.print(Text(f"Stopped ({reason}). {plural(summary.answered, 'answer')} "
                       "saved.", style="bold yellow"))
    console.print(summary_table(summary, pass_mark=pass_mark))
    _closing(console, session, summary)
    return INTERRUPTED


def closing_line(session: QuizSession, summary) -> str:
    """The session's last word: its weakest concept and the command that drills it, and when the
    next review is due."""
    parts = []
    if summary.drill_next:
        weakest = summary.drill_next[0]
        points, count = summary.by_concept[weakest]
        parts.append(f"Weakest this time: {weakest} ({points:g} of {count}); drill it with "
                     f"lakedrill quiz --concept {weakest}")
    elif summary.answered:
        parts.append("Every answer right")
    due = session.next_review()
    if due is not None:
        now = session.now()
        if due <= now:
            parts.append("A review is due now: lakedrill quiz --review")
        else:
            minutes = (due - now).total_seconds() / 60
            when = (plural(max(1, round(minutes)), "minute") if minutes < 90 else
                    plural(round(minutes / 60), "hour") if minutes < 36 * 60 else plural(round(minutes / 1440), "day"))
            parts.append(f"Next review due in {when} ({due:%Y-%m-%d %H:%M} UTC): lakedrill quiz --review")
    return ". ".join(parts) + "." if parts else ""


def _closing(console: Console, session: QuizSession, summary) -> None:
    line = closing_line(session, summary)
    if line:
        console.print(Text(line, style="cyan"))


def _quit(console: Console, session: QuizSession) -> int:
    """The learner typed quit (or q at the pause): the score so far, or that nothing was stored."""
    summary = session.finish(stopped="quit")
    if not summary.answered:
        console.print(Text(NOTHING_STORED, style="bold yellow"))
        return 0
    console.print(summary_table(summary))
    _closing(console, session, summary)
    return 0


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
                return _quit(console, session)
            result = session.submit(index, text, clock() - started)
            if isinstance(result, _parse_error()):
                console.print(Text(f"{result.message} — try again.", style="yellow"))
                continue
            console.print(feedback_panel(question, result))
            break
        if index + 1 < total and hasattr(prompter, "pause"):
            try:
                going_on = prompter.pause()
            except Stop as stop:
                return _stopped(console, session, stop.reason)
            if not going_on:
                return _quit(console, session)
    summary = session.finish()
    console.print(summary_table(summary))
    _closing(console, session, summary)
    return 0


EXAM_HELP = ("answer with a letter (or a number, or task names); 'f' flags the question, 'n' next, 'p' previous, "
             "'g 5' goes to question 5, 'list' shows where you are, 'done' hands in")
EXAM_HINT = "a letter answers; f flag · n next · p previous · g 5 · list · done · help"
WARN_AT = (600, 60)  # seconds left: the countdown warns at 10 minutes and at 1 minute


@dataclass(frozen=True)
class ExamRules:
    """A mock exam's time limit and pass mark; `review_wrong`: the closing review shows only the
    questions missed."""

    minutes: float
    pass_mark: float = PASS_MARK
    review_wrong: bool = False


def run_exam(console: Console, prompter, session: QuizSession, rules: ExamRules,
             clock: Callable[[], float] = time.monotonic) -> int:
    """The mock exam. Every question is asked at a typed prompt, so that commands can be typed; on
    a terminal the prompt keeps a live countdown below it."""
    try:
        return _exam(console, prompter, session, rules, clock)
    except KeyboardInterrupt:
        return _stopped(console, session, "interrupted", rules.pass_mark)


def _warning(left: float) -> str:
    if left <= WARN_AT[1]:
        return "less than 1 minute left"
    if left <= WARN_AT[0]:
        return "less than 10 minutes left"
    return ""


def _exam(console: Console, prompter, session: QuizSession, rules: ExamRules, clock: Callable[[], float]) -> int:
    questions = session.questions
    deadline = clock() + rules.minutes * 60
    flagged: set[int] = set()
    spent: dict[int, float] = {}  # seconds spent on each question, over every visit
    index = 0
    shown: int | None = None  # the question on screen: it is drawn again only when it changes
    warned = ""

    def toolbar():
        left = max(0.0, deadline - clock())
        warning = _warning(left)
        style = "bg:ansired fg:ansiwhite bold" if left <= WARN_AT[1] else "bg:ansiyellow fg:ansiblack" \
            if warning else ""
        text = " " + _status(session, flagged, index, left) + (f" · {warning}" if warning else "") + " "
        return [(style, text)] if style else text

    live = not isinstance(prompter, PlainPrompter)
    if live:
        from lakedrill.session.prompts import CountdownPrompter

        prompter = CountdownPrompter(deadline, toolbar, clock, **getattr(prompter, "_io", {}))
    console.print(Text(f"Mock exam: {plural(len(questions), 'question')}, {plural(rules.minutes, 'minute')}, pass mark "
                       f"{rules.pass_mark:.0%}. No feedback until you hand in. {EXAM_HELP}.", style="bold"))
    while True:
        left = deadline - clock()
        if left <= 0:
            console.print(Text("Time is up: what you answered is handed in.", style="bold red"))
            return _results(console, session, rules, stopped="time")
        status = _status(session, flagged, index, left)
        if _warning(left) != warned:
            warned = _warning(left)
            console.print(Text(f"⏱ {warned.capitalize()}.", style="bold red" if left <= WARN_AT[1] else "bold yellow"))
        if index != shown:
            console.print(question_panel(questions[index], index + 1, len(questions), header=status))
            shown = index
        elif not live:
            console.print(Text(status, style="dim"))
        started = clock()
        try:
            text = prompter.ask(None, f"[{index + 1}] answer or command:").strip()
        except Stop as stop:
            return _stopped(console, session, stop.reason, rules.pass_mark)
        except TimeUp:  # the live countdown ran out while the learner thought
            console.print(Text("Time is up: what you answered is handed in.", style="bold red"))
            return _results(console, session, rules, stopped="time")
        spent[index] = spent.get(index, 0.0) + clock() - started
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
                except TimeUp:
                    console.print(Text("Time is up: what you answered is handed in.", style="bold red"))
                    return _results(console, session, rules, stopped="time")
                if again != "done":
                    continue
            if word != "done" and not session.answers:
                session.finish(stopped="quit")
                console.print(Text(NOTHING_STORED, style="bold yellow"))
                return 0
            return _results(console, session, rules, stopped=None if word == "done" else "quit")
        if word in ("help", "h", "?"):
            console.print(Text(EXAM_HELP + ".", style="dim"))
            continue
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
        result = session.submit(index, text, spent[index])
        if isinstance(result, _parse_error()):
            console.print(Text(f"'{text}' is neither an answer nor a command: {EXAM_HINT}.", style="yellow"))
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
    """The result first (score, pass or fail, per concept), then the review (paged on a terminal;
    only the questions missed with review_wrong), then the result again, so it is on screen last."""
    summary = session.finish(stopped=stopped)
    result = summary_table(summary, pass_mark=rules.pass_mark)
    console.print(result)
    shown = [i for i, _ in enumerate(session.questions)
             if not rules.review_wrong or i not in session.answers or not session.answers[i].score.correct]
    if shown:
        if console.is_terminal:
            with console.pager(styles=True):
                _review(console, session, shown, rules)
        else:
            _review(console, session, shown, rules)
    elif rules.review_wrong:
        console.print(Text("Nothing to review: every question is right.", style="bold green"))
    console.print(result)
    _closing(console, session, summary)
    return 0


def _review(console: Console, session: QuizSession, shown: list[int], rules: ExamRules) -> None:
    what = "the questions you missed" if rules.review_wrong else "every question"
    console.print(Text(f"Review of {what}:", style="bold"))
    for index in shown:
        question = session.questions[index]
        answered = session.answers.get(index)
        console.print(question_panel(question, index + 1, len(session.questions)))
        if answered is None:
            console.print(inline(f"Not answered. The answer is {question.key_text}.", style="red"))
            continue
        console.print(Text(f"You answered: {answered.response}", style="dim"))
        console.print(feedback_panel(question, answered.score))
