"""Tier and decision rules, table-driven: boundaries, gates, retakes, history, second looks."""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest

from frontline.core.errors import FrontlineError
from frontline.hr.inputs.roster import Trainee
from frontline.hr.policy.model import Policy, Tier
from frontline.hr.policy.schema import parse_policy_text
from frontline.hr.rules.evaluate import evaluate_cohort
from frontline.hr.rules.outcomes import (
    CohortInputs,
    DecisionKind,
    ScoreRecord,
    SourceKind,
    TraineeOutcome,
)

BASE = """\
version: "test"
cutoffs: {excellent: 90, good: 80, pass: 60}
components:
  theory: {weight: 0.6, exams: ["*-theory", "final*"]}
  practical: {weight: 0.4, exams: ["practical*"]}
missing_component: incomplete
gates:
  complaints_for_excellent: {exam: complaints-theory, at_least: pass, cap: good}
  component_below_pass: {component: any, at_least: pass, cap: pass}
retakes: {count: best, max: 2}
decisions:
  promotion: {tier: excellent, no_fail_in_last: 3}
  hr_review: {consecutive_fails: 3}
  second_look: {margin: 0.5, compare: [theory, practical], tiers_apart: 2}
"""
THEORY_ONLY = """\
version: "test-theory"
cutoffs: {excellent: 90, good: 80, pass: 60}
components:
  theory: {weight: 1.0, exams: ["*"]}
retakes: {count: best, max: 2}
decisions:
  second_look: {margin: 0.5}
"""
WITH_APPRAISAL = """\
version: "test-appraisal"
cutoffs: {excellent: 90, good: 80, pass: 60}
components:
  theory: {weight: 0.5, exams: ["*-theory"]}
  appraisal:
    weight: 0.5
    raters: {supervisor: 0.6, peer: 0.25, self: 0.15}
    missing_rater: reweight
"""


def policy(text: str, *changes: tuple[str, str]) -> Policy:
    for old, new in changes:
        assert old in text, old
        text = text.replace(old, new)
    return parse_policy_text(text, "test-policy.yml")


def x(
    source: str,
    score: float,
    cycle: str = "2026-11",
    *,
    max_score: float = 100,
    kind: SourceKind = SourceKind.EXAM,
    component: str | None = None,
    attempt: int = 1,
    retake_of: str | None = None,
) -> ScoreRecord:
    return ScoreRecord(
        "t1", cycle, source, kind, score, max_score, attempt, retake_of, component=component
    )


def rating(role: str, score: float, rater: str = "r1") -> ScoreRecord:
    return ScoreRecord(
        "t1", "2026-11", f"appraisal:{role}", SourceKind.APPRAISAL, score, 100, rater_id=rater
    )


@dataclass(frozen=True)
class Case:
    name: str
    policy: Policy
    scores: list[ScoreRecord]
    overall: float | None
    tier: Tier | None
    rule: str | None = None
    decisions: set[str] | None = None  # rules of the decisions, when the case checks them
    components: dict[str, float | None] = field(default_factory=dict)
    cycle: str | None = None


P = policy(BASE)
T = policy(THEORY_ONLY)
FULL = [x("etiquette-theory", 100), x("communication-theory", 100), x("final-exam", 100)]

CASES = [
    # -- cut-off boundaries: the rounded overall is what meets the cut-off
    Case("59.99 fails", T, [x("quiz", 59.99)], 59.99, Tier.FAIL, "cutoff:fail"),
    Case("60 passes", T, [x("quiz", 60)], 60.0, Tier.PASS, "cutoff:pass"),
    Case("79.99 passes", T, [x("quiz", 79.99)], 79.99, Tier.PASS, "cutoff:pass"),
    Case("80 is good", T, [x("quiz", 80)], 80.0, Tier.GOOD, "cutoff:good"),
    Case("89.99 is good", T, [x("quiz", 89.99)], 89.99, Tier.GOOD, "cutoff:good"),
    Case("90 is excellent", T, [x("quiz", 90)], 90.0, Tier.EXCELLENT, "cutoff:excellent"),
    Case("89.995 rounds up", T, [x("quiz", 89.995)], 90.0, Tier.EXCELLENT, "cutoff:excellent"),
    Case(
        "points, not means",
        T,
        [x("a", 30, max_score=40), x("b", 50, max_score=60)],
        80.0,
        Tier.GOOD,
        components={"theory": 80.0},
    ),
    # -- weights and components
    Case(
        "two components weighted",
        P,
        [x("etiquette-theory", 85), x("practical-exam", 35, max_score=50)],
        79.0,
        Tier.PASS,
        "cutoff:pass",
        components={"theory": 85.0, "practical": 70.0},
    ),
    Case(
        "practical missing: incomplete",
        P,
        [x("etiquette-theory", 95)],
        None,
        None,
        "missing:incomplete",
        components={"theory": 95.0, "practical": None},
    ),
    Case(
        "practical missing: reweight",
        policy(BASE, ('["practical*"]}', '["practical*"], missing: reweight}')),
        [x("etiquette-theory", 95)],
        95.0,
        Tier.EXCELLENT,
        "cutoff:excellent+missing:reweight",
    ),
    Case(
        "practical missing: zero",
        policy(BASE, ("missing_component: incomplete", "missing_component: zero")),
        [x("etiquette-theory", 95)],
        57.0,
        Tier.FAIL,
        "cutoff:fail+missing:zero",
    ),
    Case(
        "external score feeds practical",
        P,
        [
            x("etiquette-theory", 90),
            x(
                "observed-roleplay",
                45,
                max_score=50,
                kind=SourceKind.EXTERNAL,
                component="practical",
            ),
        ],
        90.0,
        Tier.EXCELLENT,
        components={"practical": 90.0},
    ),
    Case(
        "an exam no component takes is not counted",
        P,
        [x("etiquette-theory", 90), x("practical-exam", 90), x("ps1", 0)],
        90.0,
        Tier.EXCELLENT,
    ),
    # -- must-pass gates
    Case(
        "complaints below pass caps excellent at good",
        P,
        [*FULL, x("complaints-theory", 58), x("practical-exam", 100)],
        93.7,
        Tier.GOOD,
        "gate:complaints_for_excellent",
        {"retake:exam_below_pass"},
    ),
    Case(
        "complaints missing: gate skipped",
        P,
        [*FULL, x("practical-exam", 100)],
        100.0,
        Tier.EXCELLENT,
        "cutoff:excellent",
    ),
    Case(
        "complaints missing: gate applied",
        policy(BASE, ("cap: good}", "cap: good, when_missing: apply}")),
        [*FULL, x("practical-exam", 100)],
        100.0,
        Tier.GOOD,
        "gate:complaints_for_excellent",
    ),
    Case(
        "a component below pass caps at pass",
        P,
        [x("etiquette-theory", 100), x("practical-exam", 50)],
        80.0,
        Tier.PASS,
        "gate:component_below_pass",
        {
            "retake:exam_below_pass",
            "second_look:near_good_cutoff",
            "second_look:theory_vs_practical",
        },
    ),
    Case(
        "a component below pass makes a fail",
        policy(BASE, ("cap: pass}", "cap: fail}")),
        [x("etiquette-theory", 100), x("practical-exam", 50)],
        80.0,
        Tier.FAIL,
        "gate:component_below_pass",
    ),
    # -- retakes
    Case(
        "best sitting counts",
        T,
        [x("quiz", 50), x("quiz-retake-1", 70)],
        70.0,
        Tier.PASS,
        decisions=set(),
    ),
    Case(
        "latest sitting counts",
        policy(THEORY_ONLY, ("count: best", "count: latest")),
        [x("quiz", 80), x("quiz-retake-1", 65)],
        65.0,
        Tier.PASS,
    ),
    Case(
        "capped retake counts at most the pass mark",
        policy(THEORY_ONLY, ("count: best", "count: capped")),
        [x("quiz", 50), x("quiz-retake-1", 90)],
        60.0,
        Tier.PASS,
    ),
    Case(
        "capped: a better first sitting stands",
        policy(THEORY_ONLY, ("count: best", "count: capped")),
        [x("quiz", 75), x("quiz-retake-1", 90)],
        75.0,
        Tier.PASS,
    ),
    Case(
        "a sitting past the allowed retakes never counts",
        policy(THEORY_ONLY, ("max: 2", "max: 1")),
        [x("quiz", 40), x("quiz-retake-1", 50), x("quiz-retake-2", 95)],
        50.0,
        Tier.FAIL,
        decisions={"retraining:below_pass_after_1_retakes"},
    ),
    Case(
        "a fail with retakes left: retake",
        T,
        [x("quiz", 40)],
        40.0,
        Tier.FAIL,
        decisions={"retake:exam_below_pass"},
    ),
    Case(
        "a fail after the allowed retakes: retraining",
        T,
        [x("quiz", 40), x("quiz-retake-1", 45), x("quiz-retake-2", 50)],
        50.0,
        Tier.FAIL,
        decisions={"retraining:below_pass_after_2_retakes"},
    ),
    Case(
        "retake named in the policy",
        policy(THEORY_ONLY, ("max: 2}", "max: 2, retake_of: {quiz-makeup: quiz}}")),
        [x("quiz", 40), x("quiz-makeup", 66)],
        66.0,
        Tier.PASS,
    ),
    Case(
        "retake recorded by the exam tools",
        T,
        [x("quiz", 40), x("quiz-b", 61, retake_of="quiz")],
        61.0,
        Tier.PASS,
    ),
    Case(
        "a retake next month mends this month",
        T,
        [x("quiz", 40, "2026-10"), x("quiz-retake-1", 70, "2026-11")],
        70.0,
        Tier.PASS,
        cycle="2026-10",
    ),
    # -- history across cycles
    Case(
        "fails in 3 consecutive cycles: HR review",
        T,
        [x("q9", 10, "2026-09"), x("q10", 20, "2026-10"), x("q11", 30, "2026-11")],
        30.0,
        Tier.FAIL,
        decisions={"retake:exam_below_pass", "hr_review:fail_in_3_consecutive_cycles"},
    ),
    Case(
        "a pass between fails: no HR review",
        T,
        [x("q9", 10, "2026-09"), x("q10", 70, "2026-10"), x("q11", 30, "2026-11")],
        30.0,
        Tier.FAIL,
        decisions={"retake:exam_below_pass"},
    ),
    Case(
        "excellent and no fail: promotion evidence",
        T,
        [x("q9", 85, "2026-09"), x("q10", 70, "2026-10"), x("q11", 95, "2026-11")],
        95.0,
        Tier.EXCELLENT,
        decisions={"promotion:excellent+no_fail_in_3"},
    ),
    Case(
        "excellent after a recent fail: no promotion evidence",
        T,
        [x("q9", 30, "2026-09"), x("q10", 70, "2026-10"), x("q11", 95, "2026-11")],
        95.0,
        Tier.EXCELLENT,
        decisions=set(),
    ),
    Case(
        "a fail four cycles back no longer blocks promotion",
        T,
        [
            x("q8", 30, "2026-08"),
            x("q9", 85, "2026-09"),
            x("q10", 70, "2026-10"),
            x("q11", 95, "2026-11"),
        ],
        95.0,
        Tier.EXCELLENT,
        decisions={"promotion:excellent+no_fail_in_3"},
    ),
    # -- second looks
    Case(
        "just under a cut-off: second look",
        T,
        [x("quiz", 79.6)],
        79.6,
        Tier.PASS,
        decisions={"second_look:near_good_cutoff"},
    ),
    Case(
        "just over a cut-off: second look",
        T,
        [x("quiz", 90.5)],
        90.5,
        Tier.EXCELLENT,
        decisions={"second_look:near_excellent_cutoff", "promotion:excellent+no_fail_in_3"},
    ),
    Case(
        "outside the margin: no second look", T, [x("quiz", 79.4)], 79.4, Tier.PASS, decisions=set()
    ),
    Case(
        "theory and practical two tiers apart",
        P,
        [x("etiquette-theory", 95), x("practical-exam", 75)],
        87.0,
        Tier.GOOD,
        decisions={"second_look:theory_vs_practical"},
    ),
    Case(
        "theory and practical one tier apart",
        P,
        [x("etiquette-theory", 95), x("practical-exam", 85)],
        91.0,
        Tier.EXCELLENT,
        decisions={"promotion:excellent+no_fail_in_3"},
    ),
    # -- appraisal
    Case(
        "appraisal raters weighted 60/25/15, peers averaged",
        policy(WITH_APPRAISAL),
        [
            x("etiquette-theory", 80),
            rating("supervisor", 80),
            rating("peer", 60, "p1"),
            rating("peer", 100, "p2"),
            rating("self", 100),
        ],
        81.5,
        Tier.GOOD,
        components={"appraisal": 83.0},
    ),
    Case(
        "a missing rater's weight is shared",
        policy(WITH_APPRAISAL),
        [x("etiquette-theory", 80), rating("supervisor", 80), rating("peer", 60)],
        77.06,
        Tier.PASS,
        components={"appraisal": 74.12},
    ),
    Case(
        "a missing rater makes the appraisal incomplete",
        policy(WITH_APPRAISAL, ("missing_rater: reweight", "missing_rater: incomplete")),
        [x("etiquette-theory", 80), rating("supervisor", 80)],
        None,
        None,
        "missing:incomplete",
        components={"appraisal": None},
    ),
    Case(
        "a fail with no exam to retake: retraining",
        policy(WITH_APPRAISAL),
        [
            x("etiquette-theory", 70),
            rating("supervisor", 20),
            rating("peer", 20),
            rating("self", 20),
        ],
        45.0,
        Tier.FAIL,
        decisions={"retraining:fail_without_exam_to_retake"},
    ),
]


def _outcome(case: Case) -> TraineeOutcome:
    inputs = CohortInputs(trainees=(Trainee("t1", "甲", "desk"),), scores=tuple(case.scores))
    result = evaluate_cohort(inputs, case.policy, case.cycle)
    [outcome] = result.outcomes
    return outcome


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_rules(case: Case) -> None:
    outcome = _outcome(case)
    assert outcome.overall == case.overall
    assert outcome.tier is case.tier
    if case.rule is not None:
        assert outcome.rule == case.rule
    if case.decisions is not None:
        assert {d.rule for d in outcome.decisions} == case.decisions
    scores = {c.name: c.score for c in outcome.components}
    for name, value in case.components.items():
        assert scores[name] == value, name
    # Every result and decision explains itself in both languages.
    assert outcome.reason.zh and outcome.reason.en
    for decision in outcome.decisions:
        assert decision.reason.zh and decision.reason.en


def test_there_are_at_least_thirty_cases() -> None:
    assert len(CASES) >= 30


def _inputs(
    *scores: ScoreRecord, trainees: tuple[Trainee, ...] = (Trainee("t1", "甲", "desk"),)
) -> CohortInputs:
    return CohortInputs(trainees=trainees, scores=tuple(scores))


def test_a_gate_and_its_numbers_are_explained_in_both_languages() -> None:
    outcome = _outcome(
        CASES[[c.name for c in CASES].index("complaints below pass caps excellent at good")]
    )
    assert outcome.gates == ("complaints_for_excellent",)
    assert "complaints-theory 58 below pass" in outcome.reason.en
    assert "allows at most good" in outcome.reason.en
    assert (
        "complaints-theory 58 未达到合格" in outcome.reason.zh and "最高为良好" in outcome.reason.zh
    )
    [retake] = outcome.decisions
    assert retake.kind is DecisionKind.RETAKE_REQUIRED
    assert "complaints-theory (58, below the pass mark 60)" in retake.reason.en


def test_retake_records_are_listed_as_used_or_set_aside() -> None:
    outcome = _outcome(Case("x", T, [x("quiz", 50), x("quiz-retake-1", 70)], 70.0, Tier.PASS))
    [theory] = outcome.components
    assert [r.source for r in theory.used] == ["quiz-retake-1"]
    assert [r.source for r in theory.ignored] == ["quiz"]
    [exam] = theory.exams
    assert (exam.exam, exam.sittings, exam.retakes_allowed_left, exam.counted) == (
        "quiz",
        2,
        1,
        "quiz-retake-1",
    )


def test_history_holds_every_cycle_up_to_the_one_asked_for() -> None:
    inputs = _inputs(x("q9", 10, "2026-09"), x("q10", 85, "2026-10"), x("q11", 95, "2026-11"))
    result = evaluate_cohort(inputs, T, "2026-10")
    [outcome] = result.outcomes
    assert result.cycles == ("2026-09", "2026-10", "2026-11")
    assert [(h.cycle, h.overall, h.tier) for h in outcome.history] == [
        ("2026-09", 10.0, Tier.FAIL),
        ("2026-10", 85.0, Tier.GOOD),
    ]


def test_an_unknown_cycle_is_refused_with_the_known_ones() -> None:
    with pytest.raises(
        FrontlineError, match=r"cycle '2025-01' has no scores \(cycles with scores: 2026-11\)"
    ):
        evaluate_cohort(_inputs(x("quiz", 50)), T, "2025-01")


def test_uncounted_scores_and_strangers_are_noted_and_roster_trainees_kept() -> None:
    stranger = ScoreRecord("t9", "2026-11", "practical-exam", SourceKind.EXAM, 80, 100)
    inputs = _inputs(
        x("etiquette-theory", 90),
        x("ps1", 10),
        stranger,
        trainees=(Trainee("t1", "甲", "desk"), Trainee("t2", "乙", "desk")),
    )
    result = evaluate_cohort(inputs, P)
    assert [o.trainee.trainee_id for o in result.outcomes] == ["t1", "t2", "t9"]
    assert result.outcomes[1].rule == "missing:no_scores"
    notes = " | ".join(n.en for n in result.notes)
    assert "ps1: no component of the policy takes it; 1 score(s) not counted" in notes
    assert "not on the roster (listed by id): t9" in notes


def test_the_same_inputs_give_an_identical_result_in_any_order() -> None:
    scores = [
        x("etiquette-theory", 50, "2026-10"),
        x("etiquette-theory-retake-1", 75, "2026-11"),
        x("practical-exam", 88, "2026-10"),
        x("final-exam", 91, "2026-11"),
    ]
    first = evaluate_cohort(_inputs(*scores), P)
    again = evaluate_cohort(_inputs(*reversed(scores)), P)
    assert [(o.overall, o.tier, o.rule, o.reason, o.decisions) for o in first.outcomes] == [
        (o.overall, o.tier, o.rule, o.reason, o.decisions) for o in again.outcomes
    ]
    assert evaluate_cohort(_inputs(*scores), P) == first


def test_nothing_to_evaluate_says_why() -> None:
    with pytest.raises(
        FrontlineError, match="no scores to evaluate: the inputs hold no score record"
    ):
        evaluate_cohort(_inputs(), P)
    with pytest.raises(FrontlineError, match="ps1: no component of the policy takes it"):
        evaluate_cohort(_inputs(x("ps1", 10)), P)


@pytest.mark.parametrize(
    "records",
    [
        [x("quiz", 40)],  # retake required
        [x("quiz", 40), x("quiz-retake-1", 45), x("quiz-retake-2", 50)],  # retraining
    ],
    ids=["retake", "retraining"],
)
def test_hr_table_names_each_decision_once(records: list[ScoreRecord]) -> None:
    """The table writes "label: reason"; a reason that repeats the label reads "需补考:补考:…"."""
    from frontline.report.table import build_table

    result = evaluate_cohort(_inputs(*records), T, "2026-11")
    table = build_table(result)
    [row] = table.rows
    cells = dict(zip(table.keys, row, strict=True))
    zh, en = str(cells["decisions_zh"]), str(cells["decisions_en"])
    assert zh.startswith(("需补考:quiz", "需再培训:quiz")), zh
    assert en.startswith(("retake required: quiz", "retraining required: quiz")), en
    assert not zh.split(":", 1)[1].startswith(("补考", "需重新培训")), zh
    assert not en.split(": ", 1)[1].startswith(("retake ", "retraining")), en
