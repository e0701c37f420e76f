"""SEMANTICS §10: a run's clusters, their lifetimes, the cost from given rates, and compute advice."""

import pytest

from lakedrill.engine.compute import ComputeChoice, Workload, advise, clusters, run_cost
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


# Today's table (https://docs.databricks.com/aws/en/compute/choose-compute): "Serverless compute |
# Recommended choice for most automated workloads"; "SQL warehouse | For SQL tasks"; "Classic jobs
# compute | For non-SQL jobs that require custom cluster settings not available in serverless";
# "Classic all-purpose compute | Generally avoid"; for notebooks "Serverless compute | Generally
# recommended", "Classic all-purpose compute | When you need RDD APIs, GPU instances, or R".
@rule("compute.serverless_for_most_jobs")
def test_a_production_job_with_no_special_needs_runs_on_serverless():
    assert advise(Workload.PRODUCTION_BATCH).compute is ComputeChoice.SERVERLESS
    assert advise("light_or_bursty").compute is ComputeChoice.SERVERLESS
    assert advise("production_batch").rules == ("compute.serverless_for_most_jobs",)


@rule("compute.serverless_for_notebooks")
def test_interactive_notebook_work_runs_on_serverless():
    assert advise("interactive_development").compute is ComputeChoice.SERVERLESS


@rule("compute.classic_when_serverless_lacks")
def test_classic_compute_only_where_serverless_lacks_what_the_workload_needs():
    assert advise("classic_only_batch").compute is ComputeChoice.JOB_CLUSTER
    assert advise("interactive_classic_only").compute is ComputeChoice.ALL_PURPOSE


@rule("compute.no_all_purpose_for_jobs")
def test_no_job_is_advised_onto_all_purpose_compute():
    # docs jobs/run-classic-jobs: "Databricks recommends against using all-purpose compute for jobs".
    jobs = [w for w in Workload if w not in (Workload.INTERACTIVE_DEVELOPMENT, Workload.INTERACTIVE_CLASSIC_ONLY)]
    assert all(advise(w).compute is not ComputeChoice.ALL_PURPOSE for w in jobs)
    assert "compute.no_all_purpose_for_jobs" in advise("classic_only_batch").rules


@rule("compute.sql_warehouse_for_sql")
def test_sql_runs_on_a_warehouse():
    assert advise("sql_analytics").compute is ComputeChoice.SQL_WAREHOUSE


@rule("compute.pools_for_fast_start")
def test_a_pool_only_for_a_frequent_short_job_that_must_use_classic_compute():
    assert advise("frequent_short_jobs").compute is ComputeChoice.INSTANCE_POOL
    assert advise("frequent_short_jobs").rules == ("compute.classic_when_serverless_lacks",
                                                   "compute.pools_for_fast_start")
    assert all(advise(w).compute is not ComputeChoice.INSTANCE_POOL for w in Workload
               if w is not Workload.FREQUENT_SHORT_JOBS)


@rule("streaming.jobs_compute")
def test_an_always_on_stream_runs_on_classic_jobs_compute():
    # docs structured-streaming/query-recovery: "Always schedule streams as Lakeflow Jobs using jobs
    # compute"; on serverless "only Trigger.AvailableNow() and Trigger.Once() are supported".
    assert advise("streaming").compute is ComputeChoice.JOB_CLUSTER


@rule("streaming.continuous_mode")
def test_streaming_advice_defaults_to_continuous_mode():
    advice = advise("streaming")
    assert advice.settings == {"continuous": True}
    assert advice.rules == ("streaming.jobs_compute", "streaming.continuous_mode")


@rule("streaming.legacy_recipe")
def test_the_legacy_streaming_recipe_is_history_on_request():
    # docs jobs/continuous: "Continuous mode replaces legacy recommendations for Structured Streaming
    # workloads to configure jobs with an unlimited retry policy and a maximum of one concurrent run."
    advice = advise("streaming", today=False)
    assert advice.settings == {"max_retries": -1, "max_concurrent_runs": 1}
    assert advice.rules[-1] == "streaming.legacy_recipe"


# ----------------------------------------------------------------------------- start-up and DBU cost

from hypothesis import given  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from lakedrill.engine.misconceptions import MISCONCEPTIONS  # noqa: E402


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
    from lakedrill.engine import simulate
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


@rule("compute.classic_vm_cost")
def test_the_total_cost_adds_each_classic_clusters_vm_charge_and_none_for_serverless():
    # docs compute/serverless: serverless runs "without provisioning any compute resources in your cloud
    # account"; a classic cluster's VMs are billed by the cloud provider while it is up.
    data = {"compute": {"dbu_per_hour": {"etl": 8, "serverless": 2}, "rates": {"job_cluster": 0.15,
                                                                                "serverless": 0.5}}}
    r = run(etl_job(), data, ingest=1800, clean=1800, audit=600, report=3600)
    # DBUs as above: 2.2; etl's VMs up 1 h at $1.50 per hour.
    assert run_cost(r, vm_per_hour={"etl": 1.5}) == pytest.approx(3.7)
    with pytest.raises(ValueError, match="only classic compute"):
        run_cost(r, vm_per_hour={"serverless": 1.0})
    with pytest.raises(KeyError, match="did not use"):
        run_cost(r, vm_per_hour={"ml": 1.0})
