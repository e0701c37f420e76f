"""Hand-worked cases for runs over a window, compute and alerts (SEMANTICS §8, §10, §11, §12 and
edge cases 15, 16, 22, 23, 26-29). Every expected value below was worked out by hand from
SEMANTICS.md (and the engine decisions it lists) before running the engine; the reasoning is in
the comment above each test. Times are seconds after the window's (or the run's) start."""

from datetime import datetime, timezone

import pytest

from lakedrill.engine import parse_scenario
from lakedrill.engine.alerts import notifications, timeline_alerts
from lakedrill.engine.compute import clusters, run_cost
from lakedrill.engine.cron import parse_quartz
from lakedrill.engine.timeline import simulate_runs
from tests.jobdsl import cond, job, nb, rule, run, states

WINDOW = "2026-01-05T00:00:00Z"  # a Monday
HOURLY = {"quartz_cron_expression": "0 0 * * * ?", "timezone_id": "UTC"}
EMAIL = ["oncall@example.com"]


def timeline(settings: dict, runs: dict, tasks: dict | None = None):
    j = job(nb("load"), **settings)
    scenario = parse_scenario({"tasks": tasks or {}, "runs": {"start": WINDOW, **runs}}, j)
    return simulate_runs(j, scenario)


def starts(t) -> list[tuple]:
    """(trigger time, state, start, end) of every run."""
    return [(r.trigger_time, r.state, r.start, r.end) for r in t.runs]


def fires(expression: str, start: str, end: str, zone: str) -> list[str]:
    begin = datetime.fromisoformat(start).replace(tzinfo=timezone.utc)
    finish = datetime.fromisoformat(end).replace(tzinfo=timezone.utc)
    return [t.strftime("%Y-%m-%d %H:%M") for t in parse_quartz(expression).fire_times(begin, finish, zone)]


def sent(r) -> list[str]:
    return [str(n) for n in notifications(r)]


# ============================================================================ §8 concurrency and queueing


# §8.2 / §11.5 / edge case 15. Every 30 minutes, 50-minute runs, max_concurrent_runs 1, queue off, 3 h.
# Triggers 0, 1800, 3600, 5400, 7200, 9000.  0 runs to 3000; 1800: run 1 active -> SKIPPED;
# 3600: free -> runs to 6600; 5400: active -> SKIPPED; 7200 runs to 10200; 9000 SKIPPED.
@rule("concurrency.skip_when_full")
def test_half_hourly_50_minute_runs_without_queue_alternate_run_and_skip():
    t = timeline({"schedule": {"quartz_cron_expression": "0 0/30 * * * ?", "timezone_id": "UTC"},
                  "queue": {"enabled": False}}, {"hours": 3, "durations": [3000]})
    assert starts(t) == [(0, "TERMINATED", 0, 3000), (1800, "SKIPPED", None, None),
                         (3600, "TERMINATED", 3600, 6600), (5400, "SKIPPED", None, None),
                         (7200, "TERMINATED", 7200, 10200), (9000, "SKIPPED", None, None)]
    assert {r.result_state for r in t.skipped} == {"MAXIMUM_CONCURRENT_RUNS_REACHED"}
    assert {r.termination_code for r in t.skipped} == {"MAX_CONCURRENT_RUNS_EXCEEDED"}


# §8.3 / edge case 15. Hourly, 90-minute runs, limit 1, queue ON, 6 h: nothing is skipped, each run
# starts when the previous ends, so the queue delay grows by 30 min a run:
# run k (trigger 3600(k-1)) starts 5400(k-1), waits 1800(k-1).
@rule("concurrency.queue_when_full")
def test_hourly_90_minute_runs_with_queue_fall_further_behind_each_hour():
    t = timeline({"schedule": HOURLY, "max_concurrent_runs": 1, "queue": {"enabled": True}},
                 {"hours": 6, "durations": [5400]})
    assert [(r.trigger_time, r.start, r.end) for r in t.runs] == [
        (3600 * k, 5400 * k, 5400 * (k + 1)) for k in range(6)]
    assert [r.queued_seconds for r in t.runs] == [1800 * k for k in range(6)]
    assert not t.skipped and t.max_active == 1


# §8.3 (queue order, recommended default FIFO). Hourly, limit 1, queue on, durations 7200, 600, 600.
# Run 1: 0-7200. Run 2 (3600) queued. At 7200 run 1 ends AND run 3 is triggered: the slot goes to the
# run queued first (run 2: 7200-7800); run 3 waits and starts at 7800, ends 8400.
@rule("concurrency.queue_fifo")
def test_a_slot_freed_as_a_new_run_triggers_goes_to_the_run_already_queued():
    t = timeline({"schedule": HOURLY, "queue": {"enabled": True}}, {"hours": 3, "durations": [7200, 600, 600]})
    assert [(r.number, r.start, r.end) for r in t.runs] == [(1, 0, 7200), (2, 7200, 7800), (3, 7800, 8400)]
    assert t.runs[2].queued_seconds == 600


# §8.1 / edge case 16 with queueing on. Hourly, limit 2, queue on, every run 9000 s, 4 h window;
# at 5000 the limit drops to 1. Runs 1 (0-9000) and 2 (3600-12600) keep running (nothing killed).
# 7200: 2 active >= 1 -> queued. 9000: run 1 ends, 1 active, still not below the new limit of 1.
# 10800: queued too. 12600: run 2 ends -> run 3 starts 12600-21600; then run 4 21600-30600.
@rule("concurrency.lowering_kills_nothing")
def test_after_lowering_the_limit_queued_runs_wait_until_below_the_new_limit():
    t = timeline({"schedule": HOURLY, "max_concurrent_runs": 2, "queue": {"enabled": True}},
                 {"hours": 4, "durations": [9000], "changes": [{"at": 5000, "max_concurrent_runs": 1}]})
    assert [(r.number, r.start, r.end, r.result_state) for r in t.runs] == [
        (1, 0, 9000, "SUCCESS"), (2, 3600, 12600, "SUCCESS"), (3, 12600, 21600, "SUCCESS"),
        (4, 21600, 30600, "SUCCESS")]


# §8.1 / §8.3: a raised limit affects new starts at once, so a queued run starts at the change.
# Hourly, limit 1, queue on, runs of 5 h; limit raised to 3 at 5000. Run 1 0-18000; run 2 (3600)
# queued, starts at 5000 (waited 1400) and ends 23000; run 3 at 7200: 2 active < 3 -> starts at once.
@rule("concurrency.start_below_limit")
def test_raising_the_limit_starts_a_queued_run_at_the_moment_of_the_change():
    t = timeline({"schedule": HOURLY, "queue": {"enabled": True}},
                 {"hours": 3, "durations": [18000], "changes": [{"at": 5000, "max_concurrent_runs": 3}]})
    assert starts(t) == [(0, "TERMINATED", 0, 18000), (3600, "TERMINATED", 5000, 23000),
                         (7200, "TERMINATED", 7200, 25200)]
    assert t.runs[1].queued_seconds == 1400 and t.max_active == 3


# §8.2 vs §8.3: turning queueing on mid-window. Hourly, limit 1, 90-min runs, queue off; at 5000 queue
# is turned on. 3600: queue off, run 1 active -> SKIPPED. 7200: run 1 ended (5400) -> starts
# 7200-12600. 10800: run 3 active, queue now on -> queued, starts 12600.
@rule("concurrency.queue_when_full")
def test_turning_queueing_on_mid_window_queues_instead_of_skipping_from_then_on():
    t = timeline({"schedule": HOURLY, "queue": {"enabled": False}},
                 {"hours": 4, "durations": [5400], "changes": [{"at": 5000, "queue": True}]})
    assert starts(t) == [(0, "TERMINATED", 0, 5400), (3600, "SKIPPED", None, None),
                         (7200, "TERMINATED", 7200, 12600), (10800, "TERMINATED", 12600, 18000)]


# §9.7 / §8.2: a Run now click is a new run and counts against max_concurrent_runs. Hourly, limit 1,
# queue off, 40-min runs; click at 600 while run 1 (0-2400) is active -> SKIPPED; the schedule's
# 3600 run starts normally.
@rule("schedule.run_now")
def test_run_now_while_the_scheduled_run_is_active_is_skipped_without_a_queue():
    t = timeline({"schedule": HOURLY}, {"hours": 2, "durations": [2400], "run_now": [600]})
    assert [(r.trigger, r.state, r.start) for r in t.runs] == [
        ("periodic", "TERMINATED", 0), ("onetime", "SKIPPED", None), ("periodic", "TERMINATED", 3600)]
    assert t.runs[1].result_state == "MAXIMUM_CONCURRENT_RUNS_REACHED"


# Same click with queueing on (§8.3 queues any run that hits the job's limit): the click at 600 waits
# for run 1 to end at 2400 and runs 2400-4800; the 3600 firing then waits for it: 4800-7200.
@rule("concurrency.queue_when_full")
def test_run_now_while_a_run_is_active_is_queued_with_queueing_on():
    t = timeline({"schedule": HOURLY, "queue": {"enabled": True}}, {"hours": 2, "durations": [2400], "run_now": [600]})
    assert [(r.trigger, r.trigger_time, r.start, r.end) for r in t.runs] == [
        ("periodic", 0, 0, 2400), ("onetime", 600, 2400, 4800), ("periodic", 3600, 4800, 7200)]


# §8.1 / edge case 15: max_concurrent_runs 0 skips every new run, Run now included. Raised to 1 at
# 5000: the 7200 firing starts. Runs at 0 and 3600 and the click at 1000 are SKIPPED.
@rule("concurrency.zero_skips_all")
def test_max_concurrent_runs_zero_skips_clicks_too_until_the_limit_is_raised():
    t = timeline({"schedule": HOURLY, "max_concurrent_runs": 0},
                 {"hours": 3, "durations": [600], "run_now": [1000],
                  "changes": [{"at": 5000, "max_concurrent_runs": 1}]})
    assert [(r.trigger_time, r.trigger, r.state) for r in t.runs] == [
        (0, "periodic", "SKIPPED"), (1000, "onetime", "SKIPPED"), (3600, "periodic", "SKIPPED"),
        (7200, "periodic", "TERMINATED")]


# ============================================================================ §11 schedules


# §11.1 Quartz cron in a named zone, across the US spring-forward (Sun 8 Mar 2026).
# "0 0/15 9-17 ? * MON-FRI": 09:00, 09:15 ... 17:45 local = 9 hours x 4 = 36 fires per weekday.
# Fri 6 Mar is EST (UTC-5): 14:00Z-22:45Z. Sat/Sun: none. Mon 9 Mar is EDT (UTC-4): 13:00Z-21:45Z.
@rule("schedule.quartz")
def test_business_hours_every_15_minutes_in_new_york_across_the_dst_change():
    times = fires("0 0/15 9-17 ? * MON-FRI", "2026-03-06", "2026-03-10", "America/New_York")
    assert len(times) == 72
    friday = [t for t in times if t.startswith("2026-03-06")]
    monday = [t for t in times if t.startswith("2026-03-09")]
    assert len(friday) == len(monday) == 36
    assert (friday[0], friday[-1]) == ("2026-03-06 14:00", "2026-03-06 22:45")
    assert (monday[0], monday[-1]) == ("2026-03-09 13:00", "2026-03-09 21:45")


# §11.1: the day of week is read in the schedule's zone. "0 0 1 ? * MON" in Asia/Tokyo (UTC+9):
# Monday 01:00 JST = Sunday 16:00 UTC. Window Sun 4 Jan - Mon 12 Jan 2026 UTC.
@rule("schedule.quartz")
def test_a_monday_1am_tokyo_schedule_fires_on_sunday_in_utc():
    assert fires("0 0 1 ? * MON", "2026-01-04", "2026-01-12", "Asia/Tokyo") == [
        "2026-01-04 16:00", "2026-01-11 16:00"]


# §11.3: an hourly schedule in a DST zone. Berlin, Sun 29 Mar 2026, 02:00 CET -> 03:00 CEST. The local
# day 29 Mar runs 28 Mar 23:00Z to 29 Mar 22:00Z (23 real hours). Local 02:00 does not exist, so 23
# fires (00, 01, 03 ... 23 local); in UTC they are every hour 23:00Z ... 21:00Z, no real gap;
# local 03:00 CEST is 01:00Z.
@rule("schedule.quartz")
def test_an_hourly_berlin_schedule_has_23_runs_on_the_spring_forward_day():
    times = fires("0 0 * * * ?", "2026-03-28 23:00", "2026-03-29 22:00", "Europe/Berlin")
    assert len(times) == 23
    assert times[:3] == ["2026-03-28 23:00", "2026-03-29 00:00", "2026-03-29 01:00"]
    assert times[-1] == "2026-03-29 21:00"


# §11.3 + cron.py's engine decision (a repeated local time fires once, the first time). New York,
# Sun 1 Nov 2026, 02:00 EDT -> 01:00 EST. Hourly: 23:00 EDT (03:00Z), 00:00 EDT (04:00Z),
# 01:00 EDT (05:00Z); 01:00 EST (06:00Z) is the repeat: no fire; 02:00 EST (07:00Z). A 2 h gap in UTC.
@rule("schedule.quartz")
def test_an_hourly_new_york_schedule_fires_once_in_the_repeated_hour():
    assert fires("0 0 * * * ?", "2026-11-01 03:00", "2026-11-01 08:00", "America/New_York") == [
        "2026-11-01 03:00", "2026-11-01 04:00", "2026-11-01 05:00", "2026-11-01 07:00"]


# §11.2 / edge case 28: at least 10 s between scheduled runs. "*/7 * * * * ?" fires at second 0, 7,
# ..., 56 of each minute. Keep a firing only if >= 10 s after the last kept one:
# 0, (7) 14, (21) 28, (35) 42, (49) 56, (60: 4 s) 67, (74) 81, (88) 95, (102) 109, (116). Over 2 min:
# 0, 14, 28, 42, 56, 67, 81, 95, 109.
@rule("schedule.min_interval")
def test_every_7_seconds_cron_runs_at_most_every_10_seconds():
    t = timeline({"schedule": {"quartz_cron_expression": "*/7 * * * * ?", "timezone_id": "UTC"},
                  "max_concurrent_runs": 100}, {"seconds": 120, "durations": [1]})
    assert [r.trigger_time for r in t.runs] == [0, 14, 28, 42, 56, 67, 81, 95, 109]


# §11.2 applies to schedule-triggered runs only: Run now clicks 3 s apart are two runs (limit 5).
@rule("schedule.run_now")
def test_the_10_second_spacing_does_not_apply_to_run_now_clicks():
    t = timeline({"schedule": {**HOURLY, "pause_status": "PAUSED"}, "max_concurrent_runs": 5},
                 {"seconds": 60, "run_now": [10, 13], "durations": [30]})
    assert [(r.trigger_time, r.state) for r in t.runs] == [(10, "TERMINATED"), (13, "TERMINATED")]


# §11.1 periodic trigger + §8.3. Every 30 minutes from 0, 45-minute runs, limit 1, queue on, 2 h:
# triggers 0, 1800, 3600, 5400 -> starts 0, 2700, 5400, 8100 (each 2700 long).
@rule("schedule.periodic")
def test_a_half_hourly_periodic_trigger_with_45_minute_runs_and_a_queue():
    t = timeline({"trigger": {"periodic": {"interval": 30, "unit": "MINUTES"}}, "queue": {"enabled": True}},
                 {"hours": 2, "durations": [2700]})
    assert [(r.trigger, r.trigger_time, r.start) for r in t.runs] == [
        ("periodic", 0, 0), ("periodic", 1800, 2700), ("periodic", 3600, 5400), ("periodic", 5400, 8100)]


# §11.1 periodic in WEEKS: 1 week = 604800 s. First run at 3600, 31-day window (2678400 s):
# 3600, 608400, 1213200, 1818000, 2422800; the next (3027600) is past the window.
@rule("schedule.periodic")
def test_a_weekly_periodic_trigger_over_a_31_day_window():
    t = timeline({"trigger": {"periodic": {"interval": 1, "unit": "WEEKS"}}},
                 {"hours": 31 * 24, "first_run": 3600, "durations": [60]})
    assert [r.trigger_time for r in t.runs] == [3600 + 604800 * k for k in range(5)]


# §11 File arrival + rule trigger.file_arrival (assumed): wait 60 s after the last file, and 300 s
# between triggers. Files at 0 and 200, 290: file 0 -> quiet until 60 -> run at 60. Files 200, 290:
# quiet after 290 at 350, but the previous trigger was at 60, so not before 360; at 360 the last file
# (290) is 70 s old -> run at 360, with both files.
@rule("trigger.file_arrival")
def test_a_file_arriving_while_the_minimum_interval_holds_the_trigger_back_joins_that_run():
    t = timeline({"trigger": {"file_arrival": {"url": "/Volumes/raw/in/", "wait_after_last_change_seconds": 60,
                                               "min_time_between_triggers_seconds": 300}},
                  "max_concurrent_runs": 5},
                 {"hours": 1, "file_arrivals": [0, 200, 290], "durations": [30]})
    assert [(r.trigger, r.trigger_time) for r in t.runs] == [("file_arrival", 60), ("file_arrival", 360)]


# §11 File arrival; rule trigger.file_arrival: "New files trigger a run once no further file has arrived
# for wait_after_last_change_seconds and at least min_time_between_triggers_seconds after the previous
# trigger". wait 60, min between 600; files at 0, 100, 650. File 0 -> run at 60. File 100 would fire at
# 160 but must wait for 60 + 600 = 660; a further file arrives at 650, so at 660 there has NOT been
# 60 s without a file: the run fires at 650 + 60 = 710 (both conditions hold from then).
@rule("trigger.file_arrival")
def test_a_file_arriving_just_before_the_delayed_trigger_restarts_the_wait():
    t = timeline({"trigger": {"file_arrival": {"url": "/Volumes/raw/in/", "wait_after_last_change_seconds": 60,
                                               "min_time_between_triggers_seconds": 600}},
                  "max_concurrent_runs": 5},
                 {"hours": 1, "file_arrivals": [0, 100, 650], "durations": [30]})
    assert [r.trigger_time for r in t.runs] == [60, 710]


# §11 Continuous: "Run now on a paused continuous job starts a run"; while paused, no restart follows.
@rule("continuous.one_run")
def test_run_now_on_a_paused_continuous_job_runs_once_and_is_not_restarted():
    t = timeline({"continuous": {"pause_status": "PAUSED"}}, {"hours": 1, "run_now": [600], "durations": [1000]})
    assert [(r.trigger, r.start, r.end) for r in t.runs] == [("onetime", 600, 1600)]


# §11 Continuous + §11.6: pausing lets the active run finish and stops restarts; resuming while a run is
# still active changes nothing until it ends. Runs 1000 s, restart gap 30, window 1 h.
# Run 1 0-1000; run 2 1030-2030. Pause at 1500, resume at 1800 (run 2 still active): at 2030 it ends,
# the job is unpaused -> run 3 at 2060-3060; run 4 at 3090-4090 (starts inside the window).
@rule("continuous.one_run")
def test_pause_and_resume_of_a_continuous_job_during_one_run():
    t = timeline({"continuous": {"pause_status": "UNPAUSED"}},
                 {"hours": 1, "durations": [1000], "restart_gap": 30,
                  "changes": [{"at": 1500, "pause_status": "PAUSED"}, {"at": 1800, "pause_status": "UNPAUSED"}]})
    assert [(r.start, r.end) for r in t.runs] == [(0, 1000), (1030, 2030), (2060, 3060), (3090, 4090)]
    assert {r.result_state for r in t.runs} == {"SUCCESS"}


# Same, but resumed after the active run ended: pause at 1500, run 2 ends 2030, no restart; resume at
# 2500 with nothing active -> a run starts at 2500 (2500-3500), then 3530-4530.
@rule("schedule.pause")
def test_a_continuous_job_resumed_after_its_run_ended_starts_a_run_at_the_resume():
    t = timeline({"continuous": {"pause_status": "UNPAUSED"}},
                 {"hours": 1, "durations": [1000], "restart_gap": 30,
                  "changes": [{"at": 1500, "pause_status": "PAUSED"}, {"at": 2500, "pause_status": "UNPAUSED"}]})
    assert [(r.start, r.end) for r in t.runs] == [(0, 1000), (1030, 2030), (2500, 3500), (3530, 4530)]


# §11.6: pausing a periodic trigger stops its firings; Run now still runs while paused (§9.7).
# Every 1 h from 0; paused at 1800, resumed at 9000; window 4 h: fires 0 (runs), 3600 and 7200
# (paused: nothing), 10800 (runs). Click at 5000 runs.
@rule("schedule.pause")
def test_a_paused_periodic_trigger_fires_nothing_but_run_now_still_runs():
    t = timeline({"trigger": {"periodic": {"interval": 1, "unit": "HOURS"}}},
                 {"hours": 4, "durations": [600], "run_now": [5000],
                  "changes": [{"at": 1800, "pause_status": "PAUSED"}, {"at": 9000, "pause_status": "UNPAUSED"}]})
    assert [(r.trigger, r.trigger_time, r.state) for r in t.runs] == [
        ("periodic", 0, "TERMINATED"), ("onetime", 5000, "TERMINATED"), ("periodic", 10800, "TERMINATED")]


# ============================================================================ §10 compute


TWO_CLUSTERS = [{"job_cluster_key": "etl", "new_cluster": {"num_workers": 2}},
                {"job_cluster_key": "ml", "new_cluster": {"num_workers": 8}}]


# §10.2 / edge case 22 + cost. a (etl, 1800) and b (ml, 3600) run in parallel from 0; c (etl, 600)
# needs both: 3600-4200. etl is up from a's start (0) to c's end (4200) = 4200 s, idle 1800-3600 but
# not terminated; ml 0-3600. Cost = hours x DBU/h x price: etl 4200/3600 x 4 x 0.2 = 0.9333...,
# ml 1 x 10 x 0.2 = 2.0; total 2.933333.
@rule("compute.dbu_cost")
def test_two_job_clusters_in_parallel_each_billed_for_its_own_lifetime():
    j = job(nb("a", job_cluster_key="etl"), nb("b", job_cluster_key="ml"), nb("c", "a", "b", job_cluster_key="etl"),
            job_clusters=TWO_CLUSTERS)
    r = run(j, {"compute": {"dbu_per_hour": {"etl": 4, "ml": 10}, "rates": {"job_cluster": 0.2}}}, a=1800, b=3600, c=600)
    up = {c.key: (c.start, c.end, c.seconds, c.tasks) for c in clusters(r)}
    assert up == {"etl": (0, 4200, 4200, ("a", "c")), "ml": (0, 3600, 3600, ("b",))}
    assert run_cost(r) == pytest.approx(4200 / 3600 * 4 * 0.2 + 2.0)


# §10.2, §10.7, decision 7 + compute.startup_billed. etl starts in 300 s, ml in 600 s. a (etl, 600)
# ready at 0: etl requested 0, up 300 -> a 300-900. b (ml, 1200) ready 900: ml requested then, up at
# 1500 -> b 1500-2700. c (etl, 300) ready 2700, etl already up -> 2700-3000. etl billed 0-3000 (3000 s),
# ml 900-2700 (1800 s). Cost at 0.5/DBU: etl 3000/3600 x 2 x 0.5 = 0.833333; ml 0.5 x 8 x 0.5 = 2.0.
@rule("compute.startup_billed")
def test_each_job_cluster_starts_when_its_first_task_is_ready_and_start_up_is_billed():
    j = job(nb("a", job_cluster_key="etl"), nb("b", "a", job_cluster_key="ml"), nb("c", "b", job_cluster_key="etl"),
            job_clusters=TWO_CLUSTERS)
    r = run(j, {"compute": {"startup": {"etl": 300, "ml": 600}, "dbu_per_hour": {"etl": 2, "ml": 8},
                            "rates": {"job_cluster": 0.5}}}, a=600, b=1200, c=300)
    assert {k: (tr.start, tr.end) for k, tr in r.tasks.items()} == {"a": (300, 900), "b": (1500, 2700),
                                                                     "c": (2700, 3000)}
    up = {c.key: (c.start, c.end) for c in clusters(r)}
    assert up == {"etl": (0, 3000), "ml": (900, 2700)}
    assert run_cost(r) == pytest.approx(3000 / 3600 * 2 * 0.5 + 0.5 * 8 * 0.5)


# §10.7 + compute.startup_given: a later task on a shared cluster waits only while the cluster is still
# starting. etl start-up 300. a (etl) ready at 0 requests it; x (serverless, 100 s) then b (etl): b is
# ready at 100, the cluster is up at 300 -> b starts 300, not 100 + 300.
@rule("compute.startup_given")
def test_a_task_ready_while_its_shared_cluster_is_starting_waits_only_for_the_rest():
    j = job(nb("a", job_cluster_key="etl"), nb("x"), nb("b", "x", job_cluster_key="etl"), job_clusters=TWO_CLUSTERS[:1])
    r = run(j, {"compute": {"startup": {"etl": 300}}}, a=500, x=100, b=200)
    assert {k: tr.start for k, tr in r.tasks.items()} == {"a": 300, "x": 0, "b": 300}
    [etl] = [c for c in clusters(r) if c.key == "etl"]
    assert (etl.start, etl.end) == (0, 800)


# §10.2 + §7.2: a shared job cluster stays up through a task's WAITING_FOR_RETRY. a (etl) fails at 600,
# min_retry_interval 900 s from the start of the failed attempt -> retry 900-1500 succeeds; b (etl)
# 1500-1800. etl up 0-1800 = 1800 s; at 2 DBU/h x 0.25 = 0.5 x 0.5 = 0.25.
@rule("compute.shared_job_cluster_lifetime")
def test_a_shared_cluster_stays_up_while_a_task_waits_for_its_retry():
    j = job(nb("a", job_cluster_key="etl", max_retries=1, min_retry_interval_millis=900_000),
            nb("b", "a", job_cluster_key="etl"), job_clusters=TWO_CLUSTERS[:1])
    r = run(j, {"compute": {"dbu_per_hour": {"etl": 2}, "rates": {"job_cluster": 0.25}}},
            a={"outcomes": ["FAILED", "SUCCESS"], "duration": 600}, b=300)
    assert [(x.start, x.end) for x in r.tasks["a"].attempts] == [(0, 600), (900, 1500)]
    [etl] = clusters(r)
    assert (etl.start, etl.end, etl.seconds) == (0, 1800, 1800)
    assert run_cost(r) == pytest.approx(0.25)


# §10.2 ("created when the first task using it starts"): a cluster whose only task is skipped is never
# created. a (etl) fails; b (ml) is UPSTREAM_FAILED and never runs -> only etl appears, 0-100.
@rule("compute.shared_job_cluster_lifetime")
def test_a_job_cluster_whose_tasks_are_all_skipped_never_starts():
    j = job(nb("a", job_cluster_key="etl"), nb("b", "a", job_cluster_key="ml"), job_clusters=TWO_CLUSTERS)
    r = run(j, a={"outcomes": ["FAILED"], "duration": 100}, b=500)
    assert states(r) == {"a": "FAILED", "b": "UPSTREAM_FAILED"}
    assert [(c.key, c.seconds) for c in clusters(r)] == [("etl", 100)]


# §4.6: a condition task needs no compute, so it does not appear; the shared cluster around it stays one
# interval. a (etl 600) -> check (condition, 0 s) -> b (etl 600, true branch): etl 0-1200.
@rule("condition.no_time_no_compute_no_retry")
def test_a_condition_task_between_two_tasks_on_a_shared_cluster_uses_no_compute():
    j = job(nb("a", job_cluster_key="etl"), cond("check", "1", "EQUAL_TO", "1", "a"),
            nb("b", ("check", "true"), job_cluster_key="etl"), job_clusters=TWO_CLUSTERS[:1])
    r = run(j, a=600, b=600)
    assert r.tasks["b"].start == 600
    assert [(c.key, c.start, c.end, c.tasks) for c in clusters(r)] == [("etl", 0, 1200, ("a", "b"))]


# §10.1 + §10.7: each task with its own new_cluster gets a cluster for itself, each with its start-up.
# a: cluster requested 0, up 240, runs 240-840; b (after a): requested 840, up 1080, runs 1080-1680.
# Each cluster is billed 840 s (start-up + work); 6 DBU/h x 0.3: 840/3600 x 1.8 = 0.42 each -> 0.84.
@rule("compute.new_cluster_per_task")
def test_two_new_cluster_tasks_in_sequence_each_pay_their_own_start_up():
    j = job(nb("a", new_cluster={"num_workers": 2}), nb("b", "a", new_cluster={"num_workers": 2}))
    r = run(j, {"compute": {"startup": {"a": 240, "b": 240}, "dbu_per_hour": {"a": 6, "b": 6},
                            "rates": {"new_cluster": 0.3}}}, a=600, b=600)
    assert {c.key: (c.start, c.end) for c in clusters(r)} == {"a": (0, 840), "b": (840, 1680)}
    assert r.duration == 1680
    assert run_cost(r) == pytest.approx(0.84)


# §10.3 / edge case 23: an existing all-purpose cluster is billed at the all-purpose rate the question
# gives (not the jobs rate); the run does not start it (no start-up given). Same job, 1 h, 4 DBU/h:
# all-purpose at 0.55 -> 2.2; on a job cluster at 0.15 -> 0.6.
@rule("compute.billed_while_up")
def test_the_same_hour_costs_the_all_purpose_rate_on_an_existing_cluster():
    rates = {"existing_cluster": 0.55, "job_cluster": 0.15}
    ap = job(nb("a", existing_cluster_id="0101-abc"))
    r = run(ap, {"compute": {"dbu_per_hour": {"0101-abc": 4}, "rates": rates}}, a=3600)
    [cluster] = clusters(r)
    assert (cluster.key, cluster.kind.value, cluster.start) == ("0101-abc", "existing_cluster", 0)
    assert run_cost(r) == pytest.approx(2.2)
    jc = job(nb("a", job_cluster_key="etl"), job_clusters=TWO_CLUSTERS[:1])
    assert run_cost(run(jc, {"compute": {"dbu_per_hour": {"etl": 4}, "rates": rates}}, a=3600)) == pytest.approx(0.6)


# ============================================================================ §12 alerts


# §12.3 / edge case 26: a task fails once and succeeds on retry. Job level: no on_failure (retried
# failure), on_success (run SUCCESS). Task level: on_start for each attempt (no alert_on_last_attempt),
# on_failure for the 1st attempt, on_success once (the 2nd).
@rule("alerts.no_job_alert_for_retried_failure")
def test_failed_then_retried_task_alerts_at_task_level_only():
    every = {"on_start": EMAIL, "on_success": EMAIL, "on_failure": EMAIL}
    j = job(nb("a", max_retries=1, email_notifications=every), email_notifications={"on_failure": EMAIL,
                                                                                    "on_success": EMAIL})
    r = run(j, a=["FAILED", "SUCCESS"])
    assert r.result_state == "SUCCESS"
    assert sent(r) == ["job on_success", "task a on_start (1st attempt)", "task a on_start (2nd attempt)",
                       "task a on_failure (1st attempt)", "task a on_success (2nd attempt)"]


# §12.2-12.3: a task failing all 3 attempts (max_retries 2): the job sends ONE on_failure (for the run),
# the task sends on_failure for each attempt (0, 1, 2).
@rule("alerts.task_alert_per_attempt")
def test_a_task_that_exhausts_its_retries_sends_one_job_alert_and_one_per_attempt():
    j = job(nb("a", max_retries=2, email_notifications={"on_failure": EMAIL}), email_notifications={"on_failure": EMAIL})
    r = run(j, a="FAILED")
    assert sent(r) == ["job on_failure", "task a on_failure (1st attempt)", "task a on_failure (2nd attempt)",
                       "task a on_failure (3rd attempt)"]


# §7.3 + §12.3: alert_on_last_attempt with a timeout. max_retries 2 but retry_on_timeout is false: the
# attempt that times out (120 s > timeout 60) is the last one, so its on_failure is sent (TIMEDOUT
# counts as failure, §12.2). The leaf is TIMEDOUT -> run FAILED -> job on_failure.
@rule("alerts.task_alert_per_attempt")
def test_alert_on_last_attempt_fires_for_a_timeout_that_is_not_retried():
    j = job(nb("a", timeout_seconds=60, max_retries=2, email_notifications={"on_failure": EMAIL},
               notification_settings={"alert_on_last_attempt": True}), email_notifications={"on_failure": EMAIL})
    r = run(j, a=120)
    assert states(r) == {"a": "TIMEDOUT"} and len(r.tasks["a"].attempts) == 1
    assert sent(r) == ["job on_failure", "task a on_failure (1st attempt)"]


# §3 / §12.2 / edge case 27: a fails, cleanup (ALL_DONE leaf) succeeds -> Succeeded with failures ->
# job on_success (not on_failure); the failed task still sends its own task-level on_failure.
@rule("alerts.job_alert_from_result")
def test_succeeded_with_failures_sends_job_success_and_the_tasks_own_failure_alert():
    j = job(nb("a", email_notifications={"on_failure": EMAIL}), nb("cleanup", "a", run_if="ALL_DONE"),
            email_notifications={"on_success": EMAIL, "on_failure": EMAIL})
    r = run(j, a="FAILED")
    assert r.result_state == "SUCCESS_WITH_FAILURES"
    assert sent(r) == ["job on_success", "task a on_failure (1st attempt)"]


# §12.5: the health rule operator is GREATER_THAN: a run lasting exactly the threshold (300 s) sends no
# duration warning; 301 s does.
@rule("alerts.duration_warning")
def test_a_run_exactly_at_the_duration_threshold_sends_no_warning():
    settings = {"email_notifications": {"on_duration_warning_threshold_exceeded": EMAIL},
                "health": {"rules": [{"metric": "RUN_DURATION_SECONDS", "op": "GREATER_THAN", "value": 300}]}}
    assert sent(run(job(nb("a"), **settings), a=300)) == []
    assert sent(run(job(nb("a"), **settings), a=301)) == ["job on_duration_warning_threshold_exceeded"]


# §8.2 / §12.4: in a window, a skipped run never started, so it sends no on_start, only on_failure.
# Hourly, 90-min runs, limit 1, queue off, 2 h: run 1 on_start + on_success; run 2 skipped -> on_failure.
@rule("alerts.skipped_run")
def test_a_skipped_run_sends_on_failure_but_no_on_start():
    t = timeline({"schedule": HOURLY, "email_notifications": {"on_start": EMAIL, "on_success": EMAIL,
                                                              "on_failure": EMAIL}},
                 {"hours": 2, "durations": [5400]})
    assert [(n, a.event) for n, a in timeline_alerts(t)] == [(1, "on_start"), (1, "on_success"), (2, "on_failure")]


# §12.4: "no_alert_for_skipped_runs / no_alert_for_canceled_runs suppress on_failure for skipped /
# canceled runs" -- so, as for a skipped run, a canceled run sends on_failure unless
# no_alert_for_canceled_runs is set (SDK: "do not send notifications to recipients specified in
# on_failure if the run is canceled"). Hourly, runs 600 s, results CANCELED then SUCCESS.
@rule("alerts.canceled_run")
def test_a_canceled_run_sends_on_failure_unless_canceled_runs_are_muted():
    settings = {"schedule": HOURLY, "email_notifications": {"on_failure": EMAIL}}
    runs = {"hours": 2, "durations": [600], "results": ["CANCELED", "SUCCESS"]}
    assert [(n, a.event) for n, a in timeline_alerts(timeline(settings, runs))] == [(1, "on_failure")]
    muted = {**settings, "notification_settings": {"no_alert_for_canceled_runs": True}}
    assert timeline_alerts(timeline(muted, runs)) == ()


# §12.1 (events "available at job level and task level") + §12.5 (the warning needs a
# RUN_DURATION_SECONDS health rule, operator GREATER_THAN). Task a has its own health rule (> 100 s) and
# a task-level on_duration_warning_threshold_exceeded destination; it runs 120 s -> the task's warning
# is sent (no job-level rule or destination, so nothing at job level).
@rule("alerts.duration_warning")
def test_a_task_level_duration_warning_fires_for_a_task_over_its_threshold():
    health = {"rules": [{"metric": "RUN_DURATION_SECONDS", "op": "GREATER_THAN", "value": 100}]}
    j = job(nb("a", health=health, email_notifications={"on_duration_warning_threshold_exceeded": EMAIL}))
    assert sent(run(j, a=120)) == ["task a on_duration_warning_threshold_exceeded (1st attempt)"]


# §7.4 "Job-level timeout_seconds applies to each job run" + §12.2 ("Failure" = result FAILED or
# TIMED_OUT). Job timeout 100 s, its only task runs 300 s: the run is stopped at 100 and ends Timed out,
# so the job sends on_failure, not on_success.
@rule("alerts.job_alert_from_result")
def test_a_run_over_the_job_level_timeout_times_out_and_sends_on_failure():
    j = job(nb("a"), timeout_seconds=100, email_notifications={"on_success": EMAIL, "on_failure": EMAIL})
    r = run(j, a=300)
    assert r.result_state == "TIMEDOUT" and r.duration == 100
    assert sent(r) == ["job on_failure"]
