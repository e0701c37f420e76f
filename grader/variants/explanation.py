"""Explanations built from the engine's trace: why each task that matters ended as it did, the
rules behind the key in plain words with their documentation links, and the belief behind each
wrong option."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from lakedrill.engine import Run
from lakedrill.engine.misconceptions import MISCONCEPTIONS
from lakedrill.engine.rulebook import RULES
from lakedrill.engine.run import Facet
from lakedrill.engine.states import ui_label
from lakedrill.variants.question import LETTERS, Belief, Option
from lakedrill.variants.rendering import render
from lakedrill.variants.views import LessonView, RunView

if TYPE_CHECKING:
    from lakedrill.variants.generate import Variant
    from lakedrill.templates.spec import Template

EXEMPT = frozenset({"scenario.given"})  # the question's givens, not a rule of Databricks


def relevant_tasks(view: RunView, run: Run) -> list[str]:
    """The tasks an answer read, and everything upstream of them (their states decide it)."""
    if view.read_all:
        return list(run.states)
    wanted = set(view.tasks_read)
    for key in view.tasks_read:
        wanted |= run.job.upstream_of(key)
    return [k for k in run.states if k in wanted]


def _run_of(view: RunView) -> Run:
    return view._run  # noqa: SLF001 - the view is ours; templates cannot reach this


def rules_behind(views: Sequence[RunView], lesson: LessonView | None = None, *more) -> tuple[str, ...]:
    """The rule ids the answer rests on: trace steps it read, in the order the trace meets them,
    then rules read outside any trace (compute, alerts, the lesson's facts)."""
    found: dict[str, None] = {}
    for view in views:
        if not view.facets:
            continue
        viewed = _run_of(view)
        facets = set(view.facets) | {Facet.STATE}
        tasks = set(relevant_tasks(view, viewed))
        for step in viewed.trace:
            if step.facet not in facets:
                continue
            if step.task_key is not None and step.task_key not in tasks:
                continue
            for rule_id in step.rules:
                found[rule_id] = None
    for view in list(views) + ([lesson] if lesson is not None else []) + list(more):
        found.update(view.rules_read)
    return tuple(found)


def task_line(key: str, task_run) -> str:
    """One task of a run as "In this run" lists it: `key`: State — why (no why for a plain success,
    and no "so it is <State>" after a state already named)."""
    label = ui_label(task_run.state)
    why = task_run.reason or ""
    if why.endswith(f", so it is {label}"):
        why = why[: -len(f", so it is {label}")]
    if why == "succeeded" and label == "Succeeded":
        why = ""
    return f"- `{key}`: {label}" + (f" — {why}" if why else "")


def _task_lines(tasks, keys: Sequence[str]) -> str:
    return "\n".join(task_line(key, tasks[key]) for key in keys if key in tasks)


def rule_line(rule_id: str) -> str:
    """A rule as an explanation cites it: its sentence, its id and tier, and its links."""
    rule = RULES[rule_id]
    links = "; " + " ".join(rule.links) if rule.links else ""
    return f"{rule.statement} ({rule.id}, {rule.tier}{links})"


def explain(template: Template, ctx: dict[str, Any], variant: Variant, options: Sequence[Option],
            beliefs: Sequence[Belief], rules: Iterable[str], views: Sequence[RunView], *,
            claims: bool = False) -> str:
    """`claims`: the exam's "which statement is true?" form, whose options are not the practice
    question's proposition, so the template's own text (about that proposition) is left out."""
    parts: list[str] = []
    if claims:
        right = next((o.text for o in options if o.correct), None)
        if right is not None:
            parts.append(f"The true statement: {right}.")
    elif template.explanation is not None:
        parts.append(render(template, "explanation", template.explanation, ctx))
    if variant.run is not None and views:
        if any(view.facets for view in views):  # the answer read the run
            # Every task of the job, in the job's order (its task table's), whichever the answer read.
            keys = list(variant.run.job.order)
            parts.append("In this run:\n" + _task_lines(variant.run.tasks, keys))
            if variant.repaired is not None:
                record = variant.repaired.repairs[-1]
                rerun = [k for k in keys if k in record.rerun]
                parts.append("After the repair:\n" + (_task_lines(variant.repaired.tasks, rerun) if rerun
                                                        else "- no task was rerun"))
        if any(Facet.RESULT in view.facets for view in views):
            parts.append(f"The run's result is {ui_label(variant.run.result_state)}."
                         + (f" After the repair it is {ui_label(variant.repaired.result_state)}."
                            if variant.repaired is not None else ""))
    timeline = ctx.get("timeline")
    if timeline is not None and timeline.read:
        parts.append("The runs:\n" + "\n".join(f"- {line}" for line in timeline.lines()))
    rule_lines = [f"- {rule_line(r)}" for r in rules if r not in EXEMPT]
    if rule_lines:
        parts.append("The rules:\n" + "\n".join(rule_lines))
    wrong = []
    for i, option in enumerate(options):
        for m in option.misconceptions:
            belief = MISCONCEPTIONS[m]
            if option.correct:  # a multi option the belief leaves out
                wrong.append(f"- {LETTERS[i]} ({option.text}) is right; the belief \"{belief.belief}\" leaves "
                             f"it out — {belief.correction}")
            else:
                wrong.append(f"- {LETTERS[i]} ({option.text}) follows from the belief \"{belief.belief}\" — "
                             f"{belief.correction}")
    if not options:
        for belief in beliefs:
            m = MISCONCEPTIONS[belief.misconception]
            wrong.append(f"- {belief.text} follows from the belief \"{m.belief}\" — {m.correction}")
    if wrong:
        parts.append("Wrong answers and the beliefs behind them:\n" + "\n".join(wrong))
    return "\n\n".join(parts)
