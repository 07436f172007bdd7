"""Read nbgrader's gradebook with plain SQL straight into pandas.

nbgrader's ORM walks objects row by row, which is slow for a whole cohort; the
schema is stable (nbgrader.api), so reports read it with plain SQL instead:
`read_tables` runs one query per table (joins happen in pandas, which keeps each
query simple for SQLite and PostgreSQL alike), `item_grades` one joined query and
`gradebook_trainees` one query of the students. Every read of the gradebook for HR
is here, so the report and the evaluation never query the database themselves.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from frontline.core.course import Course, prepare_nbgrader
from frontline.hr.inputs.roster import Trainee
from frontline.hr.rules.outcomes import RedLine

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


_ASSIGNMENTS = "SELECT id FROM assignment WHERE course_id = :course_id"
_SUBMISSIONS = f"SELECT id FROM submitted_assignment WHERE assignment_id IN ({_ASSIGNMENTS})"
_NOTEBOOKS = f"SELECT id FROM notebook WHERE assignment_id IN ({_ASSIGNMENTS})"
_CELLS = f"SELECT id FROM base_cell WHERE notebook_id IN ({_NOTEBOOKS})"
#: (name, query, date columns): one query per gradebook table, each limited to one course
TABLE_QUERIES: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    (
        "assignment",
        "SELECT id AS assignment_id, name AS exam, duedate FROM assignment "
        "WHERE course_id = :course_id",
        ("duedate",),
    ),
    (
        "submitted_assignment",
        "SELECT id AS sa_id, assignment_id, student_id AS trainee_id, timestamp "
        f"FROM submitted_assignment WHERE assignment_id IN ({_ASSIGNMENTS})",
        ("timestamp",),
    ),
    (
        "submitted_notebook",
        "SELECT id AS sn_id, assignment_id AS sa_id FROM submitted_notebook "
        f"WHERE assignment_id IN ({_SUBMISSIONS})",
        (),
    ),
    (
        "base_cell",
        f"SELECT id, name AS item FROM base_cell WHERE notebook_id IN ({_NOTEBOOKS})",
        (),
    ),
    ("grade_cells", f"SELECT id, max_score FROM grade_cells WHERE id IN ({_CELLS})", ()),
    ("task_cells", f"SELECT id, max_score FROM task_cells WHERE id IN ({_CELLS})", ()),
    (
        "grade",
        "SELECT notebook_id, cell_id, auto_score, manual_score, extra_credit, needs_manual_grade "
        "FROM grade WHERE notebook_id IN (SELECT id FROM submitted_notebook "
        f"WHERE assignment_id IN ({_SUBMISSIONS}))",
        (),
    ),
)


#: red lines the grading side recorded (frontline.exams.grading.red_lines), per submission
RED_LINES_SQL = """
SELECT trainee_id, exam, cell, detail FROM frontline_flags
WHERE course_id = :course_id AND kind = :kind
ORDER BY trainee_id, exam, cell, id
"""


#: nbgrader's students, for a course without a roster
STUDENTS_SQL = "SELECT id, first_name, last_name FROM student ORDER BY id"
NO_TEAM = "未分组 no team"


def _read_sql(
    db_url: str, queries: Iterable[tuple[str, str, tuple[str, ...]]], params: dict[str, str]
) -> dict[str, pd.DataFrame]:
    """Each (name, query, date columns) as a frame, over one connection that is then closed."""
    import pandas as pd
    import sqlalchemy as sa

    engine = sa.create_engine(db_url)
    try:
        with engine.connect() as connection:
            return {
                name: pd.read_sql(
                    sa.text(query), connection, params=params, parse_dates=list(dates) or None
                )
                for name, query, dates in queries
            }
    finally:
        engine.dispose()


def read_tables(db_url: str, course_id: str) -> dict[str, pd.DataFrame]:
    """Each gradebook table a report needs, as a frame; graded cells joined to their names.

    The result has `assignment`, `submitted_assignment`, `submitted_notebook`, `grade`
    and `cells` (id, item, max_score: the grade and task cells of the course).
    """
    import pandas as pd

    frames = _read_sql(db_url, TABLE_QUERIES, {"course_id": course_id})
    graded = pd.concat([frames.pop("grade_cells"), frames.pop("task_cells")], ignore_index=True)
    frames["cells"] = frames.pop("base_cell").merge(graded, on="id", how="inner")
    return frames


def red_line_flags(db_url: str, course_id: str) -> dict[tuple[str, str], tuple[RedLine, ...]]:
    """Red lines per (trainee, exam) as the latest grading recorded them. A gradebook
    Frontline never graded has no flags table, and so no red lines."""
    import sqlalchemy as sa

    from frontline.exams.grading.red_lines import RED_LINE_FLAG, decode_red_line

    engine = sa.create_engine(db_url)
    try:
        if not sa.inspect(engine).has_table("frontline_flags"):
            return {}
        with engine.connect() as connection:
            rows = connection.execute(
                sa.text(RED_LINES_SQL), {"course_id": course_id, "kind": RED_LINE_FLAG}
            ).all()
    finally:
        engine.dispose()
    found: dict[tuple[str, str], list[RedLine]] = {}
    for trainee_id, exam, cell, detail in rows:
        hit = decode_red_line(str(cell), str(detail))
        found.setdefault((str(trainee_id), str(exam)), []).append(
            RedLine(item=hit.cell, category=hit.category, label=hit.label, what=hit.what)
        )
    return {key: tuple(hits) for key, hits in found.items()}


def item_grades(course: Course, exams: list[str] | None = None) -> pd.DataFrame:
    """One row per trainee, exam and graded item, with the score nbgrader would show.

    Items are grade cells and task cells (a rubric the trainer marks, as in the
    practical exam); both carry their points in their own table.
    """
    queries = [("items", ITEM_GRADES_SQL, ())]
    frame = _read_sql(course.db_url, queries, {"course_id": course.course_id})["items"]
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


def gradebook_trainees(course: Course) -> list[Trainee]:
    """Without a roster, the trainees are nbgrader's students (one query), team unknown."""
    frame = _read_sql(course.db_url, [("student", STUDENTS_SQL, ())], {})["student"]
    trainees = []
    for tid, first, last in frame.itertuples(index=False):
        name = " ".join(str(p) for p in (first, last) if isinstance(p, str) and p) or str(tid)
        trainees.append(Trainee(trainee_id=str(tid), name=name, team=NO_TEAM))
    return trainees


def sync_roster(course: Course, trainees: list[Trainee]) -> None:
    """Make nbgrader know every trainee by name, so formgrader shows who is who."""
    from nbgrader.api import Gradebook

    prepare_nbgrader()
    with Gradebook(course.db_url, course.course_id) as gradebook:
        for trainee in trainees:
            gradebook.update_or_create_student(
                trainee.trainee_id, first_name=trainee.name, last_name=trainee.name_en or None
            )
