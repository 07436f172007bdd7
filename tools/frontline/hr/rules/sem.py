"""The standard error of measurement (SEM) behind a second look near a cut-off.

A policy may set the second-look margin in SEM units (`decisions.second_look.margin_sem`)
as well as in points; the wider of the two applies, so an unreliable exam widens the
band in which a total could fall on either side of a cut-off on another day.

Where the SEM comes from:

- **Per exam**: the cohort's first attempts only (the exam's own assignment; retakes,
  named EXAM-retake-N or listed under `retakes.retake_of`, are left out), from the item
  scores of the inputs (nbgrader's grade cells), all cycles of the inputs together (one
  paper, one instrument). `frontline.exams.stats.reliability` gives Cronbach's alpha and
  SEM = SD of totals x sqrt(1 - alpha), in exam points: the figure `frontline exams
  stats` prints. An exam with fewer than two complete first attempts, one item or no
  spread of totals has no SEM.
- **Per trainee, on the overall (0-100)**: each exam counted in a component moves the
  overall by W x 100 / M per exam point (W the component's weight as applied to this
  trainee, M the maximum points of the component's counted exams). Measurement errors
  of different exams are independent, so the overall's SEM is the root of the summed
  squares of W x 100 x SEM / M. Exams without a SEM, appraisal ratings and external
  scores add nothing, and the reason names the exams whose SEM was used.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from frontline.hr.policy.model import Policy
from frontline.hr.rules.outcomes import ExamResult, ItemScore
from frontline.hr.rules.records import original_exam


@dataclass(frozen=True)
class OverallSem:
    """The SEM of one trainee's overall, on the 0-100 scale, and what it was made of."""

    points: float
    exams: tuple[tuple[str, float], ...]  # (exam, its SEM in exam points), sorted


def exam_sems(items: Sequence[ItemScore], policy: Policy) -> dict[str, float]:
    """exam id -> SEM in exam points, from the cohort's first attempts (see above)."""
    if not items:
        return {}
    import pandas as pd

    from frontline.exams.stats.reliability import reliability

    first = [i for i in items if not original_exam(i.exam, None, policy)[1]]
    if not first:
        return {}
    frame = pd.DataFrame(
        [(i.trainee_id, i.exam, i.item, i.score, i.max_score) for i in first],
        columns=["trainee_id", "exam", "item", "score", "max_score"],
    )
    found: dict[str, float] = {}
    for exam, rows in frame.groupby("exam", sort=True):
        result = reliability(rows.drop(columns="exam"), str(exam))
        if result.sem is not None:
            found[str(exam)] = result.sem
    return found


def overall_sem(
    weights: Mapping[str, float],
    exams_by_component: Mapping[str, Sequence[ExamResult]],
    sems: Mapping[str, float],
) -> OverallSem | None:
    """The SEM of an overall made of these components (None: no exam in it has one)."""
    squares = 0.0
    used: list[tuple[str, float]] = []
    for component, weight in weights.items():
        exams = exams_by_component.get(component, ())
        maximum = sum(e.max_score for e in exams)
        if maximum <= 0:
            continue
        for exam in exams:
            if exam.exam in sems:
                squares += (weight * 100 * sems[exam.exam] / maximum) ** 2
                used.append((exam.exam, sems[exam.exam]))
    if not used:
        return None
    return OverallSem(round(math.sqrt(squares), 2), tuple(sorted(used)))
