"""Facade: `from frontline.exams.practical_session import start_practical` in the practical
exam notebook. The code lives in `frontline.exams.trainee.practical_session`."""

from __future__ import annotations

from frontline.exams.trainee.practical_session import start_practical

__all__ = ["start_practical"]
