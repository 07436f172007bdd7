"""Shared fixtures: a temporary copy of the course, built and released once per session."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from frontline.core.course import REPO_ROOT, Course
from frontline.exams.grading import pipeline

EXAM = "etiquette-theory"


def make_course(base: Path, exams: tuple[str, ...] = (EXAM,)) -> Course:
    """A course folder laid out like the repository's, with the real nbgrader_config.py.

    The config places the gradebook at ../gradebook/gradebook.db and the exchange in
    the course folder, so everything stays inside `base`.
    """
    course_dir = base / "exams"
    (course_dir / "source").mkdir(parents=True)
    (base / "gradebook").mkdir()
    shutil.copy(REPO_ROOT / "exams" / "nbgrader_config.py", course_dir / "nbgrader_config.py")
    (course_dir / "trainer").mkdir()
    for exam in exams:
        shutil.copytree(REPO_ROOT / "exams" / "source" / exam, course_dir / "source" / exam)
        trainer_file = REPO_ROOT / "exams" / "trainer" / f"{exam}.yml"
        if trainer_file.is_file():  # the key, outside the released folder as in the repository
            shutil.copy(trainer_file, course_dir / "trainer" / trainer_file.name)
    return Course.from_directory(course_dir)


@pytest.fixture(autouse=True)
def _no_db_override(monkeypatch: pytest.MonkeyPatch) -> None:
    # A developer's FRONTLINE_DB_URL must never point tests at a real gradebook.
    monkeypatch.delenv("FRONTLINE_DB_URL", raising=False)


@dataclass(frozen=True)
class ReleasedCourse:
    course: Course
    base: Path


@pytest.fixture(scope="session")
def released_course(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ReleasedCourse]:
    """Built and released once: tests that only read the release share it."""
    base = tmp_path_factory.mktemp("course")
    course = make_course(base)
    pipeline.build(course, EXAM)
    pipeline.release(course, EXAM)
    yield ReleasedCourse(course, base)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    # A test that builds on the released course runs nbgrader, whatever its module says:
    # it must never land in the fast lane by accident.
    for item in items:
        if "released_course" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.nbgrader)
