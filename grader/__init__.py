"""lakedrill: an exam question bank and auto-grader for Databricks Lakeflow Jobs, whose answer keys are
computed by a reference execution engine (lakedrill.engine).

The rooms, in the order a question is made: templates (the bank) -> variants (questions and grading) ->
writers (every output) and session (the learner's quiz, history and reviews); jobs (a user's own job);
authoring (check and the generated docs); cli (the command line). The engine knows none of them.
"""

from __future__ import annotations


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("lakedrill")
    except PackageNotFoundError:  # a source tree that was never installed
        return "0+unknown"


def __getattr__(name: str) -> str:
    # `__version__` is read from the installed metadata only when asked for: importlib.metadata
    # costs a quiz's start-up more than anything the first question needs.
    if name == "__version__":
        return _version()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
