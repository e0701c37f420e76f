"""The learner's session as a person meets it: starting a quiz, answering, ending it (piped input;
tests/grader/test_quiz_terminal.py drives the real terminal)."""

from datetime import date, timedelta

import pytest
from click.testing import CliRunner

from lakedrill.cli import main
from lakedrill.templates.concepts import UnknownConcept, resolve


def run(tmp_path, *args, input=""):
    return CliRunner().invoke(main, [*args, "--data-dir", str(tmp_path)] if args[0] in ("quiz", "plan", "stats")
                              else list(args), input=input, env={"COLUMNS": "160"})


@pytest.mark.parametrize("typed, meant", [
    ("repair", "repair-vs-run-now"), ("retries", "retries-and-timeouts"), ("for each", "for-each"),
    ("timeouts", "retries-and-timeouts"), ("Run if", "run-if"), ("if else", "condition-task"),
    ("alerts", "alerts"), ("task values", "task-values-and-references")])
def test_a_concept_is_found_by_the_words_a_learner_types(typed, meant):
    assert resolve(typed) == meant


def test_an_unknown_concept_gets_did_you_mean_and_the_list():
    with pytest.raises(UnknownConcept, match="did you mean 'retries-and-timeouts'.*concepts: pipeline-vs-job"):
        resolve("retires")


@pytest.mark.parametrize("command", [["quiz", "--plain", "-n", "1", "--seed", "1"],
                                     ["print", "-n", "1", "-o", "set.md"], ["export", "json", "-n", "1"]])
def test_every_command_with_concept_takes_the_words(tmp_path, monkeypatch, command):
    monkeypatch.chdir(tmp_path)
    if True:
        args = command + ["--concept", "repair"] + (["--data-dir", str(tmp_path)] if command[0] == "quiz" else [])
        result = CliRunner().invoke(main, args, input="quit\n")
        assert result.exit_code == 0, result.output
        bad = CliRunner().invoke(main, command + ["--concept", "alrets"])
        assert bad.exit_code == 2
        assert "did you mean 'alerts'?" in bad.output


def test_exam_date_without_review_is_refused_in_one_line(tmp_path):
    result = run(tmp_path, "quiz", "--plain", "--exam-date", (date.today() + timedelta(days=30)).isoformat())
    assert result.exit_code == 2
    assert result.output.strip().count("\n") == 0
    assert "add --review" in result.output


@pytest.mark.parametrize("command", [["quiz", "--plain", "--review"], ["plan"]])
def test_an_exam_date_in_the_past_is_refused(tmp_path, command):
    result = run(tmp_path, *command, "--exam-date", "1999-01-01")
    assert result.exit_code == 2
    assert "1999-01-01 has passed" in result.output


def test_the_replay_hint_carries_every_option_that_shapes_the_quiz(tmp_path):
    first = run(tmp_path, "quiz", "--plain", "-n", "2", "--concept", "for each", "--format", "exam", "--seed", "9",
                input="quit\n")
    assert first.exit_code == 0, first.output
    hint = "lakedrill quiz --seed 9 -n 2 --concept for-each --format exam"
    assert hint in first.output
    again = run(tmp_path, *hint.split()[1:], "--plain", input="quit\n")
    assert again.output.split("╭", 1)[1] == first.output.split("╭", 1)[1]
    exam = run(tmp_path, "quiz", "--plain", "--exam", "-n", "3", "--minutes", "5", "--seed", "2", input="quit\n")
    assert "lakedrill quiz --seed 2 -n 3 --exam --minutes 5" in exam.output


def first_question(kind):
    """A seed whose first practice question is of `kind` (deterministic)."""
    from lakedrill.templates import bank
    from lakedrill.variants.selection import make_questions, spread

    templates = bank.load()
    return next((seed, q) for seed in range(200) for q in make_questions(spread(templates, 1, seed))[0][:1]
                if q.kind == kind)


def test_a_typed_number_that_is_not_one_gets_an_example(tmp_path):
    seed, question = first_question("numeric")
    result = run(tmp_path, "quiz", "--plain", "-n", "1", "--seed", str(seed), input="b\nquit\n")
    assert f"Type a number, such as" in result.output
    assert "is not a number: a number" not in result.output
    if question.unit:
        assert f"({question.unit})" in result.output


def test_quitting_with_nothing_answered_stores_nothing(tmp_path):
    result = run(tmp_path, "quiz", "--plain", "-n", "3", "--seed", "1", input="quit\n")
    assert result.exit_code == 0
    assert "No answers given; nothing stored" in result.output
    assert "Score" not in result.output
    stopped = run(tmp_path, "quiz", "--plain", "-n", "3", "--seed", "1", input="")
    assert stopped.exit_code == 130
    assert "No answers given; nothing stored" in stopped.output


def test_piped_input_does_not_wait_after_feedback(tmp_path):
    from tests.grader.templates import key_answer
    from lakedrill.templates import bank
    from lakedrill.variants.selection import make_questions, spread

    questions = make_questions(spread(bank.load(), 2, 4))[0]
    result = run(tmp_path, "quiz", "--plain", "-n", "2", "--seed", "4",
                 input="\n".join(key_answer(q) for q in questions) + "\n")
    assert result.exit_code == 0, result.output
    assert "Press Enter" not in result.output
    assert result.output.count("✓ Right.") == 2


def test_an_order_key_shows_its_ties_and_accepts_them_typed():
    from lakedrill.templates import bank
    from lakedrill.variants.generate import generate
    from lakedrill.variants.grading import grade, parse

    template = next(t for t in bank.load() if t.model.kind == "order")
    question = next(q for q in (generate(template, s) for s in range(50))
                    if any(len(g) > 1 for g in q.key.ties()))
    groups = question.key.ties()
    assert " (together)" in question.key_text
    typed = ", ".join(" and ".join(reversed(g)) for g in groups)
    assert grade(question, parse(question, typed)).correct
    assert grade(question, parse(question, question.key_text)).correct
    wrong_tie = " + ".join(groups[0] + groups[1]) + ", " + ", ".join(" and ".join(g) for g in groups[2:])
    assert not grade(question, parse(question, wrong_tie)).correct


def test_a_history_of_the_first_schema_is_migrated_and_keeps_every_answer(tmp_path):
    import sqlite3

    from lakedrill.session.history import LATEST, MIGRATIONS, History

    db = sqlite3.connect(tmp_path / "history.sqlite3")
    db.executescript(MIGRATIONS[0])
    db.execute("INSERT INTO sessions (started_at, mode, seed, planned) VALUES ('2026-01-01T10:00:00+00:00', "
               "'exam', 1, 45)")
    db.execute("INSERT INTO answers (session_id, position, answered_at, template_id, seed, concept, kind, response,"
               " correct, points, misconception, seconds) VALUES (1, 1, '2026-01-01T10:02:00+00:00', 't', 1,"
               " 'run-if', 'single', 'A', 1, 1.0, NULL, 150.0)")
    db.execute("PRAGMA user_version = 1")
    db.commit()
    db.close()
    with History.open(tmp_path) as history:
        assert history._db.execute("PRAGMA user_version").fetchone()[0] == LATEST
        [row] = history.answers()
        assert row.seconds == 150.0
        assert history.sessions()[0]["minutes"] is None
    result = run(tmp_path, "stats", "--json")
    import json

    pace = json.loads(result.output)["pace"]
    assert pace == {"exam_seconds_per_question": 150.0, "practice_seconds_per_question": None,
                    "allowed_seconds_per_question": 120.0}
    assert "150 s a question in mock exams; the exam allows 120 s a question — slower" in run(tmp_path, "stats").output


def test_an_exam_stores_its_time_limit_and_the_time_spent_on_each_question(tmp_path):
    result = run(tmp_path, "quiz", "--plain", "--exam", "-n", "2", "--minutes", "10", "--seed", "3",
                 input="n\nb\na\ndone\n")
    assert result.exit_code == 0, result.output
    from lakedrill.session.history import History

    with History.open(tmp_path) as history:
        assert history.sessions()[0]["minutes"] == 10
        assert len(history.answers()) == 2
    import json

    pace = json.loads(run(tmp_path, "stats", "--json").output)["pace"]
    assert pace["allowed_seconds_per_question"] == 300
    assert pace["exam_seconds_per_question"] is not None


def test_the_exam_result_comes_first_and_last_and_review_wrong_shows_only_the_missed(tmp_path):
    from lakedrill.templates import bank
    from lakedrill.variants.selection import mock_exam

    templates = bank.load()
    questions = mock_exam(templates, 5, bank.blueprint(None, templates), 3)
    right = questions[0].correct_labels[0]
    wrong = next(label for label in "ABCD" if label != questions[1].correct_labels[0])
    typed = f"{right}\n{wrong}\n{right}\ndone\n"
    full = run(tmp_path, "quiz", "--plain", "--exam", "-n", "3", "--seed", "5", input=typed)
    assert full.exit_code == 0, full.output
    result = full.output[full.output.index("Score:"):]
    assert result.count("Score:") == 2
    last = result[result.rindex("Score:"):]
    assert "NOT YET" in last and "Weakest this time" in last and "Review of" not in last
    assert "Review of every question" in result and result.count("Question 1 of 3") == 1
    only = run(tmp_path / "again", "quiz", "--plain", "--exam", "-n", "3", "--seed", "5", "--review-wrong",
               input=typed)
    review = only.output[only.output.index("Review of the questions you missed"):]
    assert "Question 2 of 3" in review and "Question 1 of 3" not in review


def test_the_closing_line_names_the_weakest_concept_and_the_next_review(tmp_path):
    result = run(tmp_path, "quiz", "--plain", "-n", "2", "--seed", "24", input="b\nquit\n")
    line = result.output.rstrip().splitlines()
    text = " ".join(line[-3:])
    assert "Weakest this time:" in text and "lakedrill quiz --concept" in text
    assert "Next review due in" in text or "A review is due now" in text
