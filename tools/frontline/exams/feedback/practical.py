"""Feedback for the practical exam: each scenario's score and what it cost, after grading.

Assessment mode tells trainees "you will see it after the exam"; this is that page.
The result is replayed from the graded copy of the trainee's transcript on the
trainer's scenario files (nbgrader puts those back before grading), exactly as the
hidden test scored it, so the page shows the same numbers as the gradebook. It
quotes no hidden test; the page is `templates/practical.html.j2`, autoescaped, so
the trainee's own typed text is shown as text.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from frontline.core.i18n import Text
from frontline.exams.feedback.page import Mark, marks_by_item, render_feedback

if TYPE_CHECKING:
    import pandas as pd

    from frontline.exams.grading.practical import PracticalItem
    from frontline.roleplay import RoleplayResult

PRACTICAL_UI = {
    "title": Text(zh="实操考试（情景演练）", en="Practical exam (role-play)"),
    "dimensions": Text(zh="各项得分", en="Score per dimension"),
    "moments": Text(zh="失分之处", en="Where points were lost"),
    "tips": Text(zh="改进建议", en="Coaching tips"),
    "no_play": Text(
        zh="没有找到完成的演练记录，本题不得分。",
        en="No finished play was found for this scenario, so it earns no points.",
    ),
    "task": Text(zh="培训师评分项", en="Marked by your trainer"),
    "red_lines": Text(
        zh="红线：越过红线的情景不得分，无论其他表现如何",
        en="Red line: a scenario in which a red line was crossed fails, whatever else was done",
    ),
}


def is_practical(source_dir: Path) -> bool:
    """A practical exam has scenario files and no questions.yml."""
    return (source_dir / "scenarios").is_dir() and not (source_dir / "questions.yml").exists()


def replayed(graded: Path, item: PracticalItem) -> RoleplayResult | None:
    """The trainee's first finished play, scored as the hidden test scored it; None if none."""
    from frontline.exams.grading.practical import (
        LEXICON_DIR,
        SCENARIOS_DIR,
        replay_counted_play,
    )

    return replay_counted_play(graded, item, graded / SCENARIOS_DIR, graded / LEXICON_DIR)


@dataclass(frozen=True)
class ScenarioSection:
    number: int
    title: Text
    mark: Mark | None
    result: RoleplayResult | None  # None: no finished play was found
    dimensions: tuple[tuple[Text, int], ...]  # each rubric dimension's label and points


@dataclass(frozen=True)
class TaskSection:
    number: int
    grade_id: str
    mark: Mark | None


def _scenario_section(
    number: int, item: PracticalItem, graded: Path, mark: Mark | None
) -> ScenarioSection:
    from frontline.exams.grading.practical import SCENARIOS_DIR
    from frontline.roleplay import load_scenario
    from frontline.roleplay.model import DIMENSION_LABELS, DIMENSIONS

    scenario = load_scenario(graded / SCENARIOS_DIR / f"{item.scenario_id}.yml")
    result = replayed(graded, item)
    dimensions = (
        () if result is None else tuple((DIMENSION_LABELS[d], result.scores[d]) for d in DIMENSIONS)
    )
    return ScenarioSection(number, scenario.title, mark, result, dimensions)


def render_practical_page(
    source_notebook: Path, trainee_id: str, scores: pd.DataFrame, graded: Path
) -> str:
    from frontline.exams.grading.practical import read_practical_key
    from frontline.roleplay.model import POINTS_PER_DIMENSION

    key = read_practical_key(source_notebook)
    marks = marks_by_item(scores)
    scenarios = [
        _scenario_section(number, item, graded, marks.get(item.grade_id))
        for number, item in enumerate(key.items, start=1)
    ]
    tasks = [
        TaskSection(number, grade_id, marks.get(grade_id))
        for number, grade_id in enumerate(key.manual_points, start=len(key.items) + 1)
    ]
    return render_feedback(
        "practical.html.j2",
        PRACTICAL_UI["title"],
        trainee_id,
        scores,
        practical_ui=PRACTICAL_UI,
        scenarios=scenarios,
        tasks=tasks,
        points_per_dimension=POINTS_PER_DIMENSION,
    )
