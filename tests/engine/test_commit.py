"""SEMANTICS §9.8 and decision 9: no rollback across tasks; failed tasks may have written part."""

from tests.jobdsl import job, nb, rule, run, states


@rule("commit.no_rollback")
def test_official_sample_question_a_fails_b_and_c_are_skipped_a_may_have_committed():
    # §15 sample question 1: A has no deps; B and C depend on A; A fails in a scheduled run.
    r = run(job(nb("A"), nb("B", "A"), nb("C", "A")), A="FAILED")
    assert states(r) == {"A": "FAILED", "B": "UPSTREAM_FAILED", "C": "UPSTREAM_FAILED"}
    assert r.partially_committed_tasks == ("A",)  # "some logic in A may have been committed"
    assert r.result_state == "FAILED"


@rule("commit.no_rollback")
def test_writes_of_tasks_that_finished_stay_when_a_later_task_fails_edge_case_21():
    r = run(job(nb("a"), nb("b", "a"), nb("c", "a")), c="FAILED")
    assert r.committed_tasks == ("a", "b")
    assert r.result_state == "FAILED"


@rule("commit.partial_on_failure")
def test_a_failed_task_may_have_committed_part_and_a_skipped_one_nothing():
    r = run(job(nb("a"), nb("b", "a")), a="FAILED")
    assert r.tasks["a"].commit == "partial"
    assert r.tasks["b"].commit == "none"


def test_condition_tasks_commit_nothing():
    from tests.jobdsl import cond

    r = run(job(cond("c", "1", "EQUAL_TO", "1"), nb("b", ("c", "true"))))
    assert r.tasks["c"].commit == "none"
    assert r.committed_tasks == ("b",)
