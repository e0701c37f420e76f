"""Jinja's compiled code, kept in a file beside the bank cache between starts.

Jinja's lexer, parser and code generator were most of a first question's time. The first start
after an install validates the bank, compiling every Jinja source of it; that code is written to a
file, and later starts execute it instead of compiling (the same trust as Python's own
__pycache__: lakedrill writes it into the learner's data directory). The code is sandboxed when it
runs (SandboxedEnvironment.call/getattr), so nothing of the sandbox is lost.

The file is an index (source -> where its code is, and the code's checksum) and the code; a start
reads the index and then only the code of the sources it renders. The index and each piece of code
are checked against their keyed checksums (templates/seal.py) before they are unmarshalled:
damaged bytes once crashed the interpreter, and code is executed. No Jinja import here: the bank
attaches the file before any Jinja is needed. Keys are "t:" + a template's source or "e:" + an
expression's source.
"""

from __future__ import annotations

import marshal
import os
import struct
from pathlib import Path
from typing import Any

from lakedrill.templates import seal

_HEADER = struct.Struct("<Q")  # the length of the index that follows it

_code: dict[str, bytes] = {}  # compiled in this process, or read from the file
_file: dict[str, Any] = {}  # path, stamp; then the index and where the code starts, once read


def attach(path: Path, stamp: str) -> None:
    """Serve code from `path` if it was written for the bank `stamp` (checked at the first lookup)."""
    _file.clear()
    _file.update(path=path, stamp=stamp)


def lookup(key: str, jinja_version: str) -> bytes | None:
    """Code for a source, compiled by this Jinja for this bank, if any was kept."""
    code = _code.get(key)
    if code is not None or not _file:
        return code
    index = _index(jinja_version)
    where = index.get(key) if index else None
    if where is None:
        return None
    try:
        with open(_file["path"], "rb") as handle:
            handle.seek(_file["base"] + where[0])
            code = handle.read(where[1])
    except OSError:
        return None
    if len(code) != where[1] or seal.digest(_file["stamp"], code) != where[2]:
        return None  # damaged since it was written: compiled afresh
    _code[key] = code
    return code


def _index(jinja_version: str) -> dict[str, tuple[int, int]] | None:
    if "index" not in _file:
        _file["index"] = None
        try:
            with open(_file["path"], "rb") as handle:
                (length,) = _HEADER.unpack(handle.read(_HEADER.size))
                sealed = handle.read(min(length, 1 << 26))
            payload = seal.unseal(_file["stamp"], sealed) if len(sealed) == length else None
            header = marshal.loads(payload) if payload is not None else None
            if (isinstance(header, dict) and header.get("stamp") == _file["stamp"]
                    and header.get("jinja") == jinja_version and isinstance(header.get("index"), dict)
                    and all(isinstance(w, tuple) and len(w) == 3 for w in header["index"].values())):
                _file["index"], _file["base"] = header["index"], _HEADER.size + length
        except (OSError, ValueError, EOFError, TypeError, struct.error):
            pass  # no file, or not one of ours: compile afresh
    return _file["index"]


def store(key: str, code: bytes) -> None:
    _code[key] = code


def write(path: Path, stamp: str) -> None:
    """Keep the code of every source compiled so far (the whole bank, after it was validated)."""
    import jinja2

    index: dict[str, tuple[int, int]] = {}
    chunks: list[bytes] = []
    offset = 0
    for key in sorted(_code):
        index[key] = (offset, len(_code[key]), seal.digest(stamp, _code[key]))
        chunks.append(_code[key])
        offset += len(_code[key])
    header = seal.seal(stamp, marshal.dumps({"stamp": stamp, "jinja": jinja2.__version__, "index": index}))
    temporary = path.with_suffix(f".{os.getpid()}.tmp")
    temporary.write_bytes(_HEADER.pack(len(header)) + header + b"".join(chunks))
    temporary.replace(path)  # atomic: a concurrent reader sees the old file or the new one
