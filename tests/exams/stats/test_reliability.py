"""Cronbach's alpha, the SEM and the distractor analysis, on cohorts small enough to check
by hand."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from frontline.exams.stats.reliability import (
    OptionFlag,
    distractor_analysis,
    reliability,
)
from frontline.exams.stats.reliability_output import distractor_csv, reliability_lines


def _items(scores: dict[str, list[float]], max_score: float = 1.0) -> pd.DataFrame:
    """scores: item -> one score per trainee t1, t2, ..."""
    rows = [
        {"trainee_id": f"t{i + 1}", "item": item, "score": value, "max_score": max_score}
        for item, values in scores.items()
        for i, value in enumerate(values)
    ]
    return pd.DataFrame(rows)


def test_kr20_of_a_small_right_wrong_exam_matches_the_hand_computation() -> None:
    # 4 trainees x 3 items; totals 3, 2, 1, 0
    frame = _items({"a": [1, 1, 1, 0], "b": [1, 1, 0, 0], "c": [1, 0, 0, 0]})
    result = reliability(frame, "demo")
    # item variances (n-1): 0.25, 1/3, 0.25 -> 5/6; total variance (n-1): 5/3
    # alpha = 3/2 x (1 - (5/6)/(5/3)) = 0.75
    assert result.alpha == pytest.approx(0.75)
    assert result.sd == pytest.approx(math.sqrt(5 / 3), abs=1e-3)
    assert result.sem == pytest.approx(math.sqrt(5 / 3) * math.sqrt(0.25), abs=1e-3)
    assert result.trainees == 4 and result.items == 3 and result.max_total == 3
    assert result.sem_percent == pytest.approx(100 * result.sem / 3, abs=0.01)


def test_items_that_pull_apart_give_a_low_alpha_and_a_warning() -> None:
    # item b rewards exactly the trainees item a punishes
    frame = _items({"a": [1, 1, 0, 0], "b": [0, 0, 1, 1], "c": [1, 0, 1, 0]})
    result = reliability(frame)
    assert result.alpha is not None and result.alpha < 0.7
    assert any("Alpha below" in line for line in reliability_lines(result))


def test_a_pending_mark_leaves_that_trainee_out_not_in_as_a_zero() -> None:
    frame = _items({"a": [1, 1, 1, 0], "b": [1, 1, 0, 0], "c": [1, 0, 0, 0]})
    frame.loc[(frame.trainee_id == "t4") & (frame.item == "c"), "score"] = float("nan")
    assert reliability(frame).trainees == 3


def test_too_few_trainees_or_no_spread_is_said_plainly() -> None:
    one = reliability(_items({"a": [1], "b": [0]}))
    assert one.alpha is None and one.sem is None
    same = reliability(_items({"a": [1, 1], "b": [1, 1]}))
    assert same.alpha is None
    assert "not computable" in reliability_lines(same)[0]


def test_distractors_are_flagged_for_what_they_draw() -> None:
    totals = pd.Series({"s1": 10.0, "s2": 9.0, "w1": 2.0, "w2": 1.0})
    selections = pd.DataFrame(
        [
            ("s1", "q1", "key"), ("s2", "q1", "trap"), ("w1", "q1", "weak"),
            ("w2", "q1", "key"),
        ],
        columns=["trainee_id", "item", "option"],
    )  # fmt: skip
    options = {"q1": ("key", "trap", "weak", "dead")}
    result = {
        o.option: o
        for o in distractor_analysis(selections, options, {"q1": frozenset({"key"})}, totals)
    }
    # groups of one: s1 upper, w2 lower
    assert result["dead"].flag is OptionFlag.UNUSED and result["dead"].chosen == 0
    assert result["key"].is_key and result["key"].chosen == 2
    assert result["weak"].flag is None  # chosen by a weak trainee outside the lower group
    csv_text = distractor_csv(tuple(result.values()))
    assert csv_text.splitlines()[0].startswith("item,option,is_key,chosen")
    assert "never chosen" in csv_text


def test_a_distractor_that_draws_the_strong_group_points_at_a_bad_item() -> None:
    totals = pd.Series({"s1": 10.0, "w1": 1.0})
    selections = pd.DataFrame(
        [("s1", "q1", "trap"), ("w1", "q1", "key")], columns=["trainee_id", "item", "option"]
    )
    flags = {
        o.option: o.flag
        for o in distractor_analysis(
            selections, {"q1": ("key", "trap")}, {"q1": frozenset({"key"})}, totals
        )
    }
    assert flags == {"key": OptionFlag.KEY_FAVOURS_WEAK, "trap": OptionFlag.DRAWS_STRONG}
