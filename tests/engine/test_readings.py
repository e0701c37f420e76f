"""The other readings of open rules: each is a real alternative (it changes a run where its rule
decides) and leaves alone a run where the rule plays no part. A reading that changed nothing
would let a key that rests on an open rule through unchecked."""

from __future__ import annotations

import pytest
from hypothesis import given, settings

from lakedrill.engine import repair_request, simulate
from lakedrill.engine.readings import READINGS, open_rule, readings_of, unconfirmed
from lakedrill.engine.rulebook import RULES, Tier
from lakedrill.engine.strategies import runs_of
from tests.jobdsl import cond, for_each, job, nb, rule, scenario, states

S = "SUCCESS"


def under(rule_id: str, j, scen, index: int = 0):
    return simulate(j, scen, semantics=READINGS[rule_id][index].semantics)


def test_every_reading_is_of_an_open_rule():
    for rule_id, readings in READINGS.items():
        assert open_rule(rule_id), rule_id
        assert all(r.rule == rule_id and r.text for r in readings)


def test_premises_and_documented_rules_have_no_readings_to_check():
    premises = [r.id for r in RULES.values() if r.premise]
    assert premises and not readings_of(premises)
    documented = [r.id for r in RULES.values() if r.tier is Tier.DOCUMENTED]
    assert not readings_of(documented) and not unconfirmed(documented)


def test_an_open_rule_without_a_reading_is_unconfirmed():
    assert unconfirmed(["timeout.job_run_stops_tasks", "run_if.all_success"]) == ["timeout.job_run_stops_tasks"]


@rule("run_if.skipped_counts_as_failed")
def test_reading_upstream_failed_is_not_a_failure():
    j = job(nb("a"), nb("b", "a"), nb("alert", "b", run_if="AT_LEAST_ONE_FAILED"))
    scen = scenario(j, a="FAILED")
    assert states(simulate(j, scen))["alert"] == S
    assert states(under("run_if.skipped_counts_as_failed", j, scen))["alert"] == "EXCLUDED"


@rule("run_if.timedout_counts_as_failed")
def test_reading_timed_out_is_not_a_failure():
    j = job(nb("a", timeout_seconds=10), nb("alert", "a", run_if="AT_LEAST_ONE_FAILED"))
    scen = scenario(j, a=60)
    assert states(simulate(j, scen))["alert"] == S
    assert states(under("run_if.timedout_counts_as_failed", j, scen))["alert"] == "EXCLUDED"


@rule("run_if.canceled_counts_as_failed")
def test_reading_canceled_is_not_a_failure_for_none_failed():
    j = job(nb("a"), nb("b"), nb("c", "a", "b", run_if="NONE_FAILED"))
    scen = scenario(j, a="CANCELED")
    assert states(simulate(j, scen))["c"] != S
    assert states(under("run_if.canceled_counts_as_failed", j, scen))["c"] == S


@rule("run_if.upstream_canceled_state")
def test_reading_a_canceled_parent_leaves_its_child_upstream_failed():
    j = job(nb("a"), nb("b", "a"))
    scen = scenario(j, a="CANCELED")
    assert states(simulate(j, scen))["b"] == "UPSTREAM_CANCELED"
    assert states(under("run_if.upstream_canceled_state", j, scen))["b"] == "UPSTREAM_FAILED"


@rule("task.disabled_downstream_open")
def test_reading_a_task_left_unmet_by_a_disabled_parent_is_disabled():
    j = job(nb("a", disabled=True), nb("b"), nb("c", "a", "b"))
    scen = scenario(j, b="FAILED")
    assert states(simulate(j, scen))["c"] == "UPSTREAM_FAILED"
    assert states(under("task.disabled_downstream_open", j, scen))["c"] == "DISABLED"


@rule("job_result.skipped_leaf_fails")
def test_reading_an_upstream_failed_leaf_does_not_fail_the_run():
    j = job(nb("a"), nb("b", "a"), nb("cleanup", "a", run_if="ALL_DONE"))
    scen = scenario(j, a="FAILED")
    assert simulate(j, scen).result_state.value == "FAILED"
    assert under("job_result.skipped_leaf_fails", j, scen).result_state.value == "SUCCESS_WITH_FAILURES"


@rule("job_result.timedout_or_canceled_leaf_fails")
def test_reading_a_timed_out_leaf_does_not_fail_the_run():
    j = job(nb("a", timeout_seconds=10))
    scen = scenario(j, a=60)
    assert simulate(j, scen).result_state.value == "FAILED"
    assert under("job_result.timedout_or_canceled_leaf_fails", j, scen).result_state.value != "FAILED"


@rule("job_result.disabled_leaf_succeeds")
def test_reading_a_disabled_leaf_fails_the_run():
    j = job(nb("a"), nb("b", "a", disabled=True))
    scen = scenario(j)
    assert simulate(j, scen).result_state.value == S
    assert under("job_result.disabled_leaf_succeeds", j, scen).result_state.value == "FAILED"


@rule("condition.non_numeric_operand_fails")
def test_readings_of_a_non_numeric_operand():
    j = job(nb("a"), cond("check", "n/a", "GREATER_THAN", "100", "a"), nb("load", ("check", "true")))
    scen = scenario(j)
    assert states(simulate(j, scen))["check"] == "FAILED"
    as_text = under("condition.non_numeric_operand_fails", j, scen, 0)
    assert states(as_text)["check"] == S and as_text.tasks["check"].outcome == "true"  # 'n/a' > '100' as text
    as_false = under("condition.non_numeric_operand_fails", j, scen, 1)
    assert states(as_false)["check"] == S and as_false.tasks["check"].outcome == "false"


@rule("condition.outcome_edge_excludes")
def test_reading_a_branch_not_taken_lets_the_run_if_decide():
    j = job(nb("a"), cond("check", "1", "EQUAL_TO", "2", "a"),
            nb("join", ("check", "true"), "a", run_if="ALL_DONE"))
    scen = scenario(j)
    assert states(simulate(j, scen))["join"] == "EXCLUDED"
    assert states(under("condition.outcome_edge_excludes", j, scen))["join"] == S


@rule("condition.failed_edge_is_failure")
def test_reading_a_failed_condition_takes_neither_branch():
    j = job(nb("a"), cond("check", "n/a", "GREATER_THAN", "1", "a"), nb("load", ("check", "true")))
    scen = scenario(j)
    assert states(simulate(j, scen))["load"] == "UPSTREAM_FAILED"
    assert states(under("condition.failed_edge_is_failure", j, scen))["load"] == "EXCLUDED"


@rule("for_each.input_order")
def test_reading_iterations_in_another_order():
    j = job(for_each("loop", '["a", "b", "c"]', concurrency=1))
    scen = scenario(j, {"tasks": {"loop": {"duration": 60, "iterations": {"0": {"duration": 300}}}}})
    first = simulate(j, scen).tasks["loop"].iterations
    other = under("for_each.input_order", j, scen).tasks["loop"].iterations
    assert [it.index for it in first] == [it.index for it in other] == [0, 1, 2]  # listed by index
    assert first[1].start != other[1].start


@rule("for_each.default_concurrency")
def test_reading_a_default_concurrency_of_twenty():
    j = job(for_each("loop", '["a", "b", "c"]'))
    scen = scenario(j, loop=60)
    assert simulate(j, scen).duration == 180
    assert under("for_each.default_concurrency", j, scen).duration == 60


@rule("for_each.aggregate")
def test_reading_a_for_each_stops_after_a_failure():
    j = job(for_each("loop", '["a", "b", "c"]', concurrency=1))
    scen = scenario(j, {"tasks": {"loop": {"duration": 60, "iterations": {"0": {"outcomes": ["FAILED"]}}}}})
    assert len(simulate(j, scen).tasks["loop"].iterations) == 3
    assert len(under("for_each.aggregate", j, scen).tasks["loop"].iterations) == 1


@rule("for_each.empty_input")
def test_reading_an_empty_for_each_fails():
    j = job(for_each("loop", "[]"))
    scen = scenario(j)
    assert states(simulate(j, scen))["loop"] == S
    assert states(under("for_each.empty_input", j, scen))["loop"] == "FAILED"


@rule("retry.serverless_auto_retry_not_modelled")
def test_reading_serverless_retries_a_task_without_a_policy():
    j = job(nb("a"))
    scen = scenario(j, a=["FAILED", "SUCCESS"])
    assert states(simulate(j, scen))["a"] == "FAILED"
    assert states(under("retry.serverless_auto_retry_not_modelled", j, scen))["a"] == S
    on_a_cluster = job(nb("a", job_cluster_key="etl"), job_clusters=[{"job_cluster_key": "etl",
                                                                        "new_cluster": {"num_workers": 1}}])
    scen = scenario(on_a_cluster, a=["FAILED", "SUCCESS"])
    assert states(under("retry.serverless_auto_retry_not_modelled", on_a_cluster, scen))["a"] == "FAILED"


@rule("repair.rerun_all_failed_includes_timedout_canceled")
def test_reading_a_repair_leaves_timed_out_tasks():
    from lakedrill.engine.scenario import RepairRequest

    j = job(nb("a", timeout_seconds=10), nb("b"))
    scen = scenario(j, a=60, b="FAILED")
    request = RepairRequest(rerun_all_failed_tasks=True)
    assert set(repair_request(simulate(j, scen), j, request).repairs[-1].rerun) == {"a", "b"}
    other = READINGS["repair.rerun_all_failed_includes_timedout_canceled"][0].semantics
    again = simulate(j, scen, semantics=other)
    assert set(repair_request(again, j, request, semantics=other).repairs[-1].rerun) == {"b"}


@settings(deadline=None)
@given(runs_of())
def test_a_reading_changes_nothing_where_its_rule_is_not_used(pair):
    # Whatever the job: a reading of a rule the run's trace never names leaves every state alone.
    j, scen = pair
    truth = simulate(j, scen)
    named = {r for step in truth.trace for r in step.rules}
    # The canceled reading is read for every Run if, wider than its rule (None failed): where the
    # documented rule for failure handlers is named, it may differ, which only rejects more variants.
    overlaps = {"run_if.canceled_counts_as_failed"} if "run_if.canceled_handled_as_failure" in named else set()
    for rule_id, readings in READINGS.items():
        if rule_id in named or rule_id in overlaps or rule_id.startswith(("repair.", "for_each.default")):
            continue
        for reading in readings:
            assert simulate(j, scen, semantics=reading.semantics).states == truth.states, rule_id


@rule("repair.rerun_all_failed_includes_skipped")
def test_reading_a_repair_leaves_the_skipped_tasks():
    from lakedrill.engine.scenario import RepairRequest

    j = job(nb("a"), nb("b", "a"))
    scen = scenario(j, a="FAILED")
    request = RepairRequest(rerun_all_failed_tasks=True)
    assert set(repair_request(simulate(j, scen), j, request).repairs[-1].rerun) == {"a", "b"}
    other = READINGS["repair.rerun_all_failed_includes_skipped"][0].semantics
    again = simulate(j, scen, semantics=other)
    assert set(repair_request(again, j, request, semantics=other).repairs[-1].rerun) == {"a"}
    # With rerun_dependent_tasks the two readings agree: the skipped task is downstream of the failed one.
    both = RepairRequest(rerun_all_failed_tasks=True, rerun_dependent_tasks=True)
    assert set(repair_request(again, j, both, semantics=other).repairs[-1].rerun) == {"a", "b"}
