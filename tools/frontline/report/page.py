"""The HR report as one self-contained HTML file: no network, charts embedded as PNG.

The page is `templates/report.html.j2`, rendered with autoescaping, so a trainee
named `<script>...</script>` is shown as those characters and never run. Its table
shows the columns of `table.columns` marked `shown`, from the same cells as the CSV.
"""

from __future__ import annotations

import base64
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache

from frontline.core.templates import environment, render, share
from frontline.hr.policy.model import component_label
from frontline.hr.rules.outcomes import TraineeOutcome
from frontline.report.charts import TIER_COLOURS, Chart
from frontline.report.meta import ReportMeta
from frontline.report.sections import HrSections
from frontline.report.table import (
    Cell,
    ReportTable,
    decision_label,
    format_number,
    tier_counts,
    tier_key,
    tier_key_label,
)

TIER_RANK = {"excellent": 4, "good": 3, "pass": 2, "fail": 1, "incomplete": 0}


@dataclass(frozen=True)
class PageRow:
    """One trainee's row as the template reads it: the table's cells by key."""

    outcome: TraineeOutcome
    cells: Mapping[str, Cell]
    link: str | None  # the trainee's own page, when one was written


def shown_number(value: Cell) -> str:
    return "–" if value is None else format_number(float(value))


def sort_value(value: Cell) -> str:
    return "" if value is None else format_number(float(value))


@cache
def share_helpers() -> None:
    """What both HR pages' templates (and their macros) call: tier labels, colours and
    ranks, decision labels, number formats, and the five tier badges (`badges`), drawn
    once by the `tier_badge` macro since a page shows many."""
    share(
        "frontline.report",
        tier_key=tier_key,
        tier_key_label=tier_key_label,
        tier_colours=TIER_COLOURS,
        tier_rank=TIER_RANK,
        decision_label=decision_label,
        component_label=component_label,
        shown_number=shown_number,
        sort_value=sort_value,
    )
    macros = vars(environment("frontline.report").get_template("macros.html.j2").module)
    share("frontline.report", badges={key: macros["tier_badge"](key) for key in TIER_COLOURS})


def render_page(
    table: ReportTable,
    charts: Sequence[Chart],
    meta: ReportMeta,
    page_links: dict[str, str] | None = None,
    sections: HrSections | None = None,
) -> str:
    share_helpers()
    links = page_links or {}
    keys = table.keys
    rows = [
        PageRow(outcome, dict(zip(keys, cells, strict=True)), links.get(outcome.trainee.trainee_id))
        for outcome, cells in zip(table.outcomes, table.rows, strict=True)
    ]
    return render(
        "frontline.report",
        "report.html.j2",
        meta=meta,
        rows=rows,
        shown=[column for column in table.columns if column.shown is not None],
        counts=tier_counts(table.outcomes),
        figures=[(chart, base64.b64encode(chart.png).decode("ascii")) for chart in charts],
        sections=sections,
    )
