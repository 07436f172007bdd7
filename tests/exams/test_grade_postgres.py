"""`frontline exams grade` against a real PostgreSQL server (a throwaway cluster in /tmp).

Uses Debian's server binaries (package `postgresql`, installed by .ci/run); skipped,
saying why, only where they are absent. As root, the cluster runs as the `postgres`
user (PostgreSQL refuses to run as root).
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa

from frontline.course import Course
from frontline.exams import pipeline
from frontline.exams.answers import ANSWERS_FILE, AnswerSheet, save_sheet
from frontline.exams.batch import GradeOptions, grade_exam
from frontline.exams.flags import read_flags
from frontline.exams.keys import read_exam_key
from frontline.exams.sandbox import bwrap_path
from frontline.gradebook import item_grades
from tests.conftest import EXAM, make_course
from tests.exams.test_pipeline_e2e import HALF_RIGHT


def _pg_bin() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    return Path(found[-1]).parent if found else None


PG_BIN = _pg_bin()
pytestmark = [
    pytest.mark.skipif(
        PG_BIN is None,
        reason="PostgreSQL server binaries not found in /usr/lib/postgresql/*/bin "
        "(Debian package `postgresql`)",
    ),
    pytest.mark.skipif(bwrap_path() is None, reason="bubblewrap (bwrap) not installed"),
]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def postgres_url() -> Iterator[str]:
    assert PG_BIN is not None
    # Not pytest's tmp_path: its folders are private to the test user, and the
    # server may have to run as another one.
    home = Path(tempfile.mkdtemp(prefix="frontline-pg-"))
    run_as: list[str] = []
    if os.geteuid() == 0:
        shutil.chown(home, "postgres")
        run_as = ["runuser", "-u", "postgres", "--"]
    data, port = home / "data", _free_port()

    def pg(*args: str) -> None:
        subprocess.run([*run_as, *args], check=True, capture_output=True, cwd=home)

    pg(
        str(PG_BIN / "initdb"),
        "-D",
        str(data),
        "-A",
        "trust",
        "-U",
        "frontline",
        "-E",
        "UTF8",
        "--no-sync",
    )
    pg(
        str(PG_BIN / "pg_ctl"),
        "-D",
        str(data),
        "-l",
        str(home / "server.log"),
        "-w",
        "-o",
        f"-k {home} -p {port} -c listen_addresses='' -c fsync=off",
        "start",
    )
    try:
        admin = sa.create_engine(
            f"postgresql+psycopg://frontline@/postgres?host={home}&port={port}",
            isolation_level="AUTOCOMMIT",
        )
        with admin.connect() as connection:
            connection.execute(sa.text("CREATE DATABASE gradebook"))
        admin.dispose()
        yield f"postgresql+psycopg://frontline@/gradebook?host={home}&port={port}"
    finally:
        pg(str(PG_BIN / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop")
        shutil.rmtree(home, ignore_errors=True)


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
    key = read_exam_key(course.source / EXAM / f"{EXAM}.ipynb")
    pipeline.build(course, EXAM)
    pipeline.release(course, EXAM)
    sittings = {
        "perfect": {q: tuple(sorted(i.correct)) for q, i in key.items.items()},
        "half": {q: a for q, (a, _) in HALF_RIGHT.items()},
        "broken": {},
    }
    for trainee, answers in sittings.items():
        home = base / "homes" / trainee
        folder = pipeline.fetch(course, EXAM, trainee, home)
        save_sheet(folder / ANSWERS_FILE, AnswerSheet(EXAM, trainee, answers=answers))
        if trainee == "broken":
            (folder / f"{EXAM}.ipynb").write_text("{", encoding="utf-8")
        pipeline.submit(course, EXAM, trainee, home)
    pipeline.collect(course, EXAM)
    return course


def test_grades_land_in_postgresql_and_regrading_adds_no_rows(pg_course: Course) -> None:
    report = grade_exam(pg_course, EXAM, GradeOptions(workers=2))
    scores = {r.trainee_id: r.score for r in report.results}
    assert scores == {"broken": None, "half": 15.5, "perfect": 35.0}
    items = item_grades(pg_course, [EXAM])
    assert sorted(set(items["trainee_id"])) == ["half", "perfect"]
    assert len(items) == 32
    flags = read_flags(pg_course.db_url, pg_course.course_id, EXAM)
    assert [(f.trainee_id, f.kind) for f in flags] == [("broken", "not_graded")]

    again = grade_exam(pg_course, EXAM, GradeOptions(workers=1))
    assert {r.trainee_id: r.score for r in again.results} == scores
    assert len(item_grades(pg_course, [EXAM])) == 32
    assert len(read_flags(pg_course.db_url, pg_course.course_id, EXAM)) == 1
