"""Read nbgrader's gradebook with one SQL query per question, straight into pandas.

nbgrader's ORM walks objects row by row, which is slow for a whole cohort; the
schema is stable (nbgrader.api), so reports read it with plain SQL instead.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .course import Course, prepare_nbgrader
from .roster import Trainee
from .tiers import ScoreRow

if TYPE_CHECKING:
    import pandas as pd

ITEM_GRADES_SQL = """
SELECT sa.student_id AS trainee_id,
       a.name        AS exam,
       bc.name       AS item,
       g.auto_score, g.manual_score, g.extra_credit,
       COALESCE(gc.max_score, tc.max_score) AS max_score,
       g.needs_manual_grade
FROM grade g
JOIN submitted_notebook sn   ON sn.id = g.notebook_id
JOIN submitted_assignment sa ON sa.id = sn.assignment_id
JOIN assignment a            ON a.id = sa.assignment_id
JOIN base_cell bc            ON bc.id = g.cell_id
LEFT JOIN grade_cells gc     ON gc.id = g.cell_id
LEFT JOIN task_cells tc      ON tc.id = g.cell_id
WHERE a.course_id = :course_id
"""


def item_grades(course: Course, exams: list[str] | None = None) -> pd.DataFrame:
    """One row per trainee, exam and graded item, with the score nbgrader would show.

    Items are grade cells and task cells (a rubric the trainer marks, as in the
    practical exam); both carry their points in their own table.
    """
    import pandas as pd
    import sqlalchemy as sa

    engine = sa.create_engine(course.db_url)
    try:
        with engine.connect() as connection:
            frame = pd.read_sql(
                sa.text(ITEM_GRADES_SQL), connection, params={"course_id": course.course_id}
            )
    finally:
        engine.dispose()
    if exams is not None:
        frame = frame[frame["exam"].isin(exams)]
    raw = frame["manual_score"].where(frame["manual_score"].notna(), frame["auto_score"])
    frame["score"] = (raw.fillna(0.0) + frame["extra_credit"].fillna(0.0)).clip(
        lower=0.0, upper=frame["max_score"]
    )
    frame["needs_manual_grade"] = frame["needs_manual_grade"].astype(bool)
    return frame.reset_index(drop=True)


def exam_totals(items: pd.DataFrame) -> pd.DataFrame:
    """Per trainee and exam: score, maximum, and how many items still await a trainer."""
    if items.empty:
        import pandas as pd

        return pd.DataFrame(columns=["trainee_id", "exam", "score", "max_score", "pending"])
    grouped = items.groupby(["trainee_id", "exam"], sort=True)
    totals = grouped.agg(
        score=("score", "sum"),
        max_score=("max_score", "sum"),
        pending=("needs_manual_grade", "sum"),
    )
    return totals.reset_index()


def theory_rows(totals: pd.DataFrame) -> list[ScoreRow]:
    return [
        ScoreRow(str(r.trainee_id), "theory", float(r.score), float(r.max_score))
        for r in totals.itertuples(index=False)
    ]


def sync_roster(course: Course, trainees: list[Trainee]) -> None:
    """Make nbgrader know every trainee by name, so formgrader shows who is who."""
    from nbgrader.api import Gradebook

    prepare_nbgrader()
    with Gradebook(course.db_url, course.course_id) as gradebook:
        for trainee in trainees:
            gradebook.update_or_create_student(
                trainee.trainee_id, first_name=trainee.name, last_name=trainee.name_en or None
            )
