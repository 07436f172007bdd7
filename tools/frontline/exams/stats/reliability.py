"""How far an exam's total can be trusted, and which wrong options do their work.

- **Cronbach's alpha** over the items of one exam: k/(k-1) x (1 - sum of the item
  variances / variance of the totals). With right/wrong items it equals KR-20. It
  says how consistently the items measure one thing; below about 0.7 a total says
  little about a trainee beyond luck on the day.
- **Standard error of measurement** (SEM): SD of totals x sqrt(1 - alpha), in exam
  points. A trainee's "true" total lies within about one SEM of the observed one
  two times in three, which is why a total just under a cut-off deserves a second
  look rather than a verdict.
- **Distractor analysis** for choice items: for each option, how many trainees of
  the upper and the lower group (the same 27% groups as the item analysis) chose
  it. A working distractor draws the lower group more than the upper; one nobody
  chooses does no work (the item is easier than it looks); one that draws the upper
  group more than the key does suggests the key or the wording is wrong.

Only trainees with every item scored count (a mark still awaiting a trainer would
distort the variances). An exam's own assignment holds first attempts only: retakes
are assignments of their own (`EXAM-retake-N`), analysed separately.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING

from frontline.exams.stats.items import StatsSettings, rank_groups, score_matrix

if TYPE_CHECKING:
    from collections.abc import Mapping

    import pandas as pd

SELECTION_COLUMNS = ("trainee_id", "item", "option")


@dataclass(frozen=True)
class Reliability:
    exam: str
    items: int
    trainees: int  # trainees with every item scored
    max_total: float
    mean: float | None
    sd: float | None  # sample standard deviation of the totals
    alpha: float | None
    sem: float | None  # in exam points

    @property
    def sem_percent(self) -> float | None:
        """The SEM as a share of the exam's maximum, in points of 100 (the HR scale)."""
        if self.sem is None or self.max_total <= 0:
            return None
        return round(100 * self.sem / self.max_total, 2)


def reliability(items: pd.DataFrame, exam: str = "") -> Reliability:
    """Cronbach's alpha (KR-20 for right/wrong items) and the SEM of one exam's totals."""
    if items.empty:
        return Reliability(exam, 0, 0, 0.0, None, None, None, None)
    matrix, maxima, _ = score_matrix(items)
    complete = matrix.dropna(axis=0, how="any")
    k, n = matrix.shape[1], len(complete)
    max_total = float(maxima.sum())
    if n < 2:
        return Reliability(exam, k, n, max_total, None, None, None, None)
    totals = complete.sum(axis=1)
    mean, variance = float(totals.mean()), float(totals.var(ddof=1))
    sd = math.sqrt(variance)
    alpha = sem = None
    if k >= 2 and variance > 0:
        item_variance = float(complete.var(axis=0, ddof=1).sum())
        alpha = round((k / (k - 1)) * (1 - item_variance / variance), 4)
        # alpha below zero (items pulling apart) gives no error bound: report it as the SD
        sem = round(sd * math.sqrt(1 - alpha), 3) if alpha < 1 else 0.0
    return Reliability(exam, k, n, max_total, round(mean, 3), round(sd, 3), alpha, sem)


class OptionFlag(StrEnum):
    UNUSED = "never chosen"
    DRAWS_STRONG = "draws the upper group"
    KEY_FAVOURS_WEAK = "key chosen more by the lower group"

    @property
    def zh(self) -> str:
        return {
            OptionFlag.UNUSED: "无人选择",
            OptionFlag.DRAWS_STRONG: "高分组更常选",
            OptionFlag.KEY_FAVOURS_WEAK: "正确项低分组更常选",
        }[self]


@dataclass(frozen=True)
class OptionStats:
    item: str
    option: str
    is_key: bool
    chosen: int  # trainees of the whole cohort who chose it
    upper_chosen: int
    lower_chosen: int
    group_size: int
    #: trainees of the upper / lower group shown this item, when not all were (a variant
    #: of a pooled question); None: the whole group
    upper_shown: int | None = None
    lower_shown: int | None = None

    @property
    def upper_share(self) -> float | None:
        size = self.group_size if self.upper_shown is None else self.upper_shown
        return round(self.upper_chosen / size, 4) if size else None

    @property
    def lower_share(self) -> float | None:
        size = self.group_size if self.lower_shown is None else self.lower_shown
        return round(self.lower_chosen / size, 4) if size else None

    @property
    def flag(self) -> OptionFlag | None:
        if self.chosen == 0 and not self.is_key:
            return OptionFlag.UNUSED
        if self.upper_share is None or self.lower_share is None:
            return None
        if not self.is_key and self.upper_share > self.lower_share:
            return OptionFlag.DRAWS_STRONG
        if self.is_key and self.lower_share > self.upper_share:
            return OptionFlag.KEY_FAVOURS_WEAK
        return None


def distractor_analysis(
    selections: pd.DataFrame,
    options: Mapping[str, tuple[str, ...]],
    keys: Mapping[str, frozenset[str]],
    totals: pd.Series,
    settings: StatsSettings | None = None,
    shown: Mapping[str, set[str]] | None = None,
) -> tuple[OptionStats, ...]:
    """Per option of each choice item: who chose it, split by the groups of `totals`.

    `shown` names, for the variants of pooled questions, the trainees each was shown:
    its shares are then of the group members who saw it, not of the whole group.

    `selections` has one row per option a trainee ticked (trainee_id, item, option);
    `options` lists every option of each choice item (so an option nobody chose is
    reported too); `keys` the right option(s) per item, from the trainer file.
    """
    settings = settings or StatsSettings()
    missing = [c for c in SELECTION_COLUMNS if c not in selections.columns]
    if missing:
        raise ValueError(f"selections lack the column(s) {', '.join(missing)}")
    upper, lower = rank_groups(totals, settings.group_fraction)
    upper_set, lower_set = set(upper), set(lower)
    chosen_by: dict[tuple[str, str], set[str]] = {}
    for row in selections.drop_duplicates(list(SELECTION_COLUMNS)).itertuples(index=False):
        chosen_by.setdefault((str(row.item), str(row.option)), set()).add(str(row.trainee_id))
    results = []
    for item in sorted(options):
        saw = (shown or {}).get(item)
        for option in options[item]:
            who = chosen_by.get((item, option), set())
            results.append(
                OptionStats(
                    item=item,
                    option=option,
                    is_key=option in keys.get(item, frozenset()),
                    chosen=len(who),
                    upper_chosen=len(who & upper_set),
                    lower_chosen=len(who & lower_set),
                    group_size=len(upper),
                    upper_shown=None if saw is None else len(saw & upper_set),
                    lower_shown=None if saw is None else len(saw & lower_set),
                )
            )
    return tuple(results)
