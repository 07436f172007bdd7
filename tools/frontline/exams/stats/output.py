"""Item analysis for people: a terminal table, a CSV for Excel and a PNG chart.

Each file is written whole or not at all (`frontline.core.atomic`).
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from frontline.core.atomic import write_bytes_atomic, write_text_atomic
from frontline.core.textable import render_table
from frontline.exams.stats.items import ChoiceStats, ExamStats, ItemStats

ITEM_CSV = "item-stats.csv"
ITEM_CHART = "item-stats.png"
CHOICE_CSV = "choice-stats.csv"


def _num(value: float | None, digits: int = 2) -> str:
    return "-" if value is None else f"{value:.{digits}f}"


def _flags(item: ItemStats) -> str:
    return ", ".join(f"{flag.zh} {flag.value}" for flag in item.flags)


def item_table(stats: ExamStats) -> str:
    header = ["item", "max", "n", "facility", "D", "upper", "lower", "item-rest r", "flags"]
    rows = [
        [
            item.item,
            f"{item.max_score:g}",
            str(item.trainees) + (f" (+{item.pending} pending)" if item.pending else ""),
            _num(item.facility),
            _num(item.discrimination),
            _num(item.upper_facility),
            _num(item.lower_facility),
            _num(item.item_rest),
            _flags(item),
        ]
        for item in stats.items
    ]
    return render_table(header, rows)


def summary_lines(stats: ExamStats) -> list[str]:
    s = stats.settings
    lines = [
        f"{stats.exam}: {len(stats.items)} items, {stats.trainees} trainees; "
        f"upper and lower groups of {stats.group_size} "
        f"({s.group_fraction:.0%} each, ranked by exam total).",
        f"Flags: too easy if facility > {s.easy_above:g}, too hard if < {s.hard_below:g}, "
        f"weak if 0 <= D < {s.weak_below:g}, negative if D < 0.",
        f"{len(stats.flagged)} of {len(stats.items)} items flagged.",
    ]
    if 0 < stats.trainees < 20:
        lines.append(
            f"Only {stats.trainees} trainees: with groups this small one answer moves D by "
            f"{1 / max(1, stats.group_size):.2f}; read the flags as hints."
        )
    return lines


def item_csv(stats: ExamStats) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(
        [
            "exam",
            "item",
            "max_score",
            "trainees",
            "pending",
            "facility",
            "discrimination",
            "upper_facility",
            "lower_facility",
            "item_rest_r",
            "flags",
            "标记",
        ]
    )
    for item in stats.items:
        writer.writerow(
            [
                stats.exam,
                item.item,
                f"{item.max_score:g}",
                item.trainees,
                item.pending,
                "" if item.facility is None else item.facility,
                "" if item.discrimination is None else item.discrimination,
                "" if item.upper_facility is None else item.upper_facility,
                "" if item.lower_facility is None else item.lower_facility,
                "" if item.item_rest is None else item.item_rest,
                "; ".join(flag.value for flag in item.flags),
                "; ".join(flag.zh for flag in item.flags),
            ]
        )
    return buffer.getvalue()


def choice_table(choices: tuple[ChoiceStats, ...]) -> str:
    header = ["scenario", "step", "choice", "taken", "reached", "upper", "lower", "D"]
    rows = [
        [
            c.scenario,
            c.step,
            c.choice,
            str(c.taken),
            str(c.reached),
            f"{c.upper_taken}/{c.group_size}",
            f"{c.lower_taken}/{c.group_size}",
            _num(c.discrimination),
        ]
        for c in choices
    ]
    return render_table(header, rows)


def choice_csv(choices: tuple[ChoiceStats, ...]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(
        [
            "scenario",
            "step",
            "choice",
            "taken",
            "reached",
            "upper_taken",
            "lower_taken",
            "group_size",
            "upper_share",
            "lower_share",
            "discrimination",
        ]
    )
    for c in choices:
        writer.writerow(
            [
                c.scenario,
                c.step,
                c.choice,
                c.taken,
                c.reached,
                c.upper_taken,
                c.lower_taken,
                c.group_size,
                "" if c.upper_share is None else c.upper_share,
                "" if c.lower_share is None else c.lower_share,
                "" if c.discrimination is None else c.discrimination,
            ]
        )
    return buffer.getvalue()


def item_chart(stats: ExamStats) -> bytes:
    """Two bar panels per item (facility, discrimination) with the thresholds drawn in."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from frontline.core.fonts import configure_cjk_font

    configure_cjk_font()
    s = stats.settings
    items = list(stats.items)
    names = [item.item for item in items]
    positions = list(range(len(items)))
    height = max(3.0, 0.32 * len(items) + 1.6)
    figure, (left, right) = plt.subplots(1, 2, figsize=(10, height), sharey=True)
    try:
        facility = [item.facility or 0.0 for item in items]
        colours = [
            "#c0392b"
            if item.facility is not None
            and (item.facility > s.easy_above or item.facility < s.hard_below)
            else "#2e86c1"
            for item in items
        ]
        left.barh(positions, facility, color=colours, zorder=2)
        left.axvspan(0, s.hard_below, color="#f5b7b1", alpha=0.35, lw=0, zorder=0)
        left.axvspan(s.easy_above, 1, color="#f5b7b1", alpha=0.35, lw=0, zorder=0)
        left.set_xlim(0, 1)
        left.set_title("通过率 Facility")
        left.set_yticks(positions, names)
        left.invert_yaxis()

        discrimination = [item.discrimination or 0.0 for item in items]
        colours = [
            "#c0392b"
            if item.discrimination is not None and item.discrimination < 0
            else "#e67e22"
            if item.discrimination is not None and item.discrimination < s.weak_below
            else "#27ae60"
            for item in items
        ]
        right.barh(positions, discrimination, color=colours, zorder=2)
        right.axvspan(-1, 0, color="#f5b7b1", alpha=0.35, lw=0, zorder=0)
        right.axvspan(0, s.weak_below, color="#fad7a0", alpha=0.35, lw=0, zorder=0)
        right.axvline(0, color="black", lw=0.8)
        right.set_xlim(min(-0.2, *discrimination) - 0.05, 1)
        right.set_title("区分度 Discrimination (D)")
        figure.suptitle(
            f"题目分析 Item analysis: {stats.exam} ({stats.trainees} 人 trainees)",
            fontsize=12,
        )
        figure.tight_layout()
        buffer = io.BytesIO()
        figure.savefig(buffer, format="png", dpi=110)
        return buffer.getvalue()
    finally:
        plt.close(figure)


def write_item_files(stats: ExamStats, out_dir: Path) -> list[Path]:
    csv_path = out_dir / ITEM_CSV
    chart_path = out_dir / ITEM_CHART
    # utf-8-sig: Excel on Windows reads the BOM and shows the Chinese column correctly.
    write_text_atomic(csv_path, item_csv(stats), encoding="utf-8-sig")
    write_bytes_atomic(chart_path, item_chart(stats))
    return [csv_path, chart_path]


def write_choice_file(choices: tuple[ChoiceStats, ...], out_dir: Path) -> Path:
    path = out_dir / CHOICE_CSV
    write_text_atomic(path, choice_csv(choices), encoding="utf-8-sig")
    return path
