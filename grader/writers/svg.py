"""A job's DAG as SVG: grandalf lays it out in layers (Sugiyama), a small writer of ours draws it.

Boxes for tasks (a diamond-ended box for an If/else condition task, a double border for a For each
task), arrows with drawn arrowheads (no SVG markers, which some renderers drop), a task's Run if
under its name when it is not All succeeded, and true/false on the edges out of a condition
task. Text is monospace (DejaVu Sans Mono, bundled with typst) so widths are known; coordinates
are rounded so that the same job always gives the same bytes.
"""

from __future__ import annotations

import math
from html import escape

from lakedrill.engine import Job
from lakedrill.engine.explain import RUN_IF_LABELS

FONT = "DejaVu Sans Mono"
FONT_SIZE = 12
CHAR_WIDTH = FONT_SIZE * 0.602  # DejaVu Sans Mono's advance width
SMALL = 10
BOX_HEIGHT = 28
BOX_HEIGHT_WITH_NOTE = 40
PAD_X = 10
GAP_X = 18  # between boxes of a layer
GAP_Y = 46  # between layers
MARGIN = 12
ARROW = 7


class _View:
    """What grandalf needs of a vertex: its size, and where it puts it."""

    def __init__(self, w: float, h: float):
        self.w = w
        self.h = h
        self.xy = (0.0, 0.0)


class _EdgeView:
    def __init__(self) -> None:
        self._pts: list[tuple[float, float]] = []

    def setpath(self, pts):
        self._pts = [tuple(p) for p in pts]


def _note(job: Job, key: str) -> str:
    task = job.task_by_key[key]
    notes = []
    if task.run_if != "ALL_SUCCESS":
        notes.append(RUN_IF_LABELS[task.run_if])
    if task.for_each_task is not None:
        notes.append(f"concurrency {task.for_each_task.effective_concurrency}")
    if task.disabled:
        notes.append("disabled")
    return " · ".join(notes)


WRAP_AT = 12  # longer task keys break after an underscore, so that wide layers still fit a page
LINE_HEIGHT = 14


def _lines(key: str, wrap: bool) -> list[str]:
    """The task key on one line, or (with `wrap`) on two, broken after the "_" or "-" nearest its middle."""
    if not wrap or len(key) <= WRAP_AT:
        return [key]
    cuts = [i + 1 for i, ch in enumerate(key[:-1]) if ch in "_-" and 0 < i]
    if not cuts:
        return [key]
    cut = min(cuts, key=lambda i: (abs(len(key) / 2 - i), i))
    return [key[:cut], key[cut:]]


def _size(job: Job, key: str, wrap: bool) -> tuple[float, float]:
    note = _note(job, key)
    lines = _lines(key, wrap)
    width = max(max(len(line) for line in lines) * CHAR_WIDTH, len(note) * SMALL * 0.602) + 2 * PAD_X
    if job.task_by_key[key].condition_task is not None:
        width += 2 * 10  # the pointed ends
    height = (BOX_HEIGHT_WITH_NOTE if note else BOX_HEIGHT) + LINE_HEIGHT * (len(lines) - 1)
    return round(width, 1), height


# The area practice.typ fits a diagram into, in SVG pixels (0.75 pt): A4's text width by 12 cm.
FIT_WIDTH, FIT_HEIGHT = 640.0, 450.0

Layout = tuple[dict[str, tuple[float, float]], dict[tuple[str, str], list[tuple[float, float]]]]


def _layout(job: Job) -> tuple[dict[str, tuple[float, float]], dict[tuple[str, str], list[tuple[float, float]]], bool, bool]:
    """Top to bottom, or left to right when that needs less shrinking to fit a page (a wide layer
    of many parallel tasks reads better as a column); long task keys on two lines only when the
    picture would have to shrink otherwise. Returns centres, routes, whether the layout runs left
    to right, and whether keys wrap."""

    def shrink(layout: Layout, wrap: bool) -> float:
        centres = layout[0]
        sizes = {key: _size(job, key, wrap) for key in centres}
        width = (max(x + sizes[k][0] / 2 for k, (x, _) in centres.items())
                 - min(x - sizes[k][0] / 2 for k, (x, _) in centres.items()))
        height = (max(y + sizes[k][1] / 2 for k, (_, y) in centres.items())
                  - min(y - sizes[k][1] / 2 for k, (_, y) in centres.items()))
        return max(width / FIT_WIDTH, height / FIT_HEIGHT)

    def best(wrap: bool) -> tuple[float, Layout, bool]:
        down = _layered(job, False, wrap)
        down_shrink = shrink(down, wrap)
        if down_shrink <= 1:  # it fits as it is: nothing to gain by turning it (nor a second layout to pay)
            return down_shrink, down, False
        side = _layered(job, True, wrap)
        side_shrink = shrink(side, wrap)
        return (side_shrink, side, True) if side_shrink < down_shrink * 0.9 else (down_shrink, down, False)

    factor, layout, across = best(False)
    if factor > 1 and any(len(_lines(key, True)) > 1 for key in job.order):
        wrapped_factor, wrapped, wrapped_across = best(True)
        if wrapped_factor < factor * 0.95:
            return (*wrapped, wrapped_across, True)
    return (*layout, across, False)


def _layered(job: Job, across: bool, wrap: bool) -> Layout:
    """Centre of every task and the route of every edge, components side by side. With `across`,
    grandalf lays out the transposed boxes and the result is turned a quarter (layers as columns)."""
    from grandalf.graphs import Edge, Vertex, graph_core
    from grandalf.layouts import SugiyamaLayout

    centres: dict[str, tuple[float, float]] = {}
    routes: dict[tuple[str, str], list[tuple[float, float]]] = {}
    offset = 0.0
    # Components and their edges in job order: grandalf's own Graph collects edges in a set, whose
    # order (and so the layout) changes from one process to the next.
    for keys in _components(job):
        vertices = {key: Vertex(key) for key in keys}
        edges = []
        for key in keys:
            for dep in job.task_by_key[key].depends_on:
                edge = Edge(vertices[dep.task_key], vertices[key], data=dep.outcome)
                edge.view = _EdgeView()
                edges.append(edge)
        component = graph_core(list(vertices.values()), edges)
        for vertex in component.sV:
            w, h = _size(job, vertex.data, wrap)
            vertex.view = _View(h, w) if across else _View(w, h)
        layout = SugiyamaLayout(component)
        layout.xspace, layout.yspace = GAP_X, GAP_Y
        layout.init_all(roots=[v for v in component.sV if not v.e_in()])
        layout.draw()
        xs = [v.view.xy[0] - v.view.w / 2 for v in component.sV]
        left = min(xs)
        right = max(v.view.xy[0] + v.view.w / 2 for v in component.sV)
        for vertex in component.sV:
            x, y = vertex.view.xy
            centres[vertex.data] = (x - left + offset, y)
        for edge in component.sE:
            points = [(x - left + offset, y) for x, y in edge.view._pts] if edge.view._pts else []
            routes[(edge.v[0].data, edge.v[1].data)] = points
        offset += right - left + 3 * GAP_X
    if across:  # turn it: grandalf's layers (y) become columns (x)
        centres = {k: (y, x) for k, (x, y) in centres.items()}
        routes = {e: [(y, x) for x, y in pts] for e, pts in routes.items()}
    return centres, routes


def _components(job: Job) -> list[list[str]]:
    """The job's weakly connected components, each in job order, ordered by their first task."""
    parent = {key: key for key in job.order}
    position = {key: i for i, key in enumerate(job.order)}

    def root(key: str) -> str:
        while parent[key] != key:
            parent[key] = parent[parent[key]]
            key = parent[key]
        return key

    for key in job.order:
        for dep in job.task_by_key[key].depends_on:
            a, b = root(dep.task_key), root(key)
            if a != b:
                parent[max(a, b, key=position.get)] = min(a, b, key=position.get)
    groups: dict[str, list[str]] = {}
    for key in job.order:
        groups.setdefault(root(key), []).append(key)
    return list(groups.values())


def dag_svg(job: Job) -> str:
    """The job as a standalone SVG document."""
    centres, routes, across, wrap = _layout(job)
    sizes = {key: _size(job, key, wrap) for key in job.order}
    # The picture holds every box and every bend of an edge (grandalf may route one outside the boxes).
    bends = [p for points in routes.values() for p in points[1:-1]]
    min_x = min([centres[k][0] - sizes[k][0] / 2 for k in job.order] + [x for x, _ in bends])
    min_y = min([centres[k][1] - sizes[k][1] / 2 for k in job.order] + [y for _, y in bends])
    dx, dy = MARGIN - min_x, MARGIN - min_y
    width = max([centres[k][0] + sizes[k][0] / 2 for k in job.order] + [x for x, _ in bends]) + dx + MARGIN
    height = max([centres[k][1] + sizes[k][1] / 2 for k in job.order] + [y for _, y in bends]) + dy + MARGIN

    def at(x: float, y: float) -> tuple[float, float]:
        return round(x + dx, 1), round(y + dy, 1)

    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width:.0f}" height="{height:.0f}" '
           f'viewBox="0 0 {width:.1f} {height:.1f}" font-family="{FONT}">']
    for key in job.order:  # edges first, boxes over them
        for dep in job.task_by_key[key].depends_on:
            out.extend(_edge(dep.task_key, key, dep.outcome, centres, sizes, routes, at, across))
    for key in job.order:
        out.extend(_box(job, key, centres, sizes, at, wrap))
    out.append("</svg>")
    return "\n".join(out) + "\n"


def _edge(source, target, outcome, centres, sizes, routes, at, across: bool = False) -> list[str]:
    sx, sy = centres[source]
    tx, ty = centres[target]
    if across:  # out of the right side, into the left side
        start = (sx + sizes[source][0] / 2, sy)
        end = (tx - sizes[target][0] / 2, ty)
    else:  # out of the bottom, into the top
        start = (sx, sy + sizes[source][1] / 2)
        end = (tx, ty - sizes[target][1] / 2)
    inner = routes.get((source, target)) or []
    points = [start] + [p for p in inner[1:-1]] + [end]
    points = [at(x, y) for x, y in points]
    # Stop the line at the arrowhead's base, then draw the head as a filled triangle.
    (x1, y1), (x2, y2) = points[-2], points[-1]
    length = math.hypot(x2 - x1, y2 - y1) or 1.0
    ux, uy = (x2 - x1) / length, (y2 - y1) / length
    base = (round(x2 - ux * ARROW, 1), round(y2 - uy * ARROW, 1))
    left = (round(base[0] - uy * ARROW * 0.55, 1), round(base[1] + ux * ARROW * 0.55, 1))
    right = (round(base[0] + uy * ARROW * 0.55, 1), round(base[1] - ux * ARROW * 0.55, 1))
    line = " ".join(f"{x},{y}" for x, y in points[:-1] + [base])
    parts = [f'<polyline points="{line}" fill="none" stroke="#555" stroke-width="1.3"/>',
             f'<polygon points="{x2},{y2} {left[0]},{left[1]} {right[0]},{right[1]}" fill="#555"/>']
    if outcome:
        (ax, ay), (bx, by) = points[0], points[1] if len(points) > 1 else points[0]
        mx, my = round(ax + (bx - ax) * 0.35, 1), round(ay + (by - ay) * 0.35, 1)
        colour = "#1a7f37" if outcome == "true" else "#b42318"
        parts.append(f'<rect x="{mx - 17:.1f}" y="{my - 8:.1f}" width="34" height="14" rx="3" fill="white"/>')
        parts.append(f'<text x="{mx}" y="{my + 3:.1f}" font-size="{SMALL}" text-anchor="middle" '
                     f'fill="{colour}">{outcome}</text>')
    return parts


def _box(job: Job, key: str, centres, sizes, at, wrap: bool) -> list[str]:
    task = job.task_by_key[key]
    w, h = sizes[key]
    cx, cy = at(*centres[key])
    x, y = round(cx - w / 2, 1), round(cy - h / 2, 1)
    note = _note(job, key)
    parts = []
    if task.condition_task is not None:
        tip = 10
        shape = (f"{x},{cy} {x + tip},{y} {x + w - tip},{y} {x + w},{cy} {x + w - tip},{y + h} "
                 f"{x + tip},{y + h}")
        parts.append(f'<polygon points="{shape}" fill="#fff8e6" stroke="#8a6d1d" stroke-width="1.3"/>')
    else:
        fill = "#f2f2f2" if task.disabled else "#eef4ff"
        parts.append(f'<rect x="{x}" y="{y}" width="{w}" height="{h}" rx="5" fill="{fill}" stroke="#35507a" '
                     f'stroke-width="1.3"/>')
        if task.for_each_task is not None:
            parts.append(f'<rect x="{x + 3}" y="{y + 3}" width="{w - 6:.1f}" height="{h - 6}" rx="3" fill="none" '
                         f'stroke="#35507a" stroke-width="0.8"/>')
    lines = _lines(key, wrap)
    # Label lines centred in the box, the note (if any) under them.
    first = cy + 4 - LINE_HEIGHT * (len(lines) - 1) / 2 - (7 if note else 0)
    for i, line in enumerate(lines):
        parts.append(f'<text x="{cx}" y="{first + i * LINE_HEIGHT:.1f}" font-size="{FONT_SIZE}" text-anchor="middle" '
                     f'fill="#111">{escape(line)}</text>')
    if note:
        parts.append(f'<text x="{cx}" y="{first + (len(lines) - 1) * LINE_HEIGHT + 15:.1f}" font-size="{SMALL}" '
                     f'text-anchor="middle" fill="#8a4b00">{escape(note)}</text>')
    return [f"<g><title>{escape(key)}</title>", *parts, "</g>"]
