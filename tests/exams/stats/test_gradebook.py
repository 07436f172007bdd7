"""`frontline exams stats` on a real nbgrader gradebook, graded by real kernels.

Four trainees sit the etiquette exam: two strong ones answer every question right
except q03, two weak ones answer only q03 (and the easy q01) right. The item
analysis read back from nbgrader's gradebook must flag q03 as discriminating
negatively and q01 as too easy, and write the CSV and the chart.
"""

from __future__ import annotations

import csv
from pathlib import Path

import nbformat
import pytest

from frontline.cli import main
from frontline.exams.authoring.notebook import load_exam_data
from frontline.exams.grading import pipeline
from frontline.exams.model.answers import ANSWERS_FILE, save_sheet
from frontline.exams.model.draw import draw
from frontline.exams.model.questions import QUESTIONS_FILE, load_questions
from tests.conftest import EXAM, make_course
from tests.exams.grading.grading import grade
from tests.exams.sittings import perfect_answers, sitting_sheet

pytestmark = pytest.mark.nbgrader

REVERSED = "q03"  # strong trainees get it wrong, weak ones right
EASY = "q01"  # everybody right


def _write_answer(notebook_path: Path, text: str) -> None:
    notebook = nbformat.read(notebook_path, as_version=4)
    for cell in notebook.cells:
        if cell.cell_type == "markdown" and cell.metadata.get("nbgrader", {}).get("solution"):
            cell.source = text
    nbformat.write(notebook, notebook_path)


@pytest.fixture(scope="module")
def course_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp("stats")
    course = make_course(base)
    _, key = load_exam_data(course.root, EXAM)
    bank = load_questions(course.source / EXAM / QUESTIONS_FILE)
    pipeline.build(course, EXAM)
    pipeline.release(course, EXAM)
    for trainee, strong in (("s1", True), ("s2", True), ("w1", False), ("w2", False)):
        # each trainee answers the variants drawn for them (a pooled slot shows one)
        drawn = draw(bank, trainee, EXAM)
        right = perfect_answers(key, bank, trainee)
        wrong = {}
        for slot in key.items:
            shown = bank.variant(slot, drawn[slot]) if bank.pooled(slot) else bank.get(slot)
            keyed = key.keyed(slot, drawn.get(slot, "v1"))
            wrong[slot] = (next(o for o in shown.option_ids if o not in keyed.correct),)
        answers = dict(right if strong else wrong)
        answers[REVERSED] = wrong[REVERSED] if strong else right[REVERSED]
        answers[EASY] = right[EASY]
        home = base / "homes" / trainee
        folder = pipeline.fetch(course, EXAM, trainee, home)
        save_sheet(folder / ANSWERS_FILE, sitting_sheet(bank, trainee, answers))
        if trainee == "s1":
            _write_answer(folder / f"{EXAM}.ipynb", "您好!还需要房产证明和行驶证。")
        pipeline.submit(course, EXAM, trainee, home)
    pipeline.collect(course, EXAM)
    outcomes = grade(course, EXAM)
    for trainee in pipeline.submitted_trainees(course, EXAM):
        assert outcomes[trainee].graded
    return course.root


def test_stats_flags_the_reversed_and_the_easy_item(
    course_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "report"
    assert main(["exams", "stats", EXAM, "--course-dir", str(course_dir), "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "16 items, 4 trainees; upper and lower groups of 1" in printed
    raw = (out / "item-stats.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), "Excel needs the BOM to read Chinese"
    rows = {r["item"]: r for r in csv.DictReader(raw.decode("utf-8-sig").splitlines())}
    assert len(rows) == 16
    assert float(rows[REVERSED]["discrimination"]) == -1.0
    assert rows[REVERSED]["flags"] == "negative discrimination"
    assert float(rows[EASY]["facility"]) == 1.0
    assert rows[EASY]["flags"] == "too easy; weak discrimination"
    assert float(rows["q02"]["discrimination"]) == 1.0 and rows["q02"]["flags"] == ""
    # s1's written answer awaits the trainer: left out, not a zero; nbgrader itself
    # gives 0 to the three answer boxes left empty
    assert rows["w01"]["pending"] == "1" and rows["w01"]["trainees"] == "3"
    assert float(rows["w01"]["facility"]) == 0.0 and "too hard" in rows["w01"]["flags"]
    assert "(+1 pending)" in printed
    assert (out / "item-stats.png").read_bytes().startswith(b"\x89PNG")
    # reliability of the totals, and what each option of the choice items drew
    assert "Cronbach's alpha (KR-20) = " in printed and "SEM = " in printed
    raw = (out / "distractor-stats.csv").read_bytes()
    options = list(csv.DictReader(raw.decode("utf-8-sig").splitlines()))
    # a pooled slot's options are counted per variant (q03/v1, q03/v2), each among the
    # group members shown that variant
    reversed_item = [r for r in options if r["item"].split("/")[0] == REVERSED]
    key_flags = {r["flag"] for r in reversed_item if r["is_key"] == "1"}
    other_flags = {r["flag"] for r in reversed_item if r["is_key"] == "0"}
    if any("/" in r["item"] for r in reversed_item):
        assert key_flags <= {"key chosen more by the lower group", ""}
        assert other_flags <= {"draws the upper group", "never chosen", ""}
    else:
        assert key_flags == {"key chosen more by the lower group"}
        assert "draws the upper group" in other_flags


def test_stats_refuses_an_exam_with_no_grades(
    course_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["exams", "stats", "no-such-exam", "--course-dir", str(course_dir)])
    assert code == 2
    assert "no graded submissions of 'no-such-exam'" in capsys.readouterr().err
    assert not (course_dir.parent / "gradebook" / "reports").exists()
