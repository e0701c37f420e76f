"""A belief sits on the option it predicts, and only there: over the whole bank, every belief a
template names is evaluated again on the variant, and the option it predicts is the one that
carries its id (and, in the explanation, its words)."""

from __future__ import annotations

import pytest

from lakedrill.engine import MISCONCEPTIONS, LakedrillInputError
from lakedrill.templates import bank
from lakedrill.variants.generate import VariantError, _option_text, answer_under, differs, draw_again, generate, normalize
from lakedrill.variants.question import LETTERS

ALL = bank.load()
TEMPLATES = [t for t in ALL if t.kind in ("single", "true_false", "multi")]
TYPED = [t for t in ALL if t.kind not in ("single", "true_false", "multi")]
SEEDS = (0, 1, 2)


def variant_and_question(template, seed):
    """What generate(template, seed) makes, with the variant it was made from."""
    try:
        question = generate(template, seed)
    except VariantError as why:  # a template that cannot make this variant fails `check`, not this test
        pytest.skip(str(why))
    variant = draw_again(template, question)
    assert variant is not None, question.id
    return variant, question


def predictions(template, variant):
    """Each belief's prediction on this variant, evaluated afresh: misconception id -> value."""
    out = {}
    for misconception_id in template.model.misconceptions:
        try:
            out[misconception_id] = answer_under(template, variant, MISCONCEPTIONS[misconception_id].semantics)
        except (LakedrillInputError, VariantError):
            continue  # the belief cannot run this job: it predicts nothing
    return out


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda t: t.id)
def test_every_belief_sits_on_the_option_it_predicts(template):
    for seed in SEEDS:
        variant, question = variant_and_question(template, seed)
        predicted = predictions(template, variant)
        ctx = variant.context(record=False)
        where = f"{template.id}@{seed}"
        if template.kind == "single":
            texts = {m: _option_text(template, ctx, value) for m, value in predicted.items()}
            key_text = next(o.text for o in question.options if o.correct)
            for option in question.options:
                expected = set() if option.correct else {m for m, text in texts.items() if text == option.text}
                assert set(option.misconceptions) == expected, (where, option.text)
            shown = {o.text for o in question.options}
            left_out = {m for m, text in texts.items() if text != key_text and text not in shown}
            # A belief missing from the options is one cut for room: only when every slot is taken.
            assert not left_out or len(question.options) == template.model.options, (where, left_out)
        elif template.kind == "true_false":
            for option in question.options:
                expected = set() if option.correct else {m for m, v in predicted.items()
                                                         if bool(v) == option.value}
                assert set(option.misconceptions) == expected, (where, option.text)
        else:  # multi: an option names the beliefs that judge it otherwise than the key does
            right = set(question.key)
            for option in question.options:
                expected = {m for m, v in predicted.items() if (option.value in set(v)) != (option.value in right)}
                assert set(option.misconceptions) == expected, (where, option.text)
        # The explanation says of each belief the option it sits on, by letter and text.
        for i, option in enumerate(question.options):
            for m in option.misconceptions:
                assert f"- {LETTERS[i]} ({option.text})" in question.explanation, (where, m)
                assert MISCONCEPTIONS[m].belief in question.explanation, (where, m)


@pytest.mark.parametrize("template", TYPED, ids=lambda t: t.id)
def test_a_typed_answers_feedback_names_each_belief_with_its_own_prediction(template):
    for seed in SEEDS:
        variant, question = variant_and_question(template, seed)
        predicted = predictions(template, variant)
        ctx = variant.context(record=False)
        expected = {m: v for m, v in predicted.items() if differs(template, v, question.key)}
        assert {b.misconception for b in question.beliefs} == set(expected), template.id
        for belief in question.beliefs:
            assert normalize(belief.value) == normalize(expected[belief.misconception]), (template.id, seed)
            assert belief.text == _option_text(template, ctx, expected[belief.misconception])
            assert f"- {belief.text} follows from the belief \"{MISCONCEPTIONS[belief.misconception].belief}\"" \
                in question.explanation
