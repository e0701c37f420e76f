"""Triggers beyond the schedule, and Run Job tasks: each case worked by hand from today's docs.

File arrival: https://docs.databricks.com/aws/en/jobs/file-arrival-triggers and the SDK's
FileArrivalTriggerConfiguration ("starts a run only after no file activity has occurred for the
specified amount of time"; "only after the specified amount of time passed since the last time the
trigger fired"; "The minimum allowed value is 60 seconds"). Table update:
https://docs.databricks.com/aws/en/jobs/trigger-table-update. Job completion (Beta):
https://docs.databricks.com/aws/en/jobs/job-completion-triggers. Continuous:
https://docs.databricks.com/aws/en/jobs/continuous. Run Job:
https://docs.databricks.com/aws/en/jobs/tasks/run-job.
"""

from __future__ import annotations

import pytest

from lakedrill.engine import InvalidJob, parse_job_document, parse_scenario, simulate
from lakedrill.engine.readings import READINGS
from lakedrill.engine.run_job import expand, nesting_problems
from lakedrill.engine.states import RunResultState
from lakedrill.engine.timeline import simulate_runs
from tests.jobdsl import job, nb, rule

WINDOW = "2026-01-05T00:00:00Z"


def timeline(settings: dict, runs: dict, tasks: dict | None = None):
    j = job(nb("load"), **settings)
    scenario = parse_scenario({"tasks": tasks or {}, "runs": {"start": WINDOW, **runs}}, j)
    return simulate_runs(j, scenario)


def notes(t) -> set[str]:
    return {rule_id for rule_id, _ in t.notes} | {r for run in t.runs for r in run.rules}


# ------------------------------------------------------------------ file arrival

FILES = {"url": "/Volumes/main/raw/in/"}


# New files at 0, 30, 50 s; wait 120 s: the last is at 50, quiet from 170 -> one run at 170.
@rule("trigger.wait_after_last_change")
@rule("trigger.file_arrival_new_files")
@rule("trigger.fires_when_due")
def test_a_batch_of_files_starts_one_run_once_quiet_for_the_wait():
    t = timeline({"trigger": {"file_arrival": {**FILES, "wait_after_last_change_seconds": 120}}},
                 {"hours": 1, "file_arrivals": [0, 30, 50], "durations": [60]})
    assert [r.trigger_time for r in t.runs] == [170]
    assert {"trigger.wait_after_last_change", "trigger.file_arrival_new_files", "trigger.fires_when_due"} <= notes(t)


# Min 600 s between triggers, no wait: files at 0 and 900 -> runs at 0 and 900 (900 - 0 >= 600).
# No file arrives while the trigger is held back, so the open hold-back rule decides nothing.
@rule("trigger.min_time_between")
def test_files_far_enough_apart_each_start_a_run_and_the_open_rule_stays_out():
    t = timeline({"trigger": {"file_arrival": {**FILES, "min_time_between_triggers_seconds": 600}},
                  "max_concurrent_runs": 3},
                 {"hours": 1, "file_arrivals": [0, 900], "durations": [60]})
    assert [r.trigger_time for r in t.runs] == [0, 900]
    assert "trigger.file_arrival" not in notes(t)


# Held back: files at 0 and 100, min 600: run at 0; the 100 file waits until 600 -> run at 600.
# Max concurrent runs 1, runs of 700 s, queue off: the 600 run finds the 0 run active -> skipped.
@rule("trigger.min_time_between")
def test_a_file_run_held_back_then_skipped_by_the_concurrency_limit():
    t = timeline({"trigger": {"file_arrival": {**FILES, "min_time_between_triggers_seconds": 600}},
                  "queue": {"enabled": False}},
                 {"hours": 1, "file_arrivals": [0, 100], "durations": [700]})
    assert [(r.trigger_time, r.state) for r in t.runs] == [(0, "TERMINATED"), (600, "SKIPPED")]


# The same with the queue on: the 600 run waits until the 0 run ends at 700, runs 700-1400.
@rule("trigger.min_time_between")
def test_a_file_run_queued_behind_the_active_run():
    t = timeline({"trigger": {"file_arrival": {**FILES, "min_time_between_triggers_seconds": 600}},
                  "queue": {"enabled": True}},
                 {"hours": 1, "file_arrivals": [0, 100], "durations": [700]})
    assert [(r.trigger_time, r.start, r.end) for r in t.runs] == [(0, 0, 700), (600, 700, 1400)]


# A file that arrives while the minimum interval holds the trigger back: the docs do not say; the
# engine names the open rule exactly then.
@rule("trigger.file_arrival")
def test_activity_during_the_hold_back_names_the_open_rule():
    t = timeline({"trigger": {"file_arrival": {**FILES, "min_time_between_triggers_seconds": 600,
                                               "wait_after_last_change_seconds": 60}}, "max_concurrent_runs": 3},
                 {"hours": 1, "file_arrivals": [0, 200, 500], "durations": [30]})
    assert "trigger.file_arrival" in notes(t)


@rule("trigger.timing_at_least_60")
@pytest.mark.parametrize("kind, config", [
    ("file_arrival", {**FILES, "wait_after_last_change_seconds": 30}),
    ("file_arrival", {**FILES, "min_time_between_triggers_seconds": 59}),
    ("table_update", {"table_names": ["main.s.t"], "wait_after_last_change_seconds": 10}),
])
def test_timing_settings_under_60_seconds_are_refused(kind, config):
    with pytest.raises(InvalidJob, match="at least 60 seconds"):
        job(nb("load"), trigger={kind: config})


# ------------------------------------------------------------------ table update

ORDERS, CUSTOMERS = "main.sales.orders", "main.sales.customers"


# ANY_UPDATED over two tables, wait 60: commits orders 0, customers 300, other table 400.
# 0 -> run at 60; 300 -> run at 360; the commit to a table not monitored starts nothing.
@rule("trigger.table_update_any")
def test_any_updated_runs_after_each_quiet_update_of_a_monitored_table():
    t = timeline({"trigger": {"table_update": {"table_names": [ORDERS, CUSTOMERS], "condition": "ANY_UPDATED",
                                               "wait_after_last_change_seconds": 60}}, "max_concurrent_runs": 3},
                 {"hours": 1, "durations": [30], "table_commits": [
                     {"at": 0, "table": ORDERS}, {"at": 300, "table": CUSTOMERS}, {"at": 400, "table": "main.x.y"}]})
    assert [r.trigger_time for r in t.runs] == [60, 360]
    assert {r.trigger for r in t.runs} == {"table"}


# ALL_UPDATED: orders at 0 and 200, customers at 900: the run starts at 900 (both updated), once.
@rule("trigger.table_update_all")
def test_all_updated_waits_for_every_table():
    t = timeline({"trigger": {"table_update": {"table_names": [ORDERS, CUSTOMERS], "condition": "ALL_UPDATED"}}},
                 {"hours": 1, "durations": [30], "table_commits": [
                     {"at": 0, "table": ORDERS}, {"at": 200, "table": ORDERS}, {"at": 900, "table": CUSTOMERS}]})
    assert [r.trigger_time for r in t.runs] == [900]
    assert "trigger.table_update_all_since_last" not in notes(t)


# A second round after a run: orders 1000 then customers 1500 -> run at 1500; the open rule named.
@rule("trigger.table_update_all_since_last")
def test_all_updated_second_round_names_the_open_rule():
    t = timeline({"trigger": {"table_update": {"table_names": [ORDERS, CUSTOMERS], "condition": "ALL_UPDATED"}}},
                 {"hours": 1, "durations": [30], "table_commits": [
                     {"at": 0, "table": ORDERS}, {"at": 100, "table": CUSTOMERS},
                     {"at": 1000, "table": ORDERS}, {"at": 1500, "table": CUSTOMERS}]})
    assert [r.trigger_time for r in t.runs] == [100, 1500]
    assert "trigger.table_update_all_since_last" in notes(t)


@rule("trigger.table_update_hold_back")
def test_a_table_update_during_the_hold_back_names_the_open_rule():
    t = timeline({"trigger": {"table_update": {"table_names": [ORDERS], "min_time_between_triggers_seconds": 600}},
                  "max_concurrent_runs": 3},
                 {"hours": 1, "durations": [30], "table_commits": [
                     {"at": 0, "table": ORDERS}, {"at": 100, "table": ORDERS}, {"at": 300, "table": ORDERS}]})
    assert [r.trigger_time for r in t.runs] == [0, 600]
    assert "trigger.table_update_hold_back" in notes(t)


# ------------------------------------------------------------------ job completion


def completion_timeline(jobs, status, completions, **settings):
    config = {"jobs": [{"job_id": j} for j in jobs]} | ({"if_status": status} if status else {})
    return timeline({"trigger": {"job_completion": config}, "max_concurrent_runs": 5, **settings},
                    {"hours": 2, "durations": [30], "upstream_completions": completions})


# Default SUCCESS: ingest ends Succeeded with failures at 100, Failed at 200, Succeeded at 300:
# runs at 100 and 300 (Succeeded with failures matches SUCCESS; Failed does not).
@rule("trigger.job_completion_status")
@rule("trigger.job_completion_each")
def test_success_matches_succeeded_with_failures_and_each_match_starts_a_run():
    t = completion_timeline(["ingest"], None, [{"at": 100, "job": "ingest", "result": "SUCCESS_WITH_FAILURES"},
                                               {"at": 200, "job": "ingest", "result": "FAILED"},
                                               {"at": 300, "job": "ingest", "result": "SUCCESS"}])
    assert [r.trigger_time for r in t.runs] == [100, 300]


# FAILED: the same completions -> one run at 200. DONE -> runs at 100, 200, 300.
@rule("trigger.job_completion_status")
def test_failed_and_done_filters():
    done = [{"at": 100, "job": "ingest", "result": "SUCCESS_WITH_FAILURES"},
            {"at": 200, "job": "ingest", "result": "TIMEDOUT"}, {"at": 300, "job": "ingest", "result": "SUCCESS"}]
    assert [r.trigger_time for r in completion_timeline(["ingest"], "FAILED", done).runs] == [200]
    assert [r.trigger_time for r in completion_timeline(["ingest"], "DONE", done).runs] == [100, 200, 300]


# The docs' own example: A completes twice, then B -> one run (at B's completion); then each must
# complete again: A at 900 alone starts nothing.
@rule("trigger.job_completion_all")
def test_several_upstream_jobs_need_a_new_completion_each():
    t = completion_timeline(["A", "B"], None, [{"at": 100, "job": "A"}, {"at": 200, "job": "A"},
                                               {"at": 500, "job": "B"}, {"at": 900, "job": "A"}])
    assert [r.trigger_time for r in t.runs] == [500]


@rule("trigger.job_completion_non_matching")
def test_a_non_matching_completion_after_a_match_names_the_open_rule():
    t = completion_timeline(["A", "B"], None, [{"at": 100, "job": "A"}, {"at": 200, "job": "A", "result": "FAILED"},
                                               {"at": 500, "job": "B"}])
    assert [r.trigger_time for r in t.runs] == [500]
    assert "trigger.job_completion_non_matching" in notes(t)


@rule("trigger.job_completion_limits")
@pytest.mark.parametrize("jobs", [[], [{"job_id": i} for i in range(11)]])
def test_a_job_completion_trigger_monitors_one_to_ten_jobs(jobs):
    with pytest.raises(InvalidJob, match="1 to 10 upstream jobs"):
        job(nb("load"), trigger={"job_completion": {"jobs": jobs}})


# ------------------------------------------------------------------ continuous


# Runs fail, fail, succeed, with backoff waits 120 then 300: run 1 0-100 (failed) -> waits 120 ->
# run 2 220-320 (failed, 2nd in a row) -> waits 300 -> run 3 620-720 (succeeds) -> resets: run 4 at 720.
@rule("continuous.exponential_backoff")
def test_a_continuous_job_backs_off_after_failures_in_a_row_and_resets_on_success():
    t = timeline({"continuous": {"pause_status": "UNPAUSED"}},
                 {"seconds": 800, "durations": [100], "results": ["FAILED", "FAILED", "SUCCESS"],
                  "backoff": [120, 300]})
    assert [(r.start, r.end) for r in t.runs] == [(0, 100), (220, 320), (620, 720), (720, 820)]


@rule("continuous.run_now_when_paused")
def test_run_now_on_a_paused_continuous_job_starts_one_run_and_stays_paused():
    t = timeline({"continuous": {"pause_status": "PAUSED"}}, {"hours": 1, "run_now": [600], "durations": [1000]})
    assert [(r.start, r.end) for r in t.runs] == [(600, 1600)]
    assert "continuous.run_now_when_paused" in t.runs[0].rules


@rule("continuous.no_task_dependencies")
def test_a_continuous_job_with_task_dependencies_is_warned_about():
    from lakedrill.engine import job_warnings

    j = job(nb("a"), nb("b", "a"), continuous={"pause_status": "UNPAUSED"})
    assert any("task dependencies" in w.message for w in job_warnings(j))


# ------------------------------------------------------------------ Run Job


def bundle(parent_tasks, child_tasks, child_params=(), **more):
    return {"resources": {"jobs": {
        "parent": {"name": "parent", "parameters": [{"name": "env", "default": "prod"}], "tasks": parent_tasks},
        "child": {"name": "child", "parameters": list(child_params), "tasks": child_tasks}, **more}}}


def jobs_of(document):
    return {key: parse_job_document(document, key) for key in document["resources"]["jobs"]}


RUN_CHILD = {"task_key": "run_child", "run_job_task": {"job_id": "${resources.jobs.child.id}",
                                                      "job_parameters": {"region": "eu",
                                                                         "env": "{{job.parameters.env}}"}}}
CHILD_TASKS = [{"task_key": "extract", "notebook_task": {"notebook_path": "/e"}},
               {"task_key": "write", "depends_on": [{"task_key": "extract"}], "notebook_task": {"notebook_path": "/w"}}]


# The child takes 300 + 200 s; the Run Job task lasts 500 s and fails with the child's failure.
@rule("run_job.child_run")
@rule("run_job.task_state")
def test_a_run_job_task_lasts_as_long_as_its_child_run_and_takes_its_result():
    document = bundle([RUN_CHILD], CHILD_TASKS)
    jobs = jobs_of(document)
    scenario = parse_scenario({"jobs": {"child": {"tasks": {"extract": {"duration": 300},
                                                            "write": {"duration": 200, "outcomes": ["FAILED"]}}}}},
                              jobs["parent"])
    scenario, children = expand(jobs["parent"], scenario, jobs)
    run = simulate(jobs["parent"], scenario)
    assert (run.tasks["run_child"].state, run.tasks["run_child"].end) == (RunResultState.FAILED, 500)
    assert children[0].run.result_state is RunResultState.FAILED


# Child defaults region=us, env=dev, batch=10; the task pushes region=eu and env={{job.parameters.env}}
# (the parent's default prod): the child run has region=eu, env=prod, batch=10.
@rule("run_job.parameters_pushed_down")
def test_job_parameters_are_pushed_down_over_the_childs_defaults():
    document = bundle([RUN_CHILD], CHILD_TASKS, [{"name": "region", "default": "us"}, {"name": "env", "default": "dev"},
                                                 {"name": "batch", "default": "10"}])
    jobs = jobs_of(document)
    _, children = expand(jobs["parent"], parse_scenario({}, jobs["parent"]), jobs)
    assert dict(children[0].parameters) == {"region": "eu", "env": "prod", "batch": "10"}


# A child that ends Succeeded with failures: the open rule's other reading makes the task Failed.
@rule("run_job.task_state")
def test_the_open_task_state_rule_has_another_reading():
    reading = READINGS["run_job.task_state"][0].semantics
    assert reading.run_job_task_state(RunResultState.SUCCESS_WITH_FAILURES) is RunResultState.FAILED


def run_job(key, child):
    return {"task_key": f"run_{child}", "run_job_task": {"job_id": f"${{resources.jobs.{child}.id}}"}}


@rule("run_job.no_cycles_or_deep_nesting")
def test_a_cycle_of_run_job_tasks_is_refused_naming_its_path():
    document = {"resources": {"jobs": {"a": {"tasks": [run_job("a", "b")]}, "b": {"tasks": [run_job("b", "a")]}}}}
    problems = nesting_problems("a", jobs_of(document))
    assert [p.message.split(";")[0] for p in problems] == ["Run Job tasks trigger each other in a cycle: a -> b -> a"]


# a -> b -> c -> d is three nested Run Job tasks (supported); a -> ... -> e is four (not).
@rule("run_job.no_cycles_or_deep_nesting")
def test_more_than_three_nested_run_job_tasks_is_refused_naming_its_path():
    chain = {k: {"tasks": [run_job(k, n)]} for k, n in zip("abcd", "bcde")}
    chain["e"] = {"tasks": [{"task_key": "t", "notebook_task": {"notebook_path": "/t"}}]}
    three = {k: v for k, v in chain.items() if k != "e"} | {"d": chain["e"]}
    assert nesting_problems("a", jobs_of({"resources": {"jobs": three}})) == []
    problems = nesting_problems("a", jobs_of({"resources": {"jobs": chain}}))
    assert len(problems) == 1 and "a -> b -> c -> d -> e" in problems[0].message
