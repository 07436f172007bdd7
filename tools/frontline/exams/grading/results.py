"""What `frontline exams grade` reports, per submission and for the batch.

Apart from batch.py (which grades) and merge.py (which makes a `SubmissionResult`
from a worker's result): both need these types, and neither imports the other.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from frontline.exams.grading.flags import Flag


@dataclass(frozen=True)
class SubmissionResult:
    trainee_id: str
    graded: bool
    reason: str = ""
    #: a failed regrade left the grades (and trainer marks) of an earlier grading in place
    kept_earlier: bool = False
    flags: tuple[Flag, ...] = ()
    score: float | None = None
    max_score: float | None = None

    @property
    def flagged(self) -> bool:
        return self.graded and bool(self.flags)


@dataclass(frozen=True)
class GradeReport:
    exam: str
    results: tuple[SubmissionResult, ...]
    seconds: float
    workers: int
    #: kernels ran in a sandbox (False only with --no-sandbox)
    sandbox: bool
    counts: dict[str, int] = field(default_factory=dict)
