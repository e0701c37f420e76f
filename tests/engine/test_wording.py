"""The words the engine writes: attempts counted from 1 as people count them (the API's 0-based
attempt_number stays in the data), plurals, ordinals and money, and condition operands as the docs
write them."""

import pytest

from lakedrill.engine.alerts import notifications
from lakedrill.engine.export import run_as_dict
from lakedrill.engine.words import attempt, every, money, ordinal, plural, quantity, singular
from tests.jobdsl import cond, job, nb, run


def messages(r, key):
    return [step.message for step in r.trace if step.task_key == key]


def test_ordinals_and_plurals():
    assert [ordinal(n) for n in (1, 2, 3, 4, 11, 12, 13, 21, 22, 101, 111)] == [
        "1st", "2nd", "3rd", "4th", "11th", "12th", "13th", "21st", "22nd", "101st", "111th"]
    assert attempt(0) == "1st attempt" and attempt(1) == "2nd attempt"
    assert [plural(n, "run") for n in (0, 1, 2)] == ["0 runs", "1 run", "2 runs"]
    assert plural(1, "retry") == "1 retry" and plural(3, "retry") == "3 retries"
    assert every(2, "attempt") == "both attempts" and every(3, "attempt") == "all 3 attempts"
    assert [singular(u) for u in ("emails", "minutes", "retries", "class")] == ["email", "minute", "retry", "class"]


def test_money_is_written_in_dollars_and_cents():
    assert money(3.8) == "$3.80"
    assert money(12) == "$12.00"
    assert money(1234.5) == "$1,234.50"
    assert quantity(3.8, "dollars") == "$3.80"
    assert quantity(1, "dollars") == "$1.00"
    assert quantity(1, "emails") == "1 email" and quantity(2, "emails") == "2 emails"
    assert quantity(90, "seconds") == "90 seconds" and quantity(4) == "4"


def test_a_task_that_succeeds_on_a_retry_says_which_attempt_counting_from_one():
    r = run(job(nb("a", max_retries=3)), a={"outcomes": ["FAILED", "SUCCESS"], "duration": 30})
    assert r.tasks["a"].reason == "succeeded on its 2nd attempt, after 1 retry"
    r = run(job(nb("a", max_retries=3)), a={"outcomes": ["FAILED", "FAILED", "SUCCESS"], "duration": 30})
    assert r.tasks["a"].reason == "succeeded on its 3rd attempt, after 2 retries"
    assert run(job(nb("a")), a=30).tasks["a"].reason == "succeeded"


def test_a_task_that_fails_every_attempt_says_all_of_them():
    r = run(job(nb("a", max_retries=2)), a={"outcomes": ["FAILED"], "duration": 10})
    assert r.tasks["a"].reason == "its code failed on all 3 attempts"
    r = run(job(nb("a", max_retries=1)), a={"outcomes": ["FAILED"], "duration": 10})
    assert r.tasks["a"].reason == "its code failed on both attempts"
    assert run(job(nb("a")), a="FAILED").tasks["a"].reason == "its code failed"
    r = run(job(nb("a", max_retries=2, timeout_seconds=60, retry_on_timeout=True)), a={"duration": 100})
    assert r.tasks["a"].reason == "timed out (timeout_seconds=60) on all 3 attempts"


def test_trace_steps_count_attempts_from_one_and_retries_from_one():
    r = run(job(nb("a", max_retries=2)), a={"outcomes": ["FAILED"], "duration": 10})
    said = messages(r, "a")
    assert "its 1st attempt failed at 10s; retry 1 of 2, its 2nd attempt, starts at 10s" in said
    assert "its 2nd attempt failed at 20s; retry 2 of 2, its 3rd attempt, starts at 20s" in said
    assert "its 3rd attempt failed; all 3 attempts (1 + max_retries=2) are used" in said
    assert not any("attempt 0" in m or "attempt 1" in m for m in said)
    r = run(job(nb("a", timeout_seconds=60)), a={"duration": 100})
    assert "its 1st attempt ran past timeout_seconds=60 and timed out at 60s" in messages(r, "a")


def test_json_keeps_the_apis_zero_based_attempt_number():
    r = run(job(nb("a", max_retries=1)), a={"outcomes": ["FAILED", "SUCCESS"], "duration": 10})
    history = run_as_dict(r)["tasks"]["a"]["attempt_history"]
    assert [h["attempt"] for h in history] == [0, 1]
    assert run_as_dict(r)["tasks"]["a"]["attempts"] == 2


def test_a_notification_names_its_attempt_counting_from_one():
    j = job(nb("a", max_retries=1, email_notifications={"on_failure": ["x@example.com"]}))
    r = run(j, a="FAILED")
    assert [str(n) for n in notifications(r)] == ["task a on_failure (1st attempt)", "task a on_failure (2nd attempt)"]


@pytest.mark.parametrize(("op", "left", "right", "said"), [
    ("GREATER_THAN", "1250", "0", "1250 > 0 is true (compared as numbers)"),
    ("EQUAL_TO", "12.0", "12", "12.0 == 12 is false (compared as text)"),
    ("EQUAL_TO", "", "x", '"" == x is false (compared as text)'),
])
def test_a_condition_shows_its_operands_as_the_docs_write_them(op, left, right, said):
    r = run(job(cond("c", left, op, right)))
    assert r.tasks["c"].reason == said


# ----------------------------------------------------------------------------- misconception texts

# Beliefs whose number is the belief itself (the setting it is about), never a variant's number.
NUMBER_IS_THE_BELIEF = {"zero_means_unlimited", "limited_streaming_retries"}


def test_belief_and_correction_texts_state_no_setting_a_variant_could_contradict():
    # "max_retries: 3" or "(1 by default)" in a belief contradicts a stem that says otherwise; an
    # illustration of the rule itself ("9 < 10 is true") cannot.
    import re

    from lakedrill.engine.misconceptions import MISCONCEPTIONS

    setting = re.compile(r"\b[a-z]+(?:_[a-z]+)+\s*[:=]?\s*-?\d|\d+ by default|\bdefault(?:s)? (?:is|of) \d")
    for m in MISCONCEPTIONS.values():
        if m.id in NUMBER_IS_THE_BELIEF:
            continue
        for text in (m.belief, m.correction):
            assert not setting.search(text), (m.id, text)


def test_the_retry_belief_is_general_whatever_max_retries_a_stem_gives():
    from lakedrill.engine.misconceptions import MISCONCEPTIONS

    m = MISCONCEPTIONS["first_attempt_is_a_retry"]
    assert m.belief == "max_retries counts the first attempt, so a task runs at most max_retries times in all."
    assert m.correction == ("max_retries counts the retries after the first attempt: a task runs at most "
                            "max_retries + 1 times.")


def test_belief_texts_are_plain_words_with_no_markdown():
    # A belief is printed as it is (the quiz summary, lakedrill stats): no `code` or **bold** in it.
    from lakedrill.engine.misconceptions import MISCONCEPTIONS

    for m in MISCONCEPTIONS.values():
        assert "`" not in m.belief and "*" not in m.belief, m.id
        assert m.correction.count("`") % 2 == 0 and "**" not in m.correction, m.id
