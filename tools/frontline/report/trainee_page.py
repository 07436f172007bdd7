"""One page a trainer can print and hand to a trainee: tiers, strengths, weak items, next step.

It is written for the trainee, so it shows only their own results and the decisions
that ask something of them; internal flags for HR (HR review, second look) stay in
the HR report. The page is `templates/trainee.html.j2`, rendered with autoescaping.
"""

from __future__ import annotations

from collections.abc import Sequence

from frontline.core.i18n import Text
from frontline.core.templates import render
from frontline.hr.policy.model import Cutoffs, Tier
from frontline.hr.rules.outcomes import DecisionKind, ItemScore, TraineeOutcome
from frontline.report.meta import ReportMeta
from frontline.report.page import share_helpers

TRAINEE_DECISIONS = (
    DecisionKind.PROMOTION_EVIDENCE,
    DecisionKind.RETAKE_REQUIRED,
    DecisionKind.RETRAINING_REQUIRED,
)
NEXT_STEP_BY_DECISION = {
    DecisionKind.PROMOTION_EVIDENCE: Text(
        "本期成绩可作为晋升的依据，请与主管沟通下一步安排。",
        "This cycle's results count as evidence for promotion; talk to your supervisor "
        "about the next step.",
    ),
    DecisionKind.RETAKE_REQUIRED: Text(
        "请参加补考。补考前先复习上面列出的薄弱项目。",
        "Sit the retake. Before it, revise the weak items listed above.",
    ),
    DecisionKind.RETRAINING_REQUIRED: Text(
        "请与培训师约定再培训的时间，重新学习相关单元后再参加考核。",
        "Agree a retraining date with your trainer; redo the modules, then sit the "
        "assessment again.",
    ),
}
NEXT_STEP_BY_TIER = {
    Tier.EXCELLENT: Text(
        "继续保持，可以帮助同事练习情景对话。",
        "Keep it up; you could help colleagues practise role-plays.",
    ),
    Tier.GOOD: Text(
        "成绩良好。把最弱的一项练到优秀，就能更进一步。",
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
    "还有成绩未录入，全部录入后才能评定等级。",
    "Some results are still missing; your tier is set once they are all in.",
)
NO_STRENGTHS = Text("暂无突出项目", "No item stands out yet")
NO_WEAK_ITEMS = Text("没有低于合格线的项目", "No item below the pass mark")
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


def render_trainee_page(
    outcome: TraineeOutcome, items: Sequence[ItemScore], meta: ReportMeta
) -> str:
    share_helpers()
    strong, weak = strengths_and_weak_items(items, meta.cutoffs)
    return render(
        "frontline.report",
        "trainee.html.j2",
        outcome=outcome,
        meta=meta,
        exams=[exam for component in outcome.components for exam in component.exams],
        red_lines=[
            (exam.exam, hit)
            for component in outcome.components
            for exam in component.exams
            for hit in exam.red_lines
        ],
        strong=strong,
        weak=weak,
        no_strengths=NO_STRENGTHS,
        no_weak_items=NO_WEAK_ITEMS,
        steps=next_steps(outcome),
        percent=_percent,
    )
