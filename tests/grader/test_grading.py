"""Parsing answers (never a crash, never a lost attempt) and grading them with partial credit."""

import pytest

from lakedrill.variants.grading import ParseError, grade, parse
from lakedrill.variants.question import Option, Question
from lakedrill.variants.views import OrderKey


def question(kind, options=(), key=None, universe=(), beliefs=(), scheme="partial", tolerance=(0.0, 0.0)):
    return Question(id="q@1", template_id="q", source="q.yaml:1", seed=1, concept="run-if", objective="o",
                    difficulty=1, kind=kind, stem="?", options=tuple(options), key=key, explanation="",
                    rules=(), beliefs=tuple(beliefs), assumes=(), job=None, trace=(), universe=tuple(universe),
                    tolerance=tolerance, scheme=scheme)


SINGLE = question("single", [Option("Succeeded", False, ("downstream_runs_anyway",)), Option("Upstream failed", True),
                             Option("Excluded", False, ("excluded_counts_as_failed",)), Option("Failed", False)],
                  key="UPSTREAM_FAILED")


@pytest.mark.parametrize("text", ["B", "b", "2", " b) ", "upstream failed"])
def test_single_choice_answers_parse(text):
    assert parse(SINGLE, text).value == 1


@pytest.mark.parametrize("text", ["", "E", "9", "banana", "A, B", "²", "é", "٣"])
def test_nonsense_gets_a_message_not_a_crash(text):
    result = parse(SINGLE, text)
    assert isinstance(result, ParseError) and result.message


def test_single_choice_grading_names_the_belief_behind_a_wrong_option():
    assert grade(SINGLE, parse(SINGLE, "B")).points == 1
    wrong = grade(SINGLE, parse(SINGLE, "A"))
    assert (wrong.points, wrong.correct, wrong.misconception) == (0, False, "downstream_runs_anyway")
    assert "The tasks after a failed task still run." in wrong.feedback
    assert "B. Upstream failed" in wrong.feedback


MULTI = question("multi", [Option("a", True), Option("b", True), Option("c", False, ("job_rolls_back",)),
                           Option("d", False)], key=("a", "b"))


@pytest.mark.parametrize("text", ["A, B", "b a", "AB", "1 2", "a;b"])
def test_multi_answers_parse(text):
    assert parse(MULTI, text).value == frozenset({0, 1})


def test_multi_partial_credit_is_net_correct_with_a_floor_of_zero():
    assert grade(MULTI, parse(MULTI, "A, B")).points == 1
    assert grade(MULTI, parse(MULTI, "A")).points == 0.5
    assert grade(MULTI, parse(MULTI, "A, C")).points == 0
    assert grade(MULTI, parse(MULTI, "C, D")).points == 0
    assert grade(MULTI, parse(MULTI, "A, C"), scheme="all_or_nothing").points == 0
    assert grade(MULTI, parse(MULTI, "A"), scheme="all_or_nothing").points == 0
    assert grade(MULTI, parse(MULTI, "A, B, C")).misconception == "job_rolls_back"


TRUE_FALSE = question("true_false", [Option("True", False), Option("False", True, ())], key=False)


@pytest.mark.parametrize("text,index", [("t", 0), ("True", 0), ("A", 0), ("false", 1), ("F", 1), ("2", 1)])
def test_true_false_answers_parse(text, index):
    assert parse(TRUE_FALSE, text).value == index


NUMERIC = question("numeric", key=420, tolerance=(0.0, 0.0),
                   beliefs=[__import__("lakedrill.variants.question", fromlist=["Belief"]).Belief(
                       "independent_tasks_run_sequentially", 600, "600")])


@pytest.mark.parametrize("text", ["420", "420s", " 420 seconds", "4.2e2", "420.0"])
def test_numbers_parse_with_or_without_a_unit(text):
    assert grade(NUMERIC, parse(NUMERIC, text)).correct


def test_a_number_a_belief_predicts_names_the_belief():
    score = grade(NUMERIC, parse(NUMERIC, "600"))
    assert not score.correct and score.misconception == "independent_tasks_run_sequentially"
    assert isinstance(parse(NUMERIC, "seven minutes"), ParseError)


def test_numeric_tolerance():
    q = question("numeric", key=100, tolerance=(5.0, 0.0))
    assert grade(q, parse(q, "104")).correct and not grade(q, parse(q, "106")).correct


SET = question("set", key=("silver", "gold"), universe=("bronze", "silver", "gold", "audit"))


def test_set_answers_in_any_order_and_case_with_partial_credit():
    assert grade(SET, parse(SET, "Gold, SILVER")).correct
    assert grade(SET, parse(SET, "silver")).points == 0.5
    assert grade(SET, parse(SET, "silver, gold, audit")).points == 0.5
    assert isinstance(parse(SET, "silvr"), ParseError)
    assert "tasks: bronze, silver, gold, audit" in parse(SET, "silvr").message


ORDER = question("order", key=OrderKey(("a", "b", "c", "d"), frozenset({("a", "b"), ("a", "c"), ("b", "d"), ("c", "d")})),
                 universe=("a", "b", "c", "d"))


def test_any_valid_order_is_right():
    assert grade(ORDER, parse(ORDER, "a, b, c, d")).correct
    assert grade(ORDER, parse(ORDER, "a c b d")).correct
    assert grade(ORDER, parse(ORDER, "a -> c -> b -> d")).correct


def test_order_partial_credit_is_the_longest_right_prefix():
    assert grade(ORDER, parse(ORDER, "a, d, b, c")).points == 0.25
    assert grade(ORDER, parse(ORDER, "b, a, c, d")).points == 0
    assert grade(ORDER, parse(ORDER, "a, b, c")).points == 0.75
    assert isinstance(parse(ORDER, "a, a, b"), ParseError)


# ----------------------------------------------------------------------------- properties over the bank

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from lakedrill.templates import bank  # noqa: E402
from lakedrill.variants.generate import generate  # noqa: E402
from tests.grader.templates import key_answer  # noqa: E402

TEMPLATES = bank.load()


@settings(max_examples=80, deadline=None)
@given(st.sampled_from(TEMPLATES), st.integers(0, 10**6), st.text(max_size=20))
def test_any_text_parses_or_gets_a_message_and_the_typed_key_scores_full_marks(template, seed, text):
    q = generate(template, seed)
    result = parse(q, text)  # never raises
    if isinstance(result, ParseError):
        assert result.message
    else:
        score = grade(q, result)
        assert 0.0 <= score.points <= 1.0
    right = parse(q, key_answer(q))
    assert not isinstance(right, ParseError), (template.where(), right)
    score = grade(q, right)
    assert score.correct and score.points == 1.0, template.where()


@st.composite
def _orders(draw):
    n = draw(st.integers(1, 7))
    items = tuple(f"t{i}" for i in draw(st.permutations(range(n))))
    pairs = draw(st.sets(st.tuples(st.integers(0, n - 1), st.integers(0, n - 1)).filter(lambda p: p[0] < p[1])))
    return OrderKey(items, frozenset((f"t{a}", f"t{b}") for a, b in pairs))


def _closure(key: OrderKey) -> set[tuple[str, str]]:
    pairs = set(key.before)
    for k in key.items:
        pairs |= {(a, d) for a, b in pairs if b == k for c, d in pairs if c == k}
    return pairs


@given(_orders(), st.data())
def test_an_order_keeps_the_pairs_its_pairs_imply(key, data):
    """`before` need not list implied pairs: every method reads the order they imply (a before b
    before c puts a before c), checked against the pairs' closure by brute force."""
    closure = _closure(key)
    sequence = data.draw(st.permutations(key.items))
    keeps = all(sequence.index(a) < sequence.index(b) for a, b in closure)
    assert key.is_right(list(sequence)) == keeps
    assert key.is_right(key.one_right_order())
    for item in key.items:
        assert key.predecessors(item) == {a for a, b in closure if b == item}
    groups = key.levels()
    assert sorted(x for g in groups for x in g) == sorted(key.items)
    for g in groups:
        assert key.allows_together(g)
    group = data.draw(st.lists(st.sampled_from(key.items), unique=True))
    assert key.allows_together(group) == (not any(a in group and b in group for a, b in closure))
    ties = key.ties()
    total = all((a, b) in closure for i, g in enumerate(groups) for later in groups[i + 1:] for a in g for b in later)
    assert (ties == groups) if total else ties is None
