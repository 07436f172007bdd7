"""Component percentages in, overall score and tier out, every result carrying its rule.

A component's percentage is the sum of its scores over the sum of its maxima, so
several exams of one component count by their points. The overall score is the
weighted sum of component percentages, rounded half-up to two decimals, and it is
that rounded number (the one HR sees) that is compared with the cut-offs.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from frontline.core.i18n import Text
from frontline.hr.policy.model import Policy, Tier, component_label


def round_score(value: float) -> float:
    return float(Decimal(repr(round(value, 9))).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


def round_scores(values: Sequence[float]) -> list[float]:
    """`round_score` for many values at once: fast in numpy, exact where it matters.

    Values within a hair of a half cent go through `round_score` itself, so binary
    floating point never tips 89.995 down to 89.99.
    """
    import numpy as np

    raw = np.round(np.asarray(values, dtype=float), 9)
    scaled = raw * 100
    rounded = np.floor(scaled + 0.5) / 100
    tricky = np.abs(scaled - np.floor(scaled) - 0.5) < 1e-6
    result: list[float] = rounded.tolist()
    for index in np.flatnonzero(tricky).tolist():
        result[index] = round_score(float(raw[index]))
    return result


def tier_for(overall: float, policy: Policy) -> Tier:
    for tier in (Tier.EXCELLENT, Tier.GOOD, Tier.PASS):
        minimum = policy.cutoffs.minimum(tier)
        if minimum is not None and overall >= minimum:
            return tier
    return Tier.FAIL


def fmt(value: float) -> str:
    """A score as HR reads it: 85.5, 90, 59.99."""
    return f"{value:.2f}".rstrip("0").rstrip(".")


def _cutoff_reason(overall: float, tier: Tier, policy: Policy) -> Text:
    order = [Tier.EXCELLENT, Tier.GOOD, Tier.PASS, Tier.FAIL]
    minimum = policy.cutoffs.minimum(tier)
    above = order[order.index(tier) - 1] if tier != Tier.EXCELLENT else None
    above_min = policy.cutoffs.minimum(above) if above else None
    zh_parts, en_parts = [], []
    if minimum is not None:
        zh_parts.append(f"不低于{tier.label.zh}线 {fmt(minimum)}")
        en_parts.append(f"at least the {tier.label.en} cut-off {fmt(minimum)}")
    if above is not None and above_min is not None:
        zh_parts.append(f"低于{above.label.zh}线 {fmt(above_min)}")
        en_parts.append(f"below the {above.label.en} cut-off {fmt(above_min)}")
    return Text(
        zh=f"综合分 {fmt(overall)}，{'、'.join(zh_parts)} → {tier.label.zh}",
        en=f"overall {fmt(overall)} is {' and '.join(en_parts)} → {tier.label.en}",
    )


@dataclass(frozen=True)
class Combined:
    """Component percentages weighted into one overall score and tier, with the reason."""

    overall: float | None
    tier: Tier | None
    rule: str
    reason: Text
    percents: dict[str, float]  # present components, plus zeros under the "zero" rule
    weights: dict[str, float]  # as applied


def _names(components: list[str]) -> tuple[str, str]:
    return (
        "、".join(component_label(n).zh for n in components),
        ", ".join(component_label(n).en for n in components),
    )


def combine(percents: dict[str, float], policy: Policy) -> Combined:
    """Weight component percentages by the policy, applying each missing component's rule."""
    percents = {n: percents[n] for n in policy.weights if n in percents}
    if not percents:
        return Combined(
            None,
            None,
            "missing:no_scores",
            Text(zh="本周期没有成绩", en="no scores in this cycle"),
            {},
            dict(policy.weights),
        )
    missing = [name for name in policy.weights if name not in percents]
    by_rule = {
        rule: [n for n in missing if policy.missing_rule(n) == rule]
        for rule in ("incomplete", "zero", "reweight")
    }
    if by_rule["incomplete"]:
        zh, en = _names(by_rule["incomplete"])
        return Combined(
            None,
            None,
            "missing:incomplete",
            Text(
                zh=f"缺少{zh}成绩；按政策，所有部分齐全后才评定等级",
                en=f"no {en} score yet; the policy gives no tier until every component is in",
            ),
            percents,
            dict(policy.weights),
        )
    weights = dict(policy.weights)
    notes_zh, notes_en, rule_suffix = "", "", ""
    if by_rule["zero"]:
        zh, en = _names(by_rule["zero"])
        percents.update({name: 0.0 for name in by_rule["zero"]})
        notes_zh += f"（缺少{zh}，按 0 分计）"
        notes_en += f" ({en} missing, counted as 0)"
        rule_suffix += "+missing:zero"
    if by_rule["reweight"]:
        zh, en = _names(by_rule["reweight"])
        present = sum(weights[n] for n in percents)
        weights = {n: weights[n] / present for n in weights if n in percents}
        notes_zh += f"（缺少{zh}，权重按已有部分重新分配）"
        notes_en += f" ({en} missing, its weight shared among the rest)"
        rule_suffix += "+missing:reweight"
    overall = round_score(sum(weights[n] * percents[n] for n in weights))
    tier = tier_for(overall, policy)
    base = _cutoff_reason(overall, tier, policy)
    # With one component the overall is that component; spelling out "x 1.0" adds nothing.
    if len(weights) > 1 or missing:
        parts = [(component_label(n), fmt(percents[n]), f"{weights[n]:.2g}") for n in weights]
        base = Text(
            zh=base.zh + "（" + " + ".join(f"{t.zh} {p}×{w}" for t, p, w in parts) + "）",
            en=base.en + " (" + " + ".join(f"{t.en} {p}×{w}" for t, p, w in parts) + ")",
        )
    reason = Text(zh=base.zh + notes_zh, en=base.en + notes_en)
    return Combined(overall, tier, f"cutoff:{tier.value}{rule_suffix}", reason, percents, weights)
