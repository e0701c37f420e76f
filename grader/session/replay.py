"""The command that asks a quiz again: every option that shapes it, so pasting it repeats the quiz."""

from __future__ import annotations

import shlex
from collections.abc import Sequence


def replay_command(*, seed: int, count: int, concepts: Sequence[str] = (), review: bool = False, exam: bool = False,
                   form: str = "practice", minutes: float | None = None, pass_mark: float | None = None,
                   job_file: str | None = None, job_name: str | None = None, bank: str | None = None,
                   default_count: int = 10) -> str:
    words = ["lakedrill", "quiz", "--seed", str(seed)]
    if count != default_count:
        words += ["-n", str(count)]
    for concept in concepts:
        words += ["--concept", concept]
    if review:
        words.append("--review")
    if exam:
        words.append("--exam")
    elif form == "exam":
        words += ["--format", "exam"]
    if minutes is not None:
        words += ["--minutes", f"{minutes:g}"]
    if pass_mark is not None:
        words += ["--pass-mark", f"{pass_mark:g}"]
    if job_file is not None:
        words += ["--job", job_file]
    if job_name is not None:
        words += ["--job-name", job_name]
    if bank is not None:
        words += ["--bank", bank]
    return shlex.join(words)
