"""The whole exam cycle on real nbgrader: generate, release, fetch, submit, collect, autograde."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import nbformat
import pandas as pd
import pytest

from frontline.core.course import Course
from frontline.exams.authoring.notebook import load_exam_data
from frontline.exams.grading import pipeline
from frontline.exams.grading.batch import SubmissionResult
from frontline.exams.model.answers import ANSWERS_FILE, save_sheet
from frontline.exams.model.trainer_file import TrainerFile
from frontline.hr.inputs.gradebook import exam_totals, item_grades
from tests.conftest import EXAM, make_course
from tests.exams.grading.grading import grade
from tests.exams.sittings import exam_bank, half_right, perfect_answers, sitting_sheet

pytestmark = pytest.mark.nbgrader

# A half-right sitting, with the points each answer must earn worked out by hand from
# the partial-credit rule (a share per right tick, one share back per wrong tick).
#: the "half" trainee: about half right on their own draw (tests.exams.sittings.half_right)
HALF = "half"


PATCH = (
    "import frontline.exams.grading as g\n"
    "g.single_choice_points = lambda *a, **k: 2.0\n"
    "g.multiple_choice_points = lambda *a, **k: 3.0\n"
)


def _tamper(folder: Path) -> None:
    """Everything a trainee could add to make an empty sitting score full marks."""
    path = folder / f"{EXAM}.ipynb"
    nb = nbformat.read(path, as_version=4)
    # 1. a new code cell that replaces the scoring functions
    nb.cells.insert(2, nbformat.v4.new_code_cell(PATCH))
    # 2. a copy of a locked question cell, placed first, with the patch as its source
    decoy = nbformat.from_dict(json.loads(json.dumps(nb.cells[3])))
    decoy.source = PATCH
    decoy.id = "decoy-cell"
    nb.cells.insert(1, decoy)
    nbformat.write(nb, path)
    # 3. files that would shadow modules in the grading kernel
    (folder / "json.py").write_text("raise SystemExit('shadowed')\n", encoding="utf-8")
    shadow = folder / "frontline" / "exams"
    shadow.mkdir(parents=True)
    (folder / "frontline" / "__init__.py").write_text("", encoding="utf-8")
    (shadow / "__init__.py").write_text("", encoding="utf-8")
    (shadow / "grading.py").write_text(
        "def score_single(*a, **k):\n    return 2.0\n"
        "def score_multiple(*a, **k):\n    return 3.0\n",
        encoding="utf-8",
    )


@dataclass(frozen=True)
class Graded:
    course: Course
    key: TrainerFile
    outcomes: dict[str, SubmissionResult]
    items: pd.DataFrame


@pytest.fixture(scope="module")
def graded(tmp_path_factory: pytest.TempPathFactory) -> Graded:
    base = tmp_path_factory.mktemp("e2e")
    course = make_course(base)
    _, key = load_exam_data(course.root, EXAM)
    bank = exam_bank(course.source, EXAM)
    pipeline.build(course, EXAM)
    pipeline.release(course, EXAM)

    sittings = {
        "perfect": perfect_answers(key, bank, "perfect"),
        HALF: {qid: answer for qid, (answer, _) in half_right(key, bank, HALF).items()},
        "empty": {},
        "broken": {},
        "cheat": {},
    }
    for trainee, answers in sittings.items():
        home = base / "homes" / trainee
        folder = pipeline.fetch(course, EXAM, trainee, home)
        if answers:
            save_sheet(folder / ANSWERS_FILE, sitting_sheet(bank, trainee, answers))
        notebook = folder / f"{EXAM}.ipynb"
        if trainee == "perfect":
            nb = nbformat.read(notebook, as_version=4)
            for cell in nb.cells:
                if cell.metadata.get("nbgrader", {}).get("solution"):
                    cell.source = "您好!请带上房产证明和行驶证,一次办好。"
            nbformat.write(nb, notebook)
        if trainee == "broken":
            notebook.write_text('{"cells": [', encoding="utf-8")
        if trainee == "cheat":
            _tamper(folder)
        pipeline.submit(course, EXAM, trainee, home)

    pipeline.collect(course, EXAM)
    outcomes = grade(course, EXAM)
    items = item_grades(course, [EXAM])
    return Graded(course, key, outcomes, items)


def _points(items: pd.DataFrame, trainee: str) -> dict[str, float]:
    rows = items[items["trainee_id"] == trainee]
    return dict(zip(rows["item"], rows["score"], strict=True))


def test_every_submission_was_collected(graded: Graded) -> None:
    assert sorted(graded.outcomes) == ["broken", "cheat", "empty", "half", "perfect"]


def test_perfect_submission_earns_every_automatic_point(graded: Graded) -> None:
    key = graded.key
    points = _points(graded.items, "perfect")
    for qid, item in key.items.items():
        assert points[qid] == pytest.approx(item.points), qid
    assert sum(points[qid] for qid in key.items) == pytest.approx(35.0)


def test_written_answer_waits_for_the_trainer(graded: Graded) -> None:
    items = graded.items
    written = items[(items["trainee_id"] == "perfect") & (items["item"] == "w01")].iloc[0]
    assert bool(written["needs_manual_grade"]) is True
    assert written["max_score"] == 5


def test_half_right_submission_gets_partial_credit_per_item(graded: Graded) -> None:
    points = _points(graded.items, HALF)
    course = graded.course
    expected = half_right(graded.key, exam_bank(course.source, EXAM), HALF)
    for qid, (_, earned) in expected.items():
        assert points[qid] == pytest.approx(earned), qid
    total = sum(earned for _, earned in expected.values())
    assert sum(points.values()) == pytest.approx(total)
    assert 0.3 * graded.key.auto_points < total < 0.7 * graded.key.auto_points


def test_empty_submission_scores_zero_everywhere(graded: Graded) -> None:
    points = _points(graded.items, "empty")
    assert len(points) == 16
    assert all(value == 0 for value in points.values())


def test_broken_submission_is_not_graded_and_not_a_zero(graded: Graded) -> None:
    outcome = graded.outcomes["broken"]
    assert outcome.graded is False
    assert "not valid notebook JSON" in outcome.reason
    totals = exam_totals(graded.items)
    assert "broken" not in set(totals["trainee_id"])


def test_hidden_test_cells_ran_silently(graded: Graded) -> None:
    """Any stderr in a test cell would zero it; the autograded notebook must have none."""
    course = graded.course
    notebook = nbformat.read(
        Path(course.autograded) / "half" / EXAM / f"{EXAM}.ipynb", as_version=4
    )
    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            assert output.get("name") != "stderr", cell.source
            assert output.output_type != "error", cell.source


def test_regrading_keeps_one_row_per_item(graded: Graded) -> None:
    course = graded.course
    outcome = grade(course, EXAM, ["half"])["half"]
    assert outcome.graded
    items = item_grades(course, [EXAM])
    rows = items[items["trainee_id"] == "half"]
    assert len(rows) == 16
    expected = half_right(graded.key, exam_bank(course.source, EXAM), HALF)
    assert rows["score"].sum() == pytest.approx(sum(earned for _, earned in expected.values()))


def test_answers_file_is_plain_ids(graded: Graded) -> None:
    course = graded.course
    saved = json.loads(
        (Path(course.submitted) / "half" / EXAM / ANSWERS_FILE).read_text(encoding="utf-8")
    )
    expected = half_right(graded.key, exam_bank(course.source, EXAM), HALF)
    assert saved["answers"]["q07"] == list(expected["q07"][0])


def test_grading_kernels_use_a_socket_folder_of_their_own(graded: Graded) -> None:
    """Two graders side by side must never pick the same kernel socket file."""
    import os

    config = graded.course.nbgrader_config()
    assert config.KernelManager.transport == "ipc"
    prefix = Path(config.KernelManager.ip)
    assert prefix.parent.name == str(os.getpid())
    assert prefix.parent.stat().st_mode & 0o077 == 0, "socket folder must be private"


def test_added_cells_and_shadow_modules_earn_nothing(graded: Graded) -> None:
    """Scores come from the answers file and the exam's own cells, whatever else is sent."""
    assert graded.outcomes["cheat"].graded
    points = _points(graded.items, "cheat")
    assert len(points) == 16
    assert sum(points.values()) == 0
    autograded = Path(graded.course.autograded) / "cheat" / EXAM
    assert not (autograded / "json.py").exists()
    assert not (autograded / "frontline" / "exams" / "grading.py").exists()
    notebook = nbformat.read(autograded / f"{EXAM}.ipynb", as_version=4)
    assert all("single_choice_points =" not in cell.source for cell in notebook.cells)


def test_a_failed_regrade_keeps_earlier_scores_and_marks(graded: Graded) -> None:
    from nbgrader.api import Gradebook

    course = graded.course
    with Gradebook(course.db_url, course.course_id) as gradebook:
        gradebook.find_grade("w01", EXAM, EXAM, "perfect").manual_score = 4.0
        gradebook.db.commit()
    submitted = course.submitted / "perfect" / EXAM / f"{EXAM}.ipynb"
    original = submitted.read_bytes()
    submitted.write_text("{", encoding="utf-8")
    try:
        outcome = grade(course, EXAM, ["perfect"])["perfect"]
    finally:
        submitted.write_bytes(original)
    assert not outcome.graded and outcome.kept_earlier
    points = _points(item_grades(course, [EXAM]), "perfect")
    assert points["w01"] == 4.0
    assert sum(points.values()) == pytest.approx(39.0)


def test_failure_reason_names_the_underlying_exception() -> None:
    log = (
        "[INFO] Executing notebook\n"
        "Traceback (most recent call last):\n"
        '  File "x.py", line 1, in <module>\n'
        "nbclient.exceptions.CellTimeoutError: A cell timed out after 60 seconds.\n"
        "[ERROR] There was an error processing assignment: /x\n"
        "[WARNING] Removing failed assignment: /x\n"
        "nbgrader.converters.base.NbGraderException: Please see the error log above\n"
    )
    reason = pipeline.failure_reason({"success": False, "log": log})
    assert reason == "CellTimeoutError: A cell timed out after 60 seconds."
