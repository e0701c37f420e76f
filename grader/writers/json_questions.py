"""Questions as JSON: a list of the Question representation (lakedrill.variants.question), for
other tools and LMS importers; `-` writes to standard output."""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from pathlib import Path

from lakedrill.variants.question import question_as_dict
from lakedrill.writers.document import PracticeSet
from lakedrill.writers.registry import Written, write_file, written


def write(sets: Sequence[PracticeSet], output: Path | str, *, key_path: Path | str | None = None, title: str = "",
          date: str = "", paper: str = "a4") -> Written:
    """Every question of the sets, in order, each with its key."""
    questions = [q for practice_set in sets for q in practice_set.questions]
    text = json.dumps([question_as_dict(q) for q in questions], indent=2, sort_keys=True) + "\n"
    if str(output) == "-":
        sys.stdout.write(text)
        return Written(())
    write_file(output, text)
    return written(sets, output)
