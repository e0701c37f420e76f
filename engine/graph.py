"""Graph helpers over task_key -> depends_on mappings: order and cycles (SEMANTICS §1.5)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence


class CycleError(ValueError):
    """The tasks do not form a DAG; `cycle` is a path that starts and ends on the same task."""

    def __init__(self, cycle: Sequence[str]):
        self.cycle = tuple(cycle)
        super().__init__("dependency cycle: " + " -> ".join(self.cycle))


def topological_order(depends_on: Mapping[str, Sequence[str]]) -> tuple[str, ...]:
    """Kahn's algorithm, a wave at a time: every task whose dependencies are all placed comes in
    the next wave, and a wave is sorted by task_key (SEMANTICS §1.6: ties only for stable output).

    Dependencies on keys that are not in the mapping are ignored here (validation reports them).
    """
    indegree: dict[str, int] = {}
    children: dict[str, list[str]] = {key: [] for key in depends_on}
    for key, deps in depends_on.items():
        count = 0
        for dep in deps:  # a repeated dependency is counted and released twice: still consistent
            if dep in children:
                children[dep].append(key)
                count += 1
        indegree[key] = count
    wave = sorted(key for key, n in indegree.items() if n == 0)
    order: list[str] = []
    while wave:
        order.extend(wave)
        following = []
        for key in wave:
            for child in children[key]:
                left = indegree[child] - 1
                indegree[child] = left
                if left == 0:
                    following.append(child)
        following.sort()
        wave = following
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
