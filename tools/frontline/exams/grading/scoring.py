"""Scoring used by the hidden tests of exam notebooks.

The hidden test of a question is one call, e.g. ``score_single("q03", "b", points=2)``,
``score_ordering("q16", ["calm", "listen", "promise"], points=3)`` or
``score_matching("q17", {"same-centre": "same-day", "other-dept": "3-days"}, points=4)``,
whose value nbgrader reads as partial credit. The score is recomputed from the
answers file on the grading side; nothing the trainee's kernel computed is trusted.
These functions never print: any stderr output would zero the cell.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from itertools import combinations
from pathlib import Path

from frontline.exams.model.answers import ANSWERS_FILE, read_matches, read_order, read_selection


def single_choice_points(selected: frozenset[str], correct: str, points: float) -> float:
    return float(points) if selected == {correct} else 0.0


def multiple_choice_points(
    selected: frozenset[str], correct: frozenset[str], points: float
) -> float:
    """Right picks earn a share, wrong picks take one back, never below zero.

    Picking everything therefore earns nothing unless every option is right.
    """
    if not correct:
        raise ValueError("a multiple-choice question needs at least one correct option")
    hits = len(selected & correct)
    misses = len(selected - correct)
    share = max(0, hits - misses) / len(correct)
    return round(float(points) * share, 4)


def ordering_points(order: Sequence[str], correct: Sequence[str], points: float) -> float:
    """Credit by pairs: each pair of items in the right relative order earns a share,
    each pair in the wrong order takes one back, never below zero.

    Unlike counting items in the right position, one item put too early costs only
    the pairs it jumps over, not every position after it; and like the multiple-choice
    rule, a guess (or leaving the shuffled order) earns nothing on average. Items the
    trainee did not place earn nothing for their pairs.
    """
    if len(correct) < 2 or len(set(correct)) != len(correct):
        raise ValueError("an ordering question needs at least two distinct items")
    position = {item: i for i, item in enumerate(dict.fromkeys(order)) if item in correct}
    right = wrong = 0
    for first, second in combinations(correct, 2):  # `first` belongs before `second`
        if first in position and second in position:
            if position[first] < position[second]:
                right += 1
            else:
                wrong += 1
    pairs = len(correct) * (len(correct) - 1) // 2
    return round(float(points) * max(0, right - wrong) / pairs, 4)


def matching_points(matches: Mapping[str, str], correct: Mapping[str, str], points: float) -> float:
    """A share for every item matched with its right option; unmatched items earn nothing.

    Each item takes exactly one option, so a wrong match already costs its share and
    is not penalised again (the same rule as single choice).
    """
    if not correct:
        raise ValueError("a matching question needs at least one pair")
    hits = sum(1 for item, option in correct.items() if matches.get(item) == option)
    return round(float(points) * hits / len(correct), 4)


def _answers_path(answers_file: str | Path | None) -> Path:
    return Path(answers_file) if answers_file is not None else Path.cwd() / ANSWERS_FILE


def score_single(
    question_id: str, correct: str, points: float = 1.0, answers_file: str | Path | None = None
) -> float:
    selected = read_selection(_answers_path(answers_file), question_id)
    return single_choice_points(selected, correct, points)


def score_multiple(
    question_id: str,
    correct: Iterable[str],
    points: float = 1.0,
    answers_file: str | Path | None = None,
) -> float:
    selected = read_selection(_answers_path(answers_file), question_id)
    return multiple_choice_points(selected, frozenset(correct), points)


def score_ordering(
    question_id: str,
    correct: Sequence[str],
    points: float = 1.0,
    answers_file: str | Path | None = None,
) -> float:
    order = read_order(_answers_path(answers_file), question_id)
    return ordering_points(order, tuple(correct), points)


def score_matching(
    question_id: str,
    correct: Mapping[str, str],
    points: float = 1.0,
    answers_file: str | Path | None = None,
) -> float:
    matches = read_matches(_answers_path(answers_file), question_id)
    return matching_points(matches, dict(correct), points)
