"""SEMANTICS §1: dependencies, parallelism, disabled tasks, cycles; decision 7 on timing."""

import pytest

from lakedrill.engine import InvalidJob
from lakedrill.engine.graph import CycleError, topological_order
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


@rule("run_if.disabled_dependency")
@rule("task.disabled_downstream")
def test_a_disabled_dependency_does_not_satisfy_all_succeeded_edge_case_32():
    # docs jobs/disabled-tasks: "All succeeded: the downstream task does not run. A disabled parent task does
    # not satisfy the succeeded requirement"; "If a downstream task's Run if condition can't be met because one
    # or more parent tasks are disabled, Lakeflow Jobs also marks the downstream task as disabled for that run."
    j = job(nb("a", disabled=True), nb("b"), nb("joined", "a", "b"), nb("only_disabled", "a"),
            nb("after", "joined"))
    r = run(j)
    assert r.state("joined") == "DISABLED"
    assert r.state("only_disabled") == "DISABLED"
    assert r.state("after") == "DISABLED"  # its own dependency is Disabled now
    assert "task.disabled_downstream" in rules_for(r, "joined")
    assert r.result_state == "SUCCESS"  # nothing failed


@rule("run_if.disabled_dependency")
def test_the_docs_table_for_each_run_if_over_a_disabled_dependency():
    # docs jobs/disabled-tasks, the table: All done runs (the disabled parent counts as completed); At least one
    # succeeded runs if another parent succeeded; At least one failed runs if another parent failed (disabled
    # is not a failure); All failed does not run.
    def child(run_if, other):
        j = job(nb("a", disabled=True), nb("c"), nb("b", "a", "c", run_if=run_if))
        return run(j, c=other).state("b")

    assert child("ALL_DONE", "SUCCESS") == "SUCCESS"
    assert run(job(nb("a", disabled=True), nb("b", "a", run_if="ALL_DONE"))).state("b") == "SUCCESS"
    assert child("AT_LEAST_ONE_SUCCESS", "SUCCESS") == "SUCCESS"
    assert child("AT_LEAST_ONE_FAILED", "FAILED") == "SUCCESS"
    assert child("ALL_FAILED", "FAILED") != "SUCCESS"
    assert child("NONE_FAILED", "SUCCESS") == "SUCCESS"
    assert run(job(nb("a", disabled=True), nb("b", "a", run_if="NONE_FAILED"))).state("b") == "DISABLED"


@rule("task.disabled_downstream_open")
def test_a_disabled_and_a_failed_dependency_keep_the_usual_skip_state_as_an_open_rule():
    j = job(nb("a", disabled=True), nb("c"), nb("b", "a", "c"))
    r = run(j, c="FAILED")
    assert r.state("b") == "UPSTREAM_FAILED"
    assert "task.disabled_downstream_open" in rules_for(r, "b")


@rule("run_if.none_failed_disabled_and_excluded")
def test_none_failed_over_disabled_and_excluded_only_is_an_open_rule():
    j = job(nb("a", disabled=True), nb("ok"), nb("handler", "ok", run_if="AT_LEAST_ONE_FAILED"),
            nb("b", "a", "handler", run_if="NONE_FAILED"))
    r = run(j)
    assert r.state("handler") == "EXCLUDED"
    assert r.state("b") == "DISABLED"
    assert "run_if.none_failed_disabled_and_excluded" in rules_for(r, "b")


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
