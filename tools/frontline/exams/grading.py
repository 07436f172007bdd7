"""Scoring used by the hidden tests of exam notebooks.

The hidden test of a question is one call, e.g. ``score_single("q03", "b", points=2)``,
whose value nbgrader reads as partial credit. The score is recomputed from the
answers file on the grading side; nothing the trainee's kernel computed is trusted.
These functions never print: any stderr output would zero the cell.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from .answers import ANSWERS_FILE, read_selection


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
