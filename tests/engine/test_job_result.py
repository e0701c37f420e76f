"""SEMANTICS §3 and decision 3: the job run's result from its leaf tasks."""

from tests.jobdsl import job, nb, rule, rules_for, run


@rule("job_result.from_leaves")
def test_run_succeeds_when_every_task_succeeds():
    assert run(job(nb("a"), nb("b", "a"))).result_state == "SUCCESS"


@rule("job_result.from_leaves")
def test_middle_failure_with_a_successful_all_done_leaf_is_succeeded_with_failures():
    # §3.5 and edge case 7: the cleanup leaf keeps the run from being Failed.
    r = run(job(nb("ingest"), nb("transform", "ingest"), nb("cleanup", "transform", run_if="ALL_DONE")),
            transform="FAILED")
    assert r.state("cleanup") == "SUCCESS"
    assert r.result_state == "SUCCESS_WITH_FAILURES"


@rule("job_result.from_leaves")
def test_a_failed_leaf_fails_the_run():
    r = run(job(nb("a"), nb("b", "a"), nb("c", "a")), c="FAILED")
    assert r.result_state == "FAILED"


@rule("job_result.excluded_leaf_succeeds")
def test_excluded_leaf_counts_as_success_edge_case_7():
    r = run(job(nb("a"), nb("b", "a"), nb("alert", "b", run_if="AT_LEAST_ONE_FAILED")))
    assert r.state("alert") == "EXCLUDED"
    assert r.result_state == "SUCCESS"
    assert "job_result.excluded_leaf_succeeds" in rules_for(r, None)


@rule("job_result.disabled_leaf_succeeds")
def test_disabled_leaf_counts_as_success():
    r = run(job(nb("a"), nb("report", "a", disabled=True)))
    assert r.result_state == "SUCCESS"
    assert "job_result.disabled_leaf_succeeds" in rules_for(r, None)


@rule("job_result.skipped_leaf_fails")
def test_upstream_failed_leaf_fails_the_run_edge_case_7():
    r = run(job(nb("a"), nb("b", "a")), a="FAILED")
    assert r.state("b") == "UPSTREAM_FAILED"
    assert r.result_state == "FAILED"
    assert "job_result.skipped_leaf_fails" in rules_for(r, None)


@rule("job_result.timedout_or_canceled_leaf_fails")
def test_timed_out_or_canceled_leaf_fails_the_run():
    assert run(job(nb("a"), nb("b", "a")), b="TIMEDOUT").result_state == "FAILED"
    assert run(job(nb("a"), nb("b", "a")), b="CANCELED").result_state == "FAILED"


@rule("job_result.from_leaves")
def test_a_failure_handler_leaf_that_ran_keeps_the_run_succeeded_with_failures():
    r = run(job(nb("load"), nb("alert", "load", run_if="AT_LEAST_ONE_FAILED")), load="FAILED")
    assert r.state("alert") == "SUCCESS"
    assert r.result_state == "SUCCESS_WITH_FAILURES"


@rule("job_result.from_leaves")
def test_only_leaves_decide_between_failed_and_succeeded_with_failures():
    # Two leaves: one fed by a failed task through ALL_DONE, one plain success.
    j = job(nb("a"), nb("b", "a"), nb("c", "b", run_if="ALL_DONE"), nb("d", "a"))
    assert run(j, b="FAILED").result_state == "SUCCESS_WITH_FAILURES"
    assert run(j, d="FAILED").result_state == "FAILED"
