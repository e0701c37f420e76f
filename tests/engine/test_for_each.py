"""SEMANTICS §5 and decision 5: For each tasks, concurrency, iterations and their results."""

import json

import pytest

from lakedrill.engine import InvalidJob
from tests.jobdsl import for_each, job, nb, rule, rules_for, run


def starts(r, key):
    return [it.start for it in r.tasks[key].iterations]


@rule("for_each.concurrency")
def test_iterations_run_at_most_concurrency_at_once():
    r = run(job(for_each("loop", '["a","b","c","d","e"]', concurrency=2)), loop=60)
    assert starts(r, "loop") == [0, 0, 60, 60, 120]
    assert r.tasks["loop"].end == 180


@rule("for_each.default_concurrency")
def test_default_concurrency_is_one_edge_case_13():
    r = run(job(for_each("loop", '[1, 2, 3]')), loop=60)
    assert starts(r, "loop") == [0, 60, 120]
    assert "for_each.default_concurrency" in rules_for(r, "loop")


@rule("for_each.input_order")
def test_iterations_start_in_input_order_as_slots_free_up():
    j = job(for_each("loop", '["slow", "fast", "next"]', concurrency=2))
    r = run(j, loop={"duration": 60, "iterations": {"0": {"duration": 300}}})
    # "next" takes the slot "fast" frees at 60, not the one "slow" frees at 300.
    assert starts(r, "loop") == [0, 0, 60]
    assert r.tasks["loop"].end == 300


@rule("for_each.iteration_retries")
def test_each_iteration_retries_on_its_own():
    nested = nb("load_region", max_retries=1)
    r = run(job(for_each("loop", '["x", "y"]', nested=nested, concurrency=2)),
            loop={"iterations": {"1": {"outcomes": ["FAILED", "SUCCESS"]}}})
    its = r.tasks["loop"].iterations
    assert [len(it.attempts) for it in its] == [1, 2]
    assert r.state("loop") == "SUCCESS"


@rule("for_each.aggregate")
def test_a_failed_iteration_fails_the_for_each_after_all_iterations_edge_case_12():
    r = run(job(for_each("loop", '["a", "b", "c"]'), nb("after", "loop")),
            loop={"duration": 60, "iterations": {"0": {"outcomes": ["FAILED"]}}})
    loop = r.tasks["loop"]
    assert [it.state for it in loop.iterations] == ["FAILED", "SUCCESS", "SUCCESS"]
    assert loop.state == "FAILED"
    assert loop.end == 180  # no fail-fast: every iteration ran
    assert r.state("after") == "UPSTREAM_FAILED"


@rule("for_each.empty_input")
def test_empty_input_succeeds_with_no_iterations_edge_case_12():
    r = run(job(for_each("loop", "[]"), nb("after", "loop")))
    assert r.state("loop") == "SUCCESS"
    assert r.tasks["loop"].iterations == ()
    assert r.state("after") == "SUCCESS"


@rule("for_each.invalid_input_fails")
def test_inputs_that_do_not_resolve_to_an_array_fail_the_task():
    j = job(for_each("loop", "{{job.parameters.tables}}"), parameters=[{"name": "tables", "default": "orders"}])
    r = run(j)
    assert r.state("loop") == "FAILED"
    assert r.tasks["loop"].iterations == ()


def test_for_each_cannot_be_nested_edge_case_11():
    inner = for_each("inner", "[1]")
    with pytest.raises(InvalidJob, match="cannot be nested"):
        job(for_each("outer", "[1, 2]", nested=inner))


def test_input_is_substituted_into_the_nested_task_parameters():
    nested = nb("load", notebook_task={"notebook_path": "/x", "base_parameters": {"table": "{{input}}"}})
    r = run(job(for_each("loop", '["orders", "payments"]', nested=nested)))
    assert [it.parameters["table"] for it in r.tasks["loop"].iterations] == ["orders", "payments"]


def test_object_inputs_are_addressed_by_key():
    nested = nb("load", notebook_task={"notebook_path": "/x", "base_parameters": {"t": "{{input.table}}"}})
    inputs = json.dumps([{"table": "orders"}, {"table": "payments"}])
    r = run(job(for_each("loop", inputs, nested=nested)))
    assert [it.parameters["t"] for it in r.tasks["loop"].iterations] == ["orders", "payments"]


def test_inputs_from_a_task_value_array():
    j = job(nb("list_tables"), for_each("loop", "{{tasks.list_tables.values.tables}}", "list_tables",
                                         concurrency=3))
    r = run(j, list_tables={"values": {"tables": ["a", "b", "c", "d"]}}, loop=60)
    assert [it.input for it in r.tasks["loop"].iterations] == ["a", "b", "c", "d"]
    assert r.tasks["loop"].end - r.tasks["loop"].start == 120


def test_inputs_from_a_job_parameter_array():
    j = job(for_each("loop", "{{job.parameters.regions}}", concurrency=5),
            parameters=[{"name": "regions", "default": '["emea", "amer"]'}])
    assert [it.input for it in run(j).tasks["loop"].iterations] == ["emea", "amer"]


def test_literal_inputs_longer_than_the_limit_are_invalid():
    big = json.dumps(["x" * 50] * 250)
    assert len(big) > 10_000
    with pytest.raises(InvalidJob, match="the limit is 10000"):
        job(for_each("loop", big))


@pytest.mark.parametrize("concurrency", [0, 101])
def test_concurrency_outside_1_to_100_is_invalid_edge_case_13(concurrency):
    with pytest.raises(InvalidJob, match="concurrency must be from 1 to 100"):
        job(for_each("loop", "[1]", concurrency=concurrency))
