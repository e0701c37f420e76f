"""The bank cache: later starts skip validation and Jinja's compiler, and never serve a stale or
damaged cache."""

import os

import pytest

from lakedrill.templates import bank
from lakedrill.templates import jinja
from lakedrill.templates import jinja_code
from lakedrill.variants import generate as generating
from lakedrill.variants.generate import generate
from lakedrill.templates.jinja import ENV
from tests.grader.templates import good_template


def cache_files(data_dir):
    return [p for p in (data_dir / "cache").glob("bank-*") if not p.name.endswith("-jinja.marshal")]


def code_file(data_dir):
    [path] = (data_dir / "cache").glob("bank-*-jinja.marshal")
    return path


@pytest.fixture
def fresh_process(monkeypatch):
    """Jinja code as a new process has it: nothing compiled, nothing kept."""
    monkeypatch.setattr(jinja_code, "_code", {})
    monkeypatch.setattr(jinja_code, "_file", {})
    generating._expression.cache_clear()
    generating._template.cache_clear()


def no_compiling(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("compiled Jinja although its code was kept")

    monkeypatch.setattr(ENV, "compile", refuse)


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


def test_a_warm_start_runs_kept_jinja_code_and_compiles_nothing(tmp_path, monkeypatch, fresh_process):
    templates = bank.load(data_dir=str(tmp_path))  # validates: compiles every source and keeps the code
    expected = [generate(t, 11) for t in templates[:12]]
    monkeypatch.setattr(jinja_code, "_code", {})  # a new process
    monkeypatch.setattr(jinja_code, "_file", {})
    generating._expression.cache_clear()
    generating._template.cache_clear()
    no_compiling(monkeypatch)
    again = bank.load(data_dir=str(tmp_path))
    assert [generate(t, 11) for t in again[:12]] == expected


def test_kept_code_renders_what_compiling_renders(fresh_process):
    assert jinja.template("{{ n | plural('task') }} in {{ s | duration }}").render(n=2, s=90) == \
        ENV.from_string("{{ n | plural('task') }} in {{ s | duration }}").render(n=2, s=90) == "2 tasks in 1 min 30 s"
    assert jinja.expression("a + [b]")(a=[1], b=2) == ENV.compile_expression("a + [b]", undefined_to_none=False)(
        a=[1], b=2) == [1, 2]
    with pytest.raises(jinja.TemplateSyntaxError):
        jinja.expression("a +")
    with pytest.raises(jinja.TemplateSyntaxError):
        jinja.expression("a b")  # a chunk after the expression


def test_kept_code_stays_sandboxed(tmp_path, fresh_process):
    from jinja2.exceptions import SecurityError

    source = "{{ ''.__class__.__mro__[1].__subclasses__() }}"
    jinja.template(source)
    jinja_code.write(tmp_path / "code.marshal", "stamp")
    jinja_code._code.clear()
    jinja_code.attach(tmp_path / "code.marshal", "stamp")
    with pytest.raises(SecurityError):
        jinja.template(source).render()


def test_code_kept_for_another_bank_or_damaged_is_not_used(tmp_path, monkeypatch, fresh_process):
    bank.load(data_dir=str(tmp_path))
    path = code_file(tmp_path)
    source = "{{ n | plural('run') }}"
    jinja.template(source)
    jinja_code.write(path, "another bank")
    compiled = []
    real = ENV.compile
    monkeypatch.setattr(ENV, "compile", lambda *a, **k: compiled.append(a) or real(*a, **k))
    jinja_code._code.clear()
    jinja_code.attach(path, "this bank")
    assert jinja.template(source).render(n=3) == "3 runs" and len(compiled) == 1
    for damage in (b"", b"\x05\x00\x00\x00\x00\x00\x00\x00abc", path.read_bytes()[:40]):
        path.write_bytes(damage)
        jinja_code._code.clear()
        jinja_code.attach(path, "another bank")
        assert jinja.template(source).render(n=1) == "1 run"


def test_code_changed_on_disk_is_never_executed(tmp_path, monkeypatch, fresh_process):
    """A piece of kept code replaced by other code of the same length (as damage or a crafted file
    would) fails its checksum and is compiled afresh, not run."""
    import marshal

    source, other = "{{ 'kept' }}", "{{ 'evil' }}"
    jinja.template(source)
    jinja.template(other)
    path = tmp_path / "code.marshal"
    jinja_code.write(path, "stamp")
    good, bad = (jinja_code._code["t:" + s] for s in (source, other))
    assert len(good) == len(bad)  # the same length: only the checksum tells them apart
    data = path.read_bytes()
    path.write_bytes(data.replace(good, bad, 1))
    jinja_code._code.clear()
    jinja_code.attach(path, "stamp")
    assert jinja.template(source).render() == "kept"
    assert marshal.loads(jinja_code._code["t:" + source]) is not None


def test_a_bank_cache_with_one_byte_changed_is_rebuilt_not_read(tmp_path, monkeypatch):
    bank.load(data_dir=str(tmp_path))
    [cache] = cache_files(tmp_path)
    data = bytearray(cache.read_bytes())
    data[len(data) // 2] ^= 0x01
    cache.write_bytes(bytes(data))
    read = []
    original = bank._read_cache
    monkeypatch.setattr(bank, "_read_cache", lambda *a: read.append(r := original(*a)) or r)
    templates = bank.load(data_dir=str(tmp_path))
    assert read == [None] and templates  # refused by its checksum, then rebuilt from the files
    assert cache.read_bytes() != bytes(data)
