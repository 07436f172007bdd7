"""Cohort inputs and a policy in, one outcome per trainee out: tiers, gates, decisions, trend.

`evaluate_cohort` is pure and reproducible: it reads no clock, no file and no
environment, and sorts everything it builds, so the same inputs and policy give
an identical result. Record-level work is vectorised in pandas (`records`); the
per-trainee rules (`tiers.combine`, `decisions`) then run on small dicts.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from frontline.core.errors import FrontlineError
from frontline.core.i18n import Text
from frontline.hr.inputs.roster import Trainee
from frontline.hr.policy.model import APPRAISAL, Policy, Tier
from frontline.hr.rules.decisions import Standing, decide, gated
from frontline.hr.rules.outcomes import (
    CohortInputs,
    CohortResult,
    ComponentResult,
    CycleResult,
    ExamResult,
    RedLine,
    ScoreRecord,
    SourceKind,
    TraineeOutcome,
)
from frontline.hr.rules.records import record_frame, sittings
from frontline.hr.rules.sem import OverallSem, exam_sems, overall_sem
from frontline.hr.rules.tiers import combine, round_score, round_scores, tier_for

if TYPE_CHECKING:
    import pandas as pd

Key = tuple[str, str]  # (trainee_id, cycle)
RATER_LABELS = {"supervisor": "上级", "peer": "同事", "self": "本人"}


@dataclass
class _Cohort:
    """Everything computed for every trainee and cycle, before outcomes are assembled."""

    percents: dict[Key, dict[str, float]] = field(default_factory=dict)
    exams: dict[Key, list[ExamResult]] = field(default_factory=dict)
    by_slot: dict[tuple[str, str, str], list[ExamResult]] = field(default_factory=dict)
    rater_notes: dict[Key, Text] = field(default_factory=dict)
    #: components a red line failed (per the policy), with the red lines that did it
    failed: dict[Key, dict[str, tuple[RedLine, ...]]] = field(default_factory=dict)
    notes: list[Text] = field(default_factory=list)


def _ratings(frame: pd.DataFrame) -> pd.DataFrame:
    """Appraisal ratings the policy counts. An external score that names the appraisal
    component is no rating: it counts by its points, as every external score does."""
    return frame[(frame["kind"] == SourceKind.APPRAISAL.value) & (frame["slot"] == APPRAISAL)]


def _appraisal(frame: pd.DataFrame, policy: Policy, cohort: _Cohort) -> None:
    """Mean rating per rater role, then the roles weighted (missing roles per the policy)."""
    ratings = _ratings(frame)
    if ratings.empty:
        return
    ratings = ratings.assign(pct=100 * ratings["score"] / ratings["max_score"])
    roles = ratings.groupby(["trainee_id", "cycle", "role"], sort=True)["pct"].mean()
    by_key: dict[Key, dict[str, float]] = defaultdict(dict)
    for (tid, cycle, role), value in roles.items():
        by_key[(str(tid), str(cycle))][str(role)] = float(value)
    for key, found in by_key.items():
        weights = {r: w for r, w in policy.raters.items() if r in found}
        missing = [r for r in policy.raters if r not in found]
        if missing:
            zh = "、".join(RATER_LABELS.get(r, r) for r in missing)
            if policy.missing_rater == "incomplete" or not weights:
                cohort.rater_notes[key] = Text(
                    zh=f"缺少{zh}评分，考评不计",
                    en=f"no {', '.join(missing)} rating; appraisal not counted",
                )
                continue
            cohort.rater_notes[key] = Text(
                zh=f"缺少{zh}评分，其权重按已有评分重新分配",
                en=f"no {', '.join(missing)} rating; its weight shared among the other raters",
            )
        total = sum(weights.values())
        value = sum(w * found[r] for r, w in weights.items()) / total
        cohort.percents.setdefault(key, {})[APPRAISAL] = round_score(value)


def _red_lines_by_sitting(inputs: CohortInputs) -> dict[Key, tuple[RedLine, ...]]:
    """(trainee, exam id of the sitting) -> the red lines recorded for that sitting."""
    found: dict[Key, tuple[RedLine, ...]] = {}
    for record in inputs.scores:
        if record.red_lines:
            key = (record.trainee_id, record.source)
            found[key] = found.get(key, ()) + record.red_lines
    return found


def _exams(
    frame: pd.DataFrame,
    policy: Policy,
    cohort: _Cohort,
    red: dict[Key, tuple[RedLine, ...]],
) -> pd.DataFrame:
    """Exam-like components (sum of counted points over maxima) and per-exam results."""
    exams = frame[(frame["kind"] != SourceKind.APPRAISAL.value) & frame["slot"].notna()]
    if exams.empty:
        return exams.assign(counted=False, sitting_cycle=exams["cycle"])
    records, counted = sittings(exams, policy)
    totals = counted.groupby(["trainee_id", "sitting_cycle", "slot"], sort=True)[
        ["points", "max_score"]
    ].sum()
    values = round_scores((100 * totals["points"] / totals["max_score"]).tolist())
    for (tid, cycle, slot), value in zip(totals.index.tolist(), values, strict=True):
        cohort.percents.setdefault((str(tid), str(cycle)), {})[str(slot)] = value
    allowed = policy.retakes.max_retakes
    counted = counted.sort_values(["trainee_id", "sitting_cycle", "base"])
    percents = round_scores((100 * counted["points"] / counted["max_score"]).tolist())
    tiers = _tiers(percents, policy)
    columns = [
        "trainee_id",
        "sitting_cycle",
        "base",
        "slot",
        "points",
        "max_score",
        "sittings",
        "source",
    ]
    rows = zip(*(counted[c].tolist() for c in columns), percents, tiers, strict=True)
    for tid, cycle, base, slot, points, max_score, count, source, percent, tier in rows:
        key = (tid, cycle)
        crossed = red.get((tid, source), ())
        if crossed and policy.red_line_fails(slot):
            tier = Tier.FAIL  # whatever the points: the play that crossed it scored 0 too
            cohort.failed.setdefault(key, {})[slot] = (
                cohort.failed.get(key, {}).get(slot, ()) + crossed
            )
        exam = ExamResult(
            exam=base,
            score=float(points),
            max_score=float(max_score),
            percent=percent,
            tier=tier,
            red_lines=crossed,
            sittings=int(count),
            retakes_allowed_left=max(0, allowed - (int(count) - 1)),
            counted=source,
        )
        cohort.exams.setdefault(key, []).append(exam)
        cohort.by_slot.setdefault((tid, cycle, slot), []).append(exam)
    return records


def _tiers(percents: list[float], policy: Policy) -> list[Tier]:
    cut = policy.cutoffs
    return [
        Tier.EXCELLENT
        if p >= cut.excellent
        else Tier.GOOD
        if p >= cut.good
        else Tier.PASS
        if p >= cut.pass_mark
        else Tier.FAIL
        for p in percents
    ]


def _unplaced_notes(frame: pd.DataFrame) -> list[Text]:
    lost = frame[frame["slot"].isna()]
    notes = []
    for source, count in lost.groupby("base", sort=True).size().items():
        notes.append(
            Text(
                zh=f"{source}：政策中没有对应的部分，{count} 条成绩未计入",
                en=f"{source}: no component of the policy takes it; {count} score(s) not counted",
            )
        )
    return notes


def _standing(
    key: Key, policy: Policy, cohort: _Cohort
) -> tuple[Standing, str, Text, dict[str, float], tuple[str, ...]]:
    percents = cohort.percents.get(key, {})
    combined = combine(percents, policy)
    result = gated(
        combined, policy, percents, cohort.exams.get(key, []), cohort.failed.get(key, {})
    )
    reason, rule, gates, tier = result.reason, result.rule, result.gates, result.tier
    note = cohort.rater_notes.get(key)
    if note is not None:
        reason = Text(zh=f"{reason.zh}({note.zh})", en=f"{reason.en} ({note.en})")
    return Standing(key[1], combined.overall, tier), rule, reason, combined.weights, gates


def _components(
    key: Key,
    policy: Policy,
    cohort: _Cohort,
    used: dict[tuple[str, str, str], list[ScoreRecord]],
    ignored: dict[tuple[str, str, str], list[ScoreRecord]],
) -> tuple[ComponentResult, ...]:
    percents = cohort.percents.get(key, {})
    failed = cohort.failed.get(key, {})
    results = []
    for name in policy.weights:
        value = percents.get(name)
        mine = tuple(cohort.by_slot.get((*key, name), ()))
        tier = tier_for(value, policy) if value is not None else None
        results.append(
            ComponentResult(
                name=name,
                score=value,
                tier=Tier.FAIL if name in failed else tier,
                red_lines=tuple(hit for exam in mine for hit in exam.red_lines),
                used=tuple(used.get((*key, name), ())),
                ignored=tuple(ignored.get((*key, name), ())),
                exams=mine,
            )
        )
    return tuple(results)


def _sem(
    key: Key, weights: dict[str, float], cohort: _Cohort, sems: dict[str, float]
) -> OverallSem | None:
    if not sems:
        return None
    by_component = {name: cohort.by_slot.get((*key, name), []) for name in weights}
    return overall_sem(weights, by_component, sems)


def evaluate_cohort(inputs: CohortInputs, policy: Policy, cycle: str | None = None) -> CohortResult:
    """One outcome per trainee for `cycle` (default: the latest cycle in the inputs)."""
    frame = record_frame(inputs, policy)
    cohort = _Cohort()
    records = _exams(frame, policy, cohort, _red_lines_by_sitting(inputs))
    _appraisal(frame, policy, cohort)
    cohort.notes.extend(_unplaced_notes(frame))
    # A retake counts in the cycle of the sitting it mends, so cycles come from results.
    cycles = tuple(sorted({c for _, c in cohort.percents}))
    if cycle is None:
        if not cycles:
            why = "; ".join(n.en for n in cohort.notes) or "the inputs hold no score record"
            raise FrontlineError(f"no scores to evaluate: {why}")
        cycle = cycles[-1]
    elif cycle not in cycles:
        known = ", ".join(cycles) or "none"
        raise FrontlineError(f"cycle {cycle!r} has no scores (cycles with scores: {known})")
    window_cycles = [c for c in cycles if c <= cycle]

    # Which records fed each component this cycle, and which the retake rule set aside.
    used: dict[tuple[str, str, str], list[ScoreRecord]] = defaultdict(list)
    ignored: dict[tuple[str, str, str], list[ScoreRecord]] = defaultdict(list)
    scores = inputs.scores
    now = records[records["sitting_cycle"] == cycle] if len(records) else records
    columns = (now[c].tolist() for c in ("trainee_id", "slot", "counted", "rec"))
    for tid, slot, counted, rec in zip(*columns, strict=True):
        (used if counted else ignored)[(tid, cycle, slot)].append(scores[rec])
    ratings = _ratings(frame)
    ratings = ratings[ratings["cycle"] == cycle]
    for tid, rec in zip(ratings["trainee_id"].tolist(), ratings["rec"].tolist(), strict=True):
        used[(tid, cycle, APPRAISAL)].append(scores[rec])

    trainees = list(inputs.trainees)
    known_ids = {t.trainee_id for t in trainees}
    strangers = sorted({tid for tid, _ in cohort.percents} - known_ids)
    if strangers:
        cohort.notes.append(
            Text(
                zh="不在名册中的学员（按编号列出）：" + "、".join(strangers),
                en="trainees with scores but not on the roster (listed by id): "
                + ", ".join(strangers),
            )
        )
        trainees += [Trainee(trainee_id=tid, name=tid, team="") for tid in strangers]

    # Only when the policy asks: reliability needs every item score of every exam.
    sems = exam_sems(inputs.items, policy) if policy.decisions.second_look_sem else {}
    outcomes = []
    for trainee in trainees:
        tid = trainee.trainee_id
        key = (tid, cycle)
        current, rule, reason, weights, gates = _standing(key, policy, cohort)
        # The trainee's standing in every cohort cycle up to this one; a cycle without
        # their scores has no tier (it neither fails them nor counts as a pass).
        window = [
            _standing((tid, past), policy, cohort)[0]
            if (tid, past) in cohort.percents
            else Standing(past, None, None)
            for past in window_cycles[:-1]
        ] + [current]
        history = [
            CycleResult(s.cycle, s.overall, s.tier)
            for s in window
            if (tid, s.cycle) in cohort.percents or s.cycle == cycle
        ]
        percents = cohort.percents.get(key, {})
        exams, sem = cohort.exams.get(key, []), _sem(key, weights, cohort, sems)
        outcomes.append(
            TraineeOutcome(
                trainee=trainee,
                cycle=cycle,
                components=_components(key, policy, cohort, used, ignored),
                overall=current.overall,
                tier=current.tier,
                rule=rule,
                reason=reason,
                decisions=decide(policy, current, percents, exams, window, sem),
                history=tuple(history),
                weights=weights,
                gates=gates,
            )
        )
    return CohortResult(
        cycle=cycle,
        policy_version=policy.version,
        policy_digest=policy.digest,
        outcomes=tuple(outcomes),
        inputs=inputs,
        cycles=cycles,
        notes=tuple(cohort.notes),
    )
