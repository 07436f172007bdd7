"""Cohort inputs: nbgrader's gradebook, the roster, appraisal ratings and external scores.

The gradebook is read with one SQL query per table (`gradebook.read_tables`), for
any nbgrader course folder and any database SQLAlchemy reaches (SQLite,
PostgreSQL). Each submission becomes one `ScoreRecord` (its exam's total) and one
`ItemScore` per graded cell.

An exam's cycle is its assignment's due date, read in the policy's time zone
(`cycles.date: due_date`); an assignment without a due date, or a policy with
`cycles.date: submitted`, uses the time the trainee's submission was collected.
A submission with neither (placed in submitted/ by hand, without the
`timestamp.txt` that `nbgrader collect` writes) still counts: in the current cycle,
which the report's assumptions then say.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from frontline.core.course import Course
from frontline.core.i18n import Text
from frontline.hr.inputs.csv_files import read_appraisal_csv, read_external_csv
from frontline.hr.inputs.gradebook import read_tables, red_line_flags
from frontline.hr.inputs.roster import Trainee
from frontline.hr.policy.model import Policy, component_label
from frontline.hr.rules.cycles import cycle_of, cycles_of_times
from frontline.hr.rules.outcomes import CohortInputs, ItemScore, ScoreRecord, SourceKind
from frontline.hr.rules.records import component_of_exam, original_exam

if TYPE_CHECKING:
    import pandas as pd


@dataclass(frozen=True)
class GradebookScores:
    records: tuple[ScoreRecord, ...]
    items: tuple[ItemScore, ...]
    assumptions: tuple[Text, ...]


def _grades(tables: dict[str, pd.DataFrame], policy: Policy) -> pd.DataFrame:
    """One row per graded cell: trainee, exam, cycle, item, score (nbgrader's rule), maximum."""
    cells = tables["cells"]
    grade = tables["grade"].merge(cells, left_on="cell_id", right_on="id", how="inner")
    grade = grade.merge(
        tables["submitted_notebook"], left_on="notebook_id", right_on="sn_id", how="inner"
    )
    grade = grade.merge(tables["submitted_assignment"], on="sa_id", how="inner")
    grade = grade.merge(tables["assignment"], on="assignment_id", how="inner")
    raw = grade["manual_score"].where(grade["manual_score"].notna(), grade["auto_score"])
    grade["score"] = (raw.fillna(0.0) + grade["extra_credit"].fillna(0.0)).clip(
        lower=0.0, upper=grade["max_score"]
    )
    grade["pending"] = grade["needs_manual_grade"].astype(bool) & grade["manual_score"].isna()
    when = grade["timestamp"]
    if policy.cycles.date == "due_date":
        when = grade["duedate"].where(grade["duedate"].notna(), grade["timestamp"])
    grade["cycle"] = cycles_of_times(when, policy.cycles.length, policy.cycles.timezone)
    return grade


def current_cycle(policy: Policy, today: date | None = None) -> str:
    """The cycle `today` (default: now, in the policy's time zone) falls in."""
    if today is None:
        today = datetime.now(ZoneInfo(policy.cycles.timezone)).date()
    return cycle_of(today, policy.cycles.length)


def gradebook_scores(
    course: Course, policy: Policy, *, items: bool = True, today: date | None = None
) -> GradebookScores:
    """Scores of every graded submission in the course's gradebook.

    A submission without a due date or a submission time is counted in the current
    cycle (the cycle of `today`): dropping it would leave a course graded by hand
    with plain nbgrader with nothing to report.
    """
    tables = read_tables(course.db_url, course.course_id)
    grade = _grades(tables, policy)
    assumptions: list[Text] = []
    undated = grade["cycle"].isna()
    if undated.any():
        exams = sorted(set(grade.loc[undated, "exam"]))
        cycle = current_cycle(policy, today)
        submissions = grade.loc[undated, ["trainee_id", "exam"]].drop_duplicates()
        assumptions.append(
            Text(
                zh=f"{'、'.join(exams)}：{len(submissions)} 份试卷既无截止日期也无提交时间，"
                f"按当前周期 {cycle} 计入",
                en=f"{', '.join(exams)}: {len(submissions)} submission(s) with no due date and "
                f"no submission time; counted in the current cycle, {cycle}",
            )
        )
        grade.loc[undated, "cycle"] = cycle
    totals = grade.groupby(["trainee_id", "exam", "cycle"], sort=True).agg(
        score=("score", "sum"), max_score=("max_score", "sum"), pending=("pending", "sum")
    )
    totals = totals.reset_index()
    exams = sorted(set(totals["exam"]))
    mapped = [e for e in exams if component_of_exam(original_exam(e, None, policy)[0], policy)]
    component: str | None = None
    if exams and not mapped:
        component = "theory" if "theory" in policy.weights else next(iter(policy.weights))
        assumptions.append(
            Text(
                zh=f"课程中没有政策所列的考试（{'、'.join(exams)}），"
                f"全部按{component_label(component).zh}计",
                en=f"none of this course's assignments ({', '.join(exams)}) is named in the "
                f"policy's components, so every assignment was counted as {component}",
            )
        )
    waiting = totals[totals["pending"] > 0]
    if not waiting.empty:
        assumptions.append(
            Text(
                zh=f"{len(waiting)} 份试卷仍有待评分的书面题，暂按 0 分计",
                en=f"{len(waiting)} submission(s) still have written answers awaiting a "
                "trainer's mark; those answers count as 0 until marked",
            )
        )
    red_lines = red_line_flags(course.db_url, course.course_id)
    records = tuple(
        ScoreRecord(
            t, c, e, SourceKind.EXAM, s, m, component=component, red_lines=red_lines.get((t, e), ())
        )
        for t, e, c, s, m in zip(
            totals["trainee_id"].tolist(),
            totals["exam"].tolist(),
            totals["cycle"].tolist(),
            totals["score"].astype(float).tolist(),
            totals["max_score"].astype(float).tolist(),
            strict=True,
        )
    )
    found: tuple[ItemScore, ...] = ()
    if items:
        ordered = grade.sort_values(["trainee_id", "exam", "item"], kind="stable")
        found = tuple(
            ItemScore(t, c, e, i, s, m)
            for t, c, e, i, s, m in zip(
                ordered["trainee_id"].tolist(),
                ordered["cycle"].tolist(),
                ordered["exam"].tolist(),
                ordered["item"].tolist(),
                ordered["score"].astype(float).tolist(),
                ordered["max_score"].astype(float).tolist(),
                strict=True,
            )
        )
    return GradebookScores(records, found, tuple(assumptions))


def load_inputs(
    course: Course | None,
    trainees: list[Trainee],
    policy: Policy,
    *,
    appraisal: Path | None = None,
    external: Path | None = None,
    items: bool = True,
    kpi: tuple[ScoreRecord, ...] = (),
) -> CohortInputs:
    """Everything an evaluation needs; any bad file stops it before anything is built.

    `kpi` holds the monthly KPI scores as appraisal ratings (`hr.kpi.load.load_kpi`),
    counted with the ratings of the appraisal file."""
    known = {t.trainee_id for t in trainees}
    extra: list[ScoreRecord] = list(kpi)
    if appraisal is not None:
        extra += read_appraisal_csv(appraisal, policy, known)
    if external is not None:
        extra += read_external_csv(external, policy, known)
    scores = GradebookScores((), (), ())
    if course is not None:
        scores = gradebook_scores(course, policy, items=items)
    return CohortInputs(
        trainees=tuple(trainees),
        scores=scores.records + tuple(extra),
        items=scores.items,
        assumptions=scores.assumptions,
    )
