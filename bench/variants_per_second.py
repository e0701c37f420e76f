"""Question generation speed (issue 3's figures), with a baseline measured in the same run.

    python bench/variants_per_second.py [-n VARIANTS]

For every template of the bundled bank it generates VARIANTS variants on one core (draw,
simulate under the truth and each misconception, options, stem, explanation) and reports
variants per second; the baseline is drawing the same variants (parameters, job, and its
simulation under the truth), so the ratio says what making the question (beliefs, options,
stem, explanation) costs on top. Then it times the whole
`lakedrill check` at its default size on 1 and 2 worker processes. Target: >= 1,000 variants
per second on one core.
"""

from __future__ import annotations

import argparse
import random
import sys
import time

from lakedrill.templates import bank  # noqa: E402
from lakedrill.authoring.check_runner import run_check  # noqa: E402
from lakedrill.variants.generate import Redraw, draw_variant, generate  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", "--variants", type=int, default=300, help="variants per template")
    args = parser.parse_args()
    templates = bank.load()
    print(f"{'template':<40} {'variants/s':>11} {'draws/s':>12} {'ratio':>7}")
    total_variants = 0
    total_seconds = 0.0
    for template in templates:
        started = time.perf_counter()
        for seed in range(args.variants):
            generate(template, seed)
        seconds = time.perf_counter() - started
        started = time.perf_counter()
        for seed in range(args.variants):
            try:
                draw_variant(template, random.Random(f"{template.id}/{seed}/0"), {})
            except Redraw:
                pass
        engine_seconds = time.perf_counter() - started or 1e-9
        total_variants += args.variants
        total_seconds += seconds
        print(f"{template.id:<40} {args.variants / seconds:>11.0f} {args.variants / engine_seconds:>12.0f} "
              f"{seconds / engine_seconds:>6.1f}x")
    rate = total_variants / total_seconds
    print(f"all templates: {rate:.0f} variants/s on one core (target >= 1000) {'ok' if rate >= 1000 else 'MISSED'}")
    for workers in (1, 2):
        started = time.perf_counter()
        run_check(templates, workers=workers, echo=lambda line: None)
        print(f"lakedrill check (default size, {workers} worker{'s' if workers > 1 else ''}): "
              f"{time.perf_counter() - started:.1f}s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
