"""Printing cost (issue 6's figure): a 50-question PDF with diagrams, against generating the same
50 questions without printing, in the same run.

    python bench/print.py [-n 50] [--repeat 5] [--variants 30]

"generate" is what the quiz does for those questions (spread + generate + simulate); "print" adds
the document data, the SVG layouts and the typst compile. Target: print / generate <= 3x.
Also reports a class set (--variants sets of n questions, one per student) end to end.
"""

from __future__ import annotations

import argparse
import sys
import time

from lakedrill.templates.bank import load  # noqa: E402
from lakedrill.writers.printing import build_sets  # noqa: E402
from lakedrill.writers import pdf  # noqa: E402


def best(repeat: int, work) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeat):
        started = time.perf_counter()
        result = work()
        times.append(time.perf_counter() - started)
    return min(times), result


def printed_pdf(sets) -> bytes:
    """The PDF `lakedrill print` writes for these sets (each key after its set), as bytes."""
    return pdf.compile_pdf(pdf.document(sets, title="bench", date="2026-01-01", paper="a4", questions=True,
                                        keys=True, sheet=len(sets) > 1))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=50, help="questions in the set")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--variants", type=int, default=30, help="sets in the class-set run")
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()
    templates = load()
    # Warm both paths once (imports, Jinja compiles, typst's fonts), so the timings compare the work.
    sets, _ = build_sets(templates, n=args.n, seed=args.seed)
    printed_pdf(sets)

    def generate():
        return build_sets(templates, n=args.n, seed=args.seed)[0]

    def generate_and_print():
        printed = generate()
        return printed_pdf(printed)

    generating, generated = best(args.repeat, generate)
    printing, document = best(args.repeat, generate_and_print)
    diagrams = sum(q.job is not None for q in generated[0].questions)
    ratio = printing / generating
    print(f"{args.n} questions ({diagrams} with a diagram), {len(document) // 1024} KiB PDF")
    print(f"generate            {generating * 1000:8.1f} ms  {generating / args.n * 1000:6.2f} ms/question")
    print(f"generate + print    {printing * 1000:8.1f} ms  {printing / args.n * 1000:6.2f} ms/question  "
          f"{ratio:5.2f}x generating  (target <= 3x) {'ok' if ratio <= 3 else 'MISSED'}")
    started = time.perf_counter()
    class_sets, _ = build_sets(templates, n=args.n, seed=args.seed, variants=args.variants)
    for questions, keys in ((True, False), (False, True)):  # the sets, and their keys apart
        pdf.compile_pdf(pdf.document(class_sets, title="bench", date="2026-01-01", paper="a4", questions=questions,
                                     keys=keys, sheet=keys))
    class_time = time.perf_counter() - started
    print(f"class set: {args.variants} sets x {args.n} questions, questions and keys: {class_time:6.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
