"""The one Jinja environment for templates: sandboxed, strict about undefined names, with filters
that speak the domain (a state in the UI's words, a list of tasks, a duration).

Templates are untrusted text: the sandbox blocks access to internals, StrictUndefined turns a
misspelt name into an error instead of an empty string.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from jinja2 import StrictUndefined
from jinja2.sandbox import SandboxedEnvironment

from engine.states import ui_label


def ui_state(state: Any) -> str:
    """RunResultState -> the Jobs UI's words: UPSTREAM_FAILED -> Upstream failed."""
    return ui_label(str(state))


def run_if_label(run_if: Any) -> str:
    from engine.explain import RUN_IF_LABELS

    return RUN_IF_LABELS.get(str(run_if), str(run_if))


def task_list(keys: Iterable[str], conjunction: str = "and") -> str:
    """['a', 'b', 'c'] -> `a`, `b` and `c`."""
    items = [f"`{k}`" for k in keys]
    if not items:
        return "no tasks"
    if len(items) == 1:
        return items[0]
    return ", ".join(items[:-1]) + f" {conjunction} " + items[-1]


def duration(seconds: Any) -> str:
    """420 -> 7 min; 90 -> 1 min 30 s; 3660 -> 1 h 1 min."""
    total = float(seconds)
    if total != int(total):
        return f"{total:g} s"
    total = int(total)
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    parts = [f"{hours} h"] * bool(hours) + [f"{minutes} min"] * bool(minutes) + [f"{secs} s"] * bool(secs)
    return " ".join(parts) or "0 s"


def code(text: Any) -> str:
    return f"`{text}`"


def plural(count: int, word: str, many: str | None = None) -> str:
    return f"{count} {word if count == 1 else many or word + 's'}"


def job_table(job: Any) -> str:
    """A job (a JobView) as a Markdown table: task, depends on, run if, retries."""
    from engine.explain import RUN_IF_LABELS

    real = getattr(job, "_job", job)
    rows = ["| task | depends on | run if | retries |", "| --- | --- | --- | --- |"]
    for key in real.order:
        task = real.task_by_key[key]
        deps = ", ".join(f"`{d.task_key}`" + (f" ({d.outcome})" if d.outcome else "") for d in task.depends_on)
        retries = "unlimited" if task.max_retries == -1 else str(task.max_retries)
        rows.append(f"| `{key}` | {deps or '—'} | {RUN_IF_LABELS[task.run_if]} | {retries} |")
    return "\n".join(rows)


def make_environment() -> SandboxedEnvironment:
    env = SandboxedEnvironment(undefined=StrictUndefined, autoescape=False, trim_blocks=True,
                               lstrip_blocks=True, keep_trailing_newline=False)
    env.filters.update(ui=ui_state, state=ui_state, run_if=run_if_label, tasks=task_list,
                       duration=duration, code=code, plural=plural, job_table=job_table)
    return env


ENV = make_environment()
