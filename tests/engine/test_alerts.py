"""SEMANTICS §12: which notifications a run sends, job level and task level."""

from lakedrill.engine.alerts import notifications
from tests.jobdsl import job, nb, rule, run

EMAIL = {"on_start": ["oncall@example.com"], "on_success": ["team@example.com"],
         "on_failure": ["oncall@example.com"]}


def sent(r):
    return [str(n) for n in notifications(r)]


@rule("alerts.job_alert_from_result")
def test_job_failure_alert_follows_the_runs_result():
    j = job(nb("a"), nb("b", "a"), email_notifications={"on_failure": ["oncall@example.com"]})
    assert sent(run(j, a="FAILED")) == ["job on_failure"]
    assert sent(run(j)) == []


@rule("alerts.job_alert_from_result")
def test_succeeded_with_failures_sends_the_success_alert_edge_case_27():
    j = job(nb("a"), nb("cleanup", "a", run_if="ALL_DONE"), email_notifications=EMAIL)
    r = run(j, a="FAILED")
    assert r.result_state == "SUCCESS_WITH_FAILURES"
    assert sent(r) == ["job on_start", "job on_success"]


@rule("alerts.no_job_alert_for_retried_failure")
def test_a_failure_a_retry_recovers_sends_no_job_alert_edge_case_26():
    j = job(nb("a", max_retries=2), email_notifications=EMAIL)
    assert sent(run(j, a=["FAILED", "SUCCESS"])) == ["job on_start", "job on_success"]


@rule("alerts.task_alert_per_attempt")
def test_task_failure_alerts_are_sent_for_each_failed_attempt():
    j = job(nb("a", max_retries=2, email_notifications={"on_failure": ["dev@example.com"]}))
    assert sent(run(j, a="FAILED")) == ["task a on_failure (1st attempt)", "task a on_failure (2nd attempt)",
                                        "task a on_failure (3rd attempt)"]


@rule("alerts.task_alert_per_attempt")
def test_alert_on_last_attempt_sends_only_the_last_failure():
    j = job(nb("a", max_retries=2, email_notifications={"on_failure": ["dev@example.com"], "on_start": ["x@y.z"]},
               notification_settings={"alert_on_last_attempt": True}))
    assert sent(run(j, a="FAILED")) == ["task a on_start (1st attempt)", "task a on_failure (3rd attempt)"]
    assert sent(run(j, a=["FAILED", "SUCCESS"])) == ["task a on_start (1st attempt)"]


@rule("alerts.duration_warning")
def test_duration_warning_needs_a_health_rule_and_a_longer_run():
    warn = {"on_duration_warning_threshold_exceeded": ["oncall@example.com"]}
    health = {"rules": [{"metric": "RUN_DURATION_SECONDS", "op": "GREATER_THAN", "value": 100}]}
    assert sent(run(job(nb("a"), email_notifications=warn, health=health), a=120)) == [
        "job on_duration_warning_threshold_exceeded"]
    assert sent(run(job(nb("a"), email_notifications=warn, health=health), a=90)) == []
    assert sent(run(job(nb("a"), email_notifications=warn), a=120)) == []


def test_alert_on_last_attempt_ignored():
    from lakedrill.engine.alerts import task_alert_attempts
    from lakedrill.engine.misconceptions import MISCONCEPTIONS
    from lakedrill.engine.states import RunResultState as S

    belief = MISCONCEPTIONS["alert_on_last_attempt_ignored"].semantics
    states = (S.FAILED, S.FAILED, S.FAILED)
    assert task_alert_attempts(states, True) == (2,)
    assert belief.task_alert_attempts(states, True) == (0, 1, 2)


def test_task_alert_once():
    from lakedrill.engine.alerts import task_alert_attempts
    from lakedrill.engine.misconceptions import MISCONCEPTIONS
    from lakedrill.engine.states import RunResultState as S

    belief = MISCONCEPTIONS["task_alert_once"].semantics
    # Not muted, 2 failed attempts then a success: the truth alerts twice, the belief not at all.
    states = (S.FAILED, S.FAILED, S.SUCCESS)
    assert task_alert_attempts(states, False) == (0, 1)
    assert belief.task_alert_attempts(states, False) == ()
