"""Exams: answer widgets for trainees, scoring for hidden tests, nbgrader wiring for trainers.

Hidden test cells import `frontline.exams.grading` only, which stays light; the
widgets (and ipywidgets) load when an exam notebook calls `start_exam`, and not at
all while nbgrader autogrades it (see answer_record).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from frontline.exams.trainee.answer_record import AnswerRecord
    from frontline.exams.trainee.widgets import ExamSession

__all__ = ["ExamSession", "start_exam"]


def start_exam(
    folder: str | Path | None = None, *, lang: str | None = None, trainee: str | None = None
) -> ExamSession | AnswerRecord:
    """Open the exam in `folder` (the notebook's folder by default): the call every exam
    notebook makes first. Trainees get the answer widgets; the autograder gets a
    read-only record of the saved answers."""
    from frontline.exams.trainee.answer_record import autograding, open_record

    if autograding():  # whose answers they are is the submission's, not the file's word
        return open_record(folder, lang=lang)
    from frontline.exams.trainee.widgets import start_exam as open_widgets

    return open_widgets(folder, lang=lang, trainee=trainee)


def __getattr__(name: str) -> Any:
    if name == "ExamSession":
        from frontline.exams.trainee import widgets

        return widgets.ExamSession
    raise AttributeError(name)
