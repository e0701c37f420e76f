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


# ----------------------------------------------------------------------------- start-up and DBU cost

from hypothesis import given  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from engine.misconceptions import MISCONCEPTIONS  # noqa: E402


def etl_job():
    return job(nb("ingest", job_cluster_key="etl"), nb("clean", "ingest", job_cluster_key="etl"),
               nb("audit", job_cluster_key="etl"), nb("report", "clean", "audit"), job_clusters=CLUSTERS)


@rule("compute.startup_given")
def test_the_first_task_on_a_cluster_waits_its_start_up_and_later_ones_do_not():
    r = run(etl_job(), {"compute": {"startup": {"etl": 300}}}, ingest=600, clean=600, audit=100, report=60)
    starts = {k: tr.start for k, tr in r.tasks.items()}
    # ingest and audit are both ready at 0 and wait for etl (up at 300); clean starts when ingest ends.
    assert starts == {"ingest": 300, "audit": 300, "clean": 900, "report": 1500}
    assert any("waits for cluster etl" in s.message for s in r.trace if s.task_key == "ingest")


@rule("compute.startup_given")
def test_each_task_with_its_own_new_cluster_waits_for_it():
    j = job(nb("a", new_cluster={"num_workers": 1}), nb("b", "a", new_cluster={"num_workers": 1}), nb("c", "b"))
    r = run(j, {"compute": {"startup": {"a": 200, "b": 200}}}, a=100, b=100, c=100)
    assert [r.tasks[k].start for k in ("a", "b", "c")] == [200, 500, 600]  # c is serverless: no start-up given


@rule("dag.no_startup_time")
def test_without_start_up_times_tasks_start_when_ready():
    r = run(etl_job(), ingest=600, clean=600, audit=100, report=60)
    assert r.tasks["ingest"].start == 0


@rule("compute.startup_billed")
def test_a_clusters_start_up_time_is_part_of_its_time_up():
    r = run(etl_job(), {"compute": {"startup": {"etl": 300}}}, ingest=600, clean=600, audit=100, report=60)
    [etl] = [c for c in clusters(r) if c.key == "etl"]
    assert (etl.start, etl.end, etl.seconds) == (0, 1500, 1500)


@rule("compute.dbu_cost")
def test_cost_is_hours_up_times_dbu_per_hour_times_the_price_of_a_dbu():
    data = {"compute": {"dbu_per_hour": {"etl": 8, "serverless": 2}, "rates": {"job_cluster": 0.15,
                                                                                "serverless": 0.5}}}
    r = run(etl_job(), data, ingest=1800, clean=1800, audit=600, report=3600)
    # etl up 0-3600 (1 h x 8 DBU x 0.15 = 1.2); report on serverless 1 h x 2 DBU x 0.5 = 1.0
    assert run_cost(r) == pytest.approx(2.2)
    assert run_cost(r, {"job_cluster": 0.15, "serverless": 0.5}, dbu_per_hour={}) == pytest.approx(0.65)


def test_startup_for_every_task():
    belief = MISCONCEPTIONS["startup_for_every_task"].semantics
    from engine import simulate
    from tests.jobdsl import scenario

    j = etl_job()
    s = scenario(j, {"compute": {"startup": {"etl": 300}}}, ingest=600, clean=600, audit=100, report=60)
    assert simulate(j, s).tasks["clean"].start == 900
    assert simulate(j, s, semantics=belief).tasks["clean"].start == 1200


@given(st.sampled_from(["ingest", "clean", "audit", "report"]), st.integers(0, 3600), st.integers(1, 3600),
       st.integers(0, 600))
def test_a_run_never_costs_less_when_a_task_takes_longer(task, base, extra, startup):
    durations = {"ingest": 600, "clean": 600, "audit": 300, "report": 120, task: base}
    data = {"compute": {"startup": {"etl": startup}, "dbu_per_hour": {"etl": 6},
                        "rates": {"job_cluster": 0.2, "serverless": 0.7}}}
    before = run_cost(run(etl_job(), data, **durations))
    after = run_cost(run(etl_job(), data, **{**durations, task: base + extra}))
    assert after >= before


@rule("compute.startup_given")
def test_a_shared_cluster_is_requested_by_the_task_ready_first_not_the_one_listed_first():
    # b is listed (and visited) first but ready at 1000; e is ready at 20 and requests etl.
    j = job(nb("a"), nb("b", "a", job_cluster_key="etl"), nb("c"), nb("d", "c"), nb("e", "d", job_cluster_key="etl"),
            job_clusters=CLUSTERS)
    r = run(j, {"compute": {"startup": {"etl": 300}}}, a=1000, b=100, c=10, d=10, e=100)
    assert (r.tasks["e"].start, r.tasks["b"].start) == (320, 1000)
    [etl] = [c for c in clusters(r) if c.key == "etl"]
    assert (etl.start, etl.end) == (20, 1100)


@rule("compute.billed_while_up")
def test_an_all_purpose_cluster_counts_once_while_parallel_tasks_share_it():
    j = job(nb("a", existing_cluster_id="0101-abc"), nb("b", existing_cluster_id="0101-abc"))
    r = run(j, a=3600, b=1800)
    [shared] = clusters(r)
    assert shared.seconds == 3600
