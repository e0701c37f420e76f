"""Runs of a job over a window (SEMANTICS §8, §11, §12.4): skipped or queued under
max_concurrent_runs, schedules and triggers, pausing, continuous mode, and the alerts runs send."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lakedrill.engine import parse_scenario
from lakedrill.engine.alerts import timeline_alerts
from lakedrill.engine.errors import InvalidScenario
from lakedrill.engine.misconceptions import MISCONCEPTIONS
from lakedrill.engine.timeline import simulate_runs
from tests.jobdsl import job, nb, rule

HOURLY = {"quartz_cron_expression": "0 0 * * * ?", "timezone_id": "UTC"}
WINDOW = "2026-01-05T00:00:00Z"


def timeline(settings: dict, runs: dict, tasks: dict | None = None, semantics=None):
    j = job(nb("load"), **settings)
    scenario = parse_scenario({"tasks": tasks or {}, "runs": {"start": WINDOW, **runs}}, j)
    return simulate_runs(j, scenario, **({"semantics": semantics} if semantics else {}))


def summary(t) -> list[tuple]:
    return [(r.trigger_time, r.state, r.start, r.end) for r in t.runs]


@rule("concurrency.start_below_limit")
def test_a_run_starts_while_fewer_than_max_concurrent_runs_are_active():
    t = timeline({"schedule": HOURLY, "max_concurrent_runs": 2}, {"hours": 3, "durations": [5400]})
    assert summary(t) == [(0, "TERMINATED", 0, 5400), (3600, "TERMINATED", 3600, 9000),
                          (7200, "TERMINATED", 7200, 12600)]
    assert t.max_active == 2


@rule("concurrency.skip_when_full")
def test_with_queueing_off_a_run_that_meets_the_limit_is_skipped_edge_case_15():
    t = timeline({"schedule": HOURLY}, {"hours": 4, "durations": [5400]})
    assert [r.state for r in t.runs] == ["TERMINATED", "SKIPPED", "TERMINATED", "SKIPPED"]
    skipped = t.runs[1]
    assert skipped.result_state == "MAXIMUM_CONCURRENT_RUNS_REACHED"
    assert skipped.termination_code == "MAX_CONCURRENT_RUNS_EXCEEDED"
    assert skipped.start is None and skipped.end is None


@rule("concurrency.queue_when_full")
def test_with_queueing_on_the_run_waits_and_starts_when_the_active_run_ends():
    t = timeline({"schedule": HOURLY, "queue": {"enabled": True}}, {"hours": 2, "durations": [5400]})
    assert summary(t) == [(0, "TERMINATED", 0, 5400), (3600, "TERMINATED", 5400, 10800)]
    assert t.runs[1].queued_seconds == 1800


@rule("concurrency.queue_fifo")
def test_queued_runs_start_in_trigger_order():
    t = timeline({"schedule": HOURLY, "queue": {"enabled": True}}, {"hours": 3, "durations": [9000, 600, 600]})
    # run 1 holds the slot until 9000; runs 2 (3600) and 3 (7200) wait, then go in that order.
    assert [(r.number, r.start) for r in t.runs] == [(1, 0), (2, 9000), (3, 9600)]
    assert "concurrency.queue_fifo" in t.runs[1].rules


@rule("concurrency.queue_48_hours")
def test_a_run_still_queued_after_48_hours_is_dropped():
    t = timeline({"schedule": {"quartz_cron_expression": "0 0 0 * * ?", "timezone_id": "UTC"},
                  "queue": {"enabled": True}}, {"hours": 48, "durations": [80 * 3600, 60]})
    first, second = t.runs
    assert (first.start, first.end) == (0, 288000)
    assert second.state == "SKIPPED" and second.start is None  # it waited from 86400 to 86400 + 48 h
    assert second.queued_seconds == 48 * 3600 and second.termination_code == "MAX_CONCURRENT_RUNS_EXCEEDED"


@rule("concurrency.zero_skips_all")
def test_max_concurrent_runs_zero_skips_every_run_even_with_queueing():
    t = timeline({"schedule": HOURLY, "max_concurrent_runs": 0, "queue": {"enabled": True}}, {"hours": 3})
    assert [r.state for r in t.runs] == ["SKIPPED"] * 3
    assert not t.started


@rule("concurrency.lowering_kills_nothing")
def test_lowering_max_concurrent_runs_cancels_no_active_run_edge_case_16():
    t = timeline({"schedule": HOURLY, "max_concurrent_runs": 3},
                 {"hours": 4, "durations": [10000], "changes": [{"at": 7300, "max_concurrent_runs": 1}]})
    assert [r.result_state for r in t.runs[:3]] == ["SUCCESS"] * 3  # all three finish
    assert [r.end for r in t.runs[:3]] == [10000, 13600, 17200]
    assert t.runs[3].state == "SKIPPED"  # at 10800 two runs are still active, over the new limit of 1


@rule("concurrency.lowering_kills_nothing")
def test_a_limit_lowered_as_a_run_ends_holds_the_queued_run_back():
    # Found by the invariant below: at 20:01 run 1 ends and the limit drops from 2 to 1 while run 2
    # is still active; the run queued at 00:20 must wait for run 2, not take run 1's slot.
    t = timeline({"schedule": {"quartz_cron_expression": "0 0/10 * * * ?", "timezone_id": "UTC"},
                  "max_concurrent_runs": 2, "queue": {"enabled": True}},
                 {"hours": 1, "durations": [1201], "changes": [{"at": 1201, "max_concurrent_runs": 1}]})
    assert summary(t)[:3] == [(0, "TERMINATED", 0, 1201), (600, "TERMINATED", 600, 1801),
                              (1200, "TERMINATED", 1801, 3002)]


@rule("concurrency.end_frees_slot")
def test_a_run_ending_when_the_next_is_triggered_frees_its_slot():
    t = timeline({"schedule": HOURLY}, {"hours": 2, "durations": [3600]})
    assert [r.state for r in t.runs] == ["TERMINATED", "TERMINATED"]
    assert "concurrency.end_frees_slot" in t.runs[1].rules


@rule("schedule.min_interval")
def test_schedule_fires_closer_than_10_seconds_are_dropped_edge_case_28():
    t = timeline({"schedule": {"quartz_cron_expression": "*/5 * * * * ?", "timezone_id": "UTC"},
                  "max_concurrent_runs": 100}, {"seconds": 60, "durations": [1]})
    assert [r.trigger_time for r in t.runs] == [0, 10, 20, 30, 40, 50]


@rule("schedule.quartz")
def test_a_cron_schedule_triggers_runs_at_its_times_in_the_window():
    t = timeline({"schedule": {"quartz_cron_expression": "0 30 8-10 ? * MON", "timezone_id": "UTC"}},
                 {"hours": 24, "durations": [600]})
    assert [t.clock(r.trigger_time) for r in t.runs] == ["2026-01-05T08:30:00Z", "2026-01-05T09:30:00Z",
                                                          "2026-01-05T10:30:00Z"]


@rule("schedule.pause")
def test_pausing_stops_new_runs_and_lets_the_active_one_finish():
    t = timeline({"schedule": HOURLY}, {"hours": 5, "durations": [5000],
                                        "changes": [{"at": 1000, "pause_status": "PAUSED"},
                                                    {"at": 10000, "pause_status": "UNPAUSED"}]})
    assert summary(t) == [(0, "TERMINATED", 0, 5000), (10800, "TERMINATED", 10800, 15800),
                          (14400, "SKIPPED", None, None)]
    assert t.runs[0].result_state == "SUCCESS"


@rule("schedule.pause")
def test_a_schedule_paused_from_the_start_triggers_nothing():
    t = timeline({"schedule": {**HOURLY, "pause_status": "PAUSED"}}, {"hours": 5})
    assert t.runs == ()


@rule("schedule.run_now")
def test_run_now_starts_a_run_while_the_schedule_is_paused_and_counts_against_the_limit():
    t = timeline({"schedule": {**HOURLY, "pause_status": "PAUSED"}}, {"hours": 3, "run_now": [600, 900],
                                                                      "durations": [1200]})
    assert [(r.trigger, r.state) for r in t.runs] == [("onetime", "TERMINATED"), ("onetime", "SKIPPED")]


@rule("schedule.periodic")
def test_a_periodic_trigger_fires_every_interval_from_its_first_run():
    t = timeline({"trigger": {"periodic": {"interval": 4, "unit": "HOURS"}}},
                 {"hours": 24, "first_run": 1800, "durations": [60]})
    assert [r.trigger_time for r in t.runs] == [1800 + 4 * 3600 * i for i in range(6)]


@rule("trigger.file_arrival")
def test_file_arrivals_are_batched_by_the_wait_and_spaced_by_the_minimum_interval():
    t = timeline({"trigger": {"file_arrival": {"url": "/Volumes/raw/in/", "wait_after_last_change_seconds": 120,
                                               "min_time_between_triggers_seconds": 600}},
                  "max_concurrent_runs": 5},
                 {"hours": 2, "file_arrivals": [0, 60, 100, 400, 2000], "durations": [30]})
    # 0, 60, 100 arrive within 120 s of each other: one run at 220; 400 waits for 220 + 600 = 820;
    # 2000 fires at 2120.
    assert [r.trigger_time for r in t.runs] == [220, 820, 2120]
    assert {r.trigger for r in t.runs} == {"file_arrival"}


@rule("continuous.one_run")
def test_continuous_mode_starts_the_next_run_when_one_ends_failed_or_not():
    t = timeline({"continuous": {"pause_status": "UNPAUSED"}, "max_concurrent_runs": 5},
                 {"hours": 1, "durations": [1500, 1000], "results": ["FAILED", "SUCCESS"], "restart_gap": 30})
    assert [(r.start, r.end, r.result_state) for r in t.runs] == [
        (0, 1500, "FAILED"), (1530, 2530, "SUCCESS"), (2560, 3560, "SUCCESS"), (3590, 4590, "SUCCESS")]
    assert t.max_active == 1


@rule("continuous.one_run")
def test_a_paused_continuous_job_starts_nothing_until_it_is_resumed():
    t = timeline({"continuous": {"pause_status": "PAUSED"}},
                 {"hours": 1, "durations": [1000], "changes": [{"at": 2000, "pause_status": "UNPAUSED"}]})
    assert [(r.start, r.end) for r in t.runs] == [(2000, 3000), (3000, 4000)]


def test_runs_take_the_simulated_run_of_the_job_when_no_durations_are_given():
    t = timeline({"schedule": HOURLY}, {"hours": 1}, tasks={"load": {"duration": 900, "outcomes": ["FAILED"]}})
    assert (t.runs[0].end, t.runs[0].result_state) == (900, "FAILED")


@rule("alerts.skipped_run")
def test_a_skipped_run_sends_the_failure_alert_unless_muted():
    settings = {"schedule": HOURLY, "email_notifications": {"on_failure": ["oncall@example.com"]}}
    t = timeline(settings, {"hours": 4, "durations": [5400]})
    assert [(n, a.event) for n, a in timeline_alerts(t)] == [(2, "on_failure"), (4, "on_failure")]
    muted = timeline({**settings, "notification_settings": {"no_alert_for_skipped_runs": True}},
                     {"hours": 4, "durations": [5400]})
    assert timeline_alerts(muted) == ()
    old_style = timeline({**settings, "email_notifications": {"on_failure": ["a@example.com"],
                                                              "no_alert_for_skipped_runs": True}},
                         {"hours": 4, "durations": [5400]})
    assert timeline_alerts(old_style) == ()


@rule("alerts.job_alert_from_result")
def test_each_run_in_a_window_alerts_by_its_result():
    settings = {"schedule": HOURLY, "email_notifications": {"on_start": ["a@x"], "on_success": ["a@x"],
                                                            "on_failure": ["a@x"]}}
    t = timeline(settings, {"hours": 2, "durations": [600], "results": ["SUCCESS_WITH_FAILURES", "FAILED"]})
    assert [(n, a.event) for n, a in timeline_alerts(t)] == [
        (1, "on_start"), (1, "on_success"), (2, "on_start"), (2, "on_failure")]


def test_a_bad_runs_block_names_every_problem():
    j = job(nb("load"), schedule=HOURLY)
    with pytest.raises(InvalidScenario) as error:
        parse_scenario({"runs": {"hours": -1, "durations": ["long"], "changes": [{"at": 5, "max_concurrent_runs": -2}],
                                 "restart_gap": 90, "colour": "red"}}, j)
    text = str(error.value)
    for field in ("runs.hours", "runs.durations", "runs.changes[0].max_concurrent_runs", "runs.restart_gap",
                  "runs.colour"):
        assert field in text


def test_a_bad_cron_expression_in_the_job_is_reported_with_its_field():
    j = job(nb("load"), schedule={"quartz_cron_expression": "0 0 6 * * *", "timezone_id": "UTC"})
    with pytest.raises(InvalidScenario, match="schedule.*exactly one of day-of-month"):
        simulate_runs(j, parse_scenario({"runs": {"hours": 24}}, j))


def test_a_window_with_too_many_runs_is_refused():
    with pytest.raises(InvalidScenario, match="at most"):
        timeline({"schedule": {"quartz_cron_expression": "*/10 * * * * ?", "timezone_id": "UTC"}},
                 {"hours": 31 * 24})


# ----------------------------------------------------------------------------- beliefs


def belief(name: str):
    return MISCONCEPTIONS[name].semantics


def test_overlapping_runs_start_anyway():
    t = timeline({"schedule": HOURLY}, {"hours": 2, "durations": [5400]},
                 semantics=belief("overlapping_runs_start_anyway"))
    assert t.max_active == 2


def test_queued_without_queueing():
    t = timeline({"schedule": HOURLY}, {"hours": 2, "durations": [5400]}, semantics=belief("queued_without_queueing"))
    assert t.runs[1].start == 5400


def test_skipped_despite_queue():
    t = timeline({"schedule": HOURLY, "queue": {"enabled": True}}, {"hours": 2, "durations": [5400]},
                 semantics=belief("skipped_despite_queue"))
    assert t.runs[1].state == "SKIPPED"


def test_one_run_at_a_time():
    # Maximum concurrent runs 2, 90-minute hourly runs: the 01:00 run starts beside the 00:00 run;
    # the belief skips it (queue off) as if the limit were 1.
    settings = {"schedule": HOURLY, "max_concurrent_runs": 2, "queue": {"enabled": False}}
    truth = timeline(settings, {"hours": 2, "durations": [5400]})
    wrong = timeline(settings, {"hours": 2, "durations": [5400]}, semantics=belief("one_run_at_a_time"))
    assert (truth.runs[1].state, wrong.runs[1].state) == ("TERMINATED", "SKIPPED")


def test_zero_means_unlimited():
    t = timeline({"schedule": HOURLY, "max_concurrent_runs": 0}, {"hours": 2},
                 semantics=belief("zero_means_unlimited"))
    assert len(t.started) == 2


def test_lowering_limit_cancels_runs():
    t = timeline({"schedule": HOURLY, "max_concurrent_runs": 3},
                 {"hours": 3, "durations": [10000], "changes": [{"at": 7300, "max_concurrent_runs": 1}]},
                 semantics=belief("lowering_limit_cancels_runs"))
    assert [r.result_state for r in t.runs] == ["SUCCESS", "CANCELED", "CANCELED"]


def test_pausing_cancels_active_runs():
    t = timeline({"schedule": HOURLY}, {"hours": 2, "durations": [5000],
                                        "changes": [{"at": 1000, "pause_status": "PAUSED"}]},
                 semantics=belief("pausing_cancels_active_runs"))
    assert (t.runs[0].end, t.runs[0].result_state) == (1000, "CANCELED")


def test_skipped_runs_never_alert():
    settings = {"schedule": HOURLY, "email_notifications": {"on_failure": ["oncall@example.com"]}}
    t = timeline(settings, {"hours": 2, "durations": [5400]})
    sem = belief("skipped_runs_never_alert")
    assert timeline_alerts(t, skipped_alerts=sem.skipped_run_alerts) == ()


# ----------------------------------------------------------------------------- invariants


@st.composite
def windows(draw):
    """A schedule every 10-120 minutes over up to 12 hours, runs of 1-240 minutes, a limit of
    1-3, queueing on or off, perhaps a Run now or a change of limit."""
    every = draw(st.sampled_from([10, 15, 20, 30, 45, 60, 120]))
    settings = {"schedule": {"quartz_cron_expression": f"0 0/{every} * * * ?" if every < 60 else
                             f"0 0 0/{every // 60} * * ?", "timezone_id": "UTC"},
                "max_concurrent_runs": draw(st.integers(1, 3)),
                "queue": {"enabled": draw(st.booleans())}}
    runs = {"hours": draw(st.integers(1, 12)),
            "durations": draw(st.lists(st.integers(60, 240 * 60), min_size=1, max_size=6)),
            "run_now": draw(st.lists(st.integers(0, 3600), max_size=2))}
    if draw(st.booleans()):
        runs["changes"] = [{"at": draw(st.integers(0, 7200)), "max_concurrent_runs": draw(st.integers(1, 3))}]
    return settings, runs


@given(windows())
def test_no_more_runs_are_active_than_the_limit_allowed_when_they_started(window):
    settings, runs = window
    t = timeline(settings, runs)
    limit = settings["max_concurrent_runs"]
    changes = runs.get("changes", [])
    for run in t.started:
        allowed = limit
        for change in changes:
            if change["at"] <= run.start:
                allowed = change["max_concurrent_runs"]
        others = [r for r in t.started if r is not run and r.start <= run.start < r.end]
        assert len(others) < allowed, (run, others)


@given(windows())
def test_with_one_run_at_a_time_and_no_queue_runs_never_overlap(window):
    settings, runs = window
    settings = {**settings, "max_concurrent_runs": 1, "queue": {"enabled": False}}
    runs = {k: v for k, v in runs.items() if k != "changes"}
    t = timeline(settings, runs)
    started = sorted(t.started, key=lambda r: r.start)
    for before, after in zip(started, started[1:]):
        assert before.end <= after.start


@given(windows())
def test_with_queueing_on_no_run_is_lost_within_48_hours(window):
    settings, runs = window
    settings = {**settings, "queue": {"enabled": True}}
    t = timeline(settings, runs)
    for run in t.runs:
        if run.ran:
            assert run.start >= run.trigger_time and run.queued_seconds < 48 * 3600
        else:  # only a run that waited the full 48 hours is dropped
            assert run.termination_code == "MAX_CONCURRENT_RUNS_EXCEEDED" and run.queued_seconds == 48 * 3600
            still_busy = [r for r in t.started if r.start <= run.trigger_time + 48 * 3600 < r.end]
            assert still_busy


@given(windows())
def test_every_trigger_is_a_run_that_started_or_was_skipped_and_runs_keep_their_order(window):
    settings, runs = window
    t = timeline(settings, runs)
    assert [r.number for r in t.runs] == list(range(1, len(t.runs) + 1))
    assert [r.trigger_time for r in t.runs] == sorted(r.trigger_time for r in t.runs)
    for run in t.runs:
        assert (run.state == "SKIPPED") == (run.start is None)
        if run.start is not None:
            assert run.end >= run.start >= run.trigger_time
    queued = [r for r in t.started if r.queued_seconds > 0]
    assert [r.start for r in queued] == sorted(r.start for r in queued)  # first in, first out


@given(windows())
def test_the_same_window_gives_the_same_runs(window):
    settings, runs = window
    assert timeline(settings, runs).runs == timeline(settings, runs).runs


@rule("schedule.on_time")
def test_scheduled_runs_are_triggered_exactly_on_time():
    t = timeline({"schedule": {"quartz_cron_expression": "0 15 * * * ?", "timezone_id": "UTC"}},
                 {"hours": 2, "durations": [60]})
    assert [r.trigger_time for r in t.runs] == [900, 4500]
    assert "schedule.on_time" in t.rules


@rule("concurrency.queue_unset_is_off")
def test_a_job_that_does_not_mention_queueing_skips_instead_of_queueing():
    t = timeline({"schedule": HOURLY}, {"hours": 2, "durations": [5400]})
    assert t.runs[1].state == "SKIPPED" and "concurrency.queue_unset_is_off" in t.runs[1].rules
    explicit = timeline({"schedule": HOURLY, "queue": {"enabled": False}}, {"hours": 2, "durations": [5400]})
    assert "concurrency.queue_unset_is_off" not in explicit.runs[1].rules


def test_an_every_second_schedule_fires_once_a_second_in_a_short_window():
    from datetime import datetime, timedelta, timezone

    from lakedrill.engine.cron import parse_quartz

    start = datetime(2026, 1, 5, 12, tzinfo=timezone.utc)
    times = list(parse_quartz("* * * * * ?").fire_times(start, start + timedelta(minutes=2), "UTC"))
    assert times == [start + timedelta(seconds=i) for i in range(120)]


def test_each_run_can_have_a_scenario_of_its_own():
    t = timeline({"schedule": HOURLY, "max_concurrent_runs": 2},
                 {"hours": 3, "scenarios": [{"tasks": {"load": {"duration": 5400}}},
                                            {"tasks": {"load": {"duration": 600, "outcomes": ["FAILED"]}}}]})
    assert [(r.end - r.start, r.result_state) for r in t.runs] == [(5400, "SUCCESS"), (600, "FAILED"),
                                                                   (600, "FAILED")]


def test_a_per_run_scenario_names_its_problems_with_their_index():
    j = job(nb("load"), schedule=HOURLY)
    with pytest.raises(InvalidScenario, match=r"runs\.scenarios\[1\]\.tasks\.lod"):
        parse_scenario({"runs": {"scenarios": [{}, {"tasks": {"lod": {"duration": 5}}}]}}, j)


@rule("trigger.file_arrival_new_files_only")
def test_overwriting_a_file_of_the_same_name_triggers_no_run_edge_case_29():
    # §11: only new files trigger; writing orders.csv again at 4000 is an overwrite, so the only
    # trigger is for the new files at 60 and 3000 (no wait, no minimum interval configured).
    settings = {"trigger": {"file_arrival": {"url": "/Volumes/main/raw/landing/"}}, "max_concurrent_runs": 5}
    t = timeline(settings, {"hours": 2, "durations": [60],
                            "file_arrivals": [{"at": 60, "file": "orders.csv"}, 3000,
                                              {"at": 4000, "file": "orders.csv"}]})
    assert [r.trigger_time for r in t.runs] == [60, 3000]
    assert "trigger.file_arrival_new_files_only" in [rule for rule, _ in t.notes]


def test_a_bad_file_arrival_time_is_named_at_its_own_place_after_named_files():
    with pytest.raises(InvalidScenario, match=r"runs.file_arrivals\[1\]: file arrival times are seconds from 0, not -3"):
        timeline({"trigger": {"file_arrival": {"url": "/Volumes/x/"}}},
                 {"file_arrivals": [{"at": 5, "file": "a.csv"}, -3]})


def test_a_file_arrival_that_is_neither_seconds_nor_at_and_file_is_named():
    with pytest.raises(InvalidScenario, match=r"runs.file_arrivals\[0\]: a file arrival is seconds, or \{at: seconds"):
        timeline({"trigger": {"file_arrival": {"url": "/Volumes/x/"}}}, {"file_arrivals": [{"at": 5}]})


@given(st.lists(st.integers(0, 7200), min_size=1, max_size=8), st.lists(st.sampled_from("abc"), min_size=1,
                                                                         max_size=8),
       st.sampled_from([0, 60, 300]), st.sampled_from([0, 60, 600]))
def test_an_overwritten_file_never_adds_a_run(times, names, wait, between):
    # trigger.file_arrival_new_files_only: dropping the overwrites from the arrivals changes nothing.
    settings = {"trigger": {"file_arrival": {"url": "/Volumes/main/raw/in/", "wait_after_last_change_seconds": wait,
                                             "min_time_between_triggers_seconds": between}},
                "max_concurrent_runs": 10}
    arrivals = [{"at": t, "file": n} for t, n in zip(sorted(times), names)]
    first_of_each = [a["at"] for a in arrivals if a == next(b for b in arrivals if b["file"] == a["file"])]
    named = timeline(settings, {"hours": 3, "durations": [60], "file_arrivals": arrivals})
    new_only = timeline(settings, {"hours": 3, "durations": [60], "file_arrivals": first_of_each})
    assert [r.trigger_time for r in named.runs] == [r.trigger_time for r in new_only.runs]


@given(windows(), st.lists(st.sampled_from(["SUCCESS", "FAILED", "CANCELED"]), min_size=1, max_size=4))
def test_muting_canceled_runs_silences_exactly_their_failure_alerts(window, results):
    # alerts.canceled_run: no_alert_for_canceled_runs removes the on_failure of canceled runs, nothing else.
    settings, runs = window
    settings = {**settings, "email_notifications": {"on_start": ["a@example.com"], "on_failure": ["a@example.com"]}}
    runs = {**runs, "results": results}
    t = timeline(settings, runs)
    muted = timeline({**settings, "notification_settings": {"no_alert_for_canceled_runs": True}}, runs)
    canceled = {r.number for r in t.runs if r.result_state == "CANCELED"}
    expected = [(n, a) for n, a in timeline_alerts(t) if not (n in canceled and a.event == "on_failure")]
    assert list(timeline_alerts(muted)) == expected
