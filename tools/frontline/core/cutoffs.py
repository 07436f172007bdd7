"""The standard tier cut-offs, of 100: 90 excellent, 80 good, 60 pass.

The HR policy starts from these (`hr.policy.model.Cutoffs`; `gradebook/policy.yml`
may set others), and the role-play widget names a practice score's tier by them
unless it is given other cut-offs. They live here, outside hr/, so code on the
trainee's side never reads the HR policy file (data flows one way: HR reads what
trainees did, not the other way round).
"""

from __future__ import annotations

from typing import NamedTuple


class CutoffScores(NamedTuple):
    """Minimum score for each tier, best first; below `pass_mark` is a fail."""

    excellent: float
    good: float
    pass_mark: float


STANDARD_CUTOFFS = CutoffScores(excellent=90.0, good=80.0, pass_mark=60.0)
