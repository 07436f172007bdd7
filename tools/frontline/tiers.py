"""Scores in, tiers out: a pure function, every result carrying the rule that fired.

A component's percentage is the sum of its scores over the sum of its maxima, so
several exams of one component count by their points. The overall score is the
weighted sum of component percentages, rounded half-up to two decimals, and it is
that rounded number (the one HR sees) that is compared with the cut-offs.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from .i18n import Text
from .policy import Policy, Tier, component_label


@dataclass(frozen=True)
class ScoreRow:
    trainee_id: str
    component: str
    score: float
    max_score: float


@dataclass(frozen=True)
class TierResult:
    trainee_id: str
    tier: Tier | None
    overall: float | None
    components: dict[str, float]
    rule: str
    reason: Text
    policy_version: str
    inputs: dict[str, tuple[float, float]] = field(default_factory=dict)
    #: the weights actually applied (after any re-sharing for a missing component)
    weights: dict[str, float] = field(default_factory=dict)

    @property
    def status(self) -> str:
        return self.tier.value if self.tier is not None else "incomplete"


def round_score(value: float) -> float:
    return float(Decimal(repr(round(value, 9))).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


def tier_for(overall: float, policy: Policy) -> Tier:
    for tier in (Tier.EXCELLENT, Tier.GOOD, Tier.PASS):
        minimum = policy.cutoffs.minimum(tier)
        if minimum is not None and overall >= minimum:
            return tier
    return Tier.FAIL


def _validate(row: ScoreRow, policy: Policy) -> None:
    if row.component not in policy.weights:
        raise ValueError(
            f"{row.trainee_id}: component {row.component!r} has no weight in the policy "
            f"(known: {', '.join(policy.weights)})"
        )
    if not row.max_score > 0:
        raise ValueError(f"{row.trainee_id}: max_score must be above 0, not {row.max_score:g}")
    if not 0 <= row.score <= row.max_score:
        raise ValueError(f"{row.trainee_id}: score {row.score:g} is outside 0..{row.max_score:g}")


def _fmt(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".")


def _cutoff_reason(overall: float, tier: Tier, policy: Policy) -> Text:
    order = [Tier.EXCELLENT, Tier.GOOD, Tier.PASS, Tier.FAIL]
    minimum = policy.cutoffs.minimum(tier)
    above = order[order.index(tier) - 1] if tier != Tier.EXCELLENT else None
    above_min = policy.cutoffs.minimum(above) if above else None
    zh_parts, en_parts = [], []
    if minimum is not None:
        zh_parts.append(f"不低于{tier.label.zh}线 {_fmt(minimum)}")
        en_parts.append(f"at least the {tier.label.en} cut-off {_fmt(minimum)}")
    if above is not None and above_min is not None:
        zh_parts.append(f"低于{above.label.zh}线 {_fmt(above_min)}")
        en_parts.append(f"below the {above.label.en} cut-off {_fmt(above_min)}")
    return Text(
        zh=f"综合分 {_fmt(overall)},{'、'.join(zh_parts)} → {tier.label.zh}",
        en=f"overall {_fmt(overall)} is {' and '.join(en_parts)} → {tier.label.en}",
    )


def _trainee_result(trainee_id: str, rows: list[ScoreRow], policy: Policy) -> TierResult:
    totals: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0])
    for row in rows:
        totals[row.component][0] += row.score
        totals[row.component][1] += row.max_score
    inputs = {name: (score, maximum) for name, (score, maximum) in totals.items()}
    percents = {
        name: round_score(100 * score / maximum) for name, (score, maximum) in inputs.items()
    }
    missing = [name for name in policy.weights if name not in percents]

    weights = dict(policy.weights)
    note = Text(zh="", en="")
    if missing:
        missing_zh = "、".join(component_label(n).zh for n in missing)
        missing_en = ", ".join(component_label(n).en for n in missing)
        if policy.missing_component == "incomplete":
            return TierResult(
                trainee_id=trainee_id,
                tier=None,
                overall=None,
                components=percents,
                rule="missing:incomplete",
                reason=Text(
                    zh=f"缺少{missing_zh}成绩;按政策,所有部分齐全后才评定等级",
                    en=f"no {missing_en} score yet; the policy gives no tier until every "
                    "component is in",
                ),
                policy_version=policy.version,
                inputs=inputs,
                weights=dict(policy.weights),
            )
        if policy.missing_component == "zero":
            for name in missing:
                percents[name] = 0.0
            note = Text(
                zh=f"(缺少{missing_zh},按 0 分计)", en=f" ({missing_en} missing, counted as 0)"
            )
        else:
            present = sum(weights[n] for n in percents)
            weights = {n: weights[n] / present for n in percents}
            note = Text(
                zh=f"(缺少{missing_zh},权重按已有部分重新分配)",
                en=f" ({missing_en} missing, its weight shared among the rest)",
            )

    overall = round_score(sum(weights[n] * percents[n] for n in weights))
    tier = tier_for(overall, policy)
    base = _cutoff_reason(overall, tier, policy)
    # With one component the overall is that component; spelling out "x 1.0" adds nothing.
    explain = len(weights) > 1 or bool(missing)
    weight_zh = " + ".join(
        f"{component_label(n).zh} {_fmt(percents[n])}×{weights[n]:.2g}" for n in weights
    )
    weight_en = " + ".join(
        f"{component_label(n).en} {_fmt(percents[n])}×{weights[n]:.2g}" for n in weights
    )
    rule = f"cutoff:{tier.value}" + (f"+missing:{policy.missing_component}" if missing else "")
    return TierResult(
        trainee_id=trainee_id,
        tier=tier,
        overall=overall,
        components=percents,
        rule=rule,
        reason=Text(
            zh=f"{base.zh}({weight_zh}){note.zh}" if explain else base.zh,
            en=f"{base.en} ({weight_en}){note.en}" if explain else base.en,
        ),
        policy_version=policy.version,
        inputs=inputs,
        weights=weights,
    )


def assign_tiers(scores: Iterable[ScoreRow], policy: Policy) -> list[TierResult]:
    """One result per trainee, in the order trainees first appear in `scores`."""
    by_trainee: dict[str, list[ScoreRow]] = {}
    for row in scores:
        _validate(row, policy)
        by_trainee.setdefault(row.trainee_id, []).append(row)
    return [_trainee_result(tid, rows, policy) for tid, rows in by_trainee.items()]
