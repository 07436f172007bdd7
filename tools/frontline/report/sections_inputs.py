"""The report's HR sections from local files: training records, onboarding, KPI.

Every file is read and checked before anything is written (the report's rule):
a bad attendance store or KPI sheet stops the report with its file and line.
On a hub, `progress` is the folder where the trainees' homes are mounted read-only.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from frontline.core.course import Course
from frontline.hr.inputs.roster import Trainee
from frontline.hr.kpi.load import KpiInputs
from frontline.hr.policy.model import Policy
from frontline.hr.records.attendance import load_store
from frontline.hr.records.onboarding import cohort_onboarding
from frontline.hr.records.progress_reader import collect_progress
from frontline.hr.records.record import TrainingRecord, build_records
from frontline.hr.records.sittings import gradebook_sittings
from frontline.report.sections import HrSections, onboarding_rows, ranking_rows


def training_records(
    trainees: list[Trainee],
    policy: Policy,
    course: Course | None,
    progress: Path | None,
    attendance: Path | None,
) -> list[TrainingRecord]:
    found = collect_progress(progress, [t.trainee_id for t in trainees])
    rows = load_store(attendance) if attendance is not None else []
    sittings = gradebook_sittings(course, policy) if course is not None else []
    return build_records(trainees, found, sittings, rows)


def collect_sections(
    trainees: list[Trainee],
    policy: Policy,
    as_of: date,
    *,
    course: Course | None = None,
    progress: Path | None = None,
    attendance: Path | None = None,
    kpi: KpiInputs | None = None,
) -> HrSections:
    statuses = []
    if policy.onboarding:
        records = training_records(trainees, policy, course, progress, attendance)
        statuses = cohort_onboarding(records, policy, as_of)
    names = {t.trainee_id: t.display_name for t in trainees}
    ranking = ranking_rows(kpi, policy, names) if kpi is not None else {}
    return HrSections(as_of, onboarding_rows(statuses), **ranking)
