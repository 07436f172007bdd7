"""Validators `frontline check` runs on the practice files (registered in roleplay.check).

Each returns the problems instead of stopping at the first file, so one run of
`frontline check` lists every broken quiz, table or module file with its line.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from frontline.core.errors import InputFileError
from frontline.practice.modulefile import MODULE_FILE, load_module_info
from frontline.practice.quizfile import QUIZ_FILE, load_quiz
from frontline.practice.timelimits import load_time_limits

TIME_LIMITS_FILE = "time-limits.yml"


def _each(load: Callable[[Path], Any], paths: list[Path]) -> list[InputFileError]:
    problems: list[InputFileError] = []
    for path in paths:
        try:
            load(path)
        except InputFileError as exc:
            problems.append(exc)
    return problems


def is_quiz(path: Path) -> bool:
    return path.name == QUIZ_FILE


def is_time_limits(path: Path) -> bool:
    return path.name == TIME_LIMITS_FILE


def is_module(path: Path) -> bool:
    return path.name == MODULE_FILE


def validate_quizzes(paths: list[Path]) -> list[InputFileError]:
    return _each(load_quiz, paths)


def validate_time_limits(paths: list[Path]) -> list[InputFileError]:
    return _each(load_time_limits, paths)


def validate_modules(paths: list[Path]) -> list[InputFileError]:
    return _each(load_module_info, paths)
