"""Facade: the nbgrader hooks named in exams/nbgrader_config.py. The code lives in
`frontline.exams.authoring.release_copies`."""

from __future__ import annotations

from frontline.exams.authoring.release_copies import (
    nbgrader_post_feedback,
    nbgrader_post_generate,
)

__all__ = ["nbgrader_post_feedback", "nbgrader_post_generate"]
