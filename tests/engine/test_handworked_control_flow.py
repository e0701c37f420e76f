"""Hand-worked control-flow cases: small jobs whose outcome was worked out by hand from SEMANTICS.md
(§1 dependencies and timing, §2 run_if, §3 job result, §4 If/else, §5 For each, §6 values and
parameters, engine decisions 1-11, edge cases 1-13 and 30-32), then checked against the engine.

Every time below is in seconds from the start of the run; a task the scenario says nothing about
succeeds in 60 s (engine default, DESIGN: scenario).
"""

import json


from tests.jobdsl import cond, for_each, job, nb, rule, rules_for, run, states


def notebook(key, *deps, params=None, **extra):
    """A notebook task with key-value base_parameters."""
    return nb(key, *deps, notebook_task={"notebook_path": f"/x/{key}", "base_parameters": params or {}}, **extra)


def handler(key, *deps):
    """A failure handler: never triggered when nothing fails, so it is Excluded (§2 table, §2(a))."""
    return nb(key, *deps, run_if="AT_LEAST_ONE_FAILED")


def iteration_spans(r, key):
    return [(it.start, it.end) for it in r.tasks[key].iterations]


# ---------------------------------------------------------------- §2 run_if with mixed upstream states


@rule("run_if.excluded_is_success")
def test_at_least_one_success_is_met_by_an_excluded_parent_beside_a_failed_one():
    """ok SUCCESS -> on_err (AT_LEAST_ONE_FAILED) not triggered -> EXCLUDED (§2 table).
    bad FAILED. child AT_LEAST_ONE_SUCCESS over {EXCLUDED, FAILED}: Excluded is "treated as
    successful" (§2(a), decision 1) -> one success -> child runs, SUCCESS.
    Job: leaf child SUCCESS, bad failed -> SUCCESS_WITH_FAILURES (§3)."""
    j = job(nb("ok"), handler("on_err", "ok"), nb("bad"),
            nb("child", "on_err", "bad", run_if="AT_LEAST_ONE_SUCCESS"))
    r = run(j, bad="FAILED")
    assert states(r) == {"ok": "SUCCESS", "on_err": "EXCLUDED", "bad": "FAILED", "child": "SUCCESS"}
    assert r.result_state == "SUCCESS_WITH_FAILURES"


@rule("run_if.all_failed")
def test_all_failed_is_not_met_when_one_parent_is_excluded_and_the_excluded_leaf_keeps_the_run_alive():
    """bad FAILED; on_err EXCLUDED (ok succeeded). sweep ALL_FAILED over {FAILED, EXCLUDED}:
    Excluded counts as success (§2(a)), so not every dependency failed -> sweep EXCLUDED (§2 table:
    ALL_FAILED not met -> Excluded). Leaves: sweep only (EXCLUDED = success-like, §3.1); bad failed
    -> SUCCESS_WITH_FAILURES (decision 3)."""
    j = job(nb("ok"), handler("on_err", "ok"), nb("bad"), nb("sweep", "bad", "on_err", run_if="ALL_FAILED"))
    r = run(j, bad="FAILED")
    assert r.state("sweep") == "EXCLUDED"
    assert r.result_state == "SUCCESS_WITH_FAILURES"


@rule("run_if.all_success")
def test_all_success_over_succeeded_disabled_and_timed_out_parents_is_upstream_failed():
    """p1 SUCCESS, p2 DISABLED (success-like, decision 10), p3 TIMEDOUT (timeout 10 s, runs 30 s ->
    TIMEDOUT at 10, §7.4; failure-like, decision 1). child ALL_SUCCESS -> not met; a failure-ish
    dependency is present -> UPSTREAM_FAILED (decision 2). Leaf child UPSTREAM_FAILED -> run FAILED."""
    j = job(nb("p1"), nb("p2", disabled=True), nb("p3", timeout_seconds=10), nb("child", "p1", "p2", "p3"))
    r = run(j, p1=5, p3=30)
    assert states(r) == {"p1": "SUCCESS", "p2": "DISABLED", "p3": "TIMEDOUT", "child": "UPSTREAM_FAILED"}
    assert r.tasks["p3"].end == 10
    assert r.result_state == "FAILED"


@rule("run_if.upstream_canceled_state")
def test_all_success_over_upstream_canceled_and_excluded_parents_is_upstream_canceled():
    """a CANCELED -> b (ALL_SUCCESS) UPSTREAM_CANCELED. ok -> on_err EXCLUDED. c ALL_SUCCESS over
    {UPSTREAM_CANCELED, EXCLUDED}: not met, a canceled-ish dependency and no failed one ->
    UPSTREAM_CANCELED (decision 2). Leaf c -> run FAILED (§3.2)."""
    j = job(nb("a"), nb("b", "a"), nb("ok"), handler("on_err", "ok"), nb("c", "b", "on_err"))
    r = run(j, a="CANCELED")
    assert states(r) == {"a": "CANCELED", "b": "UPSTREAM_CANCELED", "ok": "SUCCESS", "on_err": "EXCLUDED",
                         "c": "UPSTREAM_CANCELED"}
    assert r.result_state == "FAILED"


@rule("run_if.upstream_canceled_state")
def test_at_least_one_success_over_canceled_and_timed_out_parents_is_upstream_failed():
    """x CANCELED, y TIMEDOUT: no success -> AT_LEAST_ONE_SUCCESS not met. Decision 2: UPSTREAM_CANCELED
    only when there is no failed dependency; TIMEDOUT is failure-like (decision 1, edge case 6) ->
    UPSTREAM_FAILED."""
    j = job(nb("x"), nb("y"), nb("child", "x", "y", run_if="AT_LEAST_ONE_SUCCESS"))
    r = run(j, x="CANCELED", y="TIMEDOUT")
    assert r.state("child") == "UPSTREAM_FAILED"


@rule("run_if.skipped_counts_as_failed")
def test_none_failed_with_an_upstream_canceled_parent_is_upstream_canceled():
    """a CANCELED -> b UPSTREAM_CANCELED. c NONE_FAILED over {SUCCESS d, UPSTREAM_CANCELED b}:
    UPSTREAM_CANCELED counts as a failure (decision 1) -> not met -> canceled-ish only ->
    UPSTREAM_CANCELED (decision 2)."""
    j = job(nb("a"), nb("b", "a"), nb("d"), nb("c", "b", "d", run_if="NONE_FAILED"))
    r = run(j, a="CANCELED")
    assert r.state("b") == "UPSTREAM_CANCELED"
    assert r.state("c") == "UPSTREAM_CANCELED"


@rule("run_if.skipped_counts_as_failed")
def test_at_least_one_failed_runs_over_an_excluded_and_an_upstream_canceled_parent():
    """on_err EXCLUDED (ok succeeded); a CANCELED -> b UPSTREAM_CANCELED. alert AT_LEAST_ONE_FAILED
    over {EXCLUDED, UPSTREAM_CANCELED}: not all excluded (§2(b) does not apply); UPSTREAM_CANCELED
    counts as failed (decision 1, edge case 4) -> alert runs, SUCCESS. Leaf alert succeeds, a and b
    are failure-like -> SUCCESS_WITH_FAILURES."""
    j = job(nb("ok"), handler("on_err", "ok"), nb("a"), nb("b", "a"), handler("alert", "on_err", "b"))
    r = run(j, a="CANCELED")
    assert r.state("alert") == "SUCCESS"
    assert r.result_state == "SUCCESS_WITH_FAILURES"


@rule("run_if.timedout_counts_as_failed")
def test_all_failed_runs_over_failed_timed_out_and_upstream_failed_parents():
    """f FAILED; t TIMEDOUT; g FAILED -> u (ALL_SUCCESS) UPSTREAM_FAILED. cleanup ALL_FAILED over
    {FAILED, TIMEDOUT, UPSTREAM_FAILED}: all failure-like (decision 1; edge cases 4 and 6) -> runs.
    Leaf cleanup SUCCESS -> SUCCESS_WITH_FAILURES."""
    j = job(nb("f"), nb("t"), nb("g"), nb("u", "g"), nb("cleanup", "f", "t", "u", run_if="ALL_FAILED"))
    r = run(j, f="FAILED", t="TIMEDOUT", g="FAILED")
    assert r.state("u") == "UPSTREAM_FAILED"
    assert r.state("cleanup") == "SUCCESS"
    assert r.result_state == "SUCCESS_WITH_FAILURES"


@rule("run_if.all_done")
def test_all_done_runs_when_every_parent_was_skipped_by_a_failure_or_a_cancel():
    """a FAILED -> b UPSTREAM_FAILED; c CANCELED -> d UPSTREAM_CANCELED. report ALL_DONE over
    {UPSTREAM_FAILED, UPSTREAM_CANCELED}: both completed, neither Excluded (§2(b) does not apply)
    -> runs (§2 table). Leaf report SUCCESS -> SUCCESS_WITH_FAILURES."""
    j = job(nb("a"), nb("b", "a"), nb("c"), nb("d", "c"), nb("report", "b", "d", run_if="ALL_DONE"))
    r = run(j, a="FAILED", c="CANCELED")
    assert (r.state("b"), r.state("d"), r.state("report")) == ("UPSTREAM_FAILED", "UPSTREAM_CANCELED", "SUCCESS")
    assert r.result_state == "SUCCESS_WITH_FAILURES"


@rule("run_if.all_dependencies_excluded")
def test_all_done_over_one_excluded_and_one_disabled_parent_is_excluded():
    """on_err EXCLUDED, off DISABLED (behaves like EXCLUDED, decision 10). report ALL_DONE: all
    dependencies excluded -> EXCLUDED whatever its run_if (§2(b), edge cases 2 and 32). Nothing
    failure-like -> run SUCCESS. Today's docs (jobs/disabled-tasks) say All done counts a disabled parent as
    completed and runs: with one Excluded and one Disabled dependency, not all are Excluded, so report runs."""
    j = job(nb("ok"), handler("on_err", "ok"), nb("off", disabled=True), nb("report", "on_err", "off", run_if="ALL_DONE"))
    r = run(j)
    assert states(r) == {"ok": "SUCCESS", "on_err": "EXCLUDED", "off": "DISABLED", "report": "SUCCESS"}
    assert r.result_state == "SUCCESS"


@rule("run_if.disabled_dependency")
def test_disabled_parent_is_no_success_for_at_least_one_success():
    """off DISABLED; bad FAILED. docs jobs/disabled-tasks: At least one succeeded runs "if at least one other
    parent task succeeds. If all other parent tasks fail or are disabled, the downstream task does not run"."""
    j = job(nb("off", disabled=True), nb("bad"), nb("child", "off", "bad", run_if="AT_LEAST_ONE_SUCCESS"))
    r = run(j, bad="FAILED")
    assert r.state("child") != "SUCCESS"
    assert r.result_state == "FAILED"


# ---------------------------------------------------------------- §3 the job run's result


@rule("condition.outcome_edge_excludes")
def test_failed_task_whose_only_leaf_is_excluded_by_an_untaken_branch_is_succeeded_with_failures():
    """check: "1" == "2" -> false. x depends on (check, true) and on bad (FAILED): its outcome edge
    did not occur -> EXCLUDED whatever its other dependencies (decision 11), not UPSTREAM_FAILED.
    x is the only leaf (check and bad feed it) and Excluded is success-like (§3.1); bad failed ->
    SUCCESS_WITH_FAILURES."""
    j = job(nb("bad"), cond("check", "1", "EQUAL_TO", "2"), nb("x", ("check", "true"), "bad"))
    r = run(j, bad="FAILED")
    assert r.tasks["check"].outcome == "false"
    assert r.state("x") == "EXCLUDED"
    assert r.result_state == "SUCCESS_WITH_FAILURES"


@rule("job_result.from_leaves")
def test_a_failure_recovered_by_a_retry_leaves_the_run_succeeded():
    """a fails once, retry succeeds (max_retries 1): its final state is SUCCESS (§7.1). No task ends
    failure-like -> run SUCCESS, not SUCCESS_WITH_FAILURES (§3: results are per task)."""
    j = job(nb("a", max_retries=1), nb("b", "a"))
    r = run(j, a=["FAILED", "SUCCESS"])
    assert len(r.tasks["a"].attempts) == 2
    assert r.state("a") == "SUCCESS"
    assert r.result_state == "SUCCESS"


@rule("job_result.disabled_leaf_succeeds")
def test_disabled_leaf_beside_an_all_done_leaf_after_a_failure_is_succeeded_with_failures():
    """a FAILED; cleanup ALL_DONE leaf SUCCESS; publish (disabled) leaf DISABLED (success-like,
    decision 10). Every leaf success-like, a failed -> SUCCESS_WITH_FAILURES (decision 3)."""
    j = job(nb("a"), nb("cleanup", "a", run_if="ALL_DONE"), nb("publish", "a", disabled=True))
    r = run(j, a="FAILED")
    assert states(r) == {"a": "FAILED", "cleanup": "SUCCESS", "publish": "DISABLED"}
    assert r.result_state == "SUCCESS_WITH_FAILURES"


@rule("job_result.skipped_leaf_fails")
def test_an_upstream_canceled_leaf_fails_the_run_even_beside_a_successful_all_done_leaf():
    """a CANCELED -> b UPSTREAM_CANCELED (leaf); cleanup ALL_DONE runs (§2(c)) and succeeds (leaf).
    One leaf failure-like -> run FAILED (§3.2, decision 3)."""
    j = job(nb("a"), nb("b", "a"), nb("cleanup", "a", run_if="ALL_DONE"))
    r = run(j, a="CANCELED")
    assert states(r) == {"a": "CANCELED", "b": "UPSTREAM_CANCELED", "cleanup": "SUCCESS"}
    assert r.result_state == "FAILED"


# ---------------------------------------------------------------- §4 If/else condition task


@rule("condition.equality_compares_text")
def test_float_task_value_is_not_equal_to_integer_text_but_is_numerically_greater_or_equal():
    """count sets n = 12.0, substituted as the text "12.0" (§6.4). eq: "12.0" == "12" -> false
    (§4.1); ge: 12.0 >= 12 -> true (§4.2; edge case 8). eq's true branch EXCLUDED, ge's true
    branch runs; nothing failed -> SUCCESS."""
    j = job(nb("count"),
            cond("eq", "{{tasks.count.values.n}}", "EQUAL_TO", "12", "count"),
            cond("ge", "{{tasks.count.values.n}}", "GREATER_THAN_OR_EQUAL", "12", "count"),
            nb("eq_yes", ("eq", "true")), nb("ge_yes", ("ge", "true")))
    r = run(j, count={"values": {"n": 12.0}})
    assert (r.tasks["eq"].outcome, r.tasks["ge"].outcome) == ("false", "true")
    assert (r.state("eq_yes"), r.state("ge_yes")) == ("EXCLUDED", "SUCCESS")
    assert r.result_state == "SUCCESS"


@rule("condition.equality_compares_text")
def test_leading_zero_text_differs_under_equality_but_not_under_ordering():
    """"012" == "12": text differs -> false (§4.1). "012" >= "12": 12 >= 12 -> true (§4.2).
    "012" <= "12": true. "-5" < "-4.5": -5 < -4.5 -> true (as text "-5" > "-4.5")."""
    def outcome(left, op, right):
        return run(job(cond("c", left, op, right), nb("y", ("c", "true")))).tasks["c"].outcome

    assert outcome("012", "EQUAL_TO", "12") == "false"
    assert outcome("012", "NOT_EQUAL", "12") == "true"
    assert outcome("012", "GREATER_THAN_OR_EQUAL", "12") == "true"
    assert outcome("012", "LESS_THAN_OR_EQUAL", "12") == "true"
    assert outcome("-5", "LESS_THAN", "-4.5") == "true"


@rule("condition.equality_compares_text")
def test_integer_and_string_task_values_both_read_as_the_same_text():
    """i = 12 (number) and s = "12" (string) both substitute as "12" (§6.4-6.5) -> i == s is
    true (§4.1)."""
    j = job(nb("a"), cond("same", "{{tasks.a.values.i}}", "EQUAL_TO", "{{tasks.a.values.s}}", "a"),
            nb("y", ("same", "true")))
    r = run(j, a={"values": {"i": 12, "s": "12"}})
    assert r.tasks["same"].outcome == "true"
    assert r.state("y") == "SUCCESS"


@rule("condition.non_numeric_operand_fails")
def test_boolean_task_value_with_an_ordering_operator_fails_the_condition_and_the_run():
    """flag = True reads "true" (§4.4); "true" > "0" needs numbers -> condition FAILED (§4.5,
    decision 4). Both branches: an edge from a FAILED condition counts as a failed dependency
    (decision 11) -> UPSTREAM_FAILED; leaves failure-like -> run FAILED."""
    j = job(nb("a"), cond("c", "{{tasks.a.values.flag}}", "GREATER_THAN", "0", "a"),
            nb("yes", ("c", "true")), nb("no", ("c", "false")))
    r = run(j, a={"values": {"flag": True}})
    assert r.state("c") == "FAILED"
    assert r.tasks["c"].outcome is None
    assert (r.state("yes"), r.state("no")) == ("UPSTREAM_FAILED", "UPSTREAM_FAILED")
    assert r.result_state == "FAILED"


@rule("condition.complex_value_fails")
def test_null_task_value_in_a_condition_operand_fails_the_condition():
    """v = null (JSON null; a valid task value, §6.3). §4.3: "When an operand references a task value,
    only numeric, string and boolean values are allowed; any other type makes the condition
    expression fail (the condition task then fails)." null is none of the three -> check FAILED;
    both branches UPSTREAM_FAILED (decision 11)."""
    j = job(nb("a"), cond("check", "{{tasks.a.values.v}}", "EQUAL_TO", "null", "a"),
            nb("yes", ("check", "true")), nb("no", ("check", "false")))
    r = run(j, a={"values": {"v": None}})
    assert r.state("check") == "FAILED"
    assert (r.state("yes"), r.state("no")) == ("UPSTREAM_FAILED", "UPSTREAM_FAILED")


@rule("condition.complex_value_fails")
def test_list_task_value_embedded_in_operand_text_fails_the_condition():
    """Operand "n={{tasks.a.values.v}}" references a task value that is a list. §4.3 restricts any
    operand that references a task value to numeric/string/boolean values; edge case 8: "list/dict
    task value in an operand -> condition task FAILED". Being embedded in text does not change the
    referenced value's type -> check FAILED."""
    j = job(nb("a"), cond("check", "n={{tasks.a.values.v}}", "EQUAL_TO", "n=[1, 2]", "a"),
            nb("yes", ("check", "true")))
    r = run(j, a={"values": {"v": [1, 2]}})
    assert r.state("check") == "FAILED"
    assert r.state("yes") == "UPSTREAM_FAILED"


@rule("parameters.run_values_override_defaults")
def test_condition_compares_a_task_value_with_a_job_parameter_overridden_for_the_run():
    """limit defaults to "20" but the run passes "9.5" (§6.10: run values replace defaults).
    rows = 10 -> 10 > 9.5 numerically -> true (§4.2). With the default: 10 > 20 -> false."""
    j = job(nb("count"), cond("big", "{{tasks.count.values.rows}}", "GREATER_THAN", "{{job.parameters.limit}}",
                              "count"),
            nb("load", ("big", "true")), nb("skip_msg", ("big", "false")),
            parameters=[{"name": "limit", "default": "20"}])
    r = run(j, {"job_parameters": {"limit": "9.5"}}, count={"values": {"rows": 10}})
    assert r.tasks["big"].outcome == "true"
    assert (r.state("load"), r.state("skip_msg")) == ("SUCCESS", "EXCLUDED")
    assert run(j, count={"values": {"rows": 10}}).tasks["big"].outcome == "false"


@rule("run_if.all_done")
def test_all_done_condition_after_a_failure_reads_the_result_state_and_takes_the_true_branch():
    """load FAILED. check has run_if ALL_DONE -> runs (§2 table). {{tasks.load.result_state}} ->
    "failed" (§6.9, lower case) == "failed" -> true. notify (true) runs; proceed (false) EXCLUDED
    (§4.7). Leaves notify SUCCESS, proceed EXCLUDED; load failed -> SUCCESS_WITH_FAILURES."""
    j = job(nb("load"), cond("check", "{{tasks.load.result_state}}", "EQUAL_TO", "failed", "load", run_if="ALL_DONE"),
            nb("notify", ("check", "true")), nb("proceed", ("check", "false")))
    r = run(j, load="FAILED")
    assert r.state("check") == "SUCCESS"
    assert r.tasks["check"].outcome == "true"
    assert (r.state("notify"), r.state("proceed")) == ("SUCCESS", "EXCLUDED")
    assert r.result_state == "SUCCESS_WITH_FAILURES"


@rule("condition.failed_edge_is_failure")
def test_condition_task_skipped_by_a_failure_skips_both_branches_and_an_all_done_join_still_runs():
    """ingest FAILED -> check (ALL_SUCCESS) UPSTREAM_FAILED, no outcome. Both branch edges see a
    failure-like condition (decision 11) -> yes, no UPSTREAM_FAILED (not EXCLUDED). join ALL_DONE
    over {UPSTREAM_FAILED, UPSTREAM_FAILED} -> runs. Leaf join SUCCESS -> SUCCESS_WITH_FAILURES."""
    j = job(nb("ingest"), cond("check", "1", "EQUAL_TO", "1", "ingest"),
            nb("yes", ("check", "true")), nb("no", ("check", "false")),
            nb("join", "yes", "no", run_if="ALL_DONE"))
    r = run(j, ingest="FAILED")
    assert states(r) == {"ingest": "FAILED", "check": "UPSTREAM_FAILED", "yes": "UPSTREAM_FAILED",
                         "no": "UPSTREAM_FAILED", "join": "SUCCESS"}
    assert r.result_state == "SUCCESS_WITH_FAILURES"


@rule("condition.branch_not_taken")
def test_a_nested_condition_under_the_untaken_branch_is_excluded_with_both_of_its_branches():
    """outer: "a" == "b" -> false. inner hangs on (outer, true) -> EXCLUDED (§4.7). inner has no
    outcome, so neither (inner, true) nor (inner, false) occurred -> both EXCLUDED (decision 11;
    §4.8). else_path on (outer, false) runs. Nothing failure-like -> SUCCESS."""
    j = job(cond("outer", "a", "EQUAL_TO", "b"), cond("inner", "1", "LESS_THAN", "2", ("outer", "true")),
            nb("in_yes", ("inner", "true")), nb("in_no", ("inner", "false")), nb("else_path", ("outer", "false")))
    r = run(j)
    assert states(r) == {"outer": "SUCCESS", "inner": "EXCLUDED", "in_yes": "EXCLUDED", "in_no": "EXCLUDED",
                         "else_path": "SUCCESS"}
    assert r.tasks["inner"].outcome is None
    assert r.result_state == "SUCCESS"


@rule("condition.outcome_edge_excludes")
def test_a_disabled_condition_task_excludes_both_branches():
    """gate is disabled: DISABLED, no outcome (§1.7). An outcome edge is met only by a SUCCESS with
    that outcome (decision 11) -> yes and no EXCLUDED. Run SUCCESS (all success-like)."""
    j = job(cond("gate", "1", "EQUAL_TO", "1", disabled=True), nb("yes", ("gate", "true")), nb("no", ("gate", "false")))
    r = run(j)
    assert states(r) == {"gate": "DISABLED", "yes": "EXCLUDED", "no": "EXCLUDED"}
    assert r.result_state == "SUCCESS"


@rule("condition.no_time_no_compute_no_retry")
def test_branch_timing_condition_is_instant_and_the_join_waits_only_for_the_taken_branch():
    """ingest 0-90; check at 90, takes no time (§4.6) -> true. load 90-120. backfill (false)
    EXCLUDED, decided at 90, never runs its 500 s. join ALL_SUCCESS over {load, backfill(EXCLUDED)}
    -> runs (edge case 10) at 120, ends 130. side 0-200 in parallel. final depends join, side ->
    starts at 200 (§1.4), ends 260. Run duration 260."""
    j = job(nb("ingest"), cond("check", "1", "EQUAL_TO", "1", "ingest"),
            nb("load", ("check", "true")), nb("backfill", ("check", "false")),
            nb("join", "load", "backfill"), nb("side"), nb("final", "join", "side"))
    r = run(j, ingest=90, load=30, backfill=500, join=10, side=200, final=60)
    assert (r.tasks["check"].start, r.tasks["check"].end) == (90, 90)
    assert (r.tasks["load"].start, r.tasks["load"].end) == (90, 120)
    assert r.state("backfill") == "EXCLUDED" and r.tasks["backfill"].start is None
    assert (r.tasks["join"].start, r.tasks["join"].end) == (120, 130)
    assert (r.tasks["final"].start, r.tasks["final"].end) == (200, 260)
    assert r.duration == 260
    assert r.result_state == "SUCCESS"


@rule("run_if.none_failed")
def test_none_failed_join_after_a_failed_taken_branch_and_an_excluded_one():
    """check true. load (true) FAILED; backfill (false) EXCLUDED. join NONE_FAILED over {FAILED,
    EXCLUDED} -> a failure -> UPSTREAM_FAILED. alert AT_LEAST_ONE_FAILED over the same -> runs.
    Leaves join (failure-like) and alert -> run FAILED."""
    j = job(cond("check", "x", "EQUAL_TO", "x"), nb("load", ("check", "true")), nb("backfill", ("check", "false")),
            nb("join", "load", "backfill", run_if="NONE_FAILED"), handler("alert", "load", "backfill"))
    r = run(j, load="FAILED")
    assert states(r) == {"check": "SUCCESS", "load": "FAILED", "backfill": "EXCLUDED",
                         "join": "UPSTREAM_FAILED", "alert": "SUCCESS"}
    assert r.result_state == "FAILED"


@rule("run_if.upstream_canceled_state")
def test_a_cancel_above_a_condition_task_makes_its_branches_upstream_canceled_and_a_handler_runs():
    """src CANCELED -> check (ALL_SUCCESS) UPSTREAM_CANCELED (decision 2). yes on (check, true):
    the edge sees UPSTREAM_CANCELED (decision 11) -> UPSTREAM_CANCELED. rescue AT_LEAST_ONE_FAILED on
    (check, false): the edge is failure-like (decision 1) -> runs (§2(c)). Leaf yes failure-like ->
    run FAILED."""
    j = job(nb("src"), cond("check", "1", "EQUAL_TO", "1", "src"), nb("yes", ("check", "true")),
            nb("rescue", ("check", "false"), run_if="AT_LEAST_ONE_FAILED"))
    r = run(j, src="CANCELED")
    assert states(r) == {"src": "CANCELED", "check": "UPSTREAM_CANCELED", "yes": "UPSTREAM_CANCELED",
                         "rescue": "SUCCESS"}
    assert r.result_state == "FAILED"


# ---------------------------------------------------------------- §5 For each


@rule("for_each.input_order")
def test_for_each_with_concurrency_two_and_uneven_durations():
    """prep 0-20. loop starts 20, concurrency 2, durations [100, 30, 30, 50]:
    it0 20-120, it1 20-50; it2 takes it1's slot at 50 -> 50-80; it3 takes it2's slot at 80
    (earlier than it0's at 120) -> 80-130. loop ends 130 (decision 5); after starts 130."""
    j = job(nb("prep"), for_each("loop", '["a", "b", "c", "d"]', "prep", concurrency=2), nb("after", "loop"))
    r = run(j, prep=20, loop={"duration": 30, "iterations": {0: {"duration": 100}, 3: {"duration": 50}}}, after=5)
    assert iteration_spans(r, "loop") == [(20, 120), (20, 50), (50, 80), (80, 130)]
    assert (r.tasks["loop"].start, r.tasks["loop"].end) == (20, 130)
    assert r.tasks["after"].start == 130
    assert r.duration == 135


@rule("for_each.iteration_retries")
def test_a_retrying_iteration_keeps_its_slot_until_its_retry_ends():
    """concurrency 2, nested max_retries 1, min_retry_interval 50 s, every attempt 20 s.
    it0 fails 0-20, retry at max(20, 0 + 50) = 50 (§7.2) -> 50-70 SUCCESS. it1 0-20. it2 starts
    when it1's slot frees at 20 -> 20-40. loop SUCCESS (every iteration ends SUCCESS) at 70."""
    nested = nb("load", max_retries=1, min_retry_interval_millis=50_000)
    j = job(for_each("loop", '["a", "b", "c"]', nested=nested, concurrency=2))
    r = run(j, loop={"duration": 20, "iterations": {0: {"outcomes": ["FAILED", "SUCCESS"]}}})
    its = r.tasks["loop"].iterations
    assert [(a.start, a.end, a.state) for a in its[0].attempts] == [(0, 20, "FAILED"), (50, 70, "SUCCESS")]
    assert iteration_spans(r, "loop") == [(0, 70), (0, 20), (20, 40)]
    assert r.state("loop") == "SUCCESS"
    assert r.tasks["loop"].end == 70


@rule("for_each.aggregate")
def test_a_timed_out_iteration_fails_the_loop_after_the_rest_run_and_a_handler_leaf_runs():
    """Default concurrency 1 (decision 5). Nested timeout 30 s. it0 0-10; it1 wants 50 s -> TIMEDOUT
    at 10 + 30 = 40 (§7.4, not retried); it2 40-50. loop FAILED once all finished, at 50 (no
    fail-fast, edge case 12). after ALL_SUCCESS -> UPSTREAM_FAILED; alert AT_LEAST_ONE_FAILED runs
    at 50. Leaf after failure-like -> run FAILED."""
    nested = nb("load", timeout_seconds=30)
    j = job(for_each("loop", '["x", "y", "z"]', nested=nested), nb("after", "loop"), handler("alert", "loop"))
    r = run(j, loop={"duration": 10, "iterations": {1: {"duration": 50}}})
    its = r.tasks["loop"].iterations
    assert [it.state for it in its] == ["SUCCESS", "TIMEDOUT", "SUCCESS"]
    assert iteration_spans(r, "loop") == [(0, 10), (10, 40), (40, 50)]
    assert (r.state("loop"), r.tasks["loop"].end) == ("FAILED", 50)
    assert r.state("after") == "UPSTREAM_FAILED"
    assert (r.state("alert"), r.tasks["alert"].start) == ("SUCCESS", 50)
    assert r.result_state == "FAILED"


@rule("for_each.aggregate")
def test_a_failed_iteration_with_only_a_handler_leaf_is_succeeded_with_failures():
    """concurrency 3, three iterations of 40 s at 0; it2 FAILED. loop FAILED at 40. The only leaf is
    alert (AT_LEAST_ONE_FAILED) which runs 40-100 -> SUCCESS_WITH_FAILURES."""
    j = job(for_each("loop", "[1, 2, 3]", concurrency=3), handler("alert", "loop"))
    r = run(j, loop={"duration": 40, "iterations": {2: {"outcomes": ["FAILED"]}}})
    assert r.state("loop") == "FAILED" and r.tasks["loop"].end == 40
    assert (r.tasks["alert"].start, r.tasks["alert"].end) == (40, 100)
    assert r.result_state == "SUCCESS_WITH_FAILURES"


@rule("for_each.empty_input")
def test_empty_task_value_input_succeeds_instantly_and_the_next_task_starts_at_once():
    """list_tables 0-40 sets tables = []. loop: empty input -> SUCCESS with 0 iterations
    (decision 5), starting and ending at 40. after 40-100. Run SUCCESS, duration 100."""
    j = job(nb("list_tables"), for_each("loop", "{{tasks.list_tables.values.tables}}", "list_tables", concurrency=4),
            nb("after", "loop"))
    r = run(j, list_tables={"duration": 40, "values": {"tables": []}})
    assert r.state("loop") == "SUCCESS"
    assert r.tasks["loop"].iterations == ()
    assert (r.tasks["loop"].start, r.tasks["loop"].end) == (40, 40)
    assert r.tasks["after"].start == 40
    assert r.result_state == "SUCCESS" and r.duration == 100


@rule("parameters.run_values_override_defaults")
def test_for_each_over_a_job_parameter_uses_the_runs_value_not_the_default():
    """regions default '["emea"]', run value '["x", "y", "z"]' (§6.10). concurrency 2, 10 s each:
    x 0-10, y 0-10, z 10-20. 3 iterations, loop ends 20."""
    j = job(for_each("loop", "{{job.parameters.regions}}", concurrency=2),
            parameters=[{"name": "regions", "default": '["emea"]'}])
    r = run(j, {"job_parameters": {"regions": json.dumps(["x", "y", "z"])}}, loop=10)
    assert [it.input for it in r.tasks["loop"].iterations] == ["x", "y", "z"]
    assert iteration_spans(r, "loop") == [(0, 10), (0, 10), (10, 20)]
    assert r.tasks["loop"].end == 20


@rule("for_each.concurrency")
def test_concurrency_above_the_input_count_runs_every_iteration_at_once():
    """concurrency 10, three inputs of 10, 20, 30 s: all start at 0; loop ends at the longest, 30."""
    j = job(for_each("loop", '["a", "b", "c"]', concurrency=10))
    r = run(j, loop={"duration": 10, "iterations": {1: {"duration": 20}, 2: {"duration": 30}}})
    assert iteration_spans(r, "loop") == [(0, 10), (0, 20), (0, 30)]
    assert r.tasks["loop"].end == 30


# ---------------------------------------------------------------- §6 task values and parameters


@rule("parameters.job_overrides_task")
def test_run_value_of_a_job_parameter_beats_both_its_default_and_a_task_parameter():
    """env: default "dev", run value "prod" (§6.10). Task sets env = "test" and
    target = "{{job.parameters.env}}_db". Pushdown overrides the same key -> env "prod"
    (edge case 31); target resolves with the run value -> "prod_db"."""
    j = job(notebook("a", params={"env": "test", "target": "{{job.parameters.env}}_db"}),
            parameters=[{"name": "env", "default": "dev"}])
    r = run(j, {"job_parameters": {"env": "prod"}})
    assert r.tasks["a"].parameters == {"env": "prod", "target": "prod_db"}


@rule("parameters.job_overrides_task")
def test_job_parameter_overrides_a_task_parameter_that_holds_a_task_value_reference():
    """a sets env = "staging". b's parameters: env = {{tasks.a.values.env}},
    src = {{tasks.a.values.env}}. Job parameter env = "prod" overrides the same key (§6.10) ->
    env "prod"; src keeps the task value "staging"."""
    j = job(nb("a"), notebook("b", "a", params={"env": "{{tasks.a.values.env}}", "src": "{{tasks.a.values.env}}"}),
            parameters=[{"name": "env", "default": "prod"}])
    r = run(j, a={"values": {"env": "staging"}})
    assert r.tasks["b"].parameters == {"env": "prod", "src": "staging"}


@rule("task_values.set_on_success")
def test_task_values_set_by_a_successful_retry_reach_a_dependent_that_waits_for_the_retry():
    """a: max_retries 1, min_retry_interval 45 s, 30 s per attempt: FAILED 0-30, retry at
    max(30, 0 + 45) = 45, SUCCESS 45-75 and sets rows = 5. b starts at 75 (§1.4) and its
    n = {{tasks.a.values.rows}} reads "5" (§6.5)."""
    j = job(nb("a", max_retries=1, min_retry_interval_millis=45_000),
            notebook("b", "a", params={"n": "{{tasks.a.values.rows}}"}))
    r = run(j, a={"outcomes": ["FAILED", "SUCCESS"], "duration": 30, "values": {"rows": 5}})
    assert [(x.start, x.end) for x in r.tasks["a"].attempts] == [(0, 30), (45, 75)]
    assert r.tasks["b"].start == 75
    assert r.tasks["b"].parameters["n"] == "5"
    assert r.result_state == "SUCCESS"


@rule("references.missing_value_fails")
def test_an_all_done_task_reading_a_value_of_its_failed_parent_fails_at_once():
    """a FAILED at 60: a failed task sets no task values (§6.1). report (ALL_DONE) runs at 60, but
    {{tasks.a.values.rows}} was never set -> report FAILED at 60 (engine rule, §6.1 assumed). Leaf
    report failed -> run FAILED."""
    j = job(nb("a"), notebook("report", "a", params={"n": "{{tasks.a.values.rows}}"}, run_if="ALL_DONE"))
    r = run(j, a={"outcomes": ["FAILED"], "values": {"rows": 5}})
    assert r.state("report") == "FAILED"
    assert (r.tasks["report"].start, r.tasks["report"].end) == (60, 60)
    assert r.result_state == "FAILED"


# ---------------------------------------------------------------- §1 timing across skipped tasks


@rule("dag.start_when_ready")
def test_a_skipped_task_is_done_when_its_dependencies_are_and_waves_follow():
    """a FAILED 0-40 -> b UPSTREAM_FAILED at 40 (it never runs). c ALL_DONE on b: starts 40, 40-60.
    e 0-100 in parallel. f depends c, e -> starts at 100 (§1.4), 100-160. Run lasts 160; f's leaf
    SUCCESS, a and b failure-like -> SUCCESS_WITH_FAILURES."""
    j = job(nb("a"), nb("b", "a"), nb("c", "b", run_if="ALL_DONE"), nb("e"), nb("f", "c", "e"))
    r = run(j, a={"outcomes": ["FAILED"], "duration": 40}, c=20, e=100, f=60)
    assert r.tasks["b"].start is None
    assert (r.tasks["c"].start, r.tasks["c"].end) == (40, 60)
    assert (r.tasks["f"].start, r.tasks["f"].end) == (100, 160)
    assert r.duration == 160
    assert r.result_state == "SUCCESS_WITH_FAILURES"


@rule("run_if.disabled_dependency")
def test_a_task_after_a_disabled_one_waits_for_the_disabled_tasks_own_dependencies():
    """a 0-100; b disabled, depends on a: it is settled once its dependencies are done (§2(d)), at 100.
    d 0-20. c depends on b and d with All done, which counts a disabled parent as completed (docs
    jobs/disabled-tasks) -> runs, starting at 100."""
    j = job(nb("a"), nb("b", "a", disabled=True), nb("d"), nb("c", "b", "d", run_if="ALL_DONE"))
    r = run(j, a=100, d=20, c=10)
    assert r.state("b") == "DISABLED"
    assert (r.state("c"), r.tasks["c"].start) == ("SUCCESS", 100)
    assert "run_if.disabled_dependency" in rules_for(r, "c")


@rule("timeout.per_attempt")
def test_a_for_each_task_that_runs_past_its_own_timeout_ends_timed_out():
    """loop has timeout_seconds 100; default concurrency 1 and three 60 s iterations would take 180 s.
    Decision 6 / §7.4: "timeout_seconds: applies to each run (attempt) of the task ... A timed-out
    run ends TIMEDOUT"; nothing in §5 exempts a For each task. -> loop TIMEDOUT at 100; after
    (ALL_SUCCESS) UPSTREAM_FAILED; leaf failure-like -> run FAILED."""
    j = job(for_each("loop", "[1, 2, 3]", timeout_seconds=100), nb("after", "loop"))
    r = run(j, loop=60)
    assert r.state("loop") == "TIMEDOUT"
    assert r.tasks["loop"].end == 100
    # iteration 0 ran 0-60, iteration 1 was cut at 100, iteration 2 never started
    assert [(it.index, it.state, it.end) for it in r.tasks["loop"].iterations] == [
        (0, "SUCCESS", 60), (1, "TIMEDOUT", 100)]
    assert r.state("after") == "UPSTREAM_FAILED"
    assert r.result_state == "FAILED"
