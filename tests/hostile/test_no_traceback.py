"""Hostile input, second class: never a traceback. Each case names the input and the problem
(exit 2 for bad input), in a child process under memory and CPU limits."""

from __future__ import annotations

import json
import sqlite3

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lakedrill.templates.source import SourceError, parse_text
from tests.hostile.harness import assert_named, run, template_bank

pytestmark = pytest.mark.timeout(180)


def _show(bank, tmp_path):
    return run("show", "official-sample-a-fails", "--bank", str(bank), env={"LAKEDRILL_HOME": str(tmp_path / "home")})


@pytest.mark.parametrize("bad, words", [(b"\x00", ("'\\x00' is not allowed",)), (b"\xe9", ("not UTF-8 text",)),
                                        (b"\x1b", ("'\\x1b' is not allowed",))])
def test_a_nul_or_latin1_byte_in_a_template_is_named_by_line(tmp_path, bad, words):
    bank = template_bank(tmp_path)
    file = bank / "no-rollback" / "t.yaml"
    file.write_bytes(file.read_bytes().replace(b"A Databricks", b"A Data" + bad + b"bricks"))
    assert_named(_show(bank, tmp_path), "t.yaml:17", *words)


def test_a_990_deep_mapping_is_named_in_a_job_and_in_a_template(tmp_path):
    deep = "a: " + "{b: " * 990 + "1" + "}" * 990 + "\n"
    (tmp_path / "deep.yaml").write_text(deep)
    assert_named(run("simulate", str(tmp_path / "deep.yaml")), "deep.yaml", "nested more than 64 levels")
    bank = template_bank(tmp_path)
    file = bank / "no-rollback" / "t.yaml"
    file.write_text(file.read_text() + "extra: " + "{b: " * 990 + "1" + "}" * 990 + "\n")
    assert_named(_show(bank, tmp_path), "t.yaml", "nested more than 64 levels")


def test_a_100000_deep_json_array_is_named(tmp_path):
    (tmp_path / "deep.json").write_text("[" * 100_000 + "]" * 100_000)
    assert_named(run("simulate", str(tmp_path / "deep.json")), "deep.json", "nested more than 64 levels")


def test_100_nested_parentheses_in_an_expression_are_named(tmp_path):
    bank = template_bank(tmp_path, answer="(" * 100 + "1" + ")" * 100)
    assert_named(_show(bank, tmp_path), "t.yaml:", "answer:", "too complex to compile")


def test_2000_nested_ifs_in_a_template_are_named(tmp_path):
    bank = template_bank(tmp_path, stem="{% if true %}" * 2000 + "x" + "{% endif %}" * 2000 + " {{ failing }}")
    assert_named(_show(bank, tmp_path), "t.yaml:", "stem:", "too complex to compile")


def test_a_lone_surrogate_made_by_a_template_is_named_and_check_flags_it(tmp_path):
    bank = template_bank(tmp_path, stem="{{ '\\ud800' }} {{ failing }}")
    home = {"LAKEDRILL_HOME": str(tmp_path / "home")}
    assert_named(_show(bank, tmp_path), "stem:", "lone surrogate", code=1)
    checked = run("check", "-n", "3", "-j", "1", str(bank / "no-rollback" / "t.yaml"), env=home)
    assert_named(checked, "lone surrogate", "1 failed", code=1)
    for extension in ("html", "md", "pdf"):
        printed = run("print", "--bank", str(bank), "-n", "1", "-o", str(tmp_path / f"set.{extension}"), env=home)
        assert "Traceback" not in printed.err and printed.code in (1, 2), printed.err[-2000:]
        assert "lone surrogate" in printed.err
    exported = run("export", "json", "--bank", str(bank), "-n", "1", "-o", str(tmp_path / "q.json"), env=home)
    assert "Traceback" not in exported.err and "lone surrogate" in exported.err


def test_a_lone_surrogate_in_a_job_file_is_named(tmp_path):
    job = tmp_path / "job.json"
    job.write_text('{"name": "j", "tasks": [{"task_key": "a\\ud800", "notebook_task": {"notebook_path": "/x"}}]}')
    assert_named(run("simulate", str(job)), "job.json", "lone surrogate")
    (tmp_path / "job.yaml").write_text('name: j\ntasks:\n  - {task_key: "a\\ud800", notebook_task: {notebook_path: /x}}\n')
    outcome = run("simulate", str(tmp_path / "job.yaml"))
    assert "Traceback" not in outcome.err and outcome.code == 2


def test_latin1_bytes_on_stdin_under_a_utf8_locale_are_named():
    outcome = run("simulate", "-", stdin=b"name: caf\xe9\ntasks: []\n", env={"LC_ALL": "C.UTF-8"})
    assert_named(outcome, "<stdin>:1", "not UTF-8 text")


def test_a_closed_pipe_ends_quietly():
    outcome = run(code="import subprocess, sys\n"
                       "p = subprocess.Popen([sys.executable, '-m', 'lakedrill', 'simulate', '--example'],"
                       " stdout=subprocess.PIPE, stderr=subprocess.PIPE)\n"
                       "p.stdout.readline(); p.stdout.close(); err = p.stderr.read(); p.wait()\n"
                       "sys.stdout.write(err.decode())\n")
    assert "Traceback" not in outcome.text and "Error" not in outcome.text, outcome.text


def _damaged_history(tmp_path):
    home = tmp_path / "home"
    for seed in (3, 4, 5, 6):
        run("quiz", "-n", "1", "--seed", str(seed), "--plain", "--data-dir", str(home), stdin="a\n1\n" * 5)
    db = sqlite3.connect(home / "history.sqlite3")
    total = db.execute("SELECT count(*) FROM answers").fetchone()[0]
    db.execute("UPDATE answers SET answered_at = 'yesterday' WHERE id = 1")
    db.execute("UPDATE cards SET card = '{not json' WHERE rowid = 1")
    db.commit()
    db.close()
    return home, total


def test_damaged_history_rows_are_skipped_with_a_warning_and_the_rest_kept(tmp_path):
    home, total = _damaged_history(tmp_path)
    assert total >= 2
    stats = run("stats", "--json", "--data-dir", str(home))
    assert stats.code == 0 and "Traceback" not in stats.err, stats.err
    assert "answered_at 'yesterday'" in stats.err and "skipped" in stats.err
    for command in (["plan"], ["quiz", "--review", "-n", "1", "--plain"]):
        outcome = run(*command, "--data-dir", str(home), stdin="a\n")
        assert outcome.code == 0 and "Traceback" not in outcome.err, outcome.err
        assert "is damaged" in outcome.err
    db = sqlite3.connect(home / "history.sqlite3")
    assert db.execute("SELECT count(*) FROM answers").fetchone()[0] >= total  # nothing lost, nothing deleted
    db.close()


def test_another_programs_database_with_user_version_1_is_refused_unchanged(tmp_path):
    home = tmp_path / "home"
    home.mkdir()
    db = sqlite3.connect(home / "history.sqlite3")
    db.execute("CREATE TABLE notes (text)")
    db.execute("PRAGMA user_version = 1")
    db.commit()
    db.close()
    before = (home / "history.sqlite3").read_bytes()
    assert_named(run("stats", "--data-dir", str(home)), "not a lakedrill history", "user_version is 1")
    assert (home / "history.sqlite3").read_bytes() == before
    assert sorted(p.name for p in home.iterdir()) == ["history.sqlite3"]  # no -wal, no -shm: not switched to WAL


@st.composite
def damaged_json(draw) -> str:
    """A real job as JSON, cut, spliced with junk, or nested deep."""
    job = {"name": "j", "tasks": [{"task_key": "a", "notebook_task": {"notebook_path": "/x"}},
                                  {"task_key": "b", "depends_on": [{"task_key": "a"}]}]}
    text = json.dumps(job)
    how = draw(st.sampled_from(["cut", "splice", "deep"]))
    if how == "cut":
        return text[:draw(st.integers(0, len(text)))]
    if how == "splice":
        at = draw(st.integers(0, len(text)))
        return text[:at] + draw(st.text(max_size=20)) + text[at:]
    depth = draw(st.integers(1, 5000))
    return "[" * depth + text + "]" * draw(st.integers(0, depth))


@given(damaged_json())
def test_damaged_json_either_parses_or_is_a_named_source_error(text):
    try:
        parse_text(text, "job.json")
    except SourceError as error:
        assert error.lines and all(line.startswith("job.json") for line in error.lines)
