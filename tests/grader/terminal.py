"""A real terminal for tests: the quiz runs in a pseudo-terminal (pexpect) and its output is drawn
on an emulated screen (pyte), which also answers prompt_toolkit's cursor-position requests, so a
test reads what a person would see and types what a person would type."""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

import pexpect
import pyte

KEYS = {"up": "\x1b[A", "down": "\x1b[B", "enter": "\r", "space": " ", "ctrl-c": "\x03"}


class Terminal:
    def __init__(self, *args: str, home: Path, rows: int = 40, columns: int = 120, env: dict | None = None):
        environment = dict(os.environ, LAKEDRILL_HOME=str(home), TERM="xterm", PAGER="cat", COLUMNS=str(columns),
                           LINES=str(rows), **(env or {}))
        environment.pop("NO_COLOR", None)
        self.screen = pyte.Screen(columns, rows)
        self.screen.write_process_input = self._reply  # answers "where is the cursor?" (CPR)
        self.stream = pyte.Stream(self.screen)
        self.log = ""  # everything printed, with escapes, as it came
        self.child = pexpect.spawn(sys.executable, ["-m", "lakedrill", *args], env=environment, encoding="utf-8",
                                   dimensions=(rows, columns), timeout=30)
        self.ended = False

    def _reply(self, data: str) -> None:
        self.child.send(data)

    def _read(self, wait: float) -> None:
        try:
            chunk = self.child.read_nonblocking(65536, timeout=wait)
        except pexpect.TIMEOUT:
            return
        except pexpect.EOF:
            self.ended = True
            return
        self.log += chunk
        self.stream.feed(chunk)

    @property
    def text(self) -> str:
        return "\n".join(line.rstrip() for line in self.screen.display)

    def wait_for(self, wanted: str, timeout: float = 30, *, where: str = "screen") -> str:
        """Read until `wanted` is on the screen (or anywhere in the output: where="log")."""
        give_up = time.monotonic() + timeout
        while True:
            seen = self.text if where == "screen" else self.log
            if wanted in seen:
                return seen
            if self.ended or time.monotonic() > give_up:
                raise AssertionError(f"never saw {wanted!r}; the screen shows:\n{self.text}")
            self._read(0.1)

    def press(self, *keys: str) -> None:
        for key in keys:
            self.child.send(KEYS.get(key, key))
            time.sleep(0.05)  # a person's pace: each key is read on its own

    def exit_code(self, timeout: float = 30) -> int:
        give_up = time.monotonic() + timeout
        while not self.ended and time.monotonic() < give_up:
            self._read(0.1)
        self.child.close()
        return self.child.exitstatus if self.child.exitstatus is not None else 128 + (self.child.signalstatus or 0)
