"""Copy one worker's grading into the real gradebook, through nbgrader's Gradebook API.

The rules are nbgrader's SaveAutoGrades rules (auto score; needs a manual grade if a
trainer already marked it or nothing was computed; "No response." comments), plus
Frontline's: scores clamped to [0, max], and the grading flags of the submission.
"""

from __future__ import annotations

import contextlib
from datetime import datetime
from typing import Any

from frontline.core.course import Course
from frontline.exams.grading.batch import SubmissionResult
from frontline.exams.grading.flags import NOT_GRADED, Flag, replace_flags
from frontline.exams.grading.pipeline import has_grades


def _clamp(score: float | None, maximum: float) -> tuple[float | None, bool]:
    if score is None:
        return None, False
    clamped = min(max(float(score), 0.0), float(maximum))
    return clamped, clamped != float(score)


def _flags(raw: dict[str, Any]) -> list[Flag]:
    trainee = str(raw["trainee"])
    return [Flag(trainee, f["kind"], f["cell"], f["detail"]) for f in raw.get("findings", [])]


def _write_flags(
    gradebook: Any, course: Course, exam: str, trainee: str, flags: list[Flag]
) -> None:
    replace_flags(gradebook.db, course.course_id, exam, trainee, flags)


def merge_success(
    gradebook: Any, course: Course, exam: str, raw: dict[str, Any]
) -> SubmissionResult:
    from nbgrader.api import MissingEntry

    trainee = str(raw["trainee"])
    flags = _flags(raw)
    # As the worker read them from its private gradebook (grade_worker.Grader.grades).
    timestamp = datetime.fromisoformat(raw["timestamp"]) if raw.get("timestamp") else None
    notebooks = [
        (nb["name"], nb["penalty"], nb["grades"], nb["comments"]) for nb in raw["notebooks"]
    ]
    try:
        try:
            gradebook.find_student(trainee)
        except MissingEntry:
            gradebook.add_student(trainee)
        submission = gradebook.update_or_create_submission(exam, trainee, timestamp=timestamp)
        for name, penalty, grades, comments in notebooks:
            for cell, auto, maximum in grades:
                grade = gradebook.find_grade(cell, name, exam, trainee)
                score, clamped = _clamp(auto, maximum)
                if clamped:
                    flags.append(Flag(trainee, "score_clamped", cell, f"{auto} -> {score}"))
                grade.auto_score = score
                grade.needs_manual_grade = grade.manual_score is not None or score is None
            for cell, text in comments:
                gradebook.find_comment(cell, name, exam, trainee).auto_comment = text
            notebook = gradebook.find_submission_notebook(name, exam, trainee)
            notebook.late_submission_penalty = penalty
            if flags:
                notebook.flagged = True  # formgrader shows it; only a trainer clears it
        _write_flags(gradebook, course, exam, trainee, flags)
        gradebook.db.commit()
    except Exception:
        gradebook.db.rollback()
        raise
    submission = gradebook.find_submission(exam, trainee)
    return SubmissionResult(
        trainee,
        graded=True,
        flags=tuple(flags),
        score=float(submission.score),
        max_score=float(submission.max_score),
    )


def merge_failure(
    gradebook: Any, course: Course, exam: str, raw: dict[str, Any]
) -> SubmissionResult:
    """Not graded: never a zero. An earlier grading (and trainer marks) stays as it was."""
    from nbgrader.api import MissingEntry

    trainee = str(raw["trainee"])
    reason = str(raw.get("reason") or "unknown error")
    earlier = has_grades(gradebook, exam, trainee)
    if not earlier:
        with contextlib.suppress(MissingEntry):
            gradebook.remove_submission(exam, trainee)
    flags = _flags(raw)
    _write_flags(gradebook, course, exam, trainee, [Flag(trainee, NOT_GRADED, "", reason), *flags])
    gradebook.db.commit()
    return SubmissionResult(
        trainee, graded=False, reason=reason, kept_earlier=earlier, flags=tuple(flags)
    )
