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
import re
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


# A job of 1,000 tasks as `databricks jobs get` prints it is a few megabytes; a file past this is not
# a job or a template (a link to /dev/zero would otherwise be read until memory runs out).
MAX_FILE_BYTES = 32 * 1024 * 1024


def read_text(path: str, name: str | None = None) -> str:
    """A file's text (`-` is standard input), read as UTF-8 whatever the locale, and at most
    MAX_FILE_BYTES of it; SourceError says what is wrong in words."""
    name = name or ("<stdin>" if path == "-" else path)
    try:
        if path == "-":
            import sys

            stream = getattr(sys.stdin, "buffer", None)
            data = stream.read(MAX_FILE_BYTES + 1) if stream is not None else sys.stdin.read().encode()
        else:
            with open(path, "rb") as handle:
                data = handle.read(MAX_FILE_BYTES + 1)
    except FileNotFoundError:
        raise SourceError([f"{name}: no such file"]) from None
    except IsADirectoryError:
        raise SourceError([f"{name}: is a directory, not a file"]) from None
    except OSError as bad:
        raise SourceError([f"{name}: cannot be read ({bad.strerror})"]) from None
    if len(data) > MAX_FILE_BYTES:
        raise SourceError([f"{name}: larger than {MAX_FILE_BYTES // (1024 * 1024)} MB, which no job or template is "
                           "(is it the right file?)"])
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as bad:
        line = data[:bad.start].count(b"\n") + 1
        raise SourceError([f"{name}:{line}: not UTF-8 text (byte 0x{data[bad.start]:02x} at offset {bad.start}; "
                           "save the file as UTF-8)"]) from None


def load_document(path: str) -> Document:
    """Parse a YAML or JSON file (`-` is standard input); SourceError names the spot of a syntax error."""
    name = "<stdin>" if path == "-" else path
    return parse_text(read_text(path, name), name)


# A real job of 1,000 tasks is tens of thousands of values; aliases that expand past this are a
# "billion laughs", which would hold every command that walks the data for minutes.
MAX_EXPANDED_VALUES = 250_000


class AliasCycle(Exception):
    """A YAML alias inside the node it names (`a: &a [*a]`): the data would be infinite."""

    def __init__(self, node: yaml.Node):
        self.mark = node.start_mark
        super().__init__("alias cycle")


# A job or a template is a dozen levels deep; past this, every walk of the data (validation, the
# engine's parser, pydantic) would recurse too deep for Python.
MAX_DEPTH = 64


_SURROGATE = re.compile("[\ud800-\udfff]")

# Characters that act on a terminal or reorder the text around them instead of showing: C0 and C1
# controls but tab and newline, DEL, and the bidirectional marks, embeddings, overrides and
# isolates (a right-to-left override makes `cleanup` read as `punaelc`). Text from a job file or a
# template keeps them only as escapes, so every writer and terminal shows what is there.
CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def visible(text: str) -> str:
    """`text` with each control character written as its escape (\\x1b, \\u202e)."""
    if not CONTROL.search(text):
        return text
    return CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}" if ord(m.group()) < 0x100
                       else f"\\u{ord(m.group()):04x}", text)


class NotUnicode(AliasCycle):
    """A string escape that makes a lone surrogate ("\\ud800"): no file or terminal can show it."""


def measure(root: yaml.Node | None) -> tuple[int, int]:
    """(values, depth) of the document once every alias is expanded, counted without expanding:
    each node's size and height are computed once. AliasCycle for a node that contains itself."""
    import yaml

    if root is None:
        return 0, 0
    size: dict[int, tuple[int, int]] = {}
    open_nodes: set[int] = set()  # nodes whose children are still being counted: the path from the root
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
            if isinstance(node.value, str):
                if _SURROGATE.search(node.value):
                    raise NotUnicode(node)
                node.value = visible(node.value)  # a string escape ("\e", "\u202e") made a control character
            size[id(node)] = (1, 1)
            continue
        if children_done:
            open_nodes.discard(id(node))
            values = 1 + sum(size[id(c)][0] for c in children)
            height = 1 + max((size[id(c)][1] for c in children), default=0)
            size[id(node)] = (min(values, MAX_EXPANDED_VALUES + 1), min(height, MAX_DEPTH + 1))
            continue
        if id(node) in open_nodes:
            raise AliasCycle(node)
        open_nodes.add(id(node))
        stack.append((node, True))
        for child in children:
            if id(child) in open_nodes:
                raise AliasCycle(child)
            if id(child) not in size:
                stack.append((child, False))
    return size[id(root)]


def expanded_values(root: yaml.Node | None) -> int:
    return measure(root)[0]


def too_large(root: yaml.Node | None, name: str) -> str | None:
    """The message for a document whose aliases expand past MAX_EXPANDED_VALUES or refer to
    themselves, or that is nested more than MAX_DEPTH deep; or None."""
    try:
        count, depth = measure(root)
    except NotUnicode as bad:
        return (f"{name}:{bad.mark.line + 1}:{bad.mark.column + 1}: a string escape makes a lone surrogate, "
                "which is not Unicode text; write the character itself")
    except AliasCycle as cycle:
        return (f"{name}:{cycle.mark.line + 1}:{cycle.mark.column + 1}: a YAML alias refers to the value that "
                "holds it (an alias cycle), so the data would never end; write the value out")
    if count > MAX_EXPANDED_VALUES:
        return (f"{name}: its YAML aliases expand to more than {MAX_EXPANDED_VALUES:,} values; write the data "
                "out, or use fewer nested aliases")
    if depth > MAX_DEPTH:
        return _too_deep(name)
    return None


def parse_text(text: str, name: str) -> Document:
    json_error = None
    if name.endswith(".json") or text.lstrip(" \t\r\n\ufeff")[:1] in ("{", "["):
        try:
            data = json.loads(text)
        except RecursionError:
            raise SourceError([_too_deep(name)]) from None
        except json.JSONDecodeError as bad:
            json_error = bad  # YAML may still read it (a `.json` file in YAML's flow style, say)
        else:
            data = _check_json(data, name)
            return Document(name, data, None, text)
    return _parse_yaml(text, name, json_error if name.endswith(".json") else None)


def _parse_yaml(text: str, name: str, json_error: json.JSONDecodeError | None) -> Document:
    import yaml

    loader_class = yaml_loader()
    try:
        root = yaml.compose(text, Loader=loader_class)
        bomb = too_large(root, name)  # alias cycles and bombs, depth, lone surrogates: before any walk
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
        raise SourceError([yaml_problem(bad, text, name)]) from None
    except RecursionError:
        raise SourceError([_too_deep(name)]) from None
    return Document(name, data, root)


def yaml_problem(bad: yaml.YAMLError, text: str, name: str) -> str:
    """One line for a YAML error that has no mark: a character YAML does not allow (NUL, other
    control characters), at its line and column, shown escaped."""
    import yaml

    if isinstance(bad, yaml.reader.ReaderError):
        before = text[:bad.position]
        line, column = before.count("\n") + 1, bad.position - (before.rfind("\n") + 1) + 1
        char = bad.character if isinstance(bad.character, str) else chr(bad.character)
        return (f"{name}:{line}:{column}: not valid YAML: the character {char!r} is not allowed in YAML text "
                "(remove it, or write it as an escape in a double-quoted string)")
    return f"{name}: not valid YAML: {bad}"


def _too_deep(name: str) -> str:
    return f"{name}: its data is nested more than {MAX_DEPTH} levels deep, which no job or template is"


def _check_json(data: Any, name: str) -> Any:
    """What measure() does for YAML: refuse data deeper than MAX_DEPTH or a lone surrogate, and write
    control characters as escapes (in place: the data is this parse's own)."""
    if isinstance(data, str):
        return _json_text(data, name)
    stack, depth = [(data, 1)], 0
    while stack:
        value, level = stack.pop()
        depth = max(depth, level)
        if depth > MAX_DEPTH:
            raise SourceError([_too_deep(name)])
        if isinstance(value, dict):
            for key in list(value):
                item = value[key]
                if isinstance(item, str):
                    item = value[key] = _json_text(item, name)
                elif isinstance(item, dict | list):
                    stack.append((item, level + 1))
                shown = _json_text(key, name)
                if shown != key:
                    value[shown] = value.pop(key)
        elif isinstance(value, list):
            for i, item in enumerate(value):
                if isinstance(item, str):
                    value[i] = _json_text(item, name)
                elif isinstance(item, dict | list):
                    stack.append((item, level + 1))
    return data


def _json_text(value: str, name: str) -> str:
    if _SURROGATE.search(value):
        raise SourceError([f"{name}: the string escape in {value!r} makes a lone surrogate, which is not "
                           "Unicode text; write the character itself"])
    return visible(value)


def construct(root: yaml.Node | None) -> Any:
    """The data of a composed node tree, built from it rather than by parsing the text again."""
    return _construct(root, yaml_loader())


def _construct(root: yaml.Node | None, loader_class) -> Any:
    """The data of a composed node tree, as yaml.load would give it, without parsing the text again."""
    if root is None:
        return None
    loader = loader_class("")
    try:
        return loader.construct_document(root)
    finally:
        loader.dispose()
