"""Invariants of the engine over random jobs (hypothesis). A failure prints the shrunk job."""

import json
from dataclasses import replace
from types import MappingProxyType

from hypothesis import given, note
from hypothesis import strategies as st

from lakedrill.engine import Behaviour, RunResultState, repair, simulate
from lakedrill.engine.describe import outline, run_outline
from lakedrill.engine.export import run_as_dict
from lakedrill.engine.model import Task
from lakedrill.engine.scenario import Scenario
from lakedrill.engine.states import FAILURE_LIKE, SKIPPED, SUCCESS_LIKE
from lakedrill.engine.strategies import jobs, rich_jobs, runs_of, scenarios
from lakedrill.engine.validate import job_problems

S = RunResultState


def show(job, run=None):
    note(outline(job))
    if run is not None:
        note(run_outline(run))


def simulated(job_and_scenario):
    """(job, scenario, run), with the job and run noted for a failure report."""
    job, scenario = job_and_scenario
    run = simulate(job, scenario)
    show(job, run)
    return job, scenario, run


@given(runs_of())
def test_generated_jobs_are_valid(job_and_scenario):
    job, _ = job_and_scenario
    show(job)
    assert job_problems(job) == []


@given(runs_of())
def test_the_same_job_and_scenario_give_the_same_run(job_and_scenario):
    job, scenario = job_and_scenario
    first, second = simulate(job, scenario), simulate(job, scenario)
    assert json.dumps(run_as_dict(first)) == json.dumps(run_as_dict(second))


@given(runs_of())
def test_every_task_has_a_state_and_a_trace_step(job_and_scenario):
    job, scenario, run = simulated(job_and_scenario)
    assert list(run.tasks) == list(job.order)
    traced = {s.task_key for s in run.trace}
    for key, tr in run.tasks.items():
        assert tr.state in SUCCESS_LIKE | FAILURE_LIKE, key
        assert key in traced, f"{key} has no trace step: explanations would have nothing to say"


@given(runs_of())
def test_a_task_starts_when_its_last_dependency_is_done_dag_start_when_ready(job_and_scenario):
    job, scenario, run = simulated(job_and_scenario)
    for key, tr in run.tasks.items():
        deps = job.task_by_key[key].depends_on
        ready = max((run.tasks[d.task_key].finished for d in deps), default=0)
        if tr.start is not None:
            assert tr.start == ready, f"rule dag.start_when_ready broke for {key}"
        assert tr.finished >= ready


@given(runs_of())
def test_skipped_tasks_never_ran_and_the_others_did(job_and_scenario):
    job, scenario, run = simulated(job_and_scenario)
    for key, tr in run.tasks.items():
        if tr.state in SKIPPED:
            assert tr.attempts == () and tr.start is None and tr.end is None, key
        else:
            assert tr.attempts and tr.start is not None and tr.end >= tr.start, key


@given(runs_of())
def test_attempts_respect_max_retries_and_the_retry_interval(job_and_scenario):
    job, scenario, run = simulated(job_and_scenario)
    for key, tr in run.tasks.items():
        task = job.task_by_key[key]
        groups = [it.attempts for it in tr.iterations] if tr.iterations else [tr.attempts]
        inner = task.for_each_task.task if task.for_each_task else task
        for attempts in groups:
            if not attempts or task.is_condition:
                continue
            assert [a.number for a in attempts] == list(range(len(attempts)))
            if inner.max_retries >= 0:
                assert len(attempts) <= 1 + inner.max_retries, f"rule retry.attempts broke for {key}"
            for before, after in zip(attempts, attempts[1:]):
                assert after.start >= before.end, f"rule retry.interval_from_start broke for {key}"
                assert after.start >= before.start + inner.min_retry_interval_millis / 1000
                assert before.state in (S.FAILED, S.TIMEDOUT)
                if before.state is S.TIMEDOUT:
                    assert inner.retry_on_timeout, f"rule retry.timeout_needs_retry_on_timeout broke for {key}"


@given(runs_of(rich_jobs(max_tasks=6)))
def test_for_each_never_runs_more_iterations_at_once_than_its_concurrency(job_and_scenario):
    job, scenario = job_and_scenario
    run = simulate(job, scenario)
    for key, tr in run.tasks.items():
        fe = job.task_by_key[key].for_each_task
        if fe is None or not tr.iterations:
            continue
        points = sorted({it.start for it in tr.iterations})
        for t in points:
            running = sum(1 for it in tr.iterations if it.start <= t < it.end)
            assert running <= fe.effective_concurrency, f"rule for_each.concurrency broke for {key}"


@given(runs_of())
def test_job_result_comes_from_the_leaves(job_and_scenario):
    job, scenario, run = simulated(job_and_scenario)
    leaf_failed = any(run.tasks[k].state in FAILURE_LIKE for k in job.leaves)
    any_failed = any(tr.state in FAILURE_LIKE for tr in run.tasks.values())
    expected = S.FAILED if leaf_failed else S.SUCCESS_WITH_FAILURES if any_failed else S.SUCCESS
    assert run.result_state is expected, "rule job_result.from_leaves broke"


@given(runs_of())
def test_a_plain_task_with_no_failure_upstream_succeeds_when_its_code_does(job_and_scenario):
    job, scenario, run = simulated(job_and_scenario)
    for key, tr in run.tasks.items():
        task = job.task_by_key[key]
        if task.disabled or task.is_condition or task.is_for_each or task.run_if != "ALL_SUCCESS":
            continue
        if any(run.tasks[a].state in FAILURE_LIKE for a in job.upstream_of(key)):
            continue
        behaviour = scenario.behaviour(key)
        first_duration = behaviour.duration(0, 60)
        if behaviour.outcome(0) is not S.SUCCESS or (task.timeout_seconds and first_duration > task.timeout_seconds):
            continue
        deps = [run.tasks[d.task_key] for d in task.depends_on]
        branch_missed = any(d.outcome is not None and run.tasks[d.task_key].outcome != d.outcome
                            for d in task.depends_on)
        if branch_missed or (deps and all(d.state is S.EXCLUDED for d in deps)):
            assert tr.state is S.EXCLUDED, f"rule run_if.all_dependencies_excluded broke for {key}"
        elif any(d.state is S.DISABLED for d in deps):
            assert tr.state is S.DISABLED, f"rule task.disabled_downstream broke for {key}"
        else:
            assert tr.state is S.SUCCESS, f"rule run_if.all_success broke for {key}"


@given(rich_jobs(), st.data())
def test_adding_an_independent_task_changes_no_other_task(job, data):
    scenario = data.draw(scenarios(job, failure_rate=0.3))
    lonely = Task(task_key="zz_independent")
    bigger = replace(job, tasks=job.tasks + (lonely,))
    before, after = simulate(job, scenario), simulate(bigger, scenario)
    show(job, before)
    for key, tr in before.tasks.items():
        other = after.tasks[key]
        assert (tr.state, tr.start, tr.end) == (other.state, other.start, other.end), key


@given(runs_of(jobs(for_each_rate=0.0, branches=0, disabled_rate=0.0, timeout_rate=0.0), failure_rate=0.0,
               timeout_rate=0.0, cancel_rate=0.0))
def test_duration_is_the_critical_path_when_nothing_fails(job_and_scenario):
    job, scenario, run = simulated(job_and_scenario)
    finish: dict[str, float] = {}
    for key in job.order:  # longest path, computed on its own
        task = job.task_by_key[key]
        start = max((finish[d.task_key] for d in task.depends_on), default=0)
        finish[key] = start + scenario.behaviour(key).duration(0, 60)
    assert run.result_state is S.SUCCESS
    assert run.duration == max(finish.values()), "rule dag.start_when_ready broke: duration is not the critical path"


@given(runs_of(failure_rate=0.0, timeout_rate=0.0, cancel_rate=0.0))
def test_a_repair_of_a_successful_run_reruns_nothing(job_and_scenario):
    job, scenario = job_and_scenario
    run = simulate(job, scenario)
    if run.failure_like_tasks:  # a failed iteration or a failed condition: not this property
        return
    fixed = repair(run, rerun_all_failed_tasks=True)
    assert fixed.repairs[-1].rerun == ()
    assert fixed.tasks == run.tasks


@given(runs_of())
def test_rerun_all_failed_tasks_reruns_exactly_the_failure_like_tasks(job_and_scenario):
    job, scenario, run = simulated(job_and_scenario)
    fixed = repair(run, rerun_all_failed_tasks=True)
    assert set(fixed.repairs[-1].rerun) == set(run.failure_like_tasks), "rule repair.rerun_all_failed_tasks broke"
    for key in run.tasks:
        if key not in fixed.repairs[-1].rerun:
            assert fixed.tasks[key] == run.tasks[key], f"rule repair.reuses_the_rest broke for {key}"


@given(runs_of())
def test_repairing_with_every_task_fixed_leaves_no_failure(job_and_scenario):
    job, scenario = job_and_scenario
    run = simulate(job, scenario)
    fixed_code = {key: Behaviour(outcomes=(S.SUCCESS,), durations=(1,), values=scenario.behaviour(key).values)
                  for key in job.task_keys if not job.task_by_key[key].is_condition}
    fixed = repair(run, rerun_all_failed_tasks=True, tasks=fixed_code)
    show(job, fixed)
    assert fixed.failure_like_tasks == (), "a repair of every failed task with fixed code left a failure"
    assert fixed.result_state is S.SUCCESS


@given(runs_of())
def test_committed_tasks_are_the_succeeded_ones_and_partial_the_failed_that_ran(job_and_scenario):
    job, scenario = job_and_scenario
    run = simulate(job, scenario)
    for key, tr in run.tasks.items():
        if job.task_by_key[key].is_condition:
            assert tr.commit == "none"
        elif tr.state is S.SUCCESS:
            assert tr.commit == "committed", f"rule commit.no_rollback broke for {key}"
        elif tr.state in FAILURE_LIKE and tr.attempts:
            assert tr.commit == "partial", f"rule commit.partial_on_failure broke for {key}"
        else:
            assert tr.commit == "none"


@given(runs_of())
def test_runs_export_to_json(job_and_scenario):
    job, scenario = job_and_scenario
    data = run_as_dict(simulate(job, scenario))
    assert json.loads(json.dumps(data)) == data
    assert set(data["tasks"]) == set(job.task_keys)


@given(runs_of())
def test_misconceptions_simulate_every_job(job_and_scenario):
    from lakedrill.engine import MISCONCEPTIONS

    job, scenario = job_and_scenario
    for m in MISCONCEPTIONS.values():
        run = simulate(job, scenario, semantics=m.semantics)
        assert set(run.tasks) == set(job.task_keys), m.id


def test_scenario_default_is_every_task_succeeding():
    assert Scenario().behaviour("anything").outcomes == (S.SUCCESS,)
    assert isinstance(Scenario().tasks, MappingProxyType) or len(Scenario().tasks) == 0


@given(rich_jobs())
def test_a_job_written_as_job_settings_reads_back_the_same(job):
    from lakedrill.engine import parse_job
    from lakedrill.engine.export import job_as_dict

    assert parse_job(job_as_dict(job)) == job


@given(runs_of(), st.integers(1, 2000))
def test_a_job_timeout_changes_nothing_before_it_and_stops_everything_at_it(job_and_scenario, limit):
    # timeout.job_run (§7.4) and timeout.job_run_stops_tasks: a run is cut at the timeout, never
    # rewritten before it.
    job, scenario, run = simulated(job_and_scenario)
    timed = simulate(replace(job, timeout_seconds=limit), scenario)
    note(run_outline(timed))
    assert timed.duration == min(run.duration, limit)
    assert (timed.result_state is S.TIMEDOUT) == (run.duration > limit)
    for key, before in run.tasks.items():
        after = timed.tasks[key]
        settled = before.finished <= limit if before.start is None else before.end <= limit
        if settled:
            assert (after.state, after.start, after.end, after.attempts) == \
                   (before.state, before.start, before.end, before.attempts), key
        elif before.start is not None and before.start < limit:
            assert (after.state, after.start, after.end) == (S.TIMEDOUT, before.start, limit), key
        else:
            assert (after.state, after.start, after.attempts) == (S.CANCELED, None, ()), key
