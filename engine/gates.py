"""State decisions of a pass (SEMANTICS §2, §3, decision 11): what each dependency edge shows a
task, whether its run_if lets it run or which state it is skipped in, and the job's result. The
rules themselves are lakedrill.engine.semantics'; these functions count what they are asked about."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from lakedrill.engine.semantics import (CANCELED_BIT, DISABLED_BIT, FAILED_BIT, FAILURE_BIT, LEAF_FAILURE_BIT,
                                        NOT_TAKEN, SUCCESS_BIT)
from lakedrill.engine.states import SKIPPED, RunIf, RunResultState

if TYPE_CHECKING:
    from lakedrill.engine.simulate import Phase

S = RunResultState


def edge_states(p: Phase, pos: int) -> list:
    """The state each dependency edge of the task at `pos` sees (decision 11 for outcome edges)."""
    return edges_of(p)(pos)


def edges_of(p: Phase) -> Callable[[int], list]:
    """`edge_states` of the pass, its lookups made once (the pass asks it of every task)."""
    deps_of, wanted_of, state, outcome, edge = p.plan.deps, p.plan.edge_outcomes, p.state, p.outcome, p.sem.outcome_edge

    def edges(pos: int) -> list:
        wanted = wanted_of[pos]
        if wanted is None:
            return [state[q] for q in deps_of[pos]]
        return [edge(w, state[q], outcome[q]) for w, q in zip(wanted, deps_of[pos])]

    return edges


def gate_of(p: Phase) -> Callable[[int], RunResultState | None]:
    """The gate of the pass, its lookups made once (the pass asks it of every task that has
    dependencies): for a position, §2(d) evaluated once every dependency is done, the state the
    task is skipped in, or None when it runs."""
    sem = p.sem
    classes, run_ifs, wanted_of, deps_of = sem.classes, p.plan.run_if, p.plan.edge_outcomes, p.plan.deps
    state_at = p.state.__getitem__
    all_excluded, run_if_met, missed_edge_excludes = sem.all_dependencies_excluded, sem.run_if_met, \
        sem.missed_edge_excludes
    edges_at = edges_of(p)

    # An edge to a branch not taken counts as Excluded where it does not exclude the task outright.
    edge_classes = {**classes, NOT_TAKEN: classes[S.EXCLUDED]}

    def skipped(pos: int) -> RunResultState | None:
        run_if = run_ifs[pos]
        deps = deps_of[pos]
        if wanted_of[pos] is None:
            edges = map(state_at, deps)  # as edges_at(pos), without building the list
        else:
            edges = edges_at(pos)
            if NOT_TAKEN in edges and (missed_edge_excludes or (
                    # The documented case reads one way only: All succeeded over a branch not taken
                    # and dependencies that succeeded is Excluded (the branch's dependents do not run).
                    run_if is RunIf.ALL_SUCCESS and all(e == NOT_TAKEN or classes[e] & SUCCESS_BIT for e in edges))):
                return sem.branch_not_taken(run_if)
        successes = failures = ran = excluded = seen = 0
        for edge_state in edges:
            bits = edge_classes[edge_state]
            seen |= bits
            successes += bits & 1
            failures += (bits >> 1) & 1
            ran += (bits >> 2) & 1
            excluded += (bits >> 3) & 1
        total = len(deps)
        if excluded and all_excluded(excluded, total):
            return S.EXCLUDED
        if run_if_met(run_if, successes, failures, ran, total):
            return None
        if seen & DISABLED_BIT and sem.disabled_downstream(run_if, bool(seen & (CANCELED_BIT | FAILED_BIT))):
            return S.DISABLED
        return sem.skip_state(run_if, bool(seen & CANCELED_BIT), bool(seen & FAILED_BIT))

    return skipped


def passed_gate(p: Phase, pos: int) -> bool:
    return p.state[pos] not in SKIPPED


def job_result(p: Phase) -> RunResultState:
    """§3: from whether any task failed, and whether a leaf did."""
    classes = p.sem.classes
    any_failure = any(classes[s] & FAILURE_BIT for s in p.state)
    leaf_failure = any(classes[p.state[pos]] & LEAF_FAILURE_BIT for pos in p.plan.leaves)
    return p.sem.job_result(any_failure, leaf_failure)
