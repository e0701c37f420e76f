"""A template as the rest of the grader reads it: plain frozen values, its Jinja compiled on first use.

lakedrill.templates.template validates YAML into these (with pydantic); lakedrill.templates.bank caches them, so that a
quiz starts without importing pydantic or compiling templates it will not ask.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass, fields
from functools import cached_property
from typing import Any

from lakedrill.errors import InputError


class TemplateError(InputError):
    """One or more templates are broken; each line names file:line:col, field, problem and fix."""


@dataclass(frozen=True)
class ParamData:
    """A template parameter: how a variant draws its value."""

    kind: str  # generate, job, pick, sample, choice, int, value, durations
    generate: str | None = None
    tasks: Any = (3, 7)
    run_if_rate: float = 0.0
    branches: int = 0
    for_each_rate: float = 0.0
    retry_rate: float = 0.0
    timeout_rate: float = 0.0
    disabled_rate: float = 0.0
    naming: str = "domain"
    job: Any = None
    pick: str | None = None
    sample: str | None = None
    size: Any = 1
    choice: list[Any] | None = None
    int_range: Any = None
    step: int = 1
    value: str | None = None
    durations: str | None = None
    choices: list[float] = (30, 60, 90, 120, 180, 240, 300)


@dataclass(frozen=True)
class ToleranceData:
    """How far a numeric answer may be from the key."""

    abs: float = 0.0
    rel: float = 0.0


@dataclass(frozen=True)
class ExampleData:
    """A hand-worked example of a template: fixed parameters and the expected key."""

    name: str
    params: dict[str, Any]
    expect: Any
    source: str = ""


@dataclass(frozen=True)
class ExamData:
    """How the exam form asks a template (see lakedrill.variants.exam)."""

    ask: str | None = None
    claims: str | None = None


@dataclass(frozen=True)
class TemplateSpec:
    """A validated template's fields, as plain data (what the bank cache keeps)."""

    id: str
    concept: str
    objective: str
    difficulty: int
    kind: str
    params: dict[str, ParamData]
    scenario: dict[str, Any]
    run_now: bool
    require: list[str]
    stem: str
    answer: str
    option: str
    choices: str | None
    distractors: list[str]
    options: int
    tolerance: ToleranceData
    unit: str
    explanation: str
    misconceptions: list[str]
    assumes: list[str]
    tests: list[str]
    scheme: str
    examples: list[ExampleData]
    exam: ExamData | None = None

    def as_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> TemplateSpec:
        values = dict(data)
        values["params"] = {name: ParamData(**spec) for name, spec in data["params"].items()}
        values["tolerance"] = ToleranceData(**data["tolerance"])
        values["examples"] = [ExampleData(**e) for e in data["examples"]]
        values["exam"] = ExamData(**data["exam"]) if data.get("exam") else None
        return cls(**{f.name: values[f.name] for f in fields(cls)})


@dataclass(frozen=True, eq=False)
class Template:
    """A template ready to generate questions. Its Jinja is compiled the first time it is needed
    (lakedrill.templates.template compiles all of it at once when it validates a file)."""

    model: TemplateSpec
    path: str  # as messages name the file (questions/run-if/x.yaml)
    file: str  # where it is on disk
    line: int  # of the template's first line
    lines: Mapping[str, int]  # field -> line

    @property
    def id(self) -> str:
        return self.model.id

    @property
    def kind(self) -> str:
        return self.model.kind

    def where(self, field_name: str = "") -> str:
        """file:line of a field (or of the template)."""
        return f"{self.path}:{self.lines.get(field_name, self.line)}"

    @cached_property
    def stem(self) -> Any:
        return _jinja().template(self.model.stem)

    @cached_property
    def option(self) -> Any:
        return _jinja().template(self.model.option)

    @cached_property
    def explanation(self) -> Any:
        return _jinja().template(self.model.explanation) if self.model.explanation else None

    @cached_property
    def answer(self) -> Any:
        return _expression(self.model.answer)

    @cached_property
    def choices(self) -> Any:
        return _expression(self.model.choices) if self.model.choices else None

    @cached_property
    def distractors(self) -> tuple[Any, ...]:
        return tuple(_expression(d) for d in self.model.distractors)

    @cached_property
    def exam_ask(self) -> Any:
        exam = self.model.exam
        return _jinja().template(exam.ask) if exam is not None and exam.ask else None

    @cached_property
    def exam_claims(self) -> Any:
        exam = self.model.exam
        return _expression(exam.claims) if exam is not None and exam.claims else None

    @cached_property
    def require(self) -> tuple[Any, ...]:
        return tuple(_expression(r) for r in self.model.require)

    @cached_property
    def params(self) -> dict[str, Any]:
        """name -> the compiled expression of a parameter drawn from one (pick, sample, value, durations)."""
        out = {}
        for name, spec in self.model.params.items():
            source = getattr(spec, spec.kind if spec.kind in ("pick", "sample", "value", "durations") else "", None)
            if source is not None:
                out[name] = _expression(source)
        return out

    def compile_all(self) -> None:
        """Compile every field now (validation does, so that syntax errors surface at load)."""
        for name in ("stem", "option", "explanation", "answer", "choices", "distractors", "require", "params",
                     "exam_ask", "exam_claims"):
            getattr(self, name)


def _jinja():
    from lakedrill.templates import jinja  # Jinja loads with the first question, not with the bank

    return jinja


def _expression(source: str) -> Any:
    return _jinja().expression(source)
