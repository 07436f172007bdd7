"""The HR table as an Excel workbook: all trainees, a sheet per team, and an About sheet.

Cells hold exactly what the CSV holds (numbers as numbers, text made formula-safe
and written as strings), so a test can read both back and compare them.
"""

from __future__ import annotations

import io
import re
from typing import Any

from frontline.report.meta import ReportMeta
from frontline.report.table import Cell, ReportTable, export_cells

TIER_FILLS = {
    "excellent": "#C8E6C9",
    "good": "#BBDEFB",
    "pass": "#FFF3C4",
    "fail": "#F8C8C4",
    "incomplete": "#E0E0E0",
}
_BAD_SHEET_CHARS = re.compile(r"[\[\]:*?/\\]")


def sheet_name(team: str, taken: set[str]) -> str:
    """Excel allows 31 characters and none of []:*?/\\ in a sheet name, each name once."""
    base = _BAD_SHEET_CHARS.sub("_", team).strip("'") or "team"
    name = base[:31]
    n = 2
    while name.casefold() in taken:
        suffix = f" ({n})"
        name = base[: 31 - len(suffix)] + suffix
        n += 1
    taken.add(name.casefold())
    return name


def _write_table(
    workbook: Any, sheet: Any, table: ReportTable, rows: list[list[Cell]], meta: ReportMeta
) -> None:
    header = workbook.add_format({"bold": True, "bg_color": "#ECEFF1", "text_wrap": True})
    number = workbook.add_format({"num_format": "0.00"})
    wrap = workbook.add_format({"text_wrap": True, "valign": "top"})
    tier_formats = {
        tier: workbook.add_format({"bg_color": colour, "bold": True})
        for tier, colour in TIER_FILLS.items()
    }
    columns = table.columns
    for col, column in enumerate(columns):
        sheet.write_string(0, col, column.key, header)
        width = column.excel_width
        sheet.set_column(col, col, width, wrap if width > 30 else None)
    for r, row in enumerate(rows, start=1):
        for col, cell in enumerate(row):
            if cell is None:
                continue
            if isinstance(cell, float):
                sheet.write_number(r, col, cell, number)
            elif columns[col].tier_fill:
                sheet.write_string(r, col, cell, tier_formats.get(cell.lstrip("'")))
            elif cell:
                sheet.write_string(r, col, cell)
    sheet.freeze_panes(1, 2)
    sheet.autofilter(0, 0, max(len(rows), 1), len(columns) - 1)
    # The printed page names the policy and date too, as the About sheet does.
    sheet.set_header(
        f"&L{_header_safe(meta.cycle)}&R policy {_header_safe(meta.policy_version)} "
        f"{meta.policy_digest} · {meta.generated}"
    )


def _header_safe(text: str) -> str:
    return text.replace("&", "&&")[:60]


def _write_about(workbook: Any, meta: ReportMeta, total: int) -> None:
    sheet = workbook.add_worksheet("说明 About")
    bold = workbook.add_format({"bold": True})
    facts = [
        ("周期 cycle", meta.cycle),
        ("范围 scope", f"{meta.scope.zh} / {meta.scope.en}"),
        ("学员数 trainees", str(total)),
        ("政策版本 policy version", meta.policy_version),
        ("政策指纹 policy hash", meta.policy_digest),
        ("生成时间 generated", meta.generated),
        ("重建时间 rebuilt", meta.rebuilt or ""),
        ("软件版本 software", f"frontline {meta.software_version}"),
        ("匿名 anonymized", "是 yes" if meta.anonymized else "否 no"),
        (
            "分数线 cut-offs",
            f"优秀 excellent ≥ {meta.cutoffs.excellent:g}，良好 good ≥ {meta.cutoffs.good:g}，"
            f"合格 pass ≥ {meta.cutoffs.pass_mark:g}",
        ),
    ]
    for text in meta.assumptions:
        facts.append(("假设 assumed", f"{text.zh} / {text.en}"))
    for text in meta.notes:
        facts.append(("未计入 not counted", f"{text.zh} / {text.en}"))
    sheet.set_column(0, 0, 26)
    sheet.set_column(1, 1, 90)
    for r, (label, value) in enumerate(facts):
        sheet.write_string(r, 0, label, bold)
        sheet.write_string(r, 1, value)


def to_xlsx(table: ReportTable, meta: ReportMeta) -> bytes:
    import xlsxwriter

    buffer = io.BytesIO()
    # strings_to_numbers/formulas off: a name is stored as typed, never evaluated.
    workbook = xlsxwriter.Workbook(
        buffer,
        {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False},
    )
    cells = export_cells(table)
    _write_table(workbook, workbook.add_worksheet("全部 All"), table, cells, meta)
    teams: dict[str, list[list[Cell]]] = {}
    for outcome, row in zip(table.outcomes, cells, strict=True):
        teams.setdefault(outcome.trainee.team, []).append(row)
    taken = {"全部 all", "说明 about"}
    for team, rows in teams.items():
        _write_table(workbook, workbook.add_worksheet(sheet_name(team, taken)), table, rows, meta)
    _write_about(workbook, meta, len(cells))
    workbook.close()
    return buffer.getvalue()
