"""The practical exam's own scenarios: playable and fair, and never course practice material.

A trainee can practise every scenario in `course/scenarios/` as often as they like
with instant feedback, and can read its YAML (the costs are the answer key). An
exam that played one of them would examine what was rehearsed, so the exam keeps
scenarios of its own, and these tests hold it to that.
"""

from __future__ import annotations

import pytest

from frontline.core.course import REPO_ROOT
from frontline.exams.grading.practical import (
    LEXICON_DIR,
    PRACTICAL_EXAM,
    SCENARIOS_DIR,
    read_practical_key,
)
from frontline.roleplay import Lexicon, Scenario, load_lexicon, load_scenario, load_scenarios
from tests.course.scenario_paths import walk

SOURCE = REPO_ROOT / "exams" / "source" / PRACTICAL_EXAM
COURSE_SCENARIOS = REPO_ROOT / "course" / "scenarios"
EXAM_FILES = sorted((SOURCE / SCENARIOS_DIR).glob("*.yml"))
EXAM = {path.stem: load_scenario(path) for path in EXAM_FILES}


@pytest.fixture(scope="module")
def lexicon() -> Lexicon:
    return load_lexicon(SOURCE / LEXICON_DIR)  # the exam's frozen phrase lists


def test_the_exam_plays_exactly_its_own_scenario_files() -> None:
    key = read_practical_key(SOURCE / f"{PRACTICAL_EXAM}.ipynb")
    assert sorted(key.scenario_ids) == sorted(EXAM) and len(EXAM) >= 2


def test_no_exam_scenario_is_course_practice_material() -> None:
    course = load_scenarios(COURSE_SCENARIOS)
    assert course, "the course's scenarios were not found"
    assert not set(EXAM) & set(course), "same scenario id in the exam and the course"
    assert not {p.name for p in EXAM_FILES} & {p.name for p in COURSE_SCENARIOS.glob("*.y*ml")}
    # nor a course scenario under a new id: no customer line or choice is shared
    practice = set().union(*(_lines(s) for s in course.values()))
    for scenario in EXAM.values():
        assert not _lines(scenario) & practice, scenario.id


def _lines(scenario: Scenario) -> set[str]:
    """What the customer says and the choices offered, in both languages."""
    found: set[str] = set()
    for step in scenario.steps.values():
        found |= {step.say.zh, step.say.en}
        found |= {text for c in step.choices for text in (c.text.zh, c.text.en)}
    return found


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("scenario_id", sorted(EXAM))
def test_every_path_ends_best_high_worst_low(scenario_id: str, lang: str, lexicon: Lexicon) -> None:
    scenario = EXAM[scenario_id]
    results = list(walk(scenario, lexicon, lang))
    totals = [r.total for r in results]
    assert max(totals) >= 90, scenario_id
    assert min(totals) < 60, scenario_id
    reached = frozenset().union(*(r.visited for r in results))
    assert set(scenario.steps) | set(scenario.endings) <= reached, "an unreachable step"


@pytest.mark.parametrize("scenario_id", sorted(EXAM))
def test_shape_typed_reply_mood_branches_and_graded_choices(
    scenario_id: str, lexicon: Lexicon
) -> None:
    scenario = EXAM[scenario_id]
    steps = scenario.steps.values()
    assert any(step.reply is not None for step in steps), "no free-text step"
    results = list(walk(scenario, lexicon))
    branching = 0
    for step in steps:
        nexts = [c.next for c in step.choices] + ([step.reply.next] if step.reply else [])
        for branches in nexts:
            if len(branches) > 1:  # mood decides: every way out is met in play
                branching += 1
                for branch in branches:
                    assert any({step.id, branch.go} <= r.visited for r in results), branch
        if step.choices:  # a good, a costly and a bad way through each choice step
            costs = sorted(c.cost.total for c in step.choices)
            assert costs[0] == 0 and costs[0] < costs[1] < costs[-1], step.id
    assert branching, "the customer's mood changes nothing"
