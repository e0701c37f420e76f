"""Hostile input, the data folder's cache: damaged bytes in a cache file are never unmarshalled
(marshal can crash the interpreter on them, and Jinja's kept code is executed); the file fails its
checksum and is rebuilt, and the question is the one a clean start shows."""

from __future__ import annotations

import random
import struct

import pytest

from tests.hostile.harness import run

pytestmark = pytest.mark.timeout(300)


@pytest.mark.parametrize("which", ["bank", "jinja"])
def test_a_damaged_cache_file_is_rebuilt_and_the_question_is_unchanged(tmp_path, which):
    home = {"LAKEDRILL_HOME": str(tmp_path / "home")}
    clean = run("show", "repair-rerun-dependent-tasks", "--seed", "3", env=home)
    assert clean.code == 0, clean.err[-2000:]
    [path] = [p for p in (tmp_path / "home" / "cache").glob("bank-*.marshal")
              if p.name.endswith("-jinja.marshal") == (which == "jinja")]
    rng = random.Random(7)
    original = path.read_bytes()
    # the Jinja file: only its code, past the index, so that each piece's own checksum is what refuses it
    start = 0 if which == "bank" else 8 + struct.unpack("<Q", original[:8])[0]
    for _ in range(4):  # bytes flipped all over the file, as a bad disk or a crafted file would
        data = bytearray(original)
        for _ in range(64 if which == "bank" else 20_000):  # the code: enough to reach what the question runs
            data[rng.randrange(start, len(data))] = rng.randrange(256)
        path.write_bytes(bytes(data))
        again = run("show", "repair-rerun-dependent-tasks", "--seed", "3", env=home)
        assert again.code == 0 and "Traceback" not in again.err, (again.code, again.err[-2000:])
        assert again.out == clean.out
