"""Appraisal ratings and external scores as CSV: every bad row named, nothing half-imported.

A file is read whole and checked row by row; if any row is wrong, the error lists
every bad row with its line (up to `core.csvfile.MAX_LISTED`) and no record of the file is used.
"""

from __future__ import annotations

from collections.abc import Collection
from pathlib import Path

from frontline.core.csvfile import CsvRow, parse_all_rows, read_csv_rows
from frontline.core.errors import InputFileError
from frontline.core.numbers import finite_number
from frontline.hr.policy.model import APPRAISAL, RATER_ROLES, Policy
from frontline.hr.rules.cycles import parse_cycle
from frontline.hr.rules.outcomes import ScoreRecord, SourceKind

APPRAISAL_COLUMNS = ("trainee_id", "cycle", "rater_role", "rater_id", "score", "max_score")
EXTERNAL_COLUMNS = ("trainee_id", "cycle", "source", "component", "score", "max_score")


class RowError(ValueError):
    """One problem in one row; collected, then reported together."""


def _number(values: dict[str, str], column: str) -> float:
    try:
        return finite_number(values.get(column, ""), column)
    except ValueError as exc:
        raise RowError(str(exc)) from None


def _score(values: dict[str, str]) -> tuple[float, float]:
    score = _number(values, "score")
    max_score = _number(values, "max_score")
    if max_score <= 0:
        raise RowError(f"max_score must be above 0, not {max_score:g}")
    if not 0 <= score <= max_score:
        raise RowError(f"score {score:g} is outside 0..{max_score:g}")
    return score, max_score


def _common(
    values: dict[str, str], policy: Policy, known: Collection[str] | None
) -> tuple[str, str]:
    trainee_id = values["trainee_id"]
    if not trainee_id:
        raise RowError("trainee_id is empty")
    if known is not None and trainee_id not in known:
        raise RowError(f"trainee_id {trainee_id!r} is not on the roster")
    length = policy.cycles.length
    cycle = parse_cycle(values["cycle"], length)
    if cycle is None:
        example = "2026-Q4" if length == "quarterly" else "2026-11"
        raise RowError(
            f"cycle {values['cycle']!r} is not a {length} cycle like {example} or a date"
        )
    return trainee_id, cycle


def read_appraisal_csv(
    path: Path, policy: Policy, known_trainees: Collection[str] | None = None
) -> list[ScoreRecord]:
    """`trainee_id,cycle,rater_role,rater_id,score,max_score`; roles supervisor, peer, self."""
    rows = read_csv_rows(path, what="appraisal", required=APPRAISAL_COLUMNS, optional=())
    if APPRAISAL not in policy.weights:
        raise InputFileError(
            path, "the policy has no appraisal component, so these ratings would count for nothing"
        )
    seen: dict[tuple[str, str, str, str], int] = {}

    def parse(row: CsvRow) -> ScoreRecord:
        values = row.values
        trainee_id, cycle = _common(values, policy, known_trainees)
        role = values["rater_role"]
        if role not in RATER_ROLES:
            raise RowError(f"rater_role {role!r} must be one of {list(RATER_ROLES)}")
        rater = values["rater_id"] or (trainee_id if role == "self" else "")
        if not rater:
            raise RowError(f"rater_id is empty (needed for a {role} rating)")
        key = (trainee_id, cycle, role, rater)
        if key in seen:
            raise RowError(
                f"{rater} already rated {trainee_id} as {role} for {cycle} on line {seen[key]}"
            )
        seen[key] = row.line
        score, max_score = _score(values)
        return ScoreRecord(
            trainee_id,
            cycle,
            f"appraisal:{role}",
            SourceKind.APPRAISAL,
            score,
            max_score,
            rater_id=rater,
        )

    return parse_all_rows(path, rows, parse, RowError)


def read_external_csv(
    path: Path, policy: Policy, known_trainees: Collection[str] | None = None
) -> list[ScoreRecord]:
    """`trainee_id,cycle,source,component,score,max_score[,attempt]` from other systems."""
    rows = read_csv_rows(
        path, what="external scores", required=EXTERNAL_COLUMNS, optional=("attempt",)
    )
    components = [name for name in policy.weights if name != APPRAISAL]

    def parse(row: CsvRow) -> ScoreRecord:
        values = row.values
        trainee_id, cycle = _common(values, policy, known_trainees)
        source = values["source"]
        if not source:
            raise RowError("source is empty (name the exam or observation, e.g. paper-theory)")
        component = values["component"]
        if component not in components:
            raise RowError(f"component {component!r} is not one of this policy's {components}")
        attempt_text = values.get("attempt") or "1"
        if not attempt_text.isdigit() or int(attempt_text) < 1:
            raise RowError(f"attempt {attempt_text!r} must be 1 (first sitting) or more")
        score, max_score = _score(values)
        return ScoreRecord(
            trainee_id,
            cycle,
            source,
            SourceKind.EXTERNAL,
            score,
            max_score,
            attempt=int(attempt_text),
            component=component,
        )

    return parse_all_rows(path, rows, parse, RowError)
