"""From template and seed to Question: determinism, keys from the engine, beliefs, explanations."""

import json
import subprocess
import sys

import pytest

from lakedrill.templates import bank
from lakedrill.variants.generate import VariantError, generate
from lakedrill.variants.question import question_as_dict
from lakedrill.templates.template import load_bank
from tests.grader.templates import good_template, write_template

TEMPLATES = {t.id: t for t in bank.load()}


def test_the_same_seed_gives_the_same_question():
    for template in TEMPLATES.values():
        first = question_as_dict(generate(template, 17))
        assert first == question_as_dict(generate(template, 17)), template.id


def test_the_same_seed_gives_the_same_question_whatever_the_hash_seed():
    code = ("import json; from lakedrill.templates import bank; from lakedrill.variants.generate import generate;"
            "from lakedrill.variants.question import question_as_dict;"
            "print(json.dumps([question_as_dict(generate(t, 5)) for t in bank.load()], sort_keys=True))")
    outputs = {subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                              env={"PYTHONHASHSEED": seed, "PATH": ""}).stdout for seed in ("0", "1", "99")}
    assert len(outputs) == 1


def test_different_seeds_give_different_jobs():
    template = TEMPLATES["run-if-state-of-a-conditional-task"]
    jobs = {json.dumps(question_as_dict(generate(template, seed))["job"]) for seed in range(10)}
    assert len(jobs) >= 8


def test_the_official_sample_question_has_the_official_key_and_names_the_beliefs():
    template = TEMPLATES["official-sample-a-fails"]
    question = generate(template, 0, fixed=template.model.examples[0].params)
    right = [o for o in question.options if o.correct]
    assert len(right) == 1 and len(question.options) == 4
    assert "B` and `C` will be skipped" in right[0].text
    assert "may have been committed" in right[0].text
    tagged = {m for o in question.options for m in o.misconceptions}
    assert {"job_rolls_back", "failed_task_writes_nothing", "downstream_runs_anyway"} <= tagged
    assert "When a task fails, the job rolls back what its tasks wrote." in question.explanation


def test_the_key_comes_from_the_engine_not_the_template():
    template = TEMPLATES["task-graph-total-duration"]
    question = generate(template, 0, fixed={"job": {"a": [], "b": [], "c": ["a", "b"]},
                                            "durations": {"a": 60, "b": 300, "c": 30}})
    assert question.key == 330
    assert [b.value for b in question.beliefs] == [390]  # run one after another


def test_explanation_states_every_rule_the_key_rests_on_with_its_link():
    question = generate(TEMPLATES["job-result-from-leaves"], 3)
    from lakedrill.engine.rulebook import RULES

    for rule_id in question.rules:
        if rule_id != "scenario.given":
            assert RULES[rule_id].statement in question.explanation
            assert all(link in question.explanation for link in RULES[rule_id].links)
            assert rule_id in question.explanation


def test_wrong_options_are_what_a_belief_predicts_when_it_differs():
    template = TEMPLATES["run-if-state-of-a-conditional-task"]
    question = generate(template, 0, fixed={
        "job": {"a": [], "b": ["a"], "cleanup": {"depends_on": ["b"], "run_if": "ALL_DONE"}},
        "target": "cleanup", "failing": ["b"]})
    by_text = {o.text: o for o in question.options}
    assert by_text["Succeeded"].correct
    assert by_text["Upstream failed"].misconceptions == ("all_done_needs_success",)


def test_an_undefined_name_in_a_stem_names_file_line_and_field(tmp_path):
    path = good_template(tmp_path)
    path.write_text(path.read_text().replace("What state", "{{ nowhere }} What state"))
    [template] = load_bank([tmp_path])
    with pytest.raises(VariantError, match=r"/chain-last-task.yaml:11: stem: 'nowhere' is undefined"):
        generate(template, 0)


@pytest.mark.parametrize("attack", ["job.__class__.__mro__", "job._job.__init__.__globals__",
                                    "run._run.job.__class__"])
def test_templates_cannot_reach_python_internals(tmp_path, attack):
    path = good_template(tmp_path)
    path.write_text(path.read_text().replace("answer: run.state(job.leaves[0])", f"answer: {attack}"))
    [template] = load_bank([tmp_path])
    with pytest.raises(VariantError):
        generate(template, 0)


@pytest.mark.parametrize("bomb", ["'x' * 10**10", "[0] * 10**9", "2 ** 100000000", "'x'.center(10**10)",
                                  "'x' | center(10**10)", "'x' | indent(10**10)", "'x' | wordwrap(10**10)"])
def test_templates_cannot_build_values_of_unbounded_size(tmp_path, bomb):
    # Each would take gigabytes (or minutes) to build; a cap refuses it at once, named at its field.
    path = good_template(tmp_path)
    path.write_text(path.read_text().replace("What state", "{{ " + bomb + " }} What state"))
    [template] = load_bank([tmp_path])  # nothing of it runs while compiling
    with pytest.raises(VariantError, match=r"stem: .*larger than a template may build"):
        generate(template, 0)


def test_the_capped_filters_still_work_within_their_caps():
    from lakedrill.templates import jinja

    text = ("{{ 'aaa bbb ccc' | wordwrap(4) }}|{{ 'x' | center(5) }}|{{ [1, 2, 3] | batch(2) | list }}|"
            "{{ 'a' | indent(2, true) }}|{{ 'ab' * 3 }}|{{ 2 ** 10 }}|{{ 'x'.ljust(3) }}|")
    assert jinja.template(text).render() == "aaa\nbbb\nccc|  x  |[[1, 2], [3]]|  a|ababab|1024|x  |"


def test_filters_over_constants_do_not_run_while_compiling(tmp_path):
    # Jinja folds a filter over constants into a constant at compile time, which would run template
    # code at load, outside the caps; lakedrill's filters run only when a variant renders.
    calls = []
    from lakedrill.templates import jinja

    jinja.ENV.filters["spy"] = jinja._run_time_only(lambda value: calls.append(value) or value)
    try:
        compiled = jinja.template("{{ 'x' | spy }}")
        assert calls == []
        assert compiled.render() == "x" and calls == ["x"]
    finally:
        del jinja.ENV.filters["spy"]


def test_require_redraws_until_the_variant_fits(tmp_path):
    path = good_template(tmp_path)
    path.write_text(path.read_text().replace("params:", "require: [\"job.size == 3\"]\nparams:", 1))
    [template] = load_bank([tmp_path])
    assert generate(template, 1).job is not None


def test_an_impossible_require_is_reported():
    text = good_template_text().replace("params:", "require: [\"job.size == 99\"]\nparams:", 1)
    import tempfile
    from pathlib import Path

    with tempfile.TemporaryDirectory() as folder:
        write_template(Path(folder), "t.yaml", text)
        [template] = load_bank([folder])
        with pytest.raises(VariantError, match="no good variant in 60 draws"):
            generate(template, 0)


def good_template_text():
    from tests.grader.templates import GOOD

    return GOOD.format(id="x", expect="UPSTREAM_FAILED")


def test_domain_filters():
    from lakedrill.engine import parse_job
    from lakedrill.templates.jinja import ENV
    from lakedrill.variants.views import JobView

    job = JobView(parse_job({"tasks": [{"task_key": "a", "notebook_task": {}},
                                       {"task_key": "b", "depends_on": [{"task_key": "a"}], "run_if": "ALL_DONE",
                                        "max_retries": 2, "notebook_task": {}}]}))
    render = lambda source, **ctx: ENV.from_string(source).render(**ctx)  # noqa: E731
    assert render("{{ s | ui }}", s="UPSTREAM_FAILED") == "Upstream failed"
    assert render("{{ ks | tasks }}", ks=["a", "b", "c"]) == "`a`, `b` and `c`"
    assert render("{{ 420 | duration }} / {{ 90 | duration }} / {{ 3660 | duration }}") == "7 min / 1 min 30 s / 1 h 1 min"
    assert render("{{ 'ALL_DONE' | run_if }}") == "All done"
    assert "| `b` | `a` | All done | 2 |" in render("{{ job | job_table }}", job=job)


def test_a_task_the_scenario_fails_always_runs_and_fails():
    # `fail:` means the task's code runs and fails: draws where it would be skipped are redrawn.
    template = TEMPLATES["run-if-state-of-a-conditional-task"]
    for seed in range(40):
        question = generate(template, seed)
        failed = {s.task_key for s in question.trace if s.rule == "scenario.given" and "failed" in s.message}
        assert failed, seed


def test_a_users_job_replaces_the_generated_job():
    from lakedrill.engine import parse_job

    # load and report both depend on extract only: they run in parallel, so the tested rule decides the key
    # (a chain would not do: with no task in parallel, running one after another changes nothing)
    job = parse_job({"tasks": [{"task_key": "extract", "notebook_task": {}},
                               {"task_key": "load", "depends_on": [{"task_key": "extract"}], "notebook_task": {}},
                               {"task_key": "report", "depends_on": [{"task_key": "extract"}], "notebook_task": {}}]})
    question = generate(TEMPLATES["task-graph-total-duration"], 4, fixed={"job": job})
    assert question.job is job
    assert set(question.job.task_keys) == {"extract", "load", "report"}
