"""The month's ranking with its bottom group, and the quarter's top group, ties included.

Standard section 5: the top three over a quarter are rewarded (all tied places
rewarded); the bottom three of a month write a cause analysis and an improvement
plan within 4 days. Places are competition ranks (90, 88, 88, 80 -> 1, 2, 2, 4):
a group holds everyone whose place is within N, so a tie at the edge takes
everyone tied. The plan is due `plan_days` after the ranking is published
(by default the last day of the month).
"""

from __future__ import annotations

import calendar
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from frontline.hr.kpi.score import KpiScore
from frontline.hr.policy.programmes import KpiPolicy


@dataclass(frozen=True)
class Place:
    trainee_id: str
    total: float
    place: int  # 1 = best
    months: tuple[str, ...]  # the months behind the total


@dataclass(frozen=True)
class MonthRanking:
    month: str
    places: tuple[Place, ...]
    bottom: tuple[Place, ...]
    plan_due: date


@dataclass(frozen=True)
class QuarterRanking:
    quarter: str  # 2026-Q4
    places: tuple[Place, ...]
    top: tuple[Place, ...]
    not_ranked: tuple[tuple[str, str], ...]  # (trainee, why)


def competition_places(totals: dict[str, float]) -> dict[str, int]:
    ordered = sorted(totals.items(), key=lambda kv: (-kv[1], kv[0]))
    places: dict[str, int] = {}
    for index, (tid, total) in enumerate(ordered):
        if index and total == ordered[index - 1][1]:
            places[tid] = places[ordered[index - 1][0]]
        else:
            places[tid] = index + 1
    return places


def month_end(month: str) -> date:
    year, number = (int(part) for part in month.split("-"))
    return date(year, number, calendar.monthrange(year, number)[1])


def quarter_of(month: str) -> str:
    year, number = (int(part) for part in month.split("-"))
    return f"{year}-Q{(number - 1) // 3 + 1}"


def rank_month(
    scores: Iterable[KpiScore], month: str, kpi: KpiPolicy, published: date | None = None
) -> MonthRanking:
    totals = {s.trainee_id: s.total for s in scores if s.month == month}
    places = competition_places(totals)
    ordered = tuple(
        Place(tid, totals[tid], places[tid], (month,))
        for tid in sorted(places, key=lambda t: (places[t], t))
    )
    # From the bottom: a trainee is in the bottom N when fewer than N others rank below.
    worse = {p.trainee_id: sum(1 for q in ordered if q.total < p.total) for p in ordered}
    bottom = tuple(p for p in reversed(ordered) if worse[p.trainee_id] < kpi.bottom)
    due = (published or month_end(month)) + timedelta(days=kpi.plan_days)
    return MonthRanking(month, ordered, bottom, due)


def rank_quarter(scores: Iterable[KpiScore], quarter: str, kpi: KpiPolicy) -> QuarterRanking:
    """The quarter's total per trainee; only trainees with a sheet for every month the
    quarter's data covers are ranked (a missing month would otherwise count as zero)."""
    months: dict[str, dict[str, float]] = defaultdict(dict)
    covered: set[str] = set()
    for s in scores:
        if quarter_of(s.month) == quarter:
            months[s.trainee_id][s.month] = s.total
            covered.add(s.month)
    eligible = {t: m for t, m in months.items() if set(m) == covered}
    not_ranked = tuple(
        (t, "no KPI sheet for " + ", ".join(sorted(covered - set(m))))
        for t, m in sorted(months.items())
        if t not in eligible
    )
    totals = {t: round(sum(m.values()), 2) for t, m in eligible.items()}
    places = competition_places(totals)
    ordered = tuple(
        Place(t, totals[t], places[t], tuple(sorted(eligible[t])))
        for t in sorted(places, key=lambda t: (places[t], t))
    )
    top = tuple(p for p in ordered if p.place <= kpi.top)
    return QuarterRanking(quarter, ordered, top, not_ranked)
