"""The little Markdown that stems and explanations use, as rich Text: paragraphs, "- " lists,
`code` and **bold**. (rich.markdown would do more, and cost a quiz's start-up more.)"""

from __future__ import annotations

import re

from rich.console import Group
from rich.table import Table
from rich.text import Text

_INLINE = re.compile(r"`([^`]+)`|\*\*(.+?)\*\*")
CODE_STYLE = "bold cyan"


def inline(text: str, style: str = "") -> Text:
    """One line or paragraph: `code` and **bold** styled, the rest literal (no markup is read)."""
    out = Text(style=style)
    position = 0
    for match in _INLINE.finditer(text):
        out.append(text[position:match.start()])
        if match.group(1) is not None:
            out.append(match.group(1), style=CODE_STYLE)
        else:
            out.append(_bold(match.group(2)))
        position = match.end()
    out.append(text[position:])
    return out


def bullet(text: Text) -> Table:
    """A list item with a hanging indent: wrapped lines start under the text, not the bullet."""
    grid = Table.grid(padding=0)
    grid.add_column(width=4, no_wrap=True)
    grid.add_column(ratio=1)
    grid.add_row("  • ", text)
    return grid


def _bold(text: str) -> Text:
    """**bold**, with any `code` inside it styled as code too."""
    inner = inline(text)
    inner.stylize("bold")
    return inner


def blocks(markdown: str) -> Group:
    """Paragraphs (their lines joined) and "- " lists (indented lines continue an item)."""
    parts: list = []
    for block in re.split(r"\n\s*\n", markdown.strip()):
        lines = [line.rstrip() for line in block.splitlines() if line.strip()]
        if not lines:
            continue
        if parts:
            parts.append(Text(""))
        paragraph: list[str] = []
        items: list[str] = []

        def flush() -> None:
            if paragraph:
                parts.append(inline(" ".join(paragraph)))
                paragraph.clear()
            for item in items:
                parts.append(bullet(inline(item)))
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
    return Group(*parts)
