"""Facade: the preprocessors named in exams/nbgrader_config.py
(`frontline.exams.nbgrader_plugins.DropAddedCodeCells`, `...RepairForRestore`). The code
lives in `frontline.exams.grading.nbgrader_plugins`."""

from __future__ import annotations

from frontline.exams.grading.nbgrader_plugins import DropAddedCodeCells, RepairForRestore

__all__ = ["DropAddedCodeCells", "RepairForRestore"]
