"""The jobs beside a user's job in the same file: the children its Run Job tasks run."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from lakedrill.engine import InvalidJob, Job, parse_job_document
from lakedrill.engine.run_job import nesting_problems, run_job_tasks


def bundle_of(document: Any) -> Mapping | None:
    """The bundle in a simulate document ({job: bundle, scenario: ...} or a bundle alone), if any."""
    if isinstance(document, Mapping) and "job" in document and "tasks" not in document:
        document = document["job"]
    if isinstance(document, Mapping) and isinstance(document.get("resources"), Mapping) \
            and isinstance(document["resources"].get("jobs"), Mapping):
        return document
    return None


def sibling_jobs(document: Any, job: Job, job_name: str | None) -> tuple[dict[str, Job], str | None]:
    """Every job of the file by its key, and the key of `job`; InvalidJob names a cycle, a chain of more
    than three Run Job tasks, or a child that is not in the file."""
    bundle = bundle_of(document)
    if bundle is None:
        if run_job_tasks(job):
            raise InvalidJob([_problem("a Run Job task runs another job: give both in one bundle file "
                                       "(resources.jobs) and pick the parent with --job-name")])
        return {}, None
    keys = list(bundle["resources"]["jobs"])
    jobs = {key: job if key == (job_name or keys[0]) else parse_job_document(bundle, key) for key in keys}
    root = job_name or keys[0]
    problems = nesting_problems(root, jobs)
    if problems:
        prefix = ("job",) if bundle is not document else ()
        raise InvalidJob([p for p in problems]).prefixed(prefix) if prefix else InvalidJob(problems)
    return jobs, root


def _problem(message: str):
    from lakedrill.engine.errors import Problem

    return Problem(("tasks",), message)


def children_as_dicts(children) -> list[dict]:
    """The runs of Run Job tasks as --json gives them: the task, the child job, its parameters, its run."""
    from lakedrill.engine.export import run_as_dict

    return [{"task": c.task_key, "job": c.job_key, "parameters": dict(c.parameters),
             "task_state": c.task_state.value, "run": run_as_dict(c.run, None),
             "children": children_as_dicts(c.children)} for c in children]
