"""Seeded generators: valid jobs, the requested shapes, and the same output for the same seed anywhere."""

import random
import subprocess
import sys

import pytest

from lakedrill.engine.generators import SHAPES, dag_edges, random_job, random_scenario
from lakedrill.engine.validate import job_problems


@pytest.mark.parametrize("shape", SHAPES)
def test_each_shape_gives_a_valid_job(shape):
    for seed in range(50):
        job = random_job(random.Random(seed), shape=shape, tasks=(1, 12), run_if_rate=0.5, branches=2,
                         for_each_rate=0.3, retry_rate=0.3, timeout_rate=0.3, disabled_rate=0.1)
        assert job_problems(job) == [], (shape, seed)


def test_shapes_have_their_structure():
    rng = random.Random(0)
    assert dag_edges(rng, "chain", 4) == [[], [0], [1], [2]]
    assert dag_edges(rng, "fan_out", 3) == [[], [0], [0]]
    assert dag_edges(rng, "fan_in", 3) == [[], [], [0, 1]]
    assert dag_edges(rng, "diamond", 4) == [[], [0], [0], [1, 2]]


def test_same_seed_same_job_and_scenario():
    a = random_job(random.Random(5), branches=1, for_each_rate=0.5)
    b = random_job(random.Random(5), branches=1, for_each_rate=0.5)
    assert a == b
    assert random_scenario(random.Random(9), a) == random_scenario(random.Random(9), b)


def test_same_seed_same_job_whatever_the_hash_seed():
    code = ("import random; from lakedrill.engine.generators import random_job; from lakedrill.engine.describe import outline;"
            "print(outline(random_job(random.Random(11), tasks=(5, 9), branches=2, run_if_rate=0.5)))")
    outputs = {subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                              env={"PYTHONHASHSEED": seed, "PATH": ""}).stdout for seed in ("0", "1", "4242")}
    assert len(outputs) == 1


def test_large_jobs_use_plain_names():
    job = random_job(random.Random(1), shape="layered", tasks=500, naming="domain")
    assert job_problems(job) == []
    assert job.tasks[0].task_key == "t001"
