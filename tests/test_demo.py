"""`frontline demo` end to end on a temporary copy of the course (real nbgrader, real kernels)."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

import pytest
import sqlalchemy as sa

from frontline.course import REPO_ROOT, Course
from frontline.demo import DemoResult, plan_cohort, run_demo
from frontline.policy import load_policy
from frontline.roster import load_roster
from tests.conftest import EXAM, make_course

HOSTILE_NAME = "<script>alert(1)</script>"


@dataclass(frozen=True)
class DemoRuns:
    course: Course
    out: Path
    first: DemoResult
    second: DemoResult
    log: list[str]
    kept_mark: float
    first_csv: str


def _count(course: Course, table: str) -> int:
    engine = sa.create_engine(course.db_url)
    try:
        with engine.connect() as connection:
            return int(connection.execute(sa.text(f"SELECT COUNT(*) FROM {table}")).scalar_one())
    finally:
        engine.dispose()


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> DemoRuns:
    from nbgrader.api import Gradebook

    base = tmp_path_factory.mktemp("demo")
    course = make_course(base)
    roster = base / "roster.csv"
    text = (REPO_ROOT / "gradebook" / "roster.csv").read_text(encoding="utf-8")
    roster.write_text(text.replace("t024,David O'Brien", f"t024,{HOSTILE_NAME}"), encoding="utf-8")
    policy = load_policy(REPO_ROOT / "gradebook" / "policy.yml")
    out = base / "reports"
    log: list[str] = []
    first = run_demo(course, roster, policy, out, report=log.append)
    first_csv = (out / "summary.csv").read_text(encoding="utf-8-sig")
    # A real trainer re-marks one written answer in formgrader between the two runs.
    with Gradebook(course.db_url, course.course_id) as gradebook:
        grade = gradebook.find_grade("w01", EXAM, EXAM, "t003")
        grade.manual_score = 1.5
        gradebook.db.commit()
    second = run_demo(course, roster, policy, out, report=log.append)
    return DemoRuns(course, out, first, second, log, kept_mark=1.5, first_csv=first_csv)


def test_all_four_tiers_appear(runs: DemoRuns) -> None:
    statuses = {row.status for row in runs.first.rows}
    assert {"excellent", "good", "pass", "fail"} <= statuses


def test_damaged_submission_is_named_and_not_scored(runs: DemoRuns) -> None:
    broken = [row for row in runs.first.rows if row.status == "not graded"]
    assert len(broken) == 1
    assert broken[0].score is None and broken[0].result is None
    assert "not valid notebook JSON" in broken[0].reason_en
    assert any("NOT GRADED" in line and broken[0].trainee.trainee_id in line for line in runs.log)
    assert _count(runs.course, "submitted_assignment") == len(runs.first.rows) - 1


def test_every_graded_row_has_a_reason_with_its_numbers(runs: DemoRuns) -> None:
    for row in runs.first.rows:
        if row.result is None:
            continue
        assert row.result.overall is not None
        assert f"{row.result.overall:.2f}".rstrip("0").rstrip(".") in row.reason_en
        assert row.result.rule.startswith("cutoff:")
        assert row.reason_zh


def test_second_run_gives_the_same_result_and_no_duplicates(runs: DemoRuns) -> None:
    def table(result: DemoResult) -> list[tuple[str, str, float | None]]:
        return [(r.trainee.trainee_id, r.status, r.score) for r in result.rows]

    changed = [a for a, b in zip(table(runs.first), table(runs.second), strict=True) if a != b]
    # Only the answer the trainer re-marked may differ.
    assert [trainee for trainee, _, _ in changed] in ([], ["t003"])
    graded = len(runs.first.rows) - 1
    assert _count(runs.course, "submitted_assignment") == graded
    assert _count(runs.course, "grade") == graded * 16
    assert _count(runs.course, "student") == len(runs.first.rows)


def test_second_summary_matches_the_first_except_the_remarked_trainee(runs: DemoRuns) -> None:
    second_csv = (runs.out / "summary.csv").read_text(encoding="utf-8-sig")
    first = [row for row in csv.DictReader(io.StringIO(runs.first_csv))]
    second = [row for row in csv.DictReader(io.StringIO(second_csv))]
    assert [r for r in first if r["trainee_id"] != "t003"] == [
        r for r in second if r["trainee_id"] != "t003"
    ]
    # Nothing is left waiting for a trainer: the rerun confirmed every earlier mark.
    assert {r["pending_manual"] for r in second} <= {"0", ""}


def test_a_policy_without_theory_is_refused_before_any_grading(tmp_path: Path) -> None:
    from frontline.errors import InputFileError
    from frontline.policy import Policy

    course = make_course(tmp_path)
    with pytest.raises(InputFileError, match="add 'theory'"):
        run_demo(
            course,
            REPO_ROOT / "gradebook" / "roster.csv",
            Policy(weights={"practical": 1.0}),
            tmp_path / "out",
            report=lambda _: None,
        )
    assert not (course.release / EXAM).exists()


def test_a_trainers_mark_survives_the_rerun(runs: DemoRuns) -> None:
    from nbgrader.api import Gradebook

    with Gradebook(runs.course.db_url, runs.course.course_id) as gradebook:
        assert gradebook.find_grade("w01", EXAM, EXAM, "t003").manual_score == runs.kept_mark


def test_summary_csv_opens_in_excel_with_chinese(runs: DemoRuns) -> None:
    raw = (runs.out / "summary.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), "Excel needs the UTF-8 BOM"
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert len(rows) == 24
    assert {"优秀", "良好", "合格", "不合格"} <= {r["tier_zh"] for r in rows}
    assert any(r["name"] == "王芳" for r in rows)
    assert all(r["reason_en"] for r in rows)
    assert [r["name"] for r in rows if r["trainee_id"] == "t024"] == [HOSTILE_NAME]


def test_summary_html_escapes_names(runs: DemoRuns) -> None:
    page = (runs.out / "summary.html").read_text(encoding="utf-8")
    assert HOSTILE_NAME not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "王芳" in page and "not graded" in page


def test_progress_is_reported_step_by_step(runs: DemoRuns) -> None:
    for step in range(1, 8):
        assert any(line.startswith(f"[{step}/7]") for line in runs.log)
    assert any(line.startswith("Summary:") for line in runs.log)


def test_cohort_plan_is_seeded_and_spread() -> None:
    trainees = load_roster(REPO_ROOT / "gradebook" / "roster.csv")
    plan = plan_cohort(trainees)
    assert plan == plan_cohort(trainees)
    skills = sorted(member.skill for member in plan)
    assert skills[0] < 0.5 and skills[-1] == 1.0
    assert sum(member.broken for member in plan) == 1


@pytest.mark.parametrize(
    ("name", "written"),
    [
        ('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'),
        ("+1", "'+1"),
        ("王芳", "王芳"),
        ("-", "'-"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("Anne-Marie", "Anne-Marie"),
    ],
)
def test_csv_cells_never_become_excel_formulas(name: str, written: str) -> None:
    from frontline.summary import spreadsheet_safe

    assert spreadsheet_safe(name) == written
