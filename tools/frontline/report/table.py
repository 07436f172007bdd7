"""The HR table: one row per trainee, the same columns in HTML, Excel and CSV.

Each column is declared once (`columns`): its key, its heading, how its value is
taken from an outcome and how it is formatted. The table is built from them once
as plain typed cells, so the three outputs cannot drift apart: CSV and Excel
serialise exactly these values, the HTML page shows the columns marked `shown`,
and a rebuild from a decision record yields the same bytes.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

from frontline.core.i18n import Lang, Text
from frontline.core.spreadsheet import spreadsheet_safe
from frontline.hr.policy.model import Tier, component_label
from frontline.hr.rules.outcomes import (
    CohortResult,
    ComponentResult,
    DecisionKind,
    TraineeOutcome,
)

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


def tier_key(tier: Tier | None) -> str:
    """A tier as the table stores it: its value, or "incomplete"."""
    return tier.value if tier is not None else "incomplete"


def tier_key_label(key: str) -> Text:
    """The label of a tier as the table stores it (`tier_key`)."""
    return tier_label(None if key == "incomplete" else Tier(key))


@dataclass(frozen=True)
class Shown:
    """How the HTML table shows a column: the macro of `templates/report.html.j2` that
    draws its cell, the column (if any) shown under it in the same cell, and whether a
    click on its heading sorts by number."""

    cell: str
    under: str | None = None
    sort: Literal["text", "num"] = "text"


@dataclass(frozen=True)
class Column:
    """One column of the HR table, declared once for HTML, Excel and CSV."""

    key: str  # the heading in CSV and Excel, and the cell's name
    header: Text  # the heading HR reads in the HTML table
    value: Callable[[TraineeOutcome, CohortResult], Cell]
    numeric: bool = False  # 2 decimals in CSV and Excel, right-aligned in HTML
    width: int | None = None  # in Excel (default 12 for numbers, else 16); over 30 wraps
    tier_fill: bool = False  # Excel fills the cell with its tier's colour
    shown: Shown | None = None  # None: in CSV and Excel only (HTML shows it in another cell)

    @property
    def excel_width(self) -> int:
        if self.width is not None:
            return self.width
        return 12 if self.numeric else 16


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


def _component_columns(name: str) -> tuple[Column, Column]:
    """A component's score and tier; HTML shows the tier under the score."""

    def component(outcome: TraineeOutcome) -> ComponentResult | None:
        return next((c for c in outcome.components if c.name == name), None)

    def score(outcome: TraineeOutcome, _: CohortResult) -> Cell:
        found = component(outcome)
        return None if found is None else _number(found.score)

    def tier(outcome: TraineeOutcome, _: CohortResult) -> Cell:
        found = component(outcome)
        return "" if found is None or found.tier is None else found.tier.value

    label = component_label(name)
    return (
        Column(name, label, score, numeric=True, shown=Shown("component", f"{name}_tier", "num")),
        Column(f"{name}_tier", Text(f"{label.zh}等级", f"{label.en} tier"), tier),
    )


def _decisions(outcome: TraineeOutcome, lang: Lang) -> str:
    separator = ":" if lang == "zh" else ": "
    return "\n".join(
        f"{decision_label(d.kind).get(lang)}{separator}{d.reason.get(lang)}"
        for d in outcome.decisions
    )


def _red_lines(outcome: TraineeOutcome, lang: Lang) -> str:
    """Each red line of the counted sittings: exam, scenario cell, category, what was done."""
    separator = "：" if lang == "zh" else ": "
    return "\n".join(
        f"{exam.exam} {hit.item}{separator}{hit.label.get(lang)}"
        + (f"（{hit.what.zh}）" if lang == "zh" else f" ({hit.what.en})")
        for c in outcome.components
        for exam in c.exams
        for hit in exam.red_lines
    )


def columns(components: Sequence[str]) -> tuple[Column, ...]:
    """Every column of the table, in order: who, each component, the result, the policy."""
    return (
        Column("trainee_id", Text("编号", "ID"), lambda o, _: o.trainee.trainee_id,
               shown=Shown("trainee_id")),
        Column("name", Text("姓名", "Name"), lambda o, _: o.trainee.name,
               shown=Shown("name", "name_en")),
        Column("name_en", Text("英文名", "name (en)"), lambda o, _: o.trainee.name_en),
        Column("team", Text("团队", "Team"), lambda o, _: o.trainee.team, shown=Shown("text")),
        Column("role", Text("岗位", "role"), lambda o, _: o.trainee.role),
        Column("cycle", Text("周期", "cycle"), lambda o, _: o.cycle),
        *(column for name in components for column in _component_columns(name)),
        Column("overall", Text("综合", "Overall"), lambda o, _: _number(o.overall),
               numeric=True, shown=Shown("overall", sort="num")),
        Column("tier", Text("等级", "Tier"), lambda o, _: tier_key(o.tier), tier_fill=True,
               shown=Shown("tier", sort="num")),
        Column("tier_zh", Text("等级（中文）", "tier (zh)"), lambda o, _: tier_label(o.tier).zh),
        Column("rule", Text("规则", "rule"), lambda o, _: o.rule, width=24),
        Column("reason_zh", Text("依据", "Reason"), lambda o, _: o.reason.zh, width=40,
               shown=Shown("reason", "reason_en")),
        Column("reason_en", Text("依据（英文）", "reason"), lambda o, _: o.reason.en, width=48),
        Column("red_lines_zh", Text("红线", "red lines (zh)"), lambda o, _: _red_lines(o, "zh"),
               width=40),
        Column("red_lines_en", Text("红线（英文）", "red lines"), lambda o, _: _red_lines(o, "en"),
               width=48),
        Column("flags", Text("决定", "Decisions"),
               lambda o, _: ";".join(d.kind.value for d in o.decisions),
               shown=Shown("decisions")),
        Column("decisions_zh", Text("决定及理由", "decisions (zh)"),
               lambda o, _: _decisions(o, "zh"), width=40),
        Column("decisions_en", Text("决定及理由（英文）", "decisions"),
               lambda o, _: _decisions(o, "en"), width=48),
        Column("policy_version", Text("政策版本", "policy version"),
               lambda _, r: r.policy_version),
        Column("policy_digest", Text("政策指纹", "policy hash"), lambda _, r: r.policy_digest),
    )  # fmt: skip


def _number(value: float | None) -> float | None:
    return None if value is None else float(value)


def build_table(result: CohortResult) -> ReportTable:
    """Rows in a stable order (team, then id), so two builds of one result are identical."""
    outcomes = tuple(sorted(result.outcomes, key=lambda o: (o.trainee.team, o.trainee.trainee_id)))
    chosen = columns(component_names(outcomes))
    return ReportTable(
        columns=chosen,
        rows=tuple(tuple(c.value(o, result) for c in chosen) for o in outcomes),
        outcomes=outcomes,
    )


def format_number(value: float) -> str:
    """A score as every output shows it: 85.50."""
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
        counts[tier_key(outcome.tier)] += 1
    return counts
