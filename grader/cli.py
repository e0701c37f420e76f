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


if __name__ == "__main__":  # pragma: no cover
    main()
