"""SEMANTICS §4 and decisions 4 and 11: If/else condition tasks and their branches."""

import pytest

from lakedrill.engine import InvalidJob
from tests.jobdsl import cond, job, nb, rule, rules_for, run, states


def branch_job(left: str, op: str, right: str):
    return job(nb("count"), cond("check", left, op, right, "count"),
               nb("when_true", ("check", "true")), nb("when_false", ("check", "false")))


def outcome(left, op, right, values=None):
    r = run(branch_job(left, op, right), count={"values": values or {}})
    return r.tasks["check"].outcome, r


@rule("condition.equality_compares_text")
def test_equal_compares_text_so_12_0_equals_12_is_false_edge_case_8():
    assert outcome("12.0", "EQUAL_TO", "12")[0] == "false"
    assert outcome("12", "EQUAL_TO", "12")[0] == "true"
    assert outcome("12.0", "NOT_EQUAL", "12")[0] == "true"


@rule("condition.order_compares_numbers")
def test_ordering_operators_compare_numbers_edge_case_8():
    assert outcome("12.0", "GREATER_THAN_OR_EQUAL", "12")[0] == "true"
    assert outcome("10.0", "GREATER_THAN_OR_EQUAL", "12")[0] == "false"
    assert outcome("9", "LESS_THAN", "10")[0] == "true"  # as text "9" > "10"
    assert outcome("100", "GREATER_THAN", "20")[0] == "true"  # as text "100" < "20"


@rule("condition.order_compares_numbers")
@pytest.mark.parametrize("op,expected", [("EQUAL_TO", "false"), ("NOT_EQUAL", "true"), ("GREATER_THAN", "true"),
                                         ("GREATER_THAN_OR_EQUAL", "true"), ("LESS_THAN", "false"),
                                         ("LESS_THAN_OR_EQUAL", "false")])
def test_each_operator(op, expected):
    assert outcome("{{tasks.count.values.rows}}", op, "5", {"rows": 7})[0] == expected


@rule("condition.boolean_as_text")
def test_boolean_task_value_compares_as_true_text_edge_case_8():
    value, r = outcome("{{tasks.count.values.ok}}", "EQUAL_TO", "true", {"ok": True})
    assert value == "true"
    assert "condition.boolean_as_text" in rules_for(r, "check")
    assert outcome("{{tasks.count.values.ok}}", "EQUAL_TO", "True", {"ok": True})[0] == "false"


@rule("condition.complex_value_fails")
@pytest.mark.parametrize("value", [[1, 2], {"a": 1}])
def test_list_or_object_task_value_fails_the_condition_edge_case_8(value):
    _, r = outcome("{{tasks.count.values.v}}", "EQUAL_TO", "1", {"v": value})
    assert r.state("check") == "FAILED"
    assert r.state("when_true") == r.state("when_false") == "UPSTREAM_FAILED"


@rule("condition.non_numeric_operand_fails")
def test_numeric_operator_with_text_operand_fails_the_condition():
    _, r = outcome("abc", "GREATER_THAN", "3")
    assert r.state("check") == "FAILED"
    assert "condition.non_numeric_operand_fails" in rules_for(r, "check")


@rule("condition.no_time_no_compute_no_retry")
def test_condition_task_takes_no_time_and_ignores_retries_edge_case_9():
    j = job(nb("a"), cond("check", "1", "EQUAL_TO", "1", "a", max_retries=3), nb("b", ("check", "true")))
    r = run(j, a=100)
    check = r.tasks["check"]
    assert (check.start, check.end) == (100, 100)
    assert len(check.attempts) == 1
    assert j.task_by_key["check"].compute.kind == "none"
    assert r.tasks["b"].start == 100


@rule("condition.no_time_no_compute_no_retry")
def test_forced_condition_failure_is_not_retried():
    j = job(cond("check", "1", "EQUAL_TO", "1", max_retries=2), nb("b", ("check", "true")))
    r = run(j, check="FAILED")
    assert r.state("check") == "FAILED"
    assert len(r.tasks["check"].attempts) == 1


@rule("condition.branch_not_taken")
def test_branch_not_taken_is_excluded_and_everything_below_it_edge_case_10():
    j = job(nb("count"), cond("check", "1", "EQUAL_TO", "1", "count"),
            nb("load", ("check", "true")), nb("notify", ("check", "false")), nb("after_notify", "notify"),
            nb("join", "load", "notify"))
    r = run(j)
    assert states(r) == {"count": "SUCCESS", "check": "SUCCESS", "load": "SUCCESS", "notify": "EXCLUDED",
                         "after_notify": "EXCLUDED", "join": "SUCCESS"}
    assert r.result_state == "SUCCESS"
    tiers = {s.tier for s in r.trace if s.task_key == "notify"}
    assert tiers == {"derived"}


@rule("condition.outcome_edge_excludes")
def test_an_untaken_outcome_edge_excludes_the_task_whatever_its_run_if():
    j = job(nb("a"), cond("check", "1", "EQUAL_TO", "2"), nb("x", ("check", "true"), "a", run_if="ALL_DONE"))
    r = run(j, a="FAILED")
    assert r.tasks["check"].outcome == "false"
    assert r.state("x") == "EXCLUDED"
    assert "condition.outcome_edge_excludes" in rules_for(r, "x")


@rule("condition.failed_edge_is_failure")
def test_dependents_of_a_failed_condition_task_are_upstream_failed():
    j = job(cond("check", "abc", "GREATER_THAN", "1"), nb("yes", ("check", "true")),
            nb("handler", ("check", "false"), run_if="AT_LEAST_ONE_FAILED"))
    r = run(j)
    assert r.state("check") == "FAILED"
    assert r.state("yes") == "UPSTREAM_FAILED"
    assert r.state("handler") == "SUCCESS"
    assert "condition.failed_edge_is_failure" in rules_for(r, "yes")


@rule("condition.branch_not_taken")
def test_task_with_two_condition_edges_runs_only_when_both_are_met():
    # §4.9: several outcome edges with ALL_SUCCESS: every edge must be satisfied.
    j = job(cond("c1", "1", "EQUAL_TO", "1"), cond("c2", "1", "EQUAL_TO", "1"),
            nb("both", ("c1", "true"), ("c2", "false")))
    assert run(j).state("both") == "EXCLUDED"


def test_outcome_on_an_edge_from_a_non_condition_task_is_invalid():
    with pytest.raises(InvalidJob, match="which is not a condition task"):
        job(nb("a"), nb("b", ("a", "true")))


def test_edge_from_a_condition_task_without_an_outcome_is_invalid():
    with pytest.raises(InvalidJob, match="without an outcome"):
        job(cond("c", "1", "EQUAL_TO", "1"), nb("b", "c"))


def test_unknown_operator_is_invalid_and_lists_the_operators():
    with pytest.raises(InvalidJob, match="unknown op 'GREATER'") as caught:
        job(cond("c", "1", "GREATER", "1"))
    assert "GREATER_THAN" in str(caught.value)
