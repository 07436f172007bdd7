"""Score records as one pandas frame: component, original exam and sitting of each record.

The heavy lifting of an evaluation (100,000 records and more) happens here in
vectorised pandas; `evaluate` then works per trainee on small dicts.

- An exam feeds the component whose `exams` list names it exactly, else the first
  (in the policy's order) with a matching glob pattern. An external score names its
  component; appraisal ratings feed `appraisal`.
- A retake is folded into the exam it stands in for: the record's own `retake_of`
  (written by the exam tools), else the policy's `retakes.retake_of`, else the
  naming `EXAM-retake-N`. It counts in the cycle of the latest first sitting of
  that exam up to its own cycle, so a retake next month mends this month's result.
- Sittings are numbered 1 (first) and up; sittings past the allowed retakes are
  never counted; among the rest the retake rule picks one (best, latest, or best
  with retakes capped at the pass mark). Rows of one sitting add up by points.
"""

from __future__ import annotations

import re
from fnmatch import fnmatchcase
from typing import TYPE_CHECKING

from frontline.hr.policy.model import APPRAISAL, Policy
from frontline.hr.rules.outcomes import CohortInputs, SourceKind

if TYPE_CHECKING:
    import pandas as pd

RETAKE_NAME = re.compile(r"^(?P<exam>.+)-retake-(?P<n>\d+)$")


def component_of_exam(exam: str, policy: Policy) -> str | None:
    for name, patterns in policy.exams.items():
        if exam in patterns:
            return name
    for name, patterns in policy.exams.items():
        if any(fnmatchcase(exam, pattern) for pattern in patterns):
            return name
    return None


def original_exam(source: str, retake_of: str | None, policy: Policy) -> tuple[str, bool]:
    """The exam a record stands for, and whether the record is a retake."""
    if retake_of:
        return retake_of, True
    if source in policy.retakes.retake_of:
        return policy.retakes.retake_of[source], True
    if match := RETAKE_NAME.match(source):
        return match["exam"], True
    return source, False


def record_frame(inputs: CohortInputs, policy: Policy) -> pd.DataFrame:
    """One row per score record (`rec` is its index in `inputs.scores`)."""
    import pandas as pd

    columns = ["trainee_id", "cycle", "source", "kind", "score", "max_score", "attempt"]
    extra = ["retake_of", "component", "red_line"]
    frame = pd.DataFrame(
        [
            (
                r.trainee_id,
                r.cycle,
                r.source,
                r.kind.value,
                r.score,
                r.max_score,
                r.attempt,
                r.retake_of,
                r.component,
                bool(r.red_lines),
            )
            for r in inputs.scores
        ],
        columns=columns + extra,
    )
    frame["rec"] = range(len(frame))
    keys = frame[["source", "kind", "retake_of", "component", "attempt"]].drop_duplicates()
    placed: list[tuple[str, str, bool, str | None]] = []
    for source, kind, retake_of, component, attempt in keys.itertuples(index=False):
        if kind == SourceKind.APPRAISAL.value:
            placed.append(
                (source, source, False, APPRAISAL if APPRAISAL in policy.weights else None)
            )
            continue
        if kind == SourceKind.EXTERNAL.value:
            base, retake = (source, int(attempt) > 1)
        else:
            base, retake = original_exam(
                source, retake_of if isinstance(retake_of, str) else None, policy
            )
            retake = retake or int(attempt) > 1
        if isinstance(component, str) and component:
            name: str | None = component if component in policy.weights else None
        else:
            name = component_of_exam(base, policy)
        placed.append((base, base, retake, name))
    keys = keys.assign(
        base=[p[1] for p in placed],
        is_retake=[p[2] for p in placed],
        slot=[p[3] for p in placed],
    )
    frame = frame.merge(
        keys, on=["source", "kind", "retake_of", "component", "attempt"], how="left"
    )
    frame = frame.sort_values("rec", kind="stable").reset_index(drop=True)
    frame["role"] = frame["source"].str.removeprefix("appraisal:")
    return frame


def sittings(exams: pd.DataFrame, policy: Policy) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Exam and external records numbered by sitting, then `choose`n by the retake rule."""
    frame = exams.copy()
    frame["sitting_cycle"] = frame["cycle"]
    retakes = frame[frame["is_retake"]]
    if not retakes.empty:
        firsts = frame.loc[~frame["is_retake"], ["trainee_id", "base", "cycle"]].drop_duplicates()
        firsts = firsts.rename(columns={"cycle": "first_cycle"})
        pairs = retakes[["rec", "trainee_id", "base", "cycle"]].merge(
            firsts, on=["trainee_id", "base"], how="inner"
        )
        pairs = pairs[pairs["first_cycle"] <= pairs["cycle"]]
        latest = pairs.groupby("rec")["first_cycle"].max()
        hit = frame["rec"].isin(latest.index)
        frame.loc[hit, "sitting_cycle"] = frame.loc[hit, "rec"].map(latest)
    group = ["trainee_id", "base", "sitting_cycle"]
    frame["sitting"] = 1
    retaken = frame["is_retake"]
    if retaken.any():
        # Retakes are numbered 2, 3, ... in order of their declared attempt, cycle and
        # name; rows sharing all three are parts of one sitting and add up.
        again = frame[retaken]
        order = again.groupby([*group, "attempt", "cycle", "source"], sort=True).ngroup()
        first = order.groupby([again[c] for c in group]).transform("min")
        # A group of retakes only (no first sitting on record) still starts at 2.
        frame.loc[retaken, "sitting"] = 2 + order - first
    return choose(frame, policy)


def choose(frame: pd.DataFrame, policy: Policy) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Mark the sitting the retake rule counts; and one row per exam with what it counts.

    Returns the records with a `counted` column, and the exams: trainee, original
    exam, cycle, component (`slot`), counted points and maximum, sittings on record
    and the source of the counted sitting.
    """
    rule = policy.retakes
    group = ["trainee_id", "base", "sitting_cycle"]
    per = frame.groupby([*group, "sitting"], sort=True).agg(
        score=("score", "sum"),
        max_score=("max_score", "sum"),
        slot=("slot", "first"),
        source=("source", "first"),
        red_line=("red_line", "any"),
    )
    per = per.reset_index()
    per["allowed"] = per["sitting"] <= 1 + rule.max_retakes
    per["points"] = per["score"]
    if rule.count == "capped":
        cap = per["max_score"] * policy.cutoffs.pass_mark / 100
        retake = per["sitting"] > 1
        per.loc[retake, "points"] = per.loc[retake, "score"].clip(upper=cap[retake])
    per["pct"] = per["points"] / per["max_score"]
    # A sitting failed by a red line ranks below every sitting without one, so "best"
    # never picks it over a clean retake with fewer points.
    fails = per["slot"].map(lambda slot: isinstance(slot, str) and policy.red_line_fails(slot))
    per["rank"] = per["pct"] - (per["red_line"] & fails.astype(bool)).astype(float)
    candidates = per[per["allowed"]]
    if rule.count == "latest":
        pick = candidates.sort_values([*group, "sitting"]).groupby(group).tail(1)
    else:
        ranked = candidates.sort_values(
            [*group, "rank", "sitting"], ascending=[True, True, True, False, True]
        )
        pick = ranked.groupby(group).head(1)
    counted = pick[[*group, "sitting"]].assign(counted=True)
    frame = frame.merge(counted, on=[*group, "sitting"], how="left")
    frame["counted"] = frame["counted"].astype("boolean").fillna(False).astype(bool)
    sittings_on_record = per.groupby(group)["sitting"].max().rename("sittings")
    exams = pick[[*group, "slot", "points", "max_score", "source"]].merge(
        sittings_on_record, left_on=group, right_index=True, how="left"
    )
    return frame, exams.reset_index(drop=True)
