"""The little Markdown that stems and explanations use — paragraphs, "- " lists, `code` and
**bold** — parsed once into plain blocks and spans that every writer renders its own way
(rich Text here; typst, HTML and Markdown in the other writers). No writer ever hands question
text to a markup language to interpret.
"""

from __future__ import annotations

import re
from typing import Any

from rich.console import Group
from rich.table import Table
from rich.text import Text

_INLINE = re.compile(r"`([^`]+)`|\*\*(.+?)\*\*")
CODE_STYLE = "bold cyan"

Span = dict[str, Any]  # {"text": str, "code": bool, "bold": bool}
Block = dict[str, Any]  # {"type": "p", "spans": [...]} or {"type": "ul", "items": [[spans], ...]}


def spans(text: str, bold: bool = False) -> list[Span]:
    out: list[Span] = []
    position = 0
    for match in _INLINE.finditer(text):
        if match.start() > position:
            out.append({"text": text[position:match.start()], "code": False, "bold": bold})
        if match.group(1) is not None:
            out.append({"text": match.group(1), "code": True, "bold": bold})
        else:
            out.extend(spans(match.group(2), bold=True))
        position = match.end()
    if position < len(text):
        out.append({"text": text[position:], "code": False, "bold": bold})
    return out


def parse(markdown: str) -> list[Block]:
    """Paragraphs (their lines joined) and "- " lists (indented lines continue an item)."""
    out: list[Block] = []
    for index, block in enumerate(re.split(r"\n\s*\n", markdown.strip())):
        lines = [line.rstrip() for line in block.splitlines() if line.strip()]
        paragraph: list[str] = []
        items: list[str] = []

        def flush() -> None:
            if paragraph:
                out.append({"type": "p", "spans": spans(" ".join(paragraph)), "block": index})
                paragraph.clear()
            if items:
                # "tight": the list follows a paragraph of the same block ("In this run:" and its list)
                tight = bool(out) and out[-1]["type"] == "p" and out[-1].get("block") == index
                out.append({"type": "ul", "items": [spans(item) for item in items], "tight": tight, "block": index})
                items.clear()

        for line in lines:
            stripped = line.lstrip()
            if stripped.startswith(("- ", "* ")):
                if paragraph:
                    flush()
                items.append(stripped[2:].strip())
            elif items and line.startswith(" "):
                items[-1] += " " + stripped
            else:
                if items:
                    flush()
                paragraph.append(stripped)
        flush()
    return out


def plain(markdown_spans: list[Span]) -> str:
    return "".join(s["text"] for s in markdown_spans)


# ----------------------------------------------------------------------------- rich


def _text(parts: list[Span], style: str = "") -> Text:
    out = Text(style=style)
    for span in parts:
        span_style = CODE_STYLE if span["code"] else ""
        if span["bold"]:
            span_style = (span_style + " bold").strip()
        out.append(span["text"], style=span_style)
    return out


def inline(text: str, style: str = "") -> Text:
    """One line or paragraph: `code` and **bold** styled, the rest literal (no markup is read)."""
    return _text(spans(text), style)


def bullet(text: Text) -> Table:
    """A list item with a hanging indent: wrapped lines start under the text, not the bullet."""
    grid = Table.grid(padding=0)
    grid.add_column(width=4, no_wrap=True)
    grid.add_column(ratio=1)
    grid.add_row("  • ", text)
    return grid


def blocks(markdown: str) -> Group:
    parts: list = []
    for block in parse(markdown):
        if parts and not block.get("tight"):
            parts.append(Text(""))
        if block["type"] == "p":
            parts.append(_text(block["spans"]))
        else:
            parts.extend(bullet(_text(item)) for item in block["items"])
    return Group(*parts)
