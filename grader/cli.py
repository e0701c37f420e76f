"""The `lakedrill` command: a thin layer of click commands over grader/ and engine/.

Commands import what they need inside their function, so `lakedrill --help` stays fast.
Exit codes: 0 done, 1 a check or grade failed, 2 bad input, 130 interrupted.
"""

from __future__ import annotations

import sys

import click

BAD_INPUT = 2


def fail_with(lines) -> None:
    for line in lines:
        click.echo(f"lakedrill: {line}", err=True)
    sys.exit(BAD_INPUT)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="lakedrill")
def main() -> None:
    """Practise Databricks Lakeflow Jobs with answers computed by a reference engine."""


@main.command()
@click.argument("file", required=False, type=click.Path(dir_okay=False, allow_dash=True))
@click.option("--fail", "fail", multiple=True, metavar="TASK", help="Make every attempt of TASK fail (repeatable).")
@click.option("--job-name", metavar="NAME", help="The job to simulate, in a bundle with several jobs.")
@click.option("--example", is_flag=False, flag_value="orders", default=None, metavar="NAME",
              help="Simulate a bundled example job instead of FILE (default: orders).")
@click.option("--json", "as_json", is_flag=True, help="Print the run as JSON.")
def simulate(file: str | None, fail: tuple[str, ...], job_name: str | None, example: str | None,
             as_json: bool) -> None:
    """Simulate a job run: what each task does, and the job's result.

    FILE holds a job (JobSettings, `databricks jobs get` output, or a bundle) or
    {job: ..., scenario: ...} saying what each task's code does and whether to repair.
    """
    from grader.simulation import simulate_example, simulate_file
    from grader.source import SourceError

    if (file is None) == (example is None):
        raise click.UsageError("give a job FILE or --example (not both)")
    try:
        if example is not None:
            sim = simulate_example(example, fail=fail, job_name=job_name)
        else:
            sim = simulate_file(file, fail=fail, job_name=job_name)
    except SourceError as error:
        fail_with(error.lines)
        return
    if as_json:
        import json

        from engine.export import run_as_dict

        click.echo(json.dumps(run_as_dict(sim.run, sim.repaired, run_now=sim.fresh), indent=2))
        return
    from grader.run_view import render
    from grader.terminal import console

    render(console(), sim)


bank_option = click.option("--bank", metavar="DIR", envvar="LAKEDRILL_BANK",
                           help="A folder of templates to use instead of the bundled bank.")


def _load(bank: str | None, only: list[str] | None = None):
    from grader import bank as banks
    from grader.template import TemplateError

    try:
        return banks.load(bank, only)
    except TemplateError as error:
        fail_with(error.lines)


@main.command(name="list")
@bank_option
@click.option("--json", "as_json", is_flag=True, help="Print the templates as JSON.")
def list_templates(bank: str | None, as_json: bool) -> None:
    """List the bank's templates by concept, with counts."""
    from grader.listing import listing, print_listing

    data = listing(_load(bank))
    if as_json:
        import json

        click.echo(json.dumps(data, indent=2))
    else:
        print_listing(data)


job_option = click.option("--job", "job_file", metavar="FILE", type=click.Path(dir_okay=False, allow_dash=True),
                          help="Use your own job (any file `simulate` reads) wherever a template draws one.")
job_name_option = click.option("--job-name", metavar="NAME", help="The job to use, in a bundle with several.")


def _user_job(job_file: str | None, job_name: str | None):
    if job_file is None:
        return None
    from grader.source import SourceError
    from grader.userjob import load_user_job

    try:
        return load_user_job(job_file, job_name)
    except SourceError as error:
        fail_with(error.lines)


@main.command()
@click.argument("template_id")
@click.option("--seed", type=int, default=0, show_default=True, help="Which variant.")
@click.option("--json", "as_json", is_flag=True, help="Print the Question as JSON.")
@job_option
@job_name_option
@bank_option
def show(template_id: str, seed: int, as_json: bool, job_file: str | None, job_name: str | None,
         bank: str | None) -> None:
    """Render one variant of a template with its key and explanation (the author's preview)."""
    from engine.errors import did_you_mean
    from grader.generate import VariantError, generate
    from grader.userjob import takes_a_job

    templates = {t.id: t for t in _load(bank)}
    if template_id not in templates:
        hint = did_you_mean(template_id, templates) or "see lakedrill list"
        fail_with([f"no template '{template_id}' in the bank ({hint})"])
    template = templates[template_id]
    user_job = _user_job(job_file, job_name)
    fixed = None
    if user_job is not None:
        why_not = takes_a_job(template)
        if why_not:
            click.echo(f"lakedrill: {template_id} cannot use your job: {why_not}", err=True)
            sys.exit(1)
        fixed = {"job": user_job}
    try:
        question = generate(template, seed, fixed=fixed)
    except VariantError as error:
        prefix = f"{template_id} cannot use your job: " if user_job is not None else ""
        click.echo(f"lakedrill: {prefix}{error}", err=True)
        sys.exit(1)
    if as_json:
        import json

        from grader.question import question_as_dict

        click.echo(json.dumps(question_as_dict(question), indent=2))
        return
    from grader.terminal import console
    from grader.writers.terminal import show as show_question

    show_question(console(), question)


@main.command()
@click.argument("paths", nargs=-1, type=click.Path())
@click.option("--examples", "-n", type=click.IntRange(1, 100_000), default=None,
              help="Variants per template (default: enough for the whole bank in under a minute).")
@click.option("--jobs", "-j", type=click.IntRange(1, 64), default=None, help="Worker processes (default: CPUs).")
@bank_option
def check(paths: tuple[str, ...], examples: int | None, jobs: int | None, bank: str | None) -> None:
    """Property-test templates: every variant renders and its key is right (exit 1 on failure).

    PATHS are template files or folders; the default is the whole bank.
    """
    from grader.check_runner import run_check

    templates = _load(bank, list(paths) or None)
    ok = run_check(templates, examples=examples, workers=jobs, echo=click.echo)
    sys.exit(0 if ok else 1)


@main.command()
def schema() -> None:
    """Print the JSON Schema of a question template, for editors."""
    import json

    from grader.template import json_schema

    click.echo(json.dumps(json_schema(), indent=2))


if __name__ == "__main__":  # pragma: no cover
    main()
