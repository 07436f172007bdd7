"""The typed contract between evaluation (tiers and decisions) and reporting.

Evaluation (`frontline.hr.rules.evaluate`) turns cohort inputs and a policy into one
`TraineeOutcome` per trainee; reports (`frontline.report`) only read these. Both
sides may add fields with defaults; neither renames or removes one, because a
decision record written today must still rebuild later.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from frontline.core.i18n import Text
from frontline.hr.inputs.roster import Trainee
from frontline.hr.policy.model import Tier


class SourceKind(StrEnum):
    EXAM = "exam"  # an nbgrader assignment (theory or practical)
    APPRAISAL = "appraisal"  # a rating from supervisor, peer or self
    EXTERNAL = "external"  # a score from another system (paper exam, observed role-play)


@dataclass(frozen=True)
class RedLine:
    """A red line crossed in a graded role-play, as the grading side recorded it.

    Whatever the points, it fails the play; the policy says what it does to the
    component (by default: fails it, see `Policy.red_line_fails`)."""

    item: str  # the graded cell: one scenario of the exam
    category: str  # money, privacy, ... (a key of frontline.roleplay.model.RED_LINES)
    label: Text  # the category, as HR reads it
    what: Text  # the choice taken, or the words typed


@dataclass(frozen=True)
class ScoreRecord:
    """One score as it came in, before any policy is applied."""

    trainee_id: str
    cycle: str  # e.g. "2026-11" (monthly) or "2026-Q4" (quarterly)
    source: str  # exam id, "appraisal:supervisor", or an external source name
    kind: SourceKind
    score: float
    max_score: float
    attempt: int = 1  # 1 = first sitting, 2 and up = retakes of the same exam
    retake_of: str | None = None  # the exam a retake stands in for
    #: the component an external score names; exams are mapped by the policy instead
    component: str | None = None
    rater_id: str = ""  # who gave an appraisal rating
    red_lines: tuple[RedLine, ...] = ()  # crossed in this sitting (practical exams)


@dataclass(frozen=True)
class ItemScore:
    """One question or task of one exam, for heat maps and a trainee's weak items."""

    trainee_id: str
    cycle: str
    exam: str
    item: str
    score: float
    max_score: float


@dataclass(frozen=True)
class CohortInputs:
    """Everything a report is computed from; a decision record stores exactly this."""

    trainees: tuple[Trainee, ...]
    scores: tuple[ScoreRecord, ...]
    items: tuple[ItemScore, ...] = ()
    #: what the reader assumed (e.g. "no exam mapping: every assignment counted as theory")
    assumptions: tuple[Text, ...] = ()


@dataclass(frozen=True)
class ExamResult:
    """One exam (or external source) after the retake rule, within a component."""

    exam: str  # the original exam id (retakes are folded into it)
    score: float  # points counted, after the retake rule (capped retakes at most the pass mark)
    max_score: float
    percent: float  # rounded half-up to 2 decimals
    tier: Tier
    sittings: int = 1  # first sitting plus retakes on record
    retakes_allowed_left: int = 0
    counted: str = ""  # the exam id of the sitting that counted
    red_lines: tuple[RedLine, ...] = ()  # crossed in the sitting that counted


@dataclass(frozen=True)
class ComponentResult:
    name: str  # "theory", "practical", "appraisal", or a policy-defined name
    score: float | None  # 0-100 after the retake rule; None when missing
    tier: Tier | None
    #: the records that fed this component, and whether the retake rule counted each
    used: tuple[ScoreRecord, ...] = ()
    ignored: tuple[ScoreRecord, ...] = ()
    exams: tuple[ExamResult, ...] = ()  # per exam, for heat maps and weak spots
    #: red lines in its counted sittings; when the policy says so they fail it (tier)
    red_lines: tuple[RedLine, ...] = ()


class DecisionKind(StrEnum):
    PROMOTION_EVIDENCE = "promotion_evidence"
    RETAKE_REQUIRED = "retake_required"
    RETRAINING_REQUIRED = "retraining_required"
    HR_REVIEW = "hr_review"
    SECOND_LOOK = "second_look"


@dataclass(frozen=True)
class Decision:
    kind: DecisionKind
    rule: str  # the policy rule that fired, e.g. "promotion:excellent+no_fail_in_3"
    reason: Text


@dataclass(frozen=True)
class CycleResult:
    """A trainee's standing in one earlier (or the current) cycle, for trends."""

    cycle: str
    overall: float | None
    tier: Tier | None


@dataclass(frozen=True)
class TraineeOutcome:
    trainee: Trainee
    cycle: str
    components: tuple[ComponentResult, ...]
    overall: float | None  # rounded half-up to 2 decimals; None when incomplete
    tier: Tier | None
    rule: str  # e.g. "cutoff:good", "gate:complaints_below_pass", "missing:incomplete"
    reason: Text
    decisions: tuple[Decision, ...] = ()
    history: tuple[CycleResult, ...] = ()  # oldest first, current cycle last
    weights: dict[str, float] = field(default_factory=dict)  # as applied
    gates: tuple[str, ...] = ()  # names of the must-pass gates that lowered the tier


@dataclass(frozen=True)
class CohortResult:
    cycle: str
    policy_version: str
    policy_digest: str
    outcomes: tuple[TraineeOutcome, ...]
    inputs: CohortInputs
    cycles: tuple[str, ...] = ()  # every cycle in the inputs, oldest first
    #: records the policy could not place (an exam no component takes, an unknown trainee)
    notes: tuple[Text, ...] = ()
