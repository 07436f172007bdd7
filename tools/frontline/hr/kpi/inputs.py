"""The monthly KPI sheet and the spot-check results, read whole and strictly.

KPI sheet (`trainee_id,month,...`): one row per trainee and month; the rate
columns are percents 0-100 (complaint resolution, revisit completion and
authenticity, report authenticity, audits and corrections, customer
satisfaction); the praise and criticism columns are counts (blank: 0);
`records_handled` (optional) lets the sampling rate of the spot checks be
checked. Spot checks (`trainee_id,date,record_id,result`): one row per service
record checked, `result` pass or fail (a record missing customer information,
problem, steps, solution or confirmation fails). Any bad row and the file is
refused with every bad row listed; nothing from it is used.
"""

from __future__ import annotations

import math
import re
from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TypeVar

from frontline.core.csvfile import CsvRow, parse_all_rows, read_csv_rows
from frontline.hr.policy.programmes import BONUSES, PENALTIES

RATES = (
    "complaint_resolution", "revisit_completion", "revisit_authenticity",
    "report_authenticity", "audits", "satisfaction",
)  # fmt: skip
COUNTS = (*BONUSES, *PENALTIES)
SHEET_COLUMNS = ("trainee_id", "month", *RATES)
SHEET_OPTIONAL = (*COUNTS, "records_handled", "note")
CHECK_COLUMNS = ("trainee_id", "date", "record_id", "result")
CHECK_OPTIONAL = ("checker", "missing", "note")
MONTH = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")
T = TypeVar("T")


@dataclass(frozen=True)
class KpiRow:
    trainee_id: str
    month: str  # YYYY-MM
    rates: dict[str, float]  # percent 0..100 per rate column
    counts: dict[str, int] = field(default_factory=dict)  # praise and criticism counts
    records_handled: int | None = None
    source: str = ""  # "kpi.csv line 4"


@dataclass(frozen=True)
class SpotCheck:
    trainee_id: str
    day: date
    record_id: str
    passed: bool
    missing: str = ""
    source: str = ""

    @property
    def month(self) -> str:
        return f"{self.day.year:04d}-{self.day.month:02d}"


def _trainee(values: dict[str, str], known: Collection[str] | None) -> str:
    tid = values["trainee_id"]
    if not tid:
        raise ValueError("trainee_id is empty")
    if known is not None and tid not in known:
        raise ValueError(f"trainee_id {tid!r} is not on the roster")
    return tid


def _percent(values: dict[str, str], column: str) -> float:
    text = values[column].removesuffix("%").strip()
    try:
        value = float(text)
    except ValueError:
        raise ValueError(f"{column} {values[column]!r} is not a percent") from None
    if not math.isfinite(value) or not 0 <= value <= 100:
        raise ValueError(f"{column} {values[column]!r} is outside 0..100")
    return value


def _count(values: dict[str, str], column: str) -> int:
    text = values.get(column, "") or "0"
    if not text.isdigit():
        raise ValueError(f"{column} {text!r} must be a whole number of 0 or more")
    return int(text)


def read_kpi_sheet(path: Path, known: Collection[str] | None = None) -> list[KpiRow]:
    rows = read_csv_rows(path, what="KPI sheet", required=SHEET_COLUMNS, optional=SHEET_OPTIONAL)
    seen: dict[tuple[str, str], int] = {}

    def parse(row: CsvRow) -> KpiRow:
        values = row.values
        problems: list[str] = []
        tid = month = ""
        rates: dict[str, float] = {}
        counts: dict[str, int] = {}
        handled: int | None = None
        try:
            tid = _trainee(values, known)
        except ValueError as exc:
            problems.append(str(exc))
        month = values["month"]
        if not MONTH.match(month):
            problems.append(f"month {month!r} is not a month like 2026-11")
        for column in RATES:
            try:
                rates[column] = _percent(values, column)
            except ValueError as exc:
                problems.append(str(exc))
        for column in COUNTS:
            try:
                counts[column] = _count(values, column)
            except ValueError as exc:
                problems.append(str(exc))
        if values.get("records_handled"):
            try:
                handled = _count(values, "records_handled")
            except ValueError as exc:
                problems.append(str(exc))
        if not problems and (tid, month) in seen:
            problems.append(f"{tid} already has a row for {month} on line {seen[(tid, month)]}")
        if problems:
            raise ValueError("; ".join(problems))
        seen[(tid, month)] = row.line
        return KpiRow(tid, month, rates, counts, handled, f"{path.name} line {row.line}")

    return parse_all_rows(path, rows, parse)


def read_spot_checks(path: Path, known: Collection[str] | None = None) -> list[SpotCheck]:
    rows = read_csv_rows(path, what="spot checks", required=CHECK_COLUMNS, optional=CHECK_OPTIONAL)
    seen: dict[str, int] = {}

    def parse(row: CsvRow) -> SpotCheck:
        values = row.values
        tid = _trainee(values, known)
        try:
            day = date.fromisoformat(values["date"])
        except ValueError:
            raise ValueError(f"date {values['date']!r} is not a date like 2026-11-03") from None
        record = values["record_id"]
        if not record:
            raise ValueError("record_id is empty (name the service record checked)")
        if record in seen:
            raise ValueError(f"record {record!r} was already checked on line {seen[record]}")
        result = values["result"].lower()
        if result not in ("pass", "fail"):
            raise ValueError(f"result {values['result']!r} must be pass or fail")
        seen[record] = row.line
        return SpotCheck(
            tid, day, record, result == "pass", values.get("missing", ""),
            f"{path.name} line {row.line}",
        )  # fmt: skip

    return parse_all_rows(path, rows, parse)
