"""Item statistics per variant: each trainee's score on a pooled question counts for the
variant their sitting drew, and each variant has its own distractors."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from frontline.exams.model.answers import ANSWERS_FILE, AnswerSheet, save_sheet
from frontline.exams.model.draw import draw
from frontline.exams.stats.items import item_analysis
from frontline.exams.stats.reliability import distractor_analysis
from frontline.exams.stats.selections import choice_items, read_selections, shown_to
from frontline.exams.stats.variants import by_variant, variant_analysis
from tests.exams.pools import POOLED, pooled_course, pooled_data

TRAINEES = [f"t{n:02}" for n in range(60)]


def _strength(trainee: str) -> int:
    return int(trainee[1:])  # t59 is the strongest


def _frame() -> pd.DataFrame:
    """q01/v1 nobody gets right; its other variants the stronger half does; q03 (flat)
    and the rest everyone does."""
    bank, _ = pooled_data()
    rows = []
    for trainee in TRAINEES:
        drawn = draw(bank, trainee, POOLED)
        strong = _strength(trainee) >= 30
        q01 = 0.0 if drawn["q01"] == "v1" else (2.0 if strong else 0.0)
        for item, score, top in (("q01", q01, 2), ("q02", 3.0, 3), ("q03", 3.0, 3),
                                 ("q04", 2.0, 2)):  # fmt: skip
            rows.append({"trainee_id": trainee, "item": item, "score": score, "max_score": top})
    return pd.DataFrame(rows)


def test_each_pooled_question_is_analysed_per_variant_with_the_whole_exams_groups() -> None:
    bank, _ = pooled_data()
    frame = _frame()
    relabelled = by_variant(frame, bank, POOLED)
    assert set(relabelled["item"]) == {
        "q01/v1", "q01/v2", "q01/v3", "q02/v1", "q02/v2", "q03", "q04/v1", "q04/v2",
    }  # fmt: skip
    assert len(relabelled) == len(frame)  # one row per trainee and question still
    stats = variant_analysis(frame, bank, POOLED)
    by_item = {item.item: item for item in stats.items}
    assert "q03" not in by_item  # a flat question is in the per-question table only
    seen = {v: sum(draw(bank, t, POOLED)["q01"] == v for t in TRAINEES) for v in ("v1", "v2")}
    assert by_item["q01/v1"].trainees == seen["v1"] and by_item["q01/v2"].trainees == seen["v2"]
    assert by_item["q01/v1"].facility == 0.0
    assert by_item["q01/v2"].facility == pytest.approx(0.5, abs=0.2)
    d = by_item["q01/v2"].discrimination
    assert d is not None and d > 0.8  # only the upper group gets it right
    assert "too hard" in [flag.value for flag in by_item["q01/v1"].flags]
    assert stats.trainees == len(TRAINEES)
    # the per-question figure mixes the variants
    whole = {item.item: item for item in item_analysis(frame, POOLED).items}
    assert whole["q01"].trainees == len(TRAINEES)


def test_distractors_are_counted_per_variant_among_those_shown_it(tmp_path: Path) -> None:
    course = pooled_course(tmp_path)
    bank, trainer = pooled_data()
    for trainee in TRAINEES:
        variant = draw(bank, trainee, POOLED)["q01"]
        key = trainer.keyed("q01", variant).key
        wrong = next(o for o in "abc" if o != key)
        answer = key if _strength(trainee) >= 30 else wrong
        sheet = AnswerSheet(POOLED, trainee).with_answer("q01", (answer,), variant)
        save_sheet(course.autograded / trainee / POOLED / ANSWERS_FILE, sheet)
    items = choice_items(course, POOLED)
    assert {"q01/v1", "q01/v2", "q01/v3", "q02/v1", "q02/v2"} <= set(items.options)
    assert items.keys["q01/v2"] == frozenset({"a"})
    selections = read_selections(course, POOLED, TRAINEES, items)
    assert len(selections[selections["item"].str.startswith("q01/")]) == len(TRAINEES)
    totals = pd.Series({t: float(_strength(t)) for t in TRAINEES})
    shown = shown_to(items, POOLED, TRAINEES)
    assert sum(len(shown[f"q01/{v}"]) for v in ("v1", "v2", "v3")) == len(TRAINEES)
    options = distractor_analysis(selections, items.options, items.keys, totals, None, shown)
    keys = {o.item: o for o in options if o.is_key and o.item.startswith("q01/")}
    for label, option in keys.items():
        assert option.upper_share == 1.0 and option.lower_share == 0.0, label
        assert option.upper_shown == len(shown[label] & set(TRAINEES[-16:]))
