"""lakedrill print and export: reproducible bytes, the layout a reader sees, every format from the
same Question data."""

import io
import json
import os
import re
import sqlite3
import subprocess
import sys
import zipfile
from functools import cache

import pytest
from click.testing import CliRunner

from lakedrill.cli import main
from lakedrill.writers.printing import build_sets
from lakedrill.variants.question import question_as_dict
from lakedrill.variants.selection import make_questions, spread
from lakedrill.templates.bank import load
from lakedrill.writers import anki, html, markdown, pdf
from lakedrill.writers.document import short_key

DATE = "2026-11-24"
# The fills of a task box and of a condition task's box in svg.py: a page with a drawn diagram has them.
BOX_FILLS = {(0xEE, 0xF4, 0xFF), (0xFF, 0xF8, 0xE6)}
TOP_MARGIN_PT = 56.69  # 2 cm, practice.typ


@cache
def bank():
    return tuple(load())


@cache
def sets(n=8, seed=11, variants=2):
    return build_sets(bank(), n=n, seed=seed, variants=variants)[0]


def print_cli(tmp_path, *args):
    return CliRunner().invoke(main, ["print", "--date", DATE, *args], catch_exceptions=False)


def pdf_pages(data: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", data))


def query(doc, selector):
    import typst

    return json.loads(typst.query(pdf.TEMPLATE.read_bytes(), selector, field="value", ignore_system_fonts=True,
                                  sys_inputs={"data": json.dumps(doc, sort_keys=True)}))


def has_diagram_pixels(png: bytes) -> bool:
    from PIL import Image

    image = Image.open(io.BytesIO(png)).convert("RGB")
    colours = {colour for _, colour in image.getcolors(maxcolors=1 << 20)}
    return bool(colours & BOX_FILLS)


# ----------------------------------------------------------------------------- PDF


def test_the_same_print_command_gives_the_same_pdf_bytes(tmp_path):
    first, second = tmp_path / "a.pdf", tmp_path / "b.pdf"
    assert print_cli(tmp_path, "-n", "6", "--seed", "5", "-o", str(first)).exit_code == 0
    assert print_cli(tmp_path, "-n", "6", "--seed", "5", "-o", str(second)).exit_code == 0
    assert first.read_bytes() == second.read_bytes()


def test_pdf_bytes_do_not_depend_on_the_hash_seed(tmp_path):
    outputs = []
    for hash_seed in ("1", "2"):
        out = tmp_path / f"h{hash_seed}.pdf"
        env = {**os.environ, "PYTHONHASHSEED": hash_seed}
        subprocess.run([sys.executable, "-c", "from lakedrill.cli import main; main()", "print", "-n", "5", "--seed",
                        "9", "--variants", "2", "--date", DATE, "-o", str(out)], check=True, env=env,
                       capture_output=True)
        outputs.append(out.read_bytes())
    assert outputs[0] == outputs[1]


def test_a_different_seed_gives_a_different_set(tmp_path):
    a, b = tmp_path / "a.pdf", tmp_path / "b.pdf"
    print_cli(tmp_path, "-n", "4", "--seed", "1", "-o", str(a))
    print_cli(tmp_path, "-n", "4", "--seed", "2", "-o", str(b))
    assert a.read_bytes() != b.read_bytes()


def test_pdf_layout_title_page_questions_diagrams_and_a_key_on_its_own_page():
    practice_sets = sets()
    doc = pdf.document(practice_sets, title="t", date=DATE, paper="a4", questions=True, keys=True, sheet=True)
    pages = pdf.compile_pdf(doc, fmt="png", ppi=40)
    placed = query(doc, "<question>")
    keys = query(doc, "<key>")
    assert pdf_pages(pdf.compile_pdf(doc)) == len(pages)

    for practice_set in practice_sets:
        mine = [q for q in placed if q["set"] == practice_set.number]
        assert [q["number"] for q in mine] == list(range(1, len(practice_set.questions) + 1))
        first_page = min(q["page"] for q in mine)
        assert first_page > 1 and not any(q["page"] == first_page - 1 for q in placed)  # a title page before
        (key,) = [k for k in keys if k["set"] == practice_set.number]
        # The key starts a page of its own, at the top, after the set's last question.
        assert key["page"] > max(q["page"] for q in mine)
        assert key["y"] == pytest.approx(TOP_MARGIN_PT, abs=0.5)
        for q, question in zip(mine, practice_set.questions):
            assert q["diagram"] is (question.job is not None)
            if question.job is not None:
                assert has_diagram_pixels(pages[q["page"] - 1]), f"no diagram on page {q['page']}: {question.id}"
    # The combined key sheet comes last, after every key.
    last_key = max(k["page"] for k in keys)
    assert len(pages) > last_key
    # A title page has no diagram; so page 1 has none of the box colours.
    assert not has_diagram_pixels(pages[0])


def test_page_count_is_title_questions_and_key_per_set():
    (practice_set,) = sets(n=5, seed=3, variants=1)
    doc = pdf.document([practice_set], title="t", date=DATE, paper="a4", questions=True, keys=True, sheet=False)
    pages = pdf.compile_pdf(doc, fmt="png", ppi=20)
    placed = query(doc, "<question>")
    (key,) = query(doc, "<key>")
    question_pages = {q["page"] for q in placed}
    # Title (1), then question pages without gaps, then the key from the next page to the end.
    assert sorted(question_pages) == list(range(2, max(question_pages) + 1))
    assert key["page"] == max(question_pages) + 1
    assert len(pages) >= key["page"]


def test_letter_paper_changes_the_page_size(tmp_path):
    a4, letter = tmp_path / "a4.pdf", tmp_path / "letter.pdf"
    print_cli(tmp_path, "-n", "2", "--seed", "1", "-o", str(a4))
    print_cli(tmp_path, "-n", "2", "--seed", "1", "--paper", "letter", "-o", str(letter))
    assert b"612 792" in letter.read_bytes() and b"595.27" in a4.read_bytes()


def test_key_apart_leaves_only_questions_in_the_set(tmp_path):
    out, key = tmp_path / "set.pdf", tmp_path / "key.pdf"
    result = print_cli(tmp_path, "-n", "4", "--seed", "2", "--variants", "2", "-o", str(out), "--key", str(key))
    assert result.exit_code == 0, result.output
    practice_sets = sets(n=4, seed=2, variants=2)
    questions_only = pdf.document(practice_sets, title="Lakeflow Jobs practice set", date=DATE, paper="a4",
                                  questions=True, keys=False, sheet=False)
    keys_only = pdf.document(practice_sets, title="Lakeflow Jobs practice set", date=DATE, paper="a4",
                             questions=False, keys=True, sheet=True)
    assert query(questions_only, "<key>") == []
    key_pages = query(keys_only, "<key>")
    assert [k["page"] for k in key_pages][0] == 1 and query(keys_only, "<question>") == []
    assert out.read_bytes() == pdf.compile_pdf(questions_only)
    assert key.read_bytes() == pdf.compile_pdf(keys_only)


def test_question_text_is_never_read_as_typst_markup():
    # Strings reach typst as JSON data; the template must never evaluate them.
    source = pdf.TEMPLATE.read_text(encoding="utf-8")
    assert "eval(" not in source
    assert "sys.inputs" in source


# ----------------------------------------------------------------------------- sets


def test_variants_are_one_set_per_student_with_their_own_seed():
    practice_sets = sets(n=6, seed=21, variants=3)
    assert [s.number for s in practice_sets] == [1, 2, 3]
    assert practice_sets[0].seed == 21
    assert len({s.seed for s in practice_sets}) == 3
    # The same templates in the same order, different variants.
    templates = [[q.template_id for q in s.questions] for s in practice_sets]
    assert templates[0] == templates[1] == templates[2]
    assert [q.id for q in practice_sets[0].questions] != [q.id for q in practice_sets[1].questions]


def test_set_one_asks_what_the_quiz_asks_for_the_same_seed():
    (practice_set,) = sets(n=7, seed=33, variants=1)
    questions, _ = make_questions(spread(bank(), 7, 33))
    assert [q.id for q in practice_set.questions] == [q.id for q in questions]


def test_the_combined_key_sheet_lists_every_sets_keys(tmp_path):
    practice_sets = sets(n=5, seed=8, variants=3)
    page = html.document(practice_sets, title="t", date=DATE, paper="a4", questions=False, keys=True, sheet=True)
    for practice_set in practice_sets:
        row = (f"<tr><td>{practice_set.number}</td><td>{practice_set.seed}</td>"
               + "".join(f"<td>{html.escape(short_key(q))}</td>" for q in practice_set.questions) + "</tr>")
        assert row in page


# ----------------------------------------------------------------------------- HTML, Markdown


def test_html_is_one_self_contained_file_with_inline_svg(tmp_path):
    out = tmp_path / "set.html"
    assert print_cli(tmp_path, "-n", "6", "--seed", "4", "-o", str(out)).exit_code == 0
    page = out.read_text(encoding="utf-8")
    (practice_set,) = sets(n=6, seed=4, variants=1)
    assert page.count("<svg") == sum(q.job is not None for q in practice_set.questions)
    assert "src=" not in page and "<link" not in page and "@import" not in page  # nothing fetched
    assert "@media print" in page and "break-before: page" in page


def test_html_escapes_question_text():
    assert html.spans_html([{"text": "<script>x</script> & y", "code": False, "bold": False}]) == \
        "&lt;script&gt;x&lt;/script&gt; &amp; y"
    assert html.spans_html([{"text": "a<b", "code": True, "bold": True}]) == "<strong><code>a&lt;b</code></strong>"


def test_markdown_writes_the_diagrams_beside_it(tmp_path):
    out, key = tmp_path / "set.md", tmp_path / "key.md"
    result = print_cli(tmp_path, "-n", "6", "--seed", "4", "--variants", "2", "-o", str(out), "--key", str(key))
    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8")
    practice_sets = sets(n=6, seed=4, variants=2)
    drawn = [(s.number, i) for s in practice_sets for i, q in enumerate(s.questions, 1) if q.job is not None]
    for number, index in drawn:
        name = f"set-diagrams/set{number}-q{index:02d}.svg"
        assert f"]({name})" in text
        assert (tmp_path / name).read_text(encoding="utf-8").startswith("<svg")
    assert "Answer key" not in text and "Answer key" in key.read_text(encoding="utf-8")
    assert "Combined key sheet" in key.read_text(encoding="utf-8")


def test_markdown_escapes_text_and_fences_code():
    assert markdown.escape("a*b_[c]") == r"a\*b\_\[c\]"
    assert markdown.code("x`y") == "``x`y``"


def test_markdown_removes_its_own_stale_diagrams_only(tmp_path):
    folder = tmp_path / "set-diagrams"
    folder.mkdir()
    (folder / "set9-q99.svg").write_text("old")
    (folder / "notes.txt").write_text("mine")
    markdown.write(sets(n=3, seed=1, variants=1), tmp_path / "set.md", title="t", date=DATE, key_path=None)
    assert not (folder / "set9-q99.svg").exists() and (folder / "notes.txt").exists()


# ----------------------------------------------------------------------------- errors


def test_an_unknown_output_format_is_bad_input(tmp_path):
    result = print_cli(tmp_path, "-n", "2", "-o", str(tmp_path / "set.docx"))
    assert result.exit_code == 2 and "--format" in result.output


def test_an_unknown_concept_is_bad_input(tmp_path):
    result = print_cli(tmp_path, "--concept", "nope", "-o", str(tmp_path / "set.pdf"))
    assert result.exit_code == 2 and not (tmp_path / "set.pdf").exists()


# ----------------------------------------------------------------------------- exports


def open_deck(path):
    with zipfile.ZipFile(path) as archive:
        media = json.loads(archive.read("media"))
        names = set(archive.namelist())
        collection = path.with_suffix(".anki2")
        collection.write_bytes(archive.read("collection.anki2"))
    db = sqlite3.connect(collection)
    return db, media, names


def test_anki_deck_has_a_note_and_card_per_variant_with_stable_guids_and_svg_media(tmp_path):
    genanki = pytest.importorskip("genanki")
    deck = tmp_path / "deck.apkg"
    result = CliRunner().invoke(main, ["export", "anki", "-n", "12", "--seed", "3", "-o", str(deck)])
    assert result.exit_code == 0, result.output
    questions, _ = make_questions(spread(bank(), 12, 3))
    db, media, names = open_deck(deck)
    notes = db.execute("select guid, flds, tags, mid from notes").fetchall()
    assert len(notes) == len({q.id for q in questions}) == db.execute("select count(*) from cards").fetchone()[0]
    assert {n[0] for n in notes} == {genanki.guid_for(q.template_id, q.seed) for q in questions}
    assert {n[3] for n in notes} == {anki.MODEL_ID}
    decks = json.loads(db.execute("select decks from col").fetchone()[0])
    assert str(anki.DECK_ID) in decks
    svg_names = set(media.values())
    assert svg_names == {anki.media_name(q) for q in questions if q.job is not None}
    assert set(media) <= names  # every media entry is in the archive
    for note in notes:
        fields = note[1].split("\x1f")
        assert len(fields) == len(anki.FIELDS)
        assert fields[3] and fields[4]  # the answer and the explanation on the back
    db.close()


def test_re_exporting_keeps_the_same_guids(tmp_path):
    pytest.importorskip("genanki")
    first, second = tmp_path / "a.apkg", tmp_path / "b.apkg"
    for out in (first, second):
        CliRunner().invoke(main, ["export", "anki", "-n", "5", "--seed", "1", "-o", str(out)])
    guids = []
    for out in (first, second):
        db, _, _ = open_deck(out)
        guids.append(sorted(g for (g,) in db.execute("select guid from notes")))
        db.close()
    assert guids[0] == guids[1]


def test_anki_without_genanki_says_how_to_install_it(tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "genanki", None)
    result = CliRunner().invoke(main, ["export", "anki", "-n", "2", "-o", str(tmp_path / "d.apkg")])
    assert result.exit_code == 2 and "lakedrill[anki]" in result.output
    assert not (tmp_path / "d.apkg").exists()


def test_export_json_is_the_question_representation(tmp_path):
    out = tmp_path / "q.json"
    result = CliRunner().invoke(main, ["export", "json", "-n", "6", "--seed", "2", "-o", str(out)])
    assert result.exit_code == 0, result.output
    questions, _ = make_questions(spread(bank(), 6, 2))
    assert json.loads(out.read_text(encoding="utf-8")) == [json.loads(json.dumps(question_as_dict(q)))
                                                           for q in questions]
    stdout = CliRunner().invoke(main, ["export", "json", "-n", "6", "--seed", "2"])
    assert stdout.output == out.read_text(encoding="utf-8")
