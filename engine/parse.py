"""From the Jobs API 2.2 JobSettings shape (or an envelope around it) to a valid Job.

Three envelopes are accepted: a bare JobSettings mapping, the output of `databricks jobs get`
(``{"job_id": …, "settings": {…}}``) and a bundle (``resources: {jobs: {<name>: {…}}}``). Fields
the API allows but the engine does not simulate are kept and ignored; anything else is an
error with a did-you-mean. All problems are reported at once.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import replace
from types import MappingProxyType
from typing import Any

from lakedrill.engine.triggers import trigger_problems
from lakedrill.engine.errors import InvalidJob, LakedrillInputError, Path, Problem, did_you_mean, listing
from lakedrill.engine.model import (
    NAMED_PARAMETERS,
    POSITIONAL_PARAMETERS,
    Compute,
    ComputeKind,
    ConditionTask,
    CronSchedule,
    Dependency,
    ForEachTask,
    Job,
    JobCluster,
    JobParameter,
    Task,
    TaskParameters,
)
from lakedrill.engine.references import as_text
from lakedrill.engine.scenario import Scenario, parse_scenario
from lakedrill.engine.states import ConditionTaskOp, RunIf
from lakedrill.engine.validate import job_problems

# The fields of JobSettings and Task in the Jobs API 2.2 (databricks-sdk `service/jobs.py`);
# tests/engine/test_sdk_crosscheck.py fails when the SDK has a field these lists lack.
JOB_SETTINGS_FIELDS = frozenset({
    "budget_policy_id", "continuous", "deployment", "description", "duration_target", "edit_mode",
    "email_notifications", "environment_variables", "environments", "format", "git_source", "health",
    "job_clusters", "max_concurrent_runs", "name", "notification_settings", "parameters", "parent_path",
    "performance_target", "queue", "run_as", "schedule", "tags", "tasks", "timeout_seconds", "trigger",
    "triggers", "usage_policy_id", "webhook_notifications", "access_control_list",
})
BUNDLE_JOB_FIELDS = frozenset({"permissions", "lookup"})  # bundle-only keys of resources.jobs.<name>
TASK_TYPES = (
    "notebook_task", "spark_python_task", "python_wheel_task", "spark_jar_task", "spark_submit_task",
    "sql_task", "dbt_task", "pipeline_task", "run_job_task", "condition_task", "for_each_task",
    "clean_rooms_notebook_task", "dashboard_task", "power_bi_task", "dbt_cloud_task", "dbt_platform_task",
    "alert_task", "ai_runtime_task", "gen_ai_compute_task", "python_operator_task", "ai_function_task",
)
TASK_FIELDS = frozenset({
    "task_key", "compute", "depends_on", "description", "disable_auto_optimization", "disabled",
    "email_notifications", "environment_key", "environment_variables_key", "existing_cluster_id", "health",
    "job_cluster_key", "libraries", "max_retries", "min_retry_interval_millis", "new_cluster",
    "notification_settings", "retry_on_timeout", "run_if", "timeout_seconds", "webhook_notifications",
    *TASK_TYPES,
})
CLUSTER_FIELDS = ("job_cluster_key", "new_cluster", "existing_cluster_id")


def parse_job(settings: Any, *, enforce_limits: bool = True, default_name: str | None = None,
              warnings: list[Problem] | None = None) -> Job:
    """A valid Job from a JobSettings mapping; InvalidJob lists every problem with its path.

    Unknown fields are problems too, unless `warnings` is a list: then they go there and the job is
    read without them, as the Databricks CLI warns about them and deploys."""
    problems: list[Problem] = []
    job = _job(settings, problems, default_name)
    if job is not None:
        # Shape problems first; then the structural ones of the job as far as it could be read,
        # so that a user sees every problem at once.
        problems.extend(p for p in job_problems(job, enforce_limits=enforce_limits) if p not in problems)
    if warnings is not None:
        warnings.extend(p for p in problems if p.warning)
        problems = [p for p in problems if not p.warning]
    if problems or job is None:
        raise InvalidJob(problems or [Problem((), "no job could be read")])
    return job


def find_job_settings(document: Any, job_name: str | None = None) -> tuple[Mapping[str, Any], Path, str | None]:
    """The JobSettings inside any envelope: (settings, its path in the document, a default name)."""
    if not isinstance(document, Mapping):
        raise InvalidJob([Problem((), "expected a mapping with a job's settings",
                                  "give JobSettings (with tasks), `databricks jobs get` output (with settings) "
                                  "or a bundle (resources.jobs)")])
    if "resources" in document:
        jobs = document["resources"].get("jobs") if isinstance(document["resources"], Mapping) else None
        if not isinstance(jobs, Mapping) or not jobs:
            raise InvalidJob([Problem(("resources",), "this bundle defines no jobs under resources.jobs")])
        if job_name is not None:
            if job_name not in jobs:
                raise InvalidJob([Problem(("resources", "jobs"), f"the bundle has no job '{job_name}'",
                                          did_you_mean(job_name, jobs) or f"jobs: {listing(jobs)}")])
            name = job_name
        elif len(jobs) > 1:
            raise InvalidJob([Problem(("resources", "jobs"),
                                      f"this bundle defines {len(jobs)} jobs ({listing(jobs)})",
                                      "choose one with --job-name")])
        else:
            name = next(iter(jobs))
        settings = jobs[name]
        if not isinstance(settings, Mapping):
            raise InvalidJob([Problem(("resources", "jobs", name), "a job must be a mapping of its settings")])
        return settings, ("resources", "jobs", name), str(name)
    if job_name is not None:
        raise InvalidJob([Problem((), "--job-name picks a job of a bundle (resources.jobs), and this file "
                                      "is not a bundle", "remove --job-name")])
    if isinstance(document.get("settings"), Mapping):
        return document["settings"], ("settings",), None
    if "tasks" in document:
        return document, (), None
    raise InvalidJob([Problem((), "no job found here",
                              "give JobSettings (with tasks), `databricks jobs get` output (with settings) "
                              "or a bundle (resources.jobs)")])


def parse_job_document(document: Any, job_name: str | None = None, *, enforce_limits: bool = True,
                       warnings: list[Problem] | None = None) -> Job:
    """A Job from any of the three envelopes; error paths are paths in `document`."""
    settings, prefix, default_name = find_job_settings(document, job_name)
    if prefix[:1] == ("resources",):
        settings = {k: v for k, v in settings.items() if k not in BUNDLE_JOB_FIELDS}
    found: list[Problem] | None = None if warnings is None else []
    try:
        job = parse_job(settings, enforce_limits=enforce_limits, default_name=default_name, warnings=found)
    except InvalidJob as error:
        raise error.prefixed(prefix) from None
    finally:
        if warnings is not None:
            warnings.extend(Problem(prefix + p.path, p.message, p.hint, True) for p in found)
    if prefix == ("settings",) and isinstance(document.get("job_id"), int):
        job = replace(job, job_id=document["job_id"])
    return job


def parse_simulation(document: Any, job_name: str | None = None,
                     warnings: list[Problem] | None = None) -> tuple[Job, Scenario]:
    """A job and its scenario from ``{job: <envelope>, scenario: {…}}``, or a job alone."""
    if isinstance(document, Mapping) and "job" in document and "tasks" not in document:
        unknown = [k for k in document if k not in ("job", "scenario")]
        if unknown:
            raise InvalidJob([Problem((str(unknown[0]),), f"unknown field '{unknown[0]}'",
                                      "a simulation file has job: and scenario:")])
        found: list[Problem] | None = None if warnings is None else []
        try:
            job = parse_job_document(document["job"], job_name, warnings=found)
        except InvalidJob as error:
            raise error.prefixed(("job",)) from None
        finally:
            if warnings is not None:
                warnings.extend(Problem(("job",) + p.path, p.message, p.hint, True) for p in found)
        try:
            scenario = parse_scenario(document.get("scenario"), job)
        except LakedrillInputError as error:
            raise error.prefixed(("scenario",)) from None
        return job, scenario
    return parse_job_document(document, job_name, warnings=warnings), Scenario()


# ------------------------------------------------------------------------- internals




def _job(data: Any, problems: list[Problem], default_name: str | None) -> Job | None:
    if not isinstance(data, Mapping):
        problems.append(Problem((), "a job's settings must be a mapping"))
        return None
    for key in data:
        if key not in JOB_SETTINGS_FIELDS:
            problems.append(Problem((str(key),), f"unknown job setting '{key}'",
                                    did_you_mean(key, JOB_SETTINGS_FIELDS) or "see the Jobs API JobSettings fields",
                                    warning=True))
    raw_tasks = data.get("tasks")
    if not isinstance(raw_tasks, list) or not raw_tasks:
        problems.append(Problem(("tasks",), "a job needs a non-empty list of tasks"))
        raw_tasks = []
    tasks = [t for i, raw in enumerate(raw_tasks) if (t := _task(raw, ("tasks", i), problems)) is not None]
    if len(tasks) != len(raw_tasks):
        return None  # a task that is not even a mapping: structure checks would only mislead
    name = data.get("name", default_name)
    if name is not None and not isinstance(name, str):
        problems.append(Problem(("name",), "name must be text"))
        name = str(name)
    clusters = _job_clusters(data.get("job_clusters"), problems)
    parameters = _parameters(data.get("parameters"), problems)
    environments = _environments(data.get("environments"), problems)
    queue = data.get("queue")
    queue_enabled = None
    if queue is not None:
        if not isinstance(queue, Mapping) or not isinstance(queue.get("enabled"), bool):
            problems.append(Problem(("queue",), "queue must be {enabled: true} or {enabled: false}"))
        else:
            queue_enabled = queue["enabled"]
    schedule = _schedule(data.get("schedule"), problems)
    continuous = _continuous(data.get("continuous"), problems)
    trigger = data.get("trigger")
    problems.extend(trigger_problems(trigger))
    _health(data.get("health"), ("health",), problems)
    extra = {k: v for k, v in data.items() if k not in _SIMULATED_JOB_FIELDS}
    return Job(
        tasks=tuple(tasks),
        name=name,
        job_clusters=clusters,
        parameters=parameters,
        max_concurrent_runs=_int(data, "max_concurrent_runs", (), problems, default=1),
        queue_enabled=queue_enabled,
        schedule=schedule,
        continuous=MappingProxyType(dict(continuous)) if continuous is not None else None,
        trigger=MappingProxyType(dict(trigger)) if isinstance(trigger, Mapping) else None,
        timeout_seconds=_int(data, "timeout_seconds", (), problems, default=0),
        environments=environments,
        extra=MappingProxyType(extra),
    )


_SIMULATED_JOB_FIELDS = frozenset({"tasks", "name", "job_clusters", "parameters", "environments", "queue",
                                   "schedule", "continuous", "trigger", "max_concurrent_runs", "timeout_seconds"})
_SIMULATED_TASK_FIELDS = frozenset({"task_key", "depends_on", "run_if", "condition_task", "for_each_task",
                                    "max_retries", "min_retry_interval_millis", "retry_on_timeout",
                                    "timeout_seconds", "disabled", "job_cluster_key", "existing_cluster_id",
                                    "new_cluster", "environment_key", "description"})


def _task(raw: Any, path: Path, problems: list[Problem], *, nested: bool = False) -> Task | None:
    if not isinstance(raw, Mapping):
        problems.append(Problem(path, "a task must be a mapping with at least task_key and a task type"))
        return None
    key = raw.get("task_key")
    if not isinstance(key, str) or not key:
        problems.append(Problem(path + ("task_key",), "every task needs a task_key (text)",
                                "e.g. task_key: ingest_orders"))
        key = f"tasks[{path[-1]}]"
    for field in raw:
        if field not in TASK_FIELDS:
            problems.append(Problem(path + (str(field),), f"task '{key}': unknown field '{field}'",
                                    did_you_mean(field, TASK_FIELDS) or "see the Jobs API Task fields", warning=True))
    types = [t for t in TASK_TYPES if t in raw]
    if not types:
        problems.append(Problem(path, f"task '{key}' has no task type",
                                f"add one of {', '.join(TASK_TYPES[:6])}, …"))
        task_type = "notebook_task"
    elif len(types) > 1:
        problems.append(Problem(path + (types[1],), f"task '{key}' has two task types ({types[0]}, {types[1]})",
                                "a task has exactly one type: keep one"))
        task_type = types[0]
    else:
        task_type = types[0]
    depends_on = _depends_on(raw.get("depends_on"), path, key, problems)
    run_if = RunIf.ALL_SUCCESS
    if raw.get("run_if") is not None:
        value = str(raw["run_if"]).upper()
        if value in RunIf.__members__:
            run_if = RunIf(value)
        else:
            problems.append(Problem(path + ("run_if",), f"task '{key}': unknown run_if {raw['run_if']!r}",
                                    did_you_mean(value, RunIf.__members__)
                                    or f"one of {', '.join(RunIf.__members__)}"))
    condition = _condition(raw.get("condition_task"), path + ("condition_task",), key, problems) \
        if task_type == "condition_task" else None
    for_each = _for_each(raw.get("for_each_task"), path + ("for_each_task",), key, problems, nested) \
        if task_type == "for_each_task" else None
    compute = _compute(raw, task_type, path, key, problems)
    parameters = _task_parameters(raw, task_type, path, problems)
    # A task with shape problems is still built, as far as it could be read, so that the job's
    # structure (dependencies, cycles) is checked too; its problems are already recorded.
    if task_type == "condition_task" and condition is None:
        condition = ConditionTask(ConditionTaskOp.EQUAL_TO, "", "")
    if task_type == "for_each_task" and for_each is None:
        for_each = ForEachTask("[]", Task(task_key=f"{key}_iteration"))
    _health(raw.get("health"), path + ("health",), problems)
    return Task(
        task_key=key,
        task_type=task_type,
        depends_on=depends_on,
        run_if=run_if,
        condition_task=condition,
        for_each_task=for_each,
        max_retries=_int(raw, "max_retries", path, problems, default=0),
        min_retry_interval_millis=_int(raw, "min_retry_interval_millis", path, problems, default=0),
        retry_on_timeout=_bool(raw, "retry_on_timeout", path, problems),
        timeout_seconds=_int(raw, "timeout_seconds", path, problems, default=0),
        disabled=_bool(raw, "disabled", path, problems),
        compute=compute,
        parameters=parameters,
        description=str(raw.get("description") or ""),
        extra=MappingProxyType({k: v for k, v in raw.items() if k not in _SIMULATED_TASK_FIELDS}),
    )


def _depends_on(raw: Any, path: Path, key: str, problems: list[Problem]) -> tuple[Dependency, ...]:
    if raw is None:
        return ()
    if not isinstance(raw, list):
        problems.append(Problem(path + ("depends_on",), f"task '{key}': depends_on must be a list",
                                "e.g. depends_on: [{task_key: ingest}]"))
        return ()
    out: list[Dependency] = []
    for j, dep in enumerate(raw):
        where = path + ("depends_on", j)
        if isinstance(dep, str):
            problems.append(Problem(where, f"task '{key}': a dependency is a mapping, not the bare name {dep!r}",
                                    f"write {{task_key: {dep}}}"))
            continue
        if not isinstance(dep, Mapping) or not isinstance(dep.get("task_key"), str):
            problems.append(Problem(where, f"task '{key}': each dependency needs a task_key",
                                    "e.g. {task_key: ingest}"))
            continue
        for field in dep:
            if field not in ("task_key", "outcome"):
                problems.append(Problem(where + (str(field),), f"unknown field '{field}' in a dependency",
                                        "a dependency has task_key and, after a condition task, outcome"))
        outcome = dep.get("outcome")
        if outcome is not None:
            outcome = as_text(outcome) if isinstance(outcome, bool) else str(outcome)
        out.append(Dependency(dep["task_key"], outcome))
    return tuple(out)


def _condition(raw: Any, path: Path, key: str, problems: list[Problem]) -> ConditionTask | None:
    if not isinstance(raw, Mapping):
        problems.append(Problem(path, f"condition task '{key}' needs op, left and right"))
        return None
    for field in raw:
        if field not in ("op", "left", "right"):
            problems.append(Problem(path + (str(field),), f"unknown field '{field}' in condition_task",
                                    did_you_mean(field, ("op", "left", "right")) or "a condition has op, left, right"))
    op = str(raw.get("op", "")).upper()
    if op not in ConditionTaskOp.__members__:
        problems.append(Problem(path + ("op",), f"condition task '{key}': unknown op {raw.get('op')!r}",
                                did_you_mean(op, ConditionTaskOp.__members__)
                                or f"one of {', '.join(ConditionTaskOp.__members__)}"))
        return None
    operands = []
    for side in ("left", "right"):
        value = raw.get(side)
        if value is None or isinstance(value, list | dict):
            problems.append(Problem(path + (side,), f"condition task '{key}' needs a {side} operand (text)",
                                    "e.g. left: \"{{tasks.ingest.values.rows}}\""))
            return None
        operands.append(as_text(value))  # YAML may give 12 or true; the API holds text
    return ConditionTask(ConditionTaskOp(op), operands[0], operands[1])


def _for_each(raw: Any, path: Path, key: str, problems: list[Problem], nested: bool) -> ForEachTask | None:
    if not isinstance(raw, Mapping):
        problems.append(Problem(path, f"For each task '{key}' needs inputs and task"))
        return None
    for field in raw:
        if field not in ("inputs", "task", "concurrency"):
            problems.append(Problem(path + (str(field),), f"unknown field '{field}' in for_each_task",
                                    did_you_mean(field, ("inputs", "task", "concurrency"))
                                    or "a For each task has inputs, task and concurrency"))
    inputs = raw.get("inputs")
    if isinstance(inputs, list):
        inputs = json.dumps(inputs)  # bundles may write the array itself; the API holds its JSON text
    if not isinstance(inputs, str):
        problems.append(Problem(path + ("inputs",), f"For each task '{key}' needs inputs: a JSON array or a "
                                                    "reference to one", "e.g. inputs: '[\"orders\", \"payments\"]'"))
        return None
    concurrency = raw.get("concurrency")
    if concurrency is not None and (isinstance(concurrency, bool) or not isinstance(concurrency, int)):
        problems.append(Problem(path + ("concurrency",), f"For each task '{key}': concurrency must be a whole number"))
        return None
    if not isinstance(raw.get("task"), Mapping):
        problems.append(Problem(path + ("task",), f"For each task '{key}' needs the nested task to run per input"))
        return None
    if nested:
        problems.append(Problem(path, f"task '{key}' is a For each task nested in another For each task",
                                "For each tasks cannot be nested (see https://docs.databricks.com/aws/en/jobs/tasks/for-each)"))
        return None
    inner = _task(raw["task"], path + ("task",), problems, nested=True)
    if inner is None:
        return None
    return ForEachTask(inputs=inputs, task=inner, concurrency=concurrency)


def _compute(raw: Mapping[str, Any], task_type: str, path: Path, key: str, problems: list[Problem]) -> Compute:
    given = [f for f in CLUSTER_FIELDS if raw.get(f) is not None]
    if len(given) > 1:
        problems.append(Problem(path + (given[1],), f"task '{key}' names two computes ({given[0]}, {given[1]})",
                                "a task runs on exactly one compute (see https://docs.databricks.com/aws/en/jobs/compute): keep one"))
    if task_type == "condition_task":
        return Compute(ComputeKind.NONE)
    if "job_cluster_key" in given:
        return Compute(ComputeKind.JOB_CLUSTER, str(raw["job_cluster_key"]))
    if "existing_cluster_id" in given:
        return Compute(ComputeKind.EXISTING_CLUSTER, str(raw["existing_cluster_id"]))
    if "new_cluster" in given:
        return Compute(ComputeKind.NEW_CLUSTER, None)
    body = raw.get(task_type)
    if task_type in ("sql_task", "dbt_task") and isinstance(body, Mapping) and body.get("warehouse_id"):
        return Compute(ComputeKind.SQL_WAREHOUSE, str(body["warehouse_id"]))
    env = raw.get("environment_key")
    return Compute(ComputeKind.SERVERLESS, None if env is None else str(env))


def _task_parameters(raw: Mapping[str, Any], task_type: str, path: Path, problems: list[Problem]) -> TaskParameters:
    body = raw.get(task_type)
    if not isinstance(body, Mapping):
        if body is not None and task_type != "condition_task":
            problems.append(Problem(path + (task_type,), f"{task_type} must be a mapping of its settings"))
        return TaskParameters(named=() if task_type in NAMED_PARAMETERS else None)
    named = positional = None
    if task_type in NAMED_PARAMETERS and not (task_type == "python_wheel_task" and body.get("parameters")):
        named = ()  # key-value tasks receive job parameters even with no parameters of their own (§6.10)
    field = NAMED_PARAMETERS.get(task_type)
    if field and body.get(field) is not None:
        value = body[field]
        if not isinstance(value, Mapping):
            problems.append(Problem(path + (task_type, field), f"{field} must be a mapping of name to value"))
        else:
            named = tuple((str(k), as_text(v)) for k, v in value.items())
    field = POSITIONAL_PARAMETERS.get(task_type)
    if field and body.get(field) is not None and not isinstance(body.get(field), Mapping):
        value = body[field]
        if not isinstance(value, list):
            problems.append(Problem(path + (task_type, field), f"{field} must be a list"))
        else:
            positional = tuple(as_text(v) for v in value)
    return TaskParameters(named=named, positional=positional)


def _job_clusters(raw: Any, problems: list[Problem]) -> tuple[JobCluster, ...]:
    if raw is None:
        return ()
    if not isinstance(raw, list):
        problems.append(Problem(("job_clusters",), "job_clusters must be a list"))
        return ()
    out = []
    for i, item in enumerate(raw):
        if not isinstance(item, Mapping) or not isinstance(item.get("job_cluster_key"), str):
            problems.append(Problem(("job_clusters", i), "each job cluster needs a job_cluster_key",
                                    "e.g. {job_cluster_key: etl, new_cluster: {...}}"))
            continue
        spec = item.get("new_cluster") or {}
        out.append(JobCluster(item["job_cluster_key"], MappingProxyType(dict(spec)) if isinstance(spec, Mapping)
                              else MappingProxyType({})))
    return tuple(out)


def _parameters(raw: Any, problems: list[Problem]) -> tuple[JobParameter, ...]:
    if raw is None:
        return ()
    if not isinstance(raw, list):
        problems.append(Problem(("parameters",), "parameters must be a list of {name, default}"))
        return ()
    out = []
    for i, item in enumerate(raw):
        if not isinstance(item, Mapping) or not isinstance(item.get("name"), str) or "default" not in item:
            problems.append(Problem(("parameters", i), "each job parameter needs a name and a default",
                                    "e.g. {name: env, default: dev}"))
            continue
        default = item["default"]
        out.append(JobParameter(item["name"], default if isinstance(default, str) else json.dumps(default)))
    return tuple(out)


def _environments(raw: Any, problems: list[Problem]) -> tuple[str, ...]:
    if raw is None:
        return ()
    if not isinstance(raw, list) or not all(isinstance(e, Mapping) and "environment_key" in e for e in raw):
        problems.append(Problem(("environments",), "environments must be a list of {environment_key, spec}"))
        return ()
    return tuple(str(e["environment_key"]) for e in raw)


HEALTH_METRICS = ("RUN_DURATION_SECONDS", "STREAMING_BACKLOG_BYTES", "STREAMING_BACKLOG_RECORDS",
                  "STREAMING_BACKLOG_SECONDS", "STREAMING_BACKLOG_FILES")


def _health(raw: Any, path: Path, problems: list[Problem]) -> None:
    """§12.5: health rules are {metric, op: GREATER_THAN, value}; the duration warning reads them."""
    if raw is None:
        return
    rules = raw.get("rules") if isinstance(raw, Mapping) else None
    if not isinstance(rules, list):
        problems.append(Problem(path, "health must be {rules: [{metric, op, value}]}",
                                "e.g. {rules: [{metric: RUN_DURATION_SECONDS, op: GREATER_THAN, value: 3600}]}"))
        return
    for i, rule in enumerate(rules):
        where = path + ("rules", i)
        if not isinstance(rule, Mapping):
            problems.append(Problem(where, "a health rule is {metric, op, value}"))
            continue
        if rule.get("metric") not in HEALTH_METRICS:
            problems.append(Problem(where + ("metric",), f"unknown health metric {rule.get('metric')!r}",
                                    did_you_mean(str(rule.get("metric")), HEALTH_METRICS)
                                    or f"metrics: {', '.join(HEALTH_METRICS)}"))
        if rule.get("op") != "GREATER_THAN":
            problems.append(Problem(where + ("op",), f"a health rule's op is GREATER_THAN, not {rule.get('op')!r} "
                                    "(see https://docs.databricks.com/aws/en/jobs/notifications)"))
        value = rule.get("value")
        if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
            problems.append(Problem(where + ("value",), f"a health rule's value is a number from 0, not {value!r}"))


def _schedule(raw: Any, problems: list[Problem]) -> CronSchedule | None:
    if raw is None:
        return None
    if (not isinstance(raw, Mapping) or not isinstance(raw.get("quartz_cron_expression"), str)
            or not isinstance(raw.get("timezone_id"), str)):
        problems.append(Problem(("schedule",), "a schedule needs quartz_cron_expression and timezone_id",
                                "e.g. {quartz_cron_expression: '0 0 6 * * ?', timezone_id: UTC}"))
        return None
    pause = str(raw.get("pause_status", "UNPAUSED"))
    if pause not in ("PAUSED", "UNPAUSED"):
        problems.append(Problem(("schedule", "pause_status"), "pause_status must be PAUSED or UNPAUSED"))
    return CronSchedule(raw["quartz_cron_expression"], raw["timezone_id"], pause)


CONTINUOUS_FIELDS = {"pause_status": ("PAUSED", "UNPAUSED"), "task_retry_mode": ("NEVER", "ON_FAILURE")}


def _continuous(raw: Any, problems: list[Problem]) -> Mapping[str, Any] | None:
    """ContinuousSettings: pause_status (PAUSED / UNPAUSED) and task_retry_mode (NEVER / ON_FAILURE:
    retry a failed task within the run, docs jobs/continuous; rule continuous.task_retry_mode)."""
    if raw is None:
        return None
    if not isinstance(raw, Mapping):
        problems.append(Problem(("continuous",), "continuous must be a mapping, e.g. {pause_status: UNPAUSED, "
                                                 "task_retry_mode: ON_FAILURE}"))
        return None
    for key, value in raw.items():
        allowed = CONTINUOUS_FIELDS.get(key)
        if allowed is None:
            problems.append(Problem(("continuous", key), f"continuous has no field '{key}'",
                                    did_you_mean(key, CONTINUOUS_FIELDS) or f"fields: {listing(CONTINUOUS_FIELDS)}"))
        elif value not in allowed:
            problems.append(Problem(("continuous", key), f"{key} must be {' or '.join(allowed)}, not {value!r}"))
    return raw


def _int(data: Mapping[str, Any], field: str, path: Path, problems: list[Problem], *, default: int) -> int:
    value = data.get(field, default)
    if value is None:
        return default
    if isinstance(value, bool) or not isinstance(value, int):
        problems.append(Problem(path + (field,), f"{field} must be a whole number, not {value!r}"))
        return default
    return value


def _bool(data: Mapping[str, Any], field: str, path: Path, problems: list[Problem]) -> bool:
    value = data.get(field, False)
    if value is None:
        return False
    if not isinstance(value, bool):
        problems.append(Problem(path + (field,), f"{field} must be true or false, not {value!r}"))
        return False
    return value
