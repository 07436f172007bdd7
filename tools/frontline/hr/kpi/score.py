"""One trainee's month on the KPI sheet as points, every number traced to its row.

Standard section 5 (each weight and deduction a policy setting, `kpi:`):
professional skill and call quality is its full points less a deduction per
failed spot check that month; each rate item earns its points times the rate;
customer satisfaction earns its points less the deduction of its band; praise
adds and criticism subtracts points. The total may pass 100 with praise; the
rating handed to the appraisal component is the total held to 0..100.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from frontline.core.i18n import Text
from frontline.hr.kpi.inputs import KpiRow, SpotCheck
from frontline.hr.policy.programmes import KPI_LABELS, KpiPolicy
from frontline.hr.rules.outcomes import ScoreRecord, SourceKind

EXTRA_LABELS = {
    "praise_letter": Text(zh="客户表扬信", en="customer praise letter"),
    "department_praise": Text(zh="部门表扬", en="department praise"),
    "company_praise": Text(zh="公司表扬", en="company praise"),
    "media_praise": Text(zh="媒体表扬", en="media praise"),
    "department_criticism": Text(zh="部门批评", en="department criticism"),
    "company_criticism": Text(zh="公司批评", en="company criticism"),
    "media_criticism": Text(zh="媒体批评", en="media criticism"),
}
RATER_ID = "kpi-sheet"


@dataclass(frozen=True)
class KpiLine:
    item: str
    label: Text
    points: float  # what this line adds (negative for a deduction)
    max_points: float | None  # None for bonuses and penalties
    source: str  # the row(s) it came from
    detail: str  # how it was computed


@dataclass(frozen=True)
class KpiScore:
    trainee_id: str
    month: str
    lines: tuple[KpiLine, ...]
    failed_checks: int
    checks: int
    notes: tuple[Text, ...] = ()

    @property
    def total(self) -> float:
        return round(sum(line.points for line in self.lines), 2)


def _band(percent: float, kpi: KpiPolicy) -> tuple[float, float]:
    for floor, deduct in kpi.satisfaction_bands:
        if percent >= floor:
            return floor, deduct
    return kpi.satisfaction_bands[-1]


def score_month(row: KpiRow, checks: Iterable[SpotCheck], kpi: KpiPolicy) -> KpiScore:
    mine = [c for c in checks if c.trainee_id == row.trainee_id and c.month == row.month]
    failed = [c for c in mine if not c.passed]
    lines: list[KpiLine] = []
    for item, points in kpi.items.items():
        label = KPI_LABELS[item]
        if item == "call_quality":
            deduct = min(points, kpi.spot_check_deduction * len(failed))
            where = "; ".join(c.source for c in failed) or f"{len(mine)} spot check(s), none failed"
            detail = (
                f"{points:g} - {kpi.spot_check_deduction:g} x {len(failed)} failed spot check(s)"
            )
            lines.append(KpiLine(item, label, points - deduct, points, where, detail))
        elif item == "satisfaction":
            percent = row.rates[item]
            floor, deduct = _band(percent, kpi)
            detail = f"{percent:g}% is in the band from {floor:g}%: {points:g} - {deduct:g}"
            lines.append(
                KpiLine(item, label, max(0.0, points - deduct), points, row.source, detail)
            )
        else:
            percent = row.rates[item]
            earned = round(points * percent / 100, 2)
            lines.append(
                KpiLine(item, label, earned, points, row.source, f"{points:g} x {percent:g}%")
            )
    for name, value in (*kpi.bonuses.items(), *((n, -v) for n, v in kpi.penalties.items())):
        count = row.counts.get(name, 0)
        if count:
            lines.append(
                KpiLine(name, EXTRA_LABELS[name], count * value, None, row.source,
                        f"{count} x {value:+g}")
            )  # fmt: skip
    notes: list[Text] = []
    if row.records_handled:
        needed = kpi.sample_rate * row.records_handled
        if len(mine) < needed:
            notes.append(
                Text(
                    zh=f"抽查 {len(mine)} 条，少于 {row.records_handled} 条记录的 "
                    f"{kpi.sample_rate:.0%}",
                    en=f"{len(mine)} spot check(s) of {row.records_handled} records is below "
                    f"the {kpi.sample_rate:.0%} sampling rate",
                )
            )
    return KpiScore(row.trainee_id, row.month, tuple(lines), len(failed), len(mine), tuple(notes))


def score_sheet(rows: Iterable[KpiRow], checks: list[SpotCheck], kpi: KpiPolicy) -> list[KpiScore]:
    return [score_month(row, checks, kpi) for row in rows]


def unmatched_checks(rows: Iterable[KpiRow], checks: Iterable[SpotCheck]) -> list[SpotCheck]:
    """Failed spot checks for a month with no KPI row: they would deduct from nothing."""
    have = {(r.trainee_id, r.month) for r in rows}
    return [c for c in checks if not c.passed and (c.trainee_id, c.month) not in have]


def kpi_ratings(scores: Iterable[KpiScore], kpi: KpiPolicy, cycle_of_month: dict[str, str]
                ) -> list[ScoreRecord]:  # fmt: skip
    """The monthly score as a rating for the appraisal component (by the policy's rater
    role), held to 0..100; none when the policy says `appraisal_role: none`."""
    if kpi.appraisal_role is None:
        return []
    by_key: dict[tuple[str, str], list[float]] = defaultdict(list)
    for score in scores:
        by_key[(score.trainee_id, cycle_of_month[score.month])].append(
            min(100.0, max(0.0, score.total))
        )
    return [
        ScoreRecord(tid, cycle, f"appraisal:{kpi.appraisal_role}", SourceKind.APPRAISAL,
                    round(sum(values) / len(values), 2), 100.0, rater_id=RATER_ID)
        for (tid, cycle), values in sorted(by_key.items())
    ]  # fmt: skip
