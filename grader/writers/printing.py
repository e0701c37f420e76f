"""Practice sets for print: the same templates for every student, each set its own variants.

Set 1 uses the quiz's variants (`lakedrill quiz --seed S` asks what `lakedrill print --seed S`
prints); sets 2..K draw their own from seeds derived from S, each printed on its set.
"""

from __future__ import annotations

import random
from collections.abc import Sequence

from lakedrill.variants.generate import generate
from lakedrill.variants.selection import spread, usable
from lakedrill.templates.spec import Template
from lakedrill.writers.document import PracticeSet


def set_seed(seed: int, number: int) -> int:
    return seed if number == 1 else random.Random(f"set/{seed}/{number}").randrange(2**31)


def build_sets(templates: Sequence[Template], *, n: int, seed: int, variants: int = 1,
               concepts: Sequence[str] = (), user_job=None, form: str = "practice",
               exam=None) -> tuple[list[PracticeSet], list[str]]:
    """`exam` (a Blueprint): every set is the mock exam of its seed, as `quiz --exam` asks it;
    otherwise the same templates for every set, in `form` (practice or exam)."""
    templates, notes = usable(templates, user_job)
    fixed = {"job": user_job} if user_job is not None else None
    sets = []
    if exam is not None:
        from lakedrill.variants.selection import mock_exam

        for number in range(1, variants + 1):
            this_seed = set_seed(seed, number)
            questions = mock_exam(templates, this_seed, exam, n, user_job=user_job, on_skip=notes.append)
            sets.append(PracticeSet(number, this_seed, questions))
        return sets, notes
    picks = spread(templates, n, seed, concepts=concepts)
    for number in range(1, variants + 1):
        this_seed = set_seed(seed, number)
        rng = random.Random(f"variants/{this_seed}")
        questions = []
        for pick in picks:
            variant = pick.seed if number == 1 else rng.randrange(2**31)
            questions.append(generate(pick.template, variant, fixed=fixed, form=form))
        sets.append(PracticeSet(number, this_seed, questions))
    return sets, notes
