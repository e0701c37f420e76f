"""Runs `check` over many templates, in parallel processes, and prints a line per template."""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor

from lakedrill.templates.template import Template, load_file

# Variants per template when none is asked for: the bank checks in under a minute on 2 cores.
DEFAULT_EXAMPLES = 100


# A worker checks untrusted templates: whatever a template manages to build past the sandbox's
# size caps ends in a MemoryError reported against it, not in a machine out of memory.
WORKER_MEMORY_BYTES = 4 * 1024**3


def _bound_memory() -> None:
    try:
        import resource
    except ImportError:  # not POSIX: no cap
        return
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    cap = WORKER_MEMORY_BYTES if hard == resource.RLIM_INFINITY else min(WORKER_MEMORY_BYTES, hard)
    if soft == resource.RLIM_INFINITY or soft > cap:
        resource.setrlimit(resource.RLIMIT_AS, (cap, hard))


def _check_one(args: tuple[str, str, str, int]) -> tuple[str, int, int, float, list[str]]:
    from lakedrill.authoring.check import check_template

    file, name, template_id, examples = args
    template = next(t for t in load_file(file, name) if t.id == template_id)
    report = check_template(template, examples)
    return template_id, report.variants, report.examples, report.seconds, report.failures


def run_check(templates: Sequence[Template], *, examples: int | None = None, workers: int | None = None,
              echo: Callable[[str], None] = print) -> bool:
    examples = examples or DEFAULT_EXAMPLES
    workers = workers or min(len(templates), os.cpu_count() or 1) or 1
    started = time.perf_counter()
    jobs = [(t.file, t.path, t.id, examples) for t in templates]
    by_id = {t.id: t for t in templates}
    if workers == 1 or len(jobs) == 1:
        results = [_check_one(job) for job in jobs]
    else:
        with ProcessPoolExecutor(max_workers=workers, initializer=_bound_memory) as pool:
            results = list(pool.map(_check_one, jobs))
    failed = 0
    variants = 0
    for template_id, count, example_count, seconds, failures in results:
        template = by_id[template_id]
        variants += count
        status = "ok  " if not failures else "FAIL"
        echo(f"{status} {template_id:<40} {template.path}  {count} variants, "
             f"{example_count} example{'s' if example_count != 1 else ''}, {seconds:.1f}s")
        for failure in failures:
            echo("     " + failure.replace("\n", "\n     "))
        failed += bool(failures)
    total = time.perf_counter() - started
    echo(f"checked {len(results)} templates, {variants} variants in {total:.1f}s: "
         f"{len(results) - failed} ok, {failed} failed")
    return failed == 0


def check_mock_exams(templates: Sequence[Template], blueprint, *, echo: Callable[[str], None] = print) -> bool:
    """The whole bank's mock exams of check's seeds: a line per problem and a verdict."""
    from lakedrill.authoring.check import EXAM_SEEDS, mock_exam_problems

    problems = mock_exam_problems(templates, blueprint)
    for problem in problems:
        echo(f"FAIL {problem}")
    echo(f"mock exams of seeds {', '.join(map(str, EXAM_SEEDS))}: " + ("ok" if not problems else f"{len(problems)} problems"))
    return not problems
