"""Errors a user can cause, each naming where (a field path), what, and what to do.

The engine knows nothing of files: a path is a tuple of keys and indexes into the document it was
given (``("tasks", 2, "depends_on", 0, "task_key")``). The grader maps it onto a file and line.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

Path = tuple[str | int, ...]


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with an input: where (a path into it), what, and how to fix it."""

    path: Path
    message: str
    hint: str = ""
    warning: bool = False  # an unknown field: the Databricks CLI warns and deploys, so a reader may go on

    def dotted(self) -> str:
        return dotted(self.path)

    def __str__(self) -> str:
        where = self.dotted()
        text = f"{where}: {self.message}" if where else self.message
        return f"{text} ({self.hint})" if self.hint else text


def dotted(path: Path) -> str:
    """``("tasks", 2, "run_if")`` -> ``tasks[2].run_if``."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


class LakedrillInputError(ValueError):
    """Bad input from a user: one or more problems, all reported at once."""

    kind = "input"

    def __init__(self, problems: Sequence[Problem]):
        self.problems: tuple[Problem, ...] = tuple(problems)
        super().__init__("\n".join(str(p) for p in self.problems))

    def prefixed(self, prefix: Path) -> LakedrillInputError:
        """The same error with every path under `prefix` (for envelopes around a job)."""
        return type(self)([Problem(prefix + p.path, p.message, p.hint, p.warning) for p in self.problems])


class InvalidJob(LakedrillInputError):
    kind = "job"


class InvalidScenario(LakedrillInputError):
    kind = "scenario"


class InvalidRepair(LakedrillInputError):
    kind = "repair"


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """A hint naming the closest choice, or '' when nothing is close."""
    close = difflib.get_close_matches(str(word), list(choices), n=1, cutoff=0.6)
    return f"did you mean '{close[0]}'?" if close else ""


def listing(names: Iterable[str], limit: int = 12) -> str:
    names = list(names)
    shown = ", ".join(names[:limit])
    return shown + (f", … ({len(names)} in all)" if len(names) > limit else "")
