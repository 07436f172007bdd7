"""Policy types for onboarding programmes and the monthly KPI appraisal (types only).

Onboarding (standard section 1): a new hire must complete and pass a programme
before working alone, within a number of days of the hire date; clearance lapses
after a refresher interval unless a refresher is done. KPI appraisal (standard
section 5): the monthly sheet's weights, bands, bonuses, penalties and ranking,
each a setting whose default is the standard's value.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from frontline.core.i18n import Text


@dataclass(frozen=True)
class Refresher:
    every_days: int  # clearance lapses this many days after clearance or the last refresher
    sessions: tuple[str, ...] = ()  # classes (session id patterns) that renew clearance
    exams: tuple[str, ...] = ()  # exams (ids or patterns) whose pass renews clearance


@dataclass(frozen=True)
class Programme:
    name: str
    title: Text
    within_days: int  # days from the hire date to complete everything
    roles: tuple[str, ...] = ()  # roster roles it applies to (empty: every role)
    teams: tuple[str, ...] = ()  # roster teams it applies to (empty: every team)
    hired_on_or_after: date | None = None  # staff hired earlier are not new hires
    modules: tuple[str, ...] = ()  # course modules to complete (self-check finished)
    # Tiers are held as their values ("pass", "good", "excellent"): `model` imports
    # these types, so they cannot import `model.Tier` back; `Tier(value)` reads them.
    practical: str | None = None  # at least this tier in one practical sitting
    exams: dict[str, str] = field(default_factory=dict)  # exam id -> at least this tier
    sessions: tuple[str, ...] = ()  # classes to attend (session id patterns)
    refresher: Refresher | None = None


#: the standard's monthly KPI items and their points out of 100
KPI_ITEMS: dict[str, float] = {
    "call_quality": 30,
    "complaint_resolution": 20,
    "revisit_completion": 10,
    "revisit_authenticity": 10,
    "satisfaction": 10,
    "report_authenticity": 10,
    "audits": 10,
}
KPI_LABELS = {
    "call_quality": Text(zh="专业技能与通话质量", en="professional skill and call quality"),
    "complaint_resolution": Text(zh="投诉解决率", en="complaint resolution rate"),
    "revisit_completion": Text(zh="回访完成率", en="revisit completion"),
    "revisit_authenticity": Text(zh="回访真实性", en="revisit authenticity"),
    "satisfaction": Text(zh="客户满意度", en="customer satisfaction"),
    "report_authenticity": Text(zh="报表真实性", en="report authenticity"),
    "audits": Text(zh="稽核与整改", en="audits and corrections"),
}
BONUSES: dict[str, float] = {
    "praise_letter": 1, "department_praise": 2, "company_praise": 3, "media_praise": 5,
}  # fmt: skip
PENALTIES: dict[str, float] = {
    "department_criticism": 2, "company_criticism": 3, "media_criticism": 5,
}  # fmt: skip
#: satisfaction at least this percent -> deduct these points (the standard: 100 % no
#: deduction, lower bands 1, 2, 3, 5; the band edges are this project's defaults)
SATISFACTION_BANDS: tuple[tuple[float, float], ...] = (
    (100.0, 0.0), (95.0, 1.0), (90.0, 2.0), (85.0, 3.0), (0.0, 5.0),
)  # fmt: skip


@dataclass(frozen=True)
class KpiPolicy:
    items: dict[str, float] = field(default_factory=lambda: dict(KPI_ITEMS))
    spot_check_deduction: float = 2.0  # per failed spot check, from call_quality
    satisfaction_bands: tuple[tuple[float, float], ...] = SATISFACTION_BANDS
    bonuses: dict[str, float] = field(default_factory=lambda: dict(BONUSES))
    penalties: dict[str, float] = field(default_factory=lambda: dict(PENALTIES))
    top: int = 3  # the quarter's top N are rewarded, ties included
    bottom: int = 3  # the month's bottom N get a cause analysis and improvement plan
    plan_days: int = 4  # the improvement plan is due this many days after the month's sheet
    #: how the monthly KPI score enters the appraisal component: as a rating of
    #: this rater role (supervisor: the direct supervisor keeps the KPI sheet), or none
    appraisal_role: str | None = "supervisor"
    #: spot-check sampling (standard: about 10 % a week; small teams 30 % a month)
    sample_rate: float = 0.10
