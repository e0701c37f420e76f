"""Writing small templates into a temporary bank for tests."""

from __future__ import annotations

import textwrap
from pathlib import Path

GOOD = """\
id: {id}
concept: run-if
objective: "Productionizing: predict task states"
difficulty: 1
kind: single
params:
  job: {{generate: chain, tasks: 3}}
  failing: {{value: "job.roots[0]"}}
scenario:
  fail: "{{{{ failing }}}}"
stem: |
  Task `{{{{ failing }}}}` fails. What state does the last task end in?
answer: run.state(job.leaves[0])
option: "{{{{ value | ui }}}}"
distractors: ["'SUCCESS'", "'UPSTREAM_CANCELED'", "'EXCLUDED'"]
misconceptions: [downstream_runs_anyway]
tests: [run_if.all_success]
examples:
  - name: a chain
    params: {{job: {{a: [], b: [a], c: [b]}}, failing: a}}
    expect: {expect}
"""


def write_template(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text))
    return path


def good_template(folder: Path, id: str = "chain-last-task", expect: str = "UPSTREAM_FAILED") -> Path:
    return write_template(folder, f"{id}.yaml", GOOD.format(id=id, expect=expect))


def key_answer(question) -> str:
    """The right answer to a Question, typed as a learner would."""
    from lakedrill.variants.question import LETTERS

    if question.options:
        return ", ".join(LETTERS[i] for i, o in enumerate(question.options) if o.correct)
    if question.kind == "numeric":
        return f"{question.key:g}"
    if question.kind == "set":
        return ", ".join(question.key) or "none"
    return ", ".join(question.key.one_right_order())
