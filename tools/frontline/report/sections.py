"""The HR report's sections beyond tiers: onboarding status, KPI ranking, certificates.

Plain dataclasses of what the page shows and the decision record keeps (so a
rebuild shows the same and `frontline certificate verify` can check a code
against it). `collect_sections` computes them from the local files; `certify`
issues the certificates once the decision record's id is known.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from frontline.core.i18n import Text
from frontline.hr.certificates.code import Certificate, issue
from frontline.hr.kpi.load import KpiInputs
from frontline.hr.kpi.ranking import quarter_of, rank_month, rank_quarter
from frontline.hr.policy.model import Policy, Tier
from frontline.hr.records.onboarding import OnboardingStatus, Status
from frontline.hr.rules.outcomes import CohortResult


@dataclass(frozen=True)
class RequirementRow:
    label: Text
    met_on: date | None  # None: not met yet
    evidence: str  # what met it


@dataclass(frozen=True)
class OnboardingRow:
    trainee_id: str
    name: str
    programme: str
    programme_title: Text
    status: str  # onboarding.Status value
    status_label: Text
    reason: Text
    hire_date: date | None
    due: date | None
    cleared_on: date | None
    valid_until: date | None
    requirements: tuple[RequirementRow, ...] = ()


@dataclass(frozen=True)
class KpiItemRow:
    item: str
    label: Text
    points: float
    max_points: float | None
    source: str
    detail: str


@dataclass(frozen=True)
class RankingRow:
    trainee_id: str
    name: str
    total: float
    place: int
    flag: str  # "bottom" (cause analysis and improvement plan), "top" (quarter), or ""
    lines: tuple[KpiItemRow, ...] = ()  # the month's points, each traced to its row
    notes: tuple[Text, ...] = ()


@dataclass(frozen=True)
class HrSections:
    as_of: date
    onboarding: tuple[OnboardingRow, ...] = ()
    month: str = ""  # the ranked month
    ranking: tuple[RankingRow, ...] = ()
    plan_due: date | None = None  # improvement plans of the bottom group due
    quarter: str = ""
    quarter_ranking: tuple[RankingRow, ...] = ()
    not_ranked: tuple[tuple[str, str], ...] = ()
    certificates: tuple[Certificate, ...] = ()

    @property
    def bottom(self) -> tuple[RankingRow, ...]:
        return tuple(r for r in self.ranking if r.flag == "bottom")

    @property
    def top(self) -> tuple[RankingRow, ...]:
        return tuple(r for r in self.quarter_ranking if r.flag == "top")


def onboarding_rows(statuses: list[OnboardingStatus]) -> tuple[OnboardingRow, ...]:
    return tuple(
        OnboardingRow(
            s.trainee.trainee_id, s.trainee.display_name, s.programme.name, s.programme.title,
            s.status.value, s.status.label, s.reason, s.trainee.hire_date, s.due, s.cleared_on,
            s.valid_until,
            tuple(RequirementRow(r.label, r.met_on, r.evidence) for r in s.requirements),
        )
        for s in statuses
    )  # fmt: skip


def ranking_rows(
    kpi: KpiInputs, policy: Policy, names: dict[str, str], month: str | None = None
) -> dict[str, Any]:
    """The fields of HrSections for the KPI sheet's month (default: its latest)."""
    months = sorted({s.month for s in kpi.scores})
    if not months:
        return {}
    month = month or months[-1]
    ranked = rank_month(kpi.scores, month, policy.kpi)
    bottom = {p.trainee_id for p in ranked.bottom}
    by_trainee = {s.trainee_id: s for s in kpi.scores if s.month == month}
    rows = tuple(
        RankingRow(
            p.trainee_id, names.get(p.trainee_id, p.trainee_id), p.total, p.place,
            "bottom" if p.trainee_id in bottom else "",
            tuple(KpiItemRow(x.item, x.label, x.points, x.max_points, x.source, x.detail)
                  for x in by_trainee[p.trainee_id].lines),
            by_trainee[p.trainee_id].notes,
        )
        for p in ranked.places
    )  # fmt: skip
    quarter = rank_quarter(kpi.scores, quarter_of(month), policy.kpi)
    top = {p.trainee_id for p in quarter.top}
    quarter_rows = tuple(
        RankingRow(p.trainee_id, names.get(p.trainee_id, p.trainee_id), p.total, p.place,
                   "top" if p.trainee_id in top else "")
        for p in quarter.places
    )  # fmt: skip
    return {
        "month": month,
        "ranking": rows,
        "plan_due": ranked.plan_due,
        "quarter": quarter.quarter,
        "quarter_ranking": quarter_rows,
        "not_ranked": quarter.not_ranked,
    }


def certify(sections: HrSections, result: CohortResult, record_id: str) -> tuple[Certificate, ...]:
    """A certificate per excellent trainee of the cycle and per cleared onboarding."""
    digest = result.policy_digest
    found: list[Certificate] = []
    for outcome in result.outcomes:
        if outcome.tier is Tier.EXCELLENT:
            t = outcome.trainee
            title = Text(
                zh=f"在 {result.cycle} 周期培训考核中成绩优秀",
                en=f"achieved the excellent tier in the {result.cycle} training assessment",
            )
            found.append(
                issue(t.trainee_id, t.name, t.name_en, "excellent", result.cycle, title,
                      sections.as_of, digest, record_id)
            )  # fmt: skip
    names = {t.trainee_id: t for t in result.inputs.trainees}
    for row in sections.onboarding:
        if row.status == Status.CLEARED.value and row.cleared_on is not None:
            trainee = names.get(row.trainee_id)
            title = Text(
                zh=f"完成岗前培训“{row.programme_title.zh}”，可独立上岗",
                en=f"completed the onboarding programme {row.programme_title.en} and is "
                "cleared to work alone",
            )
            found.append(
                issue(row.trainee_id, trainee.name if trainee else row.name,
                      trainee.name_en if trainee else "", "onboarding", row.programme, title,
                      row.cleared_on, digest, record_id)
            )  # fmt: skip
    return tuple(found)
