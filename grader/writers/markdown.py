"""Practice sets as Markdown, the diagrams as SVG files in a folder beside it
(`set.md` -> `set-diagrams/set1-q01.svg`). Question text is escaped so that a Markdown renderer
shows it as written: only the spans' code and bold become Markdown."""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from lakedrill.engine.words import plural
from lakedrill.writers.document import PracticeSet, key_sheet, set_data
from lakedrill.writers.markup import Block, Span
from lakedrill.writers.registry import Written, write_file

_SPECIAL = re.compile(r"([\\`*_\[\]<>#|~!])")
_OURS = re.compile(r"set\d+-q\d+\.svg")


def escape(text: str) -> str:
    return _SPECIAL.sub(r"\\\1", text)


def code(text: str) -> str:
    fence = "`" * (max((len(run) for run in re.findall(r"`+", text)), default=0) + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def spans_md(parts: Sequence[Span]) -> str:
    out = []
    for span in parts:
        text = code(span["text"]) if span["code"] else escape(span["text"])
        out.append(f"**{text}**" if span["bold"] and text.strip() else text)
    return "".join(out)


def blocks_md(parts: Sequence[Block]) -> str:
    out = []
    for block in parts:
        if block["type"] == "p":
            out.append(spans_md(block["spans"]))
        else:
            out.append("\n".join(f"- {spans_md(item)}" for item in block["items"]))
    return "\n\n".join(out)


def _question(q: dict[str, Any], diagram: str | None) -> list[str]:
    out = [f"## Question {q['number']} · {escape(q['concept_title'])}", blocks_md(q["stem"])]
    if diagram:
        out.append(f"![{escape(q['alt'])}]({diagram})")
    out.append(f"*{escape(q['instruction'])}*")
    if q["options"]:
        out.append("\n".join(f"- [ ] **{o['label']}.** {spans_md(o['spans'])}" for o in q["options"]))
    else:
        out.append("Answer: \\_\\_\\_\\_\\_\\_\\_\\_\\_\\_\\_\\_\\_\\_\\_\\_\\_\\_\\_\\_")
    return out


def _key(data: dict[str, Any]) -> list[str]:
    out = [f"## Answer key · set {data['set']} (seed {data['seed']})"]
    for q in data["questions"]:
        out.append(f"**{q['number']}.** {spans_md(q['key'])} ({code(q['id'])})")
        out.append(blocks_md(q["explanation"]))
    return out


def _sheet(sheet: dict[str, Any]) -> list[str]:
    header = "| set | seed | " + " | ".join(str(i + 1) for i in range(sheet["count"])) + " |"
    rule = "|---|---|" + "---|" * sheet["count"]
    rows = [f"| {r['set']} | {r['seed']} | " + " | ".join(escape(k) for k in r["keys"]) + " |"
            for r in sheet["rows"]]
    return ["# Combined key sheet", "\n".join([header, rule, *rows])]


def document(sets: Sequence[PracticeSet], *, title: str, date: str, questions: bool, keys: bool, sheet: bool,
             diagrams: dict[tuple[int, int], str]) -> str:
    out: list[str] = []
    for practice_set in sets:
        data = set_data(practice_set, title=title, date=date, paper="a4", diagrams=False)
        if questions:
            out += [f"# {escape(title)} · set {data['set']}",
                    "Databricks Data Engineer · Lakeflow Jobs (Jobs & orchestration)",
                    f"Set {data['set']} · {plural(data['count'], 'question')} · seed {data['seed']} · {date}",
                    "Name: \\_\\_\\_\\_\\_\\_\\_\\_\\_\\_\\_\\_\\_\\_\\_\\_\\_\\_\\_\\_"]
            for q in data["questions"]:
                out += _question(q, diagrams.get((data["set"], q["number"])))
        if keys:
            out += _key(data)
    if sheet:
        out += _sheet(key_sheet(sets))
    return "\n\n".join(out) + "\n"


def write(sets: Sequence[PracticeSet], output: Path | str, *, key_path: Path | str | None = None, title: str = "",
          date: str = "", paper: str = "a4") -> Written:
    """Write the Markdown, its diagrams, and the key apart when `key_path` is given (`paper` is the
    reader's to choose)."""
    from lakedrill.writers.svg import dag_svg

    output = Path(output)
    folder = output.with_name(f"{output.stem}-diagrams")
    diagrams: dict[tuple[int, int], str] = {}
    files: dict[str, str] = {}
    for practice_set in sets:
        for number, question in enumerate(practice_set.questions, 1):
            if question.job is not None:
                name = f"set{practice_set.number}-q{number:02d}.svg"
                files[name] = dag_svg(question.job)
                diagrams[(practice_set.number, number)] = f"{folder.name}/{name}"
    if files:
        folder.mkdir(parents=True, exist_ok=True)
        for stale in folder.iterdir():  # diagrams of an earlier, larger printout (only files we name)
            if _OURS.fullmatch(stale.name) and stale.name not in files:
                stale.unlink()
        for name, svg in files.items():
            write_file(folder / name, svg)
    several = len(sets) > 1
    write_file(output, document(sets, title=title, date=date, questions=True, keys=key_path is None,
                                sheet=several and key_path is None, diagrams=diagrams))
    if key_path is not None:
        write_file(key_path, document(sets, title=title, date=date, questions=False, keys=True, sheet=several,
                                      diagrams={}))
    count = sum(len(s.questions) for s in sets)
    paths = (output, *([folder] if files else []), *([key_path] if key_path is not None else []))
    return Written(tuple(map(str, paths)), f"{output}: {plural(count, 'question')}")
