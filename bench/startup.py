"""Quiz start-up (issue 5's figure): command start to the first question on screen, against
`python -c "import click"` in the same run.

    python bench/startup.py [--repeat 10]

The quiz is started as a learner starts it (10 questions), with --plain, in a fresh data directory;
the clock stops when the prompt for question 1 arrives on its output. The first start after an install validates the bank
and caches it (reported as "cold"); every later start reads the cache ("warm"). Target: warm
start-up under 3x the baseline. Also times `lakedrill --help`.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def lakedrill_command() -> list[str]:
    """The installed `lakedrill` script beside this interpreter, as a learner starts it; `-m lakedrill`
    from the checkout only when nothing is installed."""
    script = Path(sys.executable).parent / ("lakedrill.exe" if os.name == "nt" else "lakedrill")
    return [str(script)] if script.exists() else [sys.executable, "-m", "lakedrill.cli"]


LAKEDRILL = lakedrill_command()


def time_command(args: list[str], env: dict[str, str], cwd: Path) -> float:
    started = time.perf_counter()
    subprocess.run(args, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False, cwd=cwd)
    return time.perf_counter() - started


def time_to_first_question(env: dict[str, str], cwd: Path) -> float:
    started = time.perf_counter()
    process = subprocess.Popen(LAKEDRILL + ["quiz", "--plain", "--seed", "7"], env=env, cwd=cwd,
                               stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    seen = b""
    while b"Your answer to 1" not in seen:
        chunk = process.stdout.read1(65536)
        if not chunk:
            raise RuntimeError(f"the quiz ended before its first question: {seen.decode(errors='replace')[-500:]}")
        seen += chunk
    elapsed = time.perf_counter() - started
    process.kill()
    process.wait()
    return elapsed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=10)
    args = parser.parse_args()
    home = Path(tempfile.mkdtemp(prefix="lakedrill-bench-"))
    env = dict(os.environ, LAKEDRILL_HOME=str(home), COLUMNS="120", PYTHONUNBUFFERED="1")
    # A learner's machine keeps bytecode; a machine that forbids writing it would compile every
    # module of the checkout on every start, which no warm start pays.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    # The installed command runs from a neutral directory so it imports what is installed, not the checkout.
    cwd = ROOT if LAKEDRILL[0] == sys.executable else home
    try:
        baseline = min(time_command([sys.executable, "-c", "import click"], env, cwd) for _ in range(args.repeat))
        help_time = min(time_command(LAKEDRILL + ["--help"], env, cwd) for _ in range(args.repeat))
        cold = []
        for _ in range(3):
            shutil.rmtree(home / "cache", ignore_errors=True)
            cold.append(time_to_first_question(env, cwd))
        warm = min(time_to_first_question(env, cwd) for _ in range(args.repeat))
    finally:
        shutil.rmtree(home, ignore_errors=True)
    print(f"command: {' '.join(Path(a).name for a in LAKEDRILL)}")
    print(f"python -c 'import click'     {baseline * 1000:7.1f} ms")
    print(f"lakedrill --help             {help_time * 1000:7.1f} ms  {help_time / baseline:5.2f}x")
    print(f"quiz to first question, warm {warm * 1000:7.1f} ms  {warm / baseline:5.2f}x  (target < 3x) "
          f"{'ok' if warm / baseline < 3 else 'MISSED'}")
    print(f"quiz to first question, cold {min(cold) * 1000:7.1f} ms  {min(cold) / baseline:5.2f}x  (first start: "
          "validates and caches the bank)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
