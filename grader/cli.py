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
    from lakedrill.jobs.simulation import simulate_example, simulate_file
    from lakedrill.templates.source import SourceError

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

        from lakedrill.engine.export import run_as_dict, timeline_as_dict

        data = run_as_dict(sim.run, sim.repaired, run_now=sim.fresh)
        if sim.scenario.compute.startup or sim.scenario.compute.rates:
            from lakedrill.engine.compute import clusters, run_cost

            data["clusters"] = [{"cluster": c.key, "kind": c.kind.value, "start": c.start, "end": c.end,
                                 "seconds": c.seconds, "tasks": list(c.tasks)} for c in clusters(sim.run)]
            data["cost"] = run_cost(sim.run) if sim.scenario.compute.rates else None
        if sim.timeline is not None:
            data.update(timeline_as_dict(sim.timeline, sim.alerts))
        click.echo(json.dumps(data, indent=2))
        return
    from lakedrill.jobs.run_view import render
    from lakedrill.terminal import console

    render(console(), sim)


bank_option = click.option("--bank", metavar="DIR", envvar="LAKEDRILL_BANK",
                           help="A folder of templates to use instead of the bundled bank.")


def _load(bank: str | None, only: list[str] | None = None, *, validate: bool = False):
    from lakedrill.templates import bank as banks
    from lakedrill.templates.spec import TemplateError

    try:
        return banks.load(bank, only, validate=validate)
    except TemplateError as error:
        fail_with(error.lines)


@main.command(name="list")
@bank_option
@click.option("--json", "as_json", is_flag=True, help="Print the templates as JSON.")
@click.option("--exam", is_flag=True, help="The mock exam's blueprint: questions per concept, time, pass mark.")
def list_templates(bank: str | None, as_json: bool, exam: bool) -> None:
    """List the bank's templates by concept, with counts (--exam: the mock exam's blueprint)."""
    from lakedrill.templates.listing import listing, print_blueprint, print_listing

    templates = _load(bank)
    if exam:
        blueprint = _blueprint(bank, templates)
        if as_json:
            import json

            click.echo(json.dumps(blueprint.as_json(), indent=2))
        else:
            print_blueprint(blueprint, templates)
        return
    data = listing(templates)
    if as_json:
        import json

        click.echo(json.dumps(data, indent=2))
    else:
        print_listing(data)


format_option = click.option("--format", "form", type=click.Choice(["practice", "exam"]), default=None,
                             help="practice (richer answer forms) or exam (single choice, 4 options, as the exam "
                                  "asks); --exam implies exam.")


def _form(form: str | None, exam: bool) -> str:
    if exam and form == "practice":
        raise click.UsageError("--exam asks the exam's form only: drop --format practice")
    return "exam" if exam else form or "practice"


def _blueprint(bank: str | None, templates):
    from lakedrill.templates import bank as banks
    from lakedrill.templates.spec import TemplateError

    try:
        return banks.blueprint(bank, templates)
    except TemplateError as error:
        fail_with(error.lines)


job_option = click.option("--job", "job_file", metavar="FILE", type=click.Path(dir_okay=False, allow_dash=True),
                          help="Use your own job (any file `simulate` reads) wherever a template draws one.")
job_name_option = click.option("--job-name", metavar="NAME", help="The job to use, in a bundle with several.")


def _user_job(job_file: str | None, job_name: str | None):
    if job_file is None:
        return None
    from lakedrill.templates.source import SourceError
    from lakedrill.jobs.userjob import load_user_job

    try:
        return load_user_job(job_file, job_name)
    except SourceError as error:
        fail_with(error.lines)


@main.command()
@click.argument("template_id")
@click.option("--seed", type=int, default=0, show_default=True, help="Which variant.")
@click.option("--json", "as_json", is_flag=True, help="Print the Question as JSON.")
@format_option
@job_option
@job_name_option
@bank_option
def show(template_id: str, seed: int, as_json: bool, form: str | None, job_file: str | None, job_name: str | None,
         bank: str | None) -> None:
    """Render one variant of a template with its key and explanation (the author's preview)."""
    from lakedrill.engine.errors import did_you_mean
    from lakedrill.variants.generate import VariantError, generate
    from lakedrill.jobs.userjob import takes_a_job

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
        question = generate(template, seed, fixed=fixed, form=_form(form, False))
    except VariantError as error:
        prefix = f"{template_id} cannot use your job: " if user_job is not None else ""
        click.echo(f"lakedrill: {prefix}{error}", err=True)
        sys.exit(1)
    if as_json:
        import json

        from lakedrill.variants.question import question_as_dict

        click.echo(json.dumps(question_as_dict(question), indent=2))
        return
    from lakedrill.terminal import console
    from lakedrill.writers.terminal import show as show_question

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
    from lakedrill.authoring.check_runner import run_check

    templates = _load(bank, list(paths) or None, validate=True)
    ok = run_check(templates, examples=examples, workers=jobs, echo=click.echo)
    if not paths:  # the whole bank: its mock exams too
        from lakedrill.authoring.check import EXAM_SEEDS, mock_exam_problems

        problems = mock_exam_problems(templates, _blueprint(bank, templates))
        for problem in problems:
            click.echo(f"FAIL {problem}")
        click.echo(f"mock exams of seeds {', '.join(map(str, EXAM_SEEDS))}: "
                   + ("ok" if not problems else f"{len(problems)} problems"))
        ok = ok and not problems
    sys.exit(0 if ok else 1)


data_dir_option = click.option("--data-dir", metavar="DIR", envvar="LAKEDRILL_HOME",
                               help="Where your history lives (default: the user's app directory).")


def _history(data_dir: str | None):
    from lakedrill.session.history import History, HistoryError
    from lakedrill.paths import data_dir as home

    try:
        return History.open(home(data_dir))
    except HistoryError as error:
        fail_with([str(error)])


def _concepts(values: tuple[str, ...]) -> list[str]:
    from lakedrill.engine.errors import did_you_mean
    from lakedrill.templates.concepts import CONCEPTS

    for value in values:
        if value not in CONCEPTS:
            hint = did_you_mean(value, CONCEPTS) or "concepts: " + ", ".join(CONCEPTS)
            raise click.BadParameter(f"no concept '{value}' ({hint})", param_hint="--concept")
    return list(values)


@main.command()
@click.option("--concept", "concepts", multiple=True, metavar="C", help="Only this concept (repeatable).")
@click.option("-n", "count", type=click.IntRange(1, 500), default=None, help="Questions (default 10; 45 in --exam).")
@click.option("--seed", type=click.IntRange(0, 2**31 - 1), default=None, help="Repeat a quiz exactly.")
@click.option("--review", is_flag=True, help="Spaced repetition: what is due, as fresh variants.")
@click.option("--exam", is_flag=True, help="A mock exam as the bank's blueprint lays it out: countdown, flags, "
              "feedback at the end.")
@click.option("--minutes", type=click.FloatRange(min=0.1), default=None, help="Exam time (default: the blueprint's, 90).")
@click.option("--pass-mark", type=click.FloatRange(0, 1), default=None,
              help="Exam pass mark (default: the blueprint's, 0.7).")
@format_option
@click.option("--exam-date", type=click.DateTime(["%Y-%m-%d"]), default=None,
              help="With --review: strengthen first what would be forgotten by this day.")
@click.option("--plain", is_flag=True, help="Numbered prompts even on a terminal.")
@job_option
@job_name_option
@data_dir_option
@bank_option
def quiz(concepts: tuple[str, ...], count: int | None, seed: int | None, review: bool, exam: bool,
         minutes: float | None, pass_mark: float | None, form: str | None, exam_date, plain: bool, job_file: str | None, job_name: str | None, data_dir: str | None,
         bank: str | None) -> None:
    """Practise: fresh questions, feedback that explains, a score at the end."""
    import random

    from lakedrill.session.history import now_utc
    from lakedrill.session.prompts import prompter_for_terminal
    from lakedrill.session.quiz import QuizSession
    from lakedrill.session.quiz_ui import ExamRules, run_exam, run_practice
    from lakedrill.variants.selection import SPARES, LazyQuestions, for_review, spread, usable
    from lakedrill.terminal import console as make_console

    if review and exam:
        raise click.UsageError("--review and --exam do not go together")
    if exam and concepts:
        raise click.UsageError("--exam follows the blueprint (lakedrill list --exam): drop --concept")
    form = _form(form, exam)
    wanted = _concepts(concepts)
    user_job = _user_job(job_file, job_name)
    templates, notes = usable(_load(bank), user_job)
    for line in notes:
        click.echo(f"lakedrill: {line}", err=True)
    history = _history(data_dir)
    console = make_console()
    seed = seed if seed is not None else random.SystemRandom().randrange(2**31)
    blueprint = _blueprint(bank, templates) if exam else None
    count = count or (blueprint.questions if exam else 10)
    skip_note = lambda line: click.echo(f"lakedrill: {line}", err=True)  # noqa: E731
    if exam:
        from lakedrill.variants.selection import mock_exam

        questions = mock_exam(templates, seed, blueprint, count, user_job=user_job, on_skip=skip_note)
        picks = questions
    elif review:
        from lakedrill.session.srs import Memory

        due = Memory(history).due(now_utc(), exam_date.date() if exam_date else None)
        if not due:
            cards = Memory(history).rows(now_utc())
            if not cards:
                click.echo("Nothing to review yet: answer some questions with `lakedrill quiz` first.")
            else:
                click.echo(f"Nothing is due. Next: {cards[0].key} on {cards[0].due:%Y-%m-%d %H:%M} UTC.")
            history.close()
            return
        picks = for_review(templates, [row.key for row in due], count, seed, history.seen())
        spares = spread(templates, SPARES, seed, exclude=history.seen())
    else:
        everything = spread(templates, count + SPARES, seed, concepts=wanted)
        picks, spares = everything[:count], everything[count:]
    if not picks:
        history.close()
        fail_with(["no template fits" + (" your job" if user_job is not None else " these concepts")])
    if not exam:
        questions = LazyQuestions(picks, spares, user_job, on_skip=skip_note, form=form)
    mode = "exam" if exam else "review" if review else "practice"
    from lakedrill.engine.words import plural
    console.print(f"[dim]{mode.capitalize()} of {plural(len(questions), 'question')} · seed {seed} "
                  f"(lakedrill quiz --seed {seed}{' --exam' if exam else ''}"
                  f"{' --format exam' if form == 'exam' and not exam else ''} repeats it) · answers are saved as you "
                  "go[/dim]")
    session = QuizSession(questions, history, mode=mode, seed=seed)
    prompter = prompter_for_terminal(force_plain=plain)
    with _graceful_signals():
        if exam:
            code = run_exam(console, prompter, session,
                            ExamRules(minutes or blueprint.minutes, pass_mark if pass_mark is not None
                                      else blueprint.pass_mark))
        else:
            code = run_practice(console, prompter, session)
    history.close()
    sys.exit(code)


class _graceful_signals:
    """A closed terminal (SIGHUP) or a polite kill (SIGTERM) stops the quiz like Ctrl-C: the
    answers given so far are already saved, and the quiz says goodbye."""

    def __enter__(self):
        import signal

        def stop(signum, frame):
            raise KeyboardInterrupt

        self._old = {}
        for name in ("SIGHUP", "SIGTERM"):
            number = getattr(signal, name, None)
            if number is not None:
                self._old[number] = signal.signal(number, stop)
        return self

    def __exit__(self, *exc):
        import signal

        for number, handler in self._old.items():
            signal.signal(number, handler)
        return False


@main.command()
@click.option("--json", "as_json", is_flag=True, help="Print the statistics as JSON.")
@data_dir_option
def stats(as_json: bool, data_dir: str | None) -> None:
    """Accuracy per concept and per belief, the weakest concepts, streaks, a chart."""
    from lakedrill.session.stats import render_stats, stats as compute

    history = _history(data_dir)
    data = compute(history)
    history.close()
    if as_json:
        import json

        click.echo(json.dumps(data, indent=2))
        return
    from lakedrill.terminal import console

    render_stats(console(), data)


@main.command()
@click.option("--exam-date", type=click.DateTime(["%Y-%m-%d"]), default=None,
              help="Show each card's predicted recall on this day.")
@click.option("--json", "as_json", is_flag=True, help="Print the plan as JSON.")
@data_dir_option
def plan(exam_date, as_json: bool, data_dir: str | None) -> None:
    """The spaced-repetition plan: each concept and belief, when it is due, how well it is kept."""
    from lakedrill.session.history import now_utc
    from lakedrill.session.stats import plan_rows, render_plan

    history = _history(data_dir)
    rows = plan_rows(history, now_utc(), exam_date.date() if exam_date else None)
    history.close()
    if as_json:
        import json

        click.echo(json.dumps(rows, indent=2))
        return
    from lakedrill.terminal import console

    render_plan(console(), rows, exam_date.date() if exam_date else None)


@main.command(name="print")
@click.option("--concept", "concepts", multiple=True, metavar="C", help="Only this concept (repeatable).")
@click.option("-n", "count", type=click.IntRange(1, 500), default=None, help="Questions per set (default 20; "
              "the blueprint's 45 with --exam).")
@click.option("--seed", type=click.IntRange(0, 2**31 - 1), default=None, help="Repeat a printout exactly.")
@click.option("--variants", type=click.IntRange(1, 500), default=1, show_default=True,
              help="Sets with different variants, one per student, each with its own key.")
@click.option("--format", "formats", type=click.Choice(["pdf", "html", "md", "practice", "exam"]), multiple=True,
              help="The file's format (default: from the output's extension) and the questions' form: practice "
                   "(default) or exam (single choice, 4 options); give both as --format pdf --format exam.")
@click.option("--paper", type=click.Choice(["a4", "letter"]), default="a4", show_default=True)
@click.option("--key", "key_path", type=click.Path(dir_okay=False), default=None,
              help="Write the answer keys to this file instead of after each set.")
@click.option("--date", "date", type=click.DateTime(["%Y-%m-%d"]), default=None,
              help="The date printed on the set (default: today; fix it for byte-identical output).")
@click.option("--title", default=None, help="Default: Lakeflow Jobs practice set (or mock exam).")
@click.option("-o", "--output", "output", type=click.Path(dir_okay=False), required=True, help="The file to write.")
@click.option("--exam", is_flag=True, help="Each set is a mock exam (the blueprint's questions, exam form), as "
              "`quiz --exam --seed S` asks it.")
@job_option
@job_name_option
@bank_option
def print_sets(concepts, count, seed, variants, formats, paper, key_path, date, title, output, exam, job_file,
               job_name, bank) -> None:
    """Print practice sets (PDF, HTML or Markdown) with separate answer keys."""
    import random
    from datetime import datetime, timezone

    from lakedrill.variants.generate import VariantError
    from lakedrill.writers.printing import build_sets

    files = [f for f in formats if f in ("pdf", "html", "md")]
    forms = [f for f in formats if f in ("practice", "exam")]
    if len(set(files)) > 1 or len(set(forms)) > 1:
        raise click.UsageError("--format: give at most one file format (pdf, html, md) and one form (practice, exam)")
    fmt = files[0] if files else None
    form = forms[0] if forms else None
    fmt = fmt or {".pdf": "pdf", ".html": "html", ".htm": "html", ".md": "md"}.get(
        output[output.rfind("."):].lower() if "." in output else "", None)
    if fmt is None:
        raise click.UsageError("give --format pdf|html|md, or an output file ending in .pdf, .html or .md")
    seed = seed if seed is not None else random.SystemRandom().randrange(2**31)
    day = (date or datetime.now(timezone.utc)).strftime("%Y-%m-%d")
    form = _form(form, exam)
    if exam and concepts:
        raise click.UsageError("--exam follows the blueprint (lakedrill list --exam): drop --concept")
    templates = _load(bank)
    blueprint = _blueprint(bank, templates) if exam else None
    title = title or ("Lakeflow Jobs mock exam" if exam else "Lakeflow Jobs practice set")
    try:
        sets, notes = build_sets(templates, n=count or (blueprint.questions if exam else 20), seed=seed,
                                 variants=variants, concepts=_concepts(concepts),
                                 user_job=_user_job(job_file, job_name), form=form, exam=blueprint)
    except VariantError as error:
        fail_with([str(error)])
    for line in notes:
        click.echo(f"lakedrill: {line}", err=True)
    from lakedrill.writers import export

    written = export.write_sets(sets, fmt=fmt, output=output, key_path=key_path, title=title, date=day, paper=paper)
    for path in written:
        click.echo(path)
    shaped = (" --exam" if exam else "") + (" --format exam" if form == "exam" and not exam else "")
    click.echo(f"seed {seed}: lakedrill print --seed {seed}{shaped} --date {day} ... writes the same again", err=True)


exam_option = click.option("--exam", is_flag=True,
                           help="The mock exam of --seed, exactly as `quiz --exam --seed S` asks it (-n: the "
                                "blueprint's 45).")


def _exported(bank, concepts, count, seed, exam: bool, form: str | None, default: int = 20) -> tuple[list, list[str]]:
    """The questions an export writes: the mock exam of `seed`, or `count` spread over the concepts."""
    from lakedrill.variants.selection import make_questions, mock_exam, spread

    form = _form(form, exam)
    templates = _load(bank)
    if exam:
        if concepts:
            raise click.UsageError("--exam follows the blueprint (lakedrill list --exam): drop --concept")
        skipped: list[str] = []
        blueprint = _blueprint(bank, templates)
        return mock_exam(templates, seed, blueprint, count, on_skip=skipped.append), skipped
    return make_questions(spread(templates, count or default, seed, concepts=_concepts(concepts)), form=form)


@main.group()
def export() -> None:
    """Export questions: an Anki deck, Moodle XML, a QTI package (Canvas), or JSON for other tools."""


@export.command(name="anki")
@click.option("--concept", "concepts", multiple=True, metavar="C", help="Only this concept (repeatable).")
@click.option("-n", "count", type=click.IntRange(1, 5000), default=None, help="Notes (default 100; the blueprint's 45 with --exam).")
@click.option("--seed", type=click.IntRange(0, 2**31 - 1), default=0, show_default=True)
@click.option("-o", "--output", "output", type=click.Path(dir_okay=False), required=True, help="The .apkg to write.")
@exam_option
@format_option
@bank_option
def export_anki(concepts, count, seed, output, exam, form, bank) -> None:
    """An Anki deck: one note per variant, the DAG as an image, the explanation on the back."""
    from lakedrill.writers import anki

    questions, skipped = _exported(bank, concepts, count, seed, exam, form, default=100)
    for line in skipped:
        click.echo(f"lakedrill: {line}", err=True)
    try:
        notes = anki.write(questions, output)
    except anki.MissingGenanki as missing:
        fail_with([str(missing)])
    click.echo(f"{output}: {notes} notes")


@export.command(name="json")
@click.option("--concept", "concepts", multiple=True, metavar="C", help="Only this concept (repeatable).")
@click.option("-n", "count", type=click.IntRange(1, 5000), default=None, help="Questions (default 20; the blueprint's 45 with --exam).")
@click.option("--seed", type=click.IntRange(0, 2**31 - 1), default=0, show_default=True)
@click.option("-o", "--output", "output", type=click.Path(dir_okay=False, allow_dash=True), default="-",
              show_default=True, help="The file to write (- for standard output).")
@exam_option
@format_option
@bank_option
def export_json(concepts, count, seed, output, exam, form, bank) -> None:
    """Questions as JSON (the Question representation), for other tools and LMS importers."""
    import json

    from lakedrill.variants.question import question_as_dict

    questions, skipped = _exported(bank, concepts, count, seed, exam, form)
    for line in skipped:
        click.echo(f"lakedrill: {line}", err=True)
    text = json.dumps([question_as_dict(q) for q in questions], indent=2, sort_keys=True) + "\n"
    if output == "-":
        click.echo(text, nl=False)
    else:
        from pathlib import Path

        Path(output).write_text(text, encoding="utf-8")
        from lakedrill.engine.words import plural
        click.echo(f"{output}: {plural(len(questions), 'question')}")


def _lms_export(write, concepts, count, seed, output, exam, form, bank) -> None:
    """Write an LMS export of the questions `export json` would hold, and say what it holds."""
    from lakedrill.engine.words import plural

    questions, skipped = _exported(bank, concepts, count, seed, exam, form)
    count, left_out = write(questions, output)
    for line in [*skipped, *left_out]:
        click.echo(f"lakedrill: {line}", err=True)
    click.echo(f"{output}: {plural(count, 'question')}")


@export.command(name="moodle")
@click.option("--concept", "concepts", multiple=True, metavar="C", help="Only this concept (repeatable).")
@click.option("-n", "count", type=click.IntRange(1, 5000), default=None, help="Questions (default 20; the blueprint's 45 with --exam).")
@click.option("--seed", type=click.IntRange(0, 2**31 - 1), default=0, show_default=True)
@click.option("-o", "--output", "output", type=click.Path(dir_okay=False), required=True,
              help="The Moodle XML file to write (Question bank > Import > Moodle XML format).")
@exam_option
@format_option
@bank_option
def export_moodle(concepts, count, seed, output, exam, form, bank) -> None:
    """Moodle XML: a category per concept, questions named template@seed, feedback on every option."""
    from lakedrill.writers import moodle

    _lms_export(moodle.write, concepts, count, seed, output, exam, form, bank)


@export.command(name="qti")
@click.option("--concept", "concepts", multiple=True, metavar="C", help="Only this concept (repeatable).")
@click.option("-n", "count", type=click.IntRange(1, 5000), default=None, help="Questions (default 20; the blueprint's 45 with --exam).")
@click.option("--seed", type=click.IntRange(0, 2**31 - 1), default=0, show_default=True)
@click.option("-o", "--output", "output", type=click.Path(dir_okay=False), required=True,
              help="The .zip to write (an IMS content package; Canvas: Import course content > QTI .zip file).")
@click.option("--qti-version", "version", type=click.Choice(["1.2", "2.1"]), default="1.2", show_default=True,
              help="QTI 1.2 (Canvas) or 2.1 (LMSs that take 2.1).")
@exam_option
@format_option
@bank_option
def export_qti(concepts, count, seed, output, version, exam, form, bank) -> None:
    """A QTI content package (imsmanifest.xml): a section per concept, feedback on every option."""
    from lakedrill.writers import qti

    _lms_export(lambda questions, path: qti.write(questions, path, version=version), concepts, count, seed,
                output, exam, form, bank)


@main.command()
@click.argument("workload", type=click.Choice([
    "production_batch", "light_or_bursty", "classic_only_batch", "interactive_development",
    "interactive_classic_only", "sql_analytics", "frequent_short_jobs", "streaming"]))
@click.option("--legacy", is_flag=True,
              help="Streaming: the legacy recipe that continuous mode replaced (history, not today's advice).")
@click.option("--today", is_flag=True, hidden=True, help="Kept for old scripts: continuous mode is the default.")
@click.option("--json", "as_json", is_flag=True, help="Print the advice as JSON.")
def advise(workload: str, legacy: bool, today: bool, as_json: bool) -> None:
    """The compute (and job settings) Databricks recommends today for a kind of workload, and why.

    Serverless compute for most jobs and notebooks, a SQL warehouse for SQL, classic compute only
    where serverless lacks what the workload needs; a streaming job runs in continuous mode.
    """
    from lakedrill.engine.compute import CHOICE_LABELS, WORKLOAD_LABELS, advise as advise_compute
    from lakedrill.engine.rulebook import RULES

    if legacy and today:
        raise click.UsageError("--legacy and --today contradict each other")
    advice = advise_compute(workload, today=not legacy)
    reasons = [{"rule": r, "tier": RULES[r].tier.value, "statement": RULES[r].statement,
                "links": list(RULES[r].links)} for r in advice.rules]
    if as_json:
        import json

        click.echo(json.dumps({"workload": workload, "compute": advice.compute.value,
                               "settings": dict(advice.settings), "legacy": legacy, "reasons": reasons}, indent=2))
        return
    click.echo(f"{workload.replace('_', ' ')} ({WORKLOAD_LABELS[workload]}): {CHOICE_LABELS[advice.compute.value]}")
    if legacy:
        click.echo("  (the legacy recipe, which continuous mode replaces: history, not today's advice)")
    for name, value in advice.settings.items():
        click.echo(f"  {name}: {'none' if value is None else value}")
    for reason in reasons:
        click.echo(f"  why: {reason['statement']} ({reason['rule']}, {reason['tier']}; {' '.join(reason['links'])})")


@main.command()
@click.argument("rule_id", required=False, metavar="[RULE_ID]")
@click.option("--json", "as_json", is_flag=True, help='Print {"rules": [{"id", "text", "tier", "links"}]}.')
@click.option("--markdown", is_flag=True, help="Print the rulebook as Markdown (docs/rules.md).")
def rules(rule_id: str | None, as_json: bool, markdown: bool) -> None:
    """The rulebook every answer key rests on: every rule, or one (RULE_ID, or a prefix like run_if)."""
    from lakedrill import rules as rulebook

    try:
        chosen = rulebook.select(rule_id)
    except rulebook.UnknownRule as error:
        fail_with([str(error)])
        return
    if as_json:
        import json

        click.echo(json.dumps(rulebook.as_json(chosen), indent=2))
    elif markdown:
        click.echo(rulebook.markdown(), nl=False)
    elif len(chosen) == 1:
        click.echo("\n".join(rulebook.detail(chosen[0])))
    else:
        width = max(len(r.id) for r in chosen)
        for rule in chosen:
            click.echo(f"{rule.id:<{width}}  {rule.tier.value:<10}  {rule.statement}")


@main.command()
def schema() -> None:
    """Print the JSON Schema of a question template, for editors."""
    import json

    from lakedrill.templates.template import json_schema

    click.echo(json.dumps(json_schema(), indent=2))


if __name__ == "__main__":  # pragma: no cover
    main()
