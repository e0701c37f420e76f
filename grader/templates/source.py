"""Reading YAML/JSON files so that a problem at a field path can be shown at its file:line:col.

Files are loaded with the safe loader only (templates and jobs are untrusted text), libyaml's C
loader where it is installed. JSON (a `.json` file, or text that opens with `{` or `[`, as
`databricks jobs get` prints) is read with json, many times faster than YAML; its node tree, which
only a message about a problem needs, is composed from the text when it is first asked for. The
node tree from `yaml.compose` keeps every node's position; `Document.locate(path)` walks it.
yaml itself is imported on first use, so a JSON job never loads it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path as FilePath
from typing import TYPE_CHECKING, Any

from lakedrill.engine.errors import LakedrillInputError, Path, Problem, dotted
from lakedrill.errors import InputError

if TYPE_CHECKING:
    import yaml


def yaml_loader():
    """The safe loader: libyaml's C one where it is installed."""
    import yaml

    return getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def __getattr__(name: str):
    if name == "Loader":  # `from lakedrill.templates.source import Loader`, imported when asked for
        return yaml_loader()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


class SourceError(InputError):
    """A file that cannot be read or parsed; `lines` are ready to print, each with file:line:col."""


@dataclass(frozen=True)
class Document:
    name: str  # as the user gave it, for messages
    data: Any
    root: yaml.Node | None
    text: str | None = field(default=None, repr=False)  # composed into `root` when a message needs it

    def tree(self) -> yaml.Node | None:
        """`root`, or the node tree of `text` (composed once, on first use); None if it has none."""
        if self.root is None and self.text is not None:
            import yaml

            try:
                root = yaml.compose(self.text, Loader=yaml_loader())
            except yaml.YAMLError:  # JSON that YAML 1.1 cannot read: messages go without a position
                root = None
            object.__setattr__(self, "root", root)
            object.__setattr__(self, "text", None)
        return self.root

    def locate(self, path: Path) -> tuple[int, int] | None:
        """(line, column), 1-based, of the deepest node on `path`; a mapping key points at the key."""
        import yaml

        node = self.tree()
        if node is None:
            return None
        mark = node.start_mark
        for part in path:
            if isinstance(node, yaml.MappingNode):
                for key_node, value_node in node.value:
                    if isinstance(key_node, yaml.ScalarNode) and key_node.value == str(part):
                        mark = key_node.start_mark
                        node = value_node
                        break
                else:
                    break
            elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and 0 <= part < len(node.value):
                node = node.value[part]
                mark = node.start_mark
            else:
                break
        return mark.line + 1, mark.column + 1

    def where(self, path: Path) -> str:
        spot = self.locate(path)
        return f"{self.name}:{spot[0]}:{spot[1]}" if spot else self.name

    def problem_lines(self, error: LakedrillInputError, prefix: Path = ()) -> list[str]:
        return [self.problem_line(p, prefix) for p in error.problems]

    def problem_line(self, problem: Problem, prefix: Path = ()) -> str:
        full = prefix + problem.path
        field = dotted(full)
        text = f"{self.where(full)}: " + (f"{field}: " if field else "") + problem.message
        return f"{text} ({problem.hint})" if problem.hint else text


def load_document(path: str) -> Document:
    """Parse a YAML or JSON file (`-` is standard input); SourceError names the spot of a syntax error."""
    name = "<stdin>" if path == "-" else path
    try:
        if path == "-":
            import sys

            text = sys.stdin.read()
        else:
            text = FilePath(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise SourceError([f"{name}: no such file"]) from None
    except IsADirectoryError:
        raise SourceError([f"{name}: is a directory, not a file"]) from None
    except UnicodeDecodeError as bad:
        raise SourceError([f"{name}: not UTF-8 text ({bad.reason} at byte {bad.start})"]) from None
    except OSError as bad:
        raise SourceError([f"{name}: cannot be read ({bad.strerror})"]) from None
    return parse_text(text, name)


# A real job of 1,000 tasks is tens of thousands of values; aliases that expand past this are a
# "billion laughs", which would hold every command that walks the data for minutes.
MAX_EXPANDED_VALUES = 250_000


def expanded_values(root: yaml.Node | None) -> int:
    """How many values the document holds once every alias is expanded (counted without
    expanding: each node's size is computed once)."""
    import yaml

    if root is None:
        return 0
    size: dict[int, int] = {}
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:
        node, children_done = stack.pop()
        if id(node) in size:
            continue
        if isinstance(node, yaml.MappingNode):
            children = [n for pair in node.value for n in pair]
        elif isinstance(node, yaml.SequenceNode):
            children = list(node.value)
        else:
            size[id(node)] = 1
            continue
        if children_done:
            size[id(node)] = min(1 + sum(size[id(c)] for c in children), MAX_EXPANDED_VALUES + 1)
        else:
            stack.append((node, True))
            stack.extend((c, False) for c in children if id(c) not in size)
    return size[id(root)]


def too_large(root: yaml.Node | None, name: str) -> str | None:
    """The message for a document whose aliases expand past MAX_EXPANDED_VALUES, or None."""
    if expanded_values(root) > MAX_EXPANDED_VALUES:
        return (f"{name}: its YAML aliases expand to more than {MAX_EXPANDED_VALUES:,} values; write the data "
                "out, or use fewer nested aliases")
    return None


def parse_text(text: str, name: str) -> Document:
    json_error = None
    if name.endswith(".json") or text.lstrip(" \t\r\n\ufeff")[:1] in ("{", "["):
        try:
            return Document(name, json.loads(text), None, text)
        except json.JSONDecodeError as bad:
            json_error = bad  # YAML may still read it (a `.json` file in YAML's flow style, say)
    return _parse_yaml(text, name, json_error if name.endswith(".json") else None)


def _parse_yaml(text: str, name: str, json_error: json.JSONDecodeError | None) -> Document:
    import yaml

    loader_class = yaml_loader()
    try:
        root = yaml.compose(text, Loader=loader_class)
        if "&" in text:  # aliases need an anchor, and an anchor needs an '&'
            bomb = too_large(root, name)
            if bomb:
                raise SourceError([bomb])
        data = _construct(root, loader_class)
    except yaml.MarkedYAMLError as bad:
        if json_error is not None:
            raise SourceError([f"{name}:{json_error.lineno}:{json_error.colno}: not valid JSON: "
                               f"{json_error.msg}"]) from None
        mark = bad.problem_mark or bad.context_mark
        spot = f"{name}:{mark.line + 1}:{mark.column + 1}" if mark else name
        raise SourceError([f"{spot}: not valid YAML: {bad.problem or bad.context}"]) from None
    except yaml.YAMLError as bad:
        raise SourceError([f"{name}: not valid YAML: {bad}"]) from None
    return Document(name, data, root)


def _construct(root: yaml.Node | None, loader_class) -> Any:
    """The data of a composed node tree, as yaml.load would give it, without parsing the text again."""
    if root is None:
        return None
    loader = loader_class("")
    try:
        return loader.construct_document(root)
    finally:
        loader.dispose()
