"""Question templates: YAML in questions/, validated into Template values with compiled Jinja.

Every problem is reported at once, each as ``file:line:col: field: what (how to fix)``. YAML is
loaded with the safe loader; every text field is Jinja compiled once, in the sandbox. The pydantic
models are derived from lakedrill.templates.spec, the one description of a template's fields; the
checks that span fields or read the rulebook are here.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from collections.abc import Iterable
from pathlib import Path
from typing import Any, Literal

import yaml
from jinja2 import TemplateSyntaxError
from pydantic import BaseModel, ConfigDict, Field, ValidationError, create_model, field_validator, model_validator

from lakedrill.engine.errors import did_you_mean, dotted
from lakedrill.engine.misconceptions import MISCONCEPTIONS
from lakedrill.engine.rulebook import RULES
from lakedrill.templates.concepts import CONCEPTS
from lakedrill.templates import jinja
from lakedrill.templates.source import Document, Loader, SourceError, construct, read_text, too_large, yaml_problem
from lakedrill.templates.spec import (PARAM_KINDS, ExamData, ExampleData, ParamData, Template, TemplateError,
                                     TemplateSpec, ToleranceData)

# Names a parameter may not take: Databricks reference heads, and what expressions already see.
RESERVED_NAMES = frozenset({"task", "tasks", "input", "workspace", "job_id", "run_id", "start_date",
                            "task_retry_count", "parent_run_id", "task_key", "run", "repaired", "fresh", "value"})


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def model_of(plain: type, base: type[BaseModel] = _Strict, models: dict[type, type[BaseModel]] | None = None,
             name: str | None = None) -> type[BaseModel]:
    """The pydantic model of one of spec.py's dataclasses: the same fields, defaults, descriptions and
    limits; `base` adds the checks; `models` stands in for nested dataclasses."""
    models = models or {}
    hints = typing.get_type_hints(plain)
    fields: dict[str, Any] = {}
    for f in dataclasses.fields(plain):
        if f.default is not dataclasses.MISSING:
            default = f.default
        elif f.default_factory is not dataclasses.MISSING:
            default = f.default_factory()
        else:
            default = ...
        if type(default) in models:
            default = models[type(default)](**dataclasses.asdict(default))
        info = Field(default, description=f.metadata.get("description") or None, **f.metadata.get("limits", {}))
        fields[f.name] = (_swap(hints[f.name], models), info)
    return create_model(name or plain.__name__, __base__=base, __doc__=plain.__doc__, __module__=__name__, **fields)


def _swap(hint: Any, models: dict[type, type[BaseModel]]) -> Any:
    """`hint` with each dataclass of `models` replaced by its model (dict[str, ParamData] -> dict[str, ParamSpec])."""
    if hint in models:
        return models[hint]
    args = typing.get_args(hint)
    if not args or typing.get_origin(hint) is Literal:
        return hint
    swapped = tuple(_swap(a, models) for a in args)
    if swapped == args:
        return hint
    origin = typing.get_origin(hint)
    if origin in (types.UnionType, typing.Union):
        return typing.Union[swapped]
    return origin[swapped if len(swapped) > 1 else swapped[0]]


class _ParamChecks(_Strict):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=False)

    @field_validator("tasks", check_fields=False)
    @classmethod
    def _task_count(cls, tasks: int | tuple[int, int]) -> int | tuple[int, int]:
        from lakedrill.engine.validate import MAX_TASKS

        fewest, most = (tasks, tasks) if isinstance(tasks, int) else tasks
        if not 1 <= fewest <= most <= MAX_TASKS:
            raise ValueError(f"tasks is a number of tasks from 1 to {MAX_TASKS} (a job's limit), or [fewest, most] "
                             f"with fewest <= most; {list(tasks) if isinstance(tasks, tuple) else tasks} is not")
        return tasks

    @model_validator(mode="after")
    def _one_kind(self) -> BaseModel:
        given = [k for k, attr in PARAM_KINDS.items() if getattr(self, attr) is not None]
        if len(given) != 1:
            what = ", ".join(given) if given else "none"
            raise ValueError(f"a parameter needs exactly one of {', '.join(PARAM_KINDS)} (it has {what})")
        return self


class _TemplateChecks(_Strict):
    @field_validator("concept", check_fields=False)
    @classmethod
    def _known_concept(cls, value: str) -> str:
        if value not in CONCEPTS:
            hint = did_you_mean(value, CONCEPTS) or f"one of {', '.join(CONCEPTS)}"
            raise ValueError(f"unknown concept '{value}' ({hint})")
        return value

    @field_validator("misconceptions", check_fields=False)
    @classmethod
    def _known_misconceptions(cls, values: list[str]) -> list[str]:
        for value in values:
            if value not in MISCONCEPTIONS:
                hint = did_you_mean(value, MISCONCEPTIONS) or "see engine/misconceptions.py"
                raise ValueError(f"unknown misconception '{value}' ({hint})")
        return values

    @field_validator("assumes", check_fields=False)
    @classmethod
    def _assumed_rules(cls, values: list[str]) -> list[str]:
        for value in values:
            rule = RULES.get(value)
            if rule is None:
                raise ValueError(f"unknown rule '{value}' ({did_you_mean(value, RULES) or 'see engine/rulebook.py'})")
            if not rule.premise:
                raise ValueError(f"rule '{value}' is not a premise a stem can state (the premises: "
                                 f"{', '.join(r.id for r in RULES.values() if r.premise and r.id != 'scenario.given')}): a key may not rest on "
                                 "it unless every reading of it agrees, which check proves; remove it")
        return values

    @field_validator("tests", check_fields=False)
    @classmethod
    def _tested_rules(cls, values: list[str]) -> list[str]:
        for value in values:
            if value not in RULES:
                raise ValueError(f"unknown rule '{value}' ({did_you_mean(value, RULES) or 'see lakedrill rules'})")
        return values

    @field_validator("params", check_fields=False)
    @classmethod
    def _param_names(cls, params: dict[str, Any]) -> dict[str, Any]:
        for name in params:
            if name in RESERVED_NAMES:
                raise ValueError(f"'{name}' cannot name a parameter: it is a Databricks reference or a name "
                                 "templates already have (rename it)")
        return params

    @model_validator(mode="after")
    def _kind_fields(self) -> BaseModel:
        if self.kind in ("multi", "set", "order") and self.choices is None:
            raise ValueError(f"a {self.kind} question needs `choices`: an expression giving the candidate items")
        return self


# The validating models, derived from spec.py's dataclasses (named as the JSON Schema shows them).
ParamSpec = model_of(ParamData, _ParamChecks, name="ParamSpec")
Tolerance = model_of(ToleranceData, name="Tolerance")
Example = model_of(ExampleData, name="Example")
ExamSpec = model_of(ExamData, name="ExamSpec")
TemplateModel = model_of(TemplateSpec, _TemplateChecks, name="TemplateModel",
                         models={ParamData: ParamSpec, ToleranceData: Tolerance, ExampleData: Example,
                                 ExamData: ExamSpec})


def json_schema() -> dict[str, Any]:
    """The JSON Schema of a template, for editors (`lakedrill schema`)."""
    schema = TemplateModel.model_json_schema()
    schema["title"] = "lakedrill question template"
    return schema


# ----------------------------------------------------------------------------- validated templates


def to_spec(model: BaseModel) -> TemplateSpec:
    """The validated model as the plain values the grader reads (and the bank cache stores)."""
    return TemplateSpec.from_json(model.model_dump())


def load_bank(paths: Iterable[str | Path]) -> list[Template]:
    """Every template under `paths` (files or folders of *.yaml); TemplateError lists every problem."""
    files: list[tuple[Path, str]] = []  # the file, and the name messages give it
    for path in paths:
        p = Path(path)
        if p.is_dir():
            # Named from the bank folder's own name down (questions/run-if/x.yaml), wherever it lives.
            files.extend((q, str(q.relative_to(p.parent))) for q in sorted(p.rglob("*.yaml"))
                         if q.is_file() and not (q.parent == p and q.name == "blueprint.yaml"))
        elif p.is_file():
            files.append((p, str(path)))
        else:
            raise TemplateError([f"{path}: no such file or folder"])
    templates: list[Template] = []
    problems: list[str] = []
    for file, name in files:
        try:
            templates.extend(load_file(file, name))
        except TemplateError as error:
            problems.extend(error.lines)
    seen: dict[str, Template] = {}
    for t in templates:
        if t.id in seen:
            problems.append(f"{t.where('id')}: id: '{t.id}' is also the id of {seen[t.id].where('id')} "
                            "(ids must be unique: rename one)")
        seen[t.id] = t
    if problems:
        raise TemplateError(problems)
    return templates


def load_file(path: str | Path, name: str | None = None) -> list[Template]:
    """The templates of one file; `name` is how messages call the file (default: its path)."""
    name = name or str(path)
    try:
        text = read_text(str(path), name)
    except SourceError as error:
        raise TemplateError(error.lines) from None
    try:
        roots = list(yaml.compose_all(text, Loader=Loader))
        bombs = [bomb for bomb in (too_large(root, name) for root in roots) if bomb]
        if bombs:
            raise TemplateError(bombs[:1])
        docs = [construct(root) for root in roots]
    except RecursionError:
        raise TemplateError([f"{name}: its data is nested too deeply for any template"]) from None
    except yaml.MarkedYAMLError as bad:
        mark = bad.problem_mark or bad.context_mark
        raise TemplateError([f"{name}:{mark.line + 1}:{mark.column + 1}: not valid YAML: {bad.problem}"]) from None
    except yaml.YAMLError as bad:
        raise TemplateError([yaml_problem(bad, text, name)]) from None
    out: list[Template] = []
    problems: list[str] = []
    for root, data in zip(roots, docs):
        if data is None:
            continue
        doc = Document(name, data, root)
        problems.extend(_duplicate_keys(doc, root))
        try:
            out.append(_compile(doc, str(path)))
        except TemplateError as error:
            problems.extend(error.lines)
    if problems:
        raise TemplateError(problems)
    return out


def _duplicate_keys(doc: Document, node: yaml.Node, path: tuple = ()) -> list[str]:
    """PyYAML keeps the last of two equal keys silently; an author meant something else."""
    problems = []
    if isinstance(node, yaml.MappingNode):
        seen: dict[str, yaml.Node] = {}
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
            if key in seen:
                first = seen[key].start_mark.line + 1
                problems.append(f"{doc.name}:{key_node.start_mark.line + 1}:{key_node.start_mark.column + 1}: "
                                f"{dotted(path + (key,))}: '{key}' is given twice (first at line {first}; "
                                "keep one)")
            elif key is not None:
                seen[key] = key_node
            problems.extend(_duplicate_keys(doc, value_node, path + ((key,) if key is not None else ())))
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            problems.extend(_duplicate_keys(doc, item, path + (i,)))
    return problems


def _fix(error: dict[str, Any], allowed: Iterable[str]) -> str:
    kind = error["type"]
    loc = error["loc"]
    if kind == "extra_forbidden":
        return did_you_mean(str(loc[-1]), allowed) or f"allowed here: {', '.join(sorted(allowed))}"
    if kind == "missing":
        return f"add {loc[-1]}:"
    if kind == "literal_error":
        return "use one of the values listed"
    return ""


def _fields_at(loc: tuple) -> Iterable[str]:
    if len(loc) >= 3 and loc[0] == "params":
        return ParamSpec.model_fields
    if len(loc) >= 3 and loc[0] == "examples":
        return Example.model_fields
    if len(loc) >= 2 and loc[0] == "tolerance":
        return Tolerance.model_fields
    return TemplateModel.model_fields


def _compile(doc: Document, file: str) -> Template:
    data = doc.data
    if not isinstance(data, dict):
        raise TemplateError([f"{doc.where(())}: a template must be a mapping (id:, concept:, kind:, …)"])
    try:
        model = TemplateModel.model_validate(data)
    except ValidationError as invalid:
        lines = []
        for error in invalid.errors():
            loc = tuple(p for p in error["loc"] if not (isinstance(p, str) and p.startswith(("function-", "tuple["))))
            message = error["msg"].removeprefix("Value error, ")
            fix = _fix(error, _fields_at(loc))
            lines.append(f"{doc.where(loc)}: {dotted(loc) or 'template'}: {message}" + (f" ({fix})" if fix else ""))
        raise TemplateError(lines) from None
    lines = {field_name: doc.locate((field_name,))[0] for field_name in data if isinstance(field_name, str)}
    template = Template(model=to_spec(model), path=doc.name, file=file, line=doc.locate(())[0], lines=lines)
    problems: list[str] = []

    def text(field_name: str, source: str) -> Any:
        try:
            return jinja.template(source)
        except TemplateSyntaxError as bad:
            problems.append(f"{doc.name}:{_text_line(doc, (field_name,), bad.lineno)}: {field_name}: "
                            f"Jinja syntax: {bad.message}")
            return None

    def expression(path: tuple, source: str) -> Any:
        try:
            return jinja.expression(source)
        except TemplateSyntaxError as bad:
            problems.append(f"{doc.where(path)}: {dotted(path)}: not a valid expression: {bad.message} "
                            f"(an expression is Jinja without braces, e.g. run.state('gold'))")
            return None

    # Compile everything now, each error at its line; the results fill the template's caches.
    compiled = template.__dict__
    compiled["stem"] = text("stem", model.stem)
    compiled["option"] = text("option", model.option)
    compiled["explanation"] = text("explanation", model.explanation) if model.explanation else None
    compiled["answer"] = expression(("answer",), model.answer)
    compiled["choices"] = expression(("choices",), model.choices) if model.choices else None
    compiled["distractors"] = tuple(expression(("distractors", i), d) for i, d in enumerate(model.distractors))
    compiled["require"] = tuple(expression(("require", i), r) for i, r in enumerate(model.require))
    params: dict[str, Any] = {}
    for name, spec in model.params.items():
        for attr in ("pick", "sample", "value", "durations"):
            source = getattr(spec, attr)
            if source is not None:
                params[name] = expression(("params", name, attr), source)
    compiled["params"] = params
    # Jinja strings of the scenario are compiled when a variant renders them; compiling them now
    # reports a syntax error at load, and lets the bank cache keep their code.
    for path, kind, source in jinja.structure_sources(model.scenario, ("scenario",)):
        try:
            jinja.expression(source) if kind == "expression" else jinja.template(source)
        except TemplateSyntaxError as bad:
            problems.append(f"{doc.where(path)}: {dotted(path)}: Jinja syntax: {bad.message}")
    for i, example in enumerate(model.examples):
        missing = sorted(set(model.params) - set(example.params))
        unknown = sorted(set(example.params) - set(model.params))
        if missing or unknown:
            problems.append(f"{doc.where(('examples', i, 'params'))}: examples[{i}].params: "
                            + (f"gives no value for {', '.join(missing)}" if missing else "")
                            + ("; " if missing and unknown else "")
                            + (f"names unknown parameters {', '.join(unknown)}" if unknown else "")
                            + " (an example fixes every parameter of the template)")
    if problems:
        raise TemplateError(problems)
    return template


def _text_line(doc: Document, path: tuple, jinja_line: int) -> int:
    """The file line of line `jinja_line` of a text field (a block scalar starts on the next line)."""
    node = doc.root
    for part in path:
        node = next(v for k, v in node.value if k.value == part)
    block = isinstance(node, yaml.ScalarNode) and node.style in ("|", ">")
    return node.start_mark.line + 1 + (1 if block else 0) + jinja_line - 1
