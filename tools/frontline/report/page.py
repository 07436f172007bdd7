"""The HR report as one self-contained HTML file: no network, charts embedded as PNG.

Every name and text from the inputs goes through `html.escape`, so a trainee named
`<script>...</script>` is shown as those characters and never run.
"""

from __future__ import annotations

import base64
from collections.abc import Sequence
from html import escape

from frontline.core.i18n import Text
from frontline.hr.policy.model import component_label
from frontline.hr.rules.outcomes import TraineeOutcome
from frontline.report.charts import TIER_COLOURS, Chart
from frontline.report.meta import ReportMeta
from frontline.report.table import (
    ReportTable,
    component_names,
    decision_label,
    tier_counts,
    tier_label,
)

STYLE = """
body { font-family: "Noto Sans CJK SC", "Microsoft YaHei", "PingFang SC", sans-serif;
       margin: 1.5em 2em; color: #1f2933; }
h1 { margin-bottom: .2em; } .meta { color: #52606d; font-size: 90%; }
.cards { display: flex; gap: 1em; flex-wrap: wrap; margin: 1em 0; }
.card { border-radius: 8px; padding: .6em 1.2em; color: #fff; min-width: 7em; }
.card b { display: block; font-size: 200%; }
.assumed { background: #fff8e1; border-left: 4px solid #c79100; padding: .5em 1em; }
.charts { display: flex; flex-wrap: wrap; gap: 1em; }
figure { margin: 0; border: 1px solid #e4e7eb; border-radius: 6px; padding: .5em; }
figure img { max-width: 100%; height: auto; }
figcaption { color: #52606d; font-size: 90%; }
table { border-collapse: collapse; width: 100%; font-size: 90%; }
th, td { border-bottom: 1px solid #e4e7eb; padding: 5px 7px; text-align: left;
         vertical-align: top; }
th { background: #f5f7fa; cursor: pointer; position: sticky; top: 0; white-space: nowrap; }
th:after { content: " ⇅"; color: #9aa5b1; } td.num { text-align: right; white-space: nowrap; }
.en { color: #616e7c; font-size: 90%; display: block; }
.tier { color: #fff; border-radius: 4px; padding: 1px 6px; white-space: nowrap; }
.flag { background: #e3f2fd; border-radius: 4px; padding: 1px 5px; margin: 1px;
        display: inline-block; font-size: 85%; }
"""

# Sorts by data-v when present (numbers, tier rank), else by the cell's text.
SORT_SCRIPT = """
document.querySelectorAll("table.sortable th").forEach(function (th) {
  th.addEventListener("click", function () {
    var body = th.closest("table").tBodies[0], i = th.cellIndex;
    var numeric = th.dataset.type === "num", up = th.dataset.dir !== "up";
    th.dataset.dir = up ? "up" : "down";
    var key = function (row) {
      var cell = row.cells[i];
      var v = cell.dataset.v !== undefined ? cell.dataset.v : cell.textContent;
      return numeric ? (v === "" ? -1 : parseFloat(v)) : v;
    };
    var rows = Array.prototype.slice.call(body.rows);
    rows.sort(function (a, b) {
      var x = key(a), y = key(b);
      var c = numeric ? x - y : String(x).localeCompare(String(y), "zh");
      return up ? c : -c;
    });
    rows.forEach(function (row) { body.appendChild(row); });
  });
});
"""

TIER_RANK = {"excellent": 4, "good": 3, "pass": 2, "fail": 1, "incomplete": 0}


def bilingual(text: Text) -> str:
    return f"{escape(text.zh)}<span class='en'>{escape(text.en)}</span>"


def tier_badge(tier_key: str) -> str:
    from frontline.hr.policy.model import Tier

    label = tier_label(None if tier_key == "incomplete" else Tier(tier_key))
    return (
        f"<span class='tier' style='background:{TIER_COLOURS[tier_key]}'>"
        f"{escape(label.zh)} {escape(label.en)}</span>"
    )


def _number(value: float | None) -> tuple[str, str]:
    if value is None:
        return "", "–"
    return f"{value:.2f}", f"{value:.2f}"


def _row(outcome: TraineeOutcome, components: list[str], page_link: str | None) -> str:
    t = outcome.trainee
    tier_key = outcome.tier.value if outcome.tier is not None else "incomplete"
    ident = escape(t.trainee_id)
    if page_link is not None:
        ident = f"<a href='{escape(page_link)}'>{ident}</a>"
    name = f"<span class='zh'>{escape(t.name)}</span>" + (
        f"<span class='en'>{escape(t.name_en)}</span>" if t.name_en else ""
    )
    cells = [f"<td>{ident}</td>", f"<td class='name'>{name}</td>", f"<td>{escape(t.team)}</td>"]
    by_name = {c.name: c for c in outcome.components}
    for component in components:
        result = by_name.get(component)
        v, shown = _number(None if result is None else result.score)
        tier = (
            ""
            if result is None or result.tier is None
            else f"<span class='en'>{escape(result.tier.label.zh)}</span>"
        )
        cells.append(f"<td class='num' data-v='{v}'>{shown}{tier}</td>")
    v, shown = _number(outcome.overall)
    cells.append(f"<td class='num' data-v='{v}'><b>{shown}</b></td>")
    cells.append(f"<td data-v='{TIER_RANK[tier_key]}'>{tier_badge(tier_key)}</td>")
    cells.append(f"<td>{bilingual(outcome.reason)}</td>")
    flags = "".join(
        f"<div><span class='flag'>{escape(decision_label(d.kind).zh)} "
        f"{escape(decision_label(d.kind).en)}</span> {bilingual(d.reason)}</div>"
        for d in outcome.decisions
    )
    cells.append(f"<td data-v='{escape(';'.join(d.kind.value for d in outcome.decisions))}'>"
                 f"{flags}</td>")  # fmt: skip
    return "<tr>" + "".join(cells) + "</tr>"


def _header(components: list[str]) -> str:
    heads = [
        ("text", Text("编号", "ID")),
        ("text", Text("姓名", "Name")),
        ("text", Text("团队", "Team")),
        *(("num", component_label(c)) for c in components),
        ("num", Text("综合", "Overall")),
        ("num", Text("等级", "Tier")),
        ("text", Text("依据", "Reason")),
        ("text", Text("决定", "Decisions")),
    ]
    return "".join(
        f"<th data-type='{kind}'>{escape(label.zh)} {escape(label.en)}</th>"
        for kind, label in heads
    )


def _cards(outcomes: Sequence[TraineeOutcome]) -> str:
    counts = tier_counts(outcomes)
    cards = [
        f"<div class='card' style='background:#37474f'><b>{len(outcomes)}</b>学员 trainees</div>"
    ]
    from frontline.hr.policy.model import Tier

    for key, count in counts.items():
        if key == "incomplete" and not count:
            continue
        label = tier_label(None if key == "incomplete" else Tier(key))
        cards.append(
            f"<div class='card' style='background:{TIER_COLOURS[key]}' data-tier='{key}'>"
            f"<b>{count}</b>{escape(label.zh)} {escape(label.en)}</div>"
        )
    return "<div class='cards'>" + "".join(cards) + "</div>"


def _charts(charts: Sequence[Chart]) -> str:
    figures = []
    for chart in charts:
        data = base64.b64encode(chart.png).decode("ascii")
        figures.append(
            f"<figure id='chart-{escape(chart.key)}'><img alt='{escape(chart.title.en)}' "
            f"src='data:image/png;base64,{data}'><figcaption>{escape(chart.title.zh)} · "
            f"{escape(chart.title.en)}</figcaption></figure>"
        )
    return "<div class='charts'>" + "".join(figures) + "</div>"


def _assumptions(meta: ReportMeta) -> str:
    parts = []
    for title, texts in (
        ("报告所作的假设 What this report assumed", meta.assumptions),
        ("未计入的数据 What was not counted", meta.notes),
    ):
        if texts:
            items = "".join(f"<li>{bilingual(text)}</li>" for text in texts)
            parts.append(f"<div class='assumed'><h2>{title}</h2><ul>{items}</ul></div>")
    return "".join(parts)


def render_page(
    table: ReportTable,
    charts: Sequence[Chart],
    meta: ReportMeta,
    page_links: dict[str, str] | None = None,
) -> str:
    outcomes = table.outcomes
    components = component_names(outcomes)
    links = page_links or {}
    rows = "\n".join(_row(o, components, links.get(o.trainee.trainee_id)) for o in outcomes)
    cut = meta.cutoffs
    anonymized = (
        " · <b>已匿名 anonymized</b>: 姓名与编号为化名 names and ids are pseudonyms"
        if meta.anonymized
        else ""
    )
    rebuilt = f" · 重建于 rebuilt {escape(meta.rebuilt)}" if meta.rebuilt else ""
    return f"""<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>培训考核报告 Training report · {escape(meta.cycle)}</title>
<style>{STYLE}</style></head><body>
<h1>培训考核报告 Training assessment report</h1>
<p class="meta">周期 cycle <b>{escape(meta.cycle)}</b> ·
{escape(meta.scope.zh)} {escape(meta.scope.en)}
· 政策 policy <b>{escape(meta.policy_version)}</b>
(<span id="policy-hash">{escape(meta.policy_digest)}</span>) ·
分数线 cut-offs: 优秀 excellent ≥ {cut.excellent:g}, 良好 good ≥ {cut.good:g},
合格 pass ≥ {cut.pass_mark:g} · 生成 generated <span id="generated">{escape(meta.generated)}</span>
· frontline {escape(meta.software_version)}{rebuilt}{anonymized}</p>
{_cards(outcomes)}
{_assumptions(meta)}
<h2>图表 Charts</h2>
{_charts(charts)}
<h2>学员明细 Trainees</h2>
<p class="meta">点击表头排序 · click a column heading to sort</p>
<table class="sortable" id="trainees"><thead><tr>{_header(components)}</tr></thead>
<tbody>
{rows}
</tbody></table>
<script>{SORT_SCRIPT}</script>
</body></html>
"""
