"""Questions in the terminal (rich): the stem, the job as a table, options, key and explanation."""

from __future__ import annotations

from rich import box
from rich.console import Console, Group
from rich.markdown import Markdown
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from engine import Job
from engine.explain import RUN_IF_LABELS
from grader.question import LETTERS, Question


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


def question_panel(question: Question, number: int | None = None) -> Panel:
    parts: list = [Markdown(question.stem), Text("")]
    if question.job is not None:
        parts += [job_table(question.job), Text("")]
    for i, option in enumerate(question.options):
        parts.append(Text(f"  {LETTERS[i]}. ", style="bold").append(Text.from_markup(_inline(option.text))))
    if not question.options:
        hint = {"numeric": "Answer with a number" + (f" ({question.unit})" if question.unit else ""),
                "set": "Answer with task names, separated by commas",
                "order": "Answer with task names in order, separated by commas"}[question.kind]
        parts.append(Text(hint, style="dim"))
    title = f"{number}. " if number is not None else ""
    return Panel(Group(*parts), title=f"{title}{question.concept}", subtitle=question.id, title_align="left",
                 subtitle_align="right")


def _inline(text: str) -> str:
    """Option text as rich markup: `code` in the code colour, everything else literal."""
    import re

    from rich.markup import escape

    return re.sub(r"`([^`]+)`", lambda m: f"[bold cyan]{m.group(1)}[/bold cyan]", escape(text))


def show(console: Console, question: Question) -> None:
    """The author's preview: the question, then its key and explanation."""
    console.print(question_panel(question))
    console.print(Text("Key: ", style="bold green").append(question.key_text))
    console.print(Markdown(question.explanation))
    console.print(Text(f"rules: {', '.join(question.rules)}", style="dim"))
