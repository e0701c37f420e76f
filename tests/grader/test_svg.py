"""The DAG drawing: every task and dependency drawn, labels where the rules need them, the same
bytes in every process, and readable at 30 tasks."""

import re
import subprocess
import sys
from html import escape

from hypothesis import given

from lakedrill.engine.strategies import rich_jobs
from lakedrill.writers.svg import FONT_SIZE, dag_svg
from tests.jobdsl import job, nb

# What practice.typ fits a diagram into: the A4 text width and 12 cm, SVG pixels being 0.75 pt.
TEXT_WIDTH_PT, MAX_HEIGHT_PT = 481.9, 340.2


def printed_font_pt(svg: str) -> float:
    width = float(re.search(r'width="([\d.]+)"', svg).group(1))
    height = float(re.search(r'height="([\d.]+)"', svg).group(1))
    scale = min(1.0, TEXT_WIDTH_PT / (width * 0.75), MAX_HEIGHT_PT / (height * 0.75))
    return FONT_SIZE * 0.75 * scale


@given(rich_jobs(max_tasks=12))
def test_every_task_and_every_dependency_is_drawn_with_an_arrowhead(j):
    svg = dag_svg(j)
    boxes = re.findall(r"<g><title>([^<]*)</title>(.*?)</g>", svg, re.S)
    assert sorted(title for title, _ in boxes) == sorted(escape(k) for k in j.order)
    for title, body in boxes:  # the label, on one or two lines, spells the task key
        assert "".join(re.findall(r'font-size="12"[^>]*>([^<]*)</text>', body)) == title
    edges = sum(len(j.task_by_key[k].depends_on) for k in j.order)
    assert svg.count("<polyline") == edges
    # one filled triangle per edge, plus the pointed box of each condition task
    conditions = sum(j.task_by_key[k].condition_task is not None for k in j.order)
    assert svg.count("<polygon") == edges + conditions


@given(rich_jobs(max_tasks=12))
def test_run_if_and_condition_outcomes_are_labelled(j):
    from lakedrill.engine.explain import RUN_IF_LABELS

    svg = dag_svg(j)
    notes = re.findall(r'font-size="10"[^>]*fill="#8a4b00">([^<]*)</text>', svg)
    for key in j.order:
        task = j.task_by_key[key]
        if task.run_if != "ALL_SUCCESS":
            assert any(RUN_IF_LABELS[task.run_if] in n for n in notes), key
    outcomes = re.findall(r'fill="#(?:1a7f37|b42318)">(true|false)</text>', svg)
    expected = sorted(d.outcome for k in j.order for d in j.task_by_key[k].depends_on if d.outcome)
    assert sorted(outcomes) == expected


@given(rich_jobs(max_tasks=12))
def test_everything_is_drawn_inside_the_picture(j):
    svg = dag_svg(j)
    width = float(re.search(r'viewBox="0 0 ([\d.]+) ([\d.]+)"', svg).group(1))
    height = float(re.search(r'viewBox="0 0 ([\d.]+) ([\d.]+)"', svg).group(2))
    for points in re.findall(r'points="([^"]+)"', svg):
        for pair in points.split():
            x, y = map(float, pair.split(","))
            assert -1 <= x <= width + 1 and -1 <= y <= height + 1
    for x in re.findall(r' x="(-?[\d.]+)"', svg):
        assert 0 <= float(x) <= width


def test_the_same_job_gives_the_same_svg_in_every_process():
    script = ("import hashlib\nfrom lakedrill.templates.bank import load\nfrom lakedrill.variants.selection import make_questions, spread\n"
              "from lakedrill.writers.svg import dag_svg\nqs, _ = make_questions(spread(load(), 40, 5))\n"
              "print(hashlib.sha256(''.join(dag_svg(q.job) for q in qs if q.job is not None).encode()).hexdigest())")
    digests = {subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True,
                              env={**__import__("os").environ, "PYTHONHASHSEED": seed}).stdout
               for seed in ("0", "1", "2")}
    assert len(digests) == 1


def medallion(sources: int = 8) -> list:
    names = ["orders", "customers", "payments", "products", "stores", "returns", "shipments", "refunds"][:sources]
    tasks = []
    for name in names:
        tasks += [nb(f"ingest_{name}"), nb(f"bronze_{name}", f"ingest_{name}"), nb(f"silver_{name}", f"bronze_{name}")]
    half = len(names) // 2
    tasks += [nb("gold_sales", *[f"silver_{n}" for n in names[:half]]),
              nb("gold_supply", *[f"silver_{n}" for n in names[half:]]),
              nb("gold_kpis", "gold_sales", "gold_supply"),
              nb("publish_dashboard", "gold_kpis"),
              nb("notify_team", "publish_dashboard", run_if="ALL_DONE"),
              nb("audit_run", "notify_team", run_if="ALL_DONE")]
    return tasks


def test_a_30_task_pipeline_prints_with_readable_labels():
    j = job(*medallion())
    assert len(j.order) == 30
    assert printed_font_pt(dag_svg(j)) >= 6.0


def test_task_keys_wrap_only_when_the_picture_would_have_to_shrink():
    small = dag_svg(job(nb("ingest_customers"), nb("join_orders_customers", "ingest_customers")))
    assert ">join_orders_customers</text>" in small
    wide = dag_svg(job(*medallion()))
    assert ">silver_</text>" in wide and ">customers</text>" in wide
