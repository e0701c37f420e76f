"""`lakedrill simulate job.json --json` as a user runs it, against parse + Kahn over the same file.

    python bench/simulate_cli.py [--repeat 7] [--check]

For random valid layered jobs of 10, 100 and 1,000 tasks (Databricks' limit per job), written as
JobSettings JSON, it times in a fresh process each, warm (the best of --repeat runs, after one
untimed run; bytecode is written on the first run and read after, as on a user's machine):

- the baseline: `python -c` that loads the file with json.load and makes one Kahn topological pass
  over its depends_on, nothing else (the least any program that reads the job can do);
- the command: the installed `lakedrill` script beside this interpreter (`python -m lakedrill` when
  none is installed) with `simulate FILE --json`, its output read to the end.

Each run is measured twice: wall-clock time, and the CPU time (user + system) the process used. The
targets are judged on CPU time, which other work on a busy machine does not inflate as much; wall
time is reported beside it. Targets (issue 14): the command <= 8x the baseline at 1,000 tasks, and
the command at 1,000 tasks <= 12x the command at 100 tasks. Informative in CI (--check exits 1 when
a target is missed).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from lakedrill.engine.export import job_as_dict
from lakedrill.engine.generators import random_job

SIZES = (10, 100, 1_000)

KAHN = """
import json, sys
from collections import deque
with open(sys.argv[1], encoding="utf-8") as f:
    settings = json.load(f)
indegree, children = {}, {}
for task in settings["tasks"]:
    indegree[task["task_key"]] = len(task.get("depends_on", ()))
    children[task["task_key"]] = []
for task in settings["tasks"]:
    for dep in task.get("depends_on", ()):
        children[dep["task_key"]].append(task["task_key"])
queue = deque(key for key, n in indegree.items() if n == 0)
order = []
while queue:
    key = queue.popleft()
    order.append(key)
    for child in children[key]:
        indegree[child] -= 1
        if indegree[child] == 0:
            queue.append(child)
assert len(order) == len(indegree)
print(len(order))
"""


def lakedrill_command() -> list[str]:
    """The installed `lakedrill` script beside this interpreter, as a user starts it; else -m lakedrill."""
    script = Path(sys.executable).parent / ("lakedrill.exe" if os.name == "nt" else "lakedrill")
    return [str(script)] if script.exists() else [sys.executable, "-m", "lakedrill"]


def write_job(folder: Path, size: int, seed: int = 1) -> Path:
    rng = random.Random(seed)
    job = random_job(rng, shape="layered", tasks=size, naming="plain", run_if_rate=0.2, retry_rate=0.1)
    path = folder / f"job_{size}.json"
    path.write_text(json.dumps(job_as_dict(job), indent=2), encoding="utf-8")
    return path


def warm_env(pycache: Path) -> dict[str, str]:
    """The environment of a user's shell: bytecode written once and read after (into a folder of
    the bench's own, so the checkout is left as it was), even where PYTHONDONTWRITEBYTECODE is set."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPYCACHEPREFIX"] = str(pycache)
    return env


def best_of(args: list[str], repeat: int, env: dict[str, str]) -> tuple[float, float]:
    """(wall, cpu): the fastest of `repeat` runs after one untimed (warm: files and bytecode cached)."""
    def run() -> tuple[float, float]:
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        started = time.perf_counter()
        done = subprocess.run(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, check=False, env=env)
        elapsed = time.perf_counter() - started
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        if done.returncode != 0:
            raise RuntimeError(f"{' '.join(args)} exited {done.returncode}: {done.stderr.decode()[-500:]}")
        return elapsed, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)

    run()
    times = [run() for _ in range(repeat)]
    return min(t[0] for t in times), min(t[1] for t in times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--check", action="store_true", help="exit 1 when a target is missed")
    args = parser.parse_args()
    command = lakedrill_command()
    rows = {}
    with tempfile.TemporaryDirectory() as folder:
        env = warm_env(Path(folder) / "pycache")
        for size in SIZES:
            path = write_job(Path(folder), size)
            baseline = best_of([sys.executable, "-c", KAHN, str(path)], args.repeat, env)
            simulate = best_of(command + ["simulate", str(path), "--json"], args.repeat, env)
            rows[size] = (baseline, simulate, path.stat().st_size)
    print(f"{'tasks':>6} {'file':>7} {'json+kahn cpu':>14} {'simulate cpu':>13} {'ratio':>7}   "
          f"{'json+kahn wall':>15} {'simulate wall':>14} {'ratio':>7}")
    for size, ((base_wall, base_cpu), (sim_wall, sim_cpu), nbytes) in rows.items():
        print(f"{size:>6} {nbytes / 1024:>5.0f}kB {base_cpu * 1e3:>12.1f}ms {sim_cpu * 1e3:>11.1f}ms "
              f"{sim_cpu / base_cpu:>6.2f}x   {base_wall * 1e3:>13.1f}ms {sim_wall * 1e3:>12.1f}ms "
              f"{sim_wall / base_wall:>6.2f}x")
    (_, base_cpu), (_, big_cpu), _ = rows[1_000]
    _, (_, mid_cpu), _ = rows[100]
    checks = [
        ("simulate --json / json+kahn at 1,000 tasks (cpu)", big_cpu / base_cpu, 8),
        ("simulate --json at 1,000 / at 100 tasks (cpu)", big_cpu / mid_cpu, 12),
    ]
    ok = True
    for label, value, target in checks:
        met = value <= target
        ok &= met
        print(f"{label}: {value:.2f}x (target <= {target}) {'ok' if met else 'MISSED'}")
    return 0 if ok or not args.check else 1


if __name__ == "__main__":
    sys.exit(main())
