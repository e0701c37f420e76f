"""One writer contract: every output format is a module whose `write` has the same signature, found
by name in one registry; `print` offers the printed formats and `export` has a command for the rest."""

from __future__ import annotations

import importlib
import inspect
import json

import pytest
from click.testing import CliRunner

from lakedrill.cli import export, main, print_sets
from lakedrill.templates.bank import load
from lakedrill.variants.selection import make_questions, spread
from lakedrill.writers import registry
from lakedrill.writers.document import PracticeSet


def test_every_format_is_a_writer_with_the_one_signature():
    contract = inspect.signature(registry.Writer.__call__)
    expected = [p.replace(annotation=inspect.Parameter.empty) for p in list(contract.parameters.values())[1:]]
    for fmt in registry.FORMATS.values():
        write = importlib.import_module(fmt.module).write
        got = [p.replace(annotation=inspect.Parameter.empty) for p in inspect.signature(write).parameters.values()]
        assert got == expected, fmt.name
        assert fmt.suffixes and all(s.startswith(".") for s in fmt.suffixes)


def test_print_offers_the_printed_formats_and_export_a_command_for_each_other():
    choices = next(p for p in print_sets.params if p.name == "formats").type.choices
    assert [c for c in choices if c not in ("practice", "exam")] == [f.name for f in registry.printed()]
    # The LMS exports (Moodle XML, QTI) write questions, not sets, and qti has an option of its own:
    # they are commands of their own beside the registry's.
    assert sorted(export.commands) == sorted([f.name for f in registry.exported()] + ["moodle", "qti"])


def test_a_format_is_found_by_its_file_ending():
    assert registry.by_suffix("set.PDF", registry.printed()).name == "pdf"
    assert registry.by_suffix("set.htm", registry.printed()).name == "html"
    assert registry.by_suffix("set.docx", registry.printed()) is None
    assert registry.by_suffix("deck.apkg", registry.printed()) is None


def test_every_writer_says_what_it_wrote(tmp_path):
    questions, _ = make_questions(spread(load(), 2, 1))
    sets = [PracticeSet(1, 1, questions)]
    for fmt in registry.FORMATS.values():
        if fmt.name == "anki":
            pytest.importorskip("genanki")
        out = tmp_path / f"out{fmt.suffixes[0]}"
        written = registry.write(fmt.name, sets, out, title="t", date="2026-01-01")
        assert written.files[0] == str(out) and out.is_file(), fmt.name
        assert written.summary.startswith(f"{out}: ") and not list(tmp_path.glob(".*.partial"))


def test_a_failed_write_leaves_the_old_file_whole(tmp_path):
    target = tmp_path / "set.html"
    target.write_text("the old set")

    def broken(partial):
        partial.write_text("half a set")
        raise OSError("disk full")

    with pytest.raises(OSError):
        registry.write_with(target, broken)
    assert target.read_text() == "the old set" and [p.name for p in tmp_path.iterdir()] == ["set.html"]


def test_export_json_to_stdout_prints_only_the_json():
    result = CliRunner().invoke(main, ["export", "json", "-n", "2", "--seed", "4"])
    assert result.exit_code == 0
    assert len(json.loads(result.stdout)) == 2
