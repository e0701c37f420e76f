"""Graph helpers over task_key -> depends_on mappings: order and cycles (SEMANTICS §1.5)."""

from __future__ import annotations

import heapq
from collections.abc import Mapping, Sequence


class CycleError(ValueError):
    """The tasks do not form a DAG; `cycle` is a path that starts and ends on the same task."""

    def __init__(self, cycle: Sequence[str]):
        self.cycle = tuple(cycle)
        super().__init__("dependency cycle: " + " -> ".join(self.cycle))


def topological_order(depends_on: Mapping[str, Sequence[str]]) -> tuple[str, ...]:
    """Kahn's algorithm; among tasks ready at once the smaller task_key comes first.

    Dependencies on keys that are not in the mapping are ignored here (validation reports them).
    """
    indegree = {key: 0 for key in depends_on}
    children: dict[str, list[str]] = {key: [] for key in depends_on}
    for key, deps in depends_on.items():
        for dep in set(deps):
            if dep in children:
                children[dep].append(key)
                indegree[key] += 1
    ready = [key for key, n in indegree.items() if n == 0]
    heapq.heapify(ready)
    order: list[str] = []
    while ready:
        key = heapq.heappop(ready)
        order.append(key)
        for child in children[key]:
            indegree[child] -= 1
            if indegree[child] == 0:
                heapq.heappush(ready, child)
    if len(order) != len(indegree):
        raise CycleError(find_cycle(depends_on, set(indegree) - set(order)))
    return tuple(order)


def find_cycle(depends_on: Mapping[str, Sequence[str]], among: set[str]) -> list[str]:
    """A cycle among `among`, upstream first: in ``a -> b -> a`` b depends on a and a on b."""
    # Walk dependencies from the smallest key until a task repeats; every task left after Kahn's
    # pass has a dependency that is also left, so the walk must close a loop.
    start = min(among)
    seen: dict[str, int] = {}
    path: list[str] = []
    node = start
    while node not in seen:
        seen[node] = len(path)
        path.append(node)
        node = min(dep for dep in depends_on[node] if dep in among)
    loop = path[seen[node]:] + [node]
    loop.reverse()  # upstream first: "a -> b" reads "b depends on a"
    return loop
