"""A Databricks Asset Bundle read as the Databricks CLI reads it, down to the jobs it deploys.

What the CLI does (bundle/config/loader, bundle/config/root.go MergeTargetOverrides,
bundle/config/mutator: select_default_target, set_variables, resolve_variable_references and
resourcemutator/merge_job_{tasks,clusters,parameters}), as far as a job's run depends on it:

- `include:` globs, relative to the bundle root, each file merged into the root; a file outside
  the bundle's folder is never read;
- the target: `--target`, else the only one, else the one marked `default: true`; its
  `resources`, `bundle`, `workspace`, … merged into the root (maps key by key, lists appended),
  its `variables` replacing the defaults, its `run_as` replacing the root's;
- then tasks merged by `task_key` (and sorted by it, as the CLI does), job clusters by
  `job_cluster_key`, job parameters by `name`;
- variables: `--var NAME=VALUE`, then `BUNDLE_VAR_NAME`, then
  `.databricks/bundle/<target>/variable-overrides.json`, then the target's value, then the
  default; `${var.NAME}` (and `${variables.NAME.value}`, fields of complex ones), `${bundle.name}`,
  `${bundle.target}` and any other value the configuration itself holds are substituted;
- what only a workspace knows (`${resources.jobs.x.id}`, `${workspace.current_user.*}`,
  `${bundle.git.*}`, lookups) is kept as written, a readable placeholder, with a warning.

`databricks bundle validate -o json` output (which already names its target) is read as it is.
"""

from __future__ import annotations

import copy
import json
import os
import re
from contextvars import ContextVar
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path as FilePath
from typing import TYPE_CHECKING, Any

from lakedrill.engine.errors import Path, Problem, did_you_mean, dotted, listing
from lakedrill.templates.source import Document, SourceError, load_document

if TYPE_CHECKING:
    import yaml

BUNDLE_FILES = ("databricks.yml", "databricks.yaml", "bundle.yml", "bundle.yaml")
VALIDATE_HINT = ("run `databricks bundle validate -o json > bundle.json` in the bundle's folder and give "
                 "lakedrill bundle.json")
# libs/dyn/dynvar/ref.go: ${a.b[0].c}; written without nested repetition, which backtracks for ever in
# Python's engine (Go's has no backtracking)
REFERENCE = re.compile(r"\$\{([a-zA-Z][a-zA-Z0-9_\-]*(?:\[[0-9]+\])*(?:\.[a-zA-Z][a-zA-Z0-9_\-]*(?:\[[0-9]+\])*)*)\}")
INCLUDE_WARNINGS: ContextVar[list[str]] = ContextVar("include_warnings", default=[])
KEYED_LISTS = {"tasks": "task_key", "job_clusters": "job_cluster_key", "parameters": "name"}
TARGET_FIELDS = ("bundle", "workspace", "artifacts", "resources", "sync", "permissions", "presets")


@dataclass(frozen=True)
class BundleOptions:
    target: str | None = None
    variables: tuple[str, ...] = ()  # NAME=VALUE, as --var gives them
    environ: Mapping[str, str] | None = None  # default: os.environ


@dataclass(frozen=True)
class Source:
    """One file of the bundle and where in it a job's settings may sit (the root or a target)."""

    document: Document
    prefix: Path  # () or ("targets", T)


@dataclass(frozen=True)
class BundleDocument(Document):
    """The bundle once merged for a target: `data` is the merged configuration; problems at its
    paths are shown at the file and line that set the value."""

    sources: tuple[Source, ...] = ()
    target: str | None = None
    warnings: tuple[tuple[str, str], ...] = ()  # (the job's key, or "" for the bundle; the line to print)
    unresolved: Mapping[str, str] = field(default_factory=dict)  # reference -> how to give it

    def locate(self, path: Path) -> tuple[int, int] | None:
        return None if (found := self._find(path)) is None else found[1]

    def where(self, path: Path) -> str:
        found = self._find(path)
        if found is None:
            return self.name
        document, (line, column) = found
        return f"{document.name}:{line}:{column}"

    def _find(self, path: Path) -> tuple[Document, tuple[int, int]] | None:
        keyed = _keyed_path(self.data, path)
        best: tuple[int, Document, tuple[int, int]] | None = None
        for source in self.sources:
            found = _walk(source.document.tree(), source.prefix + keyed)
            if found is None:
                continue
            depth, mark = found
            depth -= len(source.prefix)
            if depth > 0 and (best is None or depth > best[0]):
                best = (depth, source.document, mark)
        return None if best is None else (best[1], best[2])

    def warnings_for(self, job_key: str | None) -> tuple[str, ...]:
        return tuple(line for key, line in self.warnings if not key or job_key is None or key == job_key)

    def problem_line(self, problem: Problem, prefix: Path = ()) -> str:
        text = super().problem_line(problem, prefix)
        value = _get(self.data, prefix + problem.path)
        if isinstance(value, str) and REFERENCE.search(value):
            refs = [m.group(0) for m in REFERENCE.finditer(value)]
            how = "; ".join(dict.fromkeys(self.unresolved.get(r, VALIDATE_HINT) for r in refs))
            text += f" — it still holds {', '.join(refs)}, a reference lakedrill cannot resolve here ({how})"
        return text


def is_bundle(data: Any) -> bool:
    """A bundle's configuration (a databricks.yml, or `bundle validate -o json` output)."""
    return isinstance(data, Mapping) and "bundle" in data and "tasks" not in data and "settings" not in data


def read_job_file(path: str, options: BundleOptions = BundleOptions()) -> Document:
    """The document of a job file; a bundle root comes back merged for its target."""
    if path.endswith(".tmpl"):
        raise SourceError([f"{path}: a Go-template source of `databricks bundle init`, not a bundle yet; initialize "
                           f"it (`databricks bundle init TEMPLATE`), then {VALIDATE_HINT}"])
    document = load_document(path)
    if path != "-" and is_bundle(document.data):
        return load_bundle(document, FilePath(path).resolve().parent, options)
    if options.target is not None or options.variables:
        flag = "--target" if options.target is not None else "--var"
        raise SourceError([f"{document.name}: {flag} applies to a bundle (a databricks.yml), and this file is "
                           "not one (remove it)"])
    return document


def load_bundle(root: Document, folder: FilePath, options: BundleOptions) -> BundleDocument:
    data = root.data
    if "python" in data or isinstance(data.get("experimental"), Mapping) and "python" in data["experimental"]:
        raise SourceError([f"{root.where(('python',))}: this bundle defines resources in Python, which lakedrill "
                           f"cannot run; {VALIDATE_HINT}"])
    bundle = data.get("bundle") if isinstance(data.get("bundle"), Mapping) else {}
    if "target" in bundle:  # `databricks bundle validate -o json`: merged and resolved already
        document = BundleDocument(root.name, data, root.root, sources=(Source(root, ()),), target=str(bundle["target"]))
        return replace(document, warnings=tuple(_unresolved_warnings(document, {})))
    INCLUDE_WARNINGS.set([])
    documents = [root] + _includes(root, folder)
    merged: dict[str, Any] = {}
    for document in documents:
        if not isinstance(document.data, Mapping):
            raise SourceError([f"{document.name}: a bundle file must be a mapping"])
        merged = _merge(merged, copy.deepcopy(dict(document.data)))
    target = _select_target(root, merged.get("targets"), options.target)
    variables = merged.get("variables") if isinstance(merged.get("variables"), Mapping) else {}
    variables = {str(k): dict(v) if isinstance(v, Mapping) else {"default": v} for k, v in variables.items()}
    if target is not None:
        override = (merged.get("targets") or {}).get(target) or {}
        merged = _override_target(merged, override, variables)
    merged.pop("targets", None)
    merged.setdefault("bundle", {})
    if not isinstance(merged["bundle"], Mapping):
        merged["bundle"] = {}
    merged["bundle"]["target"] = target or "default"
    merged["variables"] = variables
    _merge_keyed(merged)
    problems, unresolved = _set_variables(variables, root, folder, merged["bundle"]["target"], options)
    if problems:
        raise SourceError(problems)
    resolved = _resolve(merged, unresolved)
    sources = []
    for document in documents:
        if target is not None:
            sources.append(Source(document, ("targets", target)))
        sources.append(Source(document, ()))
    document = BundleDocument(root.name, resolved, root.root, sources=tuple(sources),
                              target=merged["bundle"]["target"], unresolved=unresolved)
    found = [("", line) for line in INCLUDE_WARNINGS.get()] + _unresolved_warnings(document, unresolved)
    return replace(document, warnings=tuple(found))


# ----------------------------------------------------------------------------------- reading


def _includes(root: Document, folder: FilePath) -> list[Document]:
    entries = root.data.get("include") or []
    if isinstance(entries, str):
        entries = [entries]
    if not isinstance(entries, list):
        raise SourceError([f"{root.where(('include',))}: include must be a list of paths or globs"])
    seen = set(BUNDLE_FILES)
    out: list[Document] = []
    problems: list[str] = []
    skipped: list[str] = []
    for i, entry in enumerate(entries):
        where = root.where(("include", i))
        entry = str(entry)
        if os.path.isabs(entry):
            problems.append(f"{where}: include {entry!r}: includes must be relative paths")
            continue
        matches = sorted(folder.glob(entry)) if entry else []
        if not matches and not any(c in entry for c in "*?["):
            problems.append(f"{where}: include {entry!r} matches no file (fix the path, relative to the bundle root)")
        for match in matches:
            resolved = match.resolve()
            if not resolved.is_relative_to(folder):
                skipped.append(f"{where}: include {entry!r} reaches {match.name}, outside the bundle's folder: "
                               f"lakedrill reads only files inside it, and reads on without this one ({VALIDATE_HINT})")
                continue
            rel = resolved.relative_to(folder).as_posix()
            if rel in seen or resolved.is_dir():
                continue
            seen.add(rel)
            if resolved.suffix not in (".yml", ".yaml", ".json"):
                problems.append(f"{where}: include {entry!r} matches {rel}, which is not YAML or JSON (the CLI "
                                "refuses it too: files to sync go under sync.include)")
                continue
            document = load_document(str(resolved))
            out.append(replace(document, name=_shown(root.name, rel)))
    if problems:
        raise SourceError(problems)
    INCLUDE_WARNINGS.set(skipped)
    for document in out:
        if isinstance(document.data, Mapping) and "python" in document.data:
            raise SourceError([f"{document.where(('python',))}: this bundle defines resources in Python; {VALIDATE_HINT}"])
    return out


def _shown(root_name: str, rel: str) -> str:
    """An included file's name as the user would type it: next to the root they gave."""
    parent = os.path.dirname(root_name)
    return os.path.join(parent, rel) if parent else rel


def _select_target(root: Document, targets: Any, chosen: str | None) -> str | None:
    if targets is None or not isinstance(targets, Mapping) or not targets:
        if chosen is not None:
            raise SourceError([f"{root.name}: --target {chosen}: this bundle defines no targets (remove --target)"])
        return None
    names = [str(t) for t in targets]
    if chosen is not None:
        if chosen not in targets:
            raise SourceError([f"{root.where(('targets',))}: --target {chosen}: no such target ("
                               + (did_you_mean(chosen, names) or f"targets: {listing(names)}") + ")"])
        return chosen
    if len(names) == 1:
        return names[0]
    defaults = [str(t) for t, v in targets.items() if isinstance(v, Mapping) and v.get("default") is True]
    if len(defaults) > 1:
        raise SourceError([f"{root.where(('targets',))}: several targets are marked default ({', '.join(defaults)}); "
                           "mark one, or choose with --target"])
    if not defaults:
        raise SourceError([f"{root.where(('targets',))}: no target is marked `default: true`; choose one with "
                           f"--target ({listing(names)})"])
    return defaults[0]


def _merge(a: Any, b: Any) -> Any:
    """libs/dyn/merge: maps key by key, lists appended, a scalar replaced; null yields to the other."""
    if a is None:
        return b
    if b is None:
        return a
    if isinstance(a, Mapping) and isinstance(b, Mapping):
        out = dict(a)
        for key, value in b.items():
            out[key] = _merge(out[key], value) if key in out else value
        return out
    if isinstance(a, list) and isinstance(b, list):
        return a + b
    return b


def _override_target(merged: dict, target: Mapping, variables: dict[str, dict]) -> dict:
    for name in TARGET_FIELDS:
        if name in target:
            merged[name] = _merge(merged.get(name), copy.deepcopy(target[name]))
    for name, value in (target.get("variables") or {}).items():
        spec = variables.setdefault(str(name), {})
        value = value if isinstance(value, Mapping) and ("default" in value or "lookup" in value) else {"default": value}
        if "default" in value:
            spec["default"] = value["default"]
            spec.pop("lookup", None)
        if "lookup" in value:
            spec["lookup"] = value["lookup"]
            spec.pop("default", None)
    for name in ("run_as",):
        if name in target:
            merged[name] = target[name]
    bundle = merged.setdefault("bundle", {})
    for name in ("mode", "cluster_id"):
        if name in target:
            bundle[name] = target[name]
    return merged


def _merge_keyed(merged: dict) -> None:
    jobs = (merged.get("resources") or {}).get("jobs")
    if not isinstance(jobs, Mapping):
        return
    for job in jobs.values():
        if not isinstance(job, dict):
            continue
        for field_name, key in KEYED_LISTS.items():
            items = job.get(field_name)
            if not isinstance(items, list):
                continue
            seen: dict[str, Any] = {}
            for item in items:
                k = str(item.get(key) or "") if isinstance(item, Mapping) else ""
                seen[k] = _merge(seen[k], item) if k in seen else item
            keys = sorted(seen) if field_name == "tasks" else list(seen)
            job[field_name] = [seen[k] for k in keys]


# ---------------------------------------------------------------------------------- variables


def _set_variables(variables: dict[str, dict], root: Document, folder: FilePath, target: str,
                   options: BundleOptions) -> tuple[list[str], dict[str, str]]:
    environ = os.environ if options.environ is None else options.environ
    problems: list[str] = []
    unresolved: dict[str, str] = {}
    given: dict[str, str] = {}
    for item in options.variables:
        name, sep, value = item.partition("=")
        if not sep:
            problems.append(f"--var {item}: give NAME=VALUE")
        elif name not in variables:
            problems.append(f"--var {name}: the bundle declares no variable '{name}' ("
                            + (did_you_mean(name, variables) or f"variables: {listing(variables) or 'none'}") + ")")
        elif variables[name].get("type") == "complex":
            problems.append(f"--var {name}: a complex variable cannot be set with --var (the CLI refuses it too); "
                            "set it in the target")
        else:
            given[name] = value
    overrides: dict[str, Any] = {}
    override_file = folder / ".databricks" / "bundle" / target / "variable-overrides.json"
    if override_file.is_file():
        try:
            overrides = json.loads(override_file.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            problems.append(f"{override_file}: not valid JSON")
    for name, spec in variables.items():
        ref = f"${{var.{name}}}"
        if name in given:
            spec["value"] = given[name]
        elif f"BUNDLE_VAR_{name}" in environ and spec.get("type") != "complex":
            spec["value"] = environ[f"BUNDLE_VAR_{name}"]
        elif spec.get("lookup") is not None:
            unresolved[ref] = (f"variable '{name}' is a lookup the workspace answers: give a value with --var "
                               f"{name}=VALUE or BUNDLE_VAR_{name}")
        elif name in overrides:
            spec["value"] = overrides[name]
        elif "default" in spec:
            spec["value"] = spec["default"]
        else:
            unresolved[ref] = f"variable '{name}' has no value for target '{target}': give --var {name}=VALUE"
    return problems, unresolved


def _lookup(data: Mapping, path: str) -> tuple[bool, Any]:
    """The value at a reference's path (`var.x` is `variables.x.value`), or (False, None)."""
    parts: list[str | int] = []
    for piece in path.split("."):
        name, *indexes = re.split(r"\[", piece)
        parts.append(name)
        parts.extend(int(i.rstrip("]")) for i in indexes)
    if parts[0] == "var":
        parts = ["variables", parts[1], "value", *parts[2:]]
    if parts[0] not in ("variables", "bundle", "workspace", "resources") or parts[:2] == ["bundle", "git"]:
        return False, None
    if parts[0] == "resources" and parts[-1] in ("id", "url"):
        return False, None  # known after deployment only
    node: Any = data
    for part in parts:
        if isinstance(part, int) and isinstance(node, list) and 0 <= part < len(node):
            node = node[part]
        elif isinstance(part, str) and isinstance(node, Mapping) and part in node:
            node = node[part]
        else:
            return False, None
    return True, node


def _resolve(merged: dict, unresolved: dict[str, str]) -> dict:
    """Every ${...} the configuration itself answers, substituted; the rest kept as written."""

    def value_of(text: str, depth: int) -> Any:
        whole = REFERENCE.fullmatch(text)
        if whole:
            found, value = _lookup(merged, whole.group(1))
            if found and value is not None:
                return walk(value, depth + 1)
            _note(whole.group(0))
            return text

        def one(match: re.Match[str]) -> str:
            found, value = _lookup(merged, match.group(1))
            if not found or value is None or isinstance(value, Mapping | list):
                _note(match.group(0))
                return match.group(0)
            value = walk(value, depth + 1)
            return json.dumps(value) if isinstance(value, bool) else str(value)

        return REFERENCE.sub(one, text)

    def _note(ref: str) -> None:
        if ref in unresolved:
            return
        name = re.match(r"\$\{(?:var\.|variables\.)([^.}\[]+)", ref)
        if name and name.group(1) not in merged.get("variables", {}):
            unresolved[ref] = (f"the bundle declares no variable '{name.group(1)}': declare it under variables: "
                               "(the CLI refuses the reference too)")
        else:
            unresolved[ref] = _how(ref)

    def walk(node: Any, depth: int = 0) -> Any:
        if depth > 20:
            return node  # a cycle of references: the CLI refuses it; here it stays as written
        if isinstance(node, str):
            return value_of(node, depth) if "${" in node else node
        if isinstance(node, Mapping):
            return {k: walk(v, depth) for k, v in node.items()}
        if isinstance(node, list):
            return [walk(v, depth) for v in node]
        return node

    out = dict(merged)
    for name in ("resources", "workspace", "bundle", "run_as", "permissions"):
        if name in out:
            out[name] = walk(out[name])
    return out


def _how(ref: str) -> str:
    body = ref[2:-1]
    if body.startswith(("var.", "variables.")):
        name = body.split(".")[1].split("[")[0]
        return f"give the variable a value: --var {name}=VALUE or BUNDLE_VAR_{name}"
    if body.startswith("resources."):
        return "the id of a deployed resource, known only after `databricks bundle deploy`"
    if body.startswith(("workspace.current_user", "bundle.git")):
        return f"known only to the CLI in a workspace; {VALIDATE_HINT}"
    return VALIDATE_HINT


def _unresolved_warnings(document: BundleDocument, unresolved: Mapping[str, str]) -> list[tuple[str, str]]:
    """One warning per reference left in the jobs, naming the first place (file:line, task) it is used."""
    seen: dict[tuple[str, str], Path] = {}
    jobs = (document.data.get("resources") or {}).get("jobs") or {}

    def scan(node: Any, path: Path) -> None:
        if isinstance(node, str):
            for match in REFERENCE.finditer(node):
                seen.setdefault((str(path[2]), match.group(0)), path)
        elif isinstance(node, Mapping):
            for k, v in node.items():
                scan(v, path + (k,))
        elif isinstance(node, list):
            for i, v in enumerate(node):
                scan(v, path + (i,))

    scan(jobs, ("resources", "jobs"))
    out = []
    for (_, ref), path in seen.items():
        task = _get(document.data, path[:5]) if len(path) > 4 and path[3] == "tasks" else None
        named = f"task '{task['task_key']}': " if isinstance(task, Mapping) and "task_key" in task else ""
        out.append((str(path[2]), f"{document.where(path)}: {dotted(path)}: {named}{ref} kept as written "
                                  f"({unresolved.get(ref) or _how(ref)})"))
    return out


# ------------------------------------------------------------------------------- locations


def _get(data: Any, path: Path) -> Any:
    for part in path:
        if isinstance(part, int) and isinstance(data, list) and 0 <= part < len(data):
            data = data[part]
        elif isinstance(data, Mapping) and part in data:
            data = data[part]
        else:
            return None
    return data


def _keyed_path(data: Any, path: Path) -> tuple:
    """A path whose indexes into tasks / job_clusters / parameters are replaced by (field, key):
    the merged list is sorted and combined, so an index means nothing in the file."""
    out: list[Any] = []
    node = data
    parent: Any = None
    for part in path:
        if isinstance(part, int) and isinstance(node, list) and parent in KEYED_LISTS and 0 <= part < len(node) \
                and isinstance(node[part], Mapping) and KEYED_LISTS[parent] in node[part]:
            out.append((KEYED_LISTS[parent], str(node[part][KEYED_LISTS[parent]])))
        else:
            out.append(part)
        parent = part
        node = _get(node, (part,))
    return tuple(out)


def _walk(node: yaml.Node | None, path: Sequence[Any]) -> tuple[int, tuple[int, int]] | None:
    """How deep `path` goes in a file's node tree, and the position it reaches; None if not at all."""
    import yaml

    if node is None:
        return None
    depth, mark = 0, None
    for part in path:
        nxt = None
        if isinstance(node, yaml.MappingNode) and isinstance(part, str):
            for key_node, value_node in node.value:
                if isinstance(key_node, yaml.ScalarNode) and key_node.value == part:
                    nxt, here = value_node, key_node.start_mark
                    break
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, tuple):
            for item in node.value:
                if isinstance(item, yaml.MappingNode) and any(
                        isinstance(k, yaml.ScalarNode) and k.value == part[0] and isinstance(v, yaml.ScalarNode)
                        and v.value == part[1] for k, v in item.value):
                    nxt, here = item, item.start_mark
                    break
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and 0 <= part < len(node.value):
            nxt = node.value[part]
            here = nxt.start_mark
        if nxt is None:
            break
        node, mark, depth = nxt, here, depth + 1
    return None if mark is None else (depth, (mark.line + 1, mark.column + 1))
