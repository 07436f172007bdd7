"""Onboarding status per new hire: in training, cleared to work alone, overdue, lapsed.

Standard section 1: new hires must pass the onboarding assessment before they
work alone. A programme (`onboarding:` in the policy) lists what to complete and
pass and within how many days of the hire date. Each requirement is met on the
first day its evidence shows (a module's self-check finished, a sitting at or
above the tier, a class attended); the hire is cleared on the day the last one
was met. Clearance lapses `refresher.every_days` after the clearance or the last
refresher (a class or exam the programme names, after clearance). Every status
carries its reason in Chinese and English and the requirements behind it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from fnmatch import fnmatchcase

from frontline.core.i18n import Text
from frontline.hr.inputs.roster import Trainee
from frontline.hr.policy.model import Cutoffs, Policy, Tier
from frontline.hr.policy.programmes import Programme
from frontline.hr.records.record import TrainingRecord
from frontline.hr.records.sittings import ExamSitting


class Status(StrEnum):
    IN_TRAINING = "in_training"
    CLEARED = "cleared"
    OVERDUE = "overdue"
    LAPSED = "lapsed"

    @property
    def label(self) -> Text:
        return STATUS_LABELS[self]


STATUS_LABELS = {
    Status.IN_TRAINING: Text(zh="培训中", en="in training"),
    Status.CLEARED: Text(zh="可独立上岗", en="cleared to work alone"),
    Status.OVERDUE: Text(zh="已逾期", en="overdue"),
    Status.LAPSED: Text(zh="资格已失效", en="lapsed"),
}


@dataclass(frozen=True)
class Requirement:
    kind: str  # module | practical | exam | session
    item: str
    label: Text
    met_on: date | None  # None: not met (yet)
    evidence: str = ""  # what met it, so HR can find the row


@dataclass(frozen=True)
class OnboardingStatus:
    trainee: Trainee
    programme: Programme
    status: Status
    reason: Text
    due: date | None  # hire date + within_days
    cleared_on: date | None
    valid_until: date | None  # None: no refresher interval, clearance does not lapse
    requirements: tuple[Requirement, ...]

    @property
    def missing(self) -> tuple[Requirement, ...]:
        return tuple(r for r in self.requirements if r.met_on is None)


def applies(programme: Programme, trainee: Trainee) -> bool:
    if programme.roles and trainee.role not in programme.roles:
        return False
    if programme.teams and trainee.team not in programme.teams:
        return False
    if programme.hired_on_or_after is not None:
        return trainee.hire_date is not None and trainee.hire_date >= programme.hired_on_or_after
    return True


def tier_of(percent: float, cutoffs: Cutoffs) -> Tier:
    for tier in (Tier.EXCELLENT, Tier.GOOD, Tier.PASS):
        minimum = cutoffs.minimum(tier)
        if minimum is not None and percent >= minimum:
            return tier
    return Tier.FAIL


def _first_pass(sittings: list[ExamSitting], need: Tier, cutoffs: Cutoffs) -> ExamSitting | None:
    good = [
        s
        for s in sittings
        if s.pending == 0 and s.day is not None and tier_of(s.percent, cutoffs).rank >= need.rank
    ]
    return min(good, key=lambda s: s.day or date.max, default=None)


def requirements(programme: Programme, record: TrainingRecord, policy: Policy) -> list[Requirement]:
    found: list[Requirement] = []
    for module_id in programme.modules:
        line = record.module(module_id)
        day = line.completed_on if line else None
        label = Text(zh=f"完成模块 {module_id}", en=f"complete module {module_id}")
        found.append(Requirement("module", module_id, label, day, "self-check finished"))
    if programme.practical is not None:
        need = Tier(programme.practical)
        hit = _first_pass(
            [s for s in record.sittings if s.component == "practical"], need, policy.cutoffs
        )
        label = Text(zh=f"实操考核达到{need.label.zh}", en=f"practical at least {need.value}")
        found.append(Requirement("practical", "practical", label, hit.day if hit else None,
                                 f"{hit.exam} sitting {hit.sitting}" if hit else ""))  # fmt: skip
    for exam, tier in programme.exams.items():
        need = Tier(tier)
        hit = _first_pass([s for s in record.sittings if s.original == exam], need, policy.cutoffs)
        label = Text(zh=f"考试 {exam} 达到{need.label.zh}", en=f"{exam} at least {need.value}")
        found.append(Requirement("exam", exam, label, hit.day if hit else None,
                                 f"{hit.exam} sitting {hit.sitting}" if hit else ""))  # fmt: skip
    for pattern in programme.sessions:
        days = [
            a.day for a in record.attendance if a.attended and fnmatchcase(a.session_id, pattern)
        ]
        label = Text(zh=f"参加课堂 {pattern}", en=f"attend class {pattern}")
        found.append(Requirement("session", pattern, label, min(days, default=None), "attendance"))
    return found


def _refreshed(programme: Programme, record: TrainingRecord, after: date) -> date:
    """The last refresher after `after` (or `after` itself when there was none)."""
    fresh = programme.refresher
    days = [after]
    if fresh is not None:
        days += [
            a.day for a in record.attendance
            if a.attended and a.day > after
            and any(fnmatchcase(a.session_id, p) for p in fresh.sessions)
        ]  # fmt: skip
        days += [
            s.day for s in record.sittings
            if s.passed and s.day is not None and s.day > after
            and any(fnmatchcase(s.original, p) for p in fresh.exams)
        ]  # fmt: skip
    return max(days)


def _names(missing: list[Requirement]) -> Text:
    return Text(
        zh="、".join(r.label.zh for r in missing), en="; ".join(r.label.en for r in missing)
    )


def onboarding_status(
    programme: Programme, record: TrainingRecord, policy: Policy, today: date
) -> OnboardingStatus:
    trainee = record.trainee
    reqs = requirements(programme, record, policy)
    missing = [r for r in reqs if r.met_on is None or r.met_on > today]
    hired = trainee.hire_date
    due = hired + timedelta(days=programme.within_days) if hired else None
    if not missing:
        cleared = max(r.met_on for r in reqs if r.met_on is not None)
        valid = None
        if programme.refresher is not None:
            last = _refreshed(programme, record, cleared)
            valid = last + timedelta(days=programme.refresher.every_days)
        if valid is not None and today > valid:
            reason = Text(
                zh=f"{cleared.isoformat()} 已通过入职考核，"
                f"但复训期已于 {valid.isoformat()} 届满，需参加复训",
                en=f"cleared on {cleared.isoformat()}, but the refresher fell due on "
                f"{valid.isoformat()}; clearance has lapsed until a refresher is done",
            )
            return OnboardingStatus(
                trainee, programme, Status.LAPSED, reason, due, cleared, valid, tuple(reqs)
            )
        late = due is not None and cleared > due
        until = (
            Text(zh=f"，有效期至 {valid.isoformat()}", en=f", valid until {valid.isoformat()}")
            if valid else Text(zh="", en="")
        )  # fmt: skip
        reason = Text(
            zh=f"{len(reqs)} 项要求全部完成，{cleared.isoformat()} 起可独立上岗"
            + ("（晚于期限）" if late else "")
            + until.zh,
            en=f"all {len(reqs)} requirement(s) met; cleared to work alone from "
            f"{cleared.isoformat()}" + (" (after the due date)" if late else "") + until.en,
        )
        return OnboardingStatus(
            trainee, programme, Status.CLEARED, reason, due, cleared, valid, tuple(reqs)
        )
    still = _names(missing)
    if due is None:
        reason = Text(
            zh=f"花名册没有入职日期，无法计算期限；尚缺：{still.zh}",
            en=f"no hire date on the roster, so no due date; still missing: {still.en}",
        )
        return OnboardingStatus(
            trainee, programme, Status.IN_TRAINING, reason, None, None, None, tuple(reqs)
        )
    if today > due:
        reason = Text(
            zh=f"期限 {due.isoformat()} 已过（逾期 {(today - due).days} 天）；尚缺：{still.zh}",
            en=f"due on {due.isoformat()}, {(today - due).days} day(s) overdue; "
            f"still missing: {still.en}",
        )
        return OnboardingStatus(
            trainee, programme, Status.OVERDUE, reason, due, None, None, tuple(reqs)
        )
    left = (due - today).days
    reason = Text(
        zh=f"期限 {due.isoformat()}（还剩 {left} 天）；尚缺：{still.zh}",
        en=f"due on {due.isoformat()} ({left} day(s) left); still missing: {still.en}",
    )
    return OnboardingStatus(
        trainee, programme, Status.IN_TRAINING, reason, due, None, None, tuple(reqs)
    )


def cohort_onboarding(
    records: list[TrainingRecord], policy: Policy, today: date
) -> list[OnboardingStatus]:
    """Every new hire's status in every programme that applies to them."""
    return [
        onboarding_status(programme, record, policy, today)
        for record in records
        for programme in policy.onboarding
        if applies(programme, record.trainee)
    ]
