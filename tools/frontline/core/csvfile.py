"""CSV files people keep in Excel (rosters, paper scores): read strictly, report by line."""

from __future__ import annotations

import csv
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from frontline.core.errors import InputFileError

#: bad rows named in one error; the rest are counted
MAX_LISTED = 20
T = TypeVar("T")


@dataclass(frozen=True)
class CsvRow:
    line: int
    values: dict[str, str]


def read_csv_rows(
    path: Path,
    *,
    what: str,
    required: Sequence[str],
    optional: Sequence[str] | None = None,
) -> list[CsvRow]:
    """Rows with stripped values and their real line numbers; blank rows are skipped.

    `optional=None` allows any further columns; a list makes other columns an error
    (a misspelt column would otherwise be silently ignored).
    """
    try:
        # utf-8-sig: Excel's "CSV UTF-8" starts with a byte-order mark.
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise InputFileError(path, f"{what} file not found") from None
    except UnicodeDecodeError:
        raise InputFileError(path, "not UTF-8 text; save it as CSV UTF-8") from None
    reader = csv.DictReader(text.splitlines())
    header = [column.strip() for column in reader.fieldnames or []]
    missing = [column for column in required if column not in header]
    if missing:
        raise InputFileError(
            path, f"missing column(s) {missing}; the header needs {list(required)}", line=1
        )
    if optional is not None:
        unknown = [column for column in header if column not in (*required, *optional)]
        if unknown:
            raise InputFileError(path, f"unknown column(s) {unknown}", line=1)
    rows: list[CsvRow] = []
    for raw in reader:
        line = reader.line_num  # counts blank lines, which the reader skips
        if None in raw:
            raise InputFileError(path, "more fields than the header has", line=line)
        values = {key.strip(): (value or "").strip() for key, value in raw.items()}
        if any(values.values()):  # rows of bare commas, as spreadsheets leave, are skipped
            rows.append(CsvRow(line, values))
    return rows


def bad_rows_error(path: Path, problems: Sequence[tuple[int, str]]) -> InputFileError:
    """One error listing every bad row by line (up to MAX_LISTED): a file is taken whole
    or not at all, so the person fixing it sees everything to fix at once."""
    listed = "\n".join(f"  line {line}: {why}" for line, why in problems[:MAX_LISTED])
    more = len(problems) - MAX_LISTED
    return InputFileError(
        path,
        f"{len(problems)} bad row(s); nothing was imported from this file:\n{listed}"
        + (f"\n  ... and {more} more" if more > 0 else ""),
        line=problems[0][0],
    )


def parse_all_rows(
    path: Path,
    rows: Sequence[CsvRow],
    parse: Callable[[CsvRow], T],
    bad: type[Exception] = ValueError,
) -> list[T]:
    """Every row parsed, or `bad_rows_error` naming each row whose parse raised `bad`."""
    found: list[T] = []
    problems: list[tuple[int, str]] = []
    for row in rows:
        try:
            found.append(parse(row))
        except bad as exc:
            problems.append((row.line, str(exc)))
    if problems:
        raise bad_rows_error(path, problems)
    return found
