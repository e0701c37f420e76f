"""Writing practice sets to files, in the format asked for (PDF, HTML or Markdown)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from lakedrill.writers.document import PracticeSet


def write_sets(sets: Sequence[PracticeSet], *, fmt: str, output: str, key_path: str | None, title: str,
               date: str, paper: str) -> list[str]:
    """Write the sets (and the keys, apart when `key_path` is given); return the files written."""
    out = Path(output)
    written = [str(out)]
    if fmt == "pdf":
        from lakedrill.writers import pdf

        practice, key = pdf.write(sets, title=title, date=date, paper=paper, key_separately=key_path is not None)
        out.write_bytes(practice)
        if key is not None:
            Path(key_path).write_bytes(key)
            written.append(key_path)
        return written
    if fmt == "html":
        from lakedrill.writers import html

        practice, key = html.write(sets, title=title, date=date, paper=paper, key_separately=key_path is not None)
        out.write_text(practice, encoding="utf-8")
        if key is not None:
            Path(key_path).write_text(key, encoding="utf-8")
            written.append(key_path)
        return written
    from lakedrill.writers import markdown

    files = markdown.write(sets, out, title=title, date=date, key_path=Path(key_path) if key_path else None)
    return [str(p) for p in files]
