"""Every theory exam through real nbgrader: build, release, sit, collect, grade, feedback, retake.

One course holds all exams and one batch of sittings (perfect, partial, empty,
broken per exam), graded once per module to keep the suite fast.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import nbformat
import pandas as pd
import pytest

from frontline.core.course import Course
from frontline.exams.authoring.notebook import load_exam_data
from frontline.exams.authoring.retake import Retake, make_retake, original_exam, retake_of
from frontline.exams.feedback.theory import FeedbackResult, generate_feedback
from frontline.exams.grading import pipeline
from frontline.exams.grading.batch import SubmissionResult
from frontline.exams.model.answers import ANSWERS_FILE, AnswerValue, save_sheet
from frontline.exams.model.draw import draw
from frontline.exams.model.trainer_file import KeyedItem, TrainerFile
from frontline.hr.inputs.gradebook import item_grades
from tests.conftest import make_course
from tests.exams.grading.grading import grade
from tests.exams.sittings import exam_bank, perfect_answers, sitting_sheet

pytestmark = pytest.mark.nbgrader

EXAMS = ("etiquette-theory", "communication-theory", "complaints-theory", "final-exam")
HOSTILE_TEXT = "<script>alert('x')</script> 您好"


def partial_answer(item: KeyedItem) -> tuple[AnswerValue, float]:
    """A half-right answer for any item kind, with the points it must earn by the rules."""
    if item.kind == "single":
        return (), 0.0
    if item.kind == "multiple":
        first = sorted(item.correct)[0]
        return (first,), round(item.points / len(item.correct), 4)
    if item.kind == "ordering":
        order = list(item.key)
        order[0], order[1] = order[1], order[0]  # one pair the wrong way round
        n = len(order)
        pairs = n * (n - 1) // 2
        return tuple(order), round(item.points * (pairs - 2) / pairs, 4)
    pairs = list(item.key)
    half = dict(pairs[: len(pairs) // 2 + 1])
    return half, round(item.points * len(half) / len(pairs), 4)


@dataclass(frozen=True)
class Cycle:
    course: Course
    keys: dict[str, TrainerFile]
    expected_partial: dict[str, dict[str, float]]
    outcomes: dict[tuple[str, str], SubmissionResult]
    items: pd.DataFrame
    feedback: dict[str, FeedbackResult]
    retake: Retake


def _sit(
    course: Course, base: Path, exam: str, trainee: str, answers: dict[str, AnswerValue]
) -> None:
    home = base / "homes" / trainee
    folder = pipeline.fetch(course, exam, trainee, home)
    if answers:
        bank = exam_bank(course.source, exam)
        save_sheet(folder / ANSWERS_FILE, sitting_sheet(bank, trainee, answers, exam))
    notebook = folder / f"{exam}.ipynb"
    if trainee == "perfect":
        nb = nbformat.read(notebook, as_version=4)
        for cell in nb.cells:
            if cell.metadata.get("nbgrader", {}).get("solution"):
                cell.source = HOSTILE_TEXT
        nbformat.write(nb, notebook)
    if trainee == "broken":
        notebook.write_text('{"cells": [', encoding="utf-8")
    pipeline.submit(course, exam, trainee, home)


@pytest.fixture(scope="module")
def cycle(tmp_path_factory: pytest.TempPathFactory) -> Cycle:
    base = tmp_path_factory.mktemp("cycle")
    course = make_course(base, exams=EXAMS)  # with the trainer files, the keys
    retake = make_retake(course, "complaints-theory")
    exams = (*EXAMS, retake.exam_id)
    keys, expected = {}, {}
    for exam in exams:
        pipeline.build(course, exam)
        pipeline.release(course, exam)
        # A retake is keyed by its original's trainer file.
        _, key = load_exam_data(course.root, exam, source_exam=original_exam(course, exam))
        keys[exam] = key
        bank = exam_bank(course.source, exam)
        shown = draw(bank, "partial", exam)  # the variants the partial trainee is shown
        partial = {qid: partial_answer(key.keyed(qid, shown[qid])) for qid in key.items}
        expected[exam] = {qid: points for qid, (_, points) in partial.items()}
        sittings: dict[str, dict[str, AnswerValue]] = {
            "perfect": perfect_answers(key, bank, "perfect", exam),
            "partial": {qid: answer for qid, (answer, _) in partial.items() if answer},
            "empty": {},
            "broken": {},
        }
        for trainee, answers in sittings.items():
            _sit(course, base, exam, trainee, answers)
    outcomes = {}
    for exam in exams:
        pipeline.collect(course, exam)
        for trainee, outcome in grade(course, exam).items():
            outcomes[(exam, trainee)] = outcome
    items = item_grades(course, list(exams))
    feedback = {exam: generate_feedback(course, exam) for exam in ("final-exam", retake.exam_id)}
    return Cycle(course, keys, expected, outcomes, items, feedback, retake)


def _points(cycle: Cycle, exam: str, trainee: str) -> dict[str, float]:
    rows = cycle.items[(cycle.items["exam"] == exam) & (cycle.items["trainee_id"] == trainee)]
    return dict(zip(rows["item"], rows["score"], strict=True))


ALL = (*EXAMS, "complaints-theory-retake-1")


@pytest.mark.parametrize("exam", ALL)
def test_perfect_sitting_earns_every_automatic_point(cycle: Cycle, exam: str) -> None:
    key = cycle.keys[exam]
    points = _points(cycle, exam, "perfect")
    for qid, item in key.items.items():
        assert points[qid] == pytest.approx(item.points), (exam, qid)
    assert set(points) - set(key.items) == set(key.manual_points), "written answers wait"


@pytest.mark.parametrize("exam", ALL)
def test_partial_sitting_earns_the_computed_share_per_item(cycle: Cycle, exam: str) -> None:
    points = _points(cycle, exam, "partial")
    for qid, expected in cycle.expected_partial[exam].items():
        assert points[qid] == pytest.approx(expected), (exam, qid)
    total = sum(cycle.expected_partial[exam].values())
    assert 0 < total < cycle.keys[exam].auto_points


@pytest.mark.parametrize("exam", ALL)
def test_empty_sitting_scores_zero_and_broken_is_not_graded(cycle: Cycle, exam: str) -> None:
    points = _points(cycle, exam, "empty")
    assert len(points) == len(cycle.keys[exam].items) + len(cycle.keys[exam].manual_points)
    assert sum(points.values()) == 0
    broken = cycle.outcomes[(exam, "broken")]
    assert not broken.graded and "not valid notebook JSON" in broken.reason
    assert _points(cycle, exam, "broken") == {}


def test_every_new_exam_mixes_all_item_kinds_with_at_least_15_items(cycle: Cycle) -> None:
    for exam in ("communication-theory", "complaints-theory", "final-exam"):
        key = cycle.keys[exam]
        assert len(key.items) + len(key.manual_points) >= 15, exam
        assert {i.kind for i in key.items.values()} == {
            "single",
            "multiple",
            "ordering",
            "matching",
        }
        assert key.manual_points, exam


def test_feedback_shows_scores_and_explanations_but_no_key(cycle: Cycle) -> None:
    result = cycle.feedback["final-exam"]
    assert set(result.pages) == {"perfect", "partial", "empty"}
    page = result.pages["partial"].read_text(encoding="utf-8")
    # the explanations
    assert "承诺要放在转办之前" in page and "The promise comes before the routing" in page
    points = _points(cycle, "final-exam", "partial")
    assert f"{points['q07']:g} / 3" in page  # the trainee's own score on a matching item
    perfect = result.pages["perfect"].read_text(encoding="utf-8")
    assert "&lt;script&gt;" in perfect and "<script>" not in perfect
    folder = result.pages["perfect"].parent
    nbgrader_page = (folder / "final-exam.notebook.html").read_text(encoding="utf-8")
    key = cycle.keys["final-exam"]
    for text in (page, perfect, nbgrader_page):
        for leak in ("### BEGIN HIDDEN TESTS", "score_single(", "score_matching(", "HIDDEN TESTS"):
            assert leak not in text
        assert str(list(key.items["q14"].key)).replace("'", '"') not in text


def test_autograded_notebook_shows_the_trainer_what_was_answered(cycle: Cycle) -> None:
    """formgrader shows the autograded notebook: each question cell carries the answer."""
    path = cycle.course.autograded / "partial" / "final-exam" / "final-exam.ipynb"
    nb = nbformat.read(path, as_version=4)
    shown = {
        cell.metadata["nbgrader"]["grade_id"]: "".join(
            out.get("data", {}).get("text/plain", "") for out in cell.outputs
        )
        for cell in nb.cells
        if cell.cell_type == "code" and "nbgrader" in cell.metadata
    }
    assert "Recorded answers" in shown["start"] or "已记录的答案" in shown["start"]
    answered = [qid for qid, text in shown.items() if qid.startswith("q") and "→" in text]
    assert answered, "matching answers are shown as item → option pairs"
    assert not any("VBox" in text or "Widget" in text for text in shown.values())


def test_retake_has_the_same_questions_in_another_order_and_is_recorded(cycle: Cycle) -> None:
    retake = cycle.retake
    original = cycle.keys["complaints-theory"]
    again = cycle.keys[retake.exam_id]
    assert retake.exam_id == "complaints-theory-retake-1"
    assert list(again.items) != list(original.items)
    assert set(again.items) == set(original.items)
    assert again.items == original.items  # same key, item by item
    assert retake_of(cycle.course, retake.exam_id) == "complaints-theory"
    assert retake_of(cycle.course, "complaints-theory") is None
    page = cycle.feedback[retake.exam_id].pages["partial"].read_text(encoding="utf-8")
    assert "最容易排错的是第三步" in page  # explanations come from the original's trainer file


def test_retake_shuffles_options_differently(cycle: Cycle) -> None:
    from frontline.exams.model.shuffle import shuffled_options

    moved = 0
    for qid in cycle.keys["complaints-theory"].items:
        ids = [f"o{i}" for i in range(5)]
        first = shuffled_options(ids, trainee_id="t1", exam_id="complaints-theory", question_id=qid)
        second = shuffled_options(
            ids, trainee_id="t1", exam_id=cycle.retake.exam_id, question_id=qid
        )
        moved += first != second
    assert moved >= 10


def test_a_second_retake_takes_the_next_number(cycle: Cycle) -> None:
    second = make_retake(cycle.course, "complaints-theory-retake-1")
    assert second.exam_id == "complaints-theory-retake-2"
    assert second.retake_of == "complaints-theory"
    assert second.question_order != cycle.retake.question_order
