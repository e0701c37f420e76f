"""`lakedrill stats` and `lakedrill plan`: what the history says about the learner."""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import date, datetime, timedelta, timezone
from typing import Any

from lakedrill.session.history import History

BARS = " ▁▂▃▄▅▆▇█"


def stats(history: History, today: date | None = None) -> dict[str, Any]:
    """Accuracy per concept and per misconception, the weakest concepts, streaks, answers per day."""
    answers = history.answers()
    today = today or datetime.now(timezone.utc).date()
    by_concept: dict[str, list[float]] = defaultdict(list)
    recent: dict[str, list[float]] = defaultdict(list)
    days: Counter[date] = Counter()
    for a in answers:
        by_concept[a.concept].append(a.points)
        day = datetime.fromisoformat(a.answered_at).date()
        days[day] += 1
        if (today - day).days < 7:
            recent[a.concept].append(a.points)
    concepts = {
        concept: {"answered": len(points), "accuracy": round(sum(points) / len(points), 3),
                  "last_7_days": round(sum(recent[concept]) / len(recent[concept]), 3) if recent[concept] else None}
        for concept, points in sorted(by_concept.items())}
    misconceptions = dict(Counter(a.misconception for a in answers if a.misconception).most_common())
    weakest = sorted((c for c in concepts if concepts[c]["accuracy"] < 1),
                     key=lambda c: (concepts[c]["accuracy"], -concepts[c]["answered"]))[:3]
    return {
        "pace": pace(history, answers),
        "answers": len(answers),
        "accuracy": round(sum(a.points for a in answers) / len(answers), 3) if answers else None,
        "concepts": concepts,
        "misconceptions": misconceptions,
        "weakest": weakest,
        "streak": {"current": _current_streak(days, today), "longest": _longest_streak(days)},
        "per_day": {(today - timedelta(days=i)).isoformat(): days.get(today - timedelta(days=i), 0)
                    for i in range(13, -1, -1)},
    }


EXAM_SECONDS_PER_QUESTION = 120.0  # the blueprint's 90 minutes for 45 questions


def pace(history: History, answers=None) -> dict[str, Any] | None:
    """Seconds a question: in mock exams (against the time their limit allows a question) and in
    practice; None without answers."""
    answers = history.answers() if answers is None else answers
    if not answers:
        return None
    sessions = {s["id"]: s for s in history.sessions()}
    exam = [a for a in answers if sessions.get(a.session_id, {}).get("mode") == "exam"]
    practice = [a for a in answers if a not in exam]
    allowed = [sessions[a.session_id]["minutes"] * 60 / sessions[a.session_id]["planned"] for a in exam
               if sessions[a.session_id].get("minutes")]

    def mean(values) -> float | None:
        values = list(values)
        return round(sum(values) / len(values), 1) if values else None

    return {"exam_seconds_per_question": mean(a.seconds for a in exam),
            "practice_seconds_per_question": mean(a.seconds for a in practice),
            "allowed_seconds_per_question": mean(allowed) or EXAM_SECONDS_PER_QUESTION}


def pace_line(data: dict[str, Any] | None) -> str:
    if not data:
        return ""
    allowed = data["allowed_seconds_per_question"]
    parts = []
    for name, key in (("mock exams", "exam_seconds_per_question"), ("practice", "practice_seconds_per_question")):
        if data[key] is not None:
            parts.append(f"{data[key]:.0f} s a question in {name}")
    verdict = ""
    mine = data["exam_seconds_per_question"] or data["practice_seconds_per_question"]
    if mine is not None:
        verdict = " — within time" if mine <= allowed else " — slower than the exam allows"
    return f"Pace: {', '.join(parts)}; the exam allows {allowed:.0f} s a question{verdict}"


def _current_streak(days: Counter[date], today: date) -> int:
    streak = 0
    day = today if days.get(today) else today - timedelta(days=1)
    while days.get(day):
        streak += 1
        day -= timedelta(days=1)
    return streak


def _longest_streak(days: Counter[date]) -> int:
    best = run = 0
    previous: date | None = None
    for day in sorted(days):
        run = run + 1 if previous is not None and (day - previous).days == 1 else 1
        best = max(best, run)
        previous = day
    return best


def sparkline(values: list[int]) -> str:
    top = max(values) or 1
    return "".join(BARS[round(v / top * (len(BARS) - 1))] for v in values)


def bar(fraction: float, width: int = 20) -> str:
    filled = round(fraction * width)
    return "█" * filled + "░" * (width - filled)


def render_stats(console, data: dict[str, Any]) -> None:
    from rich import box
    from rich.table import Table
    from rich.text import Text

    from lakedrill.engine.misconceptions import MISCONCEPTIONS
    from lakedrill.engine.words import plural

    if not data["answers"]:
        console.print("No answers yet: start with `lakedrill quiz`.")
        return
    console.print(Text(f"{plural(data['answers'], 'answer')}, {data['accuracy']:.0%} right overall · streak "
                       f"{data['streak']['current']} day(s), longest {data['streak']['longest']}", style="bold"))
    table = Table(box=box.SIMPLE_HEAD, title="By concept", title_justify="left")
    for column in ("concept", "answered", "accuracy", "", "last 7 days"):
        table.add_column(column, justify="right" if column in ("answered", "accuracy", "last 7 days") else "left")
    for concept, row in data["concepts"].items():
        last = "—" if row["last_7_days"] is None else f"{row['last_7_days']:.0%}"
        table.add_row(concept, str(row["answered"]), f"{row['accuracy']:.0%}", bar(row["accuracy"]), last)
    console.print(table)
    if data["misconceptions"]:
        console.print(Text("Beliefs your answers showed", style="bold"))
        for misconception, times in data["misconceptions"].items():
            console.print(Text(f"  {times:>3}×  {MISCONCEPTIONS[misconception].belief}"))  # Text: no markup
    if data["weakest"]:
        console.print(Text("Weakest: " + ", ".join(data["weakest"]) + "  →  lakedrill quiz --review", style="cyan"))
    if data.get("pace"):
        console.print(Text(pace_line(data["pace"])))
    if data.get("readiness"):
        from lakedrill.session.readiness import readiness_lines

        for i, line in enumerate(readiness_lines(data["readiness"])):
            console.print(Text(line, style="bold" if i == 0 else "cyan"))
    days = list(data["per_day"].values())
    console.print(Text(f"Answers per day, last 14 days: {sparkline(days)}  ({sum(days)} in all)"))


def plan_rows(history: History, at: datetime, exam_date: date | None) -> list[dict[str, Any]]:
    from lakedrill.session.srs import DESIRED_RETENTION, Memory

    rows = []
    for row in Memory(history).rows(at, exam_date):
        if row.due <= at:
            status = "due now"
        elif exam_date and row.recall_at_exam is not None and row.recall_at_exam < DESIRED_RETENTION:
            status = "at risk by the exam"
        else:
            status = f"due in {max(1, (row.due - at).days)} day(s)" if (row.due - at).days else "due today"
        rows.append({"card": row.key, "kind": row.kind, "name": row.name, "reviews": row.reviews,
                     "due": row.due.isoformat(timespec="minutes"), "recall_now": round(row.recall_now, 3),
                     "recall_at_exam": None if row.recall_at_exam is None else round(row.recall_at_exam, 3),
                     "status": status})
    return rows


def render_plan(console, rows: list[dict[str, Any]], exam_date: date | None) -> None:
    from rich import box
    from rich.table import Table

    if not rows:
        console.print("Nothing to plan yet: answer some questions with `lakedrill quiz` first.")
        return
    table = Table(box=box.SIMPLE_HEAD, title="Review plan" + (f" for an exam on {exam_date}" if exam_date else ""),
                  title_justify="left")
    columns = ["card", "reviews", "recall now"] + (["recall at exam"] if exam_date else []) + ["status"]
    for column in columns:
        table.add_column(column)
    for row in rows:
        cells = [row["card"], str(row["reviews"]), f"{row['recall_now']:.0%}"]
        if exam_date:
            cells.append(f"{row['recall_at_exam']:.0%}")
        cells.append(row["status"])
        table.add_row(*cells)
    console.print(table)
