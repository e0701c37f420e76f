"""The one error family of lakedrill, and the one place an error becomes a message and an exit code.

Code anywhere raises a `LakedrillError` (or an engine `LakedrillInputError`, which `as_lakedrill_error`
maps onto `InputError`); `guarded`, which the `lakedrill` command runs every command through, prints
its lines and exits with its code. Exit codes: 0 done, 1 a check or grade failed, 2 bad input,
70 a bug (one line on stderr and a report file), 130 interrupted, 141 the reader closed the pipe.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TypeVar

OK = 0
FAILED = 1
BAD_INPUT = 2
BUG = 70  # EX_SOFTWARE (sysexits.h)
INTERRUPTED = 130  # 128 + SIGINT
CLOSED_PIPE = 141  # 128 + SIGPIPE, as a shell reports a reader that stopped reading

T = TypeVar("T")


class LakedrillError(Exception):
    """Something lakedrill stops for: `lines` to print (each ready to read) and an `exit_code`."""

    exit_code = FAILED

    def __init__(self, lines: str | Sequence[str] = ()):
        self.lines = (lines,) if isinstance(lines, str) else tuple(lines)
        super().__init__("\n".join(self.lines))


class InputError(LakedrillError):
    """Bad input that a user can fix: each line says where and what (file:line:col, field, fix)."""

    exit_code = BAD_INPUT


class Failed(LakedrillError):
    """A check or a grade failed (what failed is said in `lines`, or was printed already)."""

    exit_code = FAILED


class Interrupted(LakedrillError):
    """The user stopped lakedrill (Ctrl-C, a closed terminal); whatever had to be said is said."""

    exit_code = INTERRUPTED


def as_lakedrill_error(error: BaseException) -> LakedrillError | None:
    """The member of the family `error` is, or None for a bug. The engine knows nothing of the grader,
    so its input errors are mapped here, the one place that does it."""
    if isinstance(error, LakedrillError):
        return error
    from lakedrill.engine.errors import LakedrillInputError

    if isinstance(error, LakedrillInputError):
        return InputError([str(problem) for problem in error.problems])
    return None


def guarded(call: Callable[..., T], *args: Any, echo: Callable[[str], None] | None = None) -> T:
    """Run `call`; turn whatever it raises into a message on stderr and a SystemExit with its code.

    click's own exceptions (usage errors, --help, ctx.exit) pass through to click, which keeps exit 2
    for a usage error. Anything unforeseen is one line, a report file with the traceback, and exit 70.
    """
    import click

    say = echo or (lambda line: click.echo(line, err=True))
    try:
        result = call(*args)
        sys.stdout.flush()  # a closed pipe shows here, not at interpreter exit
        return result
    except (click.exceptions.Exit, click.ClickException, click.Abort):
        raise
    except (KeyboardInterrupt, EOFError):
        say("lakedrill: interrupted")
        raise SystemExit(INTERRUPTED) from None
    except BrokenPipeError:
        _silence_stdout()
        raise SystemExit(CLOSED_PIPE) from None
    except Exception as error:  # noqa: BLE001 - the one place every error ends
        known = as_lakedrill_error(error)
        if known is None:
            report = write_report(error)
            say(f"lakedrill: internal error: {_what(error)} (a report is in {report}); please report it")
            raise SystemExit(BUG) from None
        for line in known.lines:
            say(f"lakedrill: {line}")
        raise SystemExit(known.exit_code) from None


def _what(error: BaseException) -> str:
    text = " ".join(str(error).split())
    text = f"{type(error).__name__}: {text}" if text else type(error).__name__
    return text if len(text) <= 200 else text[:199] + "…"


def _silence_stdout() -> None:
    """Point stdout at /dev/null so that Python's final flush does not complain about the pipe."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError):  # no real stdout (a test runner's buffer)
        pass


def report_folders() -> list[Path]:
    """Where a bug report goes: the user's data directory, else the system's temp directory."""
    import tempfile

    from lakedrill.paths import data_dir

    folders = []
    try:
        folders.append(data_dir() / "reports")
    except Exception:  # noqa: BLE001 - a report must not fail for want of a home
        pass
    folders.append(Path(tempfile.gettempdir()) / "lakedrill-reports")
    return folders


def write_report(error: BaseException) -> Path | str:
    """A file with what a maintainer needs: the version, the command line, the full traceback."""
    import platform
    import traceback
    from datetime import datetime, timezone

    from lakedrill import __version__

    moment = datetime.now(timezone.utc)
    text = "\n".join([
        "lakedrill internal error report",
        f"time: {moment.isoformat(timespec='seconds')}",
        f"lakedrill: {__version__}",
        f"python: {platform.python_version()} ({sys.executable})",
        f"platform: {platform.platform()}",
        "command: " + " ".join(["lakedrill", *sys.argv[1:]]),
        "",
        "".join(traceback.format_exception(type(error), error, error.__traceback__)),
    ])
    name = f"crash-{moment:%Y%m%dT%H%M%SZ}-{os.getpid()}.txt"
    for folder in report_folders():
        try:
            folder.mkdir(parents=True, exist_ok=True)
            path = folder / name
            partial = folder / f".{name}.partial"
            partial.write_text(text, encoding="utf-8")
            os.replace(partial, path)
            return path
        except OSError:
            continue
    return "nowhere (no writable folder)"
