"""Read the KPI sheet and the spot checks together and score every month.

A failed spot check for a trainee and month without a KPI row would deduct from
nothing, so it is refused with its file and line rather than dropped.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from frontline.core.errors import InputFileError
from frontline.hr.kpi.inputs import KpiRow, SpotCheck, read_kpi_sheet, read_spot_checks
from frontline.hr.kpi.score import KpiScore, kpi_ratings, score_sheet, unmatched_checks
from frontline.hr.policy.model import Policy
from frontline.hr.rules.cycles import cycle_of
from frontline.hr.rules.outcomes import ScoreRecord


@dataclass(frozen=True)
class KpiInputs:
    rows: tuple[KpiRow, ...]
    checks: tuple[SpotCheck, ...]
    scores: tuple[KpiScore, ...]
    ratings: tuple[ScoreRecord, ...]  # what the appraisal component receives


def load_kpi(
    sheet: Path, checks: Path | None, policy: Policy, known: Collection[str] | None = None
) -> KpiInputs:
    rows = read_kpi_sheet(sheet, known)
    found = read_spot_checks(checks, known) if checks is not None else []
    stray = unmatched_checks(rows, found)
    if stray and checks is not None:
        first = stray[0]
        raise InputFileError(
            checks,
            f"failed spot check of {first.trainee_id} in {first.month}, but {sheet.name} has "
            "no row for that trainee and month, so it would deduct from nothing",
            line=int(first.source.rsplit(" ", 1)[-1]),
        )
    scores = score_sheet(rows, found, policy.kpi)
    months = {
        row.month: cycle_of(date.fromisoformat(row.month + "-01"), policy.cycles.length)
        for row in rows
    }
    ratings = kpi_ratings(scores, policy.kpi, months)
    return KpiInputs(tuple(rows), tuple(found), tuple(scores), tuple(ratings))
