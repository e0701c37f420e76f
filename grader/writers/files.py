"""Output files written atomically: the whole file, or (on a failure) nothing new at the path."""

from __future__ import annotations

import os
from pathlib import Path


def write_file(path: Path | str, data: bytes) -> None:
    path = Path(path)
    partial = path.with_name(f".{path.name}.partial")
    try:
        partial.write_bytes(data)
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)
