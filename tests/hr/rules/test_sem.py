"""The second-look margin in SEM units: where the SEM comes from (first attempts, per
exam), how it carries to the overall, when it widens the margin, and what the reason
says. Table-driven, with SEMs worked out by hand."""

from __future__ import annotations

import pytest

from frontline.core.errors import InputFileError
from frontline.hr.inputs.roster import Trainee
from frontline.hr.policy.model import Policy, Tier
from frontline.hr.policy.schema import parse_policy_text
from frontline.hr.rules.decisions import Standing, decide
from frontline.hr.rules.evaluate import evaluate_cohort
from frontline.hr.rules.outcomes import (
    CohortInputs,
    ExamResult,
    ItemScore,
    ScoreRecord,
    SourceKind,
)
from frontline.hr.rules.sem import OverallSem, exam_sems, overall_sem
from frontline.hr.rules.tiers import fmt

POLICY = """\
version: "sem-test"
cutoffs: {excellent: 90, good: 80, pass: 60}
components:
  theory: {weight: 1.0, exams: ["*"]}
decisions:
  second_look: {margin: 0.5%s}
"""


def policy(sem: float | None = None) -> Policy:
    return parse_policy_text(POLICY % (f", margin_sem: {sem}" if sem is not None else ""))


def items(exam: str, rows: dict[str, list[float]], maximum: float = 1) -> list[ItemScore]:
    return [ItemScore(t, "2026-11", exam, f"q{i}", s, maximum)
            for t, scores in rows.items() for i, s in enumerate(scores, 1)]  # fmt: skip


# Two right/wrong items, totals 2, 1, 0: item variances 1/3 + 1/3, total variance 1,
# alpha = 2 x (1 - 2/3) = 2/3, SEM = 1 x sqrt(1/3) = 0.577 points.
SPREAD = {"t1": [1, 1], "t2": [1, 0], "t3": [0, 0]}
# Items that always agree: alpha 1, no measurement error.
AGREE = {"t1": [1, 1], "t2": [0, 0], "t3": [1, 1]}


@pytest.mark.parametrize(
    ("scores", "expected"),
    [
        (items("e", SPREAD), {"e": 0.577}),
        (items("e", AGREE), {"e": 0.0}),
        # a retake is no first attempt: it neither gets a SEM nor changes the exam's
        (items("e", SPREAD) + items("e-retake-1", {"t3": [1, 1], "t4": [0, 1]}), {"e": 0.577}),
        (items("e", {"t1": [1, 0]}), {}),  # one trainee: no spread to measure
        (items("e", {"t1": [1], "t2": [0]}), {}),  # one item: no alpha
        ([], {}),
    ],
    ids=["spread", "agree", "retake-left-out", "one-trainee", "one-item", "none"],
)
def test_exam_sem_from_first_attempts(scores: list[ItemScore], expected: dict[str, float]) -> None:
    assert exam_sems(scores, policy(1.0)) == expected


def exam(name: str, maximum: float) -> ExamResult:
    return ExamResult(exam=name, score=0.5 * maximum, max_score=maximum, percent=50,
                      tier=Tier.FAIL)  # fmt: skip


@pytest.mark.parametrize(
    ("weights", "exams", "sems", "expected"),
    [
        ({"theory": 1.0}, {"theory": [exam("a", 10)]}, {"a": 1.0}, OverallSem(10.0, (("a", 1.0),))),
        # 0.6 x 100 x 2 / 40 = 3 for each theory exam; the practical has no SEM
        ({"theory": 0.6, "practical": 0.4},
         {"theory": [exam("a", 20), exam("b", 20)], "practical": [exam("p", 40)]},
         {"a": 2.0, "b": 2.0}, OverallSem(4.24, (("a", 2.0), ("b", 2.0)))),
        ({"theory": 1.0}, {"theory": [exam("a", 10)]}, {}, None),
        ({"theory": 1.0}, {}, {"a": 1.0}, None),
    ],
    ids=["one-exam", "two-components", "no-sem", "no-exam"],
)  # fmt: skip
def test_the_overalls_sem_carries_each_exams(
    weights: dict[str, float], exams: dict[str, list[ExamResult]], sems: dict[str, float],
    expected: OverallSem | None,
) -> None:  # fmt: skip
    assert overall_sem(weights, exams, sems) == expected


@pytest.mark.parametrize(
    ("units", "sem", "overall", "flagged", "says"),
    [
        (None, 2.3, 58.5, False, ""),  # points only: 1.5 from the cut-off, margin 0.5
        (1.0, 2.3, 58.5, True, "within 1 SEM (2.3 points)"),
        (1.0, 2.3, 62.3, True, "within 1 SEM (2.3 points) of the pass cut-off 60"),
        (1.0, 2.3, 62.4, False, ""),
        (2.0, 1.0, 58.1, True, "within 2 SEM (2 points) of the pass cut-off 60: worth a second "
         "look at the marking (SEM from first attempts: e 1.5)"),
        (1.0, 0.2, 58.5, False, ""),  # the SEM band is narrower than the points
        (1.0, 0.2, 59.7, True, "within 0.5 of the pass cut-off"),
        (1.0, None, 58.5, False, ""),  # no exam has a SEM: points only
    ],
)  # fmt: skip
def test_the_wider_margin_decides_and_the_reason_says_which(
    units: float | None, sem: float | None, overall: float, flagged: bool, says: str
) -> None:
    known = OverallSem(sem, (("e", 1.5),)) if sem is not None else None
    tier = Tier.PASS if overall >= 60 else Tier.FAIL
    found = [d for d in decide(policy(units), Standing("2026-11", overall, tier), {}, [], [], known)
             if d.rule == "second_look:near_pass_cutoff"]  # fmt: skip
    assert bool(found) == flagged
    if flagged:
        assert says in found[0].reason.en
        assert "测量标准误" in found[0].reason.zh or "SEM" not in says


@pytest.mark.parametrize(
    ("value", "message"),
    [("0", "must be above 0"), ("4", "at most 3 SEM"), ("wide", "must be a number")],
)
def test_a_bad_sem_margin_is_refused_with_its_line(value: str, message: str) -> None:
    with pytest.raises(InputFileError) as caught:
        parse_policy_text(POLICY % f", margin_sem: {value}")
    assert "line 6, key 'decisions.second_look.margin_sem'" in str(caught.value)
    assert message in str(caught.value)


def test_a_cohort_flags_a_total_within_one_sem_of_the_cut_off() -> None:
    # Ten items of 10 points; totals spread widely, so the SEM is several points.
    rows = {"t1": [10, 10, 10, 10, 10, 8, 0, 0, 0, 0], "t2": [10] * 9 + [0],
            "t3": [0, 0, 10, 0, 0, 0, 10, 0, 0, 0], "t4": [10] * 10, "t5": [0] * 10,
            "t6": [10, 10, 10, 10, 0, 10, 10, 10, 0, 10]}  # fmt: skip
    scores = items("e-theory", rows, maximum=10)
    records = tuple(ScoreRecord(t, "2026-11", "e-theory", SourceKind.EXAM, sum(r), 100)
                    for t, r in rows.items())  # fmt: skip
    trainees = tuple(Trainee(t, t, "team") for t in rows)
    inputs = CohortInputs(trainees=trainees, scores=records, items=tuple(scores))
    sem = exam_sems(scores, policy(1.0))["e-theory"]
    assert sem > 2  # far wider than the 0.5-point margin
    for units, flagged in ((None, False), (1.0, True)):
        result = evaluate_cohort(inputs, policy(units))
        t1 = next(o for o in result.outcomes if o.trainee.trainee_id == "t1")
        assert t1.overall == 58
        near = [d for d in t1.decisions if d.rule == "second_look:near_pass_cutoff"]
        assert bool(near) == flagged
    assert f"within 1 SEM ({fmt(sem)} points)" in near[0].reason.en  # a 100-point exam
    assert "first attempts: e-theory" in near[0].reason.en
