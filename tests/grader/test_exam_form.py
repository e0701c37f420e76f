"""The exam's own form: every template asks one stem with four options, exactly one right; the mock
exam follows the bank's blueprint and spreads its key letters; exports ask what the quiz asks."""

from __future__ import annotations

import json
from collections import Counter

import pytest
from click.testing import CliRunner

from lakedrill.templates import bank
from lakedrill.cli import main
from lakedrill.variants.exam import levels, order_text, plausible_numbers, set_text
from lakedrill.variants.generate import generate
from lakedrill.session.history import History
from lakedrill.variants.question import LETTERS
from lakedrill.variants.selection import mock_exam
from lakedrill.variants.views import OrderKey

TEMPLATES = {t.id: t for t in bank.load()}
BLUEPRINT = bank.blueprint(None, list(TEMPLATES.values()))


def exam_of(template_id: str, example: int = 0):
    template = TEMPLATES[template_id]
    return generate(template, 0, fixed=template.model.examples[example].params, form="exam")


def right(question) -> str:
    return next(o.text for o in question.options if o.correct)


def wrong_beliefs(question) -> set[str]:
    return {m for o in question.options if not o.correct for m in o.misconceptions}


def test_every_template_has_an_exam_form():
    for template in TEMPLATES.values():
        question = generate(template, 7, form="exam")
        assert question.kind == "single" and question.form == "exam", template.id
        assert 4 <= len(question.options) <= 5, template.id
        assert sum(o.correct for o in question.options) == 1, template.id


def test_numeric_exam_form_of_the_critical_path():
    # Worked by hand (https://docs.databricks.com/aws/en/jobs/run-if, independent tasks run in parallel):
    # the example's job is bronze (120 s) then silver and audit in parallel, then gold; the key is its
    # critical path, and the belief that tasks run one after another predicts the sum of all durations.
    template = TEMPLATES["task-graph-total-duration"]
    example = template.model.examples[0]
    practice = generate(template, 0, fixed=example.params)
    question = exam_of("task-graph-total-duration")
    assert right(question) == f"{practice.key:g} seconds"
    believed = {o.text: o.misconceptions for o in question.options if not o.correct}
    assert any(b.text in believed and b.misconception in believed[b.text] for b in practice.beliefs)
    assert len({o.text for o in question.options}) == 4


def test_set_exam_form_names_whole_sets_of_tasks():
    # A repair with rerun_tasks and rerun_dependent_tasks reruns the named task and everything downstream of
    # it (https://docs.databricks.com/api/workspace/jobs/repairrun); each option is a whole set.
    template = TEMPLATES["repair-rerun-dependent-tasks"]
    practice = generate(template, 0, fixed=template.model.examples[0].params)
    question = exam_of("repair-rerun-dependent-tasks")
    assert right(question) == set_text(practice.key, practice.universe)
    assert "Which option names all of them, and no other task?" in question.stem
    assert "separated by commas" not in question.stem


def test_order_exam_form_shows_ties_as_starting_together():
    key = OrderKey(("a", "b", "c", "d"), frozenset({("a", "b"), ("a", "c"), ("a", "d"), ("b", "d"), ("c", "d")}))
    assert levels(key) == [["a"], ["b", "c"], ["d"]]
    assert order_text(key) == "`a` → `b` and `c` → `d`"
    question = exam_of("task-graph-start-order")
    assert sum(o.correct for o in question.options) == 1
    assert all("→" in o.text for o in question.options)


def test_multi_exam_form_lists_whole_answers():
    # Under the legacy recipe (https://docs.databricks.com/aws/en/jobs/continuous: "an unlimited retry policy and
    # a maximum of one concurrent run") the right option lists exactly those settings.
    template = TEMPLATES["streaming-legacy-recipe"]
    practice = generate(template, 0, fixed=template.model.examples[0].params)
    question = exam_of("streaming-legacy-recipe")
    expected = "; ".join(o.text for o in practice.options if o.correct)
    assert right(question) == expected
    assert "Select all" not in question.stem


def test_true_false_becomes_which_statement_is_true():
    # 12.0 == 12 is false: == compares text (https://docs.databricks.com/aws/en/jobs/tasks/if-else), so the
    # check takes its false branch and `load` is Excluded; the belief that == compares numbers makes the
    # "true branch" claim true, and it stands behind that option.
    question = exam_of("condition-compare-text-or-number")
    assert question.stem.endswith("Which statement about tonight's run is true?")
    assert "True or false" not in question.stem
    assert right(question) == "`check` has the outcome false, and `load` ends Excluded"
    believed = {o.text: o.misconceptions for o in question.options if not o.correct}
    assert "equality_compares_numbers" in believed["`check` has the outcome true, and the code of `load` runs"]


def test_plausible_numbers_stay_in_the_unit_and_never_repeat_the_key():
    import random

    for key, unit in ((330, "seconds"), (3.8, "dollars"), (2, "runs"), (-1, "")):
        values = plausible_numbers(key, unit, random.Random(1))
        assert key not in values and len(values) >= 3
        assert all(v >= 0 for v in values)
        if unit == "dollars":
            assert all(round(v, 2) == v for v in values)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_mock_exams_are_45_single_answer_questions_with_spread_letters(seed):
    exam = mock_exam(list(TEMPLATES.values()), seed, BLUEPRINT)
    assert len(exam) == 45 == BLUEPRINT.questions
    assert all(q.kind == "single" and q.form == "exam" and 4 <= len(q.options) <= 5 for q in exam)
    letters = Counter(next(i for i, o in enumerate(q.options) if o.correct) for q in exam)
    for letter in range(4):
        assert 0.15 <= letters[letter] / 45 <= 0.35, (seed, letters)
    concepts = Counter(q.concept for q in exam)
    assert dict(concepts) == dict(BLUEPRINT.concepts)


def test_the_same_seed_gives_the_same_letters_and_another_seed_moves_them():
    def letters(seed):
        return [LETTERS[next(i for i, o in enumerate(q.options) if o.correct)]
                for q in mock_exam(list(TEMPLATES.values()), seed, BLUEPRINT)]

    assert letters(5) == letters(5)
    assert letters(5) != letters(6)


def test_export_json_exam_writes_what_the_quiz_asks(tmp_path):
    exported = CliRunner().invoke(main, ["export", "json", "--exam", "--seed", "4"])
    assert exported.exit_code == 0, exported.output
    data = json.loads(exported.output)
    assert len(data) == 45
    assert all(q["kind"] == "single" and 4 <= len(q["options"]) <= 5 for q in data)
    assert all(sum(o["correct"] for o in q["options"]) == 1 and all("label" in o for o in q["options"])
               for q in data)
    # The quiz of the same seed, answered A every time and handed in: it asked the same questions in order.
    typed = "\n".join(["A"] * 45 + ["done"]) + "\n"
    quiz = CliRunner().invoke(main, ["quiz", "--exam", "--plain", "--seed", "4", "--data-dir", str(tmp_path)],
                              input=typed, env={"COLUMNS": "160"})
    assert quiz.exit_code == 0, quiz.output[-2000:]
    with History.open(tmp_path) as history:
        asked = [f"{a.template_id}@{a.seed}" for a in sorted(history.answers(), key=lambda a: a.position)]
    assert asked == [q["id"] for q in data]


def test_list_exam_shows_the_blueprint():
    result = CliRunner().invoke(main, ["list", "--exam", "--json"])
    data = json.loads(result.output)
    assert data["questions"] == 45 and data["minutes"] == 90 and data["pass_mark"] == 0.7
    assert sum(c["questions"] for c in data["concepts"]) == 45
    human = CliRunner().invoke(main, ["list", "--exam"], env={"COLUMNS": "120"})
    assert "Mock exam: 45 questions, 90 minutes, pass mark 70%" in human.output


def test_a_broken_blueprint_names_its_file_and_field(tmp_path):
    import shutil

    shutil.copytree(bank.bundled_bank() / "run-if", tmp_path / "run-if")
    (tmp_path / "blueprint.yaml").write_text("concepts: {run-if: 3, alerts: 2}\nminutes: -5\n")
    result = CliRunner().invoke(main, ["list", "--exam", "--bank", str(tmp_path)])
    assert result.exit_code == 2
    assert "blueprint.yaml: concepts.alerts: the bank has no template of this concept" in result.output
    assert "blueprint.yaml: minutes:" in result.output


def test_format_practice_does_not_go_with_exam():
    result = CliRunner().invoke(main, ["export", "json", "--exam", "--format", "practice"])
    assert result.exit_code == 2
