"""A user's own job as the job of every template that draws one (`--job FILE`)."""

from __future__ import annotations

from lakedrill.engine import Job, LakedrillInputError, parse_simulation
from lakedrill.templates.spec import Template


def load_user_job(path: str, job_name: str | None = None, bundle=None, warn=None) -> Job:
    """The job in `path` (any envelope `lakedrill simulate` accepts); SourceError names the problem.
    `warn` receives each warning line (unknown fields, references a bundle leaves unresolved)."""
    from lakedrill.jobs.bundle import BundleOptions, read_job_file
    from lakedrill.jobs.simulation import document_warnings
    from lakedrill.templates.source import SourceError

    document = read_job_file(path, bundle or BundleOptions())
    found: list = []
    try:
        job, _ = parse_simulation(document.data, job_name, warnings=found)
    except LakedrillInputError as error:
        raise SourceError(document.problem_lines(error)) from None
    if warn is not None:
        for line in document_warnings(document, found, job_name):
            warn(line)
    return job


def takes_a_job(template: Template) -> str | None:
    """None when the template draws its job (so a user's job can stand in); else why it cannot."""
    spec = template.model.params.get("job")
    if spec is None:
        return "it asks about no job"
    if spec.kind != "generate":
        return "it needs a job of its own fixed shape"
    return None
