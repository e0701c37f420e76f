"""Loading templates: the bundled bank, and every kind of broken template named at file:line:col."""

import json

import pytest
from click.testing import CliRunner

from lakedrill.templates import bank
from lakedrill.cli import main
from lakedrill.templates.template import TemplateError, load_bank
from tests.grader.templates import good_template, write_template


def errors_of(tmp_path, text, name="bad.yaml"):
    write_template(tmp_path, name, text)
    with pytest.raises(TemplateError) as caught:
        load_bank([tmp_path])
    return caught.value.lines


def test_bundled_bank_loads_with_every_kind_and_the_official_sample():
    templates = bank.load()
    kinds = {t.kind for t in templates}
    assert kinds == {"single", "multi", "true_false", "numeric", "set", "order"}
    assert len({t.model.concept for t in templates}) >= 4
    assert "official-sample-a-fails" in {t.id for t in templates}
    assert all(t.path.startswith("questions/") for t in templates)


def test_a_good_template_loads(tmp_path):
    good_template(tmp_path)
    [template] = load_bank([tmp_path])
    assert template.id == "chain-last-task"
    assert template.where("answer").endswith("/chain-last-task.yaml:13")


def test_unknown_field_names_line_column_and_suggestion(tmp_path):
    text = good_template(tmp_path).read_text().replace("answer:", "anwser:")
    (tmp_path / "chain-last-task.yaml").unlink()
    lines = errors_of(tmp_path, text)
    assert any("/bad.yaml:13:1: anwser: Extra inputs are not permitted (did you mean 'answer'?)" in line
               for line in lines), lines
    assert any("answer: Field required (add answer:)" in line for line in lines), lines


def test_every_problem_is_reported_at_once(tmp_path):
    text = (good_template(tmp_path).read_text()
            .replace("kind: single", "kind: singel")
            .replace("concept: run-if", "concept: run_if")
            .replace("[downstream_runs_anyway]", "[downstream_run_anyway]"))
    (tmp_path / "chain-last-task.yaml").unlink()
    lines = errors_of(tmp_path, text)
    joined = "\n".join(lines)
    assert "/bad.yaml:5:1: kind: Input should be 'single', 'multi', 'true_false'" in joined
    assert "/bad.yaml:2:1: concept: unknown concept 'run_if' (did you mean 'run-if'?)" in joined
    assert "unknown misconception 'downstream_run_anyway' (did you mean 'downstream_runs_anyway'?)" in joined


def test_jinja_syntax_error_names_the_file_line(tmp_path):
    text = good_template(tmp_path).read_text().replace("fails. What", "fails. {{ What")
    (tmp_path / "chain-last-task.yaml").unlink()
    lines = errors_of(tmp_path, text)
    assert any(line.endswith("/bad.yaml:12: stem: Jinja syntax: expected token 'end of print statement', got "
                             "'state'") for line in lines), lines


def test_a_jinja_syntax_error_in_the_scenario_is_named_at_load(tmp_path):
    text = good_template(tmp_path).read_text().replace('fail: "{{ failing }}"', 'fail: "{{ failing }"')
    (tmp_path / "chain-last-task.yaml").unlink()
    lines = errors_of(tmp_path, text)
    assert any(line.endswith("/bad.yaml:10:3: scenario.fail: Jinja syntax: unexpected '}'") for line in lines), lines


def test_a_template_whose_aliases_expand_past_the_limit_is_refused_at_once(tmp_path):
    from tests.grader.test_simulate_cli import _laughs

    text = good_template(tmp_path).read_text().replace("scenario:\n", "bomb: " + _laughs() + "\nscenario:\n")
    (tmp_path / "chain-last-task.yaml").unlink()
    lines = errors_of(tmp_path, text)
    assert any("bad.yaml: its YAML aliases expand to more than 250,000 values" in line for line in lines), lines


def test_an_answer_that_is_not_an_expression_is_named(tmp_path):
    text = good_template(tmp_path).read_text().replace("answer: run.state(job.leaves[0])", "answer: run.state(")
    (tmp_path / "chain-last-task.yaml").unlink()
    lines = errors_of(tmp_path, text)
    assert any("answer: not a valid expression" in line for line in lines), lines


def test_duplicate_keys_are_an_error(tmp_path):
    text = good_template(tmp_path).read_text() + "difficulty: 2\n"
    (tmp_path / "chain-last-task.yaml").unlink()
    lines = errors_of(tmp_path, text)
    assert any("difficulty: 'difficulty' is given twice (first at line 4; keep one)" in line for line in lines), lines


def test_examples_must_fix_every_parameter(tmp_path):
    text = good_template(tmp_path).read_text().replace(", failing: a}", "}")
    (tmp_path / "chain-last-task.yaml").unlink()
    lines = errors_of(tmp_path, text)
    assert any("examples[0].params: gives no value for failing" in line for line in lines), lines


def test_assumes_must_name_a_premise(tmp_path):
    text = good_template(tmp_path).read_text() + "assumes: [run_if.all_success]\n"
    (tmp_path / "chain-last-task.yaml").unlink()
    lines = errors_of(tmp_path, text)
    assert any("is not a premise a stem can state" in line for line in lines), lines


def test_reserved_parameter_names_are_refused(tmp_path):
    text = good_template(tmp_path).read_text().replace("  failing: {value:", "  tasks: {value:")
    (tmp_path / "chain-last-task.yaml").unlink()
    lines = errors_of(tmp_path, text)
    assert any("'tasks' cannot name a parameter" in line for line in lines), lines


def test_yaml_syntax_error_names_the_line(tmp_path):
    lines = errors_of(tmp_path, "id: x\nparams: {job: [\n")
    assert "/bad.yaml:3:1: not valid YAML" in lines[0]


def test_yaml_is_loaded_safely(tmp_path):
    lines = errors_of(tmp_path, "id: !!python/object/apply:os.system ['true']\n")
    assert "not valid YAML" in lines[0] or "could not determine a constructor" in lines[0]


def test_duplicate_ids_name_both_files(tmp_path):
    good_template(tmp_path / "a")
    good_template(tmp_path / "b")
    with pytest.raises(TemplateError) as caught:
        load_bank([tmp_path])
    assert "is also the id of" in caught.value.lines[0]


def test_schema_command_prints_a_json_schema():
    result = CliRunner().invoke(main, ["schema"])
    schema = json.loads(result.output)
    assert result.exit_code == 0
    assert schema["title"] == "lakedrill question template"
    assert {"id", "concept", "kind", "stem", "answer", "examples"} <= set(schema["properties"])


def test_the_authoring_guide_lists_every_misconception_and_assumed_rule():
    from lakedrill.authoring.guide import guide_path, render

    current = guide_path().read_text()
    assert current == render(current), "regenerate: python -m lakedrill.authoring.guide"


def test_questions_readme_table_is_up_to_date():
    import pathlib

    from lakedrill.authoring.bank_table import render

    readme = pathlib.Path(__file__).resolve().parents[2] / "questions" / "README.md"
    assert readme.read_text() == render(bank.load()), "regenerate: python -m lakedrill.authoring.bank_table > questions/README.md"
