"""`frontline demo` end to end on a temporary copy of the course (real nbgrader, real kernels)."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

import pytest
import sqlalchemy as sa

from frontline.core.course import REPO_ROOT, Course
from frontline.core.i18n import Text
from frontline.demo.cohort import plan_cohort
from frontline.demo.hr_extras import DemoHrFiles
from frontline.demo.run import PRACTICAL_EXAM, DemoResult, run_demo
from frontline.hr.inputs.roster import Trainee, load_roster
from frontline.hr.policy.model import Tier
from frontline.hr.policy.schema import load_policy
from frontline.hr.rules.outcomes import TraineeOutcome
from tests.conftest import EXAM, make_course

pytestmark = pytest.mark.nbgrader

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
    course = make_course(base, exams=(EXAM, PRACTICAL_EXAM))
    roster = base / "roster.csv"
    text = (REPO_ROOT / "gradebook" / "roster.csv").read_text(encoding="utf-8")
    roster.write_text(text.replace("t024,David O'Brien", f"t024,{HOSTILE_NAME}"), encoding="utf-8")
    policy = load_policy(REPO_ROOT / "gradebook" / "policy.yml")
    appraisal = REPO_ROOT / "gradebook" / "appraisal.csv"
    out = base / "reports"
    log: list[str] = []
    gradebook_dir = REPO_ROOT / "gradebook"
    hr = DemoHrFiles(gradebook_dir / "attendance-signin.csv", gradebook_dir / "kpi.csv",
                     gradebook_dir / "spot-checks.csv", base / "records")  # fmt: skip
    first = run_demo(course, roster, policy, out, report=log.append, appraisal=appraisal, hr=hr)
    first_csv = (out / "report.csv").read_text(encoding="utf-8-sig")
    # A real trainer re-marks one written answer in formgrader between the two runs.
    with Gradebook(course.db_url, course.course_id) as gradebook:
        grade = gradebook.find_grade("w01", EXAM, EXAM, "t003")
        grade.manual_score = 1.5
        gradebook.db.commit()
    second = run_demo(course, roster, policy, out, report=log.append, appraisal=appraisal, hr=hr)
    return DemoRuns(course, out, first, second, log, kept_mark=1.5, first_csv=first_csv)


def _outcomes(result: DemoResult) -> dict[str, TraineeOutcome]:
    return {o.trainee.trainee_id: o for o in result.result.outcomes}


def _csv_rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def test_all_four_tiers_appear_with_every_component(runs: DemoRuns) -> None:
    outcomes = runs.first.result.outcomes
    assert {Tier.EXCELLENT, Tier.GOOD, Tier.PASS, Tier.FAIL} <= {o.tier for o in outcomes}
    for outcome in outcomes:
        names = {c.name for c in outcome.components if c.score is not None}
        assert {"practical", "appraisal"} <= names, outcome.trainee.trainee_id


def test_damaged_submission_is_named_and_never_a_zero(runs: DemoRuns) -> None:
    assert list(runs.first.not_graded) == ["t007"]
    assert "not valid notebook JSON" in runs.first.not_graded["t007"]
    damaged = _outcomes(runs.first)["t007"]
    assert damaged.tier is None and damaged.overall is None
    theory = next(c for c in damaged.components if c.name == "theory")
    assert theory.score is None  # missing, not 0
    assert any("NOT GRADED" in line and "t007" in line for line in runs.log)
    assert any(line.startswith("Not graded (not counted as zero): t007") for line in runs.log)


def test_every_tier_has_a_reason_with_its_numbers(runs: DemoRuns) -> None:
    for outcome in runs.first.result.outcomes:
        assert outcome.reason.zh and outcome.reason.en
        if outcome.overall is not None:
            assert f"{outcome.overall:.2f}".rstrip("0").rstrip(".") in outcome.reason.en
        for decision in outcome.decisions:
            assert decision.reason.zh and decision.reason.en


def test_practical_scores_follow_skill(runs: DemoRuns) -> None:
    plan = {m.trainee.trainee_id: m.skill for m in plan_cohort(list(_trainees(runs)))}
    practical = {
        tid: next(c.score for c in o.components if c.name == "practical")
        for tid, o in _outcomes(runs.first).items()
    }
    best = max(plan, key=lambda tid: plan[tid])
    worst = min(plan, key=lambda tid: plan[tid])
    assert practical[best] is not None and practical[worst] is not None
    assert practical[best] > 90 > 60 > practical[worst]


def _trainees(runs: DemoRuns) -> list[Trainee]:
    return [o.trainee for o in runs.first.result.outcomes]


def _stable(outcome: TraineeOutcome) -> TraineeOutcome:
    """An outcome without the wording of its decisions: a second-look reason quotes the
    exam's SEM, a cohort statistic that moves when a trainer re-marks anyone's answer."""
    import dataclasses

    return dataclasses.replace(
        outcome,
        decisions=tuple(
            dataclasses.replace(d, reason=Text(zh="", en="") if "SEM" in d.reason.en else d.reason)
            for d in outcome.decisions
        ),
    )


def test_second_run_gives_the_same_result_and_no_duplicates(runs: DemoRuns) -> None:
    first, second = _outcomes(runs.first), _outcomes(runs.second)
    changed = sorted(tid for tid in first if _stable(first[tid]) != _stable(second[tid]))
    # Only the answer the trainer re-marked may differ (and, through the cohort's SEM,
    # the figures quoted in second-look reasons).
    assert changed in ([], ["t003"])
    graded = len(first) - 1
    assert _count(runs.course, "submitted_assignment") == graded + len(first)
    assert _count(runs.course, "student") == len(first)
    wording = {"decisions_zh", "decisions_en"}

    def rows(text: str) -> list[dict[str, str]]:
        return [
            {k: v for k, v in r.items() if k not in wording}
            for r in _csv_rows(text)
            if r["trainee_id"] != "t003"
        ]

    second_csv = (runs.out / "report.csv").read_text(encoding="utf-8-sig")
    assert rows(runs.first_csv) == rows(second_csv)


def test_a_policy_without_theory_is_refused_before_any_grading(tmp_path: Path) -> None:
    from frontline.core.errors import InputFileError
    from frontline.hr.policy.model import Policy

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


def test_hr_report_opens_in_excel_with_chinese_and_escapes_names(runs: DemoRuns) -> None:
    raw = (runs.out / "report.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), "Excel needs the UTF-8 BOM"
    rows = _csv_rows(raw.decode("utf-8-sig"))
    assert len(rows) == 24
    assert {"优秀", "良好", "合格", "不合格"} <= {r["tier_zh"] for r in rows}
    assert [r["name"] for r in rows if r["trainee_id"] == "t024"] == [HOSTILE_NAME]
    assert all(r["reason_en"] for r in rows)
    page = (runs.out / "report.html").read_text(encoding="utf-8")
    assert HOSTILE_NAME not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "王芳" in page
    assert (runs.out / "report.xlsx").stat().st_size > 0
    assert (runs.out / "decision-record.json").is_file()


def test_progress_is_reported_step_by_step(runs: DemoRuns) -> None:
    for step in range(1, 9):
        assert any(line.startswith(f"[{step}/8]") for line in runs.log)
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
    from frontline.core.spreadsheet import spreadsheet_safe

    assert spreadsheet_safe(name) == written


def test_the_demo_shows_onboarding_the_ranking_and_writes_certificates(runs: DemoRuns) -> None:
    from frontline.report.certificate_verify import verify_code

    log = "\n".join(runs.log)
    programmes = ("front-desk", "call-centre", "specialists")
    lines = {
        line.split()[0]: line
        for line in log.splitlines()
        if line.startswith("t0") and any(f" {p} " in line for p in programmes)
    }
    assert "资格已失效 lapsed" in lines["t009"]  # no refresher since 2024
    assert "已逾期 overdue" in lines["t013"] and "03-complaints" in lines["t013"]
    assert "可独立上岗 cleared to work alone" in log
    bottom = "Bottom of 2026-11: t009, t011, t016, t013; cause analysis and plan due 2026-12-04"
    assert bottom in log
    assert "Top of 2026-Q4 (ties included, all rewarded): t012 (203), t015 (198)," in log
    excellent = {o.trainee.trainee_id for o in runs.second.result.outcomes
                 if o.tier is Tier.EXCELLENT}  # fmt: skip
    certificates = sorted((runs.out / "certificates").glob("certificate-FL-*.pdf"))
    assert len(certificates) >= len(excellent) > 0
    code = certificates[0].stem.removeprefix("certificate-")
    assert verify_code(code, [runs.out]).valid
    assert not verify_code(code[:-1] + ("1" if code[-1] != "1" else "2"), [runs.out]).valid
    records = (runs.out.parent / "records" / "training-records.csv").read_bytes()
    assert records.startswith(b"\xef\xbb\xbf") and b"self_check" in records
