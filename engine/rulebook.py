"""The rules the engine implements, each tied to a section and tier of SEMANTICS.md.

A trace step names one of these ids. Explanations read the statement and the source link;
`lakedrill check` reads the tier: a key that rests on an `assumed` rule must be declared by its
template and stated to the learner.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Tier(StrEnum):
    DOCUMENTED = "documented"
    DERIVED = "derived"
    ASSUMED = "assumed"


@dataclass(frozen=True, slots=True)
class Rule:
    """A rule the engine implements: its stable dotted id, one sentence, its tier and its
    documentation links. `section` traces it to the project's research; users never see it."""

    id: str
    section: str  # where the research behind it lives ("§2", "decision 8"): for maintainers only
    tier: Tier
    statement: str  # the rule in one plain sentence, as an explanation says it
    links: tuple[str, ...]  # https documentation pages that state it (or that it is derived from)
    # A premise is a fact of the question's scenario that no documentation can fix (how long a
    # cluster takes to start, whether the scheduler is on time): a stem may state it as a given.
    premise: bool = False

    def as_json(self) -> dict:
        return {"id": self.id, "text": self.statement, "tier": self.tier.value, "links": list(self.links)}


def _r(id: str, section: str, tier: Tier, statement: str, *links: str, premise: bool = False) -> Rule:
    return Rule(id, section, tier, statement, tuple(link for link in links if link), premise)


RUN_IF_DOCS = "https://docs.databricks.com/aws/en/jobs/run-if"
DISABLED_DOCS = "https://docs.databricks.com/aws/en/jobs/disabled-tasks"
IF_ELSE_DOCS = "https://docs.databricks.com/aws/en/jobs/tasks/if-else"
FOR_EACH_DOCS = "https://docs.databricks.com/aws/en/jobs/tasks/for-each"
TASK_VALUES_DOCS = "https://docs.databricks.com/aws/en/jobs/task-values"
REFERENCES_DOCS = "https://docs.databricks.com/aws/en/jobs/dynamic-value-references"
PARAMETERS_DOCS = "https://docs.databricks.com/aws/en/jobs/task-parameters"
SDK_JOBS = "https://docs.databricks.com/api/workspace/jobs/create"
REPAIR_DOCS = "https://docs.databricks.com/api/workspace/jobs/repairrun"
RUN_NOW_DOCS = "https://docs.databricks.com/api/workspace/jobs/runnow"
SCHEDULE_DOCS = "https://docs.databricks.com/aws/en/jobs/triggers"
STATUS_DOCS = RUN_IF_DOCS  # the run-if page says how a run's status follows from its leaves
ACID_DOCS = "https://docs.databricks.com/aws/en/lakehouse/acid"
COMPUTE_DOCS = "https://docs.databricks.com/aws/en/jobs/compute"
CLASSIC_DOCS = "https://docs.databricks.com/aws/en/jobs/run-classic-jobs"
POOLS_DOCS = "https://learn.microsoft.com/en-us/azure/databricks/clusters/instance-pools/display"
STREAMING_DOCS = "https://docs.databricks.com/aws/en/structured-streaming/query-recovery"
CONTINUOUS_DOCS = "https://docs.databricks.com/aws/en/jobs/continuous"
NOTIFY_DOCS = "https://docs.databricks.com/aws/en/jobs/notifications"
JOBS_DOCS = "https://docs.databricks.com/aws/en/jobs/"
PIPELINES_DOCS = "https://docs.databricks.com/aws/en/jobs/pipeline"
ADVANCED_DOCS = "https://docs.databricks.com/aws/en/jobs/advanced"
SCHEDULED_DOCS = "https://docs.databricks.com/aws/en/jobs/scheduled"
FILE_ARRIVAL_DOCS = "https://docs.databricks.com/aws/en/jobs/file-arrival-triggers"
TABLE_UPDATE_DOCS = "https://docs.databricks.com/aws/en/jobs/trigger-table-update"
JOB_COMPLETION_DOCS = "https://docs.databricks.com/aws/en/jobs/job-completion-triggers"
TRIGGERS_DOCS = "https://docs.databricks.com/aws/en/jobs/triggers"
RUN_JOB_DOCS = "https://docs.databricks.com/aws/en/jobs/tasks/run-job"
CHOOSE_DOCS = "https://docs.databricks.com/aws/en/compute/choose-compute"
SERVERLESS_COMPUTE_DOCS = "https://docs.databricks.com/aws/en/compute/serverless/"
LDP_DOCS = "https://docs.databricks.com/aws/en/ldp/where-is-dlt"
PIPELINE_API_DOCS = "https://docs.databricks.com/api/workspace/pipelines/create"

D, R, A = Tier.DOCUMENTED, Tier.DERIVED, Tier.ASSUMED

_RULES = [
    # what the question gives: the scenario stands in for the tasks' code
    _r("scenario.given", "DESIGN: scenario", A,
         "What a task's code does when it runs (its outcome per attempt, duration and task values) is "
         "given by the question.", premise=True),
    # §1 task dependencies and timing
    _r("dag.start_when_ready", "§1.4", D,
         "A task starts as soon as all of its dependencies have completed; independent tasks run in parallel.",
         RUN_IF_DOCS),
    _r("dag.no_startup_time", "decision 7", A,
         "Cluster start-up time is taken as zero unless the question gives it.", COMPUTE_DOCS,
       premise=True),
    _r("task.disabled", "§1.7", D,
         "A disabled task does not run; its state is Disabled.", DISABLED_DOCS, SDK_JOBS),
    # §2 run_if
    _r("run_if.evaluated_after_dependencies", "§2(d)", D,
         "A task's Run if condition is evaluated only after all of its dependencies have completed.",
         RUN_IF_DOCS),
    _r("run_if.all_success", "§2", D,
         "All succeeded (the default) runs the task only if every dependency succeeded; otherwise the "
         "task is Upstream failed.", RUN_IF_DOCS),
    _r("run_if.at_least_one_success", "§2", D,
         "At least one succeeded runs the task if any dependency succeeded; otherwise it is Upstream failed.",
         RUN_IF_DOCS),
    _r("run_if.none_failed", "§2", D,
         "None failed runs the task if no dependency failed and at least one dependency actually ran; "
         "otherwise it is Upstream failed.", RUN_IF_DOCS),
    _r("run_if.all_done", "§2", D,
         "All done runs the task once every dependency has completed, whatever its result.", RUN_IF_DOCS),
    _r("run_if.at_least_one_failed", "§2", D,
         "At least one failed runs the task if any dependency failed; otherwise the task is Excluded.",
         RUN_IF_DOCS),
    _r("run_if.all_failed", "§2", D,
         "All failed runs the task only if every dependency failed; otherwise the task is Excluded.",
         RUN_IF_DOCS),
    _r("run_if.excluded_is_success", "§2(a)", D,
         "An Excluded task is skipped and treated as successful by the tasks that depend on it.",
         RUN_IF_DOCS),
    _r("run_if.all_dependencies_excluded", "§2(b)", D,
         "If all of a task's dependencies are Excluded, the task is Excluded too, whatever its Run if.",
         RUN_IF_DOCS),
    _r("run_if.disabled_dependency", "§1.7", D,
         "A Disabled dependency counts as neither succeeded nor failed: All done counts it as done, All succeeded "
         "is not met, and the other conditions decide on the other dependencies.", DISABLED_DOCS),
    _r("task.disabled_downstream", "§1.7", D,
         "A task whose Run if cannot be met because a dependency is Disabled (All succeeded, At least one "
         "succeeded or None failed, with no dependency failed or canceled) is Disabled for that run too.",
         DISABLED_DOCS),
    _r("task.disabled_downstream_open", "§1.7", A,
         "Where a Disabled dependency meets a failed or canceled one, or a failure-handling Run if, the engine "
         "gives the unmet task its usual state (Upstream failed, Upstream canceled or Excluded); the docs could "
         "also be read to make it Disabled.", DISABLED_DOCS),
    _r("run_if.none_failed_disabled_and_excluded", "§1.7", A,
         "None failed over Disabled and Excluded dependencies, none of which ran, is not met (the run-if page asks "
         "for a dependency that ran; an example on the disabled-tasks page runs such a task).", DISABLED_DOCS,
         RUN_IF_DOCS),
    _r("run_if.canceled_handled_as_failure", "§2(c)", D,
         "A cancellation propagates downstream, but tasks whose Run if handles failure (All done, "
         "At least one failed, All failed) still run, counting the canceled task as failed.",
         RUN_IF_DOCS),
    _r("run_if.canceled_counts_as_failed", "decision 1", A,
         "A Canceled dependency counts as a failed one for None failed.", RUN_IF_DOCS),
    _r("run_if.timedout_counts_as_failed", "decision 1", A,
         "A Timed out dependency counts as a failed one for Run if.", RUN_IF_DOCS),
    _r("run_if.skipped_counts_as_failed", "decision 1", A,
         "An Upstream failed or Upstream canceled dependency counts as a failed one for Run if.",
         RUN_IF_DOCS),
    _r("run_if.upstream_canceled_state", "decision 2", A,
         "A task skipped because of a canceled dependency, with no failed one, is Upstream canceled.",
         "https://docs.databricks.com/api/workspace/jobs/getrun"),
    # §3 the job run's result
    _r("job_result.from_leaves", "§3", D,
         "A job run Succeeded when every task succeeded, Succeeded with failures when some task failed "
         "but every leaf task succeeded, and Failed when a leaf task failed.", STATUS_DOCS),
    _r("job_result.excluded_leaf_succeeds", "§3.1", R,
         "An Excluded leaf task counts as successful for the job's result.", STATUS_DOCS),
    _r("job_result.disabled_leaf_succeeds", "decision 10", A,
         "A Disabled leaf task counts as successful for the job's result.", STATUS_DOCS),
    _r("job_result.skipped_leaf_fails", "§3.2", A,
         "An Upstream failed or Upstream canceled leaf task makes the job run Failed.", STATUS_DOCS),
    _r("job_result.timedout_or_canceled_leaf_fails", "decision 3", A,
         "A Timed out or Canceled leaf task makes the job run Failed.", STATUS_DOCS),
    # §4 If/else
    _r("condition.equality_compares_text", "§4.1", D,
         "== and != compare their operands as text, so 12.0 == 12 is false.", IF_ELSE_DOCS),
    _r("condition.order_compares_numbers", "§4.2", D,
         "The ordering operators (>, >=, <, <=) compare their operands as numbers, so 12.0 >= 12 is true.",
         IF_ELSE_DOCS),
    _r("condition.boolean_as_text", "§4.4", D,
         "A boolean task value becomes the text \"true\" or \"false\" in a condition.", IF_ELSE_DOCS),
    _r("condition.complex_value_fails", "§4.3", D,
         "A task value in a condition operand that is not a number, a string or a boolean (a list, an "
         "object, null) makes the condition task fail.", IF_ELSE_DOCS),
    _r("condition.non_numeric_operand_fails", "§4.5", A,
         "A numeric comparison with an operand that is not a number makes the condition task fail.",
         IF_ELSE_DOCS),
    _r("condition.no_time_no_compute_no_retry", "§4.6", D,
         "A condition task takes no time, needs no compute and is never retried.", SDK_JOBS),
    _r("condition.branch_not_taken", "§4.7", R,
         "Tasks that depend on the outcome that did not occur are Excluded; the job does not fail because "
         "of them.", IF_ELSE_DOCS),
    _r("condition.outcome_edge_excludes", "decision 11", A,
         "A task with a dependency on an outcome that did not occur is Excluded, whatever its other "
         "dependencies and its Run if.", IF_ELSE_DOCS),
    _r("condition.failed_edge_is_failure", "decision 11", A,
         "A dependency on an outcome of a condition task that did not succeed counts as that failed "
         "dependency.", IF_ELSE_DOCS),
    # §5 For each
    _r("for_each.concurrency", "§5.1", D,
         "A For each task runs its nested task once per input, at most `concurrency` iterations at once.",
         FOR_EACH_DOCS),
    _r("for_each.default_concurrency", "§5.5", A,
         "A For each task with no concurrency set runs 1 iteration at a time by the UI's documentation; the "
         "Terraform provider and older SDKs say 20, so a question always states the concurrency.",
         FOR_EACH_DOCS),
    _r("for_each.input_order", "decision 5", A,
         "Iterations start in input order as concurrency slots free up.", FOR_EACH_DOCS),
    _r("for_each.iteration_retries", "§5.7", D,
         "Each iteration retries on its own under the nested task's retry policy.", FOR_EACH_DOCS),
    _r("for_each.aggregate", "§5.9", A,
         "A For each task succeeds when every iteration succeeds; otherwise it fails once all iterations "
         "have finished.", FOR_EACH_DOCS),
    _r("for_each.empty_input", "§5.9", A,
         "A For each task with an empty input array succeeds with no iterations.", FOR_EACH_DOCS),
    _r("for_each.invalid_input_fails", "§5.2", A,
         "A For each task whose inputs do not resolve to a JSON array fails without running an iteration.",
         FOR_EACH_DOCS),
    # §6 task values and references
    _r("task_values.set_on_success", "§6.1", D,
         "Task values a task sets are available to downstream tasks through "
         "`{{tasks.<task_key>.values.<key>}}`.", TASK_VALUES_DOCS),
    _r("references.substituted_as_text", "§6.5", D,
         "A dynamic value reference is replaced by a string literal when the run starts the task.",
         REFERENCES_DOCS),
    _r("references.syntax_error_is_literal", "§6.7", D,
         "A reference with a syntax error, such as a missing brace, is not substituted: it is passed on as the "
         "literal text it is.", REFERENCES_DOCS),
    _r("references.missing_value_fails", "§6.1", A,
         "A reference to a task value that was never set makes the task that uses it fail.",
         TASK_VALUES_DOCS),
    _r("parameters.run_values_override_defaults", "§6.10", D,
         "Values given for a run (Run now with different parameters) replace the job parameters' defaults "
         "for that run.", "https://docs.databricks.com/aws/en/jobs/job-parameters"),
    _r("parameters.job_overrides_task", "§6.10", D,
         "Job parameters are pushed down to key-value task parameters and override a task parameter with "
         "the same key; they are not pushed into a JSON array of arguments.", PARAMETERS_DOCS),
    # §7 retries and timeouts
    _r("retry.attempts", "§7.1", D,
         "A task is tried at most 1 + max_retries times; -1 retries without limit, 0 never retries.",
         SDK_JOBS),
    _r("retry.interval_from_start", "§7.2", D,
         "min_retry_interval_millis is measured from the start of the failed attempt to the start of "
         "the retry.", SDK_JOBS),
    _r("retry.timeout_needs_retry_on_timeout", "§7.3", D,
         "A timed-out attempt is retried only when retry_on_timeout is true.", SDK_JOBS),
    _r("retry.canceled_not_retried", "§7.1", R,
         "A canceled attempt is not retried: retries are for failed runs.", SDK_JOBS),
    _r("retry.serverless_auto_retry_not_modelled", "§7.7", A,
         "Serverless auto-optimization may retry a failed task even without a retry policy; how many times "
         "is not documented, so the engine retries it only as its max_retries says.", SDK_JOBS),
    _r("timeout.per_attempt", "§7.4", D,
         "timeout_seconds applies to each attempt; an attempt that runs longer ends Timed out at the "
         "timeout.", SDK_JOBS),
    _r("timeout.job_run", "§7.4", D,
         "A job-level timeout_seconds applies to each job run: a run still going when it has run that long "
         "is stopped, and its result is Timed out.", SDK_JOBS),
    _r("timeout.job_run_stops_tasks", "§7.4", A,
         "When a job run times out, a task still running (or waiting to retry) ends Timed out at that "
         "moment, and a task that had not started is Canceled.", SDK_JOBS),
    # §9 repair, run now, no rollback
    _r("commit.no_rollback", "§9.8", D,
         "A task's failure does not undo writes already committed by it or by other tasks; there is no "
         "rollback across tasks.", ACID_DOCS),
    _r("commit.partial_on_failure", "decision 9", D,
         "A task that failed may have committed part of its writes before it failed.", ACID_DOCS),
    _r("repair.rerun_all_failed_tasks", "§9.3", D,
         "A repair with rerun_all_failed_tasks reruns the run's failed tasks; tasks that succeeded are not rerun "
         "unless rerun_dependent_tasks adds them.", REPAIR_DOCS),
    _r("repair.rerun_all_failed_includes_skipped", "§9.3", A,
         "A repair of all failed tasks also reruns the tasks skipped because of them (Upstream failed or Upstream "
         "canceled), as the UI's repair of failed and skipped tasks does; the API says only \"all failed tasks\".",
         REPAIR_DOCS),
    _r("repair.rerun_all_failed_includes_timedout_canceled", "decision 8", A,
         "A repair of all failed tasks also reruns Timed out and Canceled tasks.", REPAIR_DOCS),
    _r("repair.rerun_tasks", "§9.2", D,
         "A repair with rerun_tasks reruns exactly the tasks named.", REPAIR_DOCS),
    _r("repair.rerun_dependent_tasks", "§9.2", D,
         "rerun_dependent_tasks also reruns every task downstream of the selected ones, even if it "
         "succeeded.", REPAIR_DOCS),
    _r("repair.reuses_the_rest", "§9.3", D,
         "Tasks that a repair does not rerun keep their state, outputs and task values.", REPAIR_DOCS),
    _r("repair.result_recomputed", "decision 8", R,
         "After a repair the run's result is recomputed from each task's latest state.", REPAIR_DOCS),
    _r("repair.current_settings", "§9.1", D,
         "A repair runs inside the original run with the job's current settings.", REPAIR_DOCS),
    _r("repair.latest_repair_id", "§9.5", D,
         "A second or later repair of a run must name the latest repair.", REPAIR_DOCS),
    _r("repair.for_each_reruns_all_iterations", "§9", A,
         "Repairing a For each task reruns all of its iterations.", REPAIR_DOCS),
    _r("run_now.fresh_run", "§9.7", D,
         "Run now starts a new run with a new run id that runs every task from scratch.", RUN_NOW_DOCS),
]


_RULES += [
    # §10 compute
    _r("compute.shared_job_cluster_lifetime", "§10.2", D,
         "A shared job cluster starts with the first task that uses it and terminates after the last task "
         "that uses it completes; the tasks of one run share it.", COMPUTE_DOCS),
    _r("compute.new_cluster_per_task", "§10.1", D,
         "A task with a new_cluster of its own gets a cluster for that task alone.", COMPUTE_DOCS),
    _r("compute.billed_while_up", "§10.2", R,
         "A run's compute cost is each cluster's time up, from its start to its termination, at the rate "
         "for its kind of compute.", COMPUTE_DOCS),
    _r("compute.serverless_for_most_jobs", "§10.3", D,
         "Databricks recommends serverless compute for most jobs (fewer settings to manage, faster start-up, "
         "automatic scaling); a SQL task runs on a SQL warehouse instead.", CHOOSE_DOCS, COMPUTE_DOCS),
    _r("compute.serverless_for_notebooks", "§10.3", D,
         "For interactive notebooks Databricks generally recommends serverless compute.", CHOOSE_DOCS),
    _r("compute.classic_when_serverless_lacks", "§10.3", D,
         "When a workload needs what serverless compute does not offer, Databricks recommends classic compute: "
         "classic jobs compute for a non-SQL job that needs custom cluster settings, classic all-purpose "
         "compute for a notebook that needs RDD APIs, GPU instances or R.", CHOOSE_DOCS, CLASSIC_DOCS),
    _r("compute.no_all_purpose_for_jobs", "§10.3", D,
         "Databricks recommends against all-purpose compute for jobs: it is billed at a different rate than "
         "jobs compute, terminates on inactivity rather than at the end of the run, and is often shared with "
         "other users.", CLASSIC_DOCS, CHOOSE_DOCS),
    _r("compute.sql_warehouse_for_sql", "§10.1", D,
         "SQL tasks run on a SQL warehouse.", CHOOSE_DOCS, COMPUTE_DOCS),
    _r("compute.pools_for_fast_start", "§10.5", D,
         "Instance pools keep idle instances ready so classic clusters start faster; where a workload can run "
         "on serverless compute, Databricks recommends serverless instead of pools.", POOLS_DOCS),
    _r("streaming.jobs_compute", "§10.8", D,
         "Databricks recommends running Structured Streaming as a job on jobs compute, never on all-purpose "
         "compute; serverless compute supports only bounded triggers such as Trigger.AvailableNow, so an "
         "always-on stream with a time-based trigger runs on classic jobs compute.", STREAMING_DOCS),
    _r("streaming.legacy_recipe", "§10.8", D,
         "Before continuous mode, Databricks recommended configuring a streaming job with an unlimited retry "
         "policy and a maximum of one concurrent run; continuous mode replaces that recommendation.",
         CONTINUOUS_DOCS),
    _r("streaming.continuous_mode", "§10.8", D,
         "Databricks recommends continuous mode for always-on streaming jobs: it keeps one run active and "
         "starts a new run when the previous one ends or fails, replacing the legacy recipe of unlimited "
         "retries and at most one concurrent run.", CONTINUOUS_DOCS, STREAMING_DOCS),
    # §12 alerts
    _r("alerts.job_alert_from_result", "§12.2", D,
         "A job-level on_failure alert is sent when the run is Failed or Timed out, and on_success when it "
         "succeeds; a run that Succeeded with failures counts as a success.", NOTIFY_DOCS),
    _r("alerts.no_job_alert_for_retried_failure", "§12.3", D,
         "Job-level notifications are not sent for a failed attempt that a retry recovers; use task-level "
         "notifications for each failed attempt.", NOTIFY_DOCS),
    _r("alerts.task_alert_per_attempt", "§12.3", D,
         "A task-level on_failure alert is sent for each failed attempt, or only for a failed last attempt "
         "with alert_on_last_attempt.", NOTIFY_DOCS),
    _r("alerts.duration_warning", "§12.5", D,
         "The duration warning is sent only when a RUN_DURATION_SECONDS health rule exists and the run "
         "lasts longer than its threshold; a task's own rule and destination warn about each of its "
         "attempts that lasts longer.", NOTIFY_DOCS),
    # the lesson: pipeline vs job
    _r("pipeline.job_orchestrates", "lesson: pipeline vs job", D,
         "The job that runs a pipeline holds when and in what order work runs: its schedule or trigger, the "
         "order of its tasks, task retries, its concurrency limit, its own alerts, and the compute of its "
         "other tasks.", PIPELINES_DOCS, JOBS_DOCS),
    _r("pipeline.pipeline_transforms", "lesson: pipeline vs job", D,
         "A pipeline holds what happens to the data: its source code, the tables it declares and their "
         "expectations.", PIPELINES_DOCS, LDP_DOCS),
    _r("pipeline.pipeline_owns_compute_and_notifications", "lesson: pipeline vs job", D,
         "A pipeline's compute and its own notifications (such as on-update-failure) are configured in the "
         "pipeline definition, not in the job that runs it.", PIPELINES_DOCS, PIPELINE_API_DOCS),
    _r("pipeline.jobs_procedural", "lesson: pipeline vs job", D,
         "Lakeflow Jobs take a procedural approach to defining the relationships between tasks; Lakeflow Spark "
         "Declarative Pipelines take a declarative approach to the relationships between datasets and "
         "transformations.", PIPELINES_DOCS),
]


_RULES += [
    # §8 job-level concurrency and queueing
    _r("concurrency.start_below_limit", "§8.1", D,
         "A new run starts at once while fewer runs than max_concurrent_runs (1 by default) are active.",
         ADVANCED_DOCS),
    _r("concurrency.skip_when_full", "§8.2", D,
         "When max_concurrent_runs runs are already active and queueing is off, a new run is skipped "
         "(Max concurrent runs reached).", ADVANCED_DOCS),
    _r("concurrency.queue_when_full", "§8.3", D,
         "With queueing on, a run that would exceed max_concurrent_runs is queued and starts as soon as an "
         "active run ends.", ADVANCED_DOCS),
    _r("concurrency.queue_fifo", "§8.3", A,
         "Queued runs start in the order they were triggered (first in, first out).", ADVANCED_DOCS),
    _r("concurrency.queue_48_hours", "§8.3", A,
         "A queued run waits at most 48 hours; one still queued then is dropped without running, shown as "
         "skipped for the concurrency limit (the SDK has no termination code of its own for it).", ADVANCED_DOCS),
    _r("concurrency.zero_skips_all", "§8.1", D,
         "max_concurrent_runs 0 skips every new run, queueing or not.", SDK_JOBS),
    _r("concurrency.lowering_kills_nothing", "§8.1", D,
         "Lowering max_concurrent_runs cancels no active run: it only affects runs that start later.", SDK_JOBS),
    _r("concurrency.end_frees_slot", "decision: same moment", A,
         "A run that ends at the moment another is triggered frees its slot first.", ADVANCED_DOCS),
    # §11 triggers and schedules
    _r("schedule.quartz", "§11.1", D,
         "A schedule fires at the times of its Quartz cron expression (seconds, minutes, hours, day of month, "
         "month, day of week with 1 = Sunday) in its time zone.", SCHEDULED_DOCS),
    _r("schedule.min_interval", "§11.2", D,
         "Schedule-triggered runs are at least 10 seconds apart, whatever the cron expression's seconds say.",
         SCHEDULED_DOCS),
    _r("schedule.pause", "§11.6", D,
         "A paused schedule or trigger starts no new runs; runs already active continue.", SCHEDULE_DOCS),
    _r("schedule.run_now", "§9.7", D,
         "Run now starts a run when it is clicked, even while the schedule is paused, and does not resume "
         "the schedule.", SCHEDULE_DOCS),
    _r("schedule.on_time", "§11.4", A,
         "A scheduled or periodic run is triggered exactly at its time (the real scheduler may start it a few "
         "minutes late).", SCHEDULED_DOCS, premise=True),
    _r("concurrency.queue_unset_is_off", "§8.3", A,
         "A job whose settings do not mention queueing is taken as having queueing off (the API's default is "
         "unconfirmed; the UI turns it on for new jobs).", ADVANCED_DOCS, premise=True),
    _r("schedule.periodic", "§11.1", A,
         "A periodic trigger fires every interval; its first run is taken at the start of the window unless "
         "the question says when.", SCHEDULED_DOCS, premise=True),
    _r("trigger.file_arrival_new_files_only", "§11 File arrival", D,
         "Only new files trigger a file-arrival run: overwriting a file of the same name does not.",
         FILE_ARRIVAL_DOCS),
    _r("trigger.file_arrival_new_files", "§11 File arrival", D,
         "A file arrival trigger starts runs when new files arrive in the monitored Unity Catalog location.",
         FILE_ARRIVAL_DOCS, TRIGGERS_DOCS),
    _r("trigger.wait_after_last_change", "§11 File arrival, Table update", D,
         "With wait_after_last_change_seconds set (60 s or more), a file arrival or table update trigger starts a "
         "run only once no new file or table update has come for that long, so one run covers a batch.",
         SDK_JOBS, FILE_ARRIVAL_DOCS, TABLE_UPDATE_DOCS),
    _r("trigger.min_time_between", "§11 File arrival, Table update", D,
         "With min_time_between_triggers_seconds set (60 s or more), a file arrival or table update trigger starts "
         "a run only once that long has passed since it last fired.", SDK_JOBS, FILE_ARRIVAL_DOCS,
         TABLE_UPDATE_DOCS),
    _r("trigger.timing_at_least_60", "§11 File arrival, Table update", D,
         "min_time_between_triggers_seconds and wait_after_last_change_seconds are each at least 60 seconds.",
         SDK_JOBS),
    _r("trigger.fires_when_due", "§11 File arrival", A,
         "An event trigger is taken to fire the moment its conditions hold; the real trigger checks about once a "
         "minute, best effort, so a run may start up to a minute or so later.", FILE_ARRIVAL_DOCS, premise=True),
    _r("trigger.file_arrival", "§11 File arrival", A,
         "A new file (or table update) that arrives while min_time_between_triggers_seconds holds the trigger "
         "back is taken to restart the wait, and one run covers it; the docs do not say.", FILE_ARRIVAL_DOCS),
    _r("trigger.table_update_hold_back", "§11 Table update", A,
         "A table update that comes while min_time_between_triggers_seconds holds the trigger back is taken to "
         "restart the wait, and one run covers it; the docs do not say.", TABLE_UPDATE_DOCS),
    _r("trigger.table_update_any", "§11 Table update", D,
         "A table update trigger with ANY_UPDATED (or one table) starts a run when any monitored table is "
         "updated; commits to other tables start nothing.", TABLE_UPDATE_DOCS, SDK_JOBS),
    _r("trigger.table_update_all", "§11 Table update", D,
         "A table update trigger with ALL_UPDATED starts a run only once every monitored table has been updated.",
         TABLE_UPDATE_DOCS, SDK_JOBS),
    _r("trigger.table_update_all_since_last", "§11 Table update", A,
         "After an ALL_UPDATED trigger fires, every table is taken to need a new update before the next run; the "
         "docs do not say what resets.", TABLE_UPDATE_DOCS),
    _r("trigger.job_completion_status", "§11 Job completion", D,
         "A job completion trigger (Beta) matches upstream runs by if_status: SUCCESS (the default) matches "
         "Succeeded and Succeeded with failures, FAILED any other result, DONE every finished run.",
         JOB_COMPLETION_DOCS, SDK_JOBS),
    _r("trigger.job_completion_each", "§11 Job completion", D,
         "With one upstream job, each new matching completion starts a run of the downstream job.",
         JOB_COMPLETION_DOCS),
    _r("trigger.job_completion_all", "§11 Job completion", D,
         "With several upstream jobs (at most 10), a run starts only once each has a new matching completion; "
         "a job that completes again first counts once, with its latest completion.", JOB_COMPLETION_DOCS),
    _r("trigger.job_completion_limits", "§11 Job completion", D,
         "A job completion trigger monitors 1 to 10 upstream jobs, with one if_status for all of them.",
         JOB_COMPLETION_DOCS, SDK_JOBS),
    _r("trigger.job_completion_non_matching", "§11 Job completion", A,
         "An upstream run that does not match if_status is taken to leave an earlier matching completion of that "
         "job counted; the docs do not say.", JOB_COMPLETION_DOCS),
    _r("continuous.one_run", "§11 Continuous", D,
         "A continuous job keeps exactly one run active: a new run starts when the previous one ends, "
         "whether it succeeded or failed.", CONTINUOUS_DOCS),
    # Run Job tasks
    _r("run_job.child_run", "§6 Run Job", D,
         "A Run Job task triggers a run of another job; the task lasts as long as that run.", RUN_JOB_DOCS),
    _r("run_job.parameters_pushed_down", "§6 Run Job", D,
         "A Run Job task's job parameters are pushed down to the child run: like Run now with different "
         "parameters, they override the child job's defaults, and the child's other parameters keep theirs.",
         RUN_JOB_DOCS),
    _r("run_job.no_cycles_or_deep_nesting", "§6 Run Job", D,
         "Databricks does not support Run Job tasks that trigger each other in a cycle, or more than three "
         "nested Run Job tasks.", RUN_JOB_DOCS),
    _r("run_job.task_state", "§6 Run Job", A,
         "A Run Job task is taken to end in its child run's result (Succeeded with failures as Succeeded); the "
         "docs do not spell out how the task's state follows the child's result.", RUN_JOB_DOCS),
    _r("continuous.exponential_backoff", "§11 Continuous, §7.8", D,
         "After failed runs in a row a continuous job waits a retry period before the next run, longer after each "
         "failure up to a system maximum, with no limit on retries; a successful run resets it. The periods are "
         "the system's, so a question gives them.", CONTINUOUS_DOCS),
    _r("continuous.run_now_when_paused", "§11 Continuous", D,
         "Run now starts a run of a paused continuous job; the job stays paused, so no run follows it.",
         CONTINUOUS_DOCS),
    _r("continuous.no_task_dependencies", "§11 Continuous", D,
         "The continuous page says today that task dependencies cannot be used in a continuous job (the API's "
         "task_retry_mode text speaks of other tasks in the job, so several independent tasks are possible).",
         CONTINUOUS_DOCS, SDK_JOBS),
    _r("continuous.task_retry_mode", "§7.8, edge case 24", D,
         "A continuous job does not use a task's retry policy: it retries the whole run with exponential "
         "backoff, and retries failed tasks within the run only when continuous.task_retry_mode is "
         "ON_FAILURE (NEVER retries only the run; the UI defaults to On failure, the API to NEVER, so a "
         "question states it).", CONTINUOUS_DOCS, SDK_JOBS),
    # §10 compute: start-up and cost
    _r("compute.startup_given", "decision 7, §10.7", R,
         "A task waits for its cluster to start: the first task on a cluster waits its start-up time, and "
         "later tasks on the same running job cluster start at once.", COMPUTE_DOCS),
    _r("compute.startup_billed", "§10.7", A,
         "A cluster is paid for from when it is requested, so its start-up time is part of its cost.",
         COMPUTE_DOCS),
    _r("compute.dbu_cost", "§10", R,
         "A cluster's cost is its hours up x its size in DBU per hour x the price of a DBU for its kind of "
         "compute (all given by the question).", COMPUTE_DOCS),
    _r("compute.classic_vm_cost", "§10", R,
         "Classic compute runs virtual machines in your cloud account, so its total cost adds the cloud "
         "provider's VM charge for the time a cluster is up; serverless compute provisions nothing in your "
         "cloud account and has no VM charge of its own.", SERVERLESS_COMPUTE_DOCS, CLASSIC_DOCS),
    # §12.4 alerts for skipped runs
    _r("alerts.skipped_run", "§12.4", D,
         "A skipped run sends the job's on_failure alert unless no_alert_for_skipped_runs is set.", NOTIFY_DOCS),
    _r("alerts.canceled_run", "§12.4", R,
         "A canceled run sends the job's on_failure alert unless no_alert_for_canceled_runs is set (that "
         "setting exists to mute it).", NOTIFY_DOCS),
]

RULES: dict[str, Rule] = {rule.id: rule for rule in _RULES}


def rule(rule_id: str) -> Rule:
    """The rule with this id; a KeyError names the unknown id."""
    return RULES[rule_id]
