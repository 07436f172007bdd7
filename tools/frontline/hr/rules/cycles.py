"""Cycles (monthly "2026-11" or quarterly "2026-Q4"): which cycle a date or a label belongs to.

Labels are chosen so that sorting them as text puts them in time order.
"""

from __future__ import annotations

import re
from datetime import date
from typing import TYPE_CHECKING

from frontline.hr.policy.model import CycleLength

if TYPE_CHECKING:
    import pandas as pd

_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_QUARTER = re.compile(r"^(\d{4})-Q([1-4])$", re.IGNORECASE)


def cycle_of(day: date, length: CycleLength) -> str:
    if length == "quarterly":
        return f"{day.year}-Q{(day.month - 1) // 3 + 1}"
    return f"{day.year}-{day.month:02d}"


def parse_cycle(text: str, length: CycleLength) -> str | None:
    """A cycle label from `2026-11`, `2026-Q4` or a date `2026-11-15`; None if it is none of them.

    A month is accepted by a quarterly policy (it lies in one quarter); a quarter is
    refused by a monthly policy, since it spans three months.
    """
    value = text.strip()
    if match := _QUARTER.match(value):
        return f"{match[1]}-Q{match[2]}" if length == "quarterly" else None
    if match := _MONTH.match(value):
        month = int(match[2])
        if not 1 <= month <= 12:
            return None
        return cycle_of(date(int(match[1]), month, 1), length)
    try:
        return cycle_of(date.fromisoformat(value), length)
    except ValueError:
        return None


def cycles_of_times(times: pd.Series, length: CycleLength, timezone: str) -> pd.Series:
    """Cycle labels for naive UTC timestamps (as nbgrader stores them), in the policy's zone."""
    import pandas as pd

    stamps = pd.to_datetime(times)
    if stamps.dt.tz is None:
        stamps = stamps.dt.tz_localize("UTC")
    local = stamps.dt.tz_convert(timezone)
    if length == "quarterly":
        labels = (
            local.dt.year.astype("Int64").astype(str)
            + "-Q"
            + local.dt.quarter.astype("Int64").astype(str)
        )
    else:
        labels = local.dt.strftime("%Y-%m")
    return labels.where(stamps.notna(), None)
