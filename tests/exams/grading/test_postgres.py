"""`frontline exams grade` against a real PostgreSQL server (a throwaway cluster in /tmp).

The server comes from tests/postgres.py (Debian's binaries, or the `pgserver` wheel's);
skipped, saying why, only where neither exists.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

from frontline.core.course import Course
from frontline.exams.authoring.notebook import load_exam_data
from frontline.exams.grading import pipeline
from frontline.exams.grading.batch import GradeOptions, grade_exam
from frontline.exams.grading.flags import read_flags
from frontline.exams.grading.sandbox import bwrap_path
from frontline.exams.model.answers import ANSWERS_FILE, save_sheet
from frontline.hr.inputs.gradebook import item_grades
from tests.conftest import EXAM, make_course
from tests.exams.sittings import exam_bank, half_right, perfect_answers, sitting_sheet
from tests.postgres import create_database, requires_postgres, throwaway_server

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.nbgrader,
    requires_postgres,
    pytest.mark.skipif(bwrap_path() is None, reason="bubblewrap (bwrap) not installed"),
]


@pytest.fixture(scope="module")
def postgres_url() -> Iterator[str]:
    with throwaway_server() as server:
        yield create_database(server, "gradebook")


@pytest.fixture(scope="module")
def pg_course(postgres_url: str, tmp_path_factory: pytest.TempPathFactory) -> Course:
    base = tmp_path_factory.mktemp("pg")
    # The course reads FRONTLINE_DB_URL from exams/nbgrader_config.py, as a trainer sets it.
    os.environ["FRONTLINE_DB_URL"] = postgres_url
    try:
        course = make_course(base)
    finally:
        del os.environ["FRONTLINE_DB_URL"]
    assert course.db_url == postgres_url
    _, key = load_exam_data(course.root, EXAM)
    bank = exam_bank(course.source, EXAM)
    pipeline.build(course, EXAM)
    pipeline.release(course, EXAM)
    sittings = {
        "perfect": perfect_answers(key, bank, "perfect"),
        "half": {q: a for q, (a, _) in half_right(key, bank, "half").items()},
        "broken": {},
    }
    for trainee, answers in sittings.items():
        home = base / "homes" / trainee
        folder = pipeline.fetch(course, EXAM, trainee, home)
        save_sheet(folder / ANSWERS_FILE, sitting_sheet(bank, trainee, answers))
        if trainee == "broken":
            (folder / f"{EXAM}.ipynb").write_text("{", encoding="utf-8")
        pipeline.submit(course, EXAM, trainee, home)
    pipeline.collect(course, EXAM)
    return course


def test_grades_land_in_postgresql_and_regrading_adds_no_rows(pg_course: Course) -> None:
    report = grade_exam(pg_course, EXAM, GradeOptions(workers=2))
    scores = {r.trainee_id: r.score for r in report.results}
    _, key = load_exam_data(pg_course.root, EXAM)
    half = half_right(key, exam_bank(pg_course.source, EXAM), "half")
    assert scores == {
        "broken": None,
        "half": pytest.approx(sum(earned for _, earned in half.values())),
        "perfect": 35.0,
    }
    items = item_grades(pg_course, [EXAM])
    assert sorted(set(items["trainee_id"])) == ["half", "perfect"]
    assert len(items) == 32
    flags = read_flags(pg_course.db_url, pg_course.course_id, EXAM)
    assert [(f.trainee_id, f.kind) for f in flags] == [("broken", "not_graded")]

    again = grade_exam(pg_course, EXAM, GradeOptions(workers=1))
    assert {r.trainee_id: r.score for r in again.results} == scores
    assert len(item_grades(pg_course, [EXAM])) == 32
    assert len(read_flags(pg_course.db_url, pg_course.course_id, EXAM)) == 1
