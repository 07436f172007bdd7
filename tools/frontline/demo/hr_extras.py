"""The demo's HR records: attendance, practice history, onboarding, KPI and certificates.

`check_hr_inputs` reads the sample sign-in sheet and KPI files before anything
runs, so a bad row stops the demo with its file and line and nothing stored;
`simulate_practice` writes the trainees' progress files; `finish_hr` imports the
sign-in sheet, exports the training records and tells, as of today, who is
cleared to work alone and who is overdue, the month's ranking and the
certificates the report wrote.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from frontline.core.course import Course
from frontline.core.textable import render_table
from frontline.demo.cohort import DemoTrainee
from frontline.hr.inputs.roster import Trainee
from frontline.hr.kpi.load import KpiInputs, load_kpi
from frontline.hr.policy.model import Policy
from frontline.hr.records.attendance import import_attendance, read_attendance
from frontline.report.sections import HrSections

Report = Callable[[str], None]


@dataclass(frozen=True)
class DemoHrFiles:
    signin: Path  # a classroom sign-in sheet
    kpi: Path  # the monthly KPI sheet
    spot_checks: Path
    records_dir: Path  # where progress/, attendance.csv and the records export go

    @property
    def progress(self) -> Path:
        return self.records_dir / "progress"

    @property
    def attendance(self) -> Path:
        return self.records_dir / "attendance.csv"


def check_hr_inputs(files: DemoHrFiles, trainees: list[Trainee], policy: Policy) -> KpiInputs:
    known = {t.trainee_id for t in trainees}
    read_attendance(files.signin, known)
    return load_kpi(files.kpi, files.spot_checks, policy, known)


def simulate_practice(files: DemoHrFiles, cohort: list[DemoTrainee], report: Report) -> None:
    from frontline.demo.records_sim import simulate_progress

    count = simulate_progress(cohort, files.progress)
    report(f"      practice history of {count} trainees in {_short(files.progress)}")


def prepare_sections(
    files: DemoHrFiles,
    course: Course,
    trainees: list[Trainee],
    policy: Policy,
    kpi: KpiInputs,
    as_of: date,
    report: Report,
) -> HrSections:
    from frontline.hr.records.export import write_records
    from frontline.report.sections_inputs import collect_sections, training_records

    count, _ = import_attendance(files.signin, files.attendance, {t.trainee_id for t in trainees})
    report(f"      attendance: {count} sign-in rows imported into {_short(files.attendance)}")
    records = training_records(trainees, policy, course, files.progress, files.attendance)
    written = write_records(records, files.records_dir)
    report(f"      training records: {', '.join(_short(p) for p in written)}")
    return collect_sections(
        trainees, policy, as_of, course=course, progress=files.progress,
        attendance=files.attendance, kpi=kpi,
    )  # fmt: skip


def sections_text(sections: HrSections) -> str:
    parts = [f"Onboarding as of {sections.as_of.isoformat()}:"]
    rows = [
        [r.trainee_id, r.name, r.programme, f"{r.status_label.zh} {r.status_label.en}",
         (r.cleared_on or r.due or "-").__str__(), r.reason.en]
        for r in sections.onboarding
    ]  # fmt: skip
    parts.append(render_table(["trainee", "name", "programme", "status", "date", "reason"], rows))
    if sections.ranking:
        parts.append(f"KPI ranking {sections.month} (place, total; bottom: improvement plan):")
        parts.append(render_table(
            ["place", "trainee", "name", "total", ""],
            [[str(r.place), r.trainee_id, r.name, f"{r.total:g}",
              "改进计划 improvement plan" if r.flag == "bottom" else ""] for r in sections.ranking],
        ))  # fmt: skip
        bottom = ", ".join(r.trainee_id for r in sections.bottom)
        due = sections.plan_due.isoformat() if sections.plan_due else "-"
        parts.append(f"Bottom of {sections.month}: {bottom}; cause analysis and plan due {due}")
        top = ", ".join(f"{r.trainee_id} ({r.total:g})" for r in sections.top)
        parts.append(f"Top of {sections.quarter} (ties included, all rewarded): {top}")
    return "\n".join(parts)


def certificates_text(sections: HrSections | None, out_dir: Path) -> list[str]:
    if sections is None or not sections.certificates:
        return ["No certificates: no excellent trainee and no cleared new hire"]
    lines = [
        f"Certificate {c.code}: {c.trainee_id} {c.name}, {c.title.en} "
        f"-> {_short(out_dir / 'certificates' / c.file_name)}"
        for c in sections.certificates
    ]
    first = sections.certificates[0].code
    lines.append(f"Check one: .venv/bin/frontline certificate verify {first}")
    return lines


def _short(path: Path) -> str:
    from frontline.core.course import REPO_ROOT

    try:
        return str(path.relative_to(REPO_ROOT))
    except ValueError:
        return str(path)
