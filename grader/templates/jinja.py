"""The one Jinja environment for templates: sandboxed, strict about undefined names, with filters
that speak the domain (a state in the UI's words, a list of tasks, a duration).

Templates are untrusted text: the sandbox blocks access to internals, StrictUndefined turns a
misspelt name into an error instead of an empty string.
"""

from __future__ import annotations

import marshal
import re
import signal
import threading
import time
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from typing import Any

import jinja2
from jinja2 import StrictUndefined, nodes, pass_context
from jinja2.environment import Template, TemplateExpression
from jinja2.exceptions import SecurityError, TemplateSyntaxError
from jinja2.parser import Parser
from jinja2.sandbox import SandboxedEnvironment, SandboxedFormatter
from jinja2.utils import Namespace

from lakedrill.engine.states import ui_label
from lakedrill.templates import jinja_code
from lakedrill.templates.source import CONTROL


def ui_state(state: Any) -> str:
    """RunResultState -> the Jobs UI's words: UPSTREAM_FAILED -> Upstream failed."""
    return ui_label(str(state))


def run_if_label(run_if: Any) -> str:
    from lakedrill.engine.explain import RUN_IF_LABELS

    return RUN_IF_LABELS.get(str(run_if), str(run_if))


def task_list(keys: Iterable[str], conjunction: str = "and") -> str:
    """['a', 'b', 'c'] -> `a`, `b` and `c`."""
    items = [f"`{k}`" for k in keys]
    if not items:
        return "no tasks"
    if len(items) == 1:
        return items[0]
    return ", ".join(items[:-1]) + f" {conjunction} " + items[-1]


def duration(seconds: Any) -> str:
    """420 -> 7 min; 90 -> 1 min 30 s; 3660 -> 1 h 1 min."""
    total = float(seconds)
    if total != int(total):
        return f"{total:g} s"
    total = int(total)
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    parts = [f"{hours} h"] * bool(hours) + [f"{minutes} min"] * bool(minutes) + [f"{secs} s"] * bool(secs)
    return " ".join(parts) or "0 s"


def code(text: Any) -> str:
    return f"`{text}`"


def ordinal(n: Any) -> str:
    """2 -> 2nd: attempts in words count from 1 ("its {{ (attempts) | ordinal }} attempt")."""
    from lakedrill.engine.words import ordinal as words_ordinal

    return words_ordinal(int(n))


def money(amount: Any) -> str:
    """3.8 -> $3.80."""
    from lakedrill.engine.words import money as words_money

    return words_money(float(amount))


def capitalize(text: Any) -> str:
    """The first letter in capitals, the rest as written: "a SQL warehouse" -> "A SQL warehouse"
    (Jinja's own capitalize lowercases the rest: "A sql warehouse")."""
    text = str(text)
    return text[:1].upper() + text[1:]


def plural(count: int, word: str, many: str | None = None) -> str:
    return f"{count} {word if count == 1 else many or word + 's'}"


def job_table(job: Any) -> str:
    """A job (a JobView) as a Markdown table: task, depends on, run if, retries."""
    from lakedrill.engine.explain import RUN_IF_LABELS

    real = getattr(job, "_job", job)
    rows = ["| task | depends on | run if | retries |", "| --- | --- | --- | --- |"]
    for key in real.order:
        task = real.task_by_key[key]
        deps = ", ".join(f"`{d.task_key}`" + (f" ({d.outcome})" if d.outcome else "") for d in task.depends_on)
        retries = "unlimited" if task.max_retries == -1 else str(task.max_retries)
        rows.append(f"| `{key}` | {deps or '—'} | {RUN_IF_LABELS[task.run_if]} | {retries} |")
    return "\n".join(rows)


# ------------------------------------------------------------------ the budget of a render
# Templates are untrusted code: every render runs under one budget, of size and of time. Nothing a
# template builds may exceed MAX_SIZE (`'x' * 10**10` would be ten gigabytes; padding, widths,
# powers, products, sums and format specs are refused before they are built, anything else as
# soon as it exists: a call's result, a namespace's value, a filter's result, the output), and
# no render may take more than RENDER_SECONDS of CPU time (two nested loops of 100,000).
MAX_SIZE = 1_000_000
MAX_BITS = 4 * MAX_SIZE  # of an integer: 1.2 million digits
RENDER_SECONDS = 5.0


class BudgetExceeded(SecurityError):
    """A template that builds too much or takes too long: a named error of that template."""


def _too_big(what: str) -> BudgetExceeded:
    return BudgetExceeded(f"{what} is larger than a template may build ({MAX_SIZE:,})")


def _is_count(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _size(value: Any) -> int:
    if isinstance(value, str | bytes | list | tuple | dict | set | frozenset):
        return len(value)
    return 0


def _check_size(value: Any, what: str) -> Any:
    if _size(value) > MAX_SIZE:
        raise _too_big(what)
    if _is_count(value) and value.bit_length() > MAX_BITS:
        raise _too_big("a number")
    _check_time()
    return value


_budget = threading.local()  # .deadline: process time at which the render in this thread is out of time


def _out_of_time(*_: Any) -> None:
    if getattr(_budget, "deadline", None) is None:  # a timer's late signal after its render ended
        return
    raise BudgetExceeded(f"takes more than {RENDER_SECONDS:g} s to render (the limit of a template; "
                         "a loop too long, or too many nested loops)")


def _check_time() -> None:
    deadline = getattr(_budget, "deadline", None)
    if deadline is not None and time.process_time() > deadline:
        _out_of_time()


@contextmanager
def budget(seconds: float = RENDER_SECONDS) -> Iterator[None]:
    """Run a render under the time budget (nested renders share the outermost one). In the main
    thread a CPU-time timer interrupts any loop; elsewhere the sandbox's hooks check the clock."""
    outer = getattr(_budget, "deadline", None)
    if outer is not None and time.process_time() <= outer:
        yield
        return
    # A deadline already past belongs to no render running now (one abandoned mid-way, say, by an
    # interrupt in a long-lived process): it must not make every later render out of time.
    _budget.deadline = time.process_time() + seconds
    timer = threading.current_thread() is threading.main_thread() and hasattr(signal, "setitimer")
    if timer:
        previous = signal.signal(signal.SIGPROF, _out_of_time)
        signal.setitimer(signal.ITIMER_PROF, seconds)
    try:
        yield
    finally:
        _budget.deadline = None  # first: a signal that lands from here on is ignored
        if timer:
            signal.setitimer(signal.ITIMER_PROF, 0)
            signal.signal(signal.SIGPROF, previous)


_PERCENT_SPEC = re.compile(r"%(?:\([^)]*\))?[-#0 +]*(\*|\d+)?(?:\.(\*|\d+))?")


def _check_percent(fmt: str, args: Any) -> None:
    """'%999999999d' % 1 would build a gigabyte before any result could be measured."""
    stars = False
    for width, precision in _PERCENT_SPEC.findall(fmt):
        for part in (width, precision):
            if part == "*":
                stars = True
            elif part and int(part) > MAX_SIZE:
                raise _too_big("a width")
    if stars:
        values = args if isinstance(args, tuple) else (args,)
        if any(_is_count(v) and v > MAX_SIZE for v in values):
            raise _too_big("a width")


class _BoundedFormatter(SandboxedFormatter):
    """str.format in the sandbox, refusing a field's width or precision past MAX_SIZE before it
    is padded ('{:>999999999}'.format(1)); nested fields are resolved by then ('{:>{w}}')."""

    def format_field(self, value: Any, format_spec: str) -> Any:
        if any(int(n) > MAX_SIZE for n in re.findall(r"\d+", format_spec)):
            raise _too_big("a width")
        return super().format_field(value, format_spec)


class BoundedNamespace(Namespace):
    """namespace(), whose values are held to the size budget as they are set (a text doubled in a
    loop stops at twice the limit, not at the machine's memory)."""

    def __setitem__(self, name: str, value: Any) -> None:
        _check_size(value, "a value")
        super().__setitem__(name, value)


def _bounded_concat(pieces: Iterable[str]) -> str:
    out: list[str] = []
    total = 0
    for piece in pieces:
        total += len(piece)
        if total > MAX_SIZE:
            raise _too_big("the rendered text")
        out.append(piece)
    return "".join(out)


_SURROGATE = re.compile("[\ud800-\udfff]")


class NotUnicode(SecurityError):
    """A template made text that no file or terminal can hold: a lone surrogate ('\\ud800')."""


def _check_text(value: Any) -> Any:
    """Text a template makes is valid Unicode, or its render is a named error: every writer can
    then encode every question."""
    items = (value,) if isinstance(value, str) else (
        value if isinstance(value, list | tuple | set | frozenset) else
        (*value.keys(), *value.values()) if isinstance(value, dict) else ())
    for item in items:
        if isinstance(item, str):
            found = _SURROGATE.search(item)
            if found:
                raise NotUnicode(f"makes text that is not valid Unicode (a lone surrogate, "
                                 f"{found.group()!r} at character {found.start()}); no file can hold it")
            found = CONTROL.search(item)
            if found:  # it would act on the learner's terminal, or reorder the text around it
                raise NotUnicode(f"makes a control character ({found.group()!r} at character {found.start()}), "
                                 "which a terminal acts on instead of showing; remove it")
    return value


class BudgetedTemplate(Template):
    def render(self, *args: Any, **kwargs: Any) -> str:
        with budget():
            return _check_text(super().render(*args, **kwargs))


class BudgetedExpression(TemplateExpression):
    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        with budget():
            return _check_text(_check_size(super().__call__(*args, **kwargs), "a value"))


class BoundedEnvironment(SandboxedEnvironment):
    """The sandbox, with the size of what a template builds and the time it takes bounded."""

    intercepted_binops = frozenset({"*", "**", "+", "%"})
    template_class = BudgetedTemplate
    concat = staticmethod(_bounded_concat)

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        _check_time()
        if operator == "*":
            for sequence, times in ((left, right), (right, left)):
                if isinstance(sequence, str | list | tuple) and _is_count(times) and len(sequence) * times > MAX_SIZE:
                    raise _too_big("a repeated text or list")
            if _is_count(left) and _is_count(right) and left.bit_length() + right.bit_length() > MAX_BITS:
                raise _too_big("a product")
        elif operator == "**" and _is_count(left) and _is_count(right) and abs(left) > 1 \
                and right * abs(left).bit_length() > MAX_BITS:
            raise _too_big("a power")
        elif operator == "+" and _size(left) + _size(right) > MAX_SIZE:
            raise _too_big("a sum of texts or lists")
        elif operator == "%" and isinstance(left, str):
            _check_percent(left, right)
        return super().call_binop(context, operator, left, right)

    def wrap_str_format(self, value: Any) -> Any:
        wrapped = super().wrap_str_format(value)
        if wrapped is None or type(value.__self__) is not str:
            return wrapped
        formatter = _BoundedFormatter(self)
        text, is_map = value.__self__, value.__name__ == "format_map"

        def bounded(*args: Any, **kwargs: Any) -> str:
            if is_map:
                return wrapped(*args, **kwargs)  # its checks of arguments, then the formatter below
            return _check_size(formatter.vformat(text, args, kwargs), "a formatted text")

        if is_map:
            def bounded_map(mapping: Any) -> str:
                return _check_size(formatter.vformat(text, (), mapping), "a formatted text")
            return bounded_map
        return bounded

    def getattr(self, obj: Any, attribute: str) -> Any:
        _check_time()
        return super().getattr(obj, attribute)

    def call(__self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:  # noqa: N805 - Jinja's names
        # A method of a text or a list that pads or repeats (center, ljust, zfill, …) takes a size.
        owner = getattr(__obj, "__self__", None)
        if isinstance(owner, str | list | tuple) and any(
                _is_count(a) and a > MAX_SIZE for a in (*args, *kwargs.values())):
            raise _too_big("a width")
        result = super().call(__context, __obj, *args, **kwargs)
        _check_size(owner, "a list")  # list.extend doubling a list in a loop
        return _check_size(result, "a value")


def _do_format(value: Any, *args: Any, **kwargs: Any) -> Any:
    from jinja2.filters import do_format

    if isinstance(value, str):
        _check_percent(value, args or kwargs)
    return do_format(value, *args, **kwargs)


def _bounded_filter(function: Any, *size_arguments: str) -> Any:
    # A filter that takes the environment (wordwrap) gets it first, before the value.
    passed = getattr(function, "jinja_pass_arg", None)
    skip = 2 if passed is not None else 1

    def bounded(*args: Any, **kwargs: Any) -> Any:
        sizes = list(args[skip:skip + len(size_arguments)]) + [kwargs[k] for k in size_arguments if k in kwargs]
        if any(_is_count(s) and s > MAX_SIZE for s in sizes):
            raise _too_big("a width")
        return function(*args, **kwargs)

    if passed is not None:
        bounded.jinja_pass_arg = passed  # type: ignore[attr-defined]
    return bounded


def _run_time_only(function: Any) -> Any:
    """The filter as one Jinja cannot evaluate while compiling: its code generator folds a filter
    over constants into a constant (running template code at load, outside every cap), unless the
    filter takes the render context."""
    passed = getattr(getattr(function, "jinja_pass_arg", None), "name", None)

    @pass_context
    def at_run_time(context: Any, *args: Any, **kwargs: Any) -> Any:
        if passed == "context":
            result = function(context, *args, **kwargs)
        elif passed == "environment":
            result = function(context.environment, *args, **kwargs)
        elif passed == "eval_context":
            result = function(context.eval_ctx, *args, **kwargs)
        else:
            result = function(*args, **kwargs)
        return _check_size(result, "a filter's result")

    return at_run_time


def make_environment() -> SandboxedEnvironment:
    # optimized=False: Jinja's optimizer folds constant expressions while compiling, which would run a
    # template's code at load, outside every cap and in the checking process itself.
    env = BoundedEnvironment(undefined=StrictUndefined, autoescape=False, trim_blocks=True,
                             lstrip_blocks=True, keep_trailing_newline=False, optimized=False)
    env.filters.update(ui=ui_state, state=ui_state, run_if=run_if_label, tasks=task_list,
                       duration=duration, code=code, plural=plural, job_table=job_table,
                       capitalize=capitalize, ordinal=ordinal, money=money)
    for name, sizes in (("center", ("width",)), ("indent", ("width",)), ("wordwrap", ("width",)),
                        ("batch", ("linecount",)), ("slice", ("slices",))):
        env.filters[name] = _bounded_filter(env.filters[name], *sizes)
    env.filters["format"] = _do_format
    env.globals.update(namespace=BoundedNamespace)
    env.globals.pop("lipsum", None)  # lipsum(999999) is a gigabyte of Latin, and no question needs it
    env.filters = {name: _run_time_only(function) for name, function in env.filters.items()}
    return env


ENV = make_environment()


# ------------------------------------------------------------------ compiling, with kept code
# (lakedrill.templates.jinja_code says why)

def template(source: str) -> Template:
    """ENV.from_string(source), from compiled code when a previous start kept it."""
    code = _compiled("t:" + source, lambda: ENV.compile(source))
    return ENV.template_class.from_code(ENV, code, ENV.make_globals(None), None)


def expression(source: str) -> TemplateExpression:
    """ENV.compile_expression(source, undefined_to_none=False), from kept code when there is some."""
    code = _compiled("e:" + source, lambda: _expression_code(source))
    return BudgetedExpression(ENV.template_class.from_code(ENV, code, ENV.make_globals(None), None), False)


def _expression_code(source: str) -> Any:
    # What Environment.compile_expression does, stopping at the code so that the code can be kept.
    parser = Parser(ENV, source, state="variable")
    try:
        expr = parser.parse_expression()
        if not parser.stream.eos:
            raise TemplateSyntaxError("chunk after expression", parser.stream.current.lineno, None, None)
        expr.set_environment(ENV)
    except TemplateSyntaxError:
        ENV.handle_exception(source=source)
    return ENV.compile(nodes.Template([nodes.Assign(nodes.Name("result", "store"), expr, lineno=1)], lineno=1))


def _compiled(key: str, build) -> Any:
    kept = jinja_code.lookup(key, jinja2.__version__)
    if kept is not None:
        return marshal.loads(kept)
    try:
        code = build()
    except (RecursionError, SyntaxError, MemoryError) as deep:  # Python's own limits, past Jinja's parser
        why = deep.msg if isinstance(deep, SyntaxError) else "its expressions or blocks are nested too deeply"
        raise TemplateSyntaxError(f"too complex to compile: {why} (nest fewer parentheses or blocks)", 1) from None
    jinja_code.store(key, marshal.dumps(code))
    return code


def string_source(text: str) -> tuple[str, str] | None:
    """How a string of a YAML structure is read: ("expression", source) for one {{ expression }},
    whose value keeps its type; ("template", text) for any other string with a brace; else None."""
    stripped = text.strip()
    if stripped.startswith("{{") and stripped.endswith("}}") and stripped.count("{{") == 1:
        return "expression", stripped[2:-2]
    if "{" in text:
        return "template", text
    return None


def structure_sources(value: Any, path: tuple = ()) -> Iterable[tuple[tuple, str, str]]:
    """(path, kind, source) for every string of a YAML structure that string_source reads as Jinja,
    keys included (a key is at the path of its value)."""
    if isinstance(value, str):
        found = string_source(value)
        if found:
            yield (path, *found)
    elif isinstance(value, Mapping):
        for k, v in value.items():
            yield from structure_sources(k, path + (k,))
            yield from structure_sources(v, path + (k,))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from structure_sources(v, path + (i,))
