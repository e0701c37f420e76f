"""`lakedrill check`: the bundled bank passes; broken templates fail with file:line, seed and job."""

import pytest
from click.testing import CliRunner

from lakedrill.authoring.check import check_template
from lakedrill.cli import main
from lakedrill.templates.template import load_bank
from tests.grader.templates import good_template


def check_folder(tmp_path, *args):
    return CliRunner().invoke(main, ["check", "--bank", str(tmp_path), *args])


@pytest.mark.timeout(900)  # the whole bank, practice and exam forms, on a loaded CI machine
def test_the_bundled_bank_passes_check():
    result = CliRunner().invoke(main, ["check", "-n", "50"])
    assert result.exit_code == 0, result.output
    assert "0 failed" in result.output


def test_a_good_template_passes(tmp_path):
    good_template(tmp_path)
    result = check_folder(tmp_path)
    assert result.exit_code == 0, result.output
    assert "ok   chain-last-task" in result.output


def test_a_wrong_example_fails_and_says_what_the_engine_says(tmp_path):
    good_template(tmp_path, expect="SUCCESS")
    result = check_folder(tmp_path)
    assert result.exit_code == 1
    assert "examples[0] (a chain): expected 'SUCCESS', the engine says 'Upstream failed'" not in result.output
    assert "expected 'SUCCESS'" in result.output and "Upstream failed" in result.output


def _result_of_a_chain(path):
    # A chain whose first task fails: its leaf is Upstream failed, and whether that fails the run is
    # the open rule job_result.skipped_leaf_fails.
    path.write_text(path.read_text().replace("answer: run.state(job.leaves[0])", "answer: run.result_state")
                    .replace("expect: UPSTREAM_FAILED", "expect: FAILED")
                    .replace("tests: [run_if.all_success]", "tests: [job_result.from_leaves]")
                    .replace("misconceptions: [downstream_runs_anyway]", "misconceptions: [any_failure_fails_job]")
                    .replace("'SUCCESS', 'UPSTREAM_CANCELED', 'EXCLUDED'", "'SUCCESS', 'SUCCESS_WITH_FAILURES', 'CANCELED'"))


@pytest.mark.timeout(600)  # every seed redraws 60 times before it gives up
def test_a_key_that_changes_under_another_reading_of_an_open_rule_is_never_made(tmp_path):
    _result_of_a_chain(good_template(tmp_path))
    result = check_folder(tmp_path, "-n", "5")
    assert result.exit_code == 1
    assert "the key changes if an Upstream failed or Upstream canceled leaf does not make the run Failed " \
           "(job_result.skipped_leaf_fails)" in result.output
    assert "lakedrill show chain-last-task --seed" in result.output


def test_an_open_rule_cannot_be_declared_away_in_assumes(tmp_path):
    path = good_template(tmp_path)
    _result_of_a_chain(path)
    path.write_text(path.read_text().replace("examples:", "assumes: [job_result.skipped_leaf_fails]\nexamples:"))
    result = check_folder(tmp_path)
    assert result.exit_code == 2
    assert "assumes: rule 'job_result.skipped_leaf_fails' is not a premise a stem can state" in result.output


def test_a_template_must_say_which_rules_it_tests(tmp_path):
    path = good_template(tmp_path)
    path.write_text(path.read_text().replace("tests: [run_if.all_success]\n", ""))
    result = check_folder(tmp_path, "-n", "5")
    assert result.exit_code == 1
    assert "the template does not say which rules it tests: declare them in tests:" in result.output


def test_variants_the_tested_rule_does_not_decide_are_drawn_again(tmp_path):
    # Half the draws fail no task at all, so the belief that tasks after a failure still run predicts
    # the same key; those draws are redrawn, and every variant made has the belief disagree.
    from lakedrill.variants.generate import generate

    path = good_template(tmp_path)
    path.write_text(path.read_text().replace('fail: "{{ failing }}"',
                                             "fail: \"{{ [failing] if job.size > 3 else [] }}\"")
                    .replace("{generate: chain, tasks: 3}", "{generate: chain, tasks: [3, 4]}"))
    [template] = load_bank([tmp_path])
    for seed in range(30):
        question = generate(template, seed)
        assert any(b.misconception == "downstream_runs_anyway" for b in question.beliefs)
        assert question.key == "UPSTREAM_FAILED"


def test_a_guessable_key_fails(tmp_path):
    path = good_template(tmp_path)
    path.write_text(path.read_text().replace('option: "{{ value | ui }}"',
                                             "option: \"{{ value | ui }}{{ ' (the run stops here)' if value == "
                                             "'UPSTREAM_FAILED' else '' }}\""))
    [template] = load_bank([tmp_path])
    report = check_template(template, 20)
    assert any("the key is the longest option in 400 of 400 variants" in f for f in report.failures)


def test_a_variant_that_breaks_reports_the_shrunk_seed(tmp_path):
    path = good_template(tmp_path)
    path.write_text(path.read_text().replace("What state", "{{ 1 // (job.size - 3) }} What state")
                    .replace("{generate: chain, tasks: 3}", "{generate: chain, tasks: [3, 5]}"))
    result = check_folder(tmp_path)
    assert result.exit_code == 1
    assert "ZeroDivisionError" in result.output or "division" in result.output
    assert "chain-last-task.yaml:1: seed " in result.output


def test_check_a_single_file(tmp_path):
    path = good_template(tmp_path)
    result = CliRunner().invoke(main, ["check", str(path), "-n", "10"])
    assert result.exit_code == 0, result.output
    assert "checked 1 templates, 10 variants" in result.output


def test_show_with_a_users_job(tmp_path):
    import json

    job = tmp_path / "job.json"
    job.write_text(json.dumps({"tasks": [{"task_key": "bronze", "notebook_task": {}},
                                         {"task_key": "silver", "depends_on": [{"task_key": "bronze"}],
                                          "notebook_task": {}},
                                         {"task_key": "gold", "depends_on": [{"task_key": "bronze"}],
                                          "notebook_task": {}}]}))
    result = CliRunner().invoke(main, ["show", "task-graph-total-duration", "--job", str(job), "--json"])
    assert result.exit_code == 0, result.output
    assert [t["task_key"] for t in json.loads(result.output)["job"]["tasks"]] == ["bronze", "silver", "gold"]
    skipped = CliRunner().invoke(main, ["show", "retries-how-many-attempts", "--job", str(job)])
    assert skipped.exit_code == 1
    assert "cannot use your job: it needs a job of its own fixed shape" in skipped.output


def _address_space_limit(_):
    import resource

    return resource.getrlimit(resource.RLIMIT_AS)[0]


def test_check_workers_run_under_a_memory_cap():
    # Whatever a template builds past the sandbox's caps ends in a MemoryError against it.
    from concurrent.futures import ProcessPoolExecutor

    from lakedrill.authoring.check_runner import WORKER_MEMORY_BYTES, _bound_memory

    with ProcessPoolExecutor(max_workers=1, initializer=_bound_memory) as pool:
        [limit] = list(pool.map(_address_space_limit, [0]))
    assert 0 < limit <= WORKER_MEMORY_BYTES
