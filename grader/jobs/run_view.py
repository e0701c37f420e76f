"""A simulated run as the terminal shows it: a table of tasks and the reasons from the trace."""

from __future__ import annotations

import re
from collections.abc import Mapping

from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from lakedrill.engine import Run, RunResultState, TaskRun, ui_label
from lakedrill.jobs.simulation import Simulation

STATE_STYLE = {
    "SUCCESS": "green", "SUCCESS_WITH_FAILURES": "yellow", "FAILED": "red", "TIMEDOUT": "red",
    "CANCELED": "magenta", "EXCLUDED": "cyan", "UPSTREAM_FAILED": "red", "UPSTREAM_CANCELED": "magenta",
    "DISABLED": "dim",
}


def _seconds(value: float | int | None) -> str:
    return "—" if value is None else f"{value:g}s"


def task_table(tasks: Mapping[str, TaskRun], title: str) -> Table:
    table = Table(title=title, box=box.SIMPLE_HEAD, title_justify="left", show_lines=False)
    for column, justify in (("task", "left"), ("state", "left"), ("attempts", "right"), ("start", "right"),
                            ("end", "right"), ("why", "left")):
        table.add_column(column, justify=justify, overflow="fold")
    for key, tr in tasks.items():
        why = "" if tr.state is RunResultState.SUCCESS and tr.reason == "succeeded" else tr.reason
        if tr.iterations and tr.state is not RunResultState.SUCCESS:
            done = sum(1 for it in tr.iterations if it.state is RunResultState.SUCCESS)
            why = f"{why} [{done}/{len(tr.iterations)} iterations succeeded]"
        if tr.outcome is not None:
            why = f"outcome {tr.outcome}: {why}"
        table.add_row(key, Text(ui_label(tr.state), style=STATE_STYLE.get(tr.state.value, "")),
                      str(len(tr.attempts)), _seconds(tr.start), _seconds(tr.end), Text(why))
    return table


def result_line(run: Run, label: str) -> Text:
    result = run.result_state
    text = Text(f"{label}: ")
    text.append(ui_label(result), style="bold " + STATE_STYLE.get(result.value, ""))
    return text


def render(console: Console, sim: Simulation) -> None:
    render_run(console, sim)
    render_children(console, sim.children)
    if sim.scenario.compute.startup or sim.scenario.compute.rates:
        render_compute(console, sim)
    if sim.timeline is not None:
        render_timeline(console, sim)


def render_compute(console: Console, sim: Simulation) -> None:
    from lakedrill.engine.compute import clusters, run_cost

    console.print()
    table = Table(title="compute", box=box.SIMPLE_HEAD, title_justify="left")
    for column, justify in (("cluster", "left"), ("kind", "left"), ("up from", "right"), ("up to", "right"),
                            ("seconds", "right"), ("tasks", "left")):
        table.add_column(column, justify=justify, overflow="fold")
    for cluster in clusters(sim.run):
        table.add_row(cluster.key, cluster.kind.value, _seconds(cluster.start), _seconds(cluster.end),
                      f"{cluster.seconds:g}", ", ".join(cluster.tasks))
    console.print(table)
    if sim.scenario.compute.rates:
        console.print(f"  cost of the run: {run_cost(sim.run):g} (hours up x DBU per hour x price per DBU, as given)")


def _clock(timeline, seconds: float | None) -> str:
    """HH:MM:SS, with the date when the window spans more than one day."""
    if seconds is None:
        return "—"
    text = timeline.clock(seconds)
    same_day = text[:10] == timeline.clock(0)[:10] and timeline.seconds <= 86400
    return text[11:19] if same_day else text[5:16].replace("T", " ")


def render_timeline(console: Console, sim: Simulation) -> None:
    timeline = sim.timeline
    alerts: dict[int, list[str]] = {}
    for number, notification in sim.alerts:
        alerts.setdefault(number, []).append(notification.event)
    console.print()
    end = timeline.clock(timeline.seconds)
    table = Table(title=f"runs from {timeline.clock(0)} to {end} (UTC)", box=box.SIMPLE_HEAD, title_justify="left")
    for column, justify in (("#", "right"), ("trigger", "left"), ("triggered", "left"), ("state", "left"),
                            ("start", "left"), ("end", "left"), ("result", "left"), ("alerts", "left")):
        table.add_column(column, justify=justify, overflow="fold")
    for run in timeline.runs:
        state = run.state + (" (queued)" if run.was_queued else "")
        result = run.result_state or "—"
        label = "Max concurrent runs reached" if result == "MAXIMUM_CONCURRENT_RUNS_REACHED" else (
            ui_label(RunResultState(result)) if result in RunResultState.__members__ else result)
        table.add_row(str(run.number), run.trigger, _clock(timeline, run.trigger_time), state,
                      _clock(timeline, run.start), _clock(timeline, run.end),
                      Text(label, style=STATE_STYLE.get(result, "red" if run.state == "SKIPPED" else "")),
                      ", ".join(alerts.get(run.number, [])))
    console.print(table)
    console.print(f"  {len(timeline.started)} started, {len(timeline.skipped)} skipped, "
                  f"{len([r for r in timeline.queued if r.ran])} waited in the queue; at most "
                  f"{timeline.max_active} active at once")
    for rule, text in timeline.notes:
        console.print(Text(f"  {text}  [{rule}]"))  # Text: a rule id in brackets is not markup


def render_run(console: Console, sim: Simulation) -> None:
    run = sim.run
    name = run.job.name or "job"
    console.print(task_table(run.tasks, f"{name} — run {run.run_id}"))
    console.print(result_line(run, "Job result"), f"in {run.duration}s, {run.task_seconds} task-seconds")
    why = [s.message for s in run.trace if s.facet.value == "result" and s.repair_id == 0]
    if why:
        console.print(Text(f"  why: {why[-1]}"))  # Text: the engine's words are not markup
    if run.partially_committed_tasks:
        console.print("  no rollback: writes that "
                      + ", ".join(run.partially_committed_tasks)
                      + " committed before failing stay committed")
    for hint in value_hints(run):
        console.print(Text(f"  {hint}"))
    repaired = sim.repaired
    if repaired is None:
        return
    record = repaired.repairs[-1]
    console.print()
    title = f"repair {record.repair_id} — reruns {', '.join(record.rerun) or 'nothing'}"
    console.print(task_table(record.tasks, title))
    reused = [k for k in repaired.tasks if k not in record.rerun]
    if reused:
        console.print(f"  reused from the run: {', '.join(reused)}")
    console.print(result_line(repaired, "After the repair"), f"in {record.duration}s")
    if sim.fresh is not None:
        console.print(f"  cost: the repair reran {record.task_seconds} task-seconds; Run now would run "
                      f"{sim.fresh.task_seconds} task-seconds from scratch")


def render_children(console: Console, children, depth: int = 0) -> None:
    """The runs the job's Run Job tasks started, each as its own table."""
    for child in children:
        console.print()
        values = ", ".join(f"{k}={v}" for k, v in child.parameters.items())
        console.print(task_table(child.run.tasks, f"{'  ' * depth}{child.task_key} runs the job "
                                 f"{child.run.job.name or child.job_key}" + (f" ({values})" if values else "")))
        line = result_line(child.run, "  Child job result")
        line.append(f" in {child.run.duration}s; the task {child.task_key} is ")
        line.append(ui_label(child.task_state), style="bold " + STATE_STYLE.get(child.task_state.value, ""))
        line.append("  [run_job.task_state]")
        console.print(line)
        render_children(console, child.children, depth + 1)


NEVER_SET = re.compile(r"\{\{tasks\.([^.}]+)\.values\.([^.}]+)\}\} was never set")


def value_hints(run: Run) -> list[str]:
    """For each task that failed on a task value nothing set: the --value that would let the run go on."""
    out = []
    for key, tr in run.tasks.items():
        match = NEVER_SET.search(tr.reason or "")
        if match and tr.state is not RunResultState.SUCCESS:
            out.append(f"{key} read a task value that nothing sets: try --value {match.group(1)}.{match.group(2)}=VALUE "
                       f"(the value {match.group(1)} would set when it succeeds)")
    return out
