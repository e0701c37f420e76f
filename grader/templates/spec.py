"""The one description of a question template: its fields, defaults, meanings and limits, as plain
frozen dataclasses that the grader reads and the bank cache stores.

lakedrill.templates.template derives the pydantic models that validate YAML (and the JSON Schema of
`lakedrill schema`) from these fields: each `spec(...)` carries its description and the limits
validation holds it to; the checks that span fields or the rulebook are there. A quiz that starts
from the bank cache imports neither pydantic nor Jinja.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import MISSING, asdict, dataclass, field, fields
from functools import cached_property
from typing import Any, Literal

from lakedrill.errors import InputError


class TemplateError(InputError):
    """One or more templates are broken; each line names file:line:col, field, problem and fix."""


# The kinds of parameter, as written in YAML -> the field of ParamData that holds it.
PARAM_KINDS = {"generate": "generate", "job": "job", "pick": "pick", "sample": "sample", "choice": "choice",
               "int": "int_range", "value": "value", "durations": "durations"}


def spec(default: Any = MISSING, description: str = "", **limits: Any) -> Any:
    """A field of the template schema: its default (none: the field is required), what it means,
    and the limits validation holds it to (pydantic Field arguments: ge, le, min_length, pattern,
    alias)."""
    metadata = {"description": description, "limits": limits}
    if isinstance(default, (list, dict)):
        return field(default_factory=lambda: type(default)(default), metadata=metadata)
    return field(default=default, metadata=metadata)


@dataclass(frozen=True, kw_only=True)
class ParamData:
    """How one parameter of a variant is drawn. Exactly one of the kinds below."""

    generate: Literal["chain", "fan_out", "fan_in", "diamond", "layered", "any"] | None = spec(
        None, "a random job of this shape (lakedrill.engine.generators)")
    tasks: int | tuple[int, int] = spec((3, 7), "number of tasks, or [fewest, most]")
    run_if_rate: float = spec(0.0, "chance a task gets a random run_if", ge=0, le=1)
    branches: int = spec(0, "If/else branches to add", ge=0, le=3)
    for_each_rate: float = spec(0.0, ge=0, le=1)
    retry_rate: float = spec(0.0, ge=0, le=1)
    timeout_rate: float = spec(0.0, ge=0, le=1)
    disabled_rate: float = spec(0.0, ge=0, le=1)
    naming: Literal["domain", "plain"] = spec("domain")
    job: Any = spec(None, "a fixed job: JobSettings, or {task: [dependencies]} in short")
    pick: str | None = spec(None, "an expression giving a list; one element is drawn")
    sample: str | None = spec(None, "an expression giving a list; `size` elements are drawn")
    size: int | tuple[int, int] = spec(1, "how many to sample, or [fewest, most]")
    choice: list[Any] | None = spec(None, "literal values; one is drawn")
    int_range: tuple[int, int] | None = spec(None, "a whole number from the first to the second", alias="int")
    step: int = spec(1, ge=1)
    value: str | None = spec(None, "an expression over the parameters drawn before")
    durations: str | None = spec(None, "an expression giving a job; a duration is drawn per task")
    choices: list[float] = spec([30, 60, 90, 120, 180, 240, 300], "durations to draw from")

    @cached_property
    def kind(self) -> str:
        """generate, job, pick, sample, choice, int, value or durations: the one given."""
        return next(k for k, attr in PARAM_KINDS.items() if getattr(self, attr) is not None)


@dataclass(frozen=True, kw_only=True)
class ToleranceData:
    """How far a numeric answer may be from the key."""

    abs: float = spec(0.0, ge=0)
    rel: float = spec(0.0, ge=0)


@dataclass(frozen=True, kw_only=True)
class ExampleData:
    """A fixed case a person worked out by hand: parameter values and the key they expect."""

    name: str = spec()
    params: dict[str, Any] = spec()
    expect: Any = spec()
    source: str = spec("", "where the case comes from (SEMANTICS section, sample question)")


@dataclass(frozen=True, kw_only=True)
class ExamData:
    """How the exam asks this template: the closing question of its stem, and for a true/false
    template the parallel claims "which statement is true?" chooses among (lakedrill.variants.exam)."""

    ask: str | None = spec(None, "the stem's closing question in the exam form (Jinja)")
    claims: str | None = spec(None, "true_false: an expression giving [text, truth] pairs, parallel statements "
                              "about this variant whose truth is read from the run")


@dataclass(frozen=True, kw_only=True)
class TemplateSpec:
    """A question template: what a variant draws, what the question asks, how its key is computed."""

    id: str = spec(description="kebab-case, unique in the bank", pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$")
    concept: str = spec()
    objective: str = spec(description="the exam objective the question serves", min_length=3)
    difficulty: int = spec(ge=1, le=3)
    kind: Literal["single", "multi", "true_false", "numeric", "set", "order"] = spec()
    params: dict[str, ParamData] = spec({})
    scenario: dict[str, Any] = spec({}, "what the tasks do; strings are Jinja")
    run_now: bool = spec(False, "also simulate a fresh Run now (as `fresh`)")
    require: list[str] = spec([], "expressions every variant must satisfy; others are redrawn")
    stem: str = spec(min_length=10)
    answer: str = spec(description="a Jinja expression over the run (run, job, repaired, fresh, params)")
    option: str = spec("{{ value }}", "how a value reads as an option (Jinja, `value`)")
    choices: str | None = spec(None, "multi/set/order: an expression giving the candidate items")
    distractors: list[str] = spec([], "single: expressions for filler options")
    options: int = spec(4, "single: how many options", ge=2, le=6)
    tolerance: ToleranceData = spec(ToleranceData())
    unit: str = spec("")
    explanation: str = spec("")
    misconceptions: list[str] = spec([])
    assumes: list[str] = spec([], "premises (rules marked premise in the rulebook) the stem states")
    tests: list[str] = spec([], "the rule ids this template is about: in every variant, a belief that "
                            "contradicts one of them predicts another key")
    scheme: Literal["all_or_nothing", "partial"] = spec("partial")
    exam: ExamData | None = spec(None, "how the exam form asks it (see AUTHORING.md)")
    examples: list[ExampleData] = spec(min_length=1)

    def as_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> TemplateSpec:
        """From as_json (the bank cache) or from the validated model's dump."""
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
