"""Reading a pass's facts (lakedrill.engine.simulate.Phase): its task runs and its trace, built
only when a Run is read (lakedrill.engine.explain gives their words), so that simulating under
many misconceptions stays cheap."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Mapping
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from lakedrill.engine import gates, lookup
from lakedrill.engine.explain import explain_gate, explain_result, final_reason
from lakedrill.engine.plan import PLAIN
from lakedrill.engine.run import Attempt, Commit, Facet, TaskRun, TraceStep, seconds
from lakedrill.engine.semantics import NOT_TAKEN
from lakedrill.engine.states import SKIPPED, RunIf, RunResultState, ui_label

if TYPE_CHECKING:
    from lakedrill.engine.simulate import Note, Phase

S = RunResultState


class TaskRunMap(Mapping[str, TaskRun]):
    """task_key -> TaskRun, each built on first access."""

    def __init__(self, keys: tuple[str, ...], build: Callable[[str], TaskRun]):
        self._keys = keys
        self._known = frozenset(keys)
        self._build = build
        self._built: dict[str, TaskRun] = {}

    def __getitem__(self, key: str) -> TaskRun:
        try:
            return self._built[key]
        except KeyError:
            if key not in self._known:
                raise
        task_run = self._built[key] = self._build(key)
        return task_run

    def __iter__(self) -> Iterator[str]:
        return iter(self._keys)

    def __len__(self) -> int:
        return len(self._keys)

    def __repr__(self) -> str:
        return f"TaskRunMap({list(self._keys)})"


# -------------------------------------------------------------- task runs

def task_run(p: Phase, key: str) -> TaskRun:
    pos = p.plan.index[key]
    state, start, end = p.state[pos], p.start[pos], p.end[pos]
    made = p.attempts[pos]
    if made is None:
        made = () if start is None else (Attempt(0, seconds(start), seconds(end), state),)
    task = p.plan.tasks[pos]
    if task.condition_task is not None:
        commit = Commit.NONE  # a condition task writes nothing (§4.6)
    else:
        commit = p.sem.commit_status(state, start is not None or key in p.ran_before, p.result)
    return TaskRun(key, state, made, None if start is None else seconds(start),
                   None if end is None else seconds(end), p.outcome[pos], p.values[pos],
                   p.iterations[pos], parameters_of(p, pos), commit, reason(p, pos, made),
                   p.repair_id, seconds(p.finished[pos]))


def latest_task_run(p: Phase, key: str) -> TaskRun:
    """The task as the run stands after this pass: rerun by it, or reused from the run before."""
    pos = p.plan.index[key]
    if p.executed[pos]:
        return task_run(p, key)
    old = p.previous.tasks[key]
    if p.plan.tasks[pos].condition_task is not None:
        return old
    commit = p.sem.commit_status(old.state, key in p.ran_before, p.result)
    if commit is old.commit:
        return old
    return replace(old, commit=commit)


def parameters_of(p: Phase, pos: int) -> Any:
    params = p.parameters[pos]
    if params is lookup.LAZY:
        if p.start[pos] is None or p.plan.kind[pos] != PLAIN:
            return None
        return lookup.static_parameters(p, pos)[0]
    return params


def reason(p: Phase, pos: int, made: tuple[Attempt, ...]) -> str:
    if p.reason[pos] is not None:
        return p.reason[pos]
    task = p.plan.tasks[pos]
    if task.disabled:
        return "it is disabled"
    if not gates.passed_gate(p, pos):
        return gate_words(p, pos)[1]
    return final_reason(task, made)


def gate_words(p: Phase, pos: int) -> tuple[tuple[str, ...], str]:
    """The rules and the sentence of the task's gate: why it ran, or why it was skipped."""
    deps = p.plan.deps[pos]
    seen = gates.edge_states(p, pos)
    edges = [(p.plan.keys[q], s) for q, s in zip(deps, seen)]
    wanted = p.plan.edge_outcomes[pos] or ()
    failed_edge = any(w is not None and s != NOT_TAKEN and s not in (S.SUCCESS,) for w, s in zip(wanted, seen))
    return explain_gate(p.plan.tasks[pos], edges, failed_edge, p.state[pos], gates.passed_gate(p, pos))


# -------------------------------------------------------------- the trace

def steps(p: Phase) -> list[TraceStep]:
    """The trace of the pass: one step per decision, in job order, with its rule."""
    plan, rid = p.plan, p.repair_id
    out = [step(p, note) for note in p.head]
    notes: dict[int, list[Note]] = {}
    for note in p.notes:
        notes.setdefault(note[0], []).append(note)
    for pos, key in enumerate(plan.keys):
        if not p.executed[pos]:
            continue
        task = plan.tasks[pos]
        deps = plan.deps[pos]
        ready = max((p.finished[q] for q in deps), default=0)
        if task.disabled:
            out.append(TraceStep(key, "task.disabled", "disabled: it does not run", Facet.STATE,
                                 seconds(ready), rid))
            continue
        if pos in p.stopped:
            out.extend(step(p, note) for note in notes.get(pos, ()))
            continue
        passed = gates.passed_gate(p, pos)
        if deps:
            rules, why = gate_words(p, pos)
            out.append(TraceStep(key, rules[0], why, Facet.STATE, seconds(ready), rid, rules[1:]))
        if not passed:
            continue
        start = p.start[pos]
        if deps:
            last = max(deps, key=lambda q: p.finished[q])
            when = f"starts at {seconds(start)}s, when its last dependency ({plan.keys[last]}) was done"
            also = (("run_if.evaluated_after_dependencies",)
                    if len(deps) > 1 and task.run_if in _EARLY_LOOKING else ())
        else:
            when, also = f"starts at {seconds(start)}s, when the run starts (no dependencies)", ()
        if pos in p.waited:
            cluster, was_ready = p.waited[pos]
            when = (f"starts at {seconds(start)}s: ready at {seconds(was_ready)}s, it waits for cluster "
                    f"{cluster} to start")
            also = also + ("compute.startup_given",)
        out.append(TraceStep(key, "dag.start_when_ready", when, Facet.TIMING, seconds(start), rid, also))
        out.extend(step(p, note) for note in notes.get(pos, ()))
        if plan.kind[pos] == PLAIN:
            out.extend(plain_steps(p, pos, key))
    states = dict(zip(plan.keys, p.state))
    if p.result is not S.TIMEDOUT:  # a timed-out run says why in its tail
        rules, why = explain_result(states, [plan.keys[q] for q in plan.leaves], p.result)
        out.append(TraceStep(None, rules[0], why, Facet.RESULT, None, rid, rules[1:]))
    out.extend(step(p, note) for note in p.tail)
    return out


def plain_steps(p: Phase, pos: int, key: str) -> list[TraceStep]:
    rid, state, end = p.repair_id, p.state[pos], p.end[pos]
    out = []
    if p.reason[pos] is None:  # the code ran (no reference failed it)
        made = p.attempts[pos] or (Attempt(0, 0, 0, state),)
        out.append(TraceStep(key, "scenario.given", f"{final_reason(p.plan.tasks[pos], made)}; ends "
                             f"{ui_label(state)} at {seconds(end)}s", Facet.STATE, seconds(end), rid,
                             ("retry.attempts",) if len(made) > 1 else ()))
    configured = p.plan.tasks[pos].parameters
    if p.plan.references[pos] and p.reason[pos] is None:
        out.append(TraceStep(key, "references.substituted_as_text",
                             "its parameters' references were replaced by text when it started",
                             Facet.VALUE, seconds(p.start[pos]), rid))
    if configured.positional is not None and p.params:
        out.append(TraceStep(key, "parameters.job_overrides_task",
                             "its arguments are a JSON array: job parameters are not pushed down to it",
                             Facet.VALUE, seconds(p.start[pos]), rid))
    overridden = (p.overrides.get(pos) if p.parameters[pos] is not lookup.LAZY
                  else lookup.static_parameters(p, pos)[1])
    if overridden:
        out.append(TraceStep(key, "parameters.job_overrides_task",
                             f"job parameter{'s' if len(overridden) > 1 else ''} {', '.join(overridden)} "
                             f"override{'' if len(overridden) > 1 else 's'} the task's own value",
                             Facet.VALUE, seconds(p.start[pos]), rid))
    if state is S.SUCCESS and p.values[pos]:
        shown = ", ".join(f"{k}={json.dumps(v)}" for k, v in list(p.values[pos].items())[:4])
        out.append(TraceStep(key, "task_values.set_on_success", f"sets task values {shown}", Facet.VALUE,
                             seconds(end), rid))
    if state is not S.SUCCESS and state not in SKIPPED:
        out.append(TraceStep(key, "commit.no_rollback",
                             "writes it committed before failing stay committed: nothing rolls back",
                             Facet.COMMIT, None, rid, ("commit.partial_on_failure",)))
    return out


def step(p: Phase, note: Note) -> TraceStep:
    pos, rule, message, facet, ms, also = note
    return TraceStep(None if pos is None else p.plan.keys[pos], rule, message, facet,
                     None if ms is None else seconds(ms), p.repair_id, also)


# run_if values under which a task might seem able to start before all of its dependencies are done.
_EARLY_LOOKING = frozenset({RunIf.AT_LEAST_ONE_SUCCESS, RunIf.AT_LEAST_ONE_FAILED})
