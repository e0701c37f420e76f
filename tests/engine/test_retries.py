"""SEMANTICS §7 and decision 6: retries, intervals and timeouts."""

import pytest

from lakedrill.engine import InvalidScenario
from tests.jobdsl import job, nb, rule, rules_for, run


def attempts(r, key="a"):
    return [(a.number, a.start, a.end, a.state.value) for a in r.tasks[key].attempts]


@rule("retry.attempts")
def test_attempts_are_one_plus_max_retries():
    r = run(job(nb("a", max_retries=2)), a={"outcomes": ["FAILED"], "duration": 10})
    assert attempts(r) == [(0, 0, 10, "FAILED"), (1, 10, 20, "FAILED"), (2, 20, 30, "FAILED")]
    assert r.state("a") == "FAILED"


@rule("retry.attempts")
def test_no_retries_by_default():
    r = run(job(nb("a")), a="FAILED")
    assert len(r.tasks["a"].attempts) == 1


@rule("retry.attempts")
def test_retries_stop_at_the_first_success():
    r = run(job(nb("a", max_retries=3), nb("b", "a")), a={"outcomes": ["FAILED", "SUCCESS"], "duration": 30})
    assert attempts(r) == [(0, 0, 30, "FAILED"), (1, 30, 60, "SUCCESS")]
    assert r.state("a") == "SUCCESS"
    assert r.tasks["b"].start == 60


@rule("retry.attempts")
def test_minus_one_retries_without_limit_edge_case_14():
    r = run(job(nb("a", max_retries=-1)), a={"outcomes": ["FAILED"] * 5 + ["SUCCESS"], "duration": 1})
    assert len(r.tasks["a"].attempts) == 6
    assert r.state("a") == "SUCCESS"


def test_unlimited_retries_that_never_succeed_are_a_scenario_error():
    with pytest.raises(InvalidScenario, match="would never end"):
        run(job(nb("a", max_retries=-1)), a="FAILED")


@rule("retry.interval_from_start")
def test_retry_interval_is_measured_from_the_start_of_the_failed_attempt_edge_case_14():
    r = run(job(nb("a", max_retries=1, min_retry_interval_millis=60_000)),
            a={"outcomes": ["FAILED", "SUCCESS"], "duration": 20})
    assert attempts(r)[1][1] == 60  # 0 + 60 s, not 20 + 60 s
    assert "retry.interval_from_start" in rules_for(r, "a")


@rule("retry.interval_from_start")
def test_a_retry_never_starts_before_the_failed_attempt_ended():
    r = run(job(nb("a", max_retries=1, min_retry_interval_millis=30_000)),
            a={"outcomes": ["FAILED", "SUCCESS"], "duration": 100})
    assert attempts(r)[1][1] == 100


@rule("retry.interval_from_start")
def test_retry_interval_in_milliseconds_keeps_fractions_exact():
    r = run(job(nb("a", max_retries=1, min_retry_interval_millis=1500)),
            a={"outcomes": ["FAILED", "SUCCESS"], "duration": 1})
    assert attempts(r)[1][1] == 1.5


@rule("timeout.per_attempt")
def test_an_attempt_longer_than_the_timeout_ends_timed_out_at_the_timeout():
    r = run(job(nb("a", timeout_seconds=300), nb("b", "a")), a=600)
    assert attempts(r) == [(0, 0, 300, "TIMEDOUT")]
    assert r.state("b") == "UPSTREAM_FAILED"


@rule("timeout.per_attempt")
def test_an_attempt_exactly_as_long_as_the_timeout_does_not_time_out():
    assert run(job(nb("a", timeout_seconds=300)), a=300).state("a") == "SUCCESS"


@rule("retry.timeout_needs_retry_on_timeout")
def test_timed_out_attempt_is_not_retried_without_retry_on_timeout_edge_case_6():
    r = run(job(nb("a", timeout_seconds=60, max_retries=2)), a=90)
    assert attempts(r) == [(0, 0, 60, "TIMEDOUT")]
    assert "retry.timeout_needs_retry_on_timeout" in rules_for(r, "a")


@rule("retry.timeout_needs_retry_on_timeout")
def test_timed_out_attempt_is_retried_with_retry_on_timeout():
    r = run(job(nb("a", timeout_seconds=60, max_retries=2, retry_on_timeout=True)),
            a={"duration": [90, 30]})
    assert attempts(r) == [(0, 0, 60, "TIMEDOUT"), (1, 60, 90, "SUCCESS")]


@rule("timeout.per_attempt")
def test_timeout_applies_to_each_attempt_not_the_whole_task():
    r = run(job(nb("a", timeout_seconds=100, max_retries=1)),
            a={"outcomes": ["FAILED", "SUCCESS"], "duration": [80, 80]})
    assert attempts(r) == [(0, 0, 80, "FAILED"), (1, 80, 160, "SUCCESS")]


@rule("retry.canceled_not_retried")
def test_canceled_attempt_is_not_retried():
    r = run(job(nb("a", max_retries=3)), a="CANCELED")
    assert attempts(r) == [(0, 0, 60, "CANCELED")]
    assert r.state("a") == "CANCELED"


@rule("scenario.given")
def test_unspecified_tasks_succeed_in_sixty_seconds():
    r = run(job(nb("a")))
    assert attempts(r) == [(0, 0, 60, "SUCCESS")]
