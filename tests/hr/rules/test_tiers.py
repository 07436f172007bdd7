"""Scores in, tiers out: the pure `assign_tiers` function and the reasons it gives.

A score table goes through `evaluate_cohort`, so these also pin the cut-offs, rounding,
missing-component rules and reasons of the one evaluation HR uses.
"""

from __future__ import annotations

import pytest

from frontline.hr.inputs.scores import ScoreRow
from frontline.hr.policy.model import Policy, Tier
from frontline.hr.rules.score_table import TierResult, assign_tiers

DEFAULT = Policy(version="test-1")  # cut-offs 90/80/60, theory weighs 1.0
TWO_PARTS = {"theory": 0.6, "practical": 0.4}


def _one(rows: list[ScoreRow], policy: Policy = DEFAULT) -> TierResult:
    results = assign_tiers(rows, policy)
    assert len(results) == 1
    return results[0]


@pytest.mark.parametrize(
    ("score", "max_score", "overall", "tier"),
    [
        (0, 100, 0.0, Tier.FAIL),
        (59.99, 100, 59.99, Tier.FAIL),
        (60, 100, 60.0, Tier.PASS),
        (79.99, 100, 79.99, Tier.PASS),
        (80, 100, 80.0, Tier.GOOD),
        (89.99, 100, 89.99, Tier.GOOD),
        (90, 100, 90.0, Tier.EXCELLENT),
        (100, 100, 100.0, Tier.EXCELLENT),
        # The percentage comes from points, not from the raw score.
        (36, 40, 90.0, Tier.EXCELLENT),
        (23.996, 40, 59.99, Tier.FAIL),
        (24, 40, 60.0, Tier.PASS),
        # The rounded overall (the number HR sees) is what meets the cut-off.
        (89.995, 100, 90.0, Tier.EXCELLENT),
    ],
)
def test_cutoff_boundaries_with_the_default_policy(
    score: float, max_score: float, overall: float, tier: Tier
) -> None:
    result = _one([ScoreRow("t001", "theory", score, max_score)])
    assert result.overall == overall
    assert result.tier is tier
    assert result.status == tier.value
    assert result.rule == f"cutoff:{tier.value}"


@pytest.mark.parametrize(
    ("score", "rule", "zh_words", "en_words"),
    [
        (
            92,
            "cutoff:excellent",
            ["综合分 92", "优秀线 90", "→ 优秀"],
            ["overall 92", "excellent cut-off 90", "→ excellent"],
        ),
        (
            85.5,
            "cutoff:good",
            ["综合分 85.5", "良好线 80", "优秀线 90", "→ 良好"],
            ["overall 85.5", "good cut-off 80", "below the excellent cut-off 90", "→ good"],
        ),
        (
            60,
            "cutoff:pass",
            ["综合分 60", "合格线 60", "→ 合格"],
            ["overall 60", "pass cut-off 60", "below the good cut-off 80", "→ pass"],
        ),
        (
            59.99,
            "cutoff:fail",
            ["综合分 59.99", "低于合格线 60", "→ 不合格"],
            ["overall 59.99", "below the pass cut-off 60", "→ fail"],
        ),
    ],
)
def test_each_result_names_its_rule_and_explains_it_in_both_languages(
    score: float, rule: str, zh_words: list[str], en_words: list[str]
) -> None:
    result = _one([ScoreRow("t001", "theory", score, 100)])
    assert result.rule == rule
    assert result.policy_version == "test-1"
    for word in zh_words:
        assert word in result.reason.zh
    for word in en_words:
        assert word in result.reason.en


def test_no_scores_give_no_results() -> None:
    assert assign_tiers([], DEFAULT) == []


def test_results_come_one_per_trainee_in_first_seen_order() -> None:
    rows = [
        ScoreRow("t002", "theory", 70, 100),
        ScoreRow("t001", "theory", 95, 100),
        ScoreRow("t002", "theory", 10, 100),
    ]
    results = assign_tiers(rows, DEFAULT)
    assert [r.trainee_id for r in results] == ["t002", "t001"]
    assert [r.tier for r in results] == [Tier.FAIL, Tier.EXCELLENT]  # t002: 80/200 = 40%


def test_several_exams_of_one_component_count_by_their_points() -> None:
    # 30/40 + 50/60 = 80/100, not the mean of 75% and 83.33%.
    result = _one([ScoreRow("t001", "theory", 30, 40), ScoreRow("t001", "theory", 50, 60)])
    assert result.components == {"theory": 80.0}
    assert result.overall == 80.0
    assert result.tier is Tier.GOOD
    assert result.inputs == {"theory": (80.0, 100.0)}


def test_two_weighted_components_make_a_weighted_sum() -> None:
    policy = Policy(weights=TWO_PARTS)
    result = _one(
        [ScoreRow("t001", "theory", 85, 100), ScoreRow("t001", "practical", 35, 50)], policy
    )
    # 0.6 × 85 + 0.4 × 70 = 51 + 28 = 79
    assert result.components == {"theory": 85.0, "practical": 70.0}
    assert result.overall == 79.0
    assert result.tier is Tier.PASS
    assert result.rule == "cutoff:pass"
    assert "理论 85×0.6" in result.reason.zh
    assert "实操 70×0.4" in result.reason.zh
    assert "theory 85×0.6" in result.reason.en
    assert "practical 70×0.4" in result.reason.en


def test_a_missing_component_leaves_the_trainee_incomplete() -> None:
    policy = Policy(weights=TWO_PARTS, missing_component="incomplete")
    result = _one([ScoreRow("t001", "theory", 95, 100)], policy)
    assert result.tier is None
    assert result.overall is None
    assert result.status == "incomplete"
    assert result.rule == "missing:incomplete"
    assert result.components == {"theory": 95.0}
    assert "实操" in result.reason.zh
    assert "practical" in result.reason.en


def test_a_missing_component_counted_as_zero() -> None:
    policy = Policy(weights=TWO_PARTS, missing_component="zero")
    result = _one([ScoreRow("t001", "theory", 95, 100)], policy)
    # 0.6 × 95 + 0.4 × 0 = 57
    assert result.overall == 57.0
    assert result.tier is Tier.FAIL
    assert result.components == {"theory": 95.0, "practical": 0.0}
    assert result.rule == "cutoff:fail+missing:zero"
    assert "practical missing, counted as 0" in result.reason.en
    assert "缺少实操" in result.reason.zh


def test_a_missing_components_weight_is_shared_among_the_rest() -> None:
    policy = Policy(
        weights={"theory": 0.5, "practical": 0.3, "appraisal": 0.2}, missing_component="reweight"
    )
    result = _one(
        [ScoreRow("t001", "theory", 80, 100), ScoreRow("t001", "practical", 96, 100)], policy
    )
    # Without appraisal, theory weighs 0.5 / 0.8 = 0.625 and practical 0.3 / 0.8 = 0.375:
    # 0.625 × 80 + 0.375 × 96 = 50 + 36 = 86
    assert result.overall == 86.0
    assert result.tier is Tier.GOOD
    assert result.rule == "cutoff:good+missing:reweight"
    assert "appraisal missing" in result.reason.en
    assert "缺少考评" in result.reason.zh


def test_reweighting_with_a_single_present_component_uses_it_alone() -> None:
    policy = Policy(weights=TWO_PARTS, missing_component="reweight")
    result = _one([ScoreRow("t001", "theory", 90, 100)], policy)
    assert result.overall == 90.0
    assert result.tier is Tier.EXCELLENT


@pytest.mark.parametrize(
    ("row", "message"),
    [
        (ScoreRow("t001", "theory", 101, 100), "t001: score 101 is outside 0..100"),
        (ScoreRow("t001", "theory", -1, 100), "t001: score -1 is outside 0..100"),
        (ScoreRow("t001", "theory", 0, 0), "t001: max_score must be above 0, not 0"),
        (
            ScoreRow("t001", "practical", 50, 100),
            "t001: component 'practical' has no weight in the policy (known: theory)",
        ),
    ],
)
def test_invalid_rows_are_refused(row: ScoreRow, message: str) -> None:
    with pytest.raises(ValueError) as excinfo:
        assign_tiers([ScoreRow("t000", "theory", 50, 100), row], DEFAULT)
    assert str(excinfo.value) == message


def test_result_records_the_weights_actually_applied() -> None:
    policy = Policy(weights={"theory": 0.6, "practical": 0.4}, missing_component="reweight")
    [both] = assign_tiers(
        [ScoreRow("t1", "theory", 80, 100), ScoreRow("t1", "practical", 90, 100)], policy
    )
    [alone] = assign_tiers([ScoreRow("t2", "theory", 80, 100)], policy)
    assert both.weights == {"theory": 0.6, "practical": 0.4}
    assert alone.weights == {"theory": 1.0}


def test_component_gates_of_the_policy_apply_to_a_score_table() -> None:
    from frontline.hr.policy.model import Gate

    policy = Policy(
        weights=TWO_PARTS,
        gates=(
            Gate("component_below_pass", Tier.PASS, Tier.PASS, component="any"),
            Gate(
                "complaints", Tier.PASS, Tier.GOOD, exam="complaints-theory", when_missing="apply"
            ),
        ),
    )
    result = _one(
        [ScoreRow("t001", "theory", 100, 100), ScoreRow("t001", "practical", 55, 100)], policy
    )
    # 0.6 × 100 + 0.4 × 55 = 82 is good by cut-off; practical below pass caps it at pass.
    assert (result.overall, result.tier, result.rule) == (
        82.0,
        Tier.PASS,
        "gate:component_below_pass",
    )
    assert "practical 55 below pass" in result.reason.en
    # An exam gate needs exam ids, which a component table does not have: not applied.
    ok = _one([ScoreRow("t002", "theory", 95, 100), ScoreRow("t002", "practical", 95, 100)], policy)
    assert ok.tier is Tier.EXCELLENT


def test_the_repository_policy_tiers_a_theory_only_table() -> None:
    from frontline.core.course import REPO_ROOT
    from frontline.hr.policy.schema import load_policy

    policy = load_policy(REPO_ROOT / "gradebook" / "policy.yml")
    result = _one([ScoreRow("t001", "theory", 34, 40)], policy)
    assert (result.overall, result.tier) == (85.0, Tier.GOOD)
    assert result.rule == "cutoff:good+missing:reweight"
    assert "practical, appraisal missing, its weight shared among the rest" in result.reason.en


def test_an_appraisal_row_counts_by_its_points_like_any_other_component() -> None:
    # A table's appraisal score is no rating by supervisor, peer or self: it is not
    # averaged by rater role, and the reason says nothing about missing raters.
    policy = Policy(weights={"theory": 0.5, "appraisal": 0.5})
    result = _one(
        [
            ScoreRow("t001", "appraisal", 30, 40),
            ScoreRow("t001", "appraisal", 50, 60),
            ScoreRow("t001", "theory", 90, 100),
        ],
        policy,
    )
    assert result.components == {"theory": 90.0, "appraisal": 80.0}
    assert result.inputs == {"appraisal": (80.0, 100.0), "theory": (90.0, 100.0)}
    assert (result.overall, result.tier) == (85.0, Tier.GOOD)
    assert "rating" not in result.reason.en and "评分" not in result.reason.zh
