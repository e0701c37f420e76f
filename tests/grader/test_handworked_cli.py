"""Hand-worked cases for `lakedrill simulate`, written by an outside examiner.

Each case is a job (JobSettings, `databricks jobs get` output or a bundle) with a scenario, whose
answer was worked out by hand from SEMANTICS.md (the project rulebook) and the README's contract for
`lakedrill simulate --json`, then compared with what the CLI prints. Every test says, in its
comment, the reasoning and the sections it rests on. Times are seconds after the run starts; a
task the scenario does not mention succeeds in 60 s (README, "Simulate your own job").
"""

import json
import re

import yaml
from click.testing import CliRunner

from lakedrill.cli import main


# ---------------------------------------------------------------------------------------- helpers

def nb(key, deps=(), **fields):
    """A notebook task `key` depending on `deps` (task keys, or (key, outcome) pairs)."""
    task = {"task_key": key, "notebook_task": {"notebook_path": f"/jobs/{key}"}}
    if deps:
        task["depends_on"] = [{"task_key": d} if isinstance(d, str) else {"task_key": d[0], "outcome": d[1]}
                              for d in deps]
    task.update(fields)
    return task


def cond(key, left, op, right, deps=(), **fields):
    task = {"task_key": key, "condition_task": {"op": op, "left": left, "right": right}}
    if deps:
        task["depends_on"] = [{"task_key": d} for d in deps]
    task.update(fields)
    return task


def write(tmp_path, name, data):
    path = tmp_path / name
    if name.endswith((".yaml", ".yml")):
        path.write_text(yaml.safe_dump(data, sort_keys=False))
    else:
        path.write_text(json.dumps(data, indent=2))
    return str(path)


def run(tmp_path, job, scenario=None, *args, name="job.yaml"):
    """Simulate `job` (+ `scenario`) through the CLI and return the parsed --json output."""
    document = job if scenario is None else {"job": job, "scenario": scenario}
    result = CliRunner().invoke(main, ["simulate", write(tmp_path, name, document), "--json", *args],
                                catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def bad(tmp_path, job, name="job.yaml", text=None):
    """Simulate a bad job; return (exit code, output, path)."""
    if text is not None:
        path = tmp_path / name
        path.write_text(text)
        path = str(path)
    else:
        path = write(tmp_path, name, job)
    result = CliRunner().invoke(main, ["simulate", path])
    return result.exit_code, result.output, path


def states(data, *keys):
    return [data["tasks"][k]["state"] for k in keys]


def span(task):
    return task["attempts"], task["start"], task["end"]


# ------------------------------------------------------------------- §1-§3: graph, run_if, result

def test_official_sample_a_fails_b_and_c_skipped(tmp_path):
    # §15 sample 1 / §1.4 / §2 / §3: A -> {B, C}; A fails. B and C have run_if ALL_SUCCESS (default),
    # not met -> UPSTREAM_FAILED, never start (attempts 0, null times). Leaves B, C are failure-like
    # -> run FAILED (decision 3). No rollback: A "may have committed part" -> commit "partial" (§9.8).
    # Duration = A's 100 s.
    job = {"tasks": [nb("A"), nb("B", ["A"]), nb("C", ["A"])]}
    data = run(tmp_path, job, {"tasks": {"A": {"outcomes": ["FAILED"], "duration": 100}}})
    assert data["result_state"] == "FAILED"
    assert data["duration"] == 100
    assert states(data, "A", "B", "C") == ["FAILED", "UPSTREAM_FAILED", "UPSTREAM_FAILED"]
    assert span(data["tasks"]["A"]) == (1, 0, 100)
    assert span(data["tasks"]["B"]) == (0, None, None) and span(data["tasks"]["C"]) == (0, None, None)
    assert data["tasks"]["A"]["commit"] == "partial"
    assert data["repair"] is None


def test_fail_option_on_jobs_get_output_uses_every_retry(tmp_path):
    # README: `--fail TASK` = every attempt of TASK fails; `databricks jobs get` envelope
    # {"job_id", "settings"}. A has max_retries 2, no interval -> 3 attempts of 60 s back to back
    # (decision 6: retry starts at max(end, start + 0)): 0-60, 60-120, 120-180 -> FAILED at 180.
    # B, C UPSTREAM_FAILED; run FAILED, 180 s.
    settings = {"name": "sample", "tasks": [nb("A", max_retries=2), nb("B", ["A"]), nb("C", ["A"])]}
    data = run(tmp_path, {"job_id": 1, "settings": settings}, None, "--fail", "A", name="job.json")
    assert data["result_state"] == "FAILED"
    assert span(data["tasks"]["A"]) == (3, 0, 180)
    assert [a["start"] for a in data["tasks"]["A"]["attempt_history"]] == [0, 60, 120]
    assert states(data, "B", "C") == ["UPSTREAM_FAILED", "UPSTREAM_FAILED"]
    assert data["duration"] == 180


def test_every_run_if_after_a_failed_parent(tmp_path):
    # §2 table: A FAILED (0-100). Children of A alone:
    #   ALL_DONE -> runs; AT_LEAST_ONE_FAILED -> runs; ALL_FAILED -> runs;
    #   NONE_FAILED -> not met -> UPSTREAM_FAILED; AT_LEAST_ONE_SUCCESS -> not met -> UPSTREAM_FAILED.
    # The runners start at 100 (decision 7) and end at 160. Leaves D and F are failure-like -> FAILED.
    job = {"tasks": [nb("A"), nb("B", ["A"], run_if="ALL_DONE"), nb("C", ["A"], run_if="AT_LEAST_ONE_FAILED"),
                     nb("D", ["A"], run_if="NONE_FAILED"), nb("E", ["A"], run_if="ALL_FAILED"),
                     nb("F", ["A"], run_if="AT_LEAST_ONE_SUCCESS")]}
    data = run(tmp_path, job, {"tasks": {"A": {"outcomes": ["FAILED"], "duration": 100}}})
    assert states(data, "B", "C", "D", "E", "F") == ["SUCCESS", "SUCCESS", "UPSTREAM_FAILED", "SUCCESS",
                                                      "UPSTREAM_FAILED"]
    for key in "BCE":
        assert span(data["tasks"][key]) == (1, 100, 160)
    assert data["result_state"] == "FAILED"
    assert data["duration"] == 160


def test_all_done_leaf_makes_succeeded_with_failures(tmp_path):
    # §3 / §3.5 / edge 7: A (100) -> M fails (50) -> Z run_if ALL_DONE (30). Z runs 150-180 and
    # succeeds; the only leaf Z succeeded, a middle task failed -> SUCCESS_WITH_FAILURES, 180 s.
    job = {"tasks": [nb("A"), nb("M", ["A"]), nb("Z", ["M"], run_if="ALL_DONE")]}
    data = run(tmp_path, job, {"tasks": {"A": {"duration": 100}, "M": {"outcomes": ["FAILED"], "duration": 50},
                                         "Z": {"duration": 30}}})
    assert states(data, "A", "M", "Z") == ["SUCCESS", "FAILED", "SUCCESS"]
    assert span(data["tasks"]["Z"]) == (1, 150, 180)
    assert data["result_state"] == "SUCCESS_WITH_FAILURES"
    assert data["duration"] == 180


def test_untriggered_failure_handler_and_all_excluded_parents(tmp_path):
    # §2 note (a), (b); edges 2, 3, 7: A succeeds. H (AT_LEAST_ONE_FAILED on A) is not triggered ->
    # EXCLUDED. J (ALL_DONE on H) and N (NONE_FAILED on H): every dependency Excluded -> EXCLUDED
    # regardless of run_if. No task is failure-like -> SUCCESS; nothing after A takes time -> 60 s.
    job = {"tasks": [nb("A"), nb("H", ["A"], run_if="AT_LEAST_ONE_FAILED"), nb("J", ["H"], run_if="ALL_DONE"),
                     nb("N", ["H"], run_if="NONE_FAILED")]}
    data = run(tmp_path, job, {"tasks": {}})
    assert states(data, "A", "H", "J", "N") == ["SUCCESS", "EXCLUDED", "EXCLUDED", "EXCLUDED"]
    assert data["tasks"]["J"]["attempts"] == 0
    assert data["result_state"] == "SUCCESS"
    assert data["duration"] == 60


def test_excluded_parent_counts_as_success_next_to_a_succeeded_one(tmp_path):
    # Edge 1 and §2 ("EXCLUDED parent for NONE_FAILED"): A succeeds (0-60); H (ALL_FAILED on A) ->
    # EXCLUDED at 60. J (ALL_SUCCESS on A, H) runs: Excluded is treated as successful. K (NONE_FAILED
    # on A, H) runs: none failed and A actually ran. Both 60-120.
    # Next to a FAILED parent F (0-100), decision 1 (EXCLUDED is success-like):
    #   P AT_LEAST_ONE_SUCCESS on H, F -> runs 100-160 (H counts as a success)
    #   Q ALL_FAILED on H, F           -> not every dep failed -> EXCLUDED
    #   R NONE_FAILED on H, F          -> F failed -> UPSTREAM_FAILED
    # Leaf R is failure-like -> FAILED.
    job = {"tasks": [nb("A"), nb("H", ["A"], run_if="ALL_FAILED"), nb("J", ["A", "H"]),
                     nb("K", ["A", "H"], run_if="NONE_FAILED"), nb("F"),
                     nb("P", ["H", "F"], run_if="AT_LEAST_ONE_SUCCESS"), nb("Q", ["H", "F"], run_if="ALL_FAILED"),
                     nb("R", ["H", "F"], run_if="NONE_FAILED")]}
    data = run(tmp_path, job, {"tasks": {"F": {"outcomes": ["FAILED"], "duration": 100}}})
    assert states(data, "H", "J", "K") == ["EXCLUDED", "SUCCESS", "SUCCESS"]
    assert span(data["tasks"]["J"]) == (1, 60, 120) and span(data["tasks"]["K"]) == (1, 60, 120)
    assert states(data, "P", "Q", "R") == ["SUCCESS", "EXCLUDED", "UPSTREAM_FAILED"]
    assert span(data["tasks"]["P"]) == (1, 100, 160)
    assert data["result_state"] == "FAILED"


def test_upstream_failed_parent_triggers_failure_handlers(tmp_path):
    # Edge 4 (recommended default: UPSTREAM_FAILED counts as a failure for failure handlers):
    # A fails (0-100) -> B UPSTREAM_FAILED at 100. C (AT_LEAST_ONE_FAILED on B) and D (ALL_FAILED on B)
    # run 100-160. Leaves C, D succeeded, some tasks failed -> SUCCESS_WITH_FAILURES.
    job = {"tasks": [nb("A"), nb("B", ["A"]), nb("C", ["B"], run_if="AT_LEAST_ONE_FAILED"),
                     nb("D", ["B"], run_if="ALL_FAILED")]}
    data = run(tmp_path, job, {"tasks": {"A": {"outcomes": ["FAILED"], "duration": 100}}})
    assert states(data, "A", "B", "C", "D") == ["FAILED", "UPSTREAM_FAILED", "SUCCESS", "SUCCESS"]
    assert span(data["tasks"]["C"]) == (1, 100, 160)
    assert data["result_state"] == "SUCCESS_WITH_FAILURES"


def test_canceled_parent_mixed_with_a_failed_one(tmp_path):
    # §2 rule (c), edge 5, decisions 1-2: A CANCELED (0-100), E FAILED (0-50).
    #   B ALL_SUCCESS on A           -> UPSTREAM_CANCELED (only a canceled dep)
    #   C ALL_DONE on A              -> runs 100-160 (cleanup after a cancel)
    #   D ALL_FAILED on A, E         -> runs 100-160 (canceled counts as failed; recommended)
    #   F ALL_SUCCESS on A, E        -> UPSTREAM_FAILED (a failed dep is present, decision 2)
    # A has max_retries 2, but only FAILED runs are retried (§7.1, "unsuccessful = FAILED or
    # INTERNAL_ERROR") -> 1 attempt. Leaves B and F are failure-like -> FAILED.
    job = {"tasks": [nb("A", max_retries=2), nb("E"), nb("B", ["A"]), nb("C", ["A"], run_if="ALL_DONE"),
                     nb("D", ["A", "E"], run_if="ALL_FAILED"), nb("F", ["A", "E"])]}
    data = run(tmp_path, job, {"tasks": {"A": {"outcomes": ["CANCELED"], "duration": 100},
                                         "E": {"outcomes": ["FAILED"], "duration": 50}}})
    assert states(data, "A", "B", "C", "D", "F") == ["CANCELED", "UPSTREAM_CANCELED", "SUCCESS", "SUCCESS",
                                                      "UPSTREAM_FAILED"]
    assert span(data["tasks"]["A"]) == (1, 0, 100)
    assert span(data["tasks"]["C"]) == (1, 100, 160) and span(data["tasks"]["D"]) == (1, 100, 160)
    assert data["result_state"] == "FAILED"


def test_a_disabled_parent_disables_what_it_keeps_from_running(tmp_path):
    # docs jobs/disabled-tasks: X is disabled -> DISABLED, never runs. B (All succeeded on X and S): "a disabled
    # parent task does not satisfy the succeeded requirement", and a task whose Run if can't be met because a
    # parent is disabled is itself marked disabled for the run -> DISABLED; C (on X only) likewise. D (All done
    # on X and S) runs: "a disabled parent task is considered completed" -> 60-120 after S. Nothing failed ->
    # SUCCESS.
    job = {"tasks": [nb("X", disabled=True), nb("S"), nb("B", ["X", "S"]), nb("C", ["X"]),
                     {**nb("D", ["X", "S"]), "run_if": "ALL_DONE"}]}
    data = run(tmp_path, job, {"tasks": {}})
    assert states(data, "X", "B", "C", "D") == ["DISABLED", "DISABLED", "DISABLED", "SUCCESS"]
    assert data["tasks"]["X"]["attempts"] == 0 and data["tasks"]["B"]["attempts"] == 0
    assert span(data["tasks"]["D"]) == (1, 60, 120)
    assert data["result_state"] == "SUCCESS"


# --------------------------------------------------------------------------------- §4 If/else

def test_string_equality_12_0_vs_12_takes_the_else_branch(tmp_path):
    # §4.1, edge 8, edge 10: "12.0" == "12" compares text -> false. The condition takes no time
    # (decision 4): 0-0, outcome "false". T (true edge) -> EXCLUDED; T2 below T -> EXCLUDED (rule b).
    # F (false edge) runs 0-60. J joins T and F with ALL_SUCCESS -> runs 60-120 (Excluded = success).
    # Decision 11: U hangs on C (true) and on F, run_if ALL_DONE -> the outcome did not occur ->
    # EXCLUDED whatever its run_if; V hangs on C (false) and F with ALL_DONE -> runs 60-120.
    # Run SUCCESS in 120 s.
    job = {"tasks": [cond("C", "12.0", "EQUAL_TO", "12"), nb("T", [("C", "true")]), nb("T2", ["T"]),
                     nb("F", [("C", "false")]), nb("J", ["T", "F"]),
                     nb("U", [("C", "true"), "F"], run_if="ALL_DONE"), nb("V", [("C", "false"), "F"], run_if="ALL_DONE")]}
    data = run(tmp_path, job, {"tasks": {}})
    assert states(data, "U", "V") == ["EXCLUDED", "SUCCESS"]
    assert span(data["tasks"]["V"]) == (1, 60, 120)
    c = data["tasks"]["C"]
    assert (c["state"], c["outcome"], c["start"], c["end"]) == ("SUCCESS", "false", 0, 0)
    assert states(data, "T", "T2", "F", "J") == ["EXCLUDED", "EXCLUDED", "SUCCESS", "SUCCESS"]
    assert span(data["tasks"]["F"]) == (1, 0, 60) and span(data["tasks"]["J"]) == (1, 60, 120)
    assert data["result_state"] == "SUCCESS" and data["duration"] == 120


def test_numeric_ge_on_a_job_parameter_in_a_jobs_get_envelope(tmp_path):
    # §4.2, §6.9-10, edge 8: job parameter v defaults to "9"; the run sets v = "12.0".
    # GE: 12.0 >= 12 numerically -> true -> G runs. EQ: "12.0" == "12" as text -> false -> H (true edge)
    # EXCLUDED, K (false edge) runs. Envelope is `jobs get` output inside `job:`.
    settings = {"parameters": [{"name": "v", "default": "9"}],
                "tasks": [cond("GE", "{{job.parameters.v}}", "GREATER_THAN_OR_EQUAL", "12"),
                          cond("EQ", "{{job.parameters.v}}", "EQUAL_TO", "12"),
                          nb("G", [("GE", "true")]), nb("H", [("EQ", "true")]), nb("K", [("EQ", "false")])]}
    data = run(tmp_path, {"job_id": 42, "settings": settings}, {"job_parameters": {"v": "12.0"}, "tasks": {}})
    assert data["tasks"]["GE"]["outcome"] == "true" and data["tasks"]["EQ"]["outcome"] == "false"
    assert states(data, "G", "H", "K") == ["SUCCESS", "EXCLUDED", "SUCCESS"]
    assert data["result_state"] == "SUCCESS"


def test_numeric_operator_on_text_fails_the_condition_and_ignores_retries(tmp_path):
    # §4.5 / decision 4: "abc" > "3" -> condition task FAILED (assumed). max_retries 3 is ignored
    # (§4.6, edge 9) -> one attempt. Decision 11: an edge from a FAILED condition counts as a failed
    # dependency -> Y (true edge, ALL_SUCCESS) UPSTREAM_FAILED. Leaf Y failure-like -> FAILED.
    job = {"tasks": [cond("C", "abc", "GREATER_THAN", "3", max_retries=3), nb("Y", [("C", "true")])]}
    data = run(tmp_path, job, {"tasks": {}})
    assert data["tasks"]["C"]["state"] == "FAILED"
    assert data["tasks"]["C"]["attempts"] <= 1
    assert data["tasks"]["Y"]["state"] == "UPSTREAM_FAILED"
    assert data["result_state"] == "FAILED"


# ------------------------------------------------------------------- §6 task values, references

def test_task_value_feeds_a_condition_and_parameters_job_parameter_wins(tmp_path):
    # §6.1, §6.5, §6.10, edge 31: A sets rows = 120 (0-100). C: "120" > "100" numerically -> true,
    # at 100. B (true edge) runs 100-160 with base_parameters n = "{{tasks.A.values.rows}}" -> "120"
    # and env = "dev", but the job parameter env (default "prod") overrides the task parameter.
    job = {"parameters": [{"name": "env", "default": "prod"}],
           "tasks": [nb("A"), cond("C", "{{tasks.A.values.rows}}", "GREATER_THAN", "100", deps=["A"]),
                     {"task_key": "B", "depends_on": [{"task_key": "C", "outcome": "true"}],
                      "notebook_task": {"notebook_path": "/b",
                                        "base_parameters": {"n": "{{tasks.A.values.rows}}", "env": "dev"}}}]}
    data = run(tmp_path, job, {"tasks": {"A": {"duration": 100, "values": {"rows": 120}}}})
    assert data["tasks"]["A"]["values"] == {"rows": 120}
    assert (data["tasks"]["C"]["outcome"], data["tasks"]["C"]["end"]) == ("true", 100)
    b = data["tasks"]["B"]
    assert span(b) == (1, 100, 160)
    assert b["parameters"]["n"] == "120" and b["parameters"]["env"] == "prod"
    assert data["result_state"] == "SUCCESS"


def test_boolean_task_value_compares_as_true_and_a_list_fails_the_condition(tmp_path):
    # §4.3-4.4, §6.4, edge 8: A sets flag = True and items = [1, 2]. "{{...flag}}" == "true" -> the
    # boolean becomes "true" -> outcome true. A list in an operand makes the condition fail -> L FAILED.
    # Leaf L failure-like -> FAILED.
    job = {"tasks": [nb("A"), cond("B", "{{tasks.A.values.flag}}", "EQUAL_TO", "true", deps=["A"]),
                     cond("L", "{{tasks.A.values.items}}", "EQUAL_TO", "x", deps=["A"])]}
    data = run(tmp_path, job, {"tasks": {"A": {"values": {"flag": True, "items": [1, 2]}}}})
    assert (data["tasks"]["B"]["state"], data["tasks"]["B"]["outcome"]) == ("SUCCESS", "true")
    assert data["tasks"]["L"]["state"] == "FAILED"
    assert data["result_state"] == "FAILED"


def test_misspelled_reference_in_a_known_namespace_is_bad_input(tmp_path):
    # §6.7, edge 30: `{{job.naem}}` is an invalid reference in the known `job` namespace -> rejected.
    # README: bad input -> exit 2, names the file and the field.
    job = {"tasks": [{"task_key": "A", "notebook_task": {"notebook_path": "/a",
                                                         "base_parameters": {"x": "{{job.naem}}"}}}]}
    code, output, path = bad(tmp_path, job)
    assert code == 2, output
    assert path in output and "{{job.naem}}" in output


def test_misspelled_reference_error_names_the_real_field_and_its_line(tmp_path):
    # README: "Bad input names the file, line, column and field". The field in the file is
    # tasks[0].notebook_task.base_parameters.x, on line 6 of this YAML (column 10 is its value).
    text = ("tasks:\n"
            "  - task_key: A\n"
            "    notebook_task:\n"
            "      notebook_path: /a\n"
            "      base_parameters:\n"
            "        x: '{{job.naem}}'\n")
    code, output, path = bad(tmp_path, None, text=text)
    assert code == 2, output
    assert f"{path}:6:" in output and "tasks[0].notebook_task.base_parameters.x" in output, output


def test_broken_braces_are_kept_as_literal_text(tmp_path):
    # §6.7: a reference with a missing brace is a syntax error that is silently kept as a literal
    # string; the job runs normally.
    job = {"tasks": [{"task_key": "A", "notebook_task": {"notebook_path": "/a",
                                                         "base_parameters": {"x": "{{job.id"}}}]}
    data = run(tmp_path, job, {"tasks": {}})
    assert data["tasks"]["A"]["parameters"]["x"] == "{{job.id"
    assert data["result_state"] == "SUCCESS"


# ------------------------------------------------------------------------------- §5 For each

def loop(key, inputs, deps=(), concurrency=None, **nested):
    spec = {"inputs": inputs, "task": {"task_key": f"{key}_it", "notebook_task": {
        "notebook_path": "/it", "base_parameters": {"item": "{{input}}"}}, **nested}}
    if concurrency is not None:
        spec["concurrency"] = concurrency
    task = {"task_key": key, "for_each_task": spec}
    if deps:
        task["depends_on"] = [{"task_key": d} for d in deps]
    return task


def test_for_each_concurrency_two_one_iteration_fails_no_fail_fast(tmp_path):
    # §5 / decision 5 / edge 12: P (0-30) -> L over ["a","b","c"], concurrency 2, 60 s each.
    # it0 30-90, it1 30-90 (fails, no retries), it2 starts when a slot frees: 90-150.
    # L is FAILED once all iterations have finished (150). D (ALL_SUCCESS on L) UPSTREAM_FAILED.
    job = {"tasks": [nb("P"), loop("L", '["a", "b", "c"]', ["P"], concurrency=2), nb("D", ["L"])]}
    data = run(tmp_path, job, {"tasks": {"P": {"duration": 30},
                                         "L": {"duration": 60, "iterations": {"1": {"outcomes": ["FAILED"]}}}}})
    its = data["tasks"]["L"]["iterations"]
    assert [(i["input"], i["state"], i["start"], i["end"]) for i in its] == [
        ("a", "SUCCESS", 30, 90), ("b", "FAILED", 30, 90), ("c", "SUCCESS", 90, 150)]
    assert its[2]["parameters"]["item"] == "c"
    assert (data["tasks"]["L"]["state"], data["tasks"]["L"]["start"], data["tasks"]["L"]["end"]) == ("FAILED", 30, 150)
    assert data["tasks"]["D"]["state"] == "UPSTREAM_FAILED"
    assert data["result_state"] == "FAILED" and data["duration"] == 150


def test_for_each_default_concurrency_is_one_and_empty_input_succeeds(tmp_path):
    # Decision 5: default concurrency 1 -> S over 3 inputs runs them one after another: 0-60, 60-120,
    # 120-180. E over "[]" -> SUCCESS with no iterations, taking no time; its dependent Z runs 0-60.
    job = {"tasks": [loop("S", '[1, 2, 3]'), loop("E", "[]"), nb("Z", ["E"])]}
    data = run(tmp_path, job, {"tasks": {"S": {"duration": 60}}})
    assert [(i["start"], i["end"]) for i in data["tasks"]["S"]["iterations"]] == [(0, 60), (60, 120), (120, 180)]
    assert data["tasks"]["S"]["end"] == 180
    e = data["tasks"]["E"]
    assert e["state"] == "SUCCESS" and e["iterations"] == [] and e["start"] == e["end"] == 0
    assert span(data["tasks"]["Z"]) == (1, 0, 60)
    assert data["result_state"] == "SUCCESS" and data["duration"] == 180


def test_for_each_over_a_task_value_retries_per_iteration(tmp_path):
    # §5.2, §5.7, decision 5: A (0-60) sets regions = ["x", "y"]; L iterates over
    # {{tasks.A.values.regions}} with concurrency 2; the nested task has max_retries 1.
    # it0 fails then succeeds: 60-120 then retry 120-180 (2 attempts); it1 60-120.
    # Every iteration ends SUCCESS -> L SUCCESS at 180; run SUCCESS (retried failures don't count).
    job = {"tasks": [nb("A"), loop("L", "{{tasks.A.values.regions}}", ["A"], concurrency=2, max_retries=1)]}
    data = run(tmp_path, job, {"tasks": {"A": {"values": {"regions": ["x", "y"]}},
                                         "L": {"duration": 60,
                                               "iterations": {"0": {"outcomes": ["FAILED", "SUCCESS"]}}}}})
    its = data["tasks"]["L"]["iterations"]
    assert [(i["input"], i["attempts"], i["start"], i["end"]) for i in its] == [("x", 2, 60, 180), ("y", 1, 60, 120)]
    assert its[0]["parameters"]["item"] == "x"
    assert data["tasks"]["L"]["state"] == "SUCCESS" and data["tasks"]["L"]["end"] == 180
    assert data["result_state"] == "SUCCESS"


# ---------------------------------------------------------------------- §7 retries and timeouts

def test_retry_interval_is_measured_from_the_start_of_the_failed_attempt(tmp_path):
    # §7.2, decision 6, edge 14: max_retries 2, min_retry_interval_millis 300000 (300 s), 100 s each,
    # outcomes FAILED, FAILED, SUCCESS. Attempt 0: 0-100; retry at max(100, 0+300) = 300: 300-400;
    # retry at max(400, 300+300) = 600: 600-700 SUCCESS. B then runs 700-760.
    job = {"tasks": [nb("A", max_retries=2, min_retry_interval_millis=300000), nb("B", ["A"])]}
    data = run(tmp_path, job, {"tasks": {"A": {"outcomes": ["FAILED", "FAILED", "SUCCESS"], "duration": 100}}})
    a = data["tasks"]["A"]
    assert (a["state"], a["attempts"], a["start"], a["end"]) == ("SUCCESS", 3, 0, 700)
    assert [(h["start"], h["end"]) for h in a["attempt_history"]] == [(0, 100), (300, 400), (600, 700)]
    assert span(data["tasks"]["B"]) == (1, 700, 760)
    assert data["result_state"] == "SUCCESS"


def test_short_interval_exhausted_retries_and_unlimited_retries(tmp_path):
    # §7.1-7.2, edge 14: X: max_retries 1, interval 30 s < 100 s duration, always FAILED (the last
    # outcome repeats) -> 2 attempts 0-100, 100-200, FAILED at 200.
    # U: max_retries -1 (unlimited), FAILED x3 then SUCCESS, 10 s each -> 4 attempts, SUCCESS at 40.
    job = {"tasks": [nb("X", max_retries=1, min_retry_interval_millis=30000), nb("U", max_retries=-1)]}
    data = run(tmp_path, job, {"tasks": {"X": {"outcomes": ["FAILED"], "duration": 100},
                                         "U": {"outcomes": ["FAILED", "FAILED", "FAILED", "SUCCESS"], "duration": 10}}})
    assert (data["tasks"]["X"]["state"],) + span(data["tasks"]["X"]) == ("FAILED", 2, 0, 200)
    assert (data["tasks"]["U"]["state"],) + span(data["tasks"]["U"]) == ("SUCCESS", 4, 0, 40)
    assert data["result_state"] == "FAILED"


def test_task_timeout_is_not_retried_without_retry_on_timeout(tmp_path):
    # §7.3-7.4, decision 6, edge 6: timeout_seconds 100, code takes 300 -> TIMEDOUT at 100.
    # max_retries 2 but retry_on_timeout is false -> 1 attempt. B (ALL_SUCCESS) -> UPSTREAM_FAILED
    # (TIMEDOUT is failure-like, not a cancel). Run FAILED in 100 s.
    job = {"tasks": [nb("A", timeout_seconds=100, max_retries=2), nb("B", ["A"])]}
    data = run(tmp_path, job, {"tasks": {"A": {"duration": 300}}})
    assert (data["tasks"]["A"]["state"],) + span(data["tasks"]["A"]) == ("TIMEDOUT", 1, 0, 100)
    assert data["tasks"]["B"]["state"] == "UPSTREAM_FAILED"
    assert data["result_state"] == "FAILED" and data["duration"] == 100


def test_retry_on_timeout_retries_each_attempt_with_its_own_timeout(tmp_path):
    # §7.3-7.4: retry_on_timeout true, max_retries 1, timeout 100, code 300: each attempt times out
    # at 100 s of its own -> 0-100, 100-200 -> TIMEDOUT, 2 attempts. H (AT_LEAST_ONE_FAILED) runs
    # 200-260 (TIMEDOUT counts as failed, recommended). Leaf H succeeded -> SUCCESS_WITH_FAILURES.
    job = {"tasks": [nb("A", timeout_seconds=100, max_retries=1, retry_on_timeout=True),
                     nb("H", ["A"], run_if="AT_LEAST_ONE_FAILED")]}
    data = run(tmp_path, job, {"tasks": {"A": {"duration": 300}}})
    assert (data["tasks"]["A"]["state"],) + span(data["tasks"]["A"]) == ("TIMEDOUT", 2, 0, 200)
    assert [h["state"] for h in data["tasks"]["A"]["attempt_history"]] == ["TIMEDOUT", "TIMEDOUT"]
    assert span(data["tasks"]["H"]) == (1, 200, 260)
    assert data["result_state"] == "SUCCESS_WITH_FAILURES"


def test_job_level_timeout_stops_the_run(tmp_path):
    # §7.4 + README ("a run past the job's timeout_seconds is stopped there and ends Timed out (tasks
    # still running time out, tasks not started are canceled)"): job timeout_seconds 250.
    # A 0-100, D 0-50 succeed; B (on A, 200 s) is running at 250 -> TIMEDOUT at 250; C (on B) never
    # started -> CANCELED, 0 attempts. Run TIMEDOUT at 250.
    job = {"timeout_seconds": 250, "tasks": [nb("A"), nb("B", ["A"]), nb("C", ["B"]), nb("D")]}
    data = run(tmp_path, job, {"tasks": {"A": {"duration": 100}, "B": {"duration": 200}, "D": {"duration": 50}}})
    assert states(data, "A", "D") == ["SUCCESS", "SUCCESS"]
    assert (data["tasks"]["B"]["state"], data["tasks"]["B"]["start"], data["tasks"]["B"]["end"]) == ("TIMEDOUT", 100, 250)
    assert (data["tasks"]["C"]["state"], data["tasks"]["C"]["attempts"]) == ("CANCELED", 0)
    assert data["result_state"] == "TIMEDOUT" and data["duration"] == 250


def test_job_timeout_stops_a_retry_and_cancels_an_all_done_child(tmp_path):
    # Decision 6 + README job timeout: job timeout_seconds 250. A (max_retries 3, interval 200 s,
    # always FAILED, 100 s): attempt 0 0-100, retry at max(100, 0+200) = 200 and is running at 250 ->
    # it times out there: TIMEDOUT, 2 attempts, end 250. B (ALL_DONE on A) never started -> CANCELED.
    job = {"timeout_seconds": 250, "tasks": [nb("A", max_retries=3, min_retry_interval_millis=200000),
                                             nb("B", ["A"], run_if="ALL_DONE")]}
    data = run(tmp_path, job, {"tasks": {"A": {"outcomes": ["FAILED"], "duration": 100}}})
    assert (data["tasks"]["A"]["state"],) + span(data["tasks"]["A"]) == ("TIMEDOUT", 2, 0, 250)
    assert [h["start"] for h in data["tasks"]["A"]["attempt_history"]] == [0, 200]
    assert (data["tasks"]["B"]["state"], data["tasks"]["B"]["attempts"]) == ("CANCELED", 0)
    assert data["result_state"] == "TIMEDOUT" and data["duration"] == 250


def test_for_each_nested_timeout_times_out_iterations(tmp_path):
    # §5.7 (nested task has normal options), §7.4: nested timeout_seconds 50, iterations take 60 s
    # except index 2 (30 s); concurrency 3 -> it0, it1 TIMEDOUT at 50, it2 SUCCESS at 30.
    # Not every iteration succeeded -> L FAILED at 50 (decision 5). Leaf L failure-like -> FAILED.
    job = {"tasks": [loop("L", "[1, 2, 3]", concurrency=3, timeout_seconds=50)]}
    data = run(tmp_path, job, {"tasks": {"L": {"duration": 60, "iterations": {"2": {"duration": 30}}}}})
    its = data["tasks"]["L"]["iterations"]
    assert [(i["state"], i["start"], i["end"]) for i in its] == [("TIMEDOUT", 0, 50), ("TIMEDOUT", 0, 50),
                                                                 ("SUCCESS", 0, 30)]
    assert (data["tasks"]["L"]["state"], data["tasks"]["L"]["end"]) == ("FAILED", 50)
    assert data["result_state"] == "FAILED"


# ---------------------------------------------------------------------------------- §9 repair

def test_rerun_all_failed_includes_timed_out_canceled_and_skipped(tmp_path):
    # Decision 8, §9.3, edge 17: A TIMEDOUT (timeout 100, code 300), B CANCELED (20 s),
    # C (on A) UPSTREAM_FAILED, D succeeds. Run: leaves B, C failure-like -> FAILED.
    # Repair rerun_all_failed_tasks: reruns A, B, C (D reused). In the repair A takes 50 s -> SUCCESS,
    # B succeeds, C runs 50-110. Every task's latest state is SUCCESS -> repair result SUCCESS.
    job = {"tasks": [nb("A", timeout_seconds=100), nb("B"), nb("C", ["A"]), nb("D")]}
    scenario = {"tasks": {"A": {"duration": 300}, "B": {"outcomes": ["CANCELED"], "duration": 20}},
                "repair": {"rerun_all_failed_tasks": True,
                           "tasks": {"A": {"duration": 50}, "B": {"outcomes": ["SUCCESS"]}}}}
    data = run(tmp_path, job, scenario)
    assert states(data, "A", "B", "C", "D") == ["TIMEDOUT", "CANCELED", "UPSTREAM_FAILED", "SUCCESS"]
    assert data["result_state"] == "FAILED"
    rep = data["repair"]
    assert sorted(rep["rerun"]) == ["A", "B", "C"]
    assert set(rep["tasks"]) == {"A", "B", "C"}
    assert rep["tasks"]["A"]["state"] == "SUCCESS" and rep["tasks"]["A"]["end"] == 50
    assert (rep["tasks"]["C"]["state"], rep["tasks"]["C"]["start"], rep["tasks"]["C"]["end"]) == ("SUCCESS", 50, 110)
    assert rep["result_state"] == "SUCCESS"


def test_rerun_tasks_reruns_exactly_those_named(tmp_path):
    # Decision 8: rerun_tasks [B] reruns B only; C (UPSTREAM_FAILED) is not named and
    # rerun_dependent_tasks is false -> C keeps its state. Result recomputed over latest states:
    # leaf C still UPSTREAM_FAILED -> FAILED.
    # §6.9 / §9.6: B's parameter {{job.repair_count}} is "0" in the run and "1" in the first repair;
    # {{tasks.A.result_state}} is A's state in lower case, "success".
    params = {"rc": "{{job.repair_count}}", "a": "{{tasks.A.result_state}}"}
    job = {"tasks": [nb("A"), {"task_key": "B", "depends_on": [{"task_key": "A"}],
                               "notebook_task": {"notebook_path": "/b", "base_parameters": params}},
                     nb("C", ["B"])]}
    scenario = {"tasks": {"B": {"outcomes": ["FAILED"]}},
                "repair": {"rerun_tasks": ["B"], "tasks": {"B": {"outcomes": ["SUCCESS"]}}}}
    data = run(tmp_path, job, scenario)
    assert data["tasks"]["B"]["parameters"]["rc"] == "0"
    rep = data["repair"]
    assert rep["tasks"]["B"]["parameters"]["rc"] == "1" and rep["tasks"]["B"]["parameters"]["a"] == "success"
    assert rep["rerun"] == ["B"]
    assert rep["tasks"]["B"]["state"] == "SUCCESS"
    assert "C" not in rep["tasks"]
    assert rep["result_state"] == "FAILED"


def test_rerun_dependent_tasks_reruns_succeeded_downstream_and_reuses_task_values(tmp_path):
    # §9.2-9.3, decision 8: all succeed; A sets n = 1 (0-60), B (60-120) takes n via
    # {{tasks.A.values.n}}, C after B (120-180); X independent. Repair rerun_tasks [B] with
    # rerun_dependent_tasks -> B and C (C had succeeded). A is reused with its task value -> B's n "1".
    # In the repair B runs 0-60, C 60-120. Result SUCCESS.
    job = {"tasks": [nb("A"), {"task_key": "B", "depends_on": [{"task_key": "A"}],
                               "notebook_task": {"notebook_path": "/b",
                                                 "base_parameters": {"n": "{{tasks.A.values.n}}"}}},
                     nb("C", ["B"]), nb("X")]}
    scenario = {"tasks": {"A": {"values": {"n": 1}}},
                "repair": {"rerun_tasks": ["B"], "rerun_dependent_tasks": True}}
    data = run(tmp_path, job, scenario)
    assert data["result_state"] == "SUCCESS"
    rep = data["repair"]
    assert rep["rerun"] == ["B", "C"]
    assert rep["tasks"]["B"]["parameters"]["n"] == "1"
    assert (rep["tasks"]["B"]["start"], rep["tasks"]["B"]["end"]) == (0, 60)
    assert (rep["tasks"]["C"]["start"], rep["tasks"]["C"]["end"]) == (60, 120)
    assert rep["result_state"] == "SUCCESS"


def test_rerun_all_failed_with_dependents_adds_a_succeeded_all_done_child(tmp_path):
    # §9.2, decision 8: A -> B (fails) -> C (UPSTREAM_FAILED); D (ALL_DONE on B) ran and succeeded.
    # rerun_all_failed_tasks selects B, C; rerun_dependent_tasks adds D (downstream of B, even though
    # it succeeded). B still fails in the repair (no change) -> C UPSTREAM_FAILED again, D runs ->
    # leaf C failure-like -> repair result FAILED.
    job = {"tasks": [nb("A"), nb("B", ["A"]), nb("C", ["B"]), nb("D", ["B"], run_if="ALL_DONE")]}
    scenario = {"tasks": {"B": {"outcomes": ["FAILED"]}},
                "repair": {"rerun_all_failed_tasks": True, "rerun_dependent_tasks": True}}
    data = run(tmp_path, job, scenario)
    assert data["result_state"] == "FAILED"
    rep = data["repair"]
    assert sorted(rep["rerun"]) == ["B", "C", "D"]
    assert rep["tasks"]["B"]["state"] == "FAILED" and rep["tasks"]["D"]["state"] == "SUCCESS"
    assert rep["tasks"]["C"]["state"] == "UPSTREAM_FAILED"
    assert rep["result_state"] == "FAILED"


# ---------------------------------------------------------------------------------- envelopes

def test_bundle_with_two_jobs_and_a_scenario_picks_the_named_job(tmp_path):
    # README "Simulate your own job": `job:` may hold a bundle; `--job-name` picks one of several.
    # Job "two" is A -> B; the scenario fails A -> B UPSTREAM_FAILED, run FAILED.
    bundle = {"bundle": {"name": "b"},
              "resources": {"jobs": {"one": {"name": "one", "tasks": [nb("A")]},
                                     "two": {"name": "two", "tasks": [nb("A"), nb("B", ["A"])]}}}}
    data = run(tmp_path, bundle, {"tasks": {"A": {"outcomes": ["FAILED"]}}}, "--job-name", "two")
    assert set(data["tasks"]) == {"A", "B"}
    assert states(data, "A", "B") == ["FAILED", "UPSTREAM_FAILED"]
    assert data["result_state"] == "FAILED"


def test_bare_bundle_file_with_one_job_needs_no_job_name(tmp_path):
    # README: a file may hold a job alone (every task succeeds in 60 s); a bundle with one job needs no
    # --job-name. A -> B -> SUCCESS in 120 s.
    bundle = {"bundle": {"name": "b"}, "resources": {"jobs": {"nightly": {"name": "nightly",
                                                                          "tasks": [nb("A"), nb("B", ["A"])]}}}}
    data = run(tmp_path, bundle, None, name="databricks.yml")
    assert data["result_state"] == "SUCCESS" and data["duration"] == 120
    assert span(data["tasks"]["B"]) == (1, 60, 120)


# -------------------------------------------------------------------------------- bad input

def test_a_cycle_is_bad_input_and_names_its_path(tmp_path):
    # §1.5 + README (validate.py finds "cycles with their path"): A needs C, B needs A, C needs B.
    # Exit 2; the message names the file and the cycle as a path through the three tasks.
    job = {"tasks": [nb("A", ["C"]), nb("B", ["A"]), nb("C", ["B"])]}
    code, output, path = bad(tmp_path, job)
    assert code == 2, output
    assert path in output and "cycle" in output.lower()
    flat = re.sub(r"\s+", " ", output)
    assert any(p in flat for p in ("A -> B -> C -> A", "B -> C -> A -> B", "C -> A -> B -> C",
                                   "A → B → C → A", "B → C → A → B", "C → A → B → C")), output


def test_unknown_dependency_in_a_json_file_names_line_column_and_field(tmp_path):
    # README: exit 2, "file:line:col: field: ..." with a suggestion. In the indent-2 JSON below the
    # "task_key": "silvr" of tasks[1].depends_on[0] is on line 18, column 11.
    job = {"tasks": [nb("silver"), nb("gold", ["silvr"])]}
    code, output, path = bad(tmp_path, job, name="job.json")
    text = (tmp_path / "job.json").read_text().splitlines()
    line = next(i for i, l in enumerate(text, 1) if '"silvr"' in l)
    column = text[line - 1].index('"task_key"') + 1
    assert code == 2, output
    assert f"{path}:{line}:{column}: tasks[1].depends_on[0].task_key" in output, output
    assert "did you mean 'silver'?" in output


def test_outcome_on_an_edge_from_a_non_condition_task_is_bad_input(tmp_path):
    # §1.3: `outcome` may only be set on an edge from a condition task -> exit 2, names the field.
    job = {"tasks": [nb("A"), nb("B", [("A", "true")])]}
    code, output, _ = bad(tmp_path, job)
    assert code == 2, output
    assert "tasks[1].depends_on[0]" in output


def test_nested_for_each_is_bad_input(tmp_path):
    # §5.4, edge 11: the nested task of a For each cannot be a For each -> exit 2.
    inner = {"task_key": "inner", "for_each_task": {"inputs": "[1]", "task": nb("leaf")}}
    job = {"tasks": [{"task_key": "outer", "for_each_task": {"inputs": "[1, 2]", "task": inner}}]}
    code, output, path = bad(tmp_path, job)
    assert code == 2, output
    assert path in output and "tasks[0].for_each_task" in output


# ------------------------------------------------------------------------- §8 runs over time

HOURLY = {"quartz_cron_expression": "0 0 * * * ?", "timezone_id": "UTC"}


def test_window_with_queueing_runs_queued_triggers_in_fifo_order(tmp_path):
    # §8.1-8.3, §11.5, edge 15: hourly schedule, max_concurrent_runs 1, queue on, 3 hours, each run
    # 5400 s. Triggers at 0, 3600, 7200. Run 1: 0-5400. Run 2 (3600) is queued, starts when run 1
    # ends: 5400-10800, queued 1800 s. Run 3 (7200) is queued behind it (FIFO, recommended):
    # 10800-16200, queued 3600 s. Nothing is skipped, at most one run active.
    job = {"name": "hourly", "schedule": HOURLY, "max_concurrent_runs": 1, "queue": {"enabled": True},
           "tasks": [nb("A")]}
    scenario = {"tasks": {"A": {"duration": 5400}},
                "runs": {"start": "2026-01-05T00:00:00Z", "hours": 3}}
    data = run(tmp_path, job, scenario)
    runs = data["runs"]
    assert [(r["trigger_time"], r["start"], r["end"], r["result_state"]) for r in runs] == [
        (0, 0, 5400, "SUCCESS"), (3600, 5400, 10800, "SUCCESS"), (7200, 10800, 16200, "SUCCESS")]
    assert [r["queued_seconds"] for r in runs] == [0, 1800, 3600]
    assert all(r["state"] != "SKIPPED" for r in runs)
    assert data["max_active"] == 1


def test_window_with_max_concurrent_runs_zero_skips_every_run_without_alert_when_muted(tmp_path):
    # §8.1, §12.4, edge 15: max_concurrent_runs 0 -> every new run is skipped
    # (MAXIMUM_CONCURRENT_RUNS_REACHED / MAX_CONCURRENT_RUNS_EXCEEDED). The job has an on_failure email
    # but notification_settings.no_alert_for_skipped_runs -> no alert. 2 hours -> triggers 0, 3600.
    job = {"name": "hourly", "schedule": HOURLY, "max_concurrent_runs": 0, "queue": {"enabled": False},
           "email_notifications": {"on_failure": ["oncall@example.com"]},
           "notification_settings": {"no_alert_for_skipped_runs": True}, "tasks": [nb("A")]}
    scenario = {"tasks": {}, "runs": {"start": "2026-01-05T00:00:00Z", "hours": 2}}
    data = run(tmp_path, job, scenario)
    runs = data["runs"]
    assert [r["trigger_time"] for r in runs] == [0, 3600]
    for r in runs:
        assert (r["state"], r["start"], r["end"]) == ("SKIPPED", None, None)
        assert r["result_state"] == "MAXIMUM_CONCURRENT_RUNS_REACHED"
        assert r["termination_code"] == "MAX_CONCURRENT_RUNS_EXCEEDED"
        assert r["alerts"] == []


def test_window_run_now_while_active_is_skipped_and_pause_stops_the_schedule(tmp_path):
    # §8.2, §9.7, §11.5-11.6: hourly, max_concurrent_runs 1, queue off, runs take 1000 s, 4 hours.
    # Run now at 500 while the 00:00 run is active -> skipped (trigger "onetime"), on_failure alert;
    # Run now at 1200 -> runs 1200-2200. 01:00 and 02:00 runs start on time. The schedule is paused at
    # 7300 -> the 03:00 trigger (10800) never fires. Successful runs send on_success.
    job = {"name": "hourly", "schedule": HOURLY, "max_concurrent_runs": 1, "queue": {"enabled": False},
           "email_notifications": {"on_failure": ["a@example.com"], "on_success": ["a@example.com"]},
           "tasks": [nb("A")]}
    scenario = {"tasks": {"A": {"duration": 1000}},
                "runs": {"start": "2026-01-05T00:00:00Z", "hours": 4, "run_now": [500, 1200],
                         "changes": [{"at": 7300, "pause_status": "PAUSED"}]}}
    data = run(tmp_path, job, scenario)
    got = [(r["trigger"], r["trigger_time"], r["state"], r["start"], r["end"]) for r in data["runs"]]
    assert got == [("periodic", 0, "TERMINATED", 0, 1000), ("onetime", 500, "SKIPPED", None, None),
                   ("onetime", 1200, "TERMINATED", 1200, 2200), ("periodic", 3600, "TERMINATED", 3600, 4600),
                   ("periodic", 7200, "TERMINATED", 7200, 8200)]
    assert data["runs"][1]["alerts"] == ["on_failure"]
    assert data["runs"][0]["alerts"] == ["on_success"]
