"""SEMANTICS §9 and decision 8: repair runs and Run now."""

import pytest

from lakedrill.engine import Behaviour, InvalidRepair, repair, run_now
from lakedrill.engine.scenario import ALWAYS_SUCCEEDS
from tests.jobdsl import cond, for_each, job, nb, rule, rules_for, run, scenario, states

OK = {"x": ALWAYS_SUCCEEDS}


def pipeline():
    return job(nb("bronze"), nb("silver", "bronze"), nb("gold", "silver"), nb("audit", "bronze"))


@rule("repair.rerun_all_failed_tasks")
def test_repair_all_failed_reruns_failed_and_skipped_tasks_and_reuses_successes_edge_case_17():
    r = run(pipeline(), silver="FAILED")
    fixed = repair(r, rerun_all_failed_tasks=True, tasks={"silver": ALWAYS_SUCCEEDS})
    assert fixed.repairs[-1].rerun == ("silver", "gold")
    assert states(fixed) == {"bronze": "SUCCESS", "silver": "SUCCESS", "gold": "SUCCESS", "audit": "SUCCESS"}
    assert fixed.tasks["bronze"].repair_id == 0  # reused, not rerun
    assert fixed.tasks["gold"].repair_id == 1
    assert fixed.result_state == "SUCCESS"
    assert fixed.run_id == r.run_id


@rule("repair.rerun_all_failed_includes_timedout_canceled")
def test_repair_all_failed_includes_timed_out_and_canceled_tasks_edge_case_17():
    j = job(nb("a", timeout_seconds=10), nb("b"), nb("c"))
    r = run(j, a=20, b="CANCELED")
    fixed = repair(r, rerun_all_failed_tasks=True, tasks={"a": Behaviour(durations=(5,))})
    assert fixed.repairs[-1].rerun == ("a", "b")
    assert "repair.rerun_all_failed_includes_timedout_canceled" in {x for s in fixed.trace for x in s.rules}


@rule("repair.rerun_tasks")
def test_rerun_tasks_reruns_exactly_the_named_tasks_and_the_run_stays_failed():
    r = run(pipeline(), silver="FAILED")
    fixed = repair(r, rerun_tasks=["silver"], tasks={"silver": ALWAYS_SUCCEEDS})
    assert fixed.repairs[-1].rerun == ("silver",)
    assert fixed.state("silver") == "SUCCESS"
    assert fixed.state("gold") == "UPSTREAM_FAILED"  # not rerun: keeps its state
    assert fixed.result_state == "FAILED"


@rule("repair.rerun_dependent_tasks")
def test_rerun_dependent_tasks_also_reruns_succeeded_downstream_tasks():
    r = run(pipeline())
    fixed = repair(r, rerun_tasks=["bronze"], rerun_dependent_tasks=True)
    assert fixed.repairs[-1].rerun == ("bronze", "audit", "silver", "gold")


@rule("repair.rerun_dependent_tasks")
def test_rerun_dependent_tasks_combines_with_rerun_all_failed():
    j = job(nb("a"), nb("b", "a"), nb("report", "a", run_if="ALL_DONE"))
    r = run(j, a="FAILED")
    fixed = repair(r, rerun_all_failed_tasks=True, rerun_dependent_tasks=True, tasks={"a": ALWAYS_SUCCEEDS})
    assert fixed.repairs[-1].rerun == ("a", "b", "report")


@rule("repair.reuses_the_rest")
def test_reused_tasks_keep_their_task_values_for_rerun_tasks():
    j = job(nb("count"), nb("load", "count"),
            cond("check", "{{tasks.count.values.rows}}", "GREATER_THAN", "10", "load"), nb("big", ("check", "true")))
    r = run(j, count={"values": {"rows": 50}}, load="FAILED")
    fixed = repair(r, rerun_all_failed_tasks=True, tasks={"load": ALWAYS_SUCCEEDS})
    assert "count" not in fixed.repairs[-1].rerun
    assert fixed.tasks["check"].outcome == "true"
    assert fixed.state("big") == "SUCCESS"


@rule("repair.result_recomputed")
def test_result_is_recomputed_from_latest_states_after_a_repair():
    r = run(pipeline(), gold="FAILED")
    assert r.result_state == "FAILED"
    fixed = repair(r, rerun_all_failed_tasks=True, tasks={"gold": ALWAYS_SUCCEEDS})
    assert fixed.result_state == "SUCCESS"
    assert fixed.repairs[-1].result_state == "SUCCESS"


@rule("repair.current_settings")
def test_repair_uses_the_current_job_definition_edge_case_18():
    old = job(nb("a"), nb("b", "a"))
    r = run(old, a="FAILED")
    edited = job(nb("a", max_retries=1), nb("b", "a"))
    fixed = repair(r, edited, rerun_all_failed_tasks=True, tasks={"a": Behaviour(outcomes=(
        "FAILED", "SUCCESS"))})
    assert len(fixed.tasks["a"].attempts) == 2  # the retry policy added after the run applies
    assert fixed.state("b") == "SUCCESS"
    assert "repair.current_settings" in rules_for(fixed, None)


@rule("repair.latest_repair_id")
def test_a_second_repair_must_name_the_latest_repair_edge_case_19():
    r = run(pipeline(), silver="FAILED")
    once = repair(r, rerun_tasks=["silver"])
    with pytest.raises(InvalidRepair, match="latest repair ID needs to be provided"):
        repair(once, rerun_all_failed_tasks=True)
    twice = repair(once, rerun_all_failed_tasks=True, latest_repair_id=once.latest_repair_id,
                   tasks={"silver": ALWAYS_SUCCEEDS})
    assert twice.repair_count == 2
    assert twice.result_state == "SUCCESS"


@rule("repair.for_each_reruns_all_iterations")
def test_repairing_a_for_each_reruns_all_of_its_iterations():
    r = run(job(for_each("loop", '["a", "b", "c"]', concurrency=3)),
            loop={"iterations": {"1": {"outcomes": ["FAILED"]}}})
    fixed = repair(r, rerun_all_failed_tasks=True, tasks={"loop": ALWAYS_SUCCEEDS})
    assert len(fixed.tasks["loop"].iterations) == 3
    assert fixed.state("loop") == "SUCCESS"


@rule("run_now.fresh_run")
def test_run_now_is_a_new_run_that_runs_every_task_edge_case_20():
    r = run(pipeline(), silver="FAILED")
    fresh = run_now(pipeline(), scenario(pipeline()), after=r)
    assert fresh.run_id == r.run_id + 1
    assert all(tr.repair_id == 0 and tr.attempts for tr in fresh.tasks.values())
    assert fresh.task_seconds == 240


@rule("repair.rerun_all_failed_tasks")
def test_repair_costs_fewer_task_seconds_than_run_now():
    r = run(pipeline(), bronze=300, silver={"outcomes": ["FAILED"], "duration": 60}, gold=120, audit=200)
    fixed = repair(r, rerun_all_failed_tasks=True, tasks={"silver": Behaviour(durations=(60,))})
    fresh = run_now(pipeline(), scenario(pipeline(), bronze=300, silver=60, gold=120, audit=200), after=r)
    assert fixed.repairs[-1].task_seconds == 180
    assert fresh.task_seconds == 680


def test_a_repair_of_a_successful_run_reruns_nothing():
    fixed = repair(run(pipeline()), rerun_all_failed_tasks=True)
    assert fixed.repairs[-1].rerun == ()
    assert fixed.result_state == "SUCCESS"


def test_repair_needs_exactly_one_selection():
    r = run(pipeline(), silver="FAILED")
    with pytest.raises(InvalidRepair, match="exactly one"):
        repair(r)
    with pytest.raises(InvalidRepair, match="exactly one"):
        repair(r, rerun_tasks=["silver"], rerun_all_failed_tasks=True)


def test_repair_names_unknown_tasks():
    with pytest.raises(InvalidRepair, match="did you mean 'silver'"):
        repair(run(pipeline()), rerun_tasks=["silvr"])


def test_writes_from_the_failed_attempt_stay_after_a_repair():
    r = run(pipeline(), silver="FAILED")
    fixed = repair(r, rerun_tasks=["silver", "gold"], tasks={"silver": ALWAYS_SUCCEEDS})
    assert fixed.tasks["silver"].commit == "committed"
    assert r.tasks["silver"].commit == "partial"
    assert fixed.original["silver"].state == "FAILED"
