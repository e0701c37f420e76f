"""Practice sets as one self-contained HTML file: print CSS, the diagrams inline as SVG, every
question text escaped (spans become <code> and <strong>, nothing else is markup)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from html import escape
from pathlib import Path
from typing import Any

from lakedrill.engine.words import plural
from lakedrill.writers.document import PracticeSet, key_sheet, set_data
from lakedrill.writers.markup import Block, Span
from lakedrill.writers.registry import Written, write_file, written

CSS = """
:root { --ink: #111; --soft: #555; --rule: #bbb; }
body { font-family: "Libertinus Serif", Georgia, serif; color: var(--ink); max-width: 46rem;
       margin: 2rem auto; padding: 0 1rem; line-height: 1.45; }
code { font-family: "DejaVu Sans Mono", Menlo, monospace; font-size: 0.88em; background: #f3f3f3;
       padding: 0 0.2em; border-radius: 3px; }
header.title { text-align: center; margin: 4rem 0 3rem; }
header.title h1 { font-size: 2rem; margin-bottom: 0.2rem; }
.meta { color: var(--soft); }
.name { margin: 2rem auto; width: 70%; border-bottom: 1px solid var(--ink); text-align: left; }
section.question { margin: 2rem 0; break-inside: avoid-page; }
section.question h2 { font-size: 1.05rem; margin-bottom: 0.4rem; }
section.question h2 .concept { font-weight: normal; color: var(--soft); font-size: 0.85rem; margin-left: 0.6em; }
figure.dag { margin: 0.8rem 0; text-align: center; }
figure.dag svg { max-width: 100%; height: auto; }
.instruction { font-style: italic; font-size: 0.9rem; color: var(--soft); }
ol.options { list-style: none; padding-left: 0; }
ol.options li { margin: 0.35rem 0; display: flex; gap: 0.5rem; }
.box { display: inline-block; width: 0.85em; height: 0.85em; border: 1px solid var(--ink); margin-top: 0.25em;
       flex: none; }
.answer-line { border-bottom: 1px solid var(--ink); height: 1.8rem; margin: 0.4rem 0; }
section.key { break-before: page; }
section.key .item { margin: 1rem 0; break-inside: avoid; font-size: 0.92rem; }
section.key .id { color: var(--soft); font-size: 0.8rem; margin-left: 0.5em; }
table.sheet { border-collapse: collapse; font-size: 0.85rem; }
table.sheet th, table.sheet td { border: 1px solid var(--rule); padding: 0.2rem 0.4rem; text-align: left; }
section.sheet { break-before: page; }
section.set + section.set { break-before: page; }
figure.dag figcaption { font-size: 0.8rem; color: var(--soft); margin-top: 0.3rem; }
a { color: #0645ad; overflow-wrap: anywhere; }
a:focus-visible { outline: 2px solid currentColor; outline-offset: 2px; }
@media (prefers-color-scheme: dark) {
  :root { --ink: #e8e8e8; --soft: #aaa; --rule: #555; color-scheme: dark; }
  body { background: #161616; }
  code { background: #2a2a2a; }
  a { color: #8cb4ff; }
  figure.dag svg { background: #fff; border-radius: 4px; }
}
@media (max-width: 36rem) {
  body { margin: 1rem auto; }
  header.title { margin: 2rem 0; }
  table.sheet { display: block; overflow-x: auto; }
}
@media print {
  body { max-width: none; margin: 0; }
  @page { margin: 2cm; }
}
"""


_URL = re.compile(r"https?://[^\s<>()]+[^\s<>().,;:!?'\"]")


def _linked(text: str) -> str:
    """Escaped text, every https link in it an <a>."""
    out, position = [], 0
    for match in _URL.finditer(text):
        url = escape(match.group(0))
        out += [escape(text[position:match.start()]), f'<a href="{url}">{url}</a>']
        position = match.end()
    return "".join(out) + escape(text[position:])


def spans_html(parts: Sequence[Span]) -> str:
    out = []
    for span in parts:
        text = escape(span["text"]) if span["code"] else _linked(span["text"])
        if span["code"]:
            text = f"<code>{text}</code>"
        if span["bold"]:
            text = f"<strong>{text}</strong>"
        out.append(text)
    return "".join(out)


def blocks_html(parts: Sequence[Block]) -> str:
    out = []
    for block in parts:
        if block["type"] == "p":
            out.append(f"<p>{spans_html(block['spans'])}</p>")
        else:
            items = "".join(f"<li>{spans_html(item)}</li>" for item in block["items"])
            out.append(f"<ul>{items}</ul>")
    return "\n".join(out)


def _question(q: dict[str, Any]) -> str:
    parts = [f'<section class="question" id="q{q["number"]}">',
             f'<h2>Question {q["number"]}<span class="concept">{escape(q["concept_title"])}</span></h2>',
             blocks_html(q["stem"])]
    if q["diagram"]:
        # The SVG is ours (svg.py escapes every task key), so it goes in as it is.
        parts.append(f'<figure class="dag" role="img" aria-label="{escape(q["alt"])}">{q["diagram"]}'
                     f'<figcaption>{escape(q["alt"])}</figcaption></figure>')
    parts.append(f'<p class="instruction">{escape(q["instruction"])}</p>')
    if q["options"]:
        items = "".join(f'<li><span class="box"></span><strong>{o["label"]}.</strong> <span>{spans_html(o["spans"])}</span></li>'
                        for o in q["options"])
        parts.append(f'<ol class="options">{items}</ol>')
    else:
        parts.append('<div class="answer-line">Answer:</div><div class="answer-line"></div>')
    parts.append("</section>")
    return "\n".join(parts)


def _key(data: dict[str, Any]) -> str:
    parts = [f'<section class="key"><h1>Answer key · set {data["set"]} (seed {data["seed"]})</h1>']
    for q in data["questions"]:
        parts.append(f'<div class="item"><p><strong>{q["number"]}.</strong> {spans_html(q["key"])}'
                     f'<span class="id">{escape(q["id"])}</span></p>{blocks_html(q["explanation"])}</div>')
    parts.append("</section>")
    return "\n".join(parts)


def _sheet(sheet: dict[str, Any]) -> str:
    head = "".join(f"<th>{i + 1}</th>" for i in range(sheet["count"]))
    rows = "".join(f'<tr><td>{r["set"]}</td><td>{r["seed"]}</td>'
                   + "".join(f"<td>{escape(k)}</td>" for k in r["keys"]) + "</tr>"
                   for r in sheet["rows"])
    return (f'<section class="sheet"><h1>Combined key sheet</h1><table class="sheet"><tr><th>set</th><th>seed</th>'
            f"{head}</tr>{rows}</table></section>")


PAGE_SIZES = {"a4": "A4", "letter": "letter"}


def _page(title: str, paper: str, body: list[str]) -> str:
    return ("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
            f"<title>{escape(title)}</title>\n<style>{CSS}@page {{ size: {PAGE_SIZES[paper]}; }}\n</style>\n"
            "</head>\n<body>\n"
            + "\n".join(body) + "\n</body>\n</html>\n")


def document(sets: Sequence[PracticeSet], *, title: str, date: str, paper: str, questions: bool, keys: bool,
             sheet: bool) -> str:
    body = []
    for practice_set in sets:
        data = set_data(practice_set, title=title, date=date, paper=paper, diagrams=questions)
        parts = [f'<section class="set" id="set{data["set"]}">']
        if questions:
            parts.append(f'<header class="title"><h1>{escape(title)}</h1>'
                         '<p>Databricks Data Engineer · Lakeflow Jobs (Jobs &amp; orchestration)</p>'
                         f'<p>Set {data["set"]} · {plural(data["count"], "question")}</p>'
                         f'<p class="meta">seed {data["seed"]} · {escape(date)}</p>'
                         '<p class="name">Name:</p></header>')
            parts.extend(_question(q) for q in data["questions"])
        if keys:
            parts.append(_key(data))
        parts.append("</section>")
        body.append("\n".join(parts))
    if sheet:
        body.append(_sheet(key_sheet(sets)))
    return _page(title, paper, body)


def write(sets: Sequence[PracticeSet], output: Path | str, *, key_path: Path | str | None = None, title: str = "",
          date: str = "", paper: str = "a4") -> Written:
    """One HTML page (each set's key after it, unless `key_path` asks for the keys apart)."""
    several = len(sets) > 1
    apart = key_path is not None
    write_file(output, document(sets, title=title, date=date, paper=paper, questions=True, keys=not apart,
                                sheet=several and not apart))
    if apart:
        write_file(key_path, document(sets, title=f"{title} — answer key", date=date, paper=paper,
                                      questions=False, keys=True, sheet=several))
    return written(sets, output, key_path)
