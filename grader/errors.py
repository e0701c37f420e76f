"""Bad input that a user can fix: each line says where and what (file:line:col, field, fix)."""

from __future__ import annotations

from collections.abc import Sequence


class InputError(Exception):
    """Lines ready to print, each naming the spot of one problem."""

    def __init__(self, lines: Sequence[str]):
        self.lines = tuple(lines)
        super().__init__("\n".join(self.lines))
