"""The HR report's charts, drawn with matplotlib (Agg) into PNG bytes for embedding.

Each chart is a pure function of the outcomes and the cut-offs; none reads a file.
"""

from __future__ import annotations

import io
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from frontline.core.i18n import Text
from frontline.hr.policy.model import Cutoffs, Tier
from frontline.hr.rules.outcomes import ItemScore, ScoreRecord, SourceKind, TraineeOutcome
from frontline.report.table import tier_key, tier_key_label

TIER_COLOURS = {
    "excellent": "#2e7d32",
    "good": "#1565c0",
    "pass": "#c79100",
    "fail": "#c62828",
    "incomplete": "#9e9e9e",
}
TIER_ORDER = [*(t.value for t in Tier), "incomplete"]
MAX_HEATMAP_ROWS = 30
MAX_HEATMAP_COLUMNS = 24


@dataclass(frozen=True)
class Chart:
    key: str
    title: Text
    png: bytes


def _label(tier: str) -> str:
    text = tier_key_label(tier)
    return f"{text.zh}\n{text.en}"


def _tier_key(outcome: TraineeOutcome) -> str:
    return tier_key(outcome.tier)


def _integer_axis(axis: Any) -> None:
    from matplotlib.ticker import MaxNLocator

    axis.set_major_locator(MaxNLocator(integer=True))


def _png(figure: Any) -> bytes:
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=100, bbox_inches="tight")
    return buffer.getvalue()


def _figure(width: float = 7.0, height: float = 3.6) -> tuple[Any, Any]:
    # A bare Figure (no pyplot): no global figure registry to leak, no GUI backend.
    from matplotlib.figure import Figure

    figure = Figure(figsize=(width, height))
    return figure, figure.subplots()


def tier_distribution(outcomes: Sequence[TraineeOutcome], cutoffs: Cutoffs) -> bytes:
    counts = Counter(_tier_key(o) for o in outcomes)
    tiers = [t for t in TIER_ORDER if t != "incomplete" or counts[t]]
    figure, axes = _figure()
    bars = axes.bar(
        [_label(t) for t in tiers],
        [counts[t] for t in tiers],
        color=[TIER_COLOURS[t] for t in tiers],
    )
    axes.bar_label(bars)
    _integer_axis(axes.yaxis)
    axes.set_ylabel("人数 trainees")
    axes.set_title("等级分布 Tier distribution")
    return _png(figure)


def score_histogram(outcomes: Sequence[TraineeOutcome], cutoffs: Cutoffs) -> bytes:
    scores = [o.overall for o in outcomes if o.overall is not None]
    figure, axes = _figure()
    axes.hist(scores, bins=[i * 2.5 for i in range(41)], color="#546e7a", edgecolor="white")
    for tier, value in (
        ("excellent", cutoffs.excellent),
        ("good", cutoffs.good),
        ("pass", cutoffs.pass_mark),
    ):
        axes.axvline(value, color=TIER_COLOURS[tier], linestyle="--", linewidth=1.5)
        axes.text(
            value, 0.98, " " + _label(tier).replace("\n", " ") + f" {value:g}",
            color=TIER_COLOURS[tier], transform=axes.get_xaxis_transform(),
            va="top", ha="left", fontsize=8, rotation=90,
        )  # fmt: skip
    axes.set_xlim(0, 100)
    _integer_axis(axes.yaxis)
    axes.set_xlabel("综合分 overall score")
    axes.set_ylabel("人数 trainees")
    axes.set_title("综合分分布与分数线 Overall scores and cut-offs")
    return _png(figure)


def tiers_per_team(outcomes: Sequence[TraineeOutcome], cutoffs: Cutoffs) -> bytes:
    teams = sorted({o.trainee.team for o in outcomes})
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    for outcome in outcomes:
        counts[outcome.trainee.team][_tier_key(outcome)] += 1
    figure, axes = _figure(7.0, max(2.0, 0.45 * len(teams) + 1.2))
    left = [0] * len(teams)
    for tier in TIER_ORDER:
        values = [counts[team][tier] for team in teams]
        if not any(values) and tier == "incomplete":
            continue
        axes.barh(
            teams, values, left=left, color=TIER_COLOURS[tier],
            label=_label(tier).replace("\n", " "),
        )  # fmt: skip
        left = [a + b for a, b in zip(left, values, strict=True)]
    axes.invert_yaxis()
    _integer_axis(axes.xaxis)
    axes.set_xlabel("人数 trainees")
    axes.set_title("各团队等级 Tiers per team")
    axes.legend(loc="lower right", fontsize=8)
    return _png(figure)


def _current(
    records: Sequence[ScoreRecord], items: Sequence[ItemScore], cycle: str
) -> tuple[list[ScoreRecord], list[ItemScore]]:
    exams = [r for r in records if r.cycle == cycle and r.kind != SourceKind.APPRAISAL]
    return exams, [i for i in items if i.cycle == cycle]


def exam_heatmap(
    outcomes: Sequence[TraineeOutcome],
    records: Sequence[ScoreRecord],
    items: Sequence[ItemScore],
    cycle: str,
) -> bytes:
    """Mean percentage per team and exam (or per item, when there are few enough)."""
    team_of = {o.trainee.trainee_id: o.trainee.team for o in outcomes}
    exams, item_rows = _current(records, items, cycle)
    item_keys = {(i.exam, i.item) for i in item_rows}
    sums: dict[tuple[str, str], list[float]] = defaultdict(lambda: [0.0, 0.0])
    if item_rows and len(item_keys) <= MAX_HEATMAP_COLUMNS:
        for i in item_rows:
            if i.trainee_id in team_of and i.max_score > 0:
                cell = sums[(team_of[i.trainee_id], f"{i.exam}\n{i.item}")]
                cell[0] += i.score
                cell[1] += i.max_score
        what = "题目 item"
    else:
        for r in exams:
            if r.trainee_id in team_of and r.max_score > 0:
                cell = sums[(team_of[r.trainee_id], r.source)]
                cell[0] += r.score
                cell[1] += r.max_score
        what = "考试 exam"
    teams = sorted({team for team, _ in sums})[:MAX_HEATMAP_ROWS]
    columns = sorted({column for _, column in sums})[:MAX_HEATMAP_COLUMNS]
    figure, axes = _figure(max(6.0, 0.7 * len(columns) + 3), max(2.2, 0.45 * len(teams) + 1.6))
    if not teams or not columns:
        axes.text(0.5, 0.5, "没有考试成绩 no exam scores", ha="center", va="center")
        axes.set_axis_off()
        return _png(figure)
    grid = [
        [
            100 * sums[(t, c)][0] / sums[(t, c)][1] if sums[(t, c)][1] else float("nan")
            for c in columns
        ]
        for t in teams
    ]
    image = axes.imshow(grid, cmap="RdYlGn", vmin=0, vmax=100, aspect="auto")
    axes.set_xticks(range(len(columns)), columns, rotation=45, ha="right", fontsize=8)
    axes.set_yticks(range(len(teams)), teams, fontsize=8)
    if len(teams) * len(columns) <= 200:
        for y, row in enumerate(grid):
            for x, value in enumerate(row):
                if value == value:  # not NaN
                    axes.text(x, y, f"{value:.0f}", ha="center", va="center", fontsize=7)
    figure.colorbar(image, ax=axes, label="平均得分率 mean %")
    axes.set_title(f"各团队{what.split()[0]}得分率 Mean score per team and {what.split()[1]}")
    return _png(figure)


def trend(outcomes: Sequence[TraineeOutcome], cutoffs: Cutoffs) -> bytes:
    """Tier shares per cycle (stacked) with the mean overall score on a second axis."""
    per_cycle: dict[str, Counter[str]] = defaultdict(Counter)
    scores: dict[str, list[float]] = defaultdict(list)
    for outcome in outcomes:
        history = outcome.history or ()
        if not any(h.cycle == outcome.cycle for h in history):
            history = (*history, _now(outcome))
        for point in history:
            per_cycle[point.cycle][point.tier.value if point.tier else "incomplete"] += 1
            if point.overall is not None:
                scores[point.cycle].append(point.overall)
    cycles = sorted(per_cycle)
    figure, axes = _figure()
    bottom = [0.0] * len(cycles)
    for tier in TIER_ORDER:
        shares = [100 * per_cycle[c][tier] / max(1, sum(per_cycle[c].values())) for c in cycles]
        if tier == "incomplete" and not any(shares):
            continue
        axes.bar(
            cycles, shares, bottom=bottom, color=TIER_COLOURS[tier],
            label=_label(tier).replace("\n", " "), width=0.6,
        )  # fmt: skip
        bottom = [a + b for a, b in zip(bottom, shares, strict=True)]
    axes.set_ylim(0, 100)
    axes.set_ylabel("占比 % of trainees")
    means = [sum(scores[c]) / len(scores[c]) if scores[c] else float("nan") for c in cycles]
    twin = axes.twinx()
    twin.plot(cycles, means, color="black", marker="o", label="平均综合分 mean overall")
    twin.set_ylim(0, 100)
    twin.set_ylabel("平均综合分 mean overall")
    axes.legend(loc="upper left", fontsize=7, bbox_to_anchor=(1.12, 1.0))
    axes.set_title("各周期趋势 Trend over cycles")
    return _png(figure)


def _now(outcome: TraineeOutcome) -> Any:
    from frontline.hr.rules.outcomes import CycleResult

    return CycleResult(cycle=outcome.cycle, overall=outcome.overall, tier=outcome.tier)


ChartFn = Callable[[Sequence[TraineeOutcome], Cutoffs], bytes]
TITLES = {
    "tiers": Text("等级分布", "Tier distribution"),
    "histogram": Text("综合分分布与分数线", "Overall scores and cut-offs"),
    "teams": Text("各团队等级", "Tiers per team"),
    "heatmap": Text("各团队考试得分率", "Mean score per team and exam"),
    "trend": Text("各周期趋势", "Trend over cycles"),
}


def draw_charts(
    outcomes: Sequence[TraineeOutcome],
    cutoffs: Cutoffs,
    records: Sequence[ScoreRecord],
    items: Sequence[ItemScore],
    cycle: str,
    progress: Callable[[str], None] | None = None,
) -> list[Chart]:
    from frontline.core.fonts import configure_cjk_font

    configure_cjk_font()
    simple: list[tuple[str, ChartFn]] = [
        ("tiers", tier_distribution),
        ("histogram", score_histogram),
        ("teams", tiers_per_team),
    ]
    charts: list[Chart] = []
    total = len(simple) + 2
    for key, draw in simple:
        charts.append(Chart(key, TITLES[key], draw(outcomes, cutoffs)))
        if progress:
            progress(f"chart {len(charts)}/{total}: {TITLES[key].en}")
    charts.append(
        Chart("heatmap", TITLES["heatmap"], exam_heatmap(outcomes, records, items, cycle))
    )
    if progress:
        progress(f"chart {len(charts)}/{total}: {TITLES['heatmap'].en}")
    charts.append(Chart("trend", TITLES["trend"], trend(outcomes, cutoffs)))
    if progress:
        progress(f"chart {len(charts)}/{total}: {TITLES['trend'].en}")
    return charts
