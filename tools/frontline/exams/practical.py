"""Facade: `from frontline.exams.practical import score_scenario` in the practical exam's
hidden tests. The code lives in `frontline.exams.grading.practical`."""

from __future__ import annotations

from frontline.exams.grading.practical import refresh_digests, score_scenario

__all__ = ["refresh_digests", "score_scenario"]
