"""Reliability and distractors for people: summary lines, a terminal table, a CSV for Excel."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from frontline.core.atomic import write_text_atomic
from frontline.core.textable import render_table
from frontline.exams.stats.reliability import OptionStats, Reliability

DISTRACTOR_CSV = "distractor-stats.csv"
# Below this alpha a total tells little beyond the day's luck (a common rule of thumb
# for decisions about individuals is 0.8; for a classroom test 0.7).
LOW_ALPHA = 0.7


def reliability_lines(result: Reliability) -> list[str]:
    """Alpha and SEM in one line each, with what they mean for a trainer."""
    if result.alpha is None or result.sem is None:
        return [
            f"Reliability: not computable ({result.trainees} trainees with every item scored, "
            f"{result.items} items; needs at least 2 of each and totals that differ).",
        ]
    lines = [
        f"Reliability: Cronbach's alpha (KR-20) = {result.alpha:.2f} over {result.items} items "
        f"and {result.trainees} trainees; mean total {result.mean:g} of {result.max_total:g}, "
        f"SD {result.sd:g}.",
        f"SEM = {result.sem:.2f} points ({result.sem_percent:.1f} of 100): a total within about "
        f"one SEM of a cut-off could fall on either side of it on another day.",
    ]
    if result.alpha < LOW_ALPHA:
        lines.append(
            f"Alpha below {LOW_ALPHA:g}: the items do not measure one thing consistently; "
            f"look at the items with weak or negative discrimination first."
        )
    return lines


def _share(value: float | None) -> str:
    return "-" if value is None else f"{value:.2f}"


def distractor_table(options: tuple[OptionStats, ...]) -> str:
    header = ["item", "option", "key", "chosen", "upper", "lower", "flag"]
    rows = [
        [
            o.item,
            o.option,
            "yes" if o.is_key else "",
            str(o.chosen),
            _share(o.upper_share),
            _share(o.lower_share),
            f"{o.flag.zh} {o.flag.value}" if o.flag else "",
        ]
        for o in options
    ]
    return render_table(header, rows)


def distractor_csv(options: tuple[OptionStats, ...]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(
        ["item", "option", "is_key", "chosen", "upper_chosen", "lower_chosen", "group_size",
         "upper_share", "lower_share", "flag"]
    )  # fmt: skip
    for o in options:
        writer.writerow(
            [o.item, o.option, int(o.is_key), o.chosen, o.upper_chosen, o.lower_chosen,
             o.group_size, "" if o.upper_share is None else o.upper_share,
             "" if o.lower_share is None else o.lower_share, o.flag.value if o.flag else ""]
        )  # fmt: skip
    return buffer.getvalue()


def write_distractor_file(options: tuple[OptionStats, ...], out_dir: Path) -> Path:
    path = out_dir / DISTRACTOR_CSV
    write_text_atomic(path, distractor_csv(options), encoding="utf-8-sig")
    return path
