"""Thin, typed wrappers over nbgrader's own API and exchange, one per exam step.

Trainer steps: build (generate), release, collect; grading is `batch.grade_exam`,
the one path the CLI, the demo and the tests take. Trainee steps: fetch and submit,
which the demo and the tests use to act as trainees through the real exchange.
Every step raises `StepFailed` with nbgrader's own words on failure.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from frontline.core.course import Course, prepare_nbgrader
from frontline.core.errors import FrontlineError
from frontline.exams.model.answers import ANSWERS_FILE


class StepFailed(FrontlineError):
    pass


def nbgrader_api(course: Course) -> Any:
    from nbgrader.apps import NbGraderAPI
    from nbgrader.coursedir import CourseDirectory

    prepare_nbgrader()
    config = course.nbgrader_config()
    coursedir = CourseDirectory(config=config)
    return NbGraderAPI(coursedir=coursedir, config=config)


_EXCEPTION_LINE = re.compile(r"^([\w.]*(?:Error|Exception|Timeout|Exit)\w*):\s*(.*)$")
# nbgrader's own wrap-up lines, which say that something failed but not what.
_GENERIC = ("NbGraderException", "Please see", "Removing failed assignment", "see the error")


def failure_reason(result: dict[str, Any]) -> str:
    """The most telling line of a failed nbgrader step: the underlying exception if any."""
    text = f"{result.get('log') or ''}\n{result.get('error') or ''}"
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    for line in reversed(lines):
        match = _EXCEPTION_LINE.match(line)
        if match and not any(generic in line for generic in _GENERIC):
            name = match.group(1).rsplit(".", 1)[-1]
            return f"{name}: {match.group(2)}"[:300]
    for line in reversed(lines):
        if "[ERROR]" in line and not any(generic in line for generic in _GENERIC):
            return line.replace("[ERROR]", "").strip()[:300]
    return str(lines[-1][:300]) if lines else "unknown error"


def _check(result: dict[str, Any], step: str) -> None:
    if not result.get("success"):
        raise StepFailed(f"{step} failed: {failure_reason(result)}")


def build(course: Course, exam: str) -> None:
    """nbgrader generate_assignment: strip solutions and hidden tests into release/."""
    source = course.source / exam
    if not source.is_dir():
        raise StepFailed(f"no exam source folder {source}")
    stray = sorted(source.rglob(f"{ANSWERS_FILE}*"))  # and the backups of damaged ones
    if stray:
        # Someone tried the exam inside the source folder; releasing would hand
        # those answers to every trainee.
        raise StepFailed(f"{stray[0]} would be released to trainees; delete it and build again")
    from frontline.exams.authoring.lexicon_copy import write_copy

    write_copy(source)  # an exam's phrase lists come from the course's, never edited by hand
    _check(nbgrader_api(course).generate_assignment(exam, force=True), f"building {exam}")
    _release_player_copies(course, exam)


def _release_player_copies(course: Course, exam: str) -> None:
    """Role-play scenarios go out as the player's copy only (see release_copies.py)."""
    from frontline.exams.authoring.release_copies import release_problems, write_player_copies

    released = course.release / exam
    write_player_copies(course.source / exam, released)
    problems = release_problems(released)
    if problems:
        raise StepFailed(f"building {exam}: {problems[0]}")
    if (course.source / exam / f"{exam}.ipynb").is_file():
        from frontline.exams.grading.practical import (
            SCORE_CALL,
            read_practical_key,
            released_sha256,
        )

        notebook = course.source / exam / f"{exam}.ipynb"
        if SCORE_CALL not in notebook.read_text(encoding="utf-8"):
            return
        for item in read_practical_key(notebook).items:
            copy = released / "scenarios" / f"{item.scenario_id}.yml"
            source = course.source / exam / "scenarios" / f"{item.scenario_id}.yml"
            if not copy.is_file() or released_sha256(source) != item.player_sha256:
                # Every play on this copy would score 0 at grading.
                raise StepFailed(
                    f"building {exam}: the hidden test of {item.grade_id} does not accept "
                    f"the player's copy of {source}; refresh the digests (README, practical "
                    "exam) and build again"
                )


def release(course: Course, exam: str) -> None:
    from frontline.exams.authoring.release_copies import release_problems

    problems = release_problems(course.release / exam)
    if problems:
        # e.g. built with plain nbgrader and a failed post-generate hook
        raise StepFailed(f"releasing {exam}: {problems[0]}; build it again with frontline")
    _check(nbgrader_api(course).release_assignment(exam), f"releasing {exam}")


def _student_app(course: Course, kind: str, trainee_id: str, exam: str, folder: Path) -> Any:
    from nbgrader.auth import Authenticator
    from nbgrader.coursedir import CourseDirectory
    from nbgrader.exchange.default import ExchangeFetchAssignment, ExchangeSubmit

    prepare_nbgrader()
    config = course.nbgrader_config()
    config.Exchange.assignment_dir = str(folder)
    config.CourseDirectory.student_id = trainee_id
    config.CourseDirectory.assignment_id = exam
    coursedir = CourseDirectory(config=config)
    authenticator = Authenticator(config=config)
    cls = ExchangeFetchAssignment if kind == "fetch" else ExchangeSubmit
    return cls(coursedir=coursedir, authenticator=authenticator, config=config)


def fetch(course: Course, exam: str, trainee_id: str, workspace: Path) -> Path:
    """Act as the trainee: copy the released exam into their workspace."""
    from nbgrader.exchange import ExchangeError

    workspace.mkdir(parents=True, exist_ok=True)
    try:
        _student_app(course, "fetch", trainee_id, exam, workspace).start()
    except ExchangeError as exc:
        raise StepFailed(f"{trainee_id} could not fetch {exam}: {exc}") from None
    return workspace / exam


def submit(course: Course, exam: str, trainee_id: str, workspace: Path) -> None:
    """Act as the trainee: hand the exam folder in through the exchange."""
    from nbgrader.exchange import ExchangeError

    try:
        _student_app(course, "submit", trainee_id, exam, workspace).start()
    except ExchangeError as exc:
        raise StepFailed(f"{trainee_id} could not submit {exam}: {exc}") from None


def collect(course: Course, exam: str) -> None:
    _check(nbgrader_api(course).collect(exam, update=True), f"collecting {exam}")


def submitted_trainees(course: Course, exam: str) -> list[str]:
    if not course.submitted.is_dir():
        return []
    return sorted(p.parent.name for p in course.submitted.glob(f"*/{exam}") if p.is_dir())
