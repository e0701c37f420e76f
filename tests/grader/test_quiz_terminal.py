"""The quiz in a real terminal, driven as a person drives it: arrow keys, letters in a
multi-select, the pause after feedback, the exam's live countdown, time running out, Ctrl-C."""

import re

import pytest

pytest.importorskip("pexpect")
pytest.importorskip("pyte")

from lakedrill.session.history import History  # noqa: E402
from lakedrill.templates import bank  # noqa: E402
from lakedrill.variants.selection import make_questions, spread  # noqa: E402
from tests.grader.terminal import Terminal  # noqa: E402

TEMPLATES = bank.load()


def seed_where(test, n=2):
    """The first seed whose practice questions pass `test` (deterministic)."""
    return next(seed for seed in range(300) if test(make_questions(spread(TEMPLATES, n, seed))[0]))


def test_arrow_keys_pick_an_option_and_the_explanation_waits_for_enter(tmp_path):
    seed = seed_where(lambda qs: qs[0].kind == "single" and qs[0].correct_labels == ("B",))
    term = Terminal("quiz", "-n", "2", "--seed", str(seed), home=tmp_path)
    term.wait_for("Your answer to 1")
    term.press("down", "enter")  # the pointer starts on A: one step down is B
    term.wait_for("✓ Right.", where="log")
    screen = term.wait_for("Press Enter for the next question, or q to stop.")
    assert "Question 2 of 2" not in screen  # the feedback stays until the learner moves on
    term.press("enter")
    term.wait_for("Question 2 of 2")
    term.press("ctrl-c")
    assert term.exit_code() == 130


def test_typed_letters_tick_options_in_a_multi_select(tmp_path):
    seed = seed_where(lambda qs: qs[0].kind == "multi", n=1)
    [question] = make_questions(spread(TEMPLATES, 1, seed))[0]
    term = Terminal("quiz", "-n", "1", "--seed", str(seed), home=tmp_path)
    term.wait_for("type a letter or press space to tick it, Enter to answer")
    term.press(*[label.lower() for label in question.correct_labels], "enter")
    term.wait_for("✓ Right.", where="log")
    assert term.exit_code() == 0
    with History.open(tmp_path) as history:
        [row] = history.answers()
        assert row.correct and row.response == ", ".join(question.correct_labels)


def test_space_ticks_the_highlighted_option_and_a_letter_unticks_it(tmp_path):
    seed = seed_where(lambda qs: qs[0].kind == "multi", n=1)
    term = Terminal("quiz", "-n", "1", "--seed", str(seed), home=tmp_path)
    term.wait_for("type a letter")
    term.press("down", "space", "c", "b", "enter")  # ticks B (space) and C, then unticks B
    term.wait_for("Feedback", where="log")
    assert term.exit_code() == 0
    with History.open(tmp_path) as history:
        assert history.answers()[0].response == "C"


def test_ctrl_c_at_the_pause_keeps_the_answers_and_exits_130(tmp_path):
    seed = seed_where(lambda qs: qs[0].kind == "single")
    term = Terminal("quiz", "-n", "2", "--seed", str(seed), home=tmp_path)
    term.wait_for("Your answer to 1")
    term.press("enter")
    term.wait_for("Press Enter for the next question")
    term.press("ctrl-c")
    term.wait_for("1 answer saved", where="log")
    assert term.exit_code() == 130
    with History.open(tmp_path) as history:
        assert len(history.answers()) == 1
        assert history.sessions()[0]["stopped"] == "interrupted"


def test_q_at_the_pause_ends_the_quiz_with_its_score(tmp_path):
    seed = seed_where(lambda qs: qs[0].kind == "single")
    term = Terminal("quiz", "-n", "2", "--seed", str(seed), home=tmp_path)
    term.wait_for("Your answer to 1")
    term.press("enter")
    term.wait_for("Press Enter for the next question")
    term.press("q")
    term.wait_for("Score:", where="log")
    assert term.exit_code() == 0


def countdown(term):
    return [line for line in term.text.splitlines() if line.startswith(" ⏱")]


def test_the_exam_countdown_runs_while_the_learner_thinks_and_time_up_hands_in(tmp_path):
    term = Terminal("quiz", "--exam", "-n", "3", "--seed", "4", "--minutes", "0.1", home=tmp_path)
    term.wait_for("answer or command")
    term.wait_for("less than 1 minute left")  # 6 minutes' worth of exam: the last-minute warning at once
    first = countdown(term)
    assert re.search(r"\d\d:\d\d left · 0/3 answered", first[0])
    while countdown(term) == first:  # nothing typed: the line changes by itself
        term._read(0.1)
    assert countdown(term) != first
    term.press(*"zz", "enter")
    screen = term.wait_for("is neither an answer nor a command")
    help_lines = [line for line in screen.splitlines() if "neither an answer" in line]
    assert len(help_lines) == 1 and "'g 5' goes to question 5" not in screen.split("neither an answer")[1]
    term.press("b", "enter")
    term.wait_for("Saved your answer to 1")
    term.wait_for("Time is up: what you answered is handed in.", where="log")
    term.wait_for("NOT YET: the pass mark is 70%", where="log")
    assert term.exit_code() == 0
    with History.open(tmp_path) as history:
        assert len(history.answers()) == 1
        assert history.sessions()[0]["stopped"] == "time"
