"""The roster: who the trainees are. Read from a CSV that HR keeps."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from frontline.core.csvfile import read_csv_rows
from frontline.core.errors import InputFileError

REQUIRED_COLUMNS = ("trainee_id", "name", "team")
OPTIONAL_COLUMNS = ("name_en", "role", "hire_date")
# Trainee ids become folder names in nbgrader's exchange, so they must be path-safe
# ('.' and '..' are not, nor is a leading '-' that reads as an option), and must not
# contain '+', which nbgrader uses as a separator.
_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")


@dataclass(frozen=True)
class Trainee:
    trainee_id: str
    name: str
    team: str
    name_en: str = ""
    role: str = ""
    hire_date: date | None = None

    @property
    def display_name(self) -> str:
        if self.name_en and self.name_en != self.name:
            return f"{self.name} ({self.name_en})"
        return self.name


def load_roster(path: Path) -> list[Trainee]:
    """Read and check the roster; every problem names the file and line."""
    trainees: list[Trainee] = []
    seen: dict[str, int] = {}
    rows = read_csv_rows(path, what="roster", required=REQUIRED_COLUMNS, optional=OPTIONAL_COLUMNS)
    for row in rows:
        line, values = row.line, row.values
        trainee_id = values.get("trainee_id", "")
        if not _ID.match(trainee_id):
            raise InputFileError(
                path,
                f"trainee_id {trainee_id!r} must start with a letter or digit and hold "
                "only letters, digits, '.', '-' or '_'",
                line=line,
            )
        # T001 and t001 would share one home folder on a case-insensitive disk.
        folded = trainee_id.casefold()
        if folded in seen:
            raise InputFileError(
                path,
                f"trainee_id {trainee_id!r} already used on line {seen[folded]}",
                line=line,
            )
        seen[folded] = line
        if not values.get("name"):
            raise InputFileError(path, "name is empty", line=line)
        if not values.get("team"):
            raise InputFileError(path, "team is empty", line=line)
        hired: date | None = None
        if values.get("hire_date"):
            try:
                hired = date.fromisoformat(values["hire_date"])
            except ValueError:
                raise InputFileError(
                    path,
                    f"hire_date {values['hire_date']!r} is not a date like 2025-03-31",
                    line=line,
                ) from None
        trainees.append(
            Trainee(
                trainee_id=trainee_id,
                name=values["name"],
                team=values["team"],
                name_en=values.get("name_en", ""),
                role=values.get("role", ""),
                hire_date=hired,
            )
        )
    if not trainees:
        raise InputFileError(path, "the roster lists no trainees")
    return trainees
