"""Damaging good documents for fuzz tests: fields replaced by junk or removed."""

from __future__ import annotations

import copy
from typing import Any

from hypothesis import strategies as st


def paths(value: Any, path: tuple = ()) -> list[tuple]:
    """Every path into a nested structure of dicts and lists, the root excluded."""
    out = [path] if path else []
    if isinstance(value, dict):
        for key, inner in value.items():
            out += paths(inner, path + (key,))
    elif isinstance(value, list):
        for i, inner in enumerate(value):
            out += paths(inner, path + (i,))
    return out


@st.composite
def damaged(draw, good: Any, junk: st.SearchStrategy, most: int = 3) -> Any:
    """`good` with one to `most` of its fields replaced by `junk` or removed."""
    data = copy.deepcopy(good)
    for path in draw(st.lists(st.sampled_from(paths(good)), min_size=1, max_size=most, unique=True)):
        parent = data
        try:
            for step in path[:-1]:
                parent = parent[step]
            if draw(st.booleans()) and isinstance(parent, dict):
                parent.pop(path[-1], None)
            else:
                parent[path[-1]] = draw(junk)
        except (KeyError, IndexError, TypeError):
            continue  # an earlier damage removed or replaced what this path went through
    return data
