"""Grading: hidden-test scoring, nbgrader's pipeline, parallel sandboxed workers, tamper flags.

The package itself is what exam notebooks' hidden tests import
(`from frontline.exams.grading import score_single`), inside the grading kernel: so
it re-exports the scoring functions only, and importing it loads nothing heavy. The
machinery (batch, workers, sandbox) lives in its own modules, imported by name.
"""

from __future__ import annotations

from frontline.exams.grading.scoring import (
    matching_points,
    multiple_choice_points,
    ordering_points,
    score_matching,
    score_multiple,
    score_ordering,
    score_pooled,
    score_single,
    single_choice_points,
)

__all__ = [
    "matching_points", "multiple_choice_points", "ordering_points", "score_matching",
    "score_multiple", "score_ordering", "score_pooled", "score_single", "single_choice_points",
]  # fmt: skip
