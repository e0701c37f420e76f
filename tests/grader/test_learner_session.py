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
