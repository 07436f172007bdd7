"""Onboarding programmes: the policy section, and each status with its reason."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from frontline.core.errors import InputFileError
from frontline.hr.inputs.roster import Trainee
from frontline.hr.policy.schema import parse_policy_text
from frontline.hr.records.attendance import Attendance
from frontline.hr.records.onboarding import Status, cohort_onboarding, onboarding_status
from frontline.hr.records.record import ModuleLine, TrainingRecord
from frontline.hr.records.sittings import RawSitting, number_sittings

BASE = """
version: "t"
cutoffs: {excellent: 90, good: 80, pass: 60}
components:
  theory: {weight: 0.7, exams: ["*-theory"]}
  practical: {weight: 0.3, exams: ["practical*"]}
"""
PROGRAMME = """
onboarding:
  desk:
    title: {zh: 前台入职, en: Front-desk onboarding}
    applies_to: {roles: [receptionist], hired_on_or_after: 2026-01-01}
    modules: [01-etiquette]
    practical: pass
    exams: {etiquette-theory: good}
    sessions: ["orientation*"]
    within_days: 30
    refresher: {every_days: 180, sessions: ["refresher*"]}
"""
POLICY = parse_policy_text(BASE + PROGRAMME)
HIRED = date(2026, 3, 2)  # due 2026-04-01


def _record(
    *,
    module_done: date | None = None,
    theory: list[tuple[int, float]] = (),  # type: ignore[assignment]
    practical: list[tuple[int, float]] = (),  # type: ignore[assignment]
    classes: list[tuple[str, date, str]] = (),  # type: ignore[assignment]
    hired: date | None = HIRED,
) -> TrainingRecord:
    raw = [
        RawSitting("t1", "etiquette-theory" if n == 0 else f"etiquette-theory-retake-{n}",
                   date(2026, 3, day), pct, 100)
        for n, (day, pct) in enumerate(theory)
    ] + [
        RawSitting("t1", "practical", date(2026, 3, day), pct, 100) for day, pct in practical
    ]  # fmt: skip
    modules = ()
    if module_done is not None:
        modules = (ModuleLine("01-etiquette", HIRED, 600, module_done, 1, 5, 5, 5),)
    attendance = tuple(Attendance(s, d, "x", "t1", st) for s, d, st in classes)
    trainee = Trainee("t1", "王芳", "Front desk", role="receptionist", hire_date=hired)
    return TrainingRecord(trainee, modules, (), tuple(number_sittings(raw, POLICY)), attendance, "")


ALL_DONE = dict(
    module_done=date(2026, 3, 5),
    theory=[(6, 70), (12, 85)],  # the first sitting is only a pass; the retake is good
    practical=[(10, 75)],
    classes=[("orientation-03", date(2026, 3, 3), "present")],
)


@pytest.mark.parametrize(
    ("record", "today", "status", "cleared", "reason_en", "reason_zh"),
    [
        (_record(), date(2026, 3, 20), Status.IN_TRAINING, None, "12 day(s) left", "还剩 12 天"),
        (_record(module_done=date(2026, 3, 5)), date(2026, 4, 3), Status.OVERDUE, None,
         "2 day(s) overdue", "逾期 2 天"),
        (_record(**ALL_DONE), date(2026, 4, 3), Status.CLEARED, date(2026, 3, 12),
         "cleared to work alone from 2026-03-12, valid until 2026-09-08", "可独立上岗"),
        # a requirement met only after `today` is not met yet
        (_record(**ALL_DONE), date(2026, 3, 11), Status.IN_TRAINING, None,
         "etiquette-theory at least good", "达到良好"),
        (_record(**ALL_DONE), date(2026, 9, 9), Status.LAPSED, date(2026, 3, 12),
         "fell due on 2026-09-08", "复训期已于 2026-09-08 届满"),
        (_record(**{**ALL_DONE, "classes": [*ALL_DONE["classes"],
                                           ("refresher-q3", date(2026, 8, 1), "late")]}),
         date(2026, 9, 9), Status.CLEARED, date(2026, 3, 12), "valid until 2027-01-28", "有效期至"),
        # an absence at a refresher renews nothing
        (_record(**{**ALL_DONE, "classes": [*ALL_DONE["classes"],
                                           ("refresher-q3", date(2026, 8, 1), "absent")]}),
         date(2026, 9, 9), Status.LAPSED, date(2026, 3, 12), "lapsed", "复训"),
        (_record(**{**ALL_DONE, "theory": [(6, 70)]}), date(2026, 4, 3), Status.OVERDUE, None,
         "still missing: etiquette-theory at least good", "尚缺：考试 etiquette-theory 达到良好"),
        (_record(**{**ALL_DONE, "practical": [(2, 50), (30, 90)]}, hired=date(2026, 2, 1)),
         date(2026, 4, 3),
         Status.CLEARED, date(2026, 3, 30), "(after the due date)", "晚于期限"),
    ],
)  # fmt: skip
def test_status_and_reason(
    record: TrainingRecord,
    today: date,
    status: Status,
    cleared: date | None,
    reason_en: str,
    reason_zh: str,
) -> None:
    (programme,) = POLICY.onboarding
    found = onboarding_status(programme, record, POLICY, today)
    assert found.status is status
    assert found.cleared_on == cleared
    assert reason_en in found.reason.en
    assert reason_zh in found.reason.zh
    hired = record.trainee.hire_date
    assert hired is not None and found.due == date.fromordinal(hired.toordinal() + 30)


@pytest.mark.parametrize(
    ("role", "hired", "applies"),
    [("receptionist", date(2026, 1, 1), True), ("receptionist", date(2025, 12, 31), False),
     ("supervisor", date(2026, 2, 1), False), ("receptionist", None, False)],
)  # fmt: skip
def test_who_is_a_new_hire(role: str, hired: date | None, applies: bool) -> None:
    record = _record(hired=hired)
    trainee = Trainee("t1", "王芳", "A", role=role, hire_date=hired)
    record = TrainingRecord(trainee, (), (), (), (), "")
    assert bool(cohort_onboarding([record], POLICY, date(2026, 3, 3))) is applies


@pytest.mark.parametrize(
    ("section", "key", "line", "message"),
    [
        ("onboarding:\n  a: {modules: [m]}\n", "onboarding.a.within_days", 2, "missing"),
        ("onboarding:\n  a: {within_days: 30}\n", "onboarding.a", 2, "requires nothing"),
        ("onboarding:\n  a:\n    within_days: 30\n    practical: fail\n",
         "onboarding.a.practical", 4, "'fail' is no requirement"),
        ("onboarding:\n  a:\n    within_days: 30\n    modules: [m]\n    refresher: {}\n",
         "onboarding.a.refresher.every_days", 5, "missing"),
        ("onboarding:\n  a:\n    within_days: 30\n    modules: [m]\n    applies_to: {role: [x]}\n",
         "onboarding.a.applies_to.role", 5, "unknown key"),
        ("kpi:\n  items: {call_quality: 40}\n", "kpi.items", 2, "add up to 100"),
        ("kpi:\n  satisfaction_bands: [[100, 0], [95, 1], [96, 2], [0, 5]]\n",
         "kpi.satisfaction_bands.2", 2, "highest percent down"),
        ("kpi:\n  satisfaction_bands: [[100, 0], [90, 2]]\n", "kpi.satisfaction_bands", 2,
         "last band must start at 0"),
        ("kpi:\n  bonuses: {tv_praise: 4}\n", "kpi.bonuses.tv_praise", 2, "unknown key"),
        ("kpi:\n  appraisal_role: boss\n", "kpi.appraisal_role", 2, "must be one of"),
        ("kpi:\n  top: 0\n", "kpi.top", 2, "at least 1"),
    ],
)  # fmt: skip
def test_bad_sections_are_refused_with_key_and_line(
    section: str, key: str, line: int, message: str
) -> None:
    text = BASE + section
    with pytest.raises(InputFileError) as caught:
        parse_policy_text(text)
    assert caught.value.key == key
    assert caught.value.line == BASE.count("\n") + line
    assert message in caught.value.reason


def test_the_kpi_defaults_are_the_standards() -> None:
    kpi = parse_policy_text(BASE).kpi
    assert kpi.items["call_quality"] == 30 and sum(kpi.items.values()) == 100
    assert (kpi.spot_check_deduction, kpi.top, kpi.bottom, kpi.plan_days) == (2, 3, 3, 4)
    assert kpi.bonuses == {"praise_letter": 1, "department_praise": 2, "company_praise": 3,
                           "media_praise": 5}  # fmt: skip
    assert kpi.penalties == {"department_criticism": 2, "company_criticism": 3,
                             "media_criticism": 5}  # fmt: skip
    assert [d for _, d in kpi.satisfaction_bands] == [0, 1, 2, 3, 5]


def test_frontline_check_names_exams_and_modules_the_course_lacks(tmp_path: Path) -> None:
    from frontline.hr.policy.check import policy_problems

    root = tmp_path / "repo"
    for folder in ("exams/source/etiquette-theory", "exams/source/practical",
                   "course/modules/01-etiquette"):  # fmt: skip
        (root / folder).mkdir(parents=True)
    policy = root / "gradebook" / "policy.yml"
    policy.parent.mkdir()
    policy.write_text(
        BASE + "onboarding:\n  a:\n    within_days: 9\n    modules: [01-etiquette, 09-x]\n"
        "    exams: {etiquette-theory: pass, final-theory: pass}\n",
        encoding="utf-8",
    )
    found = sorted((p.key or "", p.line) for p in policy_problems(policy))
    assert found == [("onboarding.a.exams.final-theory", 11), ("onboarding.a.modules.1", 10)]
