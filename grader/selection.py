"""Which questions a quiz asks: templates spread over the chosen concepts, variants from one seed.

The same seed gives the same quiz. A review asks fresh variants only: never a (template, seed)
already answered.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from grader.spec import Template


@dataclass(frozen=True)
class Pick:
    """A template and the seed of the variant to ask."""

    template: Template
    seed: int
    reason: str = ""  # for reviews: the card it serves (concept:x / misconception:y)


def spread(templates: Sequence[Template], n: int, seed: int, *, concepts: Iterable[str] = (),
           exclude: set[tuple[str, int]] | None = None) -> list[Pick]:
    """`n` picks, round-robin over the concepts (each concept's templates in a shuffled cycle)."""
    rng = random.Random(f"quiz/{seed}")
    wanted = set(concepts)
    pool = [t for t in templates if not wanted or t.model.concept in wanted]
    by_concept: dict[str, list[Template]] = {}
    for t in pool:
        by_concept.setdefault(t.model.concept, []).append(t)
    order = sorted(by_concept)
    rng.shuffle(order)
    for concept in order:
        rng.shuffle(by_concept[concept])
    picks: list[Pick] = []
    turn = 0
    while len(picks) < n and order:
        concept = order[turn % len(order)]
        cycle = by_concept[concept]
        template = cycle[(turn // len(order)) % len(cycle)]
        picks.append(Pick(template, fresh_seed(rng, template, exclude)))
        turn += 1
    return picks


def fresh_seed(rng: random.Random, template: Template, exclude: set[tuple[str, int]] | None) -> int:
    while True:
        seed = rng.randrange(2**31)
        if not exclude or (template.id, seed) not in exclude:
            return seed


def for_review(templates: Sequence[Template], keys: Sequence[str], n: int, seed: int,
               exclude: set[tuple[str, int]]) -> list[Pick]:
    """One pick per due card, in order, up to `n`: a template of the concept, or one whose wrong
    options come from the misconception."""
    rng = random.Random(f"review/{seed}")
    picks: list[Pick] = []
    for key in keys[:n]:
        kind, name = key.split(":", 1)
        if kind == "concept":
            fitting = [t for t in templates if t.model.concept == name]
        else:
            fitting = [t for t in templates if name in t.model.misconceptions]
        if fitting:
            template = rng.choice(fitting)
            picks.append(Pick(template, fresh_seed(rng, template, exclude), key))
    return picks


SPARES = 5  # extra picks, to stand in for one that cannot be made


def usable(templates: Sequence[Template], user_job=None) -> tuple[list[Template], list[str]]:
    """The templates a quiz may draw from: with a user's job, those that draw a job (and why not the others)."""
    if user_job is None:
        return list(templates), []
    from grader.userjob import takes_a_job

    kept, skipped = [], []
    for template in templates:
        why_not = takes_a_job(template)
        if why_not:
            skipped.append(template.id)
        else:
            kept.append(template)
    from engine.words import plural

    verb = "is" if len(skipped) == 1 else "are"
    note = [f"{plural(len(skipped), 'template')} cannot use your job and {verb} left out"] if skipped else []
    return kept, note


class LazyQuestions(Sequence):
    """The quiz's questions, each generated when first shown (the first question appears at once);
    a pick that cannot be made is replaced by a spare."""

    def __init__(self, picks: Sequence[Pick], spares: Sequence[Pick] = (), user_job=None,
                 on_skip: Callable[[str], None] = lambda line: None):
        self._picks = list(picks)
        self._spares = list(spares)
        self._user_job = user_job
        self._on_skip = on_skip
        self._made: dict[int, object] = {}

    def __len__(self) -> int:
        return len(self._picks)

    def __getitem__(self, index):
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        if index < 0:
            index += len(self)
        if index not in self._made:
            self._made[index] = self._make(index)
        return self._made[index]

    def _make(self, index: int):
        from grader.generate import VariantError, generate

        while True:
            pick = self._picks[index]
            fixed = {"job": self._user_job} if self._user_job is not None else None
            try:
                return generate(pick.template, pick.seed, fixed=fixed)
            except VariantError as error:
                self._on_skip(f"{pick.template.id} skipped: {error}")
                if not self._spares:
                    raise
                self._picks[index] = self._spares.pop(0)


def make_questions(picks: Sequence[Pick], user_job=None) -> tuple[list, list[str]]:
    """Generate every pick now (with the user's job where a template draws one); say what was skipped."""
    from grader.generate import VariantError, generate
    from grader.userjob import takes_a_job

    questions = []
    skipped: list[str] = []
    for pick in picks:
        fixed = None
        if user_job is not None:
            why_not = takes_a_job(pick.template)
            if why_not:
                skipped.append(f"{pick.template.id} skipped: it cannot use your job ({why_not})")
                continue
            fixed = {"job": user_job}
        try:
            questions.append(generate(pick.template, pick.seed, fixed=fixed))
        except VariantError as error:
            skipped.append(f"{pick.template.id} skipped: {error}")
    return questions, skipped
