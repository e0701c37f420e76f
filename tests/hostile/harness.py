"""Running lakedrill on hostile input the way a user would: a separate process, bounded in memory
(RLIMIT_AS) and CPU time (RLIMIT_CPU), so a case that would hang or eat the machine fails its test
instead of the test run."""

from __future__ import annotations

import os
import resource
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import yaml

MEMORY = 1_500_000_000  # bytes of address space: far more than any honest command needs
CPU_SECONDS = 60

BASE_TEMPLATE = (Path(__file__).parents[2] / "questions" / "no-rollback" / "official-sample-a-fails.yaml")


@dataclass
class Outcome:
    code: int
    out: str
    err: str

    @property
    def text(self) -> str:
        return self.out + self.err


def _limits(memory: int, fsize: int | None):
    def apply() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
        resource.setrlimit(resource.RLIMIT_CPU, (CPU_SECONDS, CPU_SECONDS))
        if fsize is not None:
            resource.setrlimit(resource.RLIMIT_FSIZE, (fsize, fsize))
    return apply


def run(*args: str, stdin: bytes | str | None = None, cwd: str | Path | None = None,
        memory: int = MEMORY, fsize: int | None = None, env: dict | None = None,
        code: str | None = None) -> Outcome:
    """`lakedrill ARGS` (or `python -c CODE`) in a child process under the limits."""
    command = [sys.executable, "-c", code] if code else [sys.executable, "-m", "lakedrill", *args]
    data = stdin.encode() if isinstance(stdin, str) else stdin
    full_env = {**os.environ, "PYTHONUTF8": "0", "LC_ALL": "C.UTF-8", **(env or {})}
    done = subprocess.run(command, input=data if data is not None else b"", capture_output=True, cwd=cwd,
                          env=full_env, preexec_fn=_limits(memory, fsize), timeout=CPU_SECONDS * 2)
    return Outcome(done.returncode, done.stdout.decode("utf-8", "replace"), done.stderr.decode("utf-8", "replace"))


def assert_named(outcome: Outcome, *words: str, code: int = 2) -> None:
    """Refused as bad input: the exit code, no traceback, and the words that name the problem."""
    assert "Traceback" not in outcome.err, outcome.err[-3000:]
    assert outcome.code == code, (outcome.code, outcome.err[-3000:])
    for word in words:
        assert word in outcome.text, (word, outcome.text[-3000:])


def template_bank(folder: Path, **changes) -> Path:
    """A bank of one template, the official sample with `changes` to its fields."""
    data = yaml.safe_load(BASE_TEMPLATE.read_text(encoding="utf-8"))
    data.update(changes)
    bank = folder / "bank"
    (bank / "no-rollback").mkdir(parents=True, exist_ok=True)
    (bank / "no-rollback" / "t.yaml").write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return bank
