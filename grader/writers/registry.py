"""The one writer contract, and every output format by name.

A writer is a module with

    def write(sets: Sequence[PracticeSet], output: Path | str, *, key_path: Path | str | None = None,
              title: str = "", date: str = "", paper: str = "a4") -> Written

that writes the sets' questions to `output` (and their keys to `key_path`, when the format can put
them apart), atomically, and says what it wrote. A new format (an LMS's import file, say) is one
module and one line in FORMATS; `lakedrill print` offers the printed ones and `lakedrill export`
gets a subcommand for each of the others.
"""

from __future__ import annotations

import importlib
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from lakedrill.writers.document import PracticeSet


@dataclass(frozen=True)
class Written:
    """What a writer wrote: the files and folders, in order, and the line `lakedrill export` prints."""

    files: tuple[str, ...]
    summary: str = ""  # "" when the output went to standard output


class Writer(Protocol):
    def __call__(self, sets: Sequence[PracticeSet], output: Path | str, *, key_path: Path | str | None = None,
                 title: str = "", date: str = "", paper: str = "a4") -> Written: ...


@dataclass(frozen=True)
class Format:
    """An output format: the module whose `write` makes it, the file endings that name it, and
    whether it is a set to print (`lakedrill print`) or an export (`lakedrill export NAME`)."""

    name: str
    module: str
    suffixes: tuple[str, ...]
    printed: bool = False
    # for an export subcommand: what it writes, how many by default, the help of -o, its summary
    help: str = ""
    items: str = "Questions"
    default_count: int = 20
    output_help: str = "The file to write."
    to_stdout: bool = False  # -o - writes to standard output (the default then)

    def writer(self) -> Writer:
        return importlib.import_module(self.module).write


FORMATS: dict[str, Format] = {f.name: f for f in (
    Format("pdf", "lakedrill.writers.pdf", (".pdf",), printed=True),
    Format("html", "lakedrill.writers.html", (".html", ".htm"), printed=True),
    Format("md", "lakedrill.writers.markdown", (".md",), printed=True),
    Format("anki", "lakedrill.writers.anki", (".apkg",), items="Notes", default_count=100,
           output_help="The .apkg to write.",
           help="An Anki deck: one note per variant, the DAG as an image, the explanation on the back."),
    Format("json", "lakedrill.writers.json_questions", (".json",), to_stdout=True,
           output_help="The file to write (- for standard output).",
           help="Questions as JSON (the Question representation), for other tools and LMS importers."),
)}


def printed() -> list[Format]:
    return [f for f in FORMATS.values() if f.printed]


def exported() -> list[Format]:
    return [f for f in FORMATS.values() if not f.printed]


def by_suffix(path: str, formats: Sequence[Format]) -> Format | None:
    """The format a file's name ends in (case aside), among `formats`."""
    suffix = Path(path).suffix.lower()
    return next((f for f in formats if suffix and suffix in f.suffixes), None)


def write(fmt: str, sets: Sequence[PracticeSet], output: Path | str, **options) -> Written:
    return FORMATS[fmt].writer()(sets, output, **options)


def written(sets: Sequence[PracticeSet], output: Path | str, *more: Path | str | None, noun: str = "question") -> Written:
    """A writer's answer: `output` and the other files it wrote, and "<output>: N questions"."""
    from lakedrill.engine.words import plural

    count = sum(len(s.questions) for s in sets)
    return Written((str(output), *(str(p) for p in more if p is not None)), f"{output}: {plural(count, noun)}")


def write_file(path: Path | str, data: bytes | str) -> None:
    """Write a file atomically: the whole of it, or (on a failure) nothing new at `path`."""
    write_with(path, lambda partial: (partial.write_bytes(data) if isinstance(data, bytes)
                                      else partial.write_text(data, encoding="utf-8")))


def write_with(path: Path | str, make: Callable[[Path], object]) -> None:
    """Let `make` write a partial file beside `path`, then put it in place in one step."""
    path = Path(path)
    partial = path.with_name(f".{path.name}.partial")
    try:
        make(partial)
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)
