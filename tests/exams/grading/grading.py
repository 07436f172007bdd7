"""Grading in tests: through `batch.grade_exam`, the one path `frontline exams grade` takes.

Sandboxed by bubblewrap where it works here; elsewhere without, as `--no-sandbox`
would (the sandbox's own tests skip there instead).
"""

from __future__ import annotations

from collections.abc import Iterable

from frontline.core.course import Course
from frontline.exams.grading.batch import GradeOptions, SubmissionResult, grade_exam
from frontline.exams.grading.sandbox import Bubblewrap


def grade(course: Course, exam: str, trainees: Iterable[str] = ()) -> dict[str, SubmissionResult]:
    """Grade the collected submissions of `exam` (or only `trainees`'); results by trainee."""
    sandbox = Bubblewrap().why_unavailable() is None
    options = GradeOptions(sandbox=sandbox, trainees=tuple(trainees))
    return {r.trainee_id: r for r in grade_exam(course, exam, options).results}
