"""generate(template, seed) -> Question: draw a variant, simulate it, and compute its key.

The key is the template's answer expression evaluated on the engine's run. Each misconception the
template names is the same simulation under that belief's semantics; where its prediction
differs from the key, it becomes a wrong option (or, for typed answers, the feedback for it).
The same template and seed give the same Question on any machine.
"""

from __future__ import annotations

import math
import random
import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Any

from jinja2 import Undefined
from jinja2.exceptions import TemplateError as JinjaError

from lakedrill.engine import (
    DATABRICKS,
    MISCONCEPTIONS,
    Job,
    LakedrillInputError,
    Run,
    Semantics,
    parse_job,
    parse_scenario,
    repair_request,
    run_now,
    simulate,
)
from lakedrill.engine.generators import random_job
from lakedrill.engine.readings import readings_of, unconfirmed
from lakedrill.engine.states import RunResultState
from lakedrill.engine.words import quantity
from lakedrill.engine.parse import JOB_SETTINGS_FIELDS
from lakedrill.variants.explanation import explain, rules_behind
from lakedrill.variants.rendering import VariantError, render
from lakedrill.templates import jinja
from lakedrill.templates.jinja import string_source
from lakedrill.variants.question import Belief, Option, Question
from lakedrill.templates.spec import Template
from lakedrill.variants.views import JobView, LessonView, OrderKey, RunView, TimelineView

MAX_DRAWS = 60  # variants a template may redraw before `require` is declared unsatisfiable


class Redraw(Exception):
    """This draw does not make a good variant (require fails, too few distinct options)."""


@dataclass
class Variant:
    """One draw of a template: its parameters, its run, and the expression context."""

    params: dict[str, Any]
    job: Job | None
    run: Run | None
    repaired: Run | None
    fresh: Run | None
    scenario: Any
    timeline: Any = None  # lakedrill.engine.timeline.Timeline, when the scenario gives `runs`
    key: Any = None  # the answer under the true semantics, once computed

    def context(self, semantics_runs: tuple | None = None,
                record: bool = True, semantics: Semantics = DATABRICKS) -> dict[str, Any]:
        """What expressions see: the params, `job`, the runs as views, `timeline`, and `lesson`."""
        run, repaired, fresh, timeline = semantics_runs or (self.run, self.repaired, self.fresh, self.timeline)
        ctx = dict(self.params)
        if self.job is not None:
            ctx["job"] = JobView(self.job)
        for name, value in (("run", run), ("repaired", repaired), ("fresh", fresh)):
            if value is not None:
                ctx[name] = RunView(value, record=record, semantics=semantics)
        if timeline is not None:
            ctx["timeline"] = TimelineView(timeline, record=record, semantics=semantics)
        ctx["lesson"] = LessonView(record=record, semantics=semantics)
        return ctx


def generate(template: Template, seed: int, *, fixed: Mapping[str, Any] | None = None,
             form: str = "practice") -> Question:
    """The variant of `template` for `seed`; `fixed` pins parameters (examples, a user's job);
    `form="exam"` asks it in the exam's own form (single choice, 4 options; lakedrill.variants.exam)."""
    return _accepted(template, seed, fixed, form)[0]


def draw_again(template: Template, question: Question) -> Variant | None:
    """The variant a seeded question was made from (its `key` set), for checks that recompute it."""
    try:
        return _accepted(template, question.seed, None, question.form)[1]
    except VariantError:
        return None


def _accepted(template: Template, seed: int, fixed: Mapping[str, Any] | None,
              form: str = "practice") -> tuple[Question, Variant]:
    last = ""
    for draw in range(MAX_DRAWS if not fixed or set(fixed) != set(template.model.params) else 1):
        rng = random.Random(f"{template.id}/{seed}/{draw}")
        try:
            variant = draw_variant(template, rng, fixed or {})
            return assemble(template, seed, rng, variant, form), variant
        except Redraw as why:
            last = str(why)
    raise VariantError(f"{template.where('require')}: no good variant in {MAX_DRAWS} draws for seed {seed}: {last}")


# ------------------------------------------------------------------ drawing parameters


def draw_variant(template: Template, rng: random.Random, fixed: Mapping[str, Any]) -> Variant:
    params: dict[str, Any] = {}
    job: Job | None = None
    for name, spec in template.model.params.items():
        where = template.where("params")
        if name in fixed:
            value = fixed[name]
            if spec.kind in ("generate", "job") and not isinstance(value, Job):
                value = compact_job(value, where)
        else:
            value = _draw(template, name, spec, rng, params, job)
        params[name] = value
        if isinstance(value, Job):
            job = value if job is None or name == "job" else job
            params[name] = value
    scenario = None
    run = repaired = fresh = None
    if job is not None:
        scenario, failing = _scenario(template, params, job)
        run = simulate(job, scenario)
        never_ran = [key for key in failing if run.states[key] is not RunResultState.FAILED]
        if never_ran:  # `fail:` says the task's code runs and fails; here it never ran
            raise Redraw(f"scenario.fail: {', '.join(never_ran)} never ran in this draw")
        if scenario.repair is not None:
            repaired = repair_request(run, job, scenario.repair)
        if template.model.run_now:
            fresh = run_now(job, _after_the_fix(scenario), after=run)
    timeline = None
    if job is not None and scenario.runs is not None:
        from lakedrill.engine.timeline import simulate_runs  # only templates with runs over time need it

        try:
            timeline = simulate_runs(job, scenario)
        except LakedrillInputError as error:
            raise VariantError(f"{template.where('scenario')}: scenario.runs: {error}") from None
    ctx_params = {k: (JobView(v) if isinstance(v, Job) else v) for k, v in params.items()}
    variant = Variant(ctx_params, job, run, repaired, fresh, scenario, timeline)
    for i, requirement in enumerate(template.require):
        ok = _evaluate(template, ("require", i), requirement, variant.context(record=False))
        if not ok:
            raise Redraw(f"require[{i}] ({template.model.require[i]}) is false")
    return variant


def _draw(template: Template, name: str, spec: Any, rng: random.Random, params: dict[str, Any],
          job: Job | None) -> Any:
    kind = spec.kind
    if kind == "generate":
        shape = None if spec.generate == "any" else spec.generate
        return random_job(rng, shape=shape, tasks=spec.tasks, run_if_rate=spec.run_if_rate, branches=spec.branches,
                          for_each_rate=spec.for_each_rate, retry_rate=spec.retry_rate,
                          timeout_rate=spec.timeout_rate, disabled_rate=spec.disabled_rate, naming=spec.naming)
    if kind == "job":
        return compact_job(fill_job_spec(spec.job, params), template.where("params"))
    if kind == "choice":
        return rng.choice(spec.choice)
    if kind == "int":
        low, high = spec.int_range
        return rng.randrange(low, high + 1, spec.step)
    ctx = {k: (JobView(v) if isinstance(v, Job) else v) for k, v in params.items()}
    ctx["lesson"] = LessonView(record=False)
    value = _evaluate(template, ("params", name, kind), template.params[name], ctx)
    if kind == "value":
        return value
    if kind == "durations":
        # Condition tasks take no time (SEMANTICS §4.6): only tasks that run code get a duration.
        keys = [k for k in value.task_keys if not value.is_condition(k)] if isinstance(value, JobView) else list(value)
        return {key: rng.choice(spec.choices) for key in keys}
    items = list(value)
    if not items:
        raise Redraw(f"params.{name}: {kind} had nothing to choose from")
    if kind == "pick":
        return rng.choice(items)
    size = spec.size if isinstance(spec.size, int) else rng.randint(*spec.size)
    if size > len(items):
        raise Redraw(f"params.{name}: cannot sample {size} of {len(items)}")
    chosen = set(rng.sample(items, size))
    return [item for item in items if item in chosen]  # in the list's own order


_PARAM_REF = re.compile(r"\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}")


def fill_job_spec(value: Any, params: Mapping[str, Any]) -> Any:
    """A fixed job with `{{ name }}` of earlier parameters filled in. Only bare names are
    parameters: Databricks references (`{{tasks.x.values.y}}`, `{{job.parameters.p}}`) stay."""
    if isinstance(value, str):
        whole = _PARAM_REF.fullmatch(value.strip())
        if whole and whole.group(1) in params:
            return params[whole.group(1)]
        return _PARAM_REF.sub(lambda m: str(params[m.group(1)]) if m.group(1) in params else m.group(0), value)
    if isinstance(value, Mapping):
        return {fill_job_spec(k, params): fill_job_spec(v, params) for k, v in value.items()}
    if isinstance(value, list):
        return [fill_job_spec(v, params) for v in value]
    return value


def compact_job(value: Any, where: str) -> Job:
    """A job from JobSettings (with `tasks`) or the short form {task: [dependencies] or {settings}}."""
    if isinstance(value, Job):
        return value
    if isinstance(value, Mapping) and "tasks" not in value:
        tasks = []
        settings = {k: v for k, v in value.items() if k in JOB_SETTINGS_FIELDS}
        for key, spec in value.items():
            if key in JOB_SETTINGS_FIELDS:
                continue
            if spec is None or isinstance(spec, list):
                spec = {"depends_on": spec or []}
            task = {"task_key": str(key), **{k: v for k, v in spec.items() if k != "depends_on"}}
            deps = spec.get("depends_on") or []
            task["depends_on"] = [d if isinstance(d, Mapping) else {"task_key": str(d)} for d in deps]
            if not any(k.endswith("_task") for k in task):
                task["notebook_task"] = {"notebook_path": f"/Workspace/jobs/{key}"}
            if not task["depends_on"]:
                del task["depends_on"]
            tasks.append(task)
        value = {**settings, "tasks": tasks}
    try:
        return parse_job(value)
    except LakedrillInputError as error:
        raise VariantError(f"{where}: a fixed job is invalid: {error}") from None


# ------------------------------------------------------------------ the scenario


def _scenario(template: Template, params: dict[str, Any], job: Job) -> tuple[Any, list[str]]:
    """The variant's scenario, and the tasks `fail:` names (their code must run and fail)."""
    ctx = {k: (JobView(v) if isinstance(v, Job) else v) for k, v in params.items()}
    ctx["job"] = JobView(job)
    raw = render_structure(template, template.model.scenario, ctx, ("scenario",))
    data: dict[str, Any] = {"tasks": {}}
    tasks: dict[str, dict[str, Any]] = data["tasks"]
    failing: list[str] = []

    def entry(key: Any) -> dict[str, Any]:
        return tasks.setdefault(str(key), {})

    for key, value in raw.items():
        if key == "tasks":
            for task_key, spec in (value or {}).items():
                entry(task_key).update(spec or {})
        elif key == "fail":
            for task_key in ([value] if isinstance(value, str) else value or []):
                entry(task_key)["outcomes"] = ["FAILED"]
                failing.append(str(task_key))
        elif key in ("outcomes", "durations", "values"):
            field = {"outcomes": "outcomes", "durations": "duration", "values": "values"}[key]
            for task_key, spec in (value or {}).items():
                entry(task_key)[field] = spec
        else:
            data[key] = value
    try:
        return parse_scenario(data, job), failing
    except LakedrillInputError as error:
        raise VariantError(f"{template.where('scenario')}: scenario: {error}") from None


def render_structure(template: Template, value: Any, ctx: dict[str, Any], path: tuple) -> Any:
    """Strings rendered with Jinja; a string that is one {{ expression }} keeps the value's type."""
    if isinstance(value, str):
        found = string_source(value)
        if found and found[0] == "expression":
            return _evaluate(template, path, _expression(found[1]), ctx)
        if found:
            try:
                return _template(value).render(ctx)
            except Exception as bad:  # template code is untrusted: any failure is the template's, named
                raise VariantError(f"{template.where(path[0])}: {'.'.join(map(str, path))}: "
                                   f"{type(bad).__name__}: {bad}") from None
        return value
    if isinstance(value, Mapping):
        return {render_structure(template, k, ctx, path + (str(k),)): render_structure(template, v, ctx,
                                                                                       path + (str(k),))
                for k, v in value.items()}
    if isinstance(value, list):
        return [render_structure(template, v, ctx, path + (i,)) for i, v in enumerate(value)]
    return value


@lru_cache(maxsize=4096)
def _expression(source: str) -> Any:
    return jinja.expression(source)


@lru_cache(maxsize=4096)
def _template(source: str) -> Any:
    return jinja.template(source)


def _evaluate(template: Template, path: tuple, compiled: Any, ctx: dict[str, Any]) -> Any:
    try:
        value = compiled(**ctx)
    except JinjaError as bad:
        raise VariantError(f"{template.where(str(path[0]))}: {'.'.join(map(str, path))}: {bad}") from None
    except (Redraw, VariantError):
        raise
    except Exception as bad:  # template code is untrusted: any failure is the template's, named
        raise VariantError(f"{template.where(str(path[0]))}: {'.'.join(map(str, path))}: "
                           f"{type(bad).__name__}: {bad}") from None
    if isinstance(value, Undefined):
        raise VariantError(f"{template.where(str(path[0]))}: {'.'.join(map(str, path))}: gives an undefined value")
    return value


# ------------------------------------------------------------------ assembling the question


def _belief_runs(variant: Variant, semantics: Semantics) -> tuple:
    run = repaired = fresh = timeline = None
    if variant.timeline is not None:
        from lakedrill.engine.timeline import simulate_runs

        timeline = simulate_runs(variant.job, variant.scenario, semantics=semantics,
                                 triggered=variant.timeline.triggered)
    if variant.job is not None:
        run = simulate(variant.job, variant.scenario, semantics=semantics)
        if variant.repaired is not None:
            repaired = repair_request(run, variant.job, variant.scenario.repair, semantics=semantics)
        if variant.fresh is not None:
            fresh = run_now(variant.job, _after_the_fix(variant.scenario), after=run, semantics=semantics)
    return run, repaired, fresh, timeline


def _after_the_fix(scenario: Any) -> Any:
    """The scenario a Run now after the run sees: the repair's task behaviours, if any (the fix)."""
    return scenario.with_behaviours(scenario.repair.tasks) if scenario.repair is not None else scenario


def normalize(value: Any) -> Any:
    """Values compare by meaning: lists of task keys as sorted tuples are not wanted (order may
    matter), so only containers are frozen; numbers keep their type."""
    if isinstance(value, list | tuple):
        return tuple(normalize(v) for v in value)
    if isinstance(value, dict):
        return tuple(sorted((str(k), normalize(v)) for k, v in value.items()))
    return value


def assemble(template: Template, seed: int, rng: random.Random, variant: Variant,
             form: str = "practice") -> Question:
    model = template.model
    ctx = variant.context()
    key = variant.key = _evaluate(template, ("answer",), template.answer, ctx)
    claims = _claims(template, ctx) if form == "exam" and template.kind == "true_false" else None
    views = [v for v in (ctx.get("run"), ctx.get("repaired"), ctx.get("fresh")) if isinstance(v, RunView)]
    lesson = ctx["lesson"]
    beliefs: list[tuple[str, Any]] = []
    for misconception_id in model.misconceptions:
        semantics = MISCONCEPTIONS[misconception_id].semantics
        try:
            belief = answer_under(template, variant, semantics)
        except (LakedrillInputError, VariantError):
            continue  # the belief cannot even run this job: it predicts nothing here
        beliefs.append((misconception_id, belief))
    timeline = ctx.get("timeline")
    rules = rules_behind(views, lesson, *([timeline] if timeline is not None else []))
    confirm_key(template, variant, key, rules)
    tested_rule_decides(template, key, beliefs)
    if claims is not None:
        claims = _settled_claims(template, variant, claims, rules)
    options, key_value, universe = _options(template, rng, ctx, key, beliefs)
    stem = render(template, "stem", template.stem, ctx)
    belief_texts = tuple(Belief(m, value, _option_text(template, ctx, value)) for m, value in beliefs
                         if differs(template, value, key))
    explanation = explain(template, ctx, variant, options, belief_texts, rules, views)
    trace = variant.run.trace if variant.run is not None else ()
    if variant.repaired is not None:
        trace = variant.repaired.trace
    question = Question(
        id=f"{template.id}@{seed}",
        template_id=template.id,
        source=template.where(),
        seed=seed,
        concept=model.concept,
        objective=model.objective,
        difficulty=model.difficulty,
        kind=model.kind,
        stem=stem,
        options=options,
        key=key_value,
        explanation=explanation,
        rules=rules,
        beliefs=belief_texts,
        assumes=tuple(model.assumes),
        job=variant.job,
        trace=tuple(trace),
        universe=universe,
        tolerance=(model.tolerance.abs, model.tolerance.rel),
        unit=model.unit,
        scheme=model.scheme,
    )
    if form == "exam":
        exam = _in_exam_form(template, ctx, question, claims, random.Random(f"{template.id}/{seed}/exam"))
        # The wrong-answer feedback names the exam's own options and the beliefs behind each.
        return replace(exam, explanation=explain(template, ctx, variant, exam.options, exam.beliefs, rules, views,
                                                 claims=claims is not None))
    return question


def _claims(template: Template, ctx: dict[str, Any]) -> list[tuple[str, bool]]:
    if template.exam_claims is None:
        raise VariantError(f"{template.where('exam')}: exam.claims: a true_false template needs claims for its "
                           "exam form: an expression giving [text, truth] pairs")
    return _claim_pairs(template, _evaluate(template, ("exam", "claims"), template.exam_claims, ctx))


def _claim_pairs(template: Template, value: Any) -> list[tuple[str, bool]]:
    try:
        pairs = [(str(text), bool(truth)) for text, truth in value]
    except (TypeError, ValueError):
        raise VariantError(f"{template.where('exam')}: exam.claims: gives {value!r}, not a list of "
                           "[text, truth] pairs") from None
    return pairs


def _claims_under(template: Template, variant: Variant, semantics: Semantics) -> list[tuple[str, bool]]:
    runs = _belief_runs(variant, semantics)
    ctx = variant.context(runs, record=False, semantics=semantics)
    return _claim_pairs(template, _evaluate(template, ("exam", "claims"), template.exam_claims, ctx))


def _settled_claims(template: Template, variant: Variant, claims: list[tuple[str, bool]],
                    rules: tuple[str, ...]) -> list[tuple[str, bool, tuple[str, ...]]]:
    """The claims whose truth no other reading of an open rule changes, each with the beliefs
    under which it is true (a false claim a belief makes true is that belief's wrong option)."""
    if unconfirmed(rules):
        raise Redraw(f"the claims rest on {', '.join(unconfirmed(rules))}, which the documentation leaves open")
    settled = [True] * len(claims)
    for reading in readings_of(rules):
        try:
            other = _claims_under(template, variant, reading.semantics)
        except (LakedrillInputError, VariantError):
            raise Redraw(f"the claims cannot be judged if {reading.text} ({reading.rule})") from None
        for i, ((_, truth), (_, again)) in enumerate(zip(claims, other)):
            settled[i] = settled[i] and truth == again
    believers: list[list[str]] = [[] for _ in claims]
    for misconception_id in template.model.misconceptions:
        try:
            under = _claims_under(template, variant, MISCONCEPTIONS[misconception_id].semantics)
        except (LakedrillInputError, VariantError):
            continue
        for i, ((_, truth), (_, believed)) in enumerate(zip(claims, under)):
            if believed and not truth:
                believers[i].append(misconception_id)
    return [(text, truth, tuple(believers[i])) for i, (text, truth) in enumerate(claims) if settled[i]]


def _in_exam_form(template: Template, ctx: dict[str, Any], question: Question, claims, rng: random.Random) -> Question:
    from lakedrill.variants.exam import NoExamForm, claims_form, exam_form

    try:
        if claims is not None:
            ask = (render(template, "exam", template.exam_ask, ctx) if template.exam_ask is not None
                   else "Which statement is true?")
            exam = claims_form(question, claims, ask, rng)
        else:
            exam = exam_form(question, rng)
            if template.exam_ask is not None:
                from lakedrill.variants.exam import strip_instruction

                exam = replace(exam, stem=strip_instruction(question.stem) + "\n\n"
                               + render(template, "exam", template.exam_ask, ctx))
    except NoExamForm as why:
        raise Redraw(f"no exam form: {why}") from None
    return exam


def answer_under(template: Template, variant: Variant, semantics: Semantics) -> Any:
    """The template's answer for this variant under other semantics (a belief, a reading)."""
    runs = _belief_runs(variant, semantics)
    return _evaluate(template, ("answer",), template.answer,
                     variant.context(runs, record=False, semantics=semantics))


def confirm_key(template: Template, variant: Variant, key: Any, rules: tuple[str, ...]) -> None:
    """No key rests on an unconfirmed rule: every other reading of the open rules it rests on
    (lakedrill.engine.readings) gives the same key, or the variant is drawn again."""
    unchecked = unconfirmed(rules)
    if unchecked:
        raise Redraw(f"the key rests on {', '.join(unchecked)}, which the documentation leaves open")
    for reading in readings_of(rules):
        try:
            other = answer_under(template, variant, reading.semantics)
        except (LakedrillInputError, VariantError):
            raise Redraw(f"the key cannot be computed if {reading.text} ({reading.rule})") from None
        if differs(template, other, key):
            raise Redraw(f"the key changes if {reading.text} ({reading.rule})")


def tested_rule_decides(template: Template, key: Any, beliefs: list[tuple[str, Any]]) -> None:
    """Every variant exercises the rule its template is about: a belief that contradicts a tested
    rule predicts another key, or the variant is drawn again."""
    tested = template.model.tests
    if not tested:
        return
    if not any(MISCONCEPTIONS[m].contradicts in tested and differs(template, value, key) for m, value in beliefs):
        raise Redraw(f"no belief against {', '.join(tested)} predicts another key: the tested rule does not "
                     "decide it")


def differs(template: Template, belief: Any, key: Any) -> bool:
    """Whether a belief's prediction is a wrong answer (and so worth naming in feedback)."""
    kind = template.kind
    if kind == "numeric":
        if not isinstance(belief, int | float):
            return True
        tol = template.model.tolerance
        return not math.isclose(belief, key, abs_tol=tol.abs, rel_tol=tol.rel)
    if kind == "set":
        return set(belief) != set(key)
    if kind == "order":
        return isinstance(belief, OrderKey) and not key.is_right(belief.one_right_order())
    if kind == "true_false":
        return bool(belief) != bool(key)
    return normalize(belief) != normalize(key)


def _option_text(template: Template, ctx: dict[str, Any], value: Any) -> str:
    if template.kind in ("numeric",):
        if not isinstance(value, int | float) or isinstance(value, bool):
            return "no number" if value is None else str(value)
        return quantity(value, template.model.unit)  # 1 email, 2 emails, 1 minute, $3.80
    if template.kind == "order" and isinstance(value, OrderKey):
        return " → ".join(value.one_right_order())
    if template.kind == "true_false":
        return "True" if value else "False"
    if template.kind == "set":
        return ", ".join(value) if value else "(none)"
    if template.kind == "multi":
        texts = [render(template, "option", template.option, {**ctx, "value": item}) for item in value]
        return "; ".join(texts) if texts else "(none)"
    return render(template, "option", template.option, {**ctx, "value": value})


def _options(template: Template, rng: random.Random, ctx: dict[str, Any], key: Any,
             beliefs: list[tuple[str, Any]]) -> tuple[tuple[Option, ...], Any, tuple[str, ...]]:
    kind = template.kind
    model = template.model
    if kind == "single":
        key_text = _option_text(template, ctx, key)
        by_text: dict[str, list[Any]] = {}
        for misconception_id, value in beliefs:
            text = _option_text(template, ctx, value)
            if text != key_text:
                by_text.setdefault(text, [value, []])[1].append(misconception_id)
        wrong = [Option(text, False, tuple(ids), value) for text, (value, ids) in by_text.items()]
        for i, compiled in enumerate(template.distractors):
            if len(wrong) >= model.options - 1:
                break
            value = _evaluate(template, ("distractors", i), compiled, {**ctx})
            text = _option_text(template, ctx, value)
            if text != key_text and all(text != o.text for o in wrong):
                wrong.append(Option(text, False, (), value))
        if len(wrong) < model.options - 1:
            raise Redraw(f"only {len(wrong) + 1} distinct options; {model.options} are needed")
        # Beliefs first (they are the point of the question), then filler, cut to size.
        chosen = wrong[: model.options - 1] + [Option(key_text, True, (), key)]
        rng.shuffle(chosen)
        return tuple(chosen), key, ()
    if kind == "true_false":
        truth = bool(key)
        against = tuple(m for m, value in beliefs if bool(value) != truth)
        options = (Option("True", truth, () if truth else against, True),
                   Option("False", not truth, against if truth else (), False))
        return options, truth, ()
    if kind == "multi":
        items = list(_evaluate(template, ("choices",), template.choices, ctx))
        right = set(key)
        unknown = right - set(items)
        if unknown:
            raise VariantError(f"{template.where('answer')}: answer: {sorted(unknown)} are not among the choices")
        options = []
        for item in items:
            ids = tuple(m for m, value in beliefs if (item in set(value)) != (item in right))
            text = render(template, "option", template.option, {**ctx, "value": item})
            options.append(Option(text, item in right, ids, item))
        if len({o.text for o in options}) != len(options):
            raise Redraw("two choices read the same")
        return tuple(options), tuple(k for k in items if k in right), ()
    universe = tuple(_evaluate(template, ("choices",), template.choices, ctx)) if template.choices else ()
    if kind == "numeric":
        if not isinstance(key, int | float) or isinstance(key, bool):
            raise VariantError(f"{template.where('answer')}: answer: a numeric question needs a number, not {key!r}")
        return (), key, universe
    if kind == "set":
        return (), tuple(k for k in universe if k in set(key)) if universe else tuple(key), universe
    if not isinstance(key, OrderKey):
        raise VariantError(f"{template.where('answer')}: answer: an order question needs an order "
                           "(run.start_order, job.dependency_order(...)), not {key!r}")
    return (), key, universe

