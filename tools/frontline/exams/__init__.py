"""Exams: answer widgets for trainees, scoring for hidden tests, nbgrader wiring for trainers.

Hidden test cells import `frontline.exams.grading` only, which stays light; the
widgets (and ipywidgets) load when an exam notebook calls `start_exam`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .widgets import ExamSession, start_exam

__all__ = ["ExamSession", "start_exam"]


def __getattr__(name: str) -> Any:
    if name in __all__:
        from . import widgets

        return getattr(widgets, name)
    raise AttributeError(name)
