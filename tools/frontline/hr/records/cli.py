"""`frontline records ...`: export training records, import a sign-in sheet.

Only argparse at module level, so `frontline --help` stays fast.
"""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path

from frontline.core.course import (
    DEFAULT_ATTENDANCE,
    DEFAULT_COURSE_DIR,
    DEFAULT_POLICY,
    DEFAULT_PROGRESS,
    DEFAULT_RECORDS,
    DEFAULT_ROSTER,
)


def _export(args: argparse.Namespace) -> int:
    from frontline.hr.records.collect import collect_records
    from frontline.hr.records.export import write_records

    records = collect_records(
        args.roster, args.policy, args.course_dir, args.progress, args.attendance
    )
    written = write_records(records, args.out, xapi=args.xapi)
    without = sum(1 for r in records if r.progress_source == "no progress file")
    print(f"{len(records)} training records; {without} without a progress file")
    for path in written:
        print(f"wrote {path}")
    return 0


def _attendance(args: argparse.Namespace) -> int:
    from frontline.hr.inputs.roster import load_roster
    from frontline.hr.records.attendance import import_attendance

    known = {t.trainee_id for t in load_roster(args.roster)}
    count, rows = import_attendance(args.sheet, args.store, known)
    print(f"imported {count} row(s) from {args.sheet}; {args.store} now holds {len(rows)}")
    return 0


def add_records_commands(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    records = commands.add_parser(
        "records",
        help="training records for HR: export them, import a classroom sign-in sheet",
        description="Training records (standard section 1): modules, role-plays, "
        "self-checks, exam sittings and classroom attendance per trainee.",
    )
    steps = records.add_subparsers(dest="records_command", metavar="STEP", required=True)
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--roster", type=Path, default=DEFAULT_ROSTER)
    export = steps.add_parser(
        "export", parents=[common], help="write training-records.csv (UTF-8 BOM) and .xlsx"
    )
    export.add_argument("--policy", type=Path, default=DEFAULT_POLICY)
    export.add_argument(
        "--course-dir", type=Path, default=DEFAULT_COURSE_DIR,
        help="the nbgrader course folder whose gradebook holds the exam sittings",
    )  # fmt: skip
    export.add_argument(
        "--progress", type=Path, default=DEFAULT_PROGRESS,
        help="folder with one folder per trainee holding progress.json (or, on a hub, "
        ".frontline/progress.json): the trainees' homes, read only",
    )  # fmt: skip
    export.add_argument("--attendance", type=Path, default=DEFAULT_ATTENDANCE)
    export.add_argument("--out", type=Path, default=DEFAULT_RECORDS)
    export.add_argument(
        "--xapi",
        action="store_true",
        help="also write training-records.xapi.json (xAPI statements)",
    )
    export.set_defaults(func=_export)
    attend = steps.add_parser(
        "attendance", parents=[common],
        help="import a sign-in sheet (session_id,date,topic,trainee_id,status): "
        "every row or none",
    )  # fmt: skip
    attend.add_argument("sheet", type=Path)
    attend.add_argument("--store", type=Path, default=DEFAULT_ATTENDANCE)
    attend.set_defaults(func=_attendance)


def add_report_hr_options(report: argparse.ArgumentParser) -> None:
    """`frontline report`'s inputs for onboarding, the KPI ranking and certificates."""
    report.add_argument(
        "--kpi", type=Path,
        help="monthly KPI sheet CSV: ranking, and the score as an appraisal rating "
        "(default: gradebook/kpi.csv for exams/)",
    )  # fmt: skip
    report.add_argument(
        "--spot-checks", type=Path,
        help="spot-check results CSV (default: gradebook/spot-checks.csv for exams/)",
    )  # fmt: skip
    report.add_argument(
        "--progress", type=Path,
        help="trainees' progress folders, for onboarding (default: gradebook/records/progress/)",
    )  # fmt: skip
    report.add_argument(
        "--attendance", type=Path,
        help="attendance store (default: gradebook/records/attendance.csv)",
    )  # fmt: skip
    report.add_argument(
        "--as-of", type=date.fromisoformat, metavar="DATE",
        help="day the onboarding status is told for (default: today)",
    )  # fmt: skip
