"""SEMANTICS §2: run_if conditions, Excluded vs Upstream failed, and how each upstream state counts."""

import pytest

from tests.jobdsl import job, nb, rule, rules_for, run, states


def two_parents(run_if: str):
    return job(nb("a"), nb("b"), nb("child", "a", "b", run_if=run_if))


@rule("run_if.all_success")
def test_all_success_runs_only_when_every_dependency_succeeded():
    assert run(two_parents("ALL_SUCCESS")).state("child") == "SUCCESS"
    assert run(two_parents("ALL_SUCCESS"), a="FAILED").state("child") == "UPSTREAM_FAILED"


@rule("run_if.all_success")
def test_all_success_is_the_default_run_if():
    j = job(nb("a"), nb("child", "a"))
    assert j.task_by_key["child"].run_if == "ALL_SUCCESS"
    assert run(j, a="FAILED").state("child") == "UPSTREAM_FAILED"


@rule("run_if.at_least_one_success")
def test_at_least_one_success_runs_when_any_dependency_succeeded():
    assert run(two_parents("AT_LEAST_ONE_SUCCESS"), a="FAILED").state("child") == "SUCCESS"
    assert run(two_parents("AT_LEAST_ONE_SUCCESS"), a="FAILED", b="FAILED").state("child") == "UPSTREAM_FAILED"


@rule("run_if.none_failed")
def test_none_failed_runs_when_no_dependency_failed():
    assert run(two_parents("NONE_FAILED")).state("child") == "SUCCESS"
    assert run(two_parents("NONE_FAILED"), b="FAILED").state("child") == "UPSTREAM_FAILED"


@rule("run_if.none_failed")
def test_none_failed_runs_with_one_excluded_and_one_succeeded_dependency():
    j = job(nb("a"), nb("handler", "a", run_if="AT_LEAST_ONE_FAILED"), nb("b"),
            nb("child", "handler", "b", run_if="NONE_FAILED"))
    r = run(j)
    assert r.state("handler") == "EXCLUDED"
    assert r.state("child") == "SUCCESS"


@rule("run_if.all_done")
def test_all_done_runs_whatever_the_dependencies_results():
    r = run(two_parents("ALL_DONE"), a="FAILED", b="TIMEDOUT")
    assert r.state("child") == "SUCCESS"


@rule("run_if.at_least_one_failed")
def test_at_least_one_failed_runs_on_a_failure_and_is_excluded_otherwise():
    assert run(two_parents("AT_LEAST_ONE_FAILED"), a="FAILED").state("child") == "SUCCESS"
    assert run(two_parents("AT_LEAST_ONE_FAILED")).state("child") == "EXCLUDED"


@rule("run_if.all_failed")
def test_all_failed_runs_only_when_every_dependency_failed():
    assert run(two_parents("ALL_FAILED"), a="FAILED", b="FAILED").state("child") == "SUCCESS"
    assert run(two_parents("ALL_FAILED"), a="FAILED").state("child") == "EXCLUDED"


@rule("run_if.excluded_is_success")
def test_excluded_dependency_counts_as_success_edge_case_1():
    # Edge case 1: parent Excluded, child ALL_SUCCESS with another succeeded parent -> child runs.
    j = job(nb("a"), nb("on_failure", "a", run_if="AT_LEAST_ONE_FAILED"), nb("b"),
            nb("child", "on_failure", "b"))
    r = run(j)
    assert states(r) == {"a": "SUCCESS", "b": "SUCCESS", "on_failure": "EXCLUDED", "child": "SUCCESS"}
    assert "run_if.excluded_is_success" in rules_for(r, "child")


@rule("run_if.all_dependencies_excluded")
@pytest.mark.parametrize("run_if", ["ALL_SUCCESS", "ALL_DONE", "NONE_FAILED", "AT_LEAST_ONE_SUCCESS",
                                    "AT_LEAST_ONE_FAILED", "ALL_FAILED"])
def test_all_dependencies_excluded_makes_the_task_excluded_whatever_its_run_if_edge_cases_2_and_3(run_if):
    # Edge cases 2 and 3: all parents Excluded -> child Excluded, even with ALL_DONE or NONE_FAILED.
    j = job(nb("a"), nb("alert", "a", run_if="AT_LEAST_ONE_FAILED"), nb("alert2", "a", run_if="ALL_FAILED"),
            nb("child", "alert", "alert2", run_if=run_if))
    r = run(j)
    assert r.state("alert") == r.state("alert2") == "EXCLUDED"
    assert r.state("child") == "EXCLUDED"
    assert "run_if.all_dependencies_excluded" in rules_for(r, "child")


@rule("run_if.evaluated_after_dependencies")
def test_run_if_is_evaluated_only_after_every_dependency_completed():
    j = job(nb("quick"), nb("slow"), nb("alert", "quick", "slow", run_if="AT_LEAST_ONE_FAILED"))
    r = run(j, quick={"outcomes": ["FAILED"], "duration": 60}, slow={"duration": 600})
    assert r.state("alert") == "SUCCESS"
    assert r.tasks["alert"].start == 600  # not 60, when the first failure was known


@rule("run_if.canceled_handled_as_failure")
@pytest.mark.parametrize("run_if", ["ALL_DONE", "AT_LEAST_ONE_FAILED", "ALL_FAILED"])
def test_failure_handling_tasks_run_after_a_canceled_dependency_edge_case_5(run_if):
    r = run(job(nb("a"), nb("cleanup", "a", run_if=run_if)), a="CANCELED")
    assert r.state("cleanup") == "SUCCESS"
    assert "run_if.canceled_handled_as_failure" in rules_for(r, "cleanup")


@rule("run_if.upstream_canceled_state")
def test_all_success_after_a_canceled_dependency_is_upstream_canceled_edge_case_5():
    r = run(job(nb("a"), nb("b", "a"), nb("c", "b")), a="CANCELED")
    assert r.state("b") == "UPSTREAM_CANCELED"
    assert r.state("c") == "UPSTREAM_CANCELED"


@rule("run_if.upstream_canceled_state")
def test_canceled_and_failed_dependencies_give_upstream_failed():
    r = run(job(nb("a"), nb("b"), nb("c", "a", "b")), a="CANCELED", b="FAILED")
    assert r.state("c") == "UPSTREAM_FAILED"


@rule("run_if.canceled_counts_as_failed")
def test_none_failed_is_not_met_by_a_canceled_dependency():
    r = run(job(nb("a"), nb("b"), nb("c", "a", "b", run_if="NONE_FAILED")), a="CANCELED")
    assert r.state("c") == "UPSTREAM_CANCELED"
    assert "run_if.canceled_counts_as_failed" in rules_for(r, "c")


@rule("run_if.canceled_handled_as_failure")
def test_all_failed_with_mixed_canceled_and_failed_dependencies_runs_edge_case_5():
    r = run(job(nb("a"), nb("b"), nb("c", "a", "b", run_if="ALL_FAILED")), a="CANCELED", b="FAILED")
    assert r.state("c") == "SUCCESS"


@rule("run_if.timedout_counts_as_failed")
def test_timed_out_dependency_counts_as_failed_edge_case_6():
    j = job(nb("a", timeout_seconds=60), nb("alert", "a", run_if="AT_LEAST_ONE_FAILED"), nb("next", "a"))
    r = run(j, a={"duration": 120})
    assert r.state("a") == "TIMEDOUT"
    assert r.state("alert") == "SUCCESS"
    assert r.state("next") == "UPSTREAM_FAILED"
    assert "run_if.timedout_counts_as_failed" in rules_for(r, "alert")


@rule("run_if.skipped_counts_as_failed")
@pytest.mark.parametrize("run_if", ["AT_LEAST_ONE_FAILED", "ALL_FAILED"])
def test_upstream_failed_dependency_counts_as_failed_edge_case_4(run_if):
    r = run(job(nb("a"), nb("b", "a"), nb("alert", "b", run_if=run_if)), a="FAILED")
    assert r.state("b") == "UPSTREAM_FAILED"
    assert r.state("alert") == "SUCCESS"
    assert "run_if.skipped_counts_as_failed" in rules_for(r, "alert")


@rule("run_if.all_success")
def test_skip_propagates_down_a_chain_as_upstream_failed():
    r = run(job(nb("a"), nb("b", "a"), nb("c", "b"), nb("d", "c")), a="FAILED")
    assert states(r) == {"a": "FAILED", "b": "UPSTREAM_FAILED", "c": "UPSTREAM_FAILED", "d": "UPSTREAM_FAILED"}
    assert [r.tasks[k].attempts for k in "bcd"] == [(), (), ()]
    assert [r.tasks[k].start for k in "bcd"] == [None, None, None]
