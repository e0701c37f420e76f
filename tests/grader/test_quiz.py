"""`lakedrill quiz`: practice, the mock exam, and a history that never loses an answer."""

import json
import os
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta, timezone

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lakedrill.templates import bank
from lakedrill.cli import main
from lakedrill.variants.generate import generate
from lakedrill.session.history import LATEST, History, HistoryError
from lakedrill.variants.question import LETTERS
from lakedrill.session.quiz import QuizSession
from lakedrill.variants.selection import make_questions, spread
from lakedrill.session.srs import Memory
from tests.grader.templates import key_answer

TEMPLATES = bank.load()


def planned(seed, n=4):
    return make_questions(spread(TEMPLATES, n, seed))[0]


def quiz(tmp_path, *args, input=""):
    return CliRunner().invoke(main, ["quiz", "--plain", "--data-dir", str(tmp_path), *args], input=input,
                              env={"COLUMNS": "160"})


def test_a_full_quiz_with_every_answer_right_scores_full_marks(tmp_path):
    questions = planned(11, 4)
    result = quiz(tmp_path, "-n", "4", "--seed", "11", input="\n".join(key_answer(q) for q in questions) + "\n")
    assert result.exit_code == 0, result.output
    assert result.output.count("✓ Right.") == 4
    assert "Score: 4 / 4 (100%)" in result.output
    with History.open(tmp_path) as history:
        rows = history.answers()
        assert [r.correct for r in rows] == [True] * 4
        assert [(r.template_id, r.seed) for r in rows] == [(q.template_id, q.seed) for q in questions]


def test_the_same_seed_gives_the_same_quiz():
    assert [q.id for q in planned(5, 6)] == [q.id for q in planned(5, 6)]
    assert [q.id for q in planned(5, 6)] != [q.id for q in planned(6, 6)]


def test_nonsense_gets_a_message_and_another_try_and_a_wrong_answer_names_the_belief(tmp_path):
    # The first seed whose first question has an option a belief predicts (deterministic).
    seed, wrong = next((seed, LETTERS[i]) for seed in range(100) for q in planned(seed, 1)
                       for i, o in enumerate(q.options) if not o.correct and o.misconceptions)
    result = quiz(tmp_path, "-n", "1", "--seed", str(seed), input=f"banana\n\n{wrong}\n")
    assert result.exit_code == 0, result.output
    assert "is not an option" in result.output or "type an answer" in result.output
    assert "Your answer follows the belief" in result.output
    with History.open(tmp_path) as history:
        [row] = history.answers()
        assert not row.correct and row.misconception


def test_end_of_input_mid_quiz_keeps_the_answers_and_exits_130(tmp_path):
    questions = planned(8, 3)
    result = quiz(tmp_path, "-n", "3", "--seed", "8", input=key_answer(questions[0]) + "\n")
    assert result.exit_code == 130
    assert "1 answer saved" in result.output
    with History.open(tmp_path) as history:
        assert len(history.answers()) == 1
        assert history.sessions()[0]["stopped"] == "interrupted"


def test_the_session_is_written_with_its_first_answer_and_dated_when_the_quiz_began(tmp_path):
    began = datetime(2026, 11, 24, 9, 0, tzinfo=timezone.utc)
    moments = iter([began, began + timedelta(minutes=3), began + timedelta(minutes=4)])
    with History.open(tmp_path) as history:
        session = QuizSession(planned(3, 2), history=history, seed=3, now=lambda: next(moments))
        assert history.sessions() == []  # nothing waits on a disk flush before the first question
        session.submit(0, key_answer(session.questions[0]), 12.0)
        [row] = history.sessions()
        assert row["started_at"].startswith("2026-11-24T09:00")
        assert len(history.answers(row["id"])) == 1


def test_a_quiz_left_without_an_answer_records_no_session(tmp_path):
    result = quiz(tmp_path, "-n", "2", "--seed", "4", input="quit\n")
    assert result.exit_code == 0, result.output
    with History.open(tmp_path) as history:
        assert history.sessions() == [] and history.answers() == []


def _quiz_process(tmp_path, seed=8, n=3):
    env = dict(os.environ, LAKEDRILL_HOME=str(tmp_path), COLUMNS="120", PYTHONUNBUFFERED="1")
    return subprocess.Popen([sys.executable, "-m", "lakedrill.cli", "quiz", "--plain", "-n", str(n), "--seed", str(seed)],
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=env,
                            text=True)


def _wait_for_answers(tmp_path, count, timeout=30):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            db = sqlite3.connect(tmp_path / "history.sqlite3")
            n = db.execute("SELECT count(*) FROM answers").fetchone()[0]
            db.close()
            if n >= count:
                return n
        except sqlite3.Error:
            pass
        time.sleep(0.05)
    raise AssertionError(f"{count} answers never arrived")


def test_ctrl_c_keeps_the_answers_and_exits_130(tmp_path):
    questions = planned(8, 3)
    process = _quiz_process(tmp_path)
    process.stdin.write(key_answer(questions[0]) + "\n")
    process.stdin.flush()
    _wait_for_answers(tmp_path, 1)
    time.sleep(0.3)  # at the next prompt
    process.send_signal(signal.SIGINT)
    output, _ = process.communicate(timeout=30)
    assert process.returncode == 130, output
    assert "1 answer saved" in output
    with History.open(tmp_path) as history:
        assert len(history.answers()) == 1


def test_a_killed_process_loses_no_answer_already_given(tmp_path):
    questions = planned(8, 3)
    process = _quiz_process(tmp_path)
    process.stdin.write(key_answer(questions[0]) + "\n" + key_answer(questions[1]) + "\n")
    process.stdin.flush()
    _wait_for_answers(tmp_path, 2)
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)
    with History.open(tmp_path) as history:
        assert [r.position for r in history.answers()] == [1, 2]


def test_a_closed_terminal_keeps_the_answers(tmp_path):
    questions = planned(8, 3)
    process = _quiz_process(tmp_path)
    process.stdin.write(key_answer(questions[0]) + "\n")
    process.stdin.flush()
    _wait_for_answers(tmp_path, 1)
    process.send_signal(signal.SIGHUP)  # at once: the quiz may still be showing the feedback
    process.communicate(timeout=30)
    with History.open(tmp_path) as history:
        assert len(history.answers()) == 1
        assert history.sessions()[0]["stopped"] == "interrupted"


def test_two_quizzes_at_once_both_keep_all_their_answers(tmp_path):
    first, second = planned(21, 4), planned(22, 4)
    a, b = _quiz_process(tmp_path, 21, 4), _quiz_process(tmp_path, 22, 4)
    for x, y in zip(first, second):
        a.stdin.write(key_answer(x) + "\n")
        a.stdin.flush()
        b.stdin.write(key_answer(y) + "\n")
        b.stdin.flush()
    outputs = [p.communicate(timeout=60)[0] for p in (a, b)]
    assert [p.returncode for p in (a, b)] == [0, 0], outputs
    with History.open(tmp_path) as history:
        rows = history.answers()
        assert len(rows) == 8 and all(r.correct for r in rows)
        assert len({r.session_id for r in rows}) == 2


def test_a_corrupt_history_is_refused_and_never_overwritten(tmp_path):
    path = tmp_path / "history.sqlite3"
    path.write_bytes(b"this is not sqlite" * 100)
    before = path.read_bytes()
    result = quiz(tmp_path, "-n", "1", input="A\n")
    assert result.exit_code == 2
    assert "not a readable lakedrill history" in result.output and "move it aside" in result.output
    assert path.read_bytes() == before


def test_a_history_from_a_newer_lakedrill_is_refused(tmp_path):
    History.open(tmp_path).close()
    db = sqlite3.connect(tmp_path / "history.sqlite3")
    db.execute(f"PRAGMA user_version = {LATEST + 1}")
    db.commit()
    db.close()
    with pytest.raises(HistoryError, match="written by a newer lakedrill"):
        History.open(tmp_path)


def test_another_sqlite_database_is_not_taken_for_a_history(tmp_path):
    db = sqlite3.connect(tmp_path / "history.sqlite3")
    db.execute("CREATE TABLE mine (x)")
    db.commit()
    db.close()
    with pytest.raises(HistoryError, match="not a lakedrill history"):
        History.open(tmp_path)


def test_review_asks_fresh_variants_of_what_is_due(tmp_path):
    long_ago = datetime.now(timezone.utc) - timedelta(days=30)
    with History.open(tmp_path) as history:
        session = QuizSession(planned(2, 2), history, now=lambda: long_ago)
        answered = {}
        for i, q in enumerate(session.questions):
            session.submit(i, key_answer(q), 5)
            answered[q.concept] = (q.template_id, q.seed)
        session.finish()
        due = [row.key for row in Memory(history).due(datetime.now(timezone.utc))]
        assert sorted(due) == sorted(f"concept:{c}" for c in answered)
    result = quiz(tmp_path, "--review", "-n", "2", "--seed", "9", input="zzz\nquit\n")
    assert result.exit_code == 0, result.output
    asked = [line for line in result.output.splitlines() if "Question 1 of" in line]
    assert asked and any(f"· {concept}" in asked[0] for concept in answered)


def test_fsrs_state_survives_a_restart(tmp_path):
    at = datetime(2026, 11, 1, 9, 0, tzinfo=timezone.utc)
    with History.open(tmp_path) as history:
        due = Memory(history).review("concept:run-if", 1.0, at)
        again = Memory(history).review("concept:run-if", 1.0, due)
    with History.open(tmp_path) as history:
        [row] = Memory(history).rows(again)
        assert row.due == again and row.due > due


def test_review_with_nothing_yet_says_so(tmp_path):
    result = quiz(tmp_path, "--review")
    assert result.exit_code == 0
    assert "Nothing to review yet" in result.output


def test_the_arrow_key_path_with_typed_letters_and_ctrl_c():
    from prompt_toolkit.input import create_pipe_input
    from prompt_toolkit.output import DummyOutput
    from rich.console import Console

    from lakedrill.session.prompts import ArrowPrompter
    from lakedrill.session.quiz_ui import run_practice

    questions = [q for q in planned(31, 8) if q.kind in ("single", "true_false")][:2]
    assert len(questions) == 2
    with create_pipe_input() as pipe:
        right = next(i for i, o in enumerate(questions[0].options) if o.correct)
        pipe.send_text(LETTERS[right].lower() + "\r")
        pipe.send_text("\x03")  # Ctrl-C at the second question
        session = QuizSession(questions)
        console = Console(file=open(os.devnull, "w"), width=120)
        code = run_practice(console, ArrowPrompter(input=pipe, output=DummyOutput()), session)
    assert code == 130
    assert session.answers[0].score.correct and 1 not in session.answers


def test_the_mock_exam_flags_returns_and_scores_at_the_end():
    from rich.console import Console

    from lakedrill.session.quiz_ui import ExamRules, run_exam

    questions = planned(41, 3)
    from lakedrill.session.prompts import PlainPrompter

    typed = iter(["f", key_answer(questions[0]), key_answer(questions[1]), "g ²", "g 9", "g 3", "list",
                  key_answer(questions[2]), "done"])

    class Scripted(PlainPrompter):
        def ask(self, question, prompt):
            return next(typed)

    session = QuizSession(questions, mode="exam")
    out = open(os.devnull, "w")
    assert run_exam(Console(file=out, width=120), Scripted(), session, ExamRules(minutes=5)) == 0
    assert sorted(session.answers) == [0, 1, 2]
    assert all(a.score.correct for a in session.answers.values())
    assert session.summary().percent == 100


def test_the_mock_exam_stops_when_time_is_up():
    from rich.console import Console

    from lakedrill.session.prompts import PlainPrompter
    from lakedrill.session.quiz_ui import ExamRules, run_exam

    questions = planned(42, 3)
    now = [0.0]

    class Slow(PlainPrompter):
        def ask(self, question, prompt):
            now[0] += 200  # each answer takes 200 s of a 5-minute exam
            return key_answer(questions[len(session.answers)])

    session = QuizSession(questions, mode="exam", clock=lambda: now[0])
    run_exam(Console(file=open(os.devnull, "w"), width=120), Slow(), session, ExamRules(minutes=5),
             clock=lambda: now[0])
    assert len(session.answers) == 1  # the second answer came after 400 s: too late


def test_stats_and_plan_read_the_history(tmp_path):
    questions = planned(11, 4)
    quiz(tmp_path, "-n", "4", "--seed", "11", input="\n".join(key_answer(q) for q in questions) + "\n")
    data = json.loads(CliRunner().invoke(main, ["stats", "--json", "--data-dir", str(tmp_path)]).output)
    assert data["answers"] == 4 and data["accuracy"] == 1.0
    assert data["streak"]["current"] == 1
    rows = json.loads(CliRunner().invoke(main, ["plan", "--json", "--data-dir", str(tmp_path),
                                                "--exam-date", "2027-01-15"]).output)
    assert {r["card"] for r in rows} == {f"concept:{q.concept}" for q in questions}
    assert all(r["recall_at_exam"] is not None for r in rows)
    human = CliRunner().invoke(main, ["stats", "--data-dir", str(tmp_path)], env={"COLUMNS": "120"})
    assert "By concept" in human.output and "100%" in human.output


def test_help_does_not_import_the_engine_or_heavy_modules():
    code = ("import sys; from lakedrill.cli import main\n"
            "try:\n    main(['--help'])\nexcept SystemExit:\n    pass\n"
            "heavy = [m for m in sys.modules if m.split('.')[0] in ('engine', 'questionary', 'fsrs', 'pydantic',"
            " 'jinja2', 'hypothesis') or m in ('rich.markdown', 'rich.table', 'rich.console')]\n"
            "print(heavy, file=sys.stderr)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stderr.strip() == "[]"


def test_a_concept_that_does_not_exist_is_a_usage_error(tmp_path):
    result = quiz(tmp_path, "--concept", "run_iff")
    assert result.exit_code == 2
    assert "did you mean 'run-if'" in result.output


def test_generated_questions_are_graded_right_by_their_own_key():
    for seed in range(3):
        for q in planned(seed, 13):
            from lakedrill.variants.grading import grade, parse

            assert grade(q, parse(q, key_answer(q))).correct, q.id
    assert generate  # the module under test is the one the CLI uses


@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.lists(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=12), max_size=6),
       st.integers(0, 1000), st.booleans())
def test_whatever_is_typed_the_quiz_ends_cleanly(lines, seed, exam):
    # Nonsense gets another try; the input running out is an interruption (130), never a traceback.
    with tempfile.TemporaryDirectory() as folder:
        result = CliRunner().invoke(main, ["quiz", "--plain", "--data-dir", folder, "-n", "2", "--seed", str(seed)]
                                    + (["--exam", "--minutes", "5"] if exam else []),
                                    input="\n".join(line.replace("\n", " ") for line in lines) + "\n")
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    assert result.exit_code in (0, 130), result.output
