"""No import loops: no lakedrill module imports, at run time (at the top or inside a function), one
that imports it back. Imports only for type checking do not count: they never run."""

from __future__ import annotations

import ast
from pathlib import Path

import lakedrill
import lakedrill.engine


def modules() -> dict[str, Path]:
    found = {}
    for package in (lakedrill, lakedrill.engine):
        root = Path(package.__file__).parent
        for file in root.rglob("*.py"):
            parts = [p for p in file.relative_to(root).with_suffix("").parts if p != "__init__"]
            name = ".".join([package.__name__, *parts])
            if package is lakedrill and parts[:1] == ["engine"]:
                continue
            found[name] = file
    return found


def imports(file: Path, known: dict[str, Path]) -> set[str]:
    tree = ast.parse(file.read_text(encoding="utf-8"))
    typing_only = {id(sub) for node in ast.walk(tree)
                   if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test)
                   for sub in ast.walk(node)}
    out = set()
    for node in ast.walk(tree):
        if id(node) in typing_only:
            continue
        if isinstance(node, ast.Import):
            out |= {a.name for a in node.names if a.name in known}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            submodules = {f"{node.module}.{a.name}" for a in node.names} & set(known)
            out |= submodules or ({node.module} & set(known))
    return out


def test_no_module_imports_one_that_imports_it_back():
    known = modules()
    assert "lakedrill.engine.model" in known and "lakedrill.variants.generate" in known
    # a package's own __init__ runs before any of its modules: an edge to a parent is no loop
    edges = {m: {n for n in imports(f, known) if n != m and not m.startswith(n + ".")} for m, f in known.items()}
    loops = []
    for start in edges:
        stack, seen = [(start, (start,))], set()
        while stack:
            node, path = stack.pop()
            for nxt in edges[node]:
                if nxt == start:
                    loops.append(" -> ".join(path + (start,)))
                elif nxt not in seen:
                    seen.add(nxt)
                    stack.append((nxt, path + (nxt,)))
    assert loops == []
