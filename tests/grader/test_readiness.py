"""Am I ready? The mock exam estimate, checked against simulated learners of known skill."""

import json
import random

from click.testing import CliRunner

from lakedrill.cli import main
from lakedrill.session.readiness import Answer, estimate
from lakedrill.templates import bank

TEMPLATES = bank.load()
BLUEPRINT = bank.blueprint(None, TEMPLATES)


def learner(rng, answers_per_concept):
    """A learner whose chance of a fresh variant right is known per concept, and their history."""
    skill = {c: rng.uniform(0.3, 0.97) for c, _ in BLUEPRINT.concepts}
    history = [Answer(c, 1.0 if rng.random() < skill[c] else 0.0, rng.uniform(0, 5))
               for c, _ in BLUEPRINT.concepts for _ in range(answers_per_concept(c))]
    total = BLUEPRINT.questions
    true_score = sum(n * skill[c] for c, n in BLUEPRINT.concepts) / total
    return history, true_score


def test_the_interval_covers_the_true_expected_score_for_most_simulated_learners():
    rng = random.Random(17)
    covered = judged = 0
    for _ in range(200):
        history, true_score = learner(rng, lambda c: rng.randint(6, 25))
        result = estimate(history, BLUEPRINT.concepts, BLUEPRINT.pass_mark)
        if result.answers_needed:
            continue
        judged += 1
        covered += result.low <= true_score <= result.high
    assert judged >= 150
    assert covered / judged >= 0.85  # a 90% interval


def test_with_little_history_it_says_how_many_more_answers_it_needs():
    rng = random.Random(3)
    history, _ = learner(rng, lambda c: 1 if c == BLUEPRINT.concepts[0][0] else 0)
    result = estimate(history, BLUEPRINT.concepts, BLUEPRINT.pass_mark)
    assert result.answers_needed >= 3 * (len(BLUEPRINT.concepts) - 1)
    plenty, _ = learner(rng, lambda c: 30)
    assert estimate(plenty, BLUEPRINT.concepts, BLUEPRINT.pass_mark).answers_needed == 0


def test_forgetting_lowers_the_estimate_and_weak_concepts_hold_it_back():
    concept, other = BLUEPRINT.concepts[0][0], BLUEPRINT.concepts[1][0]
    history = [Answer(c, 1.0, 1) for c, _ in BLUEPRINT.concepts for _ in range(10)]
    history = [a for a in history if a.concept != other] + [Answer(other, 0.0, 1)] * 10
    fresh = estimate(history, BLUEPRINT.concepts, BLUEPRINT.pass_mark)
    faded = estimate(history, BLUEPRINT.concepts, BLUEPRINT.pass_mark, recall={concept: 0.5})
    assert faded.expected < fresh.expected
    assert fresh.holding_back[0] == other
    old = [Answer(a.concept, a.points, 400) if a.concept == other else a for a in history]
    assert estimate(old, BLUEPRINT.concepts, BLUEPRINT.pass_mark).concepts[1].probability > \
        fresh.concepts[1].probability  # a year-old failure weighs less than last week's


def test_stats_reports_the_estimate_in_text_and_json(tmp_path):
    runner = CliRunner()
    quiz = runner.invoke(main, ["quiz", "--plain", "-n", "2", "--seed", "24", "--data-dir", str(tmp_path)],
                         input="a\nb\n")
    assert quiz.exit_code == 0, quiz.output
    data = json.loads(runner.invoke(main, ["stats", "--json", "--data-dir", str(tmp_path)]).output)["readiness"]
    assert data["enough_history"] is False and data["answers_needed"] > 0
    assert 0 <= data["interval_90"][0] <= data["expected_score"] <= data["interval_90"][1] <= 1
    text = runner.invoke(main, ["stats", "--data-dir", str(tmp_path)], env={"COLUMNS": "200"}).output
    assert "Mock exam today: about" in text and f"about {data['answers_needed']} more answers" in text
