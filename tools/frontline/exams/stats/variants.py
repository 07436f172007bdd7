"""Item statistics per variant of each pooled question (issue 12: "kept per variant").

A pooled question is one graded cell, so the gradebook has one score per trainee for
it, whichever variant they saw. Which variant that was is recomputed here from the
trainee and the exam (`frontline.exams.model.draw`), as the hidden test recomputed
it, and the question's rows are relabelled `q01/v2`. The item analysis then runs on
the relabelled frame: every trainee keeps one row per question, so exam totals, and
with them the upper and lower groups, are the same as for the whole exam, while each
variant's facility and discrimination come only from the trainees it was shown to.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from frontline.exams.model.bank import QuestionBank
from frontline.exams.model.draw import draw
from frontline.exams.stats.items import ExamStats, StatsSettings, item_analysis

if TYPE_CHECKING:
    import pandas as pd

VARIANT_CSV = "variant-stats.csv"


def by_variant(items: pd.DataFrame, bank: QuestionBank, exam: str) -> pd.DataFrame:
    """The item-score frame with each pooled question's rows named by the trainee's
    variant (`q01/v2`); other rows unchanged."""
    if items.empty or not bank.pools:
        return items
    frame = items.copy()
    drawn = {
        str(trainee): draw(bank, str(trainee), exam) for trainee in frame["trainee_id"].unique()
    }

    def label(row: pd.Series) -> str:
        item = str(row["item"])
        if not bank.pooled(item):
            return item
        return f"{item}/{drawn[str(row['trainee_id'])][item]}"

    frame["item"] = frame.apply(label, axis=1)
    return frame


def variant_analysis(
    items: pd.DataFrame, bank: QuestionBank, exam: str, settings: StatsSettings | None = None
) -> ExamStats:
    """Facility, discrimination and flags of every variant of every pooled question
    (no rows when the exam has none)."""
    stats = item_analysis(by_variant(items, bank, exam), exam, settings)
    pooled = tuple(item for item in stats.items if item.item.split("/")[0] in bank.pools)
    return replace(stats, items=pooled)
