"""Score tables from outside nbgrader (paper exams, observed role-plays) as plain CSV."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from frontline.core.csvfile import read_csv_rows
from frontline.core.errors import InputFileError
from frontline.core.numbers import finite_number
from frontline.hr.policy.model import Policy

SCORE_COLUMNS = ("trainee_id", "component", "score", "max_score")


@dataclass(frozen=True)
class ScoreRow:
    """One row of a score table: points on one component (rows of a component add up)."""

    trainee_id: str
    component: str
    score: float
    max_score: float


def _number(path: Path, line: int, column: str, text: str) -> float:
    try:
        return finite_number(text, column)
    except ValueError as exc:
        raise InputFileError(path, str(exc), line=line) from None


def read_scores_csv(path: Path, policy: Policy) -> list[ScoreRow]:
    """Read `trainee_id,component,score,max_score`; each bad row is named by its line."""
    rows: list[ScoreRow] = []
    for row in read_csv_rows(path, what="scores", required=SCORE_COLUMNS):
        line, values = row.line, row.values
        trainee_id = values["trainee_id"]
        if not trainee_id:
            raise InputFileError(path, "trainee_id is empty", line=line)
        component = values["component"]
        if component not in policy.weights:
            raise InputFileError(
                path,
                f"component {component!r} is not weighted in the policy "
                f"(expected one of: {', '.join(policy.weights)})",
                line=line,
            )
        score = _number(path, line, "score", values["score"])
        max_score = _number(path, line, "max_score", values["max_score"])
        if max_score <= 0:
            raise InputFileError(path, f"max_score must be above 0, not {max_score:g}", line=line)
        if not 0 <= score <= max_score:
            raise InputFileError(path, f"score {score:g} is outside 0..{max_score:g}", line=line)
        rows.append(ScoreRow(trainee_id, component, score, max_score))
    return rows
