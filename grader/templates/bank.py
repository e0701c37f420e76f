"""Where the question bank lives, and loading it fast.

The bundled bank (questions/, installed with the package) or a folder named with --bank or
LAKEDRILL_BANK. A validated bank is cached in the data directory, keyed by each file's size and
modification time and by the engine's rulebook, so that later starts skip YAML, pydantic and
Jinja for templates they do not use. `lakedrill check` always validates from scratch.
"""

from __future__ import annotations

import marshal
import os
import sys
import zlib
from pathlib import Path

from lakedrill.templates.spec import Template, TemplateSpec

CACHE_VERSION = 5  # 2: marshal, which reads several times faster than JSON; 3: Jinja's code beside it; 4: one schema (a parameter's kind derived); 5: sealed (templates/seal.py)


def bundled_bank() -> Path:
    from lakedrill import questions

    return Path(questions.__file__).parent


def bank_paths(bank: str | None = None) -> list[Path]:
    chosen = bank or os.environ.get("LAKEDRILL_BANK")
    return [Path(chosen)] if chosen else [bundled_bank()]


def load(bank: str | None = None, only: list[str] | None = None, *, data_dir: str | None = None,
         validate: bool = False) -> list[Template]:
    """Templates of the bank, or of the files/folders in `only`; sorted by concept then id.

    `validate` skips the cache (check does); a folder bank is otherwise served from it when current.
    """
    if only:
        from lakedrill.templates.template import load_bank

        return _sorted(load_bank(only))
    [folder] = bank_paths(bank)
    if not folder.is_dir():
        from lakedrill.templates.spec import TemplateError

        raise TemplateError([f"{folder}: no such folder of templates"])
    files = sorted(p for p in folder.rglob("*.yaml") if p.is_file() and not _is_blueprint(p, folder))
    stamp = _stamp(folder, files)
    cache = _cache_file(folder, data_dir)
    if not validate:
        cached = _read_cache(cache, stamp)
        if cached is not None:
            return cached
    from lakedrill.templates.template import load_bank

    templates = _sorted(load_bank([folder]))
    _write_cache(cache, stamp, templates)
    return templates


def _is_blueprint(path: Path, folder: Path) -> bool:
    return path.parent == folder and path.name == "blueprint.yaml"  # lakedrill.templates.blueprint.FILE


def blueprint(bank: str | None, templates: list[Template]):
    """The bank's mock exam blueprint (lakedrill.templates.blueprint)."""
    from lakedrill.templates import blueprint as blueprints

    [folder] = bank_paths(bank)
    return blueprints.load(folder, sorted({t.model.concept for t in templates}))


def _sorted(templates: list[Template]) -> list[Template]:
    return sorted(templates, key=lambda t: (t.model.concept, t.id))


def _stamp(folder: Path, files: list[Path]) -> str:
    """What the cache is valid for: the files as they are, the code that validates them, and the
    rules templates are checked against. Compared as text: no hashing on the way to a question."""
    from lakedrill.engine.misconceptions import MISCONCEPTIONS
    from lakedrill.engine.rulebook import RULES
    from lakedrill.templates.concepts import CONCEPTS

    parts = [str(CACHE_VERSION), sys.version]  # marshal's format is Python's own
    # The code that validates templates: a new lakedrill may judge the same files differently.
    here = Path(__file__).parent
    for path in [here / "template.py", here / "spec.py", here / "jinja.py", *files]:
        info = path.stat()
        parts.append(f"{path.name if path.parent == Path(__file__).parent else path.relative_to(folder)}"
                     f":{info.st_size}:{info.st_mtime_ns}")
    parts.append(",".join(sorted(MISCONCEPTIONS)))
    parts.append(",".join(f"{r.id}={r.tier}" for r in RULES.values()))
    parts.append(",".join(CONCEPTS))
    return "|".join(parts)


def _cache_file(folder: Path, data_dir: str | None) -> Path:
    from lakedrill.paths import data_dir as home

    key = zlib.crc32(str(folder.resolve()).encode())
    return home(data_dir) / "cache" / f"bank-{key:08x}.marshal"


def _code_file(cache: Path) -> Path:
    return cache.with_name(cache.stem + "-jinja.marshal")


def _read_cache(cache: Path, stamp: str) -> list[Template] | None:
    from lakedrill.templates import seal

    try:
        payload = seal.unseal(stamp, cache.read_bytes())
        if payload is None:  # damaged, or not written for this bank by this lakedrill: rebuilt
            return None
        data = marshal.loads(payload)
    except (OSError, ValueError, EOFError, TypeError):
        return None
    if not isinstance(data, dict) or data.get("stamp") != stamp:
        return None
    try:
        templates = [Template(model=TemplateSpec.from_json(t["spec"]), path=t["path"], file=t["file"],
                              line=t["line"], lines=t["lines"]) for t in data["templates"]]
    except (KeyError, TypeError):
        return None
    from lakedrill.templates import jinja_code

    jinja_code.attach(_code_file(cache), stamp)
    return templates


def _write_cache(cache: Path, stamp: str, templates: list[Template]) -> None:
    from lakedrill.templates import jinja_code, seal

    data = {"stamp": stamp, "templates": [
        {"spec": t.model.as_json(), "path": t.path, "file": t.file, "line": t.line, "lines": dict(t.lines)}
        for t in templates]}
    try:
        cache.parent.mkdir(parents=True, exist_ok=True)
        temporary = cache.with_suffix(f".{os.getpid()}.tmp")
        temporary.write_bytes(seal.seal(stamp, marshal.dumps(data)))
        temporary.replace(cache)  # atomic: a concurrent reader sees the old cache or the new one
        jinja_code.write(_code_file(cache), stamp)  # validating the bank compiled all its Jinja
    except OSError:
        pass  # a read-only home only costs speed


def by_id(templates: list[Template], template_id: str) -> Template:
    """The template with this id; an InputError that names the nearest id otherwise."""
    for template in templates:
        if template.id == template_id:
            return template
    from lakedrill.engine.errors import did_you_mean
    from lakedrill.errors import InputError

    hint = did_you_mean(template_id, [t.id for t in templates]) or "see lakedrill list"
    raise InputError(f"no template '{template_id}' in the bank ({hint})")
