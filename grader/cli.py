"""The `lakedrill` command: a thin layer of click commands over grader/ and engine/.

Commands import what they need inside their function, so `lakedrill --help` stays fast. They parse
options and call functions; anything that stops a command is raised (lakedrill.errors), and `main`
turns it into a message and an exit code: 0 done, 1 a check or grade failed, 2 bad input, 70 a bug,
130 interrupted.
"""

from __future__ import annotations

import click

from lakedrill.writers import registry as writers


class _Lakedrill(click.Group):
    """The one exit path: every command runs inside lakedrill.errors.guarded."""

    def invoke(self, ctx: click.Context):
        from lakedrill.errors import guarded

        return guarded(super().invoke, ctx)


@click.group(cls=_Lakedrill, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="lakedrill")
def main() -> None:
    """Practise Databricks Lakeflow Jobs with answers computed by a reference engine."""


def bundle_options(command):
    """--target and --var: which target of a bundle, and values of its variables."""
    command = click.option("--var", "bundle_vars", multiple=True, metavar="NAME=VALUE",
                           help="A bundle variable's value (repeatable), as `databricks bundle --var` takes it.")(command)
    return click.option("--target", "-t", "target", metavar="T",
                        help="The bundle's target (default: the one marked default: true).")(command)


def _bundle(target: str | None, bundle_vars: tuple[str, ...]):
    from lakedrill.jobs.bundle import BundleOptions

    return BundleOptions(target=target, variables=tuple(bundle_vars))


def warn(line: str) -> None:
    click.echo(f"lakedrill: warning: {line}", err=True)


@main.command()
@click.argument("file", required=False, type=click.Path(dir_okay=False, allow_dash=True))
@click.option("--fail", "fail", multiple=True, metavar="TASK[:N]",
              help="Make every attempt of TASK fail, or with :N its first N attempts (repeatable).")
@click.option("--duration", "durations", multiple=True, metavar="TASK=SECONDS", help="How long TASK runs (repeatable).")
@click.option("--value", "values", multiple=True, metavar="TASK.KEY=VALUE",
              help="A task value TASK sets when it succeeds, e.g. --value ingest.rows=120 (repeatable).")
@click.option("--param", "params", multiple=True, metavar="NAME=VALUE", help="A job parameter's value for this run.")
@click.option("--repair", is_flag=True, help="Then repair the run as the UI's Repair run does (the failed tasks, "
              "fixed) and show what it reruns and reuses.")
@click.option("--job-name", metavar="NAME", help="The job to simulate, in a bundle with several jobs.")
@bundle_options
@click.option("--example", is_flag=False, flag_value="orders", default=None, metavar="NAME",
              help="Simulate a bundled example job instead of FILE (default: orders).")
@click.option("--json", "as_json", is_flag=True, help="Print the run as JSON.")
def simulate(file: str | None, fail: tuple[str, ...], durations: tuple[str, ...], values: tuple[str, ...],
             params: tuple[str, ...], repair: bool, job_name: str | None, target: str | None,
             bundle_vars: tuple[str, ...], example: str | None, as_json: bool) -> None:
    """Simulate a job run: what each task does, and the job's result.

    FILE holds a job (JobSettings, `databricks jobs get` output, a bundle's databricks.yml with
    what it includes, or `databricks bundle validate -o json` output) or {job: ..., scenario: ...}
    saying what each task's code does and whether to repair.
    """
    from lakedrill.jobs.simulation import WhatIf, simulate_example, simulate_file

    if (file is None) == (example is None):
        raise click.UsageError("give a job FILE or --example (not both)")
    what_if = WhatIf(fail=fail, durations=durations, values=values, params=params, repair=repair)
    if example is not None:
        sim = simulate_example(example, job_name=job_name, what_if=what_if)
    else:
        sim = simulate_file(file, _bundle(target, bundle_vars), job_name=job_name, what_if=what_if)
    for line in sim.warnings:
        warn(line)
    if as_json:
        from lakedrill.jobs.run_json import simulation_as_json

        click.echo(simulation_as_json(sim))
        return
    from lakedrill.jobs.run_view import render
    from lakedrill.terminal import console

    render(console(), sim)


bank_option = click.option("--bank", metavar="DIR", envvar="LAKEDRILL_BANK",
                           help="A folder of templates to use instead of the bundled bank.")


def _load(bank: str | None, only: list[str] | None = None, *, validate: bool = False):
    from lakedrill.templates import bank as banks

    return banks.load(bank, only, validate=validate)


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

    return banks.blueprint(bank, templates)


job_option = click.option("--job", "job_file", metavar="FILE", type=click.Path(dir_okay=False, allow_dash=True),
                          help="Use your own job (any file `simulate` reads) wherever a template draws one.")
_job_name_option = click.option("--job-name", metavar="NAME", help="The job to use, in a bundle with several.")


def job_name_option(command):
    return _job_name_option(bundle_options(command))


def _user_job(job_file: str | None, job_name: str | None):
    if job_file is None:
        return None
    from lakedrill.jobs.userjob import load_user_job

    context = click.get_current_context()
    bundle = _bundle(context.params.get("target"), context.params.get("bundle_vars", ()))
    return load_user_job(job_file, job_name, bundle, warn=warn)


@main.command()
@click.argument("template_id")
@click.option("--seed", type=int, default=0, show_default=True, help="Which variant.")
@click.option("--json", "as_json", is_flag=True, help="Print the Question as JSON.")
@format_option
@job_option
@job_name_option
@bank_option
def show(template_id: str, seed: int, as_json: bool, form: str | None, job_file: str | None, job_name: str | None,
         bank: str | None, **_bundle) -> None:
    """Render one variant of a template with its key and explanation (the author's preview)."""
    from lakedrill.errors import Failed
    from lakedrill.templates.bank import by_id
    from lakedrill.variants.generate import VariantError, generate
    from lakedrill.jobs.userjob import takes_a_job

    template = by_id(_load(bank), template_id)
    user_job = _user_job(job_file, job_name)
    fixed = None
    if user_job is not None:
        why_not = takes_a_job(template)
        if why_not:
            raise Failed(f"{template_id} cannot use your job: {why_not}")
        fixed = {"job": user_job}
    try:
        question = generate(template, seed, fixed=fixed, form=_form(form, False))
    except VariantError as error:  # the author's preview: this template makes no variant here
        prefix = f"{template_id} cannot use your job: " if user_job is not None else ""
        raise Failed(f"{prefix}{error}") from None
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
    from lakedrill.authoring.check_runner import check_mock_exams, run_check

    templates = _load(bank, list(paths) or None, validate=True)
    ok = run_check(templates, examples=examples, workers=jobs, echo=click.echo)
    if not paths:  # the whole bank: its mock exams too
        ok = check_mock_exams(templates, _blueprint(bank, templates), echo=click.echo) and ok
    if not ok:
        from lakedrill.errors import Failed

        raise Failed()  # each failure is printed above


data_dir_option = click.option("--data-dir", metavar="DIR", envvar="LAKEDRILL_HOME",
                               help="Where your history lives (default: the user's app directory).")


def _history(data_dir: str | None):
    """The learner's history, to open with `with` (HistoryError says why it cannot be used)."""
    from lakedrill.session.history import History
    from lakedrill.paths import data_dir as home

    return History.open(home(data_dir))


def _refuse(line: str):
    """Bad input, said in one line (exit 2)."""
    from lakedrill.errors import InputError

    raise InputError([line])


def _concepts(values: tuple[str, ...]) -> list[str]:
    """Each --concept as the learner typed it (an id, a unique prefix, or words), as a concept id."""
    from lakedrill.templates.concepts import UnknownConcept, resolve

    chosen: list[str] = []
    for value in values:
        try:
            concept = resolve(value)
        except UnknownConcept as error:
            _refuse(f"--concept: {error}")
        if concept not in chosen:
            chosen.append(concept)
    return chosen


def _exam_day(exam_date):
    """--exam-date as a day, refused when it has passed (today is fine)."""
    if exam_date is None:
        return None
    from datetime import date

    day = exam_date.date()
    if day < date.today():
        _refuse(f"--exam-date: {day} has passed: give the day of your exam, today or later")
    return day


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
@click.option("--review-wrong", is_flag=True, help="With --exam: the closing review shows only the questions missed.")
@format_option
@click.option("--exam-date", type=click.DateTime(["%Y-%m-%d"]), default=None,
              help="With --review: strengthen first what would be forgotten by this day.")
@click.option("--plain", is_flag=True, help="Numbered prompts even on a terminal.")
@job_option
@job_name_option
@data_dir_option
@bank_option
def quiz(concepts: tuple[str, ...], count: int | None, seed: int | None, review: bool, exam: bool,
         minutes: float | None, pass_mark: float | None, review_wrong: bool, form: str | None, exam_date, plain: bool,
         job_file: str | None, job_name: str | None, data_dir: str | None, bank: str | None, **_bundle) -> None:
    """Practise: fresh questions, feedback that explains, a score at the end."""
    import random

    from lakedrill.errors import Interrupted
    from lakedrill.session.prompts import prompter_for_terminal
    from lakedrill.session.quiz import QuizSession
    from lakedrill.session.quiz_ui import ExamRules, run_exam, run_practice
    from lakedrill.session.start import banner, nothing_due, quiz_questions
    from lakedrill.variants.selection import usable
    from lakedrill.terminal import console as make_console

    if review and exam:
        raise click.UsageError("--review and --exam do not go together")
    if exam_date is not None and not review:
        _refuse(f"--exam-date plans reviews: add --review (lakedrill quiz --review --exam-date "
                   f"{exam_date:%Y-%m-%d})")
    exam_day = _exam_day(exam_date)
    if review_wrong and not exam:
        _refuse("--review-wrong shapes a mock exam's closing review: add --exam")
    if exam and concepts:
        raise click.UsageError("--exam follows the blueprint (lakedrill list --exam): drop --concept")
    form = _form(form, exam)
    wanted = _concepts(concepts)
    user_job = _user_job(job_file, job_name)
    templates, notes = usable(_load(bank), user_job)
    for line in notes:
        click.echo(f"lakedrill: {line}", err=True)
    mode = "exam" if exam else "review" if review else "practice"
    with _history(data_dir) as history:
        console = make_console()
        seed = seed if seed is not None else random.SystemRandom().randrange(2**31)
        blueprint = _blueprint(bank, templates) if exam else None
        count = count or (blueprint.questions if exam else 10)
        questions = quiz_questions(templates, history, mode=mode, seed=seed, count=count, concepts=wanted,
                                   user_job=user_job, blueprint=blueprint, exam_date=exam_day, form=form,
                                   on_skip=lambda line: click.echo(f"lakedrill: {line}", err=True))
        if questions is None:
            click.echo(nothing_due(history))
            return
        from lakedrill.session.replay import replay_command

        again = replay_command(seed=seed, count=count, concepts=wanted, review=review, exam=exam, form=form,
                               minutes=minutes, pass_mark=pass_mark, job_file=job_file, job_name=job_name,
                               bank=bank, default_count=blueprint.questions if exam else 10)
        console.print(banner(mode, len(questions), seed, again))
        exam_minutes = (minutes or blueprint.minutes) if exam else None
        session = QuizSession(questions, history, mode=mode, seed=seed, minutes=exam_minutes)
        prompter = prompter_for_terminal(force_plain=plain)
        with _graceful_signals():
            if exam:
                code = run_exam(console, prompter, session,
                                ExamRules(exam_minutes, pass_mark if pass_mark is not None else blueprint.pass_mark,
                                          review_wrong=review_wrong))
            else:
                code = run_practice(console, prompter, session)
    if code:
        raise Interrupted()  # the quiz has said how it stopped; every answer is saved


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
@bank_option
def stats(as_json: bool, data_dir: str | None, bank: str | None) -> None:
    """Accuracy per concept and per belief, your pace, the mock exam score to expect today, streaks."""
    from lakedrill.session.stats import render_stats, stats as compute

    with _history(data_dir) as history:
        data = compute(history)
        if data["answers"]:
            from lakedrill.session.history import now_utc
            from lakedrill.session.readiness import from_history

            data["readiness"] = from_history(history, _blueprint(bank, _load(bank)), now_utc()).as_json()
        else:
            data["readiness"] = None
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

    exam_day = _exam_day(exam_date)
    with _history(data_dir) as history:
        rows = plan_rows(history, now_utc(), exam_day)
    if as_json:
        import json

        click.echo(json.dumps(rows, indent=2))
        return
    from lakedrill.terminal import console

    render_plan(console(), rows, exam_day)


PRINTED = [f.name for f in writers.printed()]


@main.command(name="print")
@click.option("--concept", "concepts", multiple=True, metavar="C", help="Only this concept (repeatable).")
@click.option("-n", "count", type=click.IntRange(1, 500), default=None, help="Questions per set (default 20; "
              "the blueprint's 45 with --exam).")
@click.option("--seed", type=click.IntRange(0, 2**31 - 1), default=None, help="Repeat a printout exactly.")
@click.option("--variants", type=click.IntRange(1, 500), default=1, show_default=True,
              help="Sets with different variants, one per student, each with its own key.")
@click.option("--format", "formats", type=click.Choice([*PRINTED, "practice", "exam"]), multiple=True,
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
               job_name, bank, **_bundle) -> None:
    """Print practice sets (PDF, HTML or Markdown) with separate answer keys."""
    import random
    from datetime import datetime, timezone

    from lakedrill.writers.printing import build_sets

    files = [f for f in formats if f in PRINTED]
    forms = [f for f in formats if f in ("practice", "exam")]
    if len(set(files)) > 1 or len(set(forms)) > 1:
        raise click.UsageError(f"--format: give at most one file format ({', '.join(PRINTED)}) and one form "
                               "(practice, exam)")
    form = forms[0] if forms else None
    fmt = writers.FORMATS[files[0]] if files else writers.by_suffix(output, writers.printed())
    if fmt is None:
        endings = [f.suffixes[0] for f in writers.printed()]
        raise click.UsageError(f"give --format {'|'.join(PRINTED)}, or an output file ending in "
                               f"{', '.join(endings[:-1])} or {endings[-1]}")
    seed = seed if seed is not None else random.SystemRandom().randrange(2**31)
    day = (date or datetime.now(timezone.utc)).strftime("%Y-%m-%d")
    form = _form(form, exam)
    if exam and concepts:
        raise click.UsageError("--exam follows the blueprint (lakedrill list --exam): drop --concept")
    templates = _load(bank)
    blueprint = _blueprint(bank, templates) if exam else None
    title = title or ("Lakeflow Jobs mock exam" if exam else "Lakeflow Jobs practice set")
    sets, notes = build_sets(templates, n=count or (blueprint.questions if exam else 20), seed=seed,
                             variants=variants, concepts=_concepts(concepts),
                             user_job=_user_job(job_file, job_name), form=form, exam=blueprint)
    for line in notes:
        click.echo(f"lakedrill: {line}", err=True)
    written = fmt.writer()(sets, output, key_path=key_path, title=title, date=day, paper=paper)
    for path in written.files:
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


def _export_command(fmt: writers.Format) -> click.Command:
    """`lakedrill export NAME`, for each exported format of the writers' registry."""

    @click.command(name=fmt.name, help=fmt.help)
    @click.option("--concept", "concepts", multiple=True, metavar="C", help="Only this concept (repeatable).")
    @click.option("-n", "count", type=click.IntRange(1, 5000), default=None,
                  help=f"{fmt.items} (default {fmt.default_count}; the blueprint's 45 with --exam).")
    @click.option("--seed", type=click.IntRange(0, 2**31 - 1), default=0, show_default=True)
    @click.option("-o", "--output", "output", type=click.Path(dir_okay=False, allow_dash=fmt.to_stdout),
                  help=fmt.output_help, **({"default": "-", "show_default": True} if fmt.to_stdout
                                           else {"required": True}))
    @exam_option
    @format_option
    @bank_option
    def command(concepts, count, seed, output, exam, form, bank) -> None:
        from lakedrill.writers.document import PracticeSet

        questions, skipped = _exported(bank, concepts, count, seed, exam, form, default=fmt.default_count)
        for line in skipped:
            click.echo(f"lakedrill: {line}", err=True)
        written = fmt.writer()([PracticeSet(1, seed, questions)], output)
        if written.summary:
            click.echo(written.summary)

    return command


for _format in writers.exported():
    export.add_command(_export_command(_format))


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
    from lakedrill.jobs.advice import advice_as_dict, advice_for, advice_lines

    if legacy and today:
        raise click.UsageError("--legacy and --today contradict each other")
    advice = advice_for(workload, legacy=legacy)
    if as_json:
        import json

        click.echo(json.dumps(advice_as_dict(advice, legacy=legacy), indent=2))
        return
    for line in advice_lines(advice, legacy=legacy):
        click.echo(line)


@main.command()
@click.argument("rule_id", required=False, metavar="[RULE_ID]")
@click.option("--json", "as_json", is_flag=True, help='Print {"rules": [{"id", "text", "tier", "links"}]}.')
@click.option("--markdown", is_flag=True, help="Print the rulebook as Markdown (docs/rules.md).")
def rules(rule_id: str | None, as_json: bool, markdown: bool) -> None:
    """The rulebook every answer key rests on: every rule, or one (RULE_ID, or a prefix like run_if)."""
    from lakedrill import rules as rulebook

    chosen = rulebook.select(rule_id)
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
