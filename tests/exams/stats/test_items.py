"""Item analysis on constructed cohorts whose good and bad items are known in advance."""

from __future__ import annotations

import random

import pandas as pd
import pytest

from frontline.exams.stats.items import (
    Flag,
    StatsSettings,
    choice_analysis,
    group_size,
    item_analysis,
)
from frontline.exams.stats.output import item_chart, item_csv, item_table

ABILITIES = {f"t{i:02d}": i / 19 for i in range(20)}  # t00 weakest .. t19 strongest


def _cohort() -> pd.DataFrame:
    """20 trainees; every item's behaviour is fixed by ability, so the flags are known.

    - good1..good4 (2 points): right for the stronger half, wrong for the weaker half
    - bad (2 points): the stronger half gets it wrong, the weaker half right: a bad key
    - easy (1 point): everyone right but the weakest trainee
    - hard (1 point): only the strongest two right
    - partial (3 points): credit rises with ability (0, 1, 2 or 3)
    """
    rows = []
    for tid, ability in ABILITIES.items():
        rank = round(ability * 19)
        scores = {f"good{k}": (2.0 if rank >= 10 else 0.0, 2.0) for k in range(1, 5)}
        scores["bad"] = (2.0 if rank < 10 else 0.0, 2.0)
        scores["easy"] = (0.0 if rank == 0 else 1.0, 1.0)
        scores["hard"] = (1.0 if rank >= 18 else 0.0, 1.0)
        scores["partial"] = (float(min(3, rank // 5)), 3.0)
        for item, (score, maximum) in scores.items():
            rows.append(
                {
                    "trainee_id": tid,
                    "item": item,
                    "score": score,
                    "max_score": maximum,
                    "needs_manual_grade": False,
                }
            )
    return pd.DataFrame(rows)


def _by_item(frame: pd.DataFrame, settings: StatsSettings | None = None) -> dict:
    stats = item_analysis(frame, "constructed", settings)
    return {item.item: item for item in stats.items}


def test_a_reversed_key_is_flagged_as_discriminating_negatively() -> None:
    items = _by_item(_cohort())
    bad = items["bad"]
    # groups of round(0.27 * 20) = 5: the strongest five all scored 0, the weakest five 2/2
    assert bad.upper_facility == 0.0 and bad.lower_facility == 1.0
    assert bad.discrimination == -1.0
    assert Flag.NEGATIVE in bad.flags
    assert bad.item_rest is not None and bad.item_rest < 0


def test_an_item_everybody_gets_right_is_flagged_too_easy() -> None:
    easy = _by_item(_cohort())["easy"]
    assert easy.facility == pytest.approx(0.95)
    assert Flag.TOO_EASY in easy.flags
    # only the weakest trainee missed it: the groups differ by one in five
    assert easy.discrimination == pytest.approx(0.2)
    assert Flag.WEAK not in easy.flags


def test_hard_and_good_items() -> None:
    items = _by_item(_cohort())
    assert items["hard"].facility == pytest.approx(0.1)
    assert items["hard"].flags == (Flag.TOO_HARD,)
    for k in range(1, 5):
        good = items[f"good{k}"]
        assert good.facility == 0.5 and good.discrimination == 1.0
        assert good.flags == ()
    assert items["partial"].flags == ()
    assert items["partial"].upper_facility == 1.0  # ranks 15..19 earn 3 of 3


def test_flags_follow_the_settings() -> None:
    lenient = StatsSettings(easy_above=0.97, hard_below=0.05, weak_below=0.1)
    items = _by_item(_cohort(), lenient)
    assert items["easy"].flags == ()
    assert items["hard"].flags == ()
    strict = StatsSettings(weak_below=0.5)
    assert Flag.WEAK in _by_item(_cohort(), strict)["easy"].flags


def test_bad_settings_are_refused() -> None:
    with pytest.raises(ValueError, match="thresholds"):
        StatsSettings(easy_above=0.2, hard_below=0.3)
    with pytest.raises(ValueError, match="group fraction"):
        StatsSettings(group_fraction=0.6)


def test_row_order_does_not_change_the_result() -> None:
    frame = _cohort()
    shuffled = frame.sample(frac=1.0, random_state=random.Random(4).randint(0, 999))
    assert item_analysis(frame, "x") == item_analysis(shuffled.reset_index(drop=True), "x")


def test_marks_awaiting_a_trainer_are_left_out_not_counted_as_zero() -> None:
    frame = _cohort()
    written = pd.DataFrame(
        [
            {
                "trainee_id": tid,
                "item": "written",
                "score": 0.0 if rank < 10 else 4.0,
                "max_score": 5.0,
                "needs_manual_grade": rank < 10,
            }
            for rank, tid in enumerate(ABILITIES)
        ]
    )
    stats = _by_item(pd.concat([frame, written], ignore_index=True))["written"]
    assert stats.pending == 10
    assert stats.trainees == 10
    assert stats.facility == pytest.approx(0.8)  # the ten marked answers, not 0.4


def test_group_size_is_27_percent_and_never_overlaps() -> None:
    assert group_size(20, 0.27) == 5
    assert group_size(100, 0.27) == 27
    assert group_size(3, 0.5) == 1
    assert group_size(2, 0.27) == 1
    assert group_size(1, 0.27) == 0


def test_a_single_trainee_gets_facility_but_no_discrimination() -> None:
    frame = _cohort()
    one = item_analysis(frame[frame["trainee_id"] == "t19"], "x")
    assert one.group_size == 0
    assert all(
        item.discrimination is None and not any(f in item.flags for f in (Flag.NEGATIVE, Flag.WEAK))
        for item in one.items
    )


def test_outputs_name_every_item_and_flag() -> None:
    stats = item_analysis(_cohort(), "constructed")
    table = item_table(stats)
    for item in stats.items:
        assert item.item in table
    assert "负区分 negative discrimination" in table
    csv_text = item_csv(stats)
    lines = csv_text.splitlines()
    assert lines[0].startswith("exam,item,max_score")
    bad_line = next(line for line in lines if ",bad," in line)
    assert "negative discrimination" in bad_line and "负区分" in bad_line
    png = item_chart(stats)
    assert png.startswith(b"\x89PNG")


def test_choice_analysis_splits_takers_by_group() -> None:
    totals = pd.Series({tid: ability for tid, ability in ABILITIES.items()})
    rows = []
    for rank, tid in enumerate(ABILITIES):
        # strong trainees apologise first; weak ones argue; everyone reaches "opening"
        rows.append(
            {
                "trainee_id": tid,
                "scenario": "s1",
                "step": "opening",
                "choice": "apologise" if rank >= 8 else "argue",
            }
        )
        if rank >= 8:
            rows.append(
                {"trainee_id": tid, "scenario": "s1", "step": "details", "choice": "record"}
            )
    result = {(c.step, c.choice): c for c in choice_analysis(pd.DataFrame(rows), totals)}
    apologise = result[("opening", "apologise")]
    assert (apologise.taken, apologise.reached) == (12, 20)
    assert (apologise.upper_taken, apologise.lower_taken, apologise.group_size) == (5, 0, 5)
    assert apologise.discrimination == 1.0
    assert result[("opening", "argue")].discrimination == -1.0
    assert result[("details", "record")].reached == 12
