"""Training records for an HR system: a long CSV (UTF-8 with BOM, like the report)
and an Excel workbook with a summary sheet and the same detail rows.

The detail is one row per fact (a module, a role-play, a self-check, an exam
sitting, a class), which every HR import tool reads without knowing how many
modules the course has; `source` names the file the fact came from.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from pathlib import Path

from frontline.core.atomic import write_bytes_atomic
from frontline.core.spreadsheet import spreadsheet_safe
from frontline.hr.records.record import TrainingRecord

Value = str | int | float | None
DETAIL_COLUMNS = (
    "trainee_id", "name", "team", "kind", "item", "date", "status",
    "score", "max_score", "count", "minutes", "detail", "source",
)  # fmt: skip
SUMMARY_COLUMNS = (
    "trainee_id", "name", "team", "hire_date", "modules_opened", "modules_completed",
    "minutes", "roleplays_played", "roleplay_plays", "red_line_plays", "exam_sittings",
    "retakes", "classes_attended", "progress_source",
)  # fmt: skip


def _minutes(seconds: int) -> float:
    return round(seconds / 60, 1)


def detail_rows(record: TrainingRecord, gradebook: str = "gradebook") -> list[tuple[Value, ...]]:
    t = record.trainee
    who = (t.trainee_id, t.name, t.team)
    rows: list[tuple[Value, ...]] = []
    src = record.progress_source
    for m in record.modules:
        status = "completed" if m.completed else "opened"
        when = (m.completed_on or m.opened_on).isoformat()
        rows.append((*who, "module", m.module_id, when, status, None, None, None,
                     _minutes(m.seconds), f"opened {m.opened_on.isoformat()}", src))  # fmt: skip
        if m.quiz_attempts:
            rows.append((*who, "self_check", m.module_id, when, "finished", m.quiz_best,
                         m.quiz_total, m.quiz_attempts, None,
                         f"latest {m.quiz_latest}/{m.quiz_total}", src))  # fmt: skip
    for r in record.roleplays:
        detail = f"latest {r.latest}" if r.latest is not None else "latest not kept"
        if r.red_line_plays:
            detail += f"; red lines in {r.red_line_plays} play(s): {', '.join(r.red_lines)}"
        rows.append((*who, "roleplay", r.scenario_id,
                     r.last_played.isoformat() if r.last_played else "",
                     "red line" if r.red_line_plays else "played", r.best, 100, r.plays,
                     None, detail, src))  # fmt: skip
    for s in record.sittings:
        status = "pending" if s.pending else "passed" if s.passed else "not passed"
        detail = f"sitting {s.sitting} of {s.original}" + (" (retake)" if s.retake else "")
        rows.append((*who, "exam", s.exam, s.day.isoformat() if s.day else "", status,
                     s.score, s.max_score, s.sitting, None, detail, gradebook))  # fmt: skip
    for a in record.attendance:
        where = f"attendance line {a.line}" if a.line else "marked in the widget"
        rows.append((*who, "class", a.session_id, a.day.isoformat(), a.status, None, None,
                     None, None, a.topic, where))  # fmt: skip
    return rows


def summary_row(record: TrainingRecord) -> tuple[Value, ...]:
    t = record.trainee
    return (
        t.trainee_id, t.name, t.team, t.hire_date.isoformat() if t.hire_date else "",
        len(record.modules), len(record.modules_completed), _minutes(record.seconds),
        len(record.roleplays), sum(r.plays for r in record.roleplays),
        sum(r.red_line_plays for r in record.roleplays), len(record.sittings), record.retakes,
        len(record.sessions_attended),
        record.progress_source
        + (f" ({record.progress_problem})" if record.progress_problem else ""),
    )  # fmt: skip


def _cell(value: Value) -> Value:
    return spreadsheet_safe(value) if isinstance(value, str) else value


def to_csv(records: Iterable[TrainingRecord]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(DETAIL_COLUMNS)
    for record in records:
        for row in detail_rows(record):
            writer.writerow(["" if v is None else f"{v:g}" if isinstance(v, float) else _cell(v)
                             for v in row])  # fmt: skip
    return buffer.getvalue()


def to_excel(records: list[TrainingRecord]) -> bytes:
    import xlsxwriter

    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_formulas": False})
    bold = workbook.add_format({"bold": True})
    for title, columns, rows in (
        ("summary", SUMMARY_COLUMNS, [summary_row(r) for r in records]),
        ("detail", DETAIL_COLUMNS, [row for r in records for row in detail_rows(r)]),
    ):
        sheet = workbook.add_worksheet(title)
        sheet.write_row(0, 0, columns, bold)
        for index, row in enumerate(rows, start=1):
            for col, value in enumerate(row):
                if isinstance(value, int | float):
                    sheet.write_number(index, col, value)
                elif value is not None:
                    sheet.write_string(index, col, str(_cell(value)))
        sheet.freeze_panes(1, 0)
    workbook.close()
    return buffer.getvalue()


def write_records(
    records: list[TrainingRecord], out_dir: Path, *, xapi: bool = False
) -> tuple[Path, ...]:
    """`training-records.csv` and `.xlsx` (and, asked, `.xapi.json`), every file rendered
    before any is written."""
    rendered: dict[str, bytes] = {
        "training-records.csv": to_csv(records).encode("utf-8-sig"),
        "training-records.xlsx": to_excel(records),
    }
    if xapi:
        import json

        from frontline.hr.records.xapi import statements

        text = json.dumps(statements(records), ensure_ascii=False, indent=1) + "\n"
        rendered["training-records.xapi.json"] = text.encode("utf-8")
    for name, data in rendered.items():
        write_bytes_atomic(out_dir / name, data)
    return tuple(out_dir / name for name in rendered)
