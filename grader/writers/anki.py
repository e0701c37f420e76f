"""An Anki deck: one note per variant, the job's DAG as SVG media, the key and explanation on the back.

genanki is an optional extra (`pip install 'lakedrill[anki]'`), imported only here. The note's GUID
comes from template id + seed, and the model and deck ids are fixed, so importing a newer export
updates the cards already studied instead of adding copies.
"""

from __future__ import annotations

import tempfile
from collections.abc import Sequence
from html import escape
from pathlib import Path

from lakedrill.errors import InputError
from lakedrill.templates.concepts import CONCEPTS
from lakedrill.variants.question import Question
from lakedrill.writers.document import INSTRUCTIONS, PracticeSet
from lakedrill.writers.html import blocks_html, spans_html
from lakedrill.writers.markup import parse, spans
from lakedrill.writers.registry import Written, write_with

# Fixed forever: changing either makes Anki see a new note type or deck on the next import.
MODEL_ID = 1_694_201_173
DECK_ID = 1_694_201_229
DECK_NAME = "lakedrill::Lakeflow Jobs"
FIELDS = ["Question", "Diagram", "Options", "Answer", "Explanation", "Concept", "Id"]

CSS = """
.card { font-family: Georgia, serif; font-size: 18px; text-align: left; color: #111; background: #fff; }
code { font-family: Menlo, "DejaVu Sans Mono", monospace; font-size: 0.9em; background: #f3f3f3; padding: 0 .2em; }
.diagram img { max-width: 100%; }
.instruction { font-style: italic; color: #555; }
.concept, .id { color: #777; font-size: 0.8em; }
.nightMode code { background: #333; }
.nightMode.card, .night_mode .card { color: #eee; background: #1e1e1e; }
.nightMode .instruction, .nightMode .concept, .nightMode .id { color: #bbb; }
.nightMode .diagram img { background: #fff; padding: 4px; border-radius: 4px; }
.nightMode a { color: #8cf; }
ol.options { padding-left: 1.6em; }
"""

FRONT = """<div class="concept">{{Concept}}</div>
{{Question}}
<div class="diagram">{{Diagram}}</div>
{{Options}}"""

BACK = """{{FrontSide}}
<hr id="answer">
<p><strong>{{Answer}}</strong></p>
{{Explanation}}
<div class="id">{{Id}}</div>"""


class MissingGenanki(InputError):
    """genanki is not installed: the user can fix that (exit 2)."""

    def __init__(self) -> None:
        super().__init__("the Anki export needs genanki: pip install 'lakedrill[anki]' (or pip install genanki)")


def media_name(question: Question) -> str:
    return f"lakedrill-{question.template_id}-{question.seed}.svg"


def alt(question: Question) -> str:
    from lakedrill.writers.alt import describe

    return "Task graph: " + describe(question.job)


def fields(question: Question, diagram: str | None) -> list[str]:
    instruction = INSTRUCTIONS[question.kind]
    if question.kind == "numeric":
        instruction += f" ({question.unit})." if question.unit else "."
    # the list numbers the options A, B, C itself: a letter of our own would read "A. A."
    options = "".join(f"<li>{spans_html(spans(o.text))}</li>" for o in question.options)
    return [
        blocks_html(parse(question.stem)),
        f'<img src="{escape(diagram)}" alt="{escape(alt(question))}">' if diagram else "",
        f'<p class="instruction">{escape(instruction)}</p>' + (f'<ol class="options" type="A">{options}</ol>'
                                                               if options else ""),
        spans_html(spans(question.key_text)),
        blocks_html(parse(question.explanation)),
        escape(CONCEPTS[question.concept].title),
        escape(question.id),
    ]


def write(sets: Sequence[PracticeSet], output: Path | str, *, key_path: Path | str | None = None, title: str = "",
          date: str = "", paper: str = "a4") -> Written:
    """Write the deck: one note per variant (a card carries its own key; title, date and paper are
    the deck's own)."""
    questions = [q for practice_set in sets for q in practice_set.questions]
    try:
        import genanki
    except ImportError:
        raise MissingGenanki() from None
    from lakedrill.writers.svg import dag_svg

    model = genanki.Model(MODEL_ID, "lakedrill question", fields=[{"name": f} for f in FIELDS],
                          templates=[{"name": "Question", "qfmt": FRONT, "afmt": BACK}], css=CSS)
    deck = genanki.Deck(DECK_ID, DECK_NAME)
    with tempfile.TemporaryDirectory(prefix="lakedrill-anki-") as folder:
        media = []
        seen = set()
        for question in questions:
            if question.id in seen:  # one note per variant
                continue
            seen.add(question.id)
            diagram = None
            if question.job is not None:
                diagram = media_name(question)
                path = Path(folder) / diagram
                path.write_text(dag_svg(question.job), encoding="utf-8")
                media.append(str(path))
            deck.add_note(genanki.Note(model=model, fields=fields(question, diagram),
                                       guid=genanki.guid_for(question.template_id, question.seed),
                                       tags=[question.concept, question.kind]))
        package = genanki.Package(deck, media_files=media)
        write_with(output, lambda partial: package.write_to_file(str(partial)))
    return Written((str(output),), f"{output}: {len(seen)} notes")
