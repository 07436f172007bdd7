"""Classroom attendance: a sign-in sheet imported whole, or marked by a trainer.

The store is one CSV HR can open (`gradebook/attendance.csv`), one row per
session and trainee. An import reads the whole sign-in file and checks every row
first; one bad row and the error lists every bad row with its line, and the store
is not touched. A good file is merged (a session's row for a trainee replaces the
older one, so importing the same sheet twice changes nothing) and the store is
replaced by one atomic write, so no reader ever sees half an import.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from frontline.core.atomic import write_bytes_atomic
from frontline.core.csvfile import CsvRow, bad_rows_error, read_csv_rows
from frontline.core.i18n import Text

COLUMNS = ("session_id", "date", "topic", "trainee_id", "status")
OPTIONAL = ("trainer", "note")
STATUSES = ("present", "late", "absent", "excused")
ATTENDED = ("present", "late")  # statuses that count as having attended
STATUS_LABELS = {
    "present": Text(zh="出勤", en="present"),
    "late": Text(zh="迟到", en="late"),
    "absent": Text(zh="缺勤", en="absent"),
    "excused": Text(zh="请假", en="excused"),
}


@dataclass(frozen=True)
class Attendance:
    session_id: str
    day: date
    topic: str
    trainee_id: str
    status: str
    trainer: str = ""
    note: str = ""
    line: int = 0  # the line in the file it was read from (0: marked in the widget)

    @property
    def attended(self) -> bool:
        return self.status in ATTENDED


def _parse_row(row: CsvRow, known: Collection[str] | None) -> Attendance:
    values = row.values
    problems: list[str] = []
    session = values["session_id"]
    if not session:
        problems.append("session_id is empty")
    try:
        day = date.fromisoformat(values["date"])
    except ValueError:
        problems.append(f"date {values['date']!r} is not a date like 2026-11-03")
        day = date.min
    trainee = values["trainee_id"]
    if not trainee:
        problems.append("trainee_id is empty")
    elif known is not None and trainee not in known:
        problems.append(f"trainee_id {trainee!r} is not on the roster")
    status = values["status"].lower()
    if status not in STATUSES:
        problems.append(f"status {values['status']!r} must be one of {list(STATUSES)}")
    if problems:
        raise ValueError("; ".join(problems))
    return Attendance(
        session,
        day,
        values["topic"],
        trainee,
        status,
        values.get("trainer", ""),
        values.get("note", ""),
        row.line,
    )


def read_attendance(path: Path, known: Collection[str] | None = None) -> list[Attendance]:
    """Every row of a sign-in sheet, or an error listing every bad row by line."""
    rows = read_csv_rows(path, what="attendance", required=COLUMNS, optional=OPTIONAL)
    found: list[Attendance] = []
    problems: list[tuple[int, str]] = []
    seen: dict[tuple[str, str], int] = {}
    for row in rows:
        try:
            item = _parse_row(row, known)
        except ValueError as exc:
            problems.append((row.line, str(exc)))
            continue
        key = (item.session_id, item.trainee_id)
        if key in seen:
            problems.append(
                (row.line, f"{item.trainee_id} is already listed for {item.session_id} "
                 f"on line {seen[key]}")
            )  # fmt: skip
            continue
        seen[key] = row.line
        found.append(item)
    if problems:
        raise bad_rows_error(path, problems)
    return found


def load_store(path: Path) -> list[Attendance]:
    """The attendance kept so far (none when the store does not exist yet)."""
    if not path.exists():
        return []
    return read_attendance(path)


def merge(old: Iterable[Attendance], new: Iterable[Attendance]) -> list[Attendance]:
    """`new` replaces `old` for the same session and trainee; sorted for stable files."""
    merged = {(a.session_id, a.trainee_id): a for a in old}
    merged.update({(a.session_id, a.trainee_id): a for a in new})
    return sorted(merged.values(), key=lambda a: (a.day, a.session_id, a.trainee_id))


def to_csv(rows: Iterable[Attendance]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow((*COLUMNS, *OPTIONAL))
    for a in rows:
        writer.writerow(
            (a.session_id, a.day.isoformat(), a.topic, a.trainee_id, a.status, a.trainer, a.note)
        )
    return buffer.getvalue().encode("utf-8")


def save_attendance(store: Path, rows: Iterable[Attendance]) -> list[Attendance]:
    """Merge rows into the store in one atomic write; returns the whole store."""
    merged = merge(load_store(store), rows)
    write_bytes_atomic(store, to_csv(merged))
    return merged


def import_attendance(
    sheet: Path, store: Path, known: Collection[str] | None = None
) -> tuple[int, list[Attendance]]:
    """Import a sign-in sheet: every row or none. Returns (rows imported, whole store)."""
    rows = read_attendance(sheet, known)
    return len(rows), save_attendance(store, rows)
