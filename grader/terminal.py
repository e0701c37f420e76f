"""The rich console every terminal view prints through."""

from __future__ import annotations

import os
import shutil

from rich.console import Console


class _Console(Console):
    def on_broken_pipe(self) -> None:
        """A reader that closed the pipe (`| head`): lakedrill.errors.guarded ends quietly, as for any output."""
        self.quiet = True
        raise BrokenPipeError


def console() -> Console:
    """A console that wraps at the terminal's width, or at 120 columns when output is piped."""
    width = None if os.isatty(1) else int(os.environ.get("COLUMNS", 0) or 0) or 120
    return _Console(width=width or shutil.get_terminal_size((120, 24)).columns, highlight=False, emoji=False)
