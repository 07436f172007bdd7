"""The HR policy (`gradebook/policy.yml`): tiers, components, gates, retakes, decisions, cycles.

Every number is a setting, and a policy that cannot be applied fairly (cut-offs
out of order, weights not adding up to 1, a typo in a key) is refused with the
file, the key, the line and the reason, before any trainee is tiered by it.
This module holds only the types; reading and checking the file is `schema`'s
(`load_policy`), so the types import nothing from the checks that build them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Literal

from frontline.core.cutoffs import STANDARD_CUTOFFS
from frontline.core.i18n import Text
from frontline.hr.policy.programmes import KpiPolicy, Programme

MissingRule = Literal["incomplete", "zero", "reweight"]
MISSING_RULES: tuple[MissingRule, ...] = ("incomplete", "zero", "reweight")
RetakeCount = Literal["best", "latest", "capped"]
RETAKE_COUNTS: tuple[RetakeCount, ...] = ("best", "latest", "capped")
#: what a red line in one of a component's exams does: fail the component whatever its
#: points, or only count the points (the red-lined play already scored 0)
RedLineRule = Literal["fail", "points"]
RED_LINE_RULES: tuple[RedLineRule, ...] = ("fail", "points")
CycleLength = Literal["monthly", "quarterly"]
CycleDate = Literal["due_date", "submitted"]
RaterRole = Literal["supervisor", "peer", "self"]
RATER_ROLES: tuple[RaterRole, ...] = ("supervisor", "peer", "self")
TOP_LEVEL_KEYS = (
    "version",
    "cutoffs",
    "weights",
    "components",
    "missing_component",
    "gates",
    "retakes",
    "decisions",
    "cycles",
    "onboarding",
    "kpi",
)
ANY_COMPONENT = "any"
APPRAISAL = "appraisal"


class Tier(StrEnum):
    EXCELLENT = "excellent"
    GOOD = "good"
    PASS = "pass"
    FAIL = "fail"

    @property
    def label(self) -> Text:
        return TIER_LABELS[self]

    @property
    def rank(self) -> int:
        """0 for fail up to 3 for excellent, so tiers compare and count steps apart."""
        return TIER_RANKS[self]


TIER_RANKS = {Tier.FAIL: 0, Tier.PASS: 1, Tier.GOOD: 2, Tier.EXCELLENT: 3}


TIER_LABELS = {
    Tier.EXCELLENT: Text(zh="优秀", en="excellent"),
    Tier.GOOD: Text(zh="良好", en="good"),
    Tier.PASS: Text(zh="合格", en="pass"),
    Tier.FAIL: Text(zh="不合格", en="fail"),
}

COMPONENT_LABELS = {
    "theory": Text(zh="理论", en="theory"),
    "practical": Text(zh="实操", en="practical"),
    "appraisal": Text(zh="考评", en="appraisal"),
}


def component_label(component: str) -> Text:
    return COMPONENT_LABELS.get(component, Text(zh=component, en=component))


@dataclass(frozen=True)
class Cutoffs:
    """Minimum overall score for each tier; the defaults are the standard ones."""

    excellent: float = STANDARD_CUTOFFS.excellent
    good: float = STANDARD_CUTOFFS.good
    pass_mark: float = STANDARD_CUTOFFS.pass_mark

    def minimum(self, tier: Tier) -> float | None:
        if tier is Tier.EXCELLENT:
            return self.excellent
        if tier is Tier.GOOD:
            return self.good
        if tier is Tier.PASS:
            return self.pass_mark
        return None


@dataclass(frozen=True)
class Gate:
    """A must-pass rule: `component` (or `exam`) below `at_least` makes the tier at most `cap`."""

    name: str
    at_least: Tier
    cap: Tier
    component: str | None = None  # a component name, or "any" for every component
    exam: str | None = None  # an exam id or glob pattern
    when_missing: Literal["skip", "apply"] = "skip"  # apply: a missing score fails the gate


@dataclass(frozen=True)
class RetakePolicy:
    count: RetakeCount = "best"
    max_retakes: int = 2
    #: retake exam id -> the exam it stands in for (besides the `EXAM-retake-N` naming)
    retake_of: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class DecisionPolicy:
    promotion_tier: Tier = Tier.EXCELLENT
    promotion_no_fail_cycles: int = 3  # this cycle and the ones before it, N in all
    hr_review_fail_cycles: int = 3  # fails in this many consecutive cycles
    second_look_margin: float = 1.0  # overall at most this far from a cut-off
    #: or at most this many SEM of the trainee's overall (None: points only); the wider
    #: of the two margins applies (hr.rules.sem says where the SEM comes from)
    second_look_sem: float | None = None
    mismatch_components: tuple[str, str] = ("theory", "practical")
    mismatch_tiers: int = 2  # tiers this many steps apart or more


@dataclass(frozen=True)
class CyclePolicy:
    length: CycleLength = "monthly"
    date: CycleDate = "due_date"  # an exam's cycle: its due date, else the submission time
    timezone: str = "UTC"


@dataclass(frozen=True)
class Policy:
    version: str = "default"
    cutoffs: Cutoffs = field(default_factory=Cutoffs)
    weights: dict[str, float] = field(default_factory=lambda: {"theory": 1.0})
    missing_component: MissingRule = "incomplete"
    digest: str = ""
    source: str = ""
    #: component -> exam ids or patterns that feed it (empty: fed by no exam)
    exams: dict[str, tuple[str, ...]] = field(default_factory=lambda: {"theory": ("*",)})
    #: component -> what to do when it is missing, where it differs from missing_component
    component_missing: dict[str, MissingRule] = field(default_factory=dict)
    #: component -> what a red line does to it, where it differs from "fail"
    red_line: dict[str, RedLineRule] = field(default_factory=dict)
    raters: dict[str, float] = field(
        default_factory=lambda: {"supervisor": 0.60, "peer": 0.25, "self": 0.15}
    )
    missing_rater: Literal["reweight", "incomplete"] = "reweight"
    gates: tuple[Gate, ...] = ()
    retakes: RetakePolicy = field(default_factory=RetakePolicy)
    decisions: DecisionPolicy = field(default_factory=DecisionPolicy)
    cycles: CyclePolicy = field(default_factory=CyclePolicy)
    text: str = ""  # the file as read, so a decision record can rebuild from it
    onboarding: tuple[Programme, ...] = ()
    kpi: KpiPolicy = field(default_factory=KpiPolicy)

    def missing_rule(self, component: str) -> MissingRule:
        return self.component_missing.get(component, self.missing_component)

    def red_line_fails(self, component: str) -> bool:
        """Whether a red line in this component's exams fails it; the default, because
        a red line is a line no number of points makes up for."""
        return self.red_line.get(component, "fail") == "fail"
