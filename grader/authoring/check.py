"""`lakedrill check`: property-test every template of the bank with hypothesis.

For every variant: it renders, its key comes from the engine, a single-choice question has exactly
one right option and no two options read alike, every wrong option grades wrong and the key grades
right, garbage does not parse, the explanation names every rule the key rests on, every rule id it
cites is in the rulebook, a premise it rests on is declared in `assumes:`, the key is the same under
every other reading of the open rules it rests on (lakedrill.engine.readings), and a belief against a rule
of `tests:` predicts another key (the tested rule decides it). Across variants: no option position
holds the key too often and the key is not the longest option too often. `examples:` must hold.
"""

from __future__ import annotations

import math
import time
from collections import Counter
from dataclasses import dataclass, field

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lakedrill.engine.describe import outline
from lakedrill.engine.misconceptions import MISCONCEPTIONS
from lakedrill.engine.readings import READINGS, open_rule
from lakedrill.engine.rulebook import RULES
from lakedrill.variants.explanation import EXEMPT
from lakedrill.variants.generate import VariantError, answer_under, differs, draw_again, generate, normalize
from lakedrill.variants.grading import ParseError, Response, grade, parse
from lakedrill.variants.question import LETTERS, Question
from lakedrill.templates.spec import Template
from lakedrill.variants.views import OrderKey

DISTRIBUTION_VARIANTS = 400
GARBAGE = "zz-not-an-answer-zz"


class VariantFailure(AssertionError):
    def __init__(self, seed: int, message: str, question: Question | None = None):
        self.seed = seed
        self.question = question
        super().__init__(message)


@dataclass
class Report:
    template: Template
    variants: int = 0
    examples: int = 0
    seconds: float = 0.0
    failures: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.failures


def max_share(options: int) -> float:
    """The most a single position may hold the key: 40% for 4 options (issue 3), scaled."""
    return 1 / options + 0.15


def check_template(template: Template, examples: int = 100) -> Report:
    report = Report(template)
    started = time.perf_counter()
    _check_examples(template, report)
    _check_variants(template, examples, report)
    if template.kind in ("single", "true_false") and not report.failures:
        _check_distribution(template, report)
    if not report.failures:
        _check_exam_forms(template, examples, report)
    if not report.failures:
        _check_exam_distribution(template, report)
    report.seconds = time.perf_counter() - started
    return report


# The practice stem's instructions for the richer answer forms, which an exam form must not keep.
PRACTICE_ONLY = ("select all that apply", "list their names", "true or false", "separated by commas")


def exam_problem(template: Template, question: Question) -> str | None:
    """What is wrong with one exam-form variant, or None: the exam's own form, one right option,
    every option grading as it is, no practice instruction left in the stem."""
    if question.kind != "single" or question.form != "exam":
        return f"the exam form is a {question.kind} question in the {question.form} form; it must be single choice"
    if not 4 <= len(question.options) <= 5:
        return f"the exam form has {len(question.options)} options; the exam asks 4 (5 at most)"
    texts = [o.text for o in question.options]
    if len(set(texts)) != len(texts):
        return f"two options of the exam form read the same: {texts}"
    if sum(o.correct for o in question.options) != 1:
        return f"{sum(o.correct for o in question.options)} options of the exam form are right; exactly one must be"
    lowered = question.stem.lower()
    left = [p for p in PRACTICE_ONLY if p in lowered]
    if left:
        return (f"the exam form's stem still says '{left[0]}': give exam.ask ({template.where('exam')}) or end "
                "the stem with the question alone")
    for option in question.options:
        unknown = [m for m in option.misconceptions if m not in template.model.misconceptions]
        if unknown:
            return f"option '{option.text}' names beliefs the template does not list: {unknown}"
    for i, option in enumerate(question.options):
        score = grade(question, Response("single", i, LETTERS[i]))
        if score.correct != option.correct:
            return f"exam option {LETTERS[i]} ({option.text}) grades {score.points} but is " \
                   f"{'right' if option.correct else 'wrong'}"
    if not isinstance(parse(question, GARBAGE), ParseError):
        return f"'{GARBAGE}' parses as an answer to the exam form"
    return None


def _check_exam_forms(template: Template, examples: int, report: Report) -> None:
    @settings(max_examples=examples, derandomize=True, database=None, deadline=None,
              suppress_health_check=list(HealthCheck), report_multiple_bugs=False)
    @given(st.integers(min_value=0, max_value=2**31 - 1))
    def exam_form_holds(seed: int) -> None:
        try:
            question = generate(template, seed, form="exam")
        except VariantError as error:
            raise VariantFailure(seed, f"exam form: {error}") from None
        except Exception as error:  # a bug, in lakedrill or the template: report it, do not crash check
            raise VariantFailure(seed, f"exam form: internal error: {type(error).__name__}: {error}") from None
        problem = exam_problem(template, question)
        if problem:
            raise VariantFailure(seed, problem, question)

    try:
        exam_form_holds()
    except VariantFailure as failure:
        report.failures.append(f"{template.where('exam')}: seed {failure.seed} (lakedrill show {template.id} "
                               f"--seed {failure.seed} --format exam): {failure}")


def longest_share(options: int) -> float:
    """The most often the key may be the longest option: 1.5 times chance."""
    return 1.5 / options


def _check_exam_distribution(template: Template, report: Report) -> None:
    positions: Counter[int] = Counter()
    longest = count = 0
    widths: set[int] = set()
    for seed in range(DISTRIBUTION_VARIANTS):
        try:
            question = generate(template, seed, form="exam")
        except VariantError as error:
            report.failures.append(f"{template.where('exam')}: seed {seed}: exam form: {error}")
            return
        count += 1
        widths.add(len(question.options))
        index = next(i for i, o in enumerate(question.options) if o.correct)
        positions[index] += 1
        lengths = [len(o.text) for o in question.options]
        if lengths[index] == max(lengths) and lengths.count(max(lengths)) == 1:
            longest += 1
    options = min(widths)
    for index, n in sorted(positions.items()):
        if n / count > max_share(options):
            report.failures.append(f"{template.where('exam')}: in the exam form the key is {LETTERS[index]} in {n} of "
                                   f"{count} variants (more than {max_share(options):.0%}): a learner could guess it")
    if longest / count > longest_share(options):
        report.failures.append(f"{template.where('exam')}: in the exam form the key is the longest option in "
                               f"{longest} of {count} variants (more than {longest_share(options):.1%}, 1.5 times "
                               "chance): make the options alike in length")


def _check_examples(template: Template, report: Report) -> None:
    for i, example in enumerate(template.model.examples):
        where = f"{template.path}:{template.lines.get('examples', template.line)}"
        try:
            question = generate(template, 0, fixed=example.params)
        except Exception as error:  # noqa: BLE001 - report any failure of an example, with its name
            report.failures.append(f"{where}: examples[{i}] ({example.name}): {error}")
            continue
        try:
            matches = key_matches(question, example.expect)
        except (TypeError, ValueError):  # an expect of the wrong shape for the kind: it cannot match
            matches = False
        if not matches:
            report.failures.append(f"{where}: examples[{i}] ({example.name}): expected {example.expect!r}, "
                                   f"the engine says {question.key_text!r}")
        report.examples += 1


def key_matches(question: Question, expected) -> bool:
    key = question.key
    if isinstance(key, OrderKey):
        return key.is_right([str(x) for x in expected])
    if question.kind == "numeric":
        return math.isclose(float(key), float(expected), abs_tol=question.tolerance[0] or 1e-9,
                            rel_tol=question.tolerance[1])
    if question.kind == "set":
        return set(key) == set(expected)
    if question.kind == "true_false":
        return bool(key) is bool(expected)
    return normalize(key) == normalize(expected)


def _check_variants(template: Template, examples: int, report: Report) -> None:
    @settings(max_examples=examples, derandomize=True, database=None, deadline=None,
              suppress_health_check=list(HealthCheck), report_multiple_bugs=False)
    @given(st.integers(min_value=0, max_value=2**31 - 1))
    def variant_holds(seed: int) -> None:
        report.variants += 1
        try:
            question = generate(template, seed)
        except VariantError as error:
            raise VariantFailure(seed, str(error)) from None
        except Exception as error:  # a bug, in lakedrill or the template: report it, do not crash check
            raise VariantFailure(seed, f"internal error: {type(error).__name__}: {error}") from None
        problem = variant_problem(template, question)
        if problem:
            raise VariantFailure(seed, problem, question)

    try:
        variant_holds()
    except VariantFailure as failure:
        lines = [f"{template.where()}: seed {failure.seed} "
                 f"(lakedrill show {template.id} --seed {failure.seed}): {failure}"]
        if failure.question is not None and failure.question.job is not None:
            lines.append("  job:\n" + "\n".join("    " + line for line in outline(failure.question.job).splitlines()))
        report.failures.append("\n".join(lines))


def variant_problem(template: Template, question: Question) -> str | None:
    """What is wrong with one variant, or None."""
    kind = question.kind
    if question.options:
        texts = [o.text for o in question.options]
        if len(set(texts)) != len(texts):
            return f"two options read the same: {texts}"
        right = [o for o in question.options if o.correct]
        if kind in ("single", "true_false") and len(right) != 1:
            return f"{len(right)} options are right; exactly one must be"
        for i, option in enumerate(question.options):
            if kind in ("single", "true_false"):
                score = grade(question, Response(kind, i, LETTERS[i]))
                if score.correct != option.correct or (not option.correct and score.points != 0):
                    return f"option {LETTERS[i]} ({option.text}) grades {score.points} but is {'right' if option.correct else 'wrong'}"
        if kind == "multi":
            key = Response(kind, frozenset(i for i, o in enumerate(question.options) if o.correct), "key")
            if not grade(question, key).correct:
                return "the key does not grade right"
    else:
        answer = _key_response(question)
        if not grade(question, answer).correct:
            return f"the key ({question.key_text}) does not grade right"
        for belief in question.beliefs:
            wrong = _belief_response(question, belief.value)
            if wrong is not None and grade(question, wrong).correct:
                return f"the belief '{belief.misconception}' predicts {belief.text}, which grades right"
    if not isinstance(parse(question, GARBAGE), ParseError):
        return f"'{GARBAGE}' parses as an answer"
    cited = list(question.rules) + [r for step in question.trace for r in step.rules]
    unknown = sorted({r for r in cited if r not in RULES})
    if unknown:
        return f"the question cites rules the rulebook does not have: {', '.join(unknown)}"
    for rule_id in question.rules:
        if rule_id in EXEMPT:
            continue
        if RULES[rule_id].statement not in question.explanation:
            return f"the explanation does not state rule '{rule_id}', which the key rests on"
        if RULES[rule_id].premise and rule_id not in template.model.assumes:
            return (f"the key rests on the premise '{rule_id}' ({RULES[rule_id].statement}); declare it in "
                    f"assumes: ({template.where('assumes')}) and state it in the stem")
        if open_rule(rule_id) and rule_id not in READINGS:
            return f"the key rests on '{rule_id}', which the documentation leaves open and no reading checks"
    return _readings_problem(template, question) or _tested_rule_problem(template, question)


def _readings_problem(template: Template, question: Question) -> str | None:
    """Recomputed here, apart from generation: the key under every other reading of the open rules
    it rests on."""
    variant = draw_again(template, question)
    if variant is None:
        return None
    for rule_id in question.rules:
        if not open_rule(rule_id):
            continue
        for reading in READINGS.get(rule_id, ()):
            try:
                other = answer_under(template, variant, reading.semantics)
            except Exception:  # noqa: BLE001 - a reading that cannot compute a key cannot confirm it
                return f"the key cannot be computed if {reading.text} ({rule_id})"
            if differs(template, other, variant.key):
                return f"the key changes if {reading.text} ({rule_id}): {other!r} instead of {variant.key!r}"
    return None


def _tested_rule_problem(template: Template, question: Question) -> str | None:
    tested = template.model.tests
    if not tested:
        return f"the template does not say which rules it tests: declare them in tests: ({template.where()})"
    against = [b for b in question.beliefs if MISCONCEPTIONS[b.misconception].contradicts in tested]
    if not against:
        return (f"no belief against {', '.join(tested)} predicts another key in this variant: the tested rule "
                "does not decide it")
    return None


def _key_response(question: Question) -> Response:
    if question.kind == "numeric":
        return Response("numeric", float(question.key), "key")
    if question.kind == "set":
        return Response("set", frozenset(question.key), "key")
    return Response("order", tuple(question.key.one_right_order()), "key")


def _belief_response(question: Question, value) -> Response | None:
    if question.kind == "numeric" and isinstance(value, int | float):
        return Response("numeric", float(value), "belief")
    if question.kind == "set" and isinstance(value, list | tuple):
        return Response("set", frozenset(value), "belief")
    if question.kind == "order" and isinstance(value, OrderKey):
        return None  # a belief's order can also respect the truth's; it only feeds feedback
    return None


def _check_distribution(template: Template, report: Report) -> None:
    positions: Counter[int] = Counter()
    longest = 0
    count = 0
    for seed in range(DISTRIBUTION_VARIANTS):
        try:
            question = generate(template, seed)
        except VariantError as error:
            report.failures.append(f"{template.where()}: seed {seed}: {error}")
            return
        count += 1
        index = next(i for i, o in enumerate(question.options) if o.correct)
        positions[index] += 1
        lengths = [len(o.text) for o in question.options]
        if lengths[index] == max(lengths) and lengths.count(max(lengths)) == 1:
            longest += 1
    options = len(question.options)
    limit = max_share(options)
    label = "answer" if template.kind == "true_false" else "position"
    for index, n in sorted(positions.items()):
        if n / count > limit:
            name = question.options[index].text if template.kind == "true_false" else LETTERS[index]
            report.failures.append(f"{template.where()}: the key is {label} {name} in {n} of {count} variants "
                                   f"(more than {limit:.0%}): a learner could guess it")
    if template.kind == "single" and longest / count > limit:
        report.failures.append(f"{template.where('option')}: the key is the longest option in {longest} of {count} "
                               f"variants (more than {limit:.0%}): make the options alike in length")


EXAM_SEEDS = (1, 2, 3)
LETTER_SHARE = (0.15, 0.35)  # each letter is the key this often over a whole mock exam


def mock_exam_problems(templates, blueprint, seeds=EXAM_SEEDS) -> list[str]:
    """Whole mock exams as `quiz --exam` asks them: the blueprint's count of single-answer questions with
    4-5 options, and every letter the key 15-35% of the time."""
    from lakedrill.variants.selection import mock_exam

    problems: list[str] = []
    for seed in seeds:
        skipped: list[str] = []
        exam = mock_exam(templates, seed, blueprint, on_skip=skipped.append)
        where = f"mock exam of seed {seed} (lakedrill export json --exam --seed {seed})"
        if len(exam) != blueprint.questions:
            problems.append(f"{where}: {len(exam)} questions, the blueprint asks {blueprint.questions}; "
                            + "; ".join(skipped[:3]))
        bad = [q.id for q in exam if q.kind != "single" or not 4 <= len(q.options) <= 5]
        if bad:
            problems.append(f"{where}: not in the exam's form: {', '.join(bad[:5])}")
        if not exam:
            continue
        letters = Counter(next(i for i, o in enumerate(q.options) if o.correct) for q in exam)
        for letter in range(4):
            share = letters[letter] / len(exam)
            if not LETTER_SHARE[0] <= share <= LETTER_SHARE[1]:
                problems.append(f"{where}: {LETTERS[letter]} is the key in {letters[letter]} of {len(exam)} "
                                f"questions ({share:.0%}; each letter must hold it 15-35% of the time)")
    return problems
