"""The course's role-play scenarios as content: required situations, size, and scores.

Every path is played with the real engine (choices as written; each typed reply
once as a model answer and once rude): the best path must reach 90, the worst
must fall under 60, and every step and ending must be reachable in play.
"""

from __future__ import annotations

import pytest

from frontline.roleplay import Lexicon, Scenario, load_lexicon, load_scenarios

from .scenario_paths import walk

SCENARIOS = load_scenarios()
REQUIRED = {
    "front-desk-reception": "etiquette",
    "impatient-walk-in": "etiquette",
    "phone-routed-inquiry": "communication",
    "declined-request": "communication",
    "repair-angry-customer": "complaints",
    "staff-attitude-complaint": "complaints",
    "neighbour-noise": "complaints",
}


@pytest.fixture(scope="module")
def lexicon() -> Lexicon:
    return load_lexicon()


def test_required_scenarios_exist_in_their_modules() -> None:
    assert len(SCENARIOS) >= 8
    for scenario_id, module in REQUIRED.items():
        assert SCENARIOS[scenario_id].module == module
    assert SCENARIOS["phone-routed-inquiry"].channel == "phone"


@pytest.mark.parametrize("scenario", SCENARIOS.values(), ids=lambda s: s.id)
def test_scenario_shape(scenario: Scenario) -> None:
    assert 4 <= len(scenario.steps) <= 7
    assert any(step.reply is not None for step in scenario.steps.values())
    for step in scenario.steps.values():
        if step.choices:
            costs = sorted(choice.cost.total for choice in step.choices)
            assert costs[0] == 0, f"{step.id}: no good choice"
            assert len(step.choices) == 1 or costs[-1] > 0, f"{step.id}: no costly choice"


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("scenario", SCENARIOS.values(), ids=lambda s: s.id)
def test_best_and_worst_paths(scenario: Scenario, lang: str, lexicon: Lexicon) -> None:
    results = list(walk(scenario, lexicon, lang))
    best = max(results, key=lambda r: r.total)
    worst = min(results, key=lambda r: r.total)
    assert best.total >= 90, best
    assert worst.total < 60, worst
    reached = frozenset().union(*(r.visited for r in results))
    assert set(scenario.steps) | set(scenario.endings) <= reached


def test_the_angry_customer_branches_on_mood(lexicon: Lexicon) -> None:
    paths = list(walk(SCENARIOS["repair-angry-customer"], lexicon))
    calmer = [p for p in paths if "manager-demand" not in p.visited]
    angrier = [p for p in paths if "manager-demand" in p.visited]
    assert calmer and angrier
    assert max(p.total for p in calmer) > max(p.total for p in angrier)
