"""The HR table: one row per trainee, the same columns in HTML, Excel and CSV.

Built once from a `CohortResult` as plain typed cells, so the three outputs cannot
drift apart: CSV and Excel serialise exactly these values, and a rebuild from a
decision record yields the same bytes.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass

from frontline.core.i18n import Text
from frontline.core.spreadsheet import spreadsheet_safe
from frontline.hr.policy.model import Tier, component_label
from frontline.hr.rules.outcomes import CohortResult, DecisionKind, TraineeOutcome

Cell = str | float | None

DECISION_LABELS = {
    DecisionKind.PROMOTION_EVIDENCE: Text(zh="晋升依据", en="promotion evidence"),
    DecisionKind.RETAKE_REQUIRED: Text(zh="需补考", en="retake required"),
    DecisionKind.RETRAINING_REQUIRED: Text(zh="需再培训", en="retraining required"),
    DecisionKind.HR_REVIEW: Text(zh="人事复核", en="HR review"),
    DecisionKind.SECOND_LOOK: Text(zh="建议复看", en="second look"),
}
INCOMPLETE = Text(zh="未定", en="incomplete")
KNOWN_COMPONENTS = ("theory", "practical", "appraisal")


def decision_label(kind: DecisionKind) -> Text:
    return DECISION_LABELS.get(kind, Text(zh=str(kind), en=str(kind)))


def tier_label(tier: Tier | None) -> Text:
    return tier.label if tier is not None else INCOMPLETE


@dataclass(frozen=True)
class Column:
    key: str
    label: Text
    numeric: bool = False


@dataclass(frozen=True)
class ReportTable:
    columns: tuple[Column, ...]
    rows: tuple[tuple[Cell, ...], ...]
    outcomes: tuple[TraineeOutcome, ...]  # row i is outcomes[i]

    @property
    def keys(self) -> list[str]:
        return [c.key for c in self.columns]


def component_names(outcomes: Iterable[TraineeOutcome]) -> list[str]:
    """Every component any trainee has, the usual three first, others as first seen."""
    seen: list[str] = []
    for outcome in outcomes:
        for name in (*outcome.weights, *(c.name for c in outcome.components)):
            if name not in seen:
                seen.append(name)
    known = [name for name in KNOWN_COMPONENTS if name in seen]
    return known + [name for name in seen if name not in KNOWN_COMPONENTS]


def _columns(components: list[str]) -> tuple[Column, ...]:
    columns = [
        Column("trainee_id", Text("编号", "ID")),
        Column("name", Text("姓名", "name")),
        Column("name_en", Text("英文名", "name (en)")),
        Column("team", Text("团队", "team")),
        Column("role", Text("岗位", "role")),
        Column("cycle", Text("周期", "cycle")),
    ]
    for name in components:
        label = component_label(name)
        columns.append(Column(name, label, numeric=True))
        columns.append(Column(f"{name}_tier", Text(f"{label.zh}等级", f"{label.en} tier")))
    columns += [
        Column("overall", Text("综合", "overall"), numeric=True),
        Column("tier", Text("等级", "tier")),
        Column("tier_zh", Text("等级(中文)", "tier (zh)")),
        Column("rule", Text("规则", "rule")),
        Column("reason_zh", Text("依据", "reason (zh)")),
        Column("reason_en", Text("依据(英文)", "reason")),
        Column("flags", Text("标记", "flags")),
        Column("decisions_zh", Text("决定及理由", "decisions (zh)")),
        Column("decisions_en", Text("决定及理由(英文)", "decisions")),
        Column("policy_version", Text("政策版本", "policy version")),
        Column("policy_digest", Text("政策指纹", "policy hash")),
    ]
    return tuple(columns)


def _number(value: float | None) -> float | None:
    return None if value is None else float(value)


def _row(outcome: TraineeOutcome, components: list[str], result: CohortResult) -> tuple[Cell, ...]:
    trainee = outcome.trainee
    by_name = {c.name: c for c in outcome.components}
    cells: list[Cell] = [
        trainee.trainee_id,
        trainee.name,
        trainee.name_en,
        trainee.team,
        trainee.role,
        outcome.cycle,
    ]
    for name in components:
        component = by_name.get(name)
        cells.append(None if component is None else _number(component.score))
        cells.append("" if component is None or component.tier is None else component.tier.value)
    decisions = outcome.decisions
    cells += [
        _number(outcome.overall),
        outcome.tier.value if outcome.tier is not None else "incomplete",
        tier_label(outcome.tier).zh,
        outcome.rule,
        outcome.reason.zh,
        outcome.reason.en,
        ";".join(d.kind.value for d in decisions),
        "\n".join(f"{decision_label(d.kind).zh}:{d.reason.zh}" for d in decisions),
        "\n".join(f"{decision_label(d.kind).en}: {d.reason.en}" for d in decisions),
        result.policy_version,
        result.policy_digest,
    ]
    return tuple(cells)


def build_table(result: CohortResult) -> ReportTable:
    """Rows in a stable order (team, then id), so two builds of one result are identical."""
    outcomes = tuple(sorted(result.outcomes, key=lambda o: (o.trainee.team, o.trainee.trainee_id)))
    components = component_names(outcomes)
    return ReportTable(
        columns=_columns(components),
        rows=tuple(_row(o, components, result) for o in outcomes),
        outcomes=outcomes,
    )


def format_number(value: float) -> str:
    return f"{value:.2f}"


def export_cells(table: ReportTable) -> list[list[Cell]]:
    """The cells as CSV and Excel store them: text made formula-safe, numbers kept."""
    return [
        [spreadsheet_safe(cell) if isinstance(cell, str) else cell for cell in row]
        for row in table.rows
    ]


def to_csv(table: ReportTable) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(table.keys)
    for row in export_cells(table):
        writer.writerow(
            ["" if c is None else format_number(c) if isinstance(c, float) else c for c in row]
        )
    return buffer.getvalue()


def tier_counts(outcomes: Iterable[TraineeOutcome]) -> dict[str, int]:
    """Trainees per tier (and incomplete), every tier present even at zero."""
    counts = {tier.value: 0 for tier in Tier}
    counts["incomplete"] = 0
    for outcome in outcomes:
        counts[outcome.tier.value if outcome.tier is not None else "incomplete"] += 1
    return counts
