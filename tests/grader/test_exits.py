"""One exit path: whatever a command raises becomes one message and one exit code in `main`.

0 done, 1 a check or grade failed, 2 bad input (lakedrill's and click's own), 70 a bug (one line and
a report file, never a traceback), 130 interrupted, 141 a reader that closed the pipe (quietly).
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

import lakedrill.rules
from lakedrill.cli import main
from lakedrill.engine.errors import LakedrillInputError, Problem
from lakedrill.errors import BAD_INPUT, BUG, CLOSED_PIPE, FAILED, INTERRUPTED, Failed, InputError, LakedrillError
from lakedrill.session.history import HistoryError
from lakedrill.templates.source import SourceError
from lakedrill.templates.spec import TemplateError
from lakedrill.variants.generate import VariantError
from lakedrill.writers.anki import MissingGenanki

SCRIPT = Path(sys.executable).with_name("lakedrill")


def invoke(*args):
    return CliRunner().invoke(main, list(args))


def raising(monkeypatch, error):
    def select(rule_id):
        raise error

    monkeypatch.setattr(lakedrill.rules, "select", select)


def test_every_error_a_user_can_fix_is_one_family_with_exit_2():
    for kind in (TemplateError, SourceError, HistoryError, VariantError, MissingGenanki, lakedrill.rules.UnknownRule):
        assert issubclass(kind, InputError) and issubclass(kind, LakedrillError)
        assert kind.exit_code == BAD_INPUT
    assert Failed.exit_code == FAILED


def test_bad_input_prints_each_line_and_exits_2(tmp_path):
    job = tmp_path / "job.yaml"
    job.write_text("tasks:\n  - task_key: a\n    depends_on: [{task_key: nowhere}]\n")
    result = invoke("simulate", str(job))
    assert result.exit_code == 2
    assert re.search(r"^lakedrill: .*job\.yaml:3:\d+: .*nowhere", result.output, re.M), result.output
    assert "Traceback" not in result.output


def test_an_engine_input_error_is_mapped_to_bad_input(monkeypatch):
    raising(monkeypatch, LakedrillInputError([Problem(("tasks", 0, "run_if"), "not a run_if", "use ALL_SUCCESS")]))
    result = invoke("rules")
    assert result.exit_code == 2
    assert result.output == "lakedrill: tasks[0].run_if: not a run_if (use ALL_SUCCESS)\n"


def test_a_failed_check_or_grade_exits_1(monkeypatch):
    raising(monkeypatch, Failed(["2 of 5 variants failed"]))
    result = invoke("rules")
    assert (result.exit_code, result.output) == (1, "lakedrill: 2 of 5 variants failed\n")


def test_an_unknown_rule_is_bad_input():
    result = invoke("rules", "no_such_rule_at_all")
    assert result.exit_code == 2 and result.output.startswith("lakedrill: no rule 'no_such_rule_at_all'")


@pytest.mark.parametrize("interrupt", [KeyboardInterrupt, EOFError])
def test_ctrl_c_anywhere_exits_130(monkeypatch, interrupt):
    raising(monkeypatch, interrupt())
    result = invoke("rules")
    assert result.exit_code == INTERRUPTED == 130
    assert result.output == "lakedrill: interrupted\n"


def test_a_bug_is_one_line_a_report_and_exit_70(monkeypatch, tmp_path):
    monkeypatch.setenv("LAKEDRILL_HOME", str(tmp_path))
    raising(monkeypatch, ZeroDivisionError("division by zero\nsecond line"))
    result = invoke("rules", "run_if")
    assert result.exit_code == BUG == 70
    [line] = result.output.splitlines()
    found = re.fullmatch(r"lakedrill: internal error: ZeroDivisionError: division by zero second line "
                         r"\(a report is in (.+)\); please report it", line)
    assert found, line
    report = Path(found[1])
    assert report.parent == tmp_path / "reports" and report.is_file()
    text = report.read_text()
    assert "lakedrill internal error report" in text and "lakedrill: " in text and "python: " in text
    assert "Traceback (most recent call last)" in text and "in select" in text
    assert text.rstrip().endswith("ZeroDivisionError: division by zero\nsecond line")
    assert [p.name for p in report.parent.iterdir()] == [report.name]  # no partial file left


def test_a_bug_report_falls_back_to_the_temp_dir(monkeypatch, tmp_path):
    home = tmp_path / "home"
    home.write_text("a file where the data directory should be")
    monkeypatch.setenv("LAKEDRILL_HOME", str(home))
    monkeypatch.setenv("TMPDIR", str(tmp_path / "tmp"))
    (tmp_path / "tmp").mkdir()
    import tempfile

    monkeypatch.setattr(tempfile, "tempdir", None)
    raising(monkeypatch, RuntimeError("boom"))
    result = invoke("rules")
    assert result.exit_code == 70
    report = Path(re.search(r"a report is in (.+)\); please", result.output)[1])
    assert report.parent == tmp_path / "tmp" / "lakedrill-reports" and "RuntimeError: boom" in report.read_text()


def test_clicks_usage_errors_keep_exit_2():
    assert invoke("simulate").exit_code == 2
    assert invoke("no-such-command").exit_code == 2
    assert invoke("quiz", "-n", "0").exit_code == 2
    assert invoke("--help").exit_code == 0


def _env(tmp_path):
    return dict(os.environ, LAKEDRILL_HOME=str(tmp_path), COLUMNS="120")


@pytest.mark.parametrize("command", [[str(SCRIPT)], [sys.executable, "-m", "lakedrill"]])
def test_the_installed_script_and_python_m_exit_the_same(tmp_path, command):
    ok = subprocess.run([*command, "rules", "run_if", "--json"], capture_output=True, text=True, env=_env(tmp_path))
    assert ok.returncode == 0 and json.loads(ok.stdout)["rules"]
    bad = subprocess.run([*command, "rules", "no_such_rule_at_all"], capture_output=True, text=True,
                         env=_env(tmp_path))
    assert bad.returncode == 2 and bad.stderr.startswith("lakedrill: no rule") and bad.stdout == ""
    usage = subprocess.run([*command, "simulate"], capture_output=True, text=True, env=_env(tmp_path))
    assert usage.returncode == 2 and "Usage:" in usage.stderr


def test_a_bug_in_a_real_process_is_one_line_on_stderr(tmp_path):
    code = ("import lakedrill.rules as r\n"
            "def select(rule_id): return {}['missing']\n"
            "r.select = select\n"
            "from lakedrill.cli import main\n"
            "main(['rules'], prog_name='lakedrill')\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=_env(tmp_path))
    assert done.returncode == 70, done.stderr
    assert done.stdout == "" and len(done.stderr.splitlines()) == 1
    assert done.stderr.startswith("lakedrill: internal error: KeyError: 'missing' (a report is in ")
    assert "Traceback" not in done.stderr
    [report] = (tmp_path / "reports").iterdir()
    assert "KeyError: 'missing'" in report.read_text()


@pytest.mark.parametrize("args", [["simulate", "--example"], ["simulate", "--example", "--json"],
                                  ["export", "json", "-n", "2"]])
def test_a_closed_pipe_ends_quietly(tmp_path, args):
    """`lakedrill simulate --example | head -1`, with a reader that is gone before the first write."""
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        done = subprocess.run([str(SCRIPT), *args], stdout=write_end, stderr=subprocess.PIPE, text=True,
                              env=_env(tmp_path), timeout=120)
    finally:
        os.close(write_end)
    assert (done.returncode, done.stderr) == (CLOSED_PIPE, "")


def test_head_reads_one_line_and_lakedrill_is_quiet(tmp_path):
    done = subprocess.run(f"'{SCRIPT}' simulate --example | head -1", shell=True, capture_output=True, text=True,
                          env=_env(tmp_path), timeout=120)
    assert done.returncode == 0 and len(done.stdout.splitlines()) == 1 and done.stderr == ""
