"""Each named wrong belief predicts something different from Databricks on some job.

A misconception is the true semantics with one rule swapped; a test here fails if a belief
stops being distinguishable from the truth (it would then make a wrong option equal to the key).
"""

import pytest

from lakedrill.engine import MISCONCEPTIONS, RULES, repair, run_now, simulate
from tests.jobdsl import cond, for_each, job, nb, scenario


def under(misconception_id, j, s):
    return simulate(j, s, semantics=MISCONCEPTIONS[misconception_id].semantics), simulate(j, s)


def test_at_least_eight_misconceptions_each_naming_a_real_rule():
    assert len(MISCONCEPTIONS) >= 8
    for m in MISCONCEPTIONS.values():
        assert m.contradicts in RULES, m.id
        assert m.belief and m.correction and m.id == m.semantics.name


def test_job_rolls_back():
    j = job(nb("a"), nb("b", "a"), nb("c", "a"))
    belief, truth = under("job_rolls_back", j, scenario(j, c="FAILED"))
    assert truth.committed_tasks == ("a", "b")
    assert belief.committed_tasks == ()


def test_failed_task_writes_nothing():
    j = job(nb("a"))
    belief, truth = under("failed_task_writes_nothing", j, scenario(j, a="FAILED"))
    assert (truth.tasks["a"].commit, belief.tasks["a"].commit) == ("partial", "none")


def test_excluded_counts_as_failed():
    j = job(nb("a"), nb("alert", "a", run_if="AT_LEAST_ONE_FAILED"), nb("b"), nb("next", "alert", "b"))
    belief, truth = under("excluded_counts_as_failed", j, scenario(j))
    assert truth.state("next") == "SUCCESS"
    assert belief.state("next") == "UPSTREAM_FAILED"


def test_downstream_runs_anyway():
    j = job(nb("a"), nb("b", "a"))
    belief, truth = under("downstream_runs_anyway", j, scenario(j, a="FAILED"))
    assert (truth.state("b"), belief.state("b")) == ("UPSTREAM_FAILED", "SUCCESS")


def test_all_done_needs_success():
    j = job(nb("a"), nb("cleanup", "a", run_if="ALL_DONE"))
    belief, truth = under("all_done_needs_success", j, scenario(j, a="FAILED"))
    assert (truth.state("cleanup"), belief.state("cleanup")) == ("SUCCESS", "UPSTREAM_FAILED")


def test_all_excluded_still_runs():
    j = job(nb("a"), nb("alert", "a", run_if="AT_LEAST_ONE_FAILED"), nb("cleanup", "alert", run_if="ALL_DONE"))
    belief, truth = under("all_excluded_still_runs", j, scenario(j))
    assert (truth.state("cleanup"), belief.state("cleanup")) == ("EXCLUDED", "SUCCESS")


def test_equality_compares_numbers():
    j = job(cond("c", "12.0", "EQUAL_TO", "12"), nb("t", ("c", "true")))
    belief, truth = under("equality_compares_numbers", j, scenario(j))
    assert (truth.tasks["c"].outcome, belief.tasks["c"].outcome) == ("false", "true")


def test_ordering_compares_text():
    # 9 > 10 is false as numbers; the text "9" sorts after "10".
    j = job(cond("c", "9", "GREATER_THAN", "10"), nb("t", ("c", "true")))
    belief, truth = under("ordering_compares_text", j, scenario(j))
    assert (truth.tasks["c"].outcome, belief.tasks["c"].outcome) == ("false", "true")
    # == is not an ordering operator: the belief leaves it alone.
    j = job(cond("c", "12.0", "EQUAL_TO", "12"), nb("t", ("c", "true")))
    belief, truth = under("ordering_compares_text", j, scenario(j))
    assert truth.tasks["c"].outcome == belief.tasks["c"].outcome == "false"


def test_uncomparable_value_is_false():
    j = job(nb("a"), cond("c", "{{tasks.a.values.rows}}", "GREATER_THAN", "100", "a"))
    belief, truth = under("uncomparable_value_is_false", j, scenario(j, a={"values": {"rows": [120, 45]}}))
    assert (truth.state("c"), truth.tasks["c"].outcome) == ("FAILED", None)
    assert (belief.state("c"), belief.tasks["c"].outcome) == ("SUCCESS", "false")


def test_untaken_branch_fails():
    j = job(cond("c", "1", "EQUAL_TO", "1"), nb("yes", ("c", "true")), nb("no", ("c", "false")))
    belief, truth = under("untaken_branch_fails", j, scenario(j))
    assert (truth.state("no"), belief.state("no")) == ("EXCLUDED", "UPSTREAM_FAILED")
    assert (truth.result_state, belief.result_state) == ("SUCCESS", "FAILED")


def test_any_failure_fails_job():
    j = job(nb("a"), nb("cleanup", "a", run_if="ALL_DONE"))
    belief, truth = under("any_failure_fails_job", j, scenario(j, a="FAILED"))
    assert (truth.result_state, belief.result_state) == ("SUCCESS_WITH_FAILURES", "FAILED")


def test_with_failures_whatever_failed():
    # "Failed: one or more leaf tasks failed" (docs jobs/run-if): the failed leaf decides, even
    # though another task succeeded.
    j = job(nb("a"), nb("report", "a"), nb("audit", "a"))
    belief, truth = under("with_failures_whatever_failed", j, scenario(j, audit="FAILED"))
    assert (truth.result_state, belief.result_state) == ("FAILED", "SUCCESS_WITH_FAILURES")
    # With every leaf successful both agree: the belief swaps only the failed-leaf case.
    k = job(nb("a"), nb("cleanup", "a", run_if="ALL_DONE"))
    belief, truth = under("with_failures_whatever_failed", k, scenario(k, a="FAILED"))
    assert truth.result_state == belief.result_state == "SUCCESS_WITH_FAILURES"


def test_first_attempt_is_a_retry():
    j = job(nb("a", max_retries=3))
    belief, truth = under("first_attempt_is_a_retry", j, scenario(j, a="FAILED"))
    assert (len(truth.tasks["a"].attempts), len(belief.tasks["a"].attempts)) == (4, 3)


def test_timeout_always_retried():
    j = job(nb("a", timeout_seconds=60, max_retries=1))
    belief, truth = under("timeout_always_retried", j, scenario(j, a=90))
    assert (len(truth.tasks["a"].attempts), len(belief.tasks["a"].attempts)) == (1, 2)


def test_job_timeout_per_task():
    # Two 80 s tasks in a row under a 100 s job timeout: the run times out at 100 (the second task
    # is cut); the belief lets each task have its 100 s and the run succeed at 160.
    j = job(nb("a"), nb("b", "a"), timeout_seconds=100)
    belief, truth = under("job_timeout_per_task", j, scenario(j, a=80, b=80))
    assert (truth.result_state, truth.duration) == ("TIMEDOUT", 100)
    assert (belief.result_state, belief.duration) == ("SUCCESS", 160)


def test_retry_interval_from_end():
    j = job(nb("a", max_retries=1, min_retry_interval_millis=60_000))
    s = scenario(j, a={"outcomes": ["FAILED", "SUCCESS"], "duration": 30})
    belief, truth = under("retry_interval_from_end", j, s)
    assert (truth.tasks["a"].attempts[1].start, belief.tasks["a"].attempts[1].start) == (60, 90)


def test_independent_tasks_run_sequentially():
    j = job(nb("a"), nb("b"), nb("c"), nb("d", "a", "b", "c"))
    belief, truth = under("independent_tasks_run_sequentially", j, scenario(j))
    assert (truth.duration, belief.duration) == (120, 240)


def test_for_each_runs_all_at_once():
    j = job(for_each("loop", "[1, 2, 3, 4]", concurrency=2))
    belief, truth = under("for_each_runs_all_at_once", j, scenario(j))
    assert (truth.duration, belief.duration) == (120, 60)


@pytest.mark.parametrize("belief_id,expected", [("repair_reruns_everything", ("a", "b", "c", "d"))])
def test_repair_beliefs(belief_id, expected):
    j = job(nb("a"), nb("b"), nb("c", "a"), nb("d", "c"))
    r = simulate(j, scenario(j, c="FAILED"))
    truth = repair(r, rerun_all_failed_tasks=True)
    belief = repair(r, rerun_all_failed_tasks=True, semantics=MISCONCEPTIONS[belief_id].semantics)
    assert truth.repairs[-1].rerun == ("c", "d")
    assert belief.repairs[-1].rerun == expected


def test_run_now_reruns_only_failed():
    j = job(nb("a"), nb("b", "a"))
    s = scenario(j, b="FAILED")
    r = simulate(j, s)
    truth = run_now(j, scenario(j), after=r)
    belief = run_now(j, scenario(j), after=r, semantics=MISCONCEPTIONS["run_now_reruns_only_failed"].semantics)
    assert truth.task_seconds == 120
    assert tuple(belief.original) == ("b",)  # the belief's new run executes only the failed task
    assert belief.task_seconds == 60
    assert belief.states == {"a": "SUCCESS", "b": "SUCCESS"}
    assert belief.run_id == truth.run_id == 2


def test_task_parameter_wins():
    j = job(nb("a", notebook_task={"notebook_path": "/x", "base_parameters": {"env": "dev"}}),
            parameters=[{"name": "env", "default": "prod"}])
    belief, truth = under("task_parameter_wins", j, scenario(j))
    assert (truth.tasks["a"].parameters["env"], belief.tasks["a"].parameters["env"]) == ("prod", "dev")


def test_skipped_handler_is_upstream_failed():
    j = job(nb("a"), nb("alert", "a", run_if="AT_LEAST_ONE_FAILED"))
    belief, truth = under("skipped_handler_is_upstream_failed", j, scenario(j))
    assert (truth.state("alert"), belief.state("alert")) == ("EXCLUDED", "UPSTREAM_FAILED")


def test_all_failed_like_any_failed():
    j = job(nb("a"), nb("b"), nb("incident", "a", "b", run_if="ALL_FAILED"))
    belief, truth = under("all_failed_like_any_failed", j, scenario(j, a="FAILED"))
    assert (truth.state("incident"), belief.state("incident")) == ("EXCLUDED", "SUCCESS")


def test_any_failed_needs_all_failed():
    j = job(nb("a"), nb("b"), nb("notify", "a", "b", run_if="AT_LEAST_ONE_FAILED"))
    belief, truth = under("any_failed_needs_all_failed", j, scenario(j, a="FAILED"))
    assert (truth.state("notify"), belief.state("notify")) == ("SUCCESS", "EXCLUDED")


def test_skipped_is_not_failure():
    j = job(nb("a"), nb("b", "a"), nb("alert", "b", run_if="AT_LEAST_ONE_FAILED"), nb("c", "b"))
    belief, truth = under("skipped_is_not_failure", j, scenario(j, a="FAILED"))
    assert (truth.state("alert"), belief.state("alert")) == ("SUCCESS", "EXCLUDED")


def test_for_each_fails_fast():
    j = job(for_each("loop", "[1, 2, 3]"))
    belief, truth = under("for_each_fails_fast", j, scenario(j, loop={"iterations": {"0": {"outcomes": ["FAILED"]}}}))
    assert (len(truth.tasks["loop"].iterations), len(belief.tasks["loop"].iterations)) == (3, 1)
    assert (truth.duration, belief.duration) == (180, 60)


def test_for_each_fails_fast_keeps_iterations_that_started_before_the_failure():
    j = job(for_each("loop", "[1, 2, 3, 4]", concurrency=2))
    s = scenario(j, loop={"duration": 60, "iterations": {"0": {"outcomes": ["FAILED"]}, "1": {"duration": 120}}})
    belief, truth = under("for_each_fails_fast", j, s)
    assert len(truth.tasks["loop"].iterations) == 4
    assert [it.index for it in belief.tasks["loop"].iterations] == [0, 1]  # 1 was already running


def test_failed_condition_takes_false_branch():
    j = job(cond("c", "abc", "GREATER_THAN", "1"), nb("yes", ("c", "true")), nb("no", ("c", "false")))
    belief, truth = under("failed_condition_takes_false_branch", j, scenario(j))
    assert (truth.state("no"), belief.state("no")) == ("UPSTREAM_FAILED", "SUCCESS")


def test_booleans_compare_capitalised():
    j = job(nb("a"), cond("c", "{{tasks.a.values.ok}}", "EQUAL_TO", "true", "a"))
    belief, truth = under("booleans_compare_capitalised", j, scenario(j, a={"values": {"ok": True}}))
    assert (truth.tasks["c"].outcome, belief.tasks["c"].outcome) == ("true", "false")


def test_rerun_dependents_only_failed():
    j = job(nb("a"), nb("b", "a", run_if="ALL_DONE"), nb("c", "a"))
    r = simulate(j, scenario(j, a="FAILED"))
    truth = repair(r, rerun_tasks=["a"], rerun_dependent_tasks=True)
    belief = repair(r, rerun_tasks=["a"], rerun_dependent_tasks=True,
                    semantics=MISCONCEPTIONS["rerun_dependents_only_failed"].semantics)
    assert truth.repairs[-1].rerun == ("a", "b", "c")
    assert belief.repairs[-1].rerun == ("a", "c")


def test_shared_cluster_per_task():
    from lakedrill.engine.compute import clusters

    j = job(nb("a", job_cluster_key="etl"), nb("b", job_cluster_key="etl"),
            job_clusters=[{"job_cluster_key": "etl", "new_cluster": {}}])
    r = simulate(j, scenario(j, a=100, b=100))
    belief = MISCONCEPTIONS["shared_cluster_per_task"].semantics
    assert clusters(r)[0].seconds == 100
    assert clusters(r, lifetime=belief.cluster_lifetime)[0].seconds == 200


@pytest.mark.parametrize("belief_id,workload,truth_choice,belief_choice", [
    ("all_purpose_for_production", "production_batch", "serverless", "all_purpose"),
    ("all_purpose_for_production", "classic_only_batch", "job_cluster", "all_purpose"),
    ("job_cluster_for_production", "production_batch", "serverless", "job_cluster"),
    ("all_purpose_for_notebooks", "interactive_development", "serverless", "all_purpose"),
    ("serverless_despite_limits", "frequent_short_jobs", "instance_pool", "serverless"),
    ("serverless_despite_limits", "interactive_classic_only", "all_purpose", "serverless"),
    ("no_pool_for_start_up", "frequent_short_jobs", "instance_pool", "job_cluster"),
    ("sql_on_serverless", "sql_analytics", "sql_warehouse", "serverless")])
def test_compute_beliefs(belief_id, workload, truth_choice, belief_choice):
    from lakedrill.engine.semantics import DATABRICKS

    assert DATABRICKS.recommend_compute(workload) == truth_choice
    assert MISCONCEPTIONS[belief_id].semantics.recommend_compute(workload) == belief_choice


def test_streaming_on_a_schedule():
    from lakedrill.engine.semantics import DATABRICKS

    assert DATABRICKS.streaming_settings(False)["max_concurrent_runs"] == 1
    assert MISCONCEPTIONS["streaming_on_a_schedule"].semantics.streaming_settings(False)["max_concurrent_runs"] > 1


def test_limited_streaming_retries():
    from lakedrill.engine.semantics import DATABRICKS

    belief = MISCONCEPTIONS["limited_streaming_retries"].semantics
    assert (DATABRICKS.streaming_settings(False)["max_retries"], belief.streaming_settings(False)["max_retries"]) == (
        -1, 3)


def test_legacy_recipe_today():
    from lakedrill.engine.semantics import DATABRICKS

    assert DATABRICKS.streaming_settings(True) == {"continuous": True}
    assert MISCONCEPTIONS["legacy_recipe_today"].semantics.streaming_settings(True) == {
        "max_retries": -1, "max_concurrent_runs": 1}


@pytest.mark.parametrize("belief_id,result,retried,extra", [
    ("retried_failure_alerts_job", "SUCCESS", True, "on_failure"),
    ("with_failures_alerts_failure", "SUCCESS_WITH_FAILURES", False, "on_failure")])
def test_alert_beliefs(belief_id, result, retried, extra):
    from lakedrill.engine.semantics import DATABRICKS
    from lakedrill.engine.states import RunResultState

    state = RunResultState(result)
    assert extra not in DATABRICKS.job_alert_events(state, retried)
    assert extra in MISCONCEPTIONS[belief_id].semantics.job_alert_events(state, retried)


@pytest.mark.parametrize("belief_id,item", [
    ("pipeline_schedules_itself", "the schedule or trigger that starts a run"),
    ("job_defines_transformations", "the transformation logic from bronze to silver"),
    ("job_configures_the_pipeline", "the compute the pipeline's updates run on")])
def test_pipeline_beliefs(belief_id, item):
    from lakedrill.engine.semantics import DATABRICKS

    assert DATABRICKS.owner_of(item) != MISCONCEPTIONS[belief_id].semantics.owner_of(item)


def test_beliefs_about_a_jobs_approach():
    from lakedrill.engine.semantics import DATABRICKS

    assert [DATABRICKS.job_approach()] + [MISCONCEPTIONS[m].semantics.job_approach() for m in (
        "jobs_have_no_approach", "jobs_are_declarative")] == ["procedural", "neither", "declarative"]


def test_run_uses_default_parameters():
    j = job(nb("a"), parameters=[{"name": "env", "default": "dev"}])
    belief, truth = under("run_uses_default_parameters", j, scenario(j, {"job_parameters": {"env": "prod"}}))
    assert (truth.tasks["a"].parameters["env"], belief.tasks["a"].parameters["env"]) == ("prod", "dev")


def test_values_keep_python_repr():
    j = job(nb("a"), nb("b", "a", notebook_task={"notebook_path": "/b", "base_parameters": {"ok": "{{tasks.a.values.ok}}"}}))
    belief, truth = under("values_keep_python_repr", j, scenario(j, a={"values": {"ok": False}}))
    assert (truth.tasks["b"].parameters["ok"], belief.tasks["b"].parameters["ok"]) == ("false", "False")


def test_every_misconception_has_a_distinguishing_test():
    import pathlib

    # Here, or beside the rules it breaks (runs over time in test_timeline.py, compute in test_compute.py).
    text = "".join(p.read_text() for p in pathlib.Path(__file__).parent.glob("test_*.py"))
    missing = [m for m in MISCONCEPTIONS if f"def test_{m}(" not in text and f'"{m}"' not in text]
    assert not missing, f"misconceptions without a distinguishing test: {missing}"


def test_misconceptions_agree_with_the_truth_where_their_rule_does_not_matter():
    # A plain chain that succeeds: only beliefs about timing of independent tasks could differ,
    # and a chain has none. A belief that changes this answer is more than one rule swapped.
    j = job(nb("a"), nb("b", "a"), nb("c", "b"))
    truth = simulate(j, scenario(j))
    for m in MISCONCEPTIONS.values():
        other = simulate(j, scenario(j), semantics=m.semantics)
        assert other.states == truth.states, m.id
        assert other.duration == truth.duration, m.id
