"""Inputs from nbgrader's gradebook: one query per table, any course, cycles from dates."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import nbformat
import pytest
import sqlalchemy as sa

from frontline.core.course import REPO_ROOT, Course, prepare_nbgrader
from frontline.exams.authoring.notebook import load_exam_data
from frontline.exams.grading import pipeline
from frontline.exams.model.answers import ANSWERS_FILE, save_sheet
from frontline.hr.inputs.gradebook import TABLE_QUERIES, exam_totals, item_grades
from frontline.hr.inputs.load import gradebook_scores, load_inputs
from frontline.hr.inputs.roster import Trainee
from frontline.hr.policy.model import CyclePolicy, Tier
from frontline.hr.policy.schema import load_policy
from frontline.hr.rules.evaluate import evaluate_cohort
from tests.conftest import EXAM, make_course
from tests.exams.grading.grading import grade
from tests.exams.sittings import exam_bank, perfect_answers, sitting_sheet

pytestmark = pytest.mark.nbgrader

POLICY = load_policy(REPO_ROOT / "gradebook" / "policy.yml")


@contextmanager
def count_queries() -> Iterator[list[str]]:
    """Every statement any SQLAlchemy engine sends, while the block runs."""
    seen: list[str] = []

    def record(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        seen.append(statement)

    sa.event.listen(sa.engine.Engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        sa.event.remove(sa.engine.Engine, "before_cursor_execute", record)


@pytest.fixture(scope="module")
def graded(tmp_path_factory: pytest.TempPathFactory) -> Course:
    """The real pipeline: two trainees sit the etiquette exam, one perfectly, one blank."""
    base = tmp_path_factory.mktemp("inputs")
    course = make_course(base)
    _, key = load_exam_data(course.root, EXAM)
    pipeline.build(course, EXAM)
    pipeline.release(course, EXAM)
    bank = exam_bank(course.source, EXAM)
    answers = {"t001": perfect_answers(key, bank, "t001"), "t002": {}}
    for trainee, given in answers.items():
        home = base / "homes" / trainee
        folder = pipeline.fetch(course, EXAM, trainee, home)
        save_sheet(folder / ANSWERS_FILE, sitting_sheet(bank, trainee, given))
        if given:  # a written answer, which waits for a trainer's mark
            notebook = nbformat.read(folder / f"{EXAM}.ipynb", as_version=4)
            for cell in notebook.cells:
                if cell.metadata.get("nbgrader", {}).get("solution"):
                    cell.source = "您好!请带上房产证明和行驶证。"
            nbformat.write(notebook, folder / f"{EXAM}.ipynb")
        pipeline.submit(course, EXAM, trainee, home)
    pipeline.collect(course, EXAM)
    outcomes = grade(course, EXAM)
    for trainee in pipeline.submitted_trainees(course, EXAM):
        assert outcomes[trainee].graded
    return course


def test_the_gradebook_is_read_with_one_query_per_table(graded: Course) -> None:
    with count_queries() as queries:
        scores = gradebook_scores(graded, POLICY)
    selects = [q for q in queries if q.lstrip().upper().startswith("SELECT")]
    # one per gradebook table, and one for the red lines grading recorded (frontline_flags)
    assert len(selects) == len(TABLE_QUERIES) + 1 == 8
    # nothing written, no per-row lookups: besides those, only the check that the flags
    # table exists (a PRAGMA on SQLite)
    others = [q for q in queries if q not in selects]
    assert all(q.lstrip().upper().startswith("PRAGMA") for q in others) and len(others) <= 2
    by_trainee = {r.trainee_id: r for r in scores.records}
    assert sorted(by_trainee) == ["t001", "t002"]
    # The same totals as nbgrader's own joined view of the grades.
    totals = exam_totals(item_grades(graded, [EXAM]))
    for row in totals.itertuples(index=False):
        record = by_trainee[str(row.trainee_id)]
        assert (record.source, record.score, record.max_score) == (EXAM, row.score, row.max_score)
    assert by_trainee["t001"].score == 35.0 and by_trainee["t002"].score == 0.0
    assert len(scores.items) == 2 * 16
    # The written answer waits for a trainer, and the inputs say so.
    assert any("awaiting a trainer's mark" in a.en for a in scores.assumptions)


def test_a_real_gradebook_evaluates_with_the_repository_policy(graded: Course) -> None:
    trainees = [Trainee("t001", "王芳", "desk"), Trainee("t002", "李娜", "desk")]
    inputs = load_inputs(graded, trainees, POLICY)
    result = evaluate_cohort(inputs, POLICY)
    strong, blank = result.outcomes
    assert strong.components[0].exams[0].exam == EXAM
    assert strong.components[0].score == 87.5  # 35 of 40 until the written answer is marked
    assert strong.tier is Tier.GOOD
    assert blank.tier is Tier.FAIL
    assert [d.rule for d in blank.decisions] == ["retake:exam_below_pass"]
    assert evaluate_cohort(inputs, POLICY) == result  # reproducible


# ---- a course that is not ours: nbgrader's quickstart shape (assignment ps1) ----


def _quickstart(path: Path, *, retake: bool = False) -> Course:
    """A gradebook written by nbgrader's own API, laid out like `nbgrader quickstart`."""
    prepare_nbgrader()
    from nbgrader.api import Gradebook

    url = f"sqlite:///{path / 'gradebook.db'}"
    names = ["ps1", "ps1-retake-1"] if retake else ["ps1"]
    with Gradebook(url, "example_course") as gradebook:
        for name in names:
            gradebook.add_assignment(name, duedate=dt.datetime(2026, 10, 31, 20, 0))
            gradebook.add_notebook("problem1", name)
            gradebook.add_grade_cell("c1", "problem1", name, max_score=6, cell_type="code")
            gradebook.add_task_cell("t1", "problem1", name, max_score=4, cell_type="markdown")
        marks = {("bitdiddle", "ps1"): (6, 3), ("hacker", "ps1"): (2, 1)}
        if retake:
            marks[("hacker", "ps1-retake-1")] = (5, 2)
        for student in ("bitdiddle", "hacker"):
            gradebook.add_student(student)
        for (student, name), (auto, manual) in marks.items():
            gradebook.add_submission(name, student, timestamp=dt.datetime(2026, 10, 30, 10))
            first = gradebook.find_grade("c1", "problem1", name, student)
            first.auto_score, first.needs_manual_grade = auto, False
            task = gradebook.find_grade("t1", "problem1", name, student)
            task.manual_score, task.needs_manual_grade = manual, False
        gradebook.db.commit()
    return Course(path, "example_course", url, path / "exchange")


QUICKSTART_TRAINEES = [Trainee("bitdiddle", "Ben", "x"), Trainee("hacker", "Alyssa", "x")]


@pytest.mark.filterwarnings("ignore:Object of type:sqlalchemy.exc.SAWarning")
def test_a_course_without_our_exams_counts_every_assignment_as_theory(tmp_path: Path) -> None:
    course = _quickstart(tmp_path)
    inputs = load_inputs(course, QUICKSTART_TRAINEES, POLICY)
    [assumed] = inputs.assumptions
    assert "ps1" in assumed.en and "counted as theory" in assumed.en
    assert "ps1" in assumed.zh and "理论" in assumed.zh
    result = evaluate_cohort(inputs, POLICY)
    ben, alyssa = result.outcomes
    assert (ben.overall, ben.tier) == (90.0, Tier.EXCELLENT)  # 6 + 3 of 10: task cells count
    assert (alyssa.overall, alyssa.tier) == (30.0, Tier.FAIL)
    # Due 20:00 UTC on 31 October is 1 November in Shanghai.
    assert result.cycle == "2026-11"


@pytest.mark.filterwarnings("ignore:Object of type:sqlalchemy.exc.SAWarning")
def test_the_submission_time_can_set_the_cycle_and_retakes_fold_in(tmp_path: Path) -> None:
    course = _quickstart(tmp_path, retake=True)
    policy = dataclasses.replace(
        POLICY,
        exams={"theory": ("ps*",)},
        cycles=CyclePolicy(length="quarterly", date="submitted", timezone="UTC"),
    )
    result = evaluate_cohort(load_inputs(course, QUICKSTART_TRAINEES, policy), policy)
    assert result.cycles == ("2026-Q4",)
    alyssa = result.outcomes[1]
    theory = alyssa.components[0]
    # Capped retake: 7 of 10 counts as the pass mark, 60.
    assert theory.score == 60.0 and alyssa.tier is Tier.PASS
    assert [r.source for r in theory.used] == ["ps1-retake-1"]
    assert [r.source for r in theory.ignored] == ["ps1"]
    assert theory.exams[0].sittings == 2 and theory.exams[0].retakes_allowed_left == 1
