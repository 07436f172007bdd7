"""A hand-made CohortResult for report tests: what evaluation hands the report.

Built directly (not through `evaluate_cohort`) so the report's tests pin down the
report alone; the end-to-end tests run the real evaluation.
"""

from __future__ import annotations

from datetime import date

from frontline.core.i18n import Text
from frontline.hr.inputs.roster import Trainee
from frontline.hr.policy.model import Cutoffs, Policy, Tier
from frontline.hr.rules.outcomes import (
    CohortInputs,
    CohortResult,
    ComponentResult,
    CycleResult,
    Decision,
    DecisionKind,
    ItemScore,
    ScoreRecord,
    SourceKind,
    TraineeOutcome,
)

CYCLE = "2026-11"
XSS_NAME = "<script>alert(1)</script>"
POLICY_TEXT = """version: "2026-11"
cutoffs: {excellent: 90, good: 80, pass: 60}
weights: {theory: 0.6, practical: 0.4}
missing_component: incomplete
"""
POLICY = Policy(
    version="2026-11",
    cutoffs=Cutoffs(90, 80, 60),
    weights={"theory": 0.6, "practical": 0.4},
    digest="0123456789ab",
)

# (id, name, name_en, team, theory, practical, earlier overall scores)
PEOPLE = [
    ("zq-7781", "王芳", "Wang Fang", "前台接待 Front desk", 95.0, 92.0, [88.0, 91.0]),
    ("zq-7782", "李娜", "Li Na", "前台接待 Front desk", 82.0, 78.5, [70.0]),
    ("zq-7783", "张伟", "", "客服热线 Hotline", 61.0, 64.0, [55.0, 58.0]),
    ("zq-7784", XSS_NAME, '=HYPERLINK("http://x")', "客服热线 Hotline", 40.0, 52.0, [50.0]),
    ("zq-7785", "赵敏", "Zhao Min", "客服热线 Hotline", 88.0, None, []),
    ("zq-7786", "陈静", "Chen Jing", "物业前台 Property", 79.99, 80.0, [81.0]),
]


def tier_of(score: float | None) -> Tier | None:
    if score is None:
        return None
    for tier, cut in ((Tier.EXCELLENT, 90), (Tier.GOOD, 80), (Tier.PASS, 60)):
        if score >= cut:
            return tier
    return Tier.FAIL


def _outcome(
    trainee: Trainee, theory: float, practical: float | None, earlier: list[float]
) -> tuple[TraineeOutcome, list[ScoreRecord], list[ItemScore]]:
    tid = trainee.trainee_id
    records = [ScoreRecord(tid, CYCLE, "etiquette-theory", SourceKind.EXAM, theory / 10, 10.0)]
    items = [
        ItemScore(tid, CYCLE, "etiquette-theory", f"q{i}", min(2.0, theory / 50 * (i % 3)), 2.0)
        for i in range(1, 6)
    ]
    components = [ComponentResult("theory", theory, tier_of(theory), used=(records[0],))]
    if practical is not None:
        record = ScoreRecord(tid, CYCLE, "practical-exam", SourceKind.EXAM, practical, 100.0)
        records.append(record)
        components.append(ComponentResult("practical", practical, tier_of(practical), (record,)))
        overall: float | None = round(0.6 * theory + 0.4 * practical, 2)
        tier = tier_of(overall)
        rule = f"cutoff:{tier}"
        reason = Text(f"综合 {overall:.2f} 分,{tier}", f"overall {overall:.2f}: {tier}")
    else:
        components.append(ComponentResult("practical", None, None))
        overall, tier, rule = None, None, "missing:incomplete"
        reason = Text("缺少实操成绩,暂不定级", "practical score missing: no tier yet")
    decisions: list[Decision] = []
    if tier == Tier.EXCELLENT:
        decisions.append(
            Decision(DecisionKind.PROMOTION_EVIDENCE, "promotion:excellent",
                     Text("本期优秀且近三期无不合格", "excellent, no fail in 3 cycles"))
        )  # fmt: skip
    if tier == Tier.FAIL:
        decisions.append(
            Decision(DecisionKind.RETAKE_REQUIRED, "retake:fail",
                     Text(f"{trainee.name} 本期不合格,需补考", f"{trainee.name} failed: retake"))
        )  # fmt: skip
        decisions.append(
            Decision(DecisionKind.HR_REVIEW, "hr_review:2_consecutive",
                     Text("连续两期不合格", "failed 2 cycles in a row"))
        )  # fmt: skip
    if overall is not None and abs(overall - 80) < 1:
        decisions.append(
            Decision(DecisionKind.SECOND_LOOK, "second_look:margin",
                     Text("综合分距良好线不足 1 分", "within 1 point of the good cut-off"))
        )  # fmt: skip
    history = (
        *(
            CycleResult(f"2026-{9 + i:02d}" if len(earlier) == 2 else "2026-10", s, tier_of(s))
            for i, s in enumerate(earlier)
        ),
        CycleResult(CYCLE, overall, tier),
    )
    outcome = TraineeOutcome(
        trainee=trainee, cycle=CYCLE, components=tuple(components), overall=overall,
        tier=tier, rule=rule, reason=reason, decisions=tuple(decisions), history=history,
        weights={"theory": 0.6, "practical": 0.4},
    )  # fmt: skip
    return outcome, records, items


def sample_result(people: list[tuple[object, ...]] | None = None) -> CohortResult:
    outcomes, records, items, trainees = [], [], [], []
    for tid, name, name_en, team, theory, practical, earlier in people or PEOPLE:
        trainee = Trainee(str(tid), str(name), str(team), name_en=str(name_en), role="agent",
                          hire_date=date(2024, 3, 4))  # fmt: skip
        outcome, rec, its = _outcome(trainee, theory, practical, earlier)  # type: ignore[arg-type]
        trainees.append(trainee)
        outcomes.append(outcome)
        records += rec
        items += its
    inputs = CohortInputs(
        trainees=tuple(trainees), scores=tuple(records), items=tuple(items),
        assumptions=(Text("未提供评估表,不计考评", "no appraisal file: appraisal not counted"),),
    )  # fmt: skip
    return CohortResult(CYCLE, POLICY.version, POLICY.digest, tuple(outcomes), inputs)
