"""Numbers typed by people (score sheets, KPI sheets, model files): one reading, one message."""

from __future__ import annotations

import math


def finite_number(text: str, what: str) -> float:
    """`text` as a finite float, or ValueError saying what was expected (`what` names the
    column or field: "score '12,5' is not a number"); callers add the file and line."""
    try:
        value = float(text)
    except ValueError:
        raise ValueError(f"{what} {text!r} is not a number") from None
    if not math.isfinite(value):
        raise ValueError(f"{what} {text!r} is not a finite number")
    return value
