"""Where the question bank lives: the bundled one (questions/, installed with the package) or a
folder the user names with --bank or LAKEDRILL_BANK."""

from __future__ import annotations

import os
from pathlib import Path

from grader.template import Template, load_bank


def bundled_bank() -> Path:
    from importlib import resources

    return Path(str(resources.files("questions")))


def bank_paths(bank: str | None = None) -> list[Path]:
    chosen = bank or os.environ.get("LAKEDRILL_BANK")
    return [Path(chosen)] if chosen else [bundled_bank()]


def load(bank: str | None = None, only: list[str] | None = None) -> list[Template]:
    """Templates of the bank, or of the files/folders in `only`; sorted by concept then id."""
    templates = load_bank(only or bank_paths(bank))
    return sorted(templates, key=lambda t: (t.model.concept, t.id))
