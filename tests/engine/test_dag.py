"""SEMANTICS §1: dependencies, parallelism, disabled tasks, cycles; decision 7 on timing."""

import pytest

from engine import InvalidJob
from engine.graph import CycleError, topological_order
from tests.jobdsl import job, nb, rule, rules_for, run, states


@rule("dag.start_when_ready")
def test_independent_tasks_start_in_parallel_as_soon_as_dependencies_finish():
    # §1.4's example: 1 is root; 2 and 3 depend on 1; 4 depends on 2 and 3.
    j = job(nb("t1"), nb("t2", "t1"), nb("t3", "t1"), nb("t4", "t2", "t3"))
    r = run(j, t1=100, t2=50, t3=200, t4=10)
    assert (r.tasks["t2"].start, r.tasks["t3"].start) == (100, 100)
    assert r.tasks["t4"].start == 300
    assert r.duration == 310


@rule("dag.no_startup_time")
def test_cluster_start_up_time_is_zero_and_the_trace_says_it_is_assumed():
    r = run(job(nb("a"), nb("b", "a")), a=60, b=60)
    assert r.tasks["a"].start == 0
    assert r.tasks["b"].start == 60
    assumed = [s for s in r.trace if s.rule == "dag.no_startup_time"]
    assert assumed and assumed[0].tier == "assumed"


@rule("task.disabled")
def test_disabled_task_does_not_run_and_is_disabled():
    r = run(job(nb("a"), nb("b", "a", disabled=True)))
    assert r.state("b") == "DISABLED"
    assert r.tasks["b"].attempts == ()
    assert r.tasks["b"].start is None


@rule("run_if.disabled_as_excluded")
def test_disabled_dependency_counts_like_excluded_edge_case_32():
    j = job(nb("a", disabled=True), nb("b"), nb("joined", "a", "b"), nb("only_disabled", "a"))
    r = run(j)
    assert r.state("joined") == "SUCCESS"  # treated as successful
    assert r.state("only_disabled") == "EXCLUDED"  # all dependencies excluded
    assert "run_if.disabled_as_excluded" in rules_for(r, "joined")


def test_ties_between_ready_tasks_are_ordered_by_task_key():
    # §1.6: no documented priority; output order is by task_key for stable output.
    assert topological_order({"zeta": [], "alpha": [], "mid": ["zeta", "alpha"]}) == ("alpha", "zeta", "mid")


def test_a_cycle_is_reported_with_its_path():
    with pytest.raises(CycleError) as caught:
        topological_order({"a": ["c"], "b": ["a"], "c": ["b"]})
    cycle = caught.value.cycle
    assert cycle[0] == cycle[-1]
    assert set(cycle) == {"a", "b", "c"}
    assert len(cycle) == 4


def test_a_job_with_a_cycle_is_invalid_and_names_the_cycle():
    with pytest.raises(InvalidJob) as caught:
        job(nb("bronze", "gold"), nb("silver", "bronze"), nb("gold", "silver"))
    message = str(caught.value)
    assert "dependency cycle:" in message
    for key in ("bronze", "silver", "gold"):
        assert key in message


def test_a_task_depending_on_itself_is_a_cycle():
    with pytest.raises(InvalidJob, match="dependency cycle: a -> a"):
        job(nb("a", "a"))


def test_every_task_runs_when_nothing_fails():
    r = run(job(nb("a"), nb("b", "a"), nb("c", "a"), nb("d", "b", "c")))
    assert set(states(r).values()) == {"SUCCESS"}
    assert r.result_state == "SUCCESS"
