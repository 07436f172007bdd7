"""Copy one worker's grading into the real gradebook, through nbgrader's Gradebook API.

The rules are nbgrader's SaveAutoGrades rules (auto score; needs a manual grade if a
trainer already marked it or nothing was computed; "No response." comments), plus
Frontline's: scores clamped to [0, max], and the grading flags of the submission.
"""

from __future__ import annotations

import contextlib
from typing import Any

from frontline.core.course import Course
from frontline.exams.grading.flags import NOT_GRADED, Flag, replace_flags
from frontline.exams.grading.protocol import Graded, JobResult, NotGraded
from frontline.exams.grading.results import SubmissionResult


def merge(gradebook: Any, course: Course, exam: str, result: JobResult) -> SubmissionResult:
    """Record one worker's result in the gradebook (one transaction); what it came to."""
    if isinstance(result, Graded):
        return merge_success(gradebook, course, exam, result)
    return merge_failure(gradebook, course, exam, result)


def has_grades(gradebook: Any, exam: str, trainee_id: str) -> bool:
    """Whether an earlier grading left scores or trainer marks for this submission."""
    from nbgrader.api import MissingEntry

    try:
        submission = gradebook.find_submission(exam, trainee_id)
    except MissingEntry:
        return False
    return any(
        grade.auto_score is not None or grade.manual_score is not None
        for notebook in submission.notebooks
        for grade in notebook.grades
    )


def _clamp(score: float | None, maximum: float) -> tuple[float | None, bool]:
    if score is None:
        return None, False
    clamped = min(max(float(score), 0.0), float(maximum))
    return clamped, clamped != float(score)


def _flags(result: JobResult) -> list[Flag]:
    return [Flag(result.trainee, f.kind, f.cell, f.detail) for f in result.findings]


def _write_flags(
    gradebook: Any, course: Course, exam: str, trainee: str, flags: list[Flag]
) -> None:
    replace_flags(gradebook.db, course.course_id, exam, trainee, flags)


def merge_success(gradebook: Any, course: Course, exam: str, result: Graded) -> SubmissionResult:
    from nbgrader.api import MissingEntry

    trainee = result.trainee
    flags = _flags(result)
    try:
        try:
            gradebook.find_student(trainee)
        except MissingEntry:
            gradebook.add_student(trainee)
        gradebook.update_or_create_submission(exam, trainee, timestamp=result.submitted_at)
        for graded in result.notebooks:
            for cell in graded.grades:
                grade = gradebook.find_grade(cell.cell, graded.name, exam, trainee)
                score, clamped = _clamp(cell.auto_score, cell.max_score)
                if clamped:
                    flags.append(
                        Flag(trainee, "score_clamped", cell.cell, f"{cell.auto_score} -> {score}")
                    )
                grade.auto_score = score
                grade.needs_manual_grade = grade.manual_score is not None or score is None
            for comment in graded.comments:
                found = gradebook.find_comment(comment.cell, graded.name, exam, trainee)
                found.auto_comment = comment.text
            notebook = gradebook.find_submission_notebook(graded.name, exam, trainee)
            notebook.late_submission_penalty = graded.late_penalty
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
    gradebook: Any, course: Course, exam: str, result: NotGraded
) -> SubmissionResult:
    """Not graded: never a zero. An earlier grading (and trainer marks) stays as it was."""
    from nbgrader.api import MissingEntry

    trainee, reason = result.trainee, result.reason
    earlier = has_grades(gradebook, exam, trainee)
    if not earlier:
        with contextlib.suppress(MissingEntry):
            gradebook.remove_submission(exam, trainee)
    flags = _flags(result)
    _write_flags(gradebook, course, exam, trainee, [Flag(trainee, NOT_GRADED, "", reason), *flags])
    gradebook.db.commit()
    return SubmissionResult(
        trainee, graded=False, reason=reason, kept_earlier=earlier, flags=tuple(flags)
    )
