"""SEMANTICS §10: a run's clusters, their lifetimes, the cost from given rates, and compute advice."""

import pytest

from engine.compute import ComputeChoice, Workload, advise, clusters, run_cost
from tests.jobdsl import for_each, job, nb, rule, run

CLUSTERS = [{"job_cluster_key": "etl", "new_cluster": {"num_workers": 2}}]


@rule("compute.shared_job_cluster_lifetime")
def test_a_shared_job_cluster_lives_from_the_first_task_start_to_the_last_task_end_edge_case_22():
    j = job(nb("a", job_cluster_key="etl"), nb("b", "a", job_cluster_key="etl"), nb("c", "a", job_cluster_key="etl"),
            nb("report", "b", "c"), job_clusters=CLUSTERS)
    r = run(j, a=100, b=300, c=50, report=60)
    etl = next(c for c in clusters(r) if c.key == "etl")
    assert (etl.start, etl.end, etl.seconds) == (0, 400, 400)
    assert etl.tasks == ("a", "b", "c")


@rule("compute.shared_job_cluster_lifetime")
def test_a_shared_cluster_stays_up_while_an_unrelated_task_runs_between_its_tasks():
    j = job(nb("a", job_cluster_key="etl"), nb("gap", "a"), nb("c", "gap", job_cluster_key="etl"),
            job_clusters=CLUSTERS)
    r = run(j, a=60, gap=600, c=60)
    [etl] = [c for c in clusters(r) if c.key == "etl"]
    assert etl.seconds == 720  # up from 0 to 720, not just 120 s of work


@rule("compute.new_cluster_per_task")
def test_new_cluster_tasks_each_have_a_cluster_for_their_own_run():
    j = job(nb("a", new_cluster={"num_workers": 1}), nb("b", new_cluster={"num_workers": 1}))
    keys = {c.key: c.seconds for c in clusters(run(j, a=60, b=120))}
    assert keys == {"a": 60, "b": 120}


@rule("compute.billed_while_up")
def test_cost_of_a_run_from_given_rates():
    j = job(nb("a", job_cluster_key="etl"), nb("b", "a", job_cluster_key="etl"), nb("s", "a"),
            job_clusters=CLUSTERS)
    r = run(j, a=1800, b=1800, s=900)
    assert run_cost(r, {"job_cluster": 2.0, "serverless": 4.0}) == pytest.approx(2.0 * 1 + 4.0 * 0.25)
    with pytest.raises(KeyError, match="no rate given for serverless"):
        run_cost(r, {"job_cluster": 2.0})


def test_skipped_tasks_use_no_compute():
    j = job(nb("a", job_cluster_key="etl"), nb("b", "a", job_cluster_key="etl"), job_clusters=CLUSTERS)
    [etl] = clusters(run(j, a={"outcomes": ["FAILED"], "duration": 30}))
    assert etl.seconds == 30


def test_for_each_iterations_run_on_the_nested_tasks_compute():
    nested = nb("load", job_cluster_key="etl")
    j = job(for_each("loop", "[1, 2, 3]", nested=nested, concurrency=3), job_clusters=CLUSTERS)
    [etl] = clusters(run(j, loop=120))
    assert etl.seconds == 120


@rule("compute.jobs_compute_for_production")
def test_production_batch_runs_on_a_new_job_cluster():
    assert advise(Workload.PRODUCTION_BATCH).compute is ComputeChoice.JOB_CLUSTER


@rule("compute.all_purpose_for_development")
def test_interactive_development_runs_on_all_purpose():
    assert advise("interactive_development").compute is ComputeChoice.ALL_PURPOSE


@rule("compute.serverless_for_bursty")
def test_light_or_bursty_work_runs_on_serverless():
    assert advise("light_or_bursty").compute is ComputeChoice.SERVERLESS


@rule("compute.sql_warehouse_for_sql")
def test_sql_runs_on_a_warehouse():
    assert advise("sql_analytics").compute is ComputeChoice.SQL_WAREHOUSE


@rule("compute.pools_for_fast_start")
def test_frequent_short_jobs_use_instance_pools():
    assert advise("frequent_short_jobs").compute is ComputeChoice.INSTANCE_POOL


@rule("streaming.legacy_recipe")
def test_the_legacy_streaming_recipe():
    advice = advise("streaming")
    assert advice.compute is ComputeChoice.JOB_CLUSTER
    assert advice.settings == {"max_retries": -1, "max_concurrent_runs": 1, "schedule": None, "timeout_seconds": 0}


@rule("streaming.continuous_mode")
def test_streaming_today_is_continuous_mode():
    advice = advise("streaming", today=True)
    assert advice.settings["continuous"] is True and advice.rules == ("streaming.continuous_mode",)
