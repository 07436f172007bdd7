"""Must-pass gates and the decisions that follow a tier, each with its rule and plain reason.

Pure functions over one trainee's numbers: `apply_gates` may lower a tier;
`decide` names what follows (promotion evidence, retake, retraining, HR review,
a second look). Training tiers are evidence for people's decisions, so every
flag says which rule fired and on which numbers.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fnmatch import fnmatchcase

from frontline.core.i18n import Text
from frontline.hr.policy.model import ANY_COMPONENT, Gate, Policy, Tier, component_label
from frontline.hr.rules.outcomes import Decision, DecisionKind, ExamResult, RedLine
from frontline.hr.rules.sem import OverallSem
from frontline.hr.rules.tiers import Combined, fmt, tier_for


@dataclass(frozen=True)
class GateHit:
    gate: Gate
    reason: Text


def _below(value: float | None, tier: Tier, policy: Policy) -> bool:
    return value is None or tier_for(value, policy).rank < tier.rank


def red_line_note(hits: Sequence[RedLine]) -> Text:
    """"红线：索要钱物" for the red lines that failed something，each category once."""
    labels = list(dict.fromkeys(hit.label for hit in hits))
    return Text(
        zh="红线：" + "、".join(label.zh for label in labels),
        en="red line: " + "; ".join(label.en for label in labels),
    )


def _exam_shown(exam: ExamResult) -> Text:
    """An exam as a gate's reason names it: its percent, and its red lines if any."""
    if not exam.red_lines or exam.tier is not Tier.FAIL:
        return Text(zh=f"{exam.exam} {fmt(exam.percent)}", en=f"{exam.exam} {fmt(exam.percent)}")
    note = red_line_note(exam.red_lines)
    return Text(
        zh=f"{exam.exam} {fmt(exam.percent)}（{note.zh}）",
        en=f"{exam.exam} {fmt(exam.percent)} ({note.en})",
    )


def _gate_hit(
    gate: Gate,
    policy: Policy,
    components: dict[str, float],
    exams: Sequence[ExamResult],
    failed: Mapping[str, Sequence[RedLine]],
) -> Text | None:
    """Why `gate` fails for these scores, or None when it holds (or does not apply)."""
    need = gate.at_least.label
    if gate.exam is not None:
        pattern = gate.exam
        found = [e for e in exams if e.exam == pattern or fnmatchcase(e.exam, pattern)]
        if not found:
            if gate.when_missing == "skip":
                return None
            return Text(
                zh=f"缺少{pattern}成绩，须达到{need.zh}", en=f"no {pattern} score, needs {need.en}"
            )
        # The exam's tier, not its percent: a red line fails an exam whatever its points.
        low = [e for e in found if e.tier.rank < gate.at_least.rank]
        if not low:
            return None
        return Text(
            zh="、".join(_exam_shown(e).zh for e in low) + f" 未达到{need.zh}",
            en=", ".join(_exam_shown(e).en for e in low) + f" below {need.en}",
        )
    names = list(policy.weights) if gate.component == ANY_COMPONENT else [str(gate.component)]
    hits_zh: list[str] = []
    hits_en: list[str] = []
    for name in names:
        value = components.get(name)
        if value is None and gate.when_missing == "skip":
            continue
        if name in failed:
            label, note = component_label(name), red_line_note(failed[name])
            shown = "-" if value is None else fmt(value)
            hits_zh.append(f"{label.zh} {shown}（{note.zh}）")
            hits_en.append(f"{label.en} {shown} ({note.en})")
        elif _below(value, gate.at_least, policy):
            label = component_label(name)
            shown = "-" if value is None else fmt(value)
            hits_zh.append(f"{label.zh} {shown}")
            hits_en.append(f"{label.en} {shown}")
    if not hits_zh:
        return None
    return Text(
        zh="、".join(hits_zh) + f" 未达到{need.zh}", en=", ".join(hits_en) + f" below {need.en}"
    )


def apply_gates(
    tier: Tier,
    policy: Policy,
    components: dict[str, float],
    exams: Sequence[ExamResult],
    failed: Mapping[str, Sequence[RedLine]] | None = None,
) -> tuple[Tier, list[GateHit]]:
    """The tier after every gate; each gate that lowered it comes back with its reason.

    `failed` names the components a red line failed (with the red lines): a gate
    treats them as below any tier, whatever their score."""
    hits: list[GateHit] = []
    for gate in policy.gates:
        if tier.rank <= gate.cap.rank:
            continue  # already at or below what this gate allows
        why = _gate_hit(gate, policy, components, exams, failed or {})
        if why is not None:
            tier = gate.cap
            cap = gate.cap.label
            hits.append(
                GateHit(
                    gate,
                    Text(
                        zh=f"{why.zh}，按规则“{gate.name}”最高为{cap.zh}",
                        en=f"{why.en}, so rule '{gate.name}' allows at most {cap.en}",
                    ),
                )
            )
    return tier, hits


@dataclass(frozen=True)
class Gated:
    tier: Tier | None
    rule: str
    reason: Text
    gates: tuple[str, ...] = ()


def _with_red_lines(reason: Text, failed: Mapping[str, Sequence[RedLine]]) -> Text:
    parts = [(component_label(name), red_line_note(hits)) for name, hits in failed.items()]
    return Text(
        zh=reason.zh + "；" + "；".join(f"{c.zh}因{n.zh}不合格" for c, n in parts),
        en=reason.en + "; " + "; ".join(f"{c.en} failed by a {n.en}" for c, n in parts),
    )


def gated(
    combined: Combined,
    policy: Policy,
    components: dict[str, float],
    exams: Sequence[ExamResult],
    failed: Mapping[str, Sequence[RedLine]] | None = None,
) -> Gated:
    """A weighted result after the must-pass gates, its rule and reason updated to match."""
    tier = combined.tier
    if tier is None:
        return Gated(None, combined.rule, combined.reason)
    tier, hits = apply_gates(tier, policy, components, exams, failed)
    reason = combined.reason
    unnamed = {
        name: hits_of
        for name, hits_of in (failed or {}).items()
        if not any(component_label(name).zh in h.reason.zh for h in hits)
    }
    if unnamed:
        # A tier already at or below every gate's cap: no gate speaks, yet HR must still
        # read that a red line failed the component, not only its points.
        reason = _with_red_lines(reason, unnamed)
    if not hits:
        return Gated(tier, combined.rule, reason)
    # The gate replaces the cut-off in the rule; a missing-component note stays.
    _, plus, rest = combined.rule.partition("+")
    return Gated(
        tier,
        f"gate:{hits[-1].gate.name}{plus}{rest}",
        Text(
            zh=reason.zh + "；" + "；".join(h.reason.zh for h in hits) + f" → {tier.label.zh}",
            en=reason.en + "; " + "; ".join(h.reason.en for h in hits) + f" → {tier.label.en}",
        ),
        tuple(hit.gate.name for hit in hits),
    )


@dataclass(frozen=True)
class Standing:
    """A trainee's result in one cycle, as decisions see it."""

    cycle: str
    overall: float | None
    tier: Tier | None


def _promotion(policy: Policy, tier: Tier, window: Sequence[Standing]) -> Decision | None:
    rules = policy.decisions
    if tier.rank < rules.promotion_tier.rank:
        return None
    fails = [s.cycle for s in window if s.tier is Tier.FAIL]
    n = rules.promotion_no_fail_cycles
    if fails:
        return None
    return Decision(
        DecisionKind.PROMOTION_EVIDENCE,
        f"promotion:{rules.promotion_tier.value}+no_fail_in_{n}",
        Text(
            zh=f"本周期{tier.label.zh}，且最近 {n} 个周期没有不合格："
            "可作为晋升依据（仍需部门推荐与人事审核）",
            en=f"{tier.label.en} this cycle and no fail in the last {n} cycles: evidence for "
            "promotion (the department and HR still decide)",
        ),
    )


def _why_failed(exam: ExamResult, pass_mark: str) -> Text:
    """Why an exam is failed: a red line (whatever the points), or below the pass mark."""
    if exam.red_lines:
        return _exam_shown(exam)
    return Text(
        zh=f"{exam.exam} {fmt(exam.percent)} 低于合格线 {pass_mark}",
        en=f"{exam.exam} ({fmt(exam.percent)}, below the pass mark {pass_mark})",
    )


def _retakes(policy: Policy, tier: Tier, exams: Sequence[ExamResult]) -> list[Decision]:
    failing = [e for e in exams if e.tier is Tier.FAIL]
    allowed = policy.retakes.max_retakes
    can = [e for e in failing if e.retakes_allowed_left > 0]
    spent = [e for e in failing if e.retakes_allowed_left <= 0]
    pass_mark = fmt(policy.cutoffs.pass_mark)
    found: list[Decision] = []
    if can:
        found.append(
            Decision(
                DecisionKind.RETAKE_REQUIRED,
                "retake:exam_below_pass",
                Text(
                    zh="、".join(_why_failed(e, pass_mark).zh for e in can)
                    + f"（最多可补考 {allowed} 次，"
                    + f"尚余 {min(e.retakes_allowed_left for e in can)} 次）",
                    en=", ".join(_why_failed(e, pass_mark).en for e in can)
                    + f"; up to {allowed} retakes are allowed",
                ),
            )
        )
    if spent:
        found.append(
            Decision(
                DecisionKind.RETRAINING_REQUIRED,
                f"retraining:below_pass_after_{allowed}_retakes",
                Text(
                    zh="、".join(_exam_shown(e).zh for e in spent)
                    + f" 在用完 {allowed} 次补考后仍未合格（合格线 {pass_mark}）",
                    en=", ".join(f"{_exam_shown(e).en}" for e in spent)
                    + f" still not passed (pass mark {pass_mark}) after the {allowed} allowed "
                    "retakes",
                ),
            )
        )
    if tier is Tier.FAIL and not failing:
        found.append(
            Decision(
                DecisionKind.RETRAINING_REQUIRED,
                "retraining:fail_without_exam_to_retake",
                Text(
                    zh="综合不合格，但没有可补考的考试（低分来自考评或其他部分）",
                    en="the overall is a fail but no exam is below the pass mark "
                    "to retake (the low part is the appraisal or another component)",
                ),
            )
        )
    return found


def _hr_review(policy: Policy, window: Sequence[Standing]) -> Decision | None:
    n = policy.decisions.hr_review_fail_cycles
    if len(window) < n or any(s.tier is not Tier.FAIL for s in window[-n:]):
        return None
    cycles = "、".join(s.cycle for s in window[-n:])
    return Decision(
        DecisionKind.HR_REVIEW,
        f"hr_review:fail_in_{n}_consecutive_cycles",
        Text(
            zh=f"连续 {n} 个周期不合格（{cycles}）：请人事复核",
            en=f"fail in {n} consecutive cycles ({cycles.replace('、', ', ')}): for HR review",
        ),
    )


def _near_cutoff(policy: Policy, sem: OverallSem | None) -> tuple[float, Text, Text]:
    """The second-look margin around a cut-off, how to say it and where it came from:
    the policy's points, or its SEM units of this trainee's overall when that is wider."""
    points = policy.decisions.second_look_margin
    units = policy.decisions.second_look_sem
    if units is None or sem is None or units * sem.points <= points:
        return points, Text(zh=f"不超过 {fmt(points)} 分", en=f"within {fmt(points)}"), Text("", "")
    margin = round(units * sem.points, 2)
    used = ", ".join(f"{exam} {fmt(value)}" for exam, value in sem.exams)
    return (
        margin,
        Text(zh=f"在 {fmt(units)} 个测量标准误（{fmt(margin)} 分）之内",
             en=f"within {fmt(units)} SEM ({fmt(margin)} points)"),
        Text(zh=f"（标准误来自首次考试：{used}）", en=f" (SEM from first attempts: {used})"),
    )  # fmt: skip


def _second_looks(
    policy: Policy,
    overall: float | None,
    components: dict[str, float],
    sem: OverallSem | None = None,
) -> list[Decision]:
    found: list[Decision] = []
    margin, within, source = _near_cutoff(policy, sem)
    if overall is not None:
        for tier in (Tier.EXCELLENT, Tier.GOOD, Tier.PASS):
            line = policy.cutoffs.minimum(tier)
            if line is not None and abs(overall - line) <= margin + 1e-9:
                found.append(
                    Decision(
                        DecisionKind.SECOND_LOOK,
                        f"second_look:near_{tier.value}_cutoff",
                        Text(
                            zh=f"综合分 {fmt(overall)} 距{tier.label.zh}线 {fmt(line)} "
                            f"{within.zh}：建议复核评分{source.zh}",
                            en=f"overall {fmt(overall)} is {within.en} of the "
                            f"{tier.label.en} cut-off {fmt(line)}: worth a second look at the "
                            f"marking{source.en}",
                        ),
                    )
                )
    first, second = policy.decisions.mismatch_components
    if first in components and second in components:
        a, b = tier_for(components[first], policy), tier_for(components[second], policy)
        apart = abs(a.rank - b.rank)
        if apart >= policy.decisions.mismatch_tiers:
            la, lb = component_label(first), component_label(second)
            found.append(
                Decision(
                    DecisionKind.SECOND_LOOK,
                    f"second_look:{first}_vs_{second}",
                    Text(
                        zh=f"{la.zh}{a.label.zh}（{fmt(components[first])}）与{lb.zh}{b.label.zh}"
                        f"（{fmt(components[second])}）相差 {apart} 个等级：建议复核",
                        en=f"{la.en} is {a.label.en} ({fmt(components[first])}) but {lb.en} is "
                        f"{b.label.en} ({fmt(components[second])}), {apart} tiers apart: worth a "
                        "second look",
                    ),
                )
            )
    return found


def decide(
    policy: Policy,
    current: Standing,
    components: dict[str, float],
    exams: Sequence[ExamResult],
    window: Sequence[Standing],
    sem: OverallSem | None = None,
) -> tuple[Decision, ...]:
    """Decisions for the current cycle.

    `window` holds the trainee's standing in the cohort's cycles up to and including
    the current one, oldest first (a cycle without a result has tier None); `sem` the
    SEM of the current overall, for a second-look margin in SEM units (`sem`).
    """
    found: list[Decision] = []
    tier = current.tier
    if tier is not None:
        promo_window = window[-policy.decisions.promotion_no_fail_cycles :]
        promotion = _promotion(policy, tier, promo_window)
        if promotion is not None:
            found.append(promotion)
    found.extend(_retakes(policy, tier if tier is not None else Tier.PASS, exams))
    review = _hr_review(policy, window)
    if review is not None:
        found.append(review)
    found.extend(_second_looks(policy, current.overall, components, sem))
    return tuple(found)
