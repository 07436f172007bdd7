"""One page a trainer can print and hand to a trainee: tiers, strengths, weak items, next step.

It is written for the trainee, so it shows only their own results and the decisions
that ask something of them; internal flags for HR (HR review, second look) stay in
the HR report.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from frontline.core.i18n import Text
from frontline.hr.policy.model import Cutoffs, Tier, component_label
from frontline.hr.rules.outcomes import DecisionKind, ItemScore, TraineeOutcome
from frontline.report.meta import ReportMeta
from frontline.report.page import bilingual, tier_badge

TRAINEE_DECISIONS = (
    DecisionKind.PROMOTION_EVIDENCE,
    DecisionKind.RETAKE_REQUIRED,
    DecisionKind.RETRAINING_REQUIRED,
)
NEXT_STEP_BY_DECISION = {
    DecisionKind.PROMOTION_EVIDENCE: Text(
        "本期成绩可作为晋升的依据,请与主管沟通下一步安排。",
        "This cycle's results count as evidence for promotion; talk to your supervisor "
        "about the next step.",
    ),
    DecisionKind.RETAKE_REQUIRED: Text(
        "请参加补考。补考前先复习上面列出的薄弱项目。",
        "Sit the retake. Before it, revise the weak items listed above.",
    ),
    DecisionKind.RETRAINING_REQUIRED: Text(
        "请与培训师约定再培训的时间,重新学习相关单元后再参加考核。",
        "Agree a retraining date with your trainer; redo the modules, then sit the "
        "assessment again.",
    ),
}
NEXT_STEP_BY_TIER = {
    Tier.EXCELLENT: Text(
        "继续保持,可以帮助同事练习情景对话。",
        "Keep it up; you could help colleagues practise role-plays.",
    ),
    Tier.GOOD: Text(
        "成绩良好。把最弱的一项练到优秀,就能更进一步。",
        "Good work. Bring your weakest item up to excellent to go further.",
    ),
    Tier.PASS: Text(
        "已合格。请重点练习下面的薄弱项目。",
        "You passed. Practise the weak items below first.",
    ),
    Tier.FAIL: Text(
        "未达标。请与培训师一起制定学习计划。",
        "Not yet at the standard. Make a study plan with your trainer.",
    ),
}
INCOMPLETE_STEP = Text(
    "还有成绩未录入,全部录入后才能评定等级。",
    "Some results are still missing; your tier is set once they are all in.",
)
MAX_ITEMS = 5


def _percent(item: ItemScore) -> float:
    return 100.0 * item.score / item.max_score if item.max_score > 0 else 0.0


def strengths_and_weak_items(
    items: Sequence[ItemScore], cutoffs: Cutoffs
) -> tuple[list[ItemScore], list[ItemScore]]:
    """Strong: at or above the good mark; weak: below the pass mark. Best and worst first."""
    scored = [i for i in items if i.max_score > 0]
    strong = sorted(
        (i for i in scored if _percent(i) >= cutoffs.good), key=lambda i: (-_percent(i), i.item)
    )
    weak = sorted(
        (i for i in scored if _percent(i) < cutoffs.pass_mark), key=lambda i: (_percent(i), i.item)
    )
    return strong[:MAX_ITEMS], weak[:MAX_ITEMS]


def next_steps(outcome: TraineeOutcome) -> list[tuple[Text, Text | None]]:
    """(what to do, why) pairs; decisions first, else the step that fits the tier."""
    steps: list[tuple[Text, Text | None]] = [
        (NEXT_STEP_BY_DECISION[d.kind], d.reason)
        for d in outcome.decisions
        if d.kind in TRAINEE_DECISIONS
    ]
    if not steps:
        step = INCOMPLETE_STEP if outcome.tier is None else NEXT_STEP_BY_TIER[outcome.tier]
        steps.append((step, None))
    return steps


def _item_list(items: list[ItemScore], empty: Text) -> str:
    if not items:
        return f"<p class='muted'>{bilingual(empty)}</p>"
    rows = "".join(
        f"<li>{escape(i.exam)} · {escape(i.item)}: <b>{i.score:g}/{i.max_score:g}</b> "
        f"({_percent(i):.0f}%)</li>"
        for i in items
    )
    return f"<ul>{rows}</ul>"


def render_trainee_page(
    outcome: TraineeOutcome, items: Sequence[ItemScore], meta: ReportMeta
) -> str:
    t = outcome.trainee
    tier_key = outcome.tier.value if outcome.tier is not None else "incomplete"
    strong, weak = strengths_and_weak_items(items, meta.cutoffs)
    components = "".join(
        f"<tr><td>{escape(component_label(c.name).zh)} {escape(component_label(c.name).en)}</td>"
        f"<td class='num'>{'–' if c.score is None else f'{c.score:.2f}'}</td>"
        f"<td>{tier_badge(c.tier.value if c.tier else 'incomplete')}</td></tr>"
        for c in outcome.components
    )
    exams = "".join(
        f"<tr><td>{escape(e.exam)}</td><td class='num'>{e.percent:.2f}%</td>"
        f"<td>{tier_badge(e.tier.value)}</td><td class='muted'>"
        + (f"{e.sittings} 次考试 sittings" if e.sittings > 1 else "")
        + "</td></tr>"
        for c in outcome.components
        for e in c.exams
    )
    overall = "–" if outcome.overall is None else f"{outcome.overall:.2f}"
    history = "".join(
        f"<li>{escape(h.cycle)}: {'–' if h.overall is None else f'{h.overall:.2f}'} "
        f"{tier_badge(h.tier.value if h.tier else 'incomplete')}</li>"
        for h in outcome.history
    )
    steps = "".join(
        f"<li>{bilingual(step)}"
        + (f"<span class='why'>{bilingual(why)}</span>" if why else "")
        + "</li>"
        for step, why in next_steps(outcome)
    )
    name_en = f" <span class='en-inline'>{escape(t.name_en)}</span>" if t.name_en else ""
    return f"""<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8">
<title>{escape(t.name)} · 考核结果 Results · {escape(outcome.cycle)}</title>
<style>
body {{ font-family: "Noto Sans CJK SC", "Microsoft YaHei", sans-serif; max-width: 46em;
       margin: 1.5em auto; color: #1f2933; }}
.en {{ color: #616e7c; font-size: 90%; display: block; }} .en-inline {{ color: #616e7c; }}
.muted, .meta {{ color: #7b8794; }} .why {{ display: block; font-size: 85%; color: #52606d; }}
table {{ border-collapse: collapse; }} td {{ padding: 4px 10px; border-bottom: 1px solid #e4e7eb; }}
td.num {{ text-align: right; }}
.tier {{ color: #fff; border-radius: 4px; padding: 1px 6px; }}
@media print {{ body {{ margin: 0; }} }}
</style></head><body>
<h1><span class='zh'>{escape(t.name)}</span>{name_en}</h1>
<p class="meta">{escape(t.trainee_id)} · {escape(t.team)} · 周期 cycle {escape(outcome.cycle)}</p>
<h2>总评 Overall: {overall} {tier_badge(tier_key)}</h2>
<p>{bilingual(outcome.reason)}</p>
<h2>各部分 Components</h2>
<table>{components}</table>
{f"<h2>各项考试 Exams</h2><table>{exams}</table>" if exams else ""}
<h2>强项 Strengths</h2>
{_item_list(strong, Text("暂无突出项目", "No item stands out yet"))}
<h2>薄弱项目 Items to work on</h2>
{_item_list(weak, Text("没有低于合格线的项目", "No item below the pass mark"))}
<h2>下一步 Next step</h2>
<ul>{steps}</ul>
{f"<h2>各周期成绩 By cycle</h2><ul>{history}</ul>" if history else ""}
<p class="meta">政策 policy {escape(meta.policy_version)} ({escape(meta.policy_digest)}) ·
{escape(meta.generated)}</p>
</body></html>
"""
