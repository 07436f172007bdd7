"""The cohort summary for one exam: a CSV for Excel and an HTML page, each complete or absent.

Every row carries the tier and the reason behind it; trainees whose submission
could not be graded are listed with the reason, never as a zero.
"""

from __future__ import annotations

import csv
import html
import io
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from .atomic import write_text_atomic
from .policy import Policy, Tier
from .roster import Trainee
from .textable import render_table
from .tiers import TierResult


@dataclass(frozen=True)
class SummaryRow:
    trainee: Trainee
    score: float | None
    max_score: float | None
    result: TierResult | None
    status: str
    reason_zh: str
    reason_en: str
    pending_manual: int = 0

    @property
    def tier_text(self) -> str:
        if self.result is not None and self.result.tier is not None:
            tier = self.result.tier
            return f"{tier.label.zh} {tier.label.en}"
        return {
            "incomplete": "未定 incomplete",
            "not graded": "未评分 not graded",
            "no submission": "未提交 no submission",
        }.get(self.status, self.status)


def build_rows(
    trainees: list[Trainee],
    results: dict[str, TierResult],
    totals: dict[str, tuple[float, float, int]],
    not_graded: dict[str, str],
) -> list[SummaryRow]:
    rows: list[SummaryRow] = []
    for trainee in trainees:
        tid = trainee.trainee_id
        if tid in not_graded:
            reason = not_graded[tid]
            rows.append(
                SummaryRow(
                    trainee,
                    None,
                    None,
                    None,
                    "not graded",
                    f"未评分,不计为零分。原因:{reason}",
                    f"not graded: {reason}",
                )
            )
        elif tid in results:
            result = results[tid]
            score, maximum, pending = totals.get(tid, (0.0, 0.0, 0))
            rows.append(
                SummaryRow(
                    trainee,
                    score,
                    maximum,
                    result,
                    result.status,
                    result.reason.zh,
                    result.reason.en,
                    pending,
                )
            )
        else:
            rows.append(
                SummaryRow(
                    trainee, None, None, None, "no submission", "未提交试卷", "no submission"
                )
            )
    return rows


def tier_counts(rows: list[SummaryRow]) -> Counter[str]:
    return Counter(row.status for row in rows)


def text_table(rows: list[SummaryRow]) -> str:
    body = []
    for row in rows:
        score = (
            f"{row.score:g}/{row.max_score:g}" if row.score is not None and row.max_score else "-"
        )
        overall = (
            f"{row.result.overall:.2f}"
            if row.result is not None and row.result.overall is not None
            else "-"
        )
        body.append(
            [
                row.trainee.trainee_id,
                row.trainee.display_name,
                score,
                overall,
                row.tier_text,
                row.reason_en,
            ]
        )
    return render_table(["id", "name", "score", "overall", "tier", "reason"], body)


CSV_COLUMNS = [
    "trainee_id",
    "name",
    "name_en",
    "team",
    "score",
    "max_score",
    "overall",
    "tier",
    "tier_zh",
    "status",
    "rule",
    "reason_zh",
    "reason_en",
    "pending_manual",
    "policy_version",
]


def spreadsheet_safe(text: str) -> str:
    """Keep Excel from running a name such as `=HYPERLINK(...)` as a formula."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def to_csv(rows: list[SummaryRow], policy: Policy) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for row in rows:
        result = row.result
        tier = result.tier if result is not None else None
        writer.writerow(
            [
                spreadsheet_safe(row.trainee.trainee_id),
                spreadsheet_safe(row.trainee.name),
                spreadsheet_safe(row.trainee.name_en),
                spreadsheet_safe(row.trainee.team),
                "" if row.score is None else f"{row.score:g}",
                "" if row.max_score is None else f"{row.max_score:g}",
                "" if result is None or result.overall is None else f"{result.overall:.2f}",
                tier.value if tier else "",
                tier.label.zh if tier else "",
                row.status,
                result.rule if result else "",
                row.reason_zh,
                row.reason_en,
                row.pending_manual,
                policy.version,
            ]
        )
    return buffer.getvalue()


TIER_COLOURS = {
    Tier.EXCELLENT.value: "#1b7f3b",
    Tier.GOOD.value: "#2f6db5",
    Tier.PASS.value: "#8a6d00",
    Tier.FAIL.value: "#b3261e",
}


def to_html(rows: list[SummaryRow], policy: Policy, exam: str) -> str:
    esc = html.escape
    counts = tier_counts(rows)
    headline = " · ".join(
        f"{esc(t.label.zh)} {esc(t.label.en)}: {counts.get(t.value, 0)}" for t in Tier
    )
    others = [f"{esc(s)}: {n}" for s, n in counts.items() if s not in {t.value for t in Tier}]
    body = []
    for row in rows:
        result = row.result
        colour = TIER_COLOURS.get(row.status, "#555")
        overall = "" if result is None or result.overall is None else f"{result.overall:.2f}"
        score = "" if row.score is None else f"{row.score:g} / {row.max_score:g}"
        body.append(
            "<tr>"
            f"<td>{esc(row.trainee.trainee_id)}</td><td>{esc(row.trainee.name)}</td>"
            f"<td>{esc(row.trainee.name_en)}</td><td>{esc(row.trainee.team)}</td>"
            f"<td class='num'>{esc(score)}</td><td class='num'>{esc(overall)}</td>"
            f"<td style='color:{colour};font-weight:bold'>{esc(row.tier_text)}</td>"
            f"<td>{esc(row.reason_zh)}<br><span class='en'>{esc(row.reason_en)}</span></td>"
            "</tr>"
        )
    stamp = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    cut = policy.cutoffs
    cutoffs = f"优秀 ≥ {cut.excellent:g}, 良好 ≥ {cut.good:g}, 合格 ≥ {cut.pass_mark:g}"
    return f"""<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8">
<title>{esc(exam)} · 成绩汇总 Summary</title>
<style>
body {{ font-family: "Noto Sans CJK SC", "Microsoft YaHei", sans-serif; margin: 2em; color: #222; }}
table {{ border-collapse: collapse; width: 100%; }}
th, td {{ border-bottom: 1px solid #ddd; padding: 6px 8px; text-align: left; vertical-align: top; }}
th {{ background: #f3f4f6; }} td.num {{ text-align: right; white-space: nowrap; }}
.en {{ color: #666; font-size: 90%; }} .meta {{ color: #666; }}
</style></head><body>
<h1>{esc(exam)} · 成绩汇总 Tier summary</h1>
<p><strong>{headline}</strong>{(" · " + " · ".join(others)) if others else ""}</p>
<p class="meta">政策 Policy {esc(policy.version)} ({esc(policy.digest or "built-in")}) ·
{cutoffs} ·
{esc(stamp)}</p>
<table><thead><tr><th>ID</th><th>姓名</th><th>Name</th><th>团队 Team</th><th>得分 Score</th>
<th>综合 Overall</th><th>等级 Tier</th><th>依据 Reason</th></tr></thead>
<tbody>
{chr(10).join(body)}
</tbody></table></body></html>
"""


def write_summary(rows: list[SummaryRow], policy: Policy, exam: str, out_dir: Path) -> list[Path]:
    csv_path = out_dir / "summary.csv"
    html_path = out_dir / "summary.html"
    # utf-8-sig: Excel on Windows reads the BOM and shows the Chinese names correctly.
    write_text_atomic(csv_path, to_csv(rows, policy), encoding="utf-8-sig")
    write_text_atomic(html_path, to_html(rows, policy, exam))
    return [csv_path, html_path]
