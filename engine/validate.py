"""Structural checks of a Job: what makes it a job Databricks would accept (SEMANTICS §1, §4, §5, §14).

Every problem names the task and what to do; a cycle names its path. Paths index the JobSettings
document (``("tasks", 3, "depends_on", 0, "task_key")``), so the grader can point at a line.
"""

from __future__ import annotations

import json
import re

from lakedrill.engine.errors import Path, Problem, did_you_mean, listing
from lakedrill.engine.graph import CycleError, topological_order
from lakedrill.engine.model import NAMED_PARAMETERS, POSITIONAL_PARAMETERS, ComputeKind, Job, Task
from lakedrill.engine.references import Reference, find_references, reference_problem

MAX_TASKS = 1000  # SEMANTICS §14: tasks per job (write APIs)
MAX_FOR_EACH_INPUT = 10_000  # characters of a literal For each input (§5.6, newer docs)
MAX_FOR_EACH_CONCURRENCY = 100  # §5.5 (Terraform provider docs)
MAX_CONCURRENT_RUNS = 1000  # §8.1
MAX_JOB_NAME_BYTES = 4096  # §14
PARAMETER_NAME = re.compile(r"[A-Za-z0-9_.\-]+")  # §14: job parameter keys


def job_problems(job: Job, *, enforce_limits: bool = True) -> list[Problem]:
    """Every problem of `job`, in document order; an empty list means the job is valid."""
    problems: list[Problem] = []
    index = _check_task_keys(job, problems)
    keys = set(index)
    dangling = False
    for i, task in enumerate(job.tasks):
        dangling |= _check_dependencies(job, task, ("tasks", i), keys, problems)
        _check_task_body(job, task, ("tasks", i), problems, nested=False)
    # Upstream sets, which reference checks need, exist only in a well-formed DAG; they cost the
    # square of the job's size, so a job past the task limit is told the limit without them.
    over_limit = enforce_limits and len(job.tasks) > MAX_TASKS
    if not _check_cycle(job, index, problems) and not dangling and not over_limit:
        _check_references(job, problems)
    _check_job_level(job, problems, enforce_limits)
    return problems


# The Jobs API's own bound on a task_key: [1 .. 100] characters matching ^[\w\-\_]+$
# (https://docs.databricks.com/api/workspace/jobs/create). Unicode letters are let through: whether
# the API's \w takes them is not documented, and nothing that acts on a terminal is a letter.
MAX_KEY_LENGTH = 100
_KEY = re.compile(r"[\w-]+")


def _check_task_keys(job: Job, problems: list[Problem]) -> dict[str, int]:
    index: dict[str, int] = {}
    for i, task in enumerate(job.tasks):
        if not task.task_key:
            problems.append(Problem(("tasks", i, "task_key"), "every task needs a task_key"))
        elif len(task.task_key) > MAX_KEY_LENGTH:
            problems.append(Problem(("tasks", i, "task_key"),
                                    f"task_key '{task.task_key[:40]}…' is {len(task.task_key)} characters long; "
                                    f"the Jobs API takes at most {MAX_KEY_LENGTH}", "shorten it"))
        elif not _KEY.fullmatch(task.task_key):
            problems.append(Problem(("tasks", i, "task_key"),
                                    f"task_key '{task.task_key}' has characters the Jobs API refuses",
                                    "a task_key is letters, digits, '_' and '-' (^[\\w\\-\\_]+$)"))
        elif task.task_key in index:
            first = index[task.task_key]
            problems.append(Problem(("tasks", i, "task_key"),
                                    f"task_key '{task.task_key}' is used by tasks[{first}] and tasks[{i}]",
                                    "task keys must be unique within a job: rename one of them"))
        else:
            index[task.task_key] = i
    return index


def _check_dependencies(job: Job, task: Task, path: Path, keys: set[str], problems: list[Problem]) -> bool:
    """Checks `task`'s depends_on; True when it names a task that does not exist."""
    dangling = False
    seen: set[str] = set()
    for j, dep in enumerate(task.depends_on):
        where = path + ("depends_on", j)
        if dep.task_key not in keys:
            hint = did_you_mean(dep.task_key, keys) or f"tasks: {listing(job.task_keys)}"
            problems.append(Problem(where + ("task_key",),
                                    f"task '{task.task_key}' depends on '{dep.task_key}', which is not a task "
                                    f"of this job", hint))
            dangling = True
            continue
        if dep.task_key in seen:
            problems.append(Problem(where, f"task '{task.task_key}' lists '{dep.task_key}' twice in depends_on",
                                    "list each dependency once"))
        seen.add(dep.task_key)
        upstream = job.task_by_key[dep.task_key]
        if dep.outcome is not None and not upstream.is_condition:
            problems.append(Problem(where + ("outcome",),
                                    f"task '{task.task_key}' waits for outcome '{dep.outcome}' of "
                                    f"'{dep.task_key}', which is not a condition task",
                                    "an outcome is only allowed on an edge from an If/else condition task "
                                    "(see https://docs.databricks.com/aws/en/jobs/tasks/if-else): remove it"))
        elif dep.outcome is None and upstream.is_condition:
            problems.append(Problem(where,
                                    f"task '{task.task_key}' depends on condition task '{dep.task_key}' "
                                    "without an outcome",
                                    "add outcome: \"true\" or \"false\", the branch it belongs to "
                                    "(see https://docs.databricks.com/aws/en/jobs/tasks/if-else)"))
        elif dep.outcome is not None and dep.outcome not in ("true", "false"):
            problems.append(Problem(where + ("outcome",),
                                    f"outcome must be \"true\" or \"false\", not {dep.outcome!r}"))
    return dangling


def _check_task_body(job: Job, task: Task, path: Path, problems: list[Problem], *, nested: bool) -> None:
    key = task.task_key
    if task.max_retries < -1:
        problems.append(Problem(path + ("max_retries",),
                                f"task '{key}': max_retries must be -1 (retry without limit), 0 or more"))
    if task.min_retry_interval_millis < 0:
        problems.append(Problem(path + ("min_retry_interval_millis",),
                                f"task '{key}': min_retry_interval_millis must be 0 or more"))
    if task.timeout_seconds < 0:
        problems.append(Problem(path + ("timeout_seconds",),
                                f"task '{key}': timeout_seconds must be 0 (no timeout) or more"))
    compute = task.compute
    if compute.kind is ComputeKind.JOB_CLUSTER:
        clusters = [c.job_cluster_key for c in job.job_clusters]
        if compute.key not in clusters:
            problems.append(Problem(path + ("job_cluster_key",),
                                    f"task '{key}' uses job cluster '{compute.key}', which job_clusters does "
                                    "not define",
                                    did_you_mean(compute.key or "", clusters)
                                    or f"job clusters: {listing(clusters) or 'none'}"))
    elif compute.kind is ComputeKind.SERVERLESS and compute.key is not None and compute.key not in job.environments:
        problems.append(Problem(path + ("environment_key",),
                                f"task '{key}' uses environment '{compute.key}', which environments does not "
                                "define", did_you_mean(compute.key, job.environments)
                                or f"environments: {listing(job.environments) or 'none'}"))
    fe = task.for_each_task
    if fe is None:
        return
    where = path + ("for_each_task",)
    if nested:
        problems.append(Problem(path, f"task '{key}' is a For each task nested in another For each task",
                                "For each tasks cannot be nested (see https://docs.databricks.com/aws/en/jobs/tasks/for-each): move the inner loop to a "
                                "job of its own and call it with a Run Job task"))
        return
    if fe.concurrency is not None and not 1 <= fe.concurrency <= MAX_FOR_EACH_CONCURRENCY:
        problems.append(Problem(where + ("concurrency",),
                                f"For each task '{key}': concurrency must be from 1 to "
                                f"{MAX_FOR_EACH_CONCURRENCY}, not {fe.concurrency}"))
    if not list(find_references(fe.inputs)):
        if len(fe.inputs) > MAX_FOR_EACH_INPUT:
            problems.append(Problem(where + ("inputs",),
                                    f"For each task '{key}': inputs are {len(fe.inputs)} characters; the limit "
                                    f"is {MAX_FOR_EACH_INPUT} (see https://docs.databricks.com/aws/en/jobs/tasks/for-each)",
                                    "pass a longer array through a task value (up to 48 KB)"))
        else:
            try:
                parsed = json.loads(fe.inputs)
            except json.JSONDecodeError as bad:
                parsed, why = None, bad.msg
            else:
                why = "" if isinstance(parsed, list) else f"it is a {type(parsed).__name__}"
            if not isinstance(parsed, list):
                problems.append(Problem(where + ("inputs",),
                                        f"For each task '{key}': inputs must be a JSON array ({why})",
                                        "e.g. '[\"orders\", \"payments\"]', or a reference such as "
                                        "{{tasks.list_tables.values.tables}}"))
    _check_task_body(job, fe.task, where + ("task",), problems, nested=True)


def _check_cycle(job: Job, index: dict[str, int], problems: list[Problem]) -> bool:
    try:
        topological_order({t.task_key: [d.task_key for d in t.depends_on] for t in job.tasks})
    except CycleError as cycle:
        first = cycle.cycle[1]
        problems.append(Problem(("tasks", index.get(first, 0), "depends_on"),
                                f"dependency cycle: {' -> '.join(cycle.cycle)}",
                                "a job is a directed acyclic graph (see https://docs.databricks.com/aws/en/jobs/run-if): remove one of these "
                                "dependencies"))
        return True
    return False


def _configured_texts(task: Task, path: Path) -> list[tuple[Path, str]]:
    """The fields where dynamic value references are allowed (SEMANTICS §6.8), with their paths."""
    out: list[tuple[Path, str]] = []
    params = task.parameters
    # Each value at the field of the file it came from (notebook_task.base_parameters.x, …).
    for name, value in params.named or ():
        out.append((path + (task.task_type, NAMED_PARAMETERS.get(task.task_type, "parameters"), name), value))
    for i, value in enumerate(params.positional or ()):
        out.append((path + (task.task_type, POSITIONAL_PARAMETERS.get(task.task_type, "parameters"), i), value))
    if task.condition_task is not None:
        out.append((path + ("condition_task", "left"), task.condition_task.left))
        out.append((path + ("condition_task", "right"), task.condition_task.right))
    if task.for_each_task is not None:
        out.append((path + ("for_each_task", "inputs"), task.for_each_task.inputs))
    return out


def _check_references(job: Job, problems: list[Problem]) -> None:
    keys = frozenset(job.task_keys)
    params = frozenset(job.parameter_defaults)
    for i, task in enumerate(job.tasks):
        # A task's upstream set is walked only for a task that refers to other tasks: walking it
        # for every task made checking a job quadratic in its size.
        upstream: set[str] | None = None
        texts = [(p, t, False) for p, t in _configured_texts(task, ("tasks", i))]
        if task.for_each_task is not None:
            nested = task.for_each_task.task
            texts += [(p, t, True) for p, t in _configured_texts(nested, ("tasks", i, "for_each_task", "task"))]
        for where, text, in_for_each in texts:
            for ref in find_references(text):
                if upstream is None and ref.parts[0] == "tasks":
                    upstream = job.upstream_of(task.task_key)
                why = reference_problem(ref, task_keys=keys, upstream=upstream or frozenset(), parameters=params,
                                        in_for_each=in_for_each)
                if why:
                    problems.append(Problem(where, f"task '{task.task_key}': {why}", _reference_hint(ref, job)))


def _reference_hint(ref: Reference, job: Job) -> str:
    if ref.parts[0] == "tasks" and len(ref.parts) > 1 and ref.parts[1] not in job.task_by_key:
        return did_you_mean(ref.parts[1], job.task_keys)
    if ref.parts[:2] == ("job", "parameters") and len(ref.parts) > 2:
        return did_you_mean(ref.parts[2], job.parameter_defaults) or "define it under the job's parameters"
    return ""


def _check_job_level(job: Job, problems: list[Problem], enforce_limits: bool) -> None:
    if enforce_limits and len(job.tasks) > MAX_TASKS:
        problems.append(Problem(("tasks",), f"the job has {len(job.tasks)} tasks; the limit is {MAX_TASKS} "
                                            "(see https://docs.databricks.com/aws/en/resources/limits)", "split it into jobs joined by Run Job tasks"))
    if not 0 <= job.max_concurrent_runs <= MAX_CONCURRENT_RUNS:
        problems.append(Problem(("max_concurrent_runs",),
                                f"max_concurrent_runs must be from 0 to {MAX_CONCURRENT_RUNS}, not "
                                f"{job.max_concurrent_runs} (see https://docs.databricks.com/aws/en/jobs/advanced)"))
    if job.timeout_seconds < 0:
        problems.append(Problem(("timeout_seconds",), "timeout_seconds must be 0 (no timeout) or more"))
    if job.name is not None and len(job.name.encode()) > MAX_JOB_NAME_BYTES:
        problems.append(Problem(("name",), f"the job name is {len(job.name.encode())} bytes; the limit is "
                                           f"{MAX_JOB_NAME_BYTES}"))
    seen: set[str] = set()
    for i, param in enumerate(job.parameters):
        if not PARAMETER_NAME.fullmatch(param.name):
            problems.append(Problem(("parameters", i, "name"),
                                    f"job parameter name '{param.name}' may use only letters, digits, _, - and ."))
        if param.name in seen:
            problems.append(Problem(("parameters", i, "name"), f"job parameter '{param.name}' is defined twice"))
        seen.add(param.name)
    clusters: set[str] = set()
    for i, cluster in enumerate(job.job_clusters):
        if cluster.job_cluster_key in clusters:
            problems.append(Problem(("job_clusters", i, "job_cluster_key"),
                                    f"job cluster '{cluster.job_cluster_key}' is defined twice"))
        clusters.add(cluster.job_cluster_key)
    if job.schedule is not None and job.continuous is not None:
        problems.append(Problem(("continuous",), "a job has either a schedule or continuous, not both",
                                "remove one of them"))


CONTINUOUS_DOCS = "https://docs.databricks.com/aws/en/jobs/continuous"


def job_warnings(job: Job) -> list[Problem]:
    """What a job may set but should not rely on: settings the documentation says are not used,
    or is unclear about. A warning never stops a job from being read or simulated.

    A continuous job (rule continuous.task_retry_mode, docs jobs/continuous): "You cannot use retry
    policies in a continuous job. Instead, continuous jobs automatically retry the entire job on
    failure using an exponential backoff algorithm. You can additionally configure retries at the task
    level by setting the Task retry mode to On failure." A task's own max_retries is therefore not how
    a continuous job retries its tasks; the API still accepts it. The same page says "You cannot use
    task dependencies with a continuous job", while the API's ON_FAILURE mode speaks of the other
    tasks of the run: a job with dependencies is accepted, with a warning."""
    warnings: list[Problem] = []
    if job.continuous is None:
        return warnings
    mode = job.continuous.get("task_retry_mode")
    for i, task in enumerate(job.tasks):
        if task.max_retries:
            warnings.append(Problem(("tasks", i, "max_retries"),
                                    f"task '{task.task_key}': a continuous job does not use a task's retry policy "
                                    f"(\"You cannot use retry policies in a continuous job\", {CONTINUOUS_DOCS})",
                                    "retry failed tasks with continuous.task_retry_mode: ON_FAILURE"
                                    + ("" if mode is None else f" (it is {mode})")))
        if task.depends_on:
            warnings.append(Problem(("tasks", i, "depends_on"),
                                    f"task '{task.task_key}' has dependencies in a continuous job: the documentation "
                                    f"says \"You cannot use task dependencies with a continuous job\" ({CONTINUOUS_DOCS})",
                                    "check that your workspace runs this job as you expect"))
    if mode is None:
        warnings.append(Problem(("continuous", "task_retry_mode"),
                                "task_retry_mode is not set: the UI defaults it to On failure, the API to NEVER",
                                "set task_retry_mode: ON_FAILURE or NEVER"))
    return warnings
