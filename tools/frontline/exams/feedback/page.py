"""What both feedback pages share: their labels, each item's mark, and the page frame.

Theory (`theory`) and practical (`practical`) pages both import this module and
neither imports the other's page code. The pages are Jinja2 templates in
`templates/` (`page.html.j2` is the frame both extend), rendered with
autoescaping, so every text (prompts, answers, a trainee's typed words) is escaped.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from frontline.core.i18n import Text
from frontline.core.templates import render

if TYPE_CHECKING:
    import pandas as pd

UI = {
    "title": Text(zh="考试反馈", en="Exam feedback"),
    "total": Text(zh="客观题与已评分简答题得分", en="Score on marked items"),
    "pending": Text(zh="待培训师评分", en="awaiting your trainer"),
    "yours": Text(zh="你的答案", en="Your answer"),
    "none": Text(zh="未作答", en="not answered"),
    "why": Text(zh="解析", en="Explanation"),
    "written": Text(zh="简答题", en="Written answer"),
}


@dataclass(frozen=True)
class Mark:
    """One item's grade as the page shows it: points of the maximum, or still to mark."""

    score: float
    max_score: float
    pending: bool  # a written answer or task the trainer has not marked yet


def marks_by_item(scores: pd.DataFrame) -> dict[str, Mark]:
    """The gradebook's rows of one trainee (`item_grades`) by item id."""
    return {
        str(row["item"]): Mark(
            float(row["score"]), float(row["max_score"]), bool(row["needs_manual_grade"])
        )
        for _, row in scores.iterrows()
    }


def _total(scores: pd.DataFrame) -> str:
    marked = scores[~scores["needs_manual_grade"]]
    return f"{marked['score'].sum():g} / {marked['max_score'].sum():g}"


def render_feedback(
    template: str, title: Text, trainee_id: str, scores: pd.DataFrame, **context: Any
) -> str:
    """`template` (which extends `page.html.j2`) for one trainee, with the shared labels."""
    return render(
        "frontline.exams.feedback",
        template,
        ui=UI,
        title=title,
        trainee_id=trainee_id,
        total=_total(scores),
        **context,
    )
