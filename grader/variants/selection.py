"""Which questions a quiz asks: templates spread over the chosen concepts, variants from one seed.

The same seed gives the same quiz. A review asks fresh variants only: never a (template, seed)
already answered.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from lakedrill.templates.spec import Template


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
    from lakedrill.jobs.userjob import takes_a_job

    kept, skipped = [], []
    for template in templates:
        why_not = takes_a_job(template)
        if why_not:
            skipped.append(template.id)
        else:
            kept.append(template)
    from lakedrill.engine.words import plural

    verb = "is" if len(skipped) == 1 else "are"
    note = [f"{plural(len(skipped), 'template')} cannot use your job and {verb} left out"] if skipped else []
    return kept, note


class LazyQuestions(Sequence):
    """The quiz's questions, each generated when first shown (the first question appears at once);
    a pick that cannot be made is replaced by a spare."""

    def __init__(self, picks: Sequence[Pick], spares: Sequence[Pick] = (), user_job=None,
                 on_skip: Callable[[str], None] = lambda line: None, form: str = "practice"):
        self._form = form
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
        from lakedrill.variants.generate import VariantError, generate

        while True:
            pick = self._picks[index]
            fixed = {"job": self._user_job} if self._user_job is not None else None
            try:
                return generate(pick.template, pick.seed, fixed=fixed, form=self._form)
            except VariantError as error:
                self._on_skip(f"{pick.template.id} skipped: {error}")
                if not self._spares:
                    raise
                self._picks[index] = self._spares.pop(0)


def make_questions(picks: Sequence[Pick], user_job=None, form: str = "practice") -> tuple[list, list[str]]:
    """Generate every pick now (with the user's job where a template draws one); say what was skipped."""
    from lakedrill.variants.generate import VariantError, generate
    from lakedrill.jobs.userjob import takes_a_job

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
            questions.append(generate(pick.template, pick.seed, fixed=fixed, form=form))
        except VariantError as error:
            skipped.append(f"{pick.template.id} skipped: {error}")
    return questions, skipped


def scaled(blueprint, n: int) -> list[tuple[str, int]]:
    """The blueprint's shares for an exam of `n` questions (largest remainders get the rest)."""
    total = blueprint.questions
    if n == total or total == 0:
        return list(blueprint.concepts)
    exact = [(c, k * n / total) for c, k in blueprint.concepts]
    shares = [(c, int(x)) for c, x in exact]
    left = n - sum(k for _, k in shares)
    order = sorted(range(len(exact)), key=lambda i: (-(exact[i][1] - shares[i][1]), i))
    for i in order[:left]:
        shares[i] = (shares[i][0], shares[i][1] + 1)
    return shares


def mock_exam(templates: Sequence[Template], seed: int, blueprint, n: int | None = None, *, user_job=None,
              on_skip: Callable[[str], None] = lambda line: None) -> list:
    """The mock exam of `seed`: exam-form questions in the blueprint's shares, in a shuffled
    order, the key letters spread evenly. `quiz --exam` and `export --exam` both ask this."""
    from lakedrill.variants.generate import VariantError, generate

    rng = random.Random(f"exam/{seed}")
    by_concept: dict[str, list[Template]] = {}
    for t in templates:
        by_concept.setdefault(t.model.concept, []).append(t)
    for pool in by_concept.values():
        rng.shuffle(pool)
    fixed = {"job": user_job} if user_job is not None else None
    questions: list = []
    short = 0

    def make(pool: list[Template], count: int) -> int:
        made = tries = 0
        while made < count and tries < 3 * count + len(pool) and pool:
            template = pool[tries % len(pool)]
            tries += 1
            try:
                questions.append(generate(template, fresh_seed(rng, template, None), fixed=fixed, form="exam"))
                made += 1
            except VariantError as error:
                on_skip(f"{template.id} skipped: {error}")
        return made

    for concept, count in scaled(blueprint, n if n is not None else blueprint.questions):
        short += count - make(by_concept.get(concept, []), count)
    if short:  # a concept that could not fill its share (a user's job): the others make it up
        everyone = [t for pool in by_concept.values() for t in pool]
        rng.shuffle(everyone)
        make(everyone, short)
    rng.shuffle(questions)
    return spread_keys(questions, rng)


def spread_keys(questions: list, rng: random.Random) -> list:
    """Each letter holds the key about equally often over the exam: the letters are dealt from a
    shuffled, balanced deck, and each question's key moves to its letter (the other options keep
    their order), so no pattern of letters pays."""
    from dataclasses import replace

    if not questions:
        return questions
    width = min(len(q.options) for q in questions)
    deck = [i % width for i in range(len(questions))]
    rng.shuffle(deck)
    out = []
    for question, letter in zip(questions, deck):
        options = list(question.options)
        key = next(i for i, o in enumerate(options) if o.correct)
        option = options.pop(key)
        options.insert(letter, option)
        out.append(replace(question, options=tuple(options)))
    return out
