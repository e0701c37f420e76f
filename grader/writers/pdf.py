"""Practice sets as PDF through typst (compiler bundled in the Python package, no system
libraries). The question data goes in as JSON through sys_inputs; fonts are typst's own and the
timestamp is the set's date, so the same command gives the same bytes on any machine."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from lakedrill.writers.document import PracticeSet, key_sheet, set_data
from lakedrill.writers.registry import Written, write_file, written

TEMPLATE = Path(__file__).with_name("practice.typ")
PAPERS = {"a4": "a4", "letter": "us-letter"}


def document(sets: Sequence[PracticeSet], *, title: str, date: str, paper: str, questions: bool, keys: bool,
             sheet: bool) -> dict[str, Any]:
    return {
        "title": title,
        "date": date,
        "paper": PAPERS[paper],
        "questions": questions,
        "keys": keys,
        "sets": [set_data(s, title=title, date=date, paper=paper) for s in sets],
        "sheet": key_sheet(sets) if sheet else None,
    }


def compile_pdf(data: dict[str, Any], *, fmt: str = "pdf", ppi: float | None = None) -> bytes | list[bytes]:
    import typst

    moment = datetime.fromisoformat(data["date"]).replace(tzinfo=timezone.utc)
    return typst.compile(TEMPLATE.read_bytes(), sys_inputs={"data": json.dumps(data, sort_keys=True)},
                         format=fmt, ppi=ppi, timestamp=int(moment.timestamp()), ignore_system_fonts=True)


def write(sets: Sequence[PracticeSet], output: Path | str, *, key_path: Path | str | None = None, title: str = "",
          date: str = "", paper: str = "a4") -> Written:
    """The practice PDF (with each set's key after it, unless `key_path` asks for the keys apart)."""
    several = len(sets) > 1
    apart = key_path is not None
    write_file(output, compile_pdf(document(sets, title=title, date=date, paper=paper, questions=True,
                                            keys=not apart, sheet=several and not apart)))
    if apart:
        write_file(key_path, compile_pdf(document(sets, title=title, date=date, paper=paper, questions=False,
                                                  keys=True, sheet=several)))
    return written(sets, output, key_path)
