"""Exam sittings and retakes per trainee, with the day each was sat.

The tier evaluation counts sittings per cycle; a training record and an
onboarding programme need the day (a new hire is cleared on the day the last
requirement was met), so this reads each submission's own time from the
gradebook (`gradebook.read_tables`) and numbers the sittings of each exam,
retakes folded into the exam they stand in for by the same rule as the tiers
(`rules.records.original_exam`).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from zoneinfo import ZoneInfo

from frontline.core.course import Course
from frontline.hr.policy.model import Policy
from frontline.hr.rules.records import component_of_exam, original_exam


@dataclass(frozen=True)
class RawSitting:
    trainee_id: str
    exam: str
    day: date | None  # None: no submission time in the gradebook
    score: float
    max_score: float
    pending: int = 0  # written answers still awaiting a trainer's mark


@dataclass(frozen=True)
class ExamSitting:
    trainee_id: str
    exam: str  # the assignment sat
    original: str  # the exam it counts for (itself unless a retake)
    component: str | None
    sitting: int  # 1 = first sitting, 2 = first retake, ...
    day: date | None
    score: float
    max_score: float
    pending: int
    passed: bool  # percent at or above the policy's pass mark, nothing pending

    @property
    def retake(self) -> bool:
        return self.sitting > 1

    @property
    def percent(self) -> float:
        return round(100 * self.score / self.max_score, 1) if self.max_score else 0.0


def number_sittings(raw: Iterable[RawSitting], policy: Policy) -> list[ExamSitting]:
    """Sittings in order of day (undated last), numbered per trainee and original exam."""
    groups: dict[tuple[str, str], list[tuple[RawSitting, bool]]] = defaultdict(list)
    for item in raw:
        original, is_retake = original_exam(item.exam, None, policy)
        groups[(item.trainee_id, original)].append((item, is_retake))
    found: list[ExamSitting] = []
    for (tid, original), items in sorted(groups.items()):
        # The first sitting is the original exam even when a retake carries an earlier date.
        items.sort(key=lambda p: (p[1], p[0].day or date.max, p[0].exam))
        for number, (item, _retake) in enumerate(items, start=1):
            percent = 100 * item.score / item.max_score if item.max_score else 0.0
            found.append(
                ExamSitting(
                    tid,
                    item.exam,
                    original,
                    component_of_exam(original, policy),
                    number,
                    item.day,
                    item.score,
                    item.max_score,
                    item.pending,
                    passed=item.pending == 0 and percent >= policy.cutoffs.pass_mark,
                )
            )
    return found


def gradebook_sittings(course: Course, policy: Policy) -> list[ExamSitting]:
    """Every graded submission in the course's gradebook as a numbered sitting."""
    from frontline.hr.inputs.gradebook import read_tables

    tables = read_tables(course.db_url, course.course_id)
    cells = tables["cells"]
    grade = tables["grade"].merge(cells, left_on="cell_id", right_on="id", how="inner")
    grade = grade.merge(
        tables["submitted_notebook"], left_on="notebook_id", right_on="sn_id", how="inner"
    )
    grade = grade.merge(tables["submitted_assignment"], on="sa_id", how="inner")
    grade = grade.merge(tables["assignment"], on="assignment_id", how="inner")
    if grade.empty:
        return []
    raw_score = grade["manual_score"].where(grade["manual_score"].notna(), grade["auto_score"])
    grade["score"] = (raw_score.fillna(0.0) + grade["extra_credit"].fillna(0.0)).clip(
        lower=0.0, upper=grade["max_score"]
    )
    grade["pending"] = grade["needs_manual_grade"].astype(bool) & grade["manual_score"].isna()
    totals = grade.groupby(["trainee_id", "exam", "sa_id"], sort=True).agg(
        score=("score", "sum"),
        max_score=("max_score", "sum"),
        pending=("pending", "sum"),
        timestamp=("timestamp", "first"),
    )
    zone = ZoneInfo(policy.cycles.timezone)
    raw: list[RawSitting] = []
    for (tid, exam, _sa), row in totals.iterrows():
        stamp = row["timestamp"]
        day = None
        if stamp is not None and str(stamp) != "NaT":
            moment = stamp.to_pydatetime()
            # nbgrader stores naive UTC times
            moment = moment.replace(tzinfo=ZoneInfo("UTC")) if moment.tzinfo is None else moment
            day = moment.astimezone(zone).date()
        raw.append(
            RawSitting(
                str(tid),
                str(exam),
                day,
                float(row["score"]),
                float(row["max_score"]),
                int(row["pending"]),
            )
        )
    return number_sittings(raw, policy)
