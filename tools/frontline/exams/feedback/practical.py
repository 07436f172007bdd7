"""Feedback for the practical exam: each scenario's score and what it cost, after grading.

Assessment mode tells trainees "you will see it after the exam"; this is that page.
The result is replayed from the graded copy of the trainee's transcript on the
trainer's scenario files (nbgrader puts those back before grading), exactly as the
hidden test scored it, so the page shows the same numbers as the gradebook. It
quotes no hidden test; the trainee's own typed text is escaped.
"""

from __future__ import annotations

import html
from pathlib import Path
from typing import TYPE_CHECKING

from frontline.core.i18n import Text
from frontline.exams.feedback.theory import both, feedback_page, label, score_html

if TYPE_CHECKING:
    import pandas as pd

    from frontline.exams.grading.practical import PracticalItem
    from frontline.roleplay import RoleplayResult

PRACTICAL_UI = {
    "title": Text(zh="实操考试(情景演练)", en="Practical exam (role-play)"),
    "dimensions": Text(zh="各项得分", en="Score per dimension"),
    "moments": Text(zh="失分之处", en="Where points were lost"),
    "tips": Text(zh="改进建议", en="Coaching tips"),
    "no_play": Text(
        zh="没有找到完成的演练记录,本题不得分。",
        en="No finished play was found for this scenario, so it earns no points.",
    ),
    "task": Text(zh="培训师评分项", en="Marked by your trainer"),
}


def is_practical(source_dir: Path) -> bool:
    """A practical exam has scenario files and no questions.yml."""
    return (source_dir / "scenarios").is_dir() and not (source_dir / "questions.yml").exists()


def replayed(graded: Path, item: PracticalItem) -> RoleplayResult | None:
    """The trainee's first finished play, scored as the hidden test scored it; None if none."""
    from frontline.core.errors import FrontlineError
    from frontline.exams.grading.practical import LEXICON_DIR, SCENARIOS_DIR, find_transcript
    from frontline.roleplay import load_lexicon, load_scenario, load_transcript, rescore

    path = find_transcript(graded, item.scenario_id)
    if path is None:
        return None
    try:
        return rescore(
            load_transcript(path),
            load_scenario(graded / SCENARIOS_DIR / f"{item.scenario_id}.yml"),
            load_lexicon(graded / LEXICON_DIR),
            source=path,
            also_accept={item.player_sha256} - {""},
        )
    except (FrontlineError, ValueError, KeyError, TypeError, OSError):
        return None


def _scenario_section(number: int, item: PracticalItem, graded: Path, row: pd.Series | None) -> str:
    from frontline.exams.grading.practical import SCENARIOS_DIR
    from frontline.roleplay import load_scenario
    from frontline.roleplay.model import DIMENSION_LABELS, DIMENSIONS, POINTS_PER_DIMENSION

    scenario = load_scenario(graded / SCENARIOS_DIR / f"{item.scenario_id}.yml")
    head = (
        f"<section class='item'><h3>{number}. {both(scenario.title)}</h3>"
        f"<p class='score'>{score_html(row)}</p>"
    )
    result = replayed(graded, item)
    if result is None:
        return head + f"<p>{both(PRACTICAL_UI['no_play'])}</p></section>"
    dims = "".join(
        f"<li>{label(DIMENSION_LABELS[d])}: {result.scores[d]}/{POINTS_PER_DIMENSION}</li>"
        for d in DIMENSIONS
    )
    moments = "".join(
        f"<li>{both(m.reason)}" + (f"<br><i>{both(m.tip)}</i>" if m.tip else "") + "</li>"
        for m in result.moments
    )
    tips = "".join(f"<li>{both(t)}</li>" for t in result.tips)
    return (
        head
        + f"<h4>{label(PRACTICAL_UI['dimensions'])}</h4><ul>{dims}</ul>"
        + (f"<h4>{label(PRACTICAL_UI['moments'])}</h4><ul>{moments}</ul>" if moments else "")
        + (f"<h4>{label(PRACTICAL_UI['tips'])}</h4><ul>{tips}</ul>" if tips else "")
        + "</section>"
    )


def render_practical_page(
    source_notebook: Path, trainee_id: str, scores: pd.DataFrame, graded: Path
) -> str:
    from frontline.exams.grading.practical import read_practical_key

    key = read_practical_key(source_notebook)
    by_item = {str(row["item"]): row for _, row in scores.iterrows()}
    sections = [
        _scenario_section(number, item, graded, by_item.get(item.grade_id))
        for number, item in enumerate(key.items, start=1)
    ]
    for number, grade_id in enumerate(key.manual_points, start=len(key.items) + 1):
        sections.append(
            f"<section class='item'><h3>{number}. {label(PRACTICAL_UI['task'])}: "
            f"{html.escape(grade_id)}</h3>"
            f"<p class='score'>{score_html(by_item.get(grade_id))}</p></section>"
        )
    return feedback_page(PRACTICAL_UI["title"], trainee_id, scores, sections)
