"""One template schema: spec.py's dataclasses describe a template once; the validating models and
the JSON Schema are derived from them, field for field."""

from __future__ import annotations

import dataclasses
import inspect
import subprocess
import sys

from lakedrill.templates import spec
from lakedrill.templates.template import ParamSpec, TemplateModel, json_schema

PAIRS = [(spec.TemplateSpec, "TemplateModel"), (spec.ParamData, "ParamSpec"), (spec.ToleranceData, "Tolerance"),
         (spec.ExampleData, "Example"), (spec.ExamData, "ExamSpec")]


def test_the_json_schema_is_spec_py_field_for_field():
    schema = json_schema()
    for plain, name in PAIRS:
        part = schema if name == "TemplateModel" else schema["$defs"][name]
        names = [f.metadata["limits"].get("alias", f.name) for f in dataclasses.fields(plain)]
        assert list(part["properties"]) == names, name
        assert part["description"] == inspect.cleandoc(plain.__doc__), name
        required = [f.name for f in dataclasses.fields(plain)
                    if f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING]
        assert part.get("required", []) == required, name
        for f in dataclasses.fields(plain):
            prop = part["properties"][f.metadata["limits"].get("alias", f.name)]
            assert prop.get("description", "") == f.metadata["description"], (name, f.name)


def test_limits_in_spec_py_are_what_validation_holds():
    assert TemplateModel.model_fields["difficulty"].metadata  # ge=1, le=3 from spec.py
    errors = []
    try:
        ParamSpec.model_validate({"generate": "chain", "run_if_rate": 2})
    except Exception as error:  # noqa: BLE001
        errors = error.errors()
    assert [e["loc"] for e in errors] == [("run_if_rate",)]
    assert ParamSpec.model_validate({"int": [1, 3]}).int_range == (1, 3)


def test_a_validated_template_is_the_plain_data_with_its_defaults():
    from lakedrill.templates.template import to_spec

    model = TemplateModel.model_validate({
        "id": "x-y", "concept": "run-if", "objective": "read run_if", "difficulty": 1, "kind": "single",
        "params": {"job": {"generate": "chain"}}, "stem": "Which state has the gold task?",
        "answer": "run.state('gold')", "examples": [{"name": "e", "params": {}, "expect": "SUCCESS"}]})
    plain = to_spec(model)
    assert plain.params["job"] == spec.ParamData(generate="chain") and plain.params["job"].kind == "generate"
    assert plain.tolerance == spec.ToleranceData() and plain.options == 4 and plain.exam is None
    assert spec.TemplateSpec.from_json(plain.as_json()) == plain


def test_the_plain_schema_loads_without_pydantic():
    code = "import sys, lakedrill.templates.spec, lakedrill.templates.bank; print('pydantic' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True).stdout.strip() == "False"
