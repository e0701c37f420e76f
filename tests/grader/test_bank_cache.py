"""The bank cache: later starts skip validation, and never serve a stale or damaged cache."""

import os

from grader import bank
from tests.grader.templates import good_template


def cache_files(data_dir):
    return list((data_dir / "cache").glob("bank-*"))


def test_the_first_load_writes_a_cache_that_later_loads_use(tmp_path):
    first = bank.load(data_dir=str(tmp_path))
    [cache] = cache_files(tmp_path)
    before = cache.stat().st_mtime_ns
    second = bank.load(data_dir=str(tmp_path))
    assert [t.id for t in second] == [t.id for t in first]
    assert [t.model.as_json() for t in second] == [t.model.as_json() for t in first]
    assert cache.stat().st_mtime_ns == before  # served, not rewritten


def test_a_damaged_cache_is_ignored_and_replaced(tmp_path):
    expected = [t.id for t in bank.load(data_dir=str(tmp_path))]
    [cache] = cache_files(tmp_path)
    cache.write_bytes(b"\x00not a cache")
    assert [t.id for t in bank.load(data_dir=str(tmp_path))] == expected
    assert cache.read_bytes() != b"\x00not a cache"


def test_editing_a_template_invalidates_the_cache(tmp_path):
    folder = tmp_path / "bank"
    folder.mkdir()
    path = good_template(folder)
    data = tmp_path / "home"
    [before] = bank.load(str(folder), data_dir=str(data))
    path.write_text(path.read_text().replace("difficulty: 1", "difficulty: 3"))
    os.utime(path, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns + 10**9))
    [after] = bank.load(str(folder), data_dir=str(data))
    assert (before.model.difficulty, after.model.difficulty) == (1, 3)
