"""Named wrong beliefs about Lakeflow Jobs, each the true semantics with one rule swapped.

A wrong option of a question is what one of these predicts, so feedback can name the belief
behind a wrong answer and the rule (lakedrill.engine.rulebook) that contradicts it.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from lakedrill.engine import alerts as truth_alerts
from lakedrill.engine import semantics as truth
from lakedrill.engine.compute import ComputeChoice
from lakedrill.engine.model import Job, Task
from lakedrill.engine.run import Commit
from lakedrill.engine.semantics import DATABRICKS, Semantics
from lakedrill.engine.states import FAILURE_LIKE, ConditionTaskOp, RunIf, RunResultState

if TYPE_CHECKING:
    from lakedrill.engine.run import Run
    from lakedrill.engine.scenario import RepairRequest

S = RunResultState


@dataclass(frozen=True)
class Misconception:
    """A wrong belief about Lakeflow Jobs, as the rule it swaps in the engine."""

    id: str
    belief: str  # the wrong belief, as a learner would hold it
    correction: str  # what Databricks does instead, in one sentence
    contradicts: str  # the rule id (lakedrill.engine.rulebook) the belief breaks
    semantics: Semantics


# ------------------------------------------------------------------ the swapped rules


def _rolls_back(state: RunResultState, ran: bool, job_result: RunResultState) -> Commit:
    if job_result is not S.SUCCESS:
        return Commit.NONE
    return truth.commit_status(state, ran, job_result)


def _failed_writes_nothing(state: RunResultState, ran: bool, job_result: RunResultState) -> Commit:
    return Commit.COMMITTED if state is S.SUCCESS else Commit.NONE


def _excluded_is_failure(state: str) -> bool:
    return state in FAILURE_LIKE or state == S.EXCLUDED


def _excluded_is_not_success(state: str) -> bool:
    return state == S.SUCCESS


def _no_exclusion_rule(excluded: int, total: int) -> bool:
    return False


def _all_done_needs_success(run_if: RunIf, successes: int, failures: int, ran: int, total: int) -> bool:
    if run_if is RunIf.ALL_DONE:
        return successes == total
    return truth.run_if_met(run_if, successes, failures, ran, total)


def _downstream_runs_anyway(run_if: RunIf, successes: int, failures: int, ran: int, total: int) -> bool:
    if run_if is RunIf.ALL_SUCCESS:
        return True
    return truth.run_if_met(run_if, successes, failures, ran, total)


def _equality_compares_numbers(op: ConditionTaskOp, left: str, right: str) -> tuple[bool, str]:
    if op in (ConditionTaskOp.EQUAL_TO, ConditionTaskOp.NOT_EQUAL):
        try:
            same = truth.as_number(left) == truth.as_number(right)
        except truth.ConditionFailed:
            same = left == right
        return (same if op is ConditionTaskOp.EQUAL_TO else not same), "condition.equality_compares_text"
    return truth.compare_condition_operands(op, left, right)


def _ordering_compares_text(op: ConditionTaskOp, left: str, right: str) -> tuple[bool, str]:
    ordering = {ConditionTaskOp.GREATER_THAN: lambda a, b: a > b, ConditionTaskOp.GREATER_THAN_OR_EQUAL: lambda a, b: a >= b,
                ConditionTaskOp.LESS_THAN: lambda a, b: a < b, ConditionTaskOp.LESS_THAN_OR_EQUAL: lambda a, b: a <= b}
    if op in ordering:
        return ordering[op](left, right), "condition.order_compares_numbers"
    return truth.compare_condition_operands(op, left, right)


_UNCOMPARABLE = "\x00a value a condition cannot compare"


def _uncomparable_operand_text(value) -> tuple[str, tuple[str, ...]]:
    if value is None or isinstance(value, list | dict):
        return _UNCOMPARABLE, ()
    return truth.operand_text(value)


def _uncomparable_is_false(op: ConditionTaskOp, left: str, right: str) -> tuple[bool, str]:
    if _UNCOMPARABLE in (left, right):
        return False, "condition.complex_value_fails"
    return truth.compare_condition_operands(op, left, right)


def _all_failed_like_any(run_if: RunIf, successes: int, failures: int, ran: int, total: int) -> bool:
    if run_if is RunIf.ALL_FAILED:
        return failures > 0
    return truth.run_if_met(run_if, successes, failures, ran, total)


def _any_failed_needs_all(run_if: RunIf, successes: int, failures: int, ran: int, total: int) -> bool:
    if run_if is RunIf.AT_LEAST_ONE_FAILED:
        return failures == total
    return truth.run_if_met(run_if, successes, failures, ran, total)


def _repair_reruns_everything(run: Run, job: Job, request: RepairRequest) -> frozenset[str]:
    return frozenset(job.task_keys)


def _run_now_resumes(previous: Run | None, job: Job) -> frozenset[str] | None:
    if previous is None:
        return None
    return frozenset(k for k, s in previous.states.items() if s in FAILURE_LIKE)


def _first_attempt_is_a_retry(task: Task) -> int | None:
    return None if task.max_retries == -1 else max(1, task.max_retries)


def _timeout_always_retried(task: Task, outcome: RunResultState) -> bool:
    return outcome in (S.FAILED, S.TIMEDOUT)


def _interval_from_end(start_ms: int, end_ms: int, interval_ms: int) -> int:
    return end_ms + interval_ms


def _one_after_another(ready_ms: int, busy_until_ms: int) -> int:
    return max(ready_ms, busy_until_ms)


def _all_iterations_at_once(concurrency: int, inputs: int) -> int:
    return max(1, inputs)


def _any_failure_fails_job(any_failure: bool, leaf_failure: bool) -> RunResultState:
    return S.FAILED if any_failure else S.SUCCESS


def _with_failures_whatever_failed(any_failure: bool, leaf_failure: bool) -> RunResultState:
    return S.SUCCESS_WITH_FAILURES if any_failure else S.SUCCESS


def _untaken_branch_fails(run_if: RunIf) -> RunResultState:
    return S.UPSTREAM_FAILED


def _task_parameter_wins(task_params: dict[str, str], job_params: dict[str, str]) -> tuple[dict[str, str], list[str]]:
    merged = dict(job_params)
    merged.update(task_params)
    return merged, []


def _handler_is_upstream_failed(run_if: RunIf, canceled: bool, failed: bool) -> RunResultState:
    if run_if in truth.FAILURE_HANDLING:
        return S.UPSTREAM_FAILED
    return truth.skip_state(run_if, canceled, failed)


def _skipped_is_not_failure(state: str) -> bool:
    return state in (S.FAILED, S.TIMEDOUT, S.CANCELED)


def _fails_fast(states_so_far) -> bool:
    return all(s is S.SUCCESS for s in states_so_far)


def _failed_condition_is_false(wanted: str | None, state: RunResultState, outcome: str | None) -> str:
    if wanted is not None and state is S.FAILED:
        return S.SUCCESS if wanted == "false" else truth.NOT_TAKEN
    return truth.outcome_edge(wanted, state, outcome)


def _python_booleans(value) -> tuple[str, tuple[str, ...]]:
    if isinstance(value, bool):
        return ("True" if value else "False"), ()
    return truth.operand_text(value)


def _dependents_only_failed(run: Run, job: Job, request: RepairRequest) -> frozenset[str]:
    chosen = set(truth.repair_selection(run, job, _without_dependents(request)))
    if request.rerun_dependent_tasks:
        states = run.states
        chosen |= {k for k in job.downstream_of(frozenset(chosen)) if states[k] in FAILURE_LIKE}
    return frozenset(chosen)


def _without_dependents(request: RepairRequest) -> RepairRequest:
    from dataclasses import replace as _replace

    return _replace(request, rerun_dependent_tasks=False)


def _cluster_per_task(busy):
    return tuple(sorted(busy))


_JOBS = ("production_batch", "light_or_bursty", "classic_only_batch", "frequent_short_jobs")


def _all_purpose_for_production(workload):
    if workload in _JOBS:
        return ComputeChoice.ALL_PURPOSE
    return truth.compute.recommend_compute(workload)


def _job_cluster_for_production(workload):
    if workload in ("production_batch", "light_or_bursty"):
        return ComputeChoice.JOB_CLUSTER
    return truth.compute.recommend_compute(workload)


def _all_purpose_for_notebooks(workload):
    if workload == "interactive_development":
        return ComputeChoice.ALL_PURPOSE
    return truth.compute.recommend_compute(workload)


def _serverless_despite_limits(workload):
    if workload in ("classic_only_batch", "frequent_short_jobs", "interactive_classic_only"):
        return ComputeChoice.SERVERLESS
    return truth.compute.recommend_compute(workload)


def _no_pool_for_start_up(workload):
    if workload == "frequent_short_jobs":
        return ComputeChoice.JOB_CLUSTER
    return truth.compute.recommend_compute(workload)


def _sql_on_serverless(workload):
    if workload == "sql_analytics":
        return ComputeChoice.SERVERLESS
    return truth.compute.recommend_compute(workload)


def _streaming_on_a_schedule(today: bool) -> dict:
    return {"schedule": "every 5 minutes", "max_concurrent_runs": 5, "max_retries": 0}


def _limited_streaming_retries(today: bool) -> dict:
    if today:
        return truth.compute.streaming_settings(today)
    return {"max_retries": 3, "max_concurrent_runs": 1}


def _legacy_recipe_today(today: bool) -> dict:
    return truth.compute.streaming_settings(False)


def _retried_failure_alerts_job(result: RunResultState, retried_failures: bool) -> frozenset[str]:
    events = set(truth.alerts.job_alert_events(result, retried_failures))
    return frozenset(events | ({"on_failure"} if retried_failures else set()))


def _with_failures_is_failure(result: RunResultState, retried_failures: bool) -> frozenset[str]:
    if result is S.SUCCESS_WITH_FAILURES:
        return frozenset({"on_failure"})
    return truth.alerts.job_alert_events(result, retried_failures)


def _pipeline_schedules_itself(item: str):
    from lakedrill.engine.knowledge import ORCHESTRATION, Owner

    return Owner.PIPELINE if item in ORCHESTRATION else truth.knowledge.owner_of(item)


def _job_transforms(item: str):
    from lakedrill.engine.knowledge import Owner

    return Owner.JOB


def _job_configures_the_pipeline(item: str):
    from lakedrill.engine.knowledge import PIPELINE_SETTINGS, Owner

    return Owner.JOB if item in PIPELINE_SETTINGS else truth.knowledge.owner_of(item)


def _jobs_have_no_approach():
    from lakedrill.engine.knowledge import Approach

    return Approach.NEITHER


def _jobs_are_declarative():
    from lakedrill.engine.knowledge import Approach

    return Approach.DECLARATIVE


def _defaults_only(defaults: dict[str, str], overrides) -> dict[str, str]:
    return dict(defaults)


def _python_repr_text(value) -> str:
    if isinstance(value, bool):
        return "True" if value else "False"
    return truth.substituted_text(value)


def _job_timeout_per_task(job_timeout_seconds: int) -> tuple[int, int]:
    return 0, job_timeout_seconds


def _m(id: str, belief: str, correction: str, contradicts: str, **swap) -> Misconception:
    return Misconception(id, belief, correction, contradicts, replace(DATABRICKS, name=id, **swap))


_ALL = [
    _m("job_rolls_back",
       "When a task fails, the job rolls back what its tasks wrote.",
       "Nothing rolls back across tasks: writes already committed stay committed.",
       "commit.no_rollback", commit_status=_rolls_back),
    _m("failed_task_writes_nothing",
       "A task that fails has written nothing.",
       "A task may have committed part of its writes before it failed.",
       "commit.partial_on_failure", commit_status=_failed_writes_nothing),
    _m("excluded_counts_as_failed",
       "An Excluded task counts as a failure for the tasks after it.",
       "An Excluded task is skipped and treated as successful.",
       "run_if.excluded_is_success", dependency_is_success=_excluded_is_not_success,
       dependency_is_failure=_excluded_is_failure, all_dependencies_excluded=_no_exclusion_rule),
    _m("downstream_runs_anyway",
       "The tasks after a failed task still run.",
       "A task with the default Run if (All succeeded) is skipped as Upstream failed when a dependency fails.",
       "run_if.all_success", run_if_met=_downstream_runs_anyway),
    _m("all_done_needs_success",
       "All done runs a task only if its dependencies succeeded.",
       "All done runs the task once its dependencies have finished, whatever their result.",
       "run_if.all_done", run_if_met=_all_done_needs_success),
    _m("all_excluded_still_runs",
       "A task whose dependencies were all Excluded still runs when its Run if allows it.",
       "A task whose dependencies are all Excluded is Excluded too, whatever its Run if.",
       "run_if.all_dependencies_excluded", all_dependencies_excluded=_no_exclusion_rule),
    _m("equality_compares_numbers",
       "== and != compare two numbers as numbers, so two spellings of the same number are equal.",
       "== and != compare their operands as text, so two spellings of the same number are not equal; only "
       "<, <=, > and >= compare numbers.",
       "condition.equality_compares_text", compare_condition_operands=_equality_compares_numbers),
    _m("ordering_compares_text",
       "<, <=, > and >= compare their operands as text, letter by letter, like == does.",
       "<, <=, > and >= compare numbers, so 9 < 10 is true; only == and != compare text.",
       "condition.order_compares_numbers", compare_condition_operands=_ordering_compares_text),
    _m("uncomparable_value_is_false",
       "A condition whose task value is a list or an object simply evaluates to false.",
       "Only numbers, strings and booleans can be compared: a list or object task value makes the condition "
       "task fail, so it has no outcome at all.",
       "condition.complex_value_fails", operand_text=_uncomparable_operand_text,
       compare_condition_operands=_uncomparable_is_false),
    _m("untaken_branch_fails",
       "The tasks of the If/else branch that was not taken are Upstream failed.",
       "Tasks on the branch not taken are Excluded, which counts as success.",
       "condition.branch_not_taken", branch_not_taken=_untaken_branch_fails),
    _m("any_failure_fails_job",
       "If any task fails, the job run is Failed.",
       "The job run's result comes from its leaf tasks: when tasks failed but every leaf task succeeded, it is "
       "Succeeded with failures.",
       "job_result.from_leaves", job_result=_any_failure_fails_job),
    _m("with_failures_whatever_failed",
       "A run in which some tasks failed and others succeeded is Succeeded with failures, even when a leaf task "
       "failed.",
       "A failed leaf task makes the run Failed; Succeeded with failures needs every leaf task to succeed.",
       "job_result.from_leaves", job_result=_with_failures_whatever_failed),
    _m("first_attempt_is_a_retry",
       "max_retries counts the first attempt, so a task runs at most max_retries times in all.",
       "max_retries counts the retries after the first attempt: a task runs at most max_retries + 1 times.",
       "retry.attempts", max_attempts=_first_attempt_is_a_retry),
    _m("timeout_always_retried",
       "A timed-out task is retried like a failed one.",
       "A timed-out attempt is retried only when retry_on_timeout is true.",
       "retry.timeout_needs_retry_on_timeout", retries_outcome=_timeout_always_retried),
    _m("job_timeout_per_task",
       "A job's timeout_seconds limits each of its tasks, not the run as a whole.",
       "A job-level timeout_seconds applies to the whole job run: the run is stopped when it has run that long.",
       "timeout.job_run", job_timeouts=_job_timeout_per_task),
    _m("retry_interval_from_end",
       "The retry interval is counted from the end of the failed attempt.",
       "min_retry_interval_millis counts from the start of the failed attempt.",
       "retry.interval_from_start", retry_start=_interval_from_end),
    _m("independent_tasks_run_sequentially",
       "Tasks of a job run one after another, even when they do not depend on each other.",
       "Independent tasks run in parallel: each starts as soon as its own dependencies are done.",
       "dag.start_when_ready", start_time=_one_after_another),
    _m("for_each_runs_all_at_once",
       "A For each task runs all of its iterations at the same time.",
       "A For each task runs at most `concurrency` iterations at once.",
       "for_each.concurrency", for_each_slots=_all_iterations_at_once),
    _m("repair_reruns_everything",
       "Repairing a run reruns every task of the job.",
       "A repair reruns only the tasks it selects (all failed tasks, or the ones you name) and reuses the "
       "results of the others.",
       "repair.rerun_all_failed_tasks", repair_selection=_repair_reruns_everything),
    _m("run_now_reruns_only_failed",
       "Run now picks up where the failed run stopped and reruns only the failed tasks.",
       "Run now starts a new run that runs every task from scratch; only a repair reuses results.",
       "run_now.fresh_run", run_now_selection=_run_now_resumes),
    _m("skipped_handler_is_upstream_failed",
       "A failure-handling task that has nothing to handle is Upstream failed.",
       "An At least one failed or All failed task whose condition is not met is Excluded, which counts as "
       "success.",
       "run_if.at_least_one_failed", skip_state=_handler_is_upstream_failed),
    _m("all_failed_like_any_failed",
       "All failed runs a task as soon as one of its dependencies failed.",
       "All failed runs the task only when every dependency failed; otherwise it is Excluded.",
       "run_if.all_failed", run_if_met=_all_failed_like_any),
    _m("any_failed_needs_all_failed",
       "At least one failed runs a task only when every dependency failed.",
       "At least one failed runs the task when any dependency failed.",
       "run_if.at_least_one_failed", run_if_met=_any_failed_needs_all),
    _m("skipped_is_not_failure",
       "A task skipped as Upstream failed is not a failure, so failure handlers ignore it.",
       "An Upstream failed task counts as failed for Run if and, as a leaf, fails the run.",
       "run_if.skipped_counts_as_failed", dependency_is_failure=_skipped_is_not_failure),
    _m("for_each_fails_fast",
       "A For each task stops at its first failed iteration.",
       "Every iteration of a For each task runs; the task fails only once all iterations have finished.",
       "for_each.aggregate", for_each_continues=_fails_fast),
    _m("failed_condition_takes_false_branch",
       "When an If/else condition cannot be evaluated, the false branch runs.",
       "A condition task that fails runs neither branch: the tasks on both branches are Upstream failed.",
       "condition.failed_edge_is_failure", outcome_edge=_failed_condition_is_false),
    _m("booleans_compare_capitalised",
       "A boolean task value compares as True or False, capitalised as in Python.",
       "A boolean task value becomes the text \"true\" or \"false\": compare it with true or false.",
       "condition.boolean_as_text", operand_text=_python_booleans),
    _m("rerun_dependents_only_failed",
       "rerun_dependent_tasks reruns only the downstream tasks that failed.",
       "rerun_dependent_tasks reruns every task downstream of the selection, even ones that succeeded.",
       "repair.rerun_dependent_tasks", repair_selection=_dependents_only_failed),
    _m("shared_cluster_per_task",
       "Tasks that share a job_cluster_key still each start a cluster of their own.",
       "Tasks with the same job_cluster_key share one cluster for the run: it starts with the first of "
       "them and terminates after the last.",
       "compute.shared_job_cluster_lifetime", cluster_lifetime=_cluster_per_task),
    _m("all_purpose_for_production",
       "A job should run on the team's all-purpose cluster, which is already running.",
       "Databricks recommends against all-purpose compute for jobs: it is billed at a different rate, stays "
       "up until it is idle and is shared with other users.",
       "compute.no_all_purpose_for_jobs", recommend_compute=_all_purpose_for_production),
    _m("job_cluster_for_production",
       "A production job belongs on a new job cluster (classic jobs compute), not on serverless compute.",
       "Databricks recommends serverless compute for most jobs; classic jobs compute is for jobs that need "
       "settings serverless does not offer.",
       "compute.serverless_for_most_jobs", recommend_compute=_job_cluster_for_production),
    _m("all_purpose_for_notebooks",
       "Writing and trying code in a notebook needs an all-purpose cluster.",
       "For interactive notebooks Databricks generally recommends serverless compute; all-purpose compute is "
       "for work that needs RDD APIs, GPU instances or R.",
       "compute.serverless_for_notebooks", recommend_compute=_all_purpose_for_notebooks),
    _m("serverless_despite_limits",
       "Serverless compute fits every workload, even one that needs what serverless does not offer.",
       "Where a workload needs what serverless lacks, Databricks recommends classic compute: jobs compute for "
       "a job, all-purpose compute for a notebook.",
       "compute.classic_when_serverless_lacks", recommend_compute=_serverless_despite_limits),
    _m("no_pool_for_start_up",
       "A pool does not shorten start-up: a new job cluster starts just as fast.",
       "An instance pool keeps idle instances ready, so a cluster drawn from it starts faster.",
       "compute.pools_for_fast_start", recommend_compute=_no_pool_for_start_up),
    _m("sql_on_serverless",
       "A SQL task runs on serverless compute like a notebook task.",
       "A SQL task runs on a SQL warehouse.",
       "compute.sql_warehouse_for_sql", recommend_compute=_sql_on_serverless),
    _m("streaming_on_a_schedule",
       "A streaming job should be scheduled every few minutes, with several concurrent runs and no retries.",
       "The legacy recipe kept one run going with unlimited retries and at most one concurrent run; "
       "continuous mode replaces it today.",
       "streaming.legacy_recipe", streaming_settings=_streaming_on_a_schedule),
    _m("limited_streaming_retries",
       "A streaming job should retry a few times (max_retries 3) and then stop, so a broken stream does not "
       "loop forever.",
       "The legacy recipe retried without limit (max_retries -1) with at most one concurrent run; continuous "
       "mode replaces it today.",
       "streaming.legacy_recipe", streaming_settings=_limited_streaming_retries),
    _m("legacy_recipe_today",
       "Today's way to keep a streaming job running is unlimited retries and at most one concurrent run.",
       "Continuous mode replaces that legacy recipe: it keeps one run active and starts a new one when a run "
       "ends or fails.",
       "streaming.continuous_mode", streaming_settings=_legacy_recipe_today),
    _m("retried_failure_alerts_job",
       "A task failure that a retry recovers still sends the job's failure alert.",
       "Job-level alerts are not sent for failed attempts that are retried; only the run's result counts.",
       "alerts.no_job_alert_for_retried_failure", job_alert_events=_retried_failure_alerts_job),
    _m("with_failures_alerts_failure",
       "A run that Succeeded with failures sends the failure alert.",
       "Succeeded with failures counts as a success for notifications: the success alert is sent.",
       "alerts.job_alert_from_result", job_alert_events=_with_failures_is_failure),
    _m("pipeline_schedules_itself",
       "The pipeline decides when it runs, in what order with other work and with what task retries.",
       "The schedule or trigger, the task order, task retries and the job's alerts belong to the job that "
       "runs the pipeline.",
       "pipeline.job_orchestrates", owner_of=_pipeline_schedules_itself),
    _m("job_defines_transformations",
       "The job defines everything about the pipeline it runs, down to how the data is transformed.",
       "Source code, transformation logic and table declarations belong to the pipeline, not the job.",
       "pipeline.pipeline_transforms", owner_of=_job_transforms),
    _m("job_configures_the_pipeline",
       "The job that runs a pipeline configures the pipeline's compute and its notifications.",
       "A pipeline's compute and its own notifications (such as on-update-failure) are in the pipeline "
       "definition.",
       "pipeline.pipeline_owns_compute_and_notifications", owner_of=_job_configures_the_pipeline),
    _m("jobs_have_no_approach",
       "A job is neither procedural nor declarative: that describes only the code of its tasks.",
       "The documentation calls Lakeflow Jobs a procedural approach to defining relationships between tasks.",
       "pipeline.jobs_procedural", job_approach=_jobs_have_no_approach),
    _m("jobs_are_declarative",
       "A job is declarative, like a pipeline: Databricks works out the order of its tasks.",
       "A job is procedural: you state the tasks and their dependencies; only a pipeline infers the order of "
       "its datasets.",
       "pipeline.jobs_procedural", job_approach=_jobs_are_declarative),
    _m("run_uses_default_parameters",
       "A run uses the job parameters' defaults, even when Run now is given other values.",
       "Values given for a run replace the job parameters' defaults for that run.",
       "parameters.run_values_override_defaults", parameter_values=_defaults_only),
    _m("values_keep_python_repr",
       "A boolean task value reaches a parameter as True or False, as Python prints it.",
       "A referenced value is substituted as text, and a boolean becomes true or false.",
       "references.substituted_as_text", text_of=_python_repr_text),
    _m("task_parameter_wins",
       "A task's own parameter wins over a job parameter with the same key.",
       "Job parameters override task parameters with the same key.",
       "parameters.job_overrides_task", merge_parameters=_task_parameter_wins),
]

# ------------------------------------------------------------------ runs over time, compute start-up, alerts


def _overlap_anyway(active: int, limit: int, queue_enabled: bool):
    from lakedrill.engine.concurrency import Admission

    return Admission.START


def _queued_without_queueing(active: int, limit: int, queue_enabled: bool):
    from lakedrill.engine.concurrency import Admission, admit_run

    decision = admit_run(active, limit, queue_enabled)
    return Admission.QUEUE if decision is Admission.SKIP and limit > 0 else decision


def _skipped_despite_queue(active: int, limit: int, queue_enabled: bool):
    from lakedrill.engine.concurrency import admit_run

    return admit_run(active, limit, False)


def _one_run_at_a_time(active: int, limit: int, queue_enabled: bool):
    from lakedrill.engine.concurrency import admit_run

    return admit_run(active, min(limit, 1), queue_enabled)


def _zero_means_unlimited(active: int, limit: int, queue_enabled: bool):
    from lakedrill.engine.concurrency import Admission, admit_run

    return Admission.START if limit == 0 else admit_run(active, limit, queue_enabled)


def _lowering_cancels(active: int, new_limit: int) -> int:
    return max(0, active - new_limit)


def _pause_cancels() -> bool:
    return True


def _skipped_runs_never_alert(no_alert_for_skipped_runs: bool) -> bool:
    return False


def _every_task_waits_startup(cluster_already_up: bool) -> bool:
    return True


def _last_attempt_setting_ignored(states, alert_on_last_attempt: bool):
    return truth_alerts.task_alert_attempts(states, False)


def _task_alert_once(states, alert_on_last_attempt: bool):
    return truth_alerts.task_alert_attempts(states, True)


_ALL += [
    _m("overlapping_runs_start_anyway",
       "A scheduled run starts at its time even if the previous run is still going.",
       "With max_concurrent_runs reached, a new run is skipped (queueing off) or queued (queueing on).",
       "concurrency.skip_when_full", admit_run=_overlap_anyway),
    _m("queued_without_queueing",
       "A run that cannot start yet waits for the previous one, even with queueing off.",
       "Without queueing, a run that would exceed max_concurrent_runs is skipped, not delayed.",
       "concurrency.skip_when_full", admit_run=_queued_without_queueing),
    _m("skipped_despite_queue",
       "A run that meets an active run is skipped even when queueing is on.",
       "With queueing on, the run is queued and starts when a slot frees up.",
       "concurrency.queue_when_full", admit_run=_skipped_despite_queue),
    _m("one_run_at_a_time",
       "A job never has two runs in progress: a new run waits for, or is skipped by, any active run, "
       "whatever max_concurrent_runs says.",
       "A new run starts at once while fewer runs than max_concurrent_runs are active.",
       "concurrency.start_below_limit", admit_run=_one_run_at_a_time),
    _m("zero_means_unlimited",
       "max_concurrent_runs 0 means no limit.",
       "max_concurrent_runs 0 skips every new run.",
       "concurrency.zero_skips_all", admit_run=_zero_means_unlimited),
    _m("lowering_limit_cancels_runs",
       "Lowering max_concurrent_runs cancels the runs above the new limit.",
       "Lowering max_concurrent_runs cancels nothing: active runs finish, only new runs see the limit.",
       "concurrency.lowering_kills_nothing", cancelled_when_lowered=_lowering_cancels),
    _m("pausing_cancels_active_runs",
       "Pausing a schedule stops the run that is in progress.",
       "Pausing stops new scheduled runs only; active runs continue.",
       "schedule.pause", pause_cancels_active_runs=_pause_cancels),
    _m("skipped_runs_never_alert",
       "A skipped run sends no alert: nothing ran, so nothing failed.",
       "A skipped run sends the job's on_failure alert unless no_alert_for_skipped_runs is set.",
       "alerts.skipped_run", skipped_run_alerts=_skipped_runs_never_alert),
    _m("alert_on_last_attempt_ignored",
       "A task-level failure alert is sent for every failed attempt, even with alert_on_last_attempt.",
       "With alert_on_last_attempt, a task's failure alert is sent only when its last attempt fails.",
       "alerts.task_alert_per_attempt", task_alert_attempts=_last_attempt_setting_ignored),
    _m("task_alert_once",
       "A task-level failure alert is sent once, when the task has failed for good, not for each failed attempt.",
       "A task-level failure alert is sent for each failed attempt, unless alert_on_last_attempt mutes it until "
       "the last one.",
       "alerts.task_alert_per_attempt", task_alert_attempts=_task_alert_once),
    _m("startup_for_every_task",
       "Every task on a shared job cluster waits for the cluster to start.",
       "Only the tasks that start with the cluster wait for it: it stays up for the later tasks of the run.",
       "compute.startup_given", startup_waits=_every_task_waits_startup),
]

MISCONCEPTIONS: dict[str, Misconception] = {m.id: m for m in _ALL}


def misconception(misconception_id: str) -> Misconception:
    return MISCONCEPTIONS[misconception_id]
