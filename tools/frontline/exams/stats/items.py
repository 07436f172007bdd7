"""Item analysis: which questions of an exam are too easy, too hard or misleading.

Pure functions over a pandas frame of item scores (one row per trainee and item,
as `frontline.hr.inputs.gradebook.item_grades` reads them from nbgrader's gradebook).

- **Facility** of an item: its mean score divided by its maximum (0 = nobody
  scored, 1 = everybody got full marks). Partial credit counts as its fraction.
- **Discrimination** (the index the flags use): Kelley's upper-lower index. Trainees
  are ranked by their exam total; the top and the bottom 27% form the upper and
  the lower group; D = (mean score of the upper group - mean score of the lower
  group) / maximum. D near 1: the item separates strong from weak trainees; D < 0:
  weak trainees do better on it than strong ones, so the item (or its key) is
  likely wrong. It is chosen over a correlation because a trainer can read it
  directly ("the top group scored 40 points of 100 more on this item") and it
  stays meaningful on the small, lumpy cohorts of one training class.
- **Item-rest correlation** is reported beside it: the Pearson correlation of the
  item's score with the total of the *other* items (the corrected item-total
  correlation; for right/wrong items it is the point-biserial). It uses every
  trainee, not just the two tails, and is left empty where an item has no spread.

Ranking ties at a group boundary are broken by trainee id, so the result never
depends on the order rows came in. Marks that still await a trainer are left out
of their item's figures and count as nothing in totals (see `pending`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd

ITEM_COLUMNS = ("trainee_id", "item", "score", "max_score")
CHOICE_COLUMNS = ("trainee_id", "scenario", "step", "choice")


@dataclass(frozen=True)
class StatsSettings:
    """The thresholds behind the flags; every one a setting (CLI options default to these)."""

    easy_above: float = 0.9  # facility above this: too easy
    hard_below: float = 0.3  # facility below this: too hard
    weak_below: float = 0.2  # discrimination below this (and >= 0): weak
    group_fraction: float = 0.27  # share of the cohort in each of the upper and lower groups

    def __post_init__(self) -> None:
        if not 0 <= self.hard_below <= self.easy_above <= 1:
            raise ValueError(
                f"thresholds must satisfy 0 <= hard ({self.hard_below}) <= "
                f"easy ({self.easy_above}) <= 1"
            )
        if not 0 < self.group_fraction <= 0.5:
            raise ValueError(f"group fraction must be in (0, 0.5], not {self.group_fraction}")


class Flag(StrEnum):
    TOO_EASY = "too easy"
    TOO_HARD = "too hard"
    NEGATIVE = "negative discrimination"
    WEAK = "weak discrimination"

    @property
    def zh(self) -> str:
        return {
            Flag.TOO_EASY: "过易",
            Flag.TOO_HARD: "过难",
            Flag.NEGATIVE: "负区分",
            Flag.WEAK: "区分弱",
        }[self]


@dataclass(frozen=True)
class ItemStats:
    item: str
    max_score: float
    trainees: int  # trainees with a score for this item
    pending: int  # trainees whose mark for this item still awaits a trainer
    facility: float | None
    discrimination: float | None  # upper-lower index D
    item_rest: float | None  # corrected item-total correlation
    upper_facility: float | None  # facility within the upper group
    lower_facility: float | None
    flags: tuple[Flag, ...] = ()


@dataclass(frozen=True)
class ExamStats:
    exam: str
    trainees: int
    group_size: int  # trainees in each of the upper and lower groups
    items: tuple[ItemStats, ...]
    settings: StatsSettings = field(default_factory=StatsSettings)

    @property
    def flagged(self) -> tuple[ItemStats, ...]:
        return tuple(item for item in self.items if item.flags)


def _check_columns(frame: pd.DataFrame, needed: tuple[str, ...], what: str) -> None:
    missing = [c for c in needed if c not in frame.columns]
    if missing:
        raise ValueError(f"{what} lack the column(s) {', '.join(missing)}")


def group_size(trainees: int, fraction: float) -> int:
    """Trainees in each tail group: 27% rounded, at least 1, never overlapping."""
    if trainees < 2:
        return 0
    return min(trainees // 2, max(1, round(trainees * fraction)))


def rank_groups(totals: pd.Series, fraction: float) -> tuple[list[str], list[str]]:
    """(upper, lower) trainee ids by total; ties broken by trainee id for a stable split."""
    ordered = sorted(totals.items(), key=lambda pair: (-float(pair[1]), str(pair[0])))
    size = group_size(len(ordered), fraction)
    if size == 0:
        return [], []
    upper = [str(tid) for tid, _ in ordered[:size]]
    lower = [str(tid) for tid, _ in ordered[-size:]]
    return upper, lower


def _ratio(value: float, maximum: float) -> float | None:
    if math.isnan(value) or maximum <= 0:
        return None
    return round(value / maximum, 4)


def _correlation(a: pd.Series, b: pd.Series) -> float | None:
    both = a.notna() & b.notna()
    if both.sum() < 3 or a[both].std() == 0 or b[both].std() == 0:
        return None
    return round(float(a[both].corr(b[both])), 4)


def flags_for(
    facility: float | None, discrimination: float | None, settings: StatsSettings
) -> tuple[Flag, ...]:
    flags: list[Flag] = []
    if facility is not None and facility > settings.easy_above:
        flags.append(Flag.TOO_EASY)
    if facility is not None and facility < settings.hard_below:
        flags.append(Flag.TOO_HARD)
    if discrimination is not None and discrimination < 0:
        flags.append(Flag.NEGATIVE)
    elif discrimination is not None and discrimination < settings.weak_below:
        flags.append(Flag.WEAK)
    return tuple(flags)


def score_matrix(items: pd.DataFrame) -> tuple[pd.DataFrame, pd.Series, pd.Series]:
    """(scores trainee x item with pending marks as NaN, max per item, pending per item)."""
    _check_columns(items, ITEM_COLUMNS, "item scores")
    frame = items.copy()
    pending_mask = (
        frame["needs_manual_grade"].astype(bool)
        if "needs_manual_grade" in frame.columns
        else frame["score"].isna()
    )
    frame["value"] = frame["score"].astype(float).where(~pending_mask)
    matrix = frame.pivot_table(
        index="trainee_id", columns="item", values="value", aggfunc="sum", dropna=False
    )
    # pivot_table sums an all-NaN group to 0; put the gaps back.
    counted = frame.pivot_table(
        index="trainee_id", columns="item", values="value", aggfunc="count", dropna=False
    )
    matrix = matrix.where(counted > 0)
    maxima = frame.groupby("item")["max_score"].max().astype(float)
    pending = frame[pending_mask].groupby("item")["trainee_id"].nunique()
    pending = pending.reindex(maxima.index, fill_value=0)
    return matrix.sort_index(axis=1), maxima.sort_index(), pending.sort_index()


def item_analysis(
    items: pd.DataFrame, exam: str = "", settings: StatsSettings | None = None
) -> ExamStats:
    """Facility, discrimination and flags for every item of one exam."""
    settings = settings or StatsSettings()
    if items.empty:
        return ExamStats(exam, 0, 0, (), settings)
    matrix, maxima, pending = score_matrix(items)
    totals = matrix.fillna(0.0).sum(axis=1)
    upper, lower = rank_groups(totals, settings.group_fraction)
    results: list[ItemStats] = []
    for item in matrix.columns:
        column = matrix[item]
        maximum = float(maxima[item])
        facility = _ratio(float(column.mean()), maximum) if column.notna().any() else None
        upper_f = _ratio(float(column[upper].mean()), maximum) if upper else None
        lower_f = _ratio(float(column[lower].mean()), maximum) if lower else None
        discrimination = (
            round(upper_f - lower_f, 4) if upper_f is not None and lower_f is not None else None
        )
        rest = totals - column.fillna(0.0)
        results.append(
            ItemStats(
                item=str(item),
                max_score=maximum,
                trainees=int(column.notna().sum()),
                pending=int(pending[item]),
                facility=facility,
                discrimination=discrimination,
                item_rest=_correlation(column, rest),
                upper_facility=upper_f,
                lower_facility=lower_f,
                flags=flags_for(facility, discrimination, settings),
            )
        )
    return ExamStats(exam, len(totals), len(upper), tuple(results), settings)


@dataclass(frozen=True)
class ChoiceStats:
    """How often one choice of a role-play step was taken by strong and weak trainees."""

    scenario: str
    step: str
    choice: str
    taken: int  # trainees (of the whole cohort) who took it at least once
    reached: int  # trainees who reached the step at all
    upper_taken: int
    lower_taken: int
    group_size: int

    @property
    def upper_share(self) -> float | None:
        return round(self.upper_taken / self.group_size, 4) if self.group_size else None

    @property
    def lower_share(self) -> float | None:
        return round(self.lower_taken / self.group_size, 4) if self.group_size else None

    @property
    def discrimination(self) -> float | None:
        """Upper share minus lower share: > 0 strong trainees pick it more often."""
        if self.upper_share is None or self.lower_share is None:
            return None
        return round(self.upper_share - self.lower_share, 4)


def choice_analysis(
    choices: pd.DataFrame, totals: pd.Series, settings: StatsSettings | None = None
) -> tuple[ChoiceStats, ...]:
    """Per role-play choice: who took it, split by the upper and lower groups of `totals`.

    `choices` has one row per choice a trainee made (trainee_id, scenario, step,
    choice); `totals` is each trainee's exam total, indexed by trainee id, and fixes
    the groups (trainees with a total but no choices still count in them).
    """
    settings = settings or StatsSettings()
    _check_columns(choices, CHOICE_COLUMNS, "role-play choices")
    upper, lower = rank_groups(totals, settings.group_fraction)
    upper_set, lower_set = set(upper), set(lower)
    taken = choices.drop_duplicates(list(CHOICE_COLUMNS))
    reached = taken.groupby(["scenario", "step"])["trainee_id"].nunique()
    results: list[ChoiceStats] = []
    for (scenario, step, choice), rows in taken.groupby(["scenario", "step", "choice"], sort=True):
        who = {str(t) for t in rows["trainee_id"]}
        results.append(
            ChoiceStats(
                scenario=str(scenario),
                step=str(step),
                choice=str(choice),
                taken=len(who),
                reached=int(reached[(scenario, step)]),
                upper_taken=len(who & upper_set),
                lower_taken=len(who & lower_set),
                group_size=len(upper),
            )
        )
    return tuple(results)
