"""Questions in the terminal (rich): the stem, the job as a table and a small drawing, options,
feedback, and the end-of-quiz summary. Reads only Questions and scores."""

from __future__ import annotations

from rich import box
from rich.console import Console, Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from lakedrill.engine import Job
from lakedrill.engine.explain import RUN_IF_LABELS
from lakedrill.variants.question import LETTERS, Question
from lakedrill.writers.markup import blocks, inline

DRAW_UP_TO = 12  # tasks: larger jobs get the table only


def job_table(job: Job) -> Table:
    """The job as the quiz shows it: task, depends on, run if, retries."""
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False)
    for column in ("task", "depends on", "run if", "retries / timeout"):
        table.add_column(column)
    for key in job.order:
        task = job.task_by_key[key]
        deps = ", ".join(d.task_key + (f" ({d.outcome})" if d.outcome else "") for d in task.depends_on) or "—"
        kind = ""
        if task.condition_task is not None:
            c = task.condition_task
            kind = f"  [if/else: {c.left} {c.op} {c.right}]"
        elif task.for_each_task is not None:
            kind = f"  [for each: {task.for_each_task.inputs}, concurrency {task.for_each_task.effective_concurrency}]"
        retries = []
        if task.max_retries:
            retries.append("unlimited retries" if task.max_retries == -1
                           else f"{task.max_retries} {'retry' if task.max_retries == 1 else 'retries'}")
        if task.min_retry_interval_millis:
            retries.append(f"every ≥{task.min_retry_interval_millis / 1000:g} s")
        if task.timeout_seconds:
            retries.append(f"timeout {task.timeout_seconds} s" + (" (retried)" if task.retry_on_timeout else ""))
        if task.disabled:
            retries.append("disabled")
        table.add_row(key + kind, deps, RUN_IF_LABELS[task.run_if], ", ".join(retries) or "—")
    return table


def job_drawing(job: Job) -> Text:
    """The job's waves: every task is drawn on the level after its last dependency; tasks on one
    level can run at the same time. ◇ marks a condition task, ⟳ a For each task."""
    depth: dict[str, int] = {}
    for key in job.order:
        deps = job.task_by_key[key].depends_on
        depth[key] = max((depth[d.task_key] + 1 for d in deps), default=0)
    levels: dict[int, list[str]] = {}
    for key in job.order:
        levels.setdefault(depth[key], []).append(key)
    text = Text()
    last = max(levels)
    for level, keys in sorted(levels.items()):
        corner = "┌" if level == 0 else ("└" if level == last else "├")
        text.append(f"  {corner}─ ", style="dim")
        for i, key in enumerate(keys):
            task = job.task_by_key[key]
            if i:
                text.append("  ·  ", style="dim")
            mark = " ◇" if task.condition_task is not None else " ⟳" if task.for_each_task is not None else ""
            text.append(key + mark, style="bold")
            branch = [d.outcome for d in task.depends_on if d.outcome]
            if branch:
                text.append(f" (if {branch[0]})", style="magenta")
            if task.run_if != "ALL_SUCCESS":
                text.append(f" [{RUN_IF_LABELS[task.run_if]}]", style="yellow")
        if level != last:
            text.append("\n  │\n", style="dim")
    return text


def question_panel(question: Question, number: int | None = None, total: int | None = None,
                   header: str = "") -> Panel:
    parts: list = [blocks(question.stem), Text("")]
    if question.job is not None:
        parts += [job_table(question.job), Text("")]
        if len(question.job.tasks) <= DRAW_UP_TO:
            parts += [job_drawing(question.job), Text("")]
    for i, option in enumerate(question.options):
        parts.append(Text(f"  {LETTERS[i]}. ", style="bold").append(inline(option.text)))
    if not question.options:
        hint = {"numeric": "Answer with a number" + (f" ({question.unit})" if question.unit else ""),
                "set": "Answer with task names, separated by commas",
                "order": "Answer with task names in order, separated by commas; join tasks that come together "
                         "with 'and' (b and c)"}[question.kind]
        parts.append(Text(hint, style="dim"))
    title = f"Question {number}" + (f" of {total}" if total else "") if number is not None else question.id
    title += f" · {question.concept}"
    return Panel(Group(*parts), title=title, subtitle=header or None, title_align="left", subtitle_align="right")


def feedback_panel(question: Question, score, *, explanation: bool = True) -> Panel:
    from lakedrill.engine.misconceptions import MISCONCEPTIONS

    if score.correct:
        head = Text("✓ Right.", style="bold green")
    elif score.points:
        head = Text(f"◐ Partly right ({score.points:.0%}). ", style="bold yellow").append(
            inline(f"The answer is {question.key_text}."))
    else:
        head = Text("✗ Not quite. ", style="bold red").append(inline(f"The answer is {question.key_text}."))
    parts: list = [head]
    if score.misconception:
        belief = MISCONCEPTIONS[score.misconception]
        parts.append(inline(f"Your answer follows the belief “{belief.belief.rstrip('.')}” — {belief.correction}",
                            style="yellow"))
    if explanation and question.explanation:
        parts += [Text(""), blocks(question.explanation)]
    return Panel(Group(*parts), border_style="green" if score.correct else "red", title="Feedback", title_align="left")


def summary_table(summary, *, pass_mark: float | None = None) -> Group:
    minutes, seconds = divmod(int(summary.seconds), 60)
    head = Text(f"Score: {summary.points:g} / {summary.max_points:g} ({summary.percent:.0f}%) · "
                f"{summary.answered} of {summary.total} answered · {minutes} min {seconds:02d} s", style="bold")
    parts: list = [head]
    if pass_mark is not None:
        passed = summary.percent >= pass_mark * 100
        parts.append(Text(f"{'PASS' if passed else 'NOT YET'}: the pass mark is {pass_mark:.0%}",
                          style="bold green" if passed else "bold red"))
    if summary.by_concept:
        table = Table(box=box.SIMPLE_HEAD, show_edge=False)
        table.add_column("concept")
        table.add_column("score", justify="right")
        for concept, (points, count) in summary.by_concept.items():
            table.add_row(concept, f"{points:g} / {count}")
        parts.append(table)
    if summary.misconceptions:
        from lakedrill.engine.misconceptions import MISCONCEPTIONS

        parts.append(Text("Beliefs your answers showed:", style="bold"))
        for misconception, times in summary.misconceptions.items():
            parts.append(inline(f"  • {MISCONCEPTIONS[misconception].belief} ({times}×)"))
    return Group(*parts)


def show(console: Console, question: Question) -> None:
    """The author's preview: the question, then its key and explanation."""
    console.print(question_panel(question))
    console.print(Text("Key: ", style="bold green").append(inline(question.key_text)))
    console.print(blocks(question.explanation))
    console.print(Text(f"rules: {', '.join(question.rules)}", style="dim"))
