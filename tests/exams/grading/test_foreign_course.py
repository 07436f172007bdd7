"""`frontline exams grade` and `frontline report` on a course nobody here wrote.

nbgrader's own quickstart course (`nbgrader quickstart course101`, assignment ps1)
releases code cells without nbgrader metadata, grade cells not marked locked, two
notebooks and an nbformat 4.4 header. It is built once per module and copied: one
copy is graded by `frontline exams grade` (honest and tampered submissions), the
other by plain `nbgrader autograde` (the honest ones only), which the scores must
equal; the plain copy, with its hand-placed submissions, then goes to `frontline
report`.
"""

from __future__ import annotations

import copy
import csv
import json
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from frontline.cli import main
from frontline.core.course import Course
from frontline.exams.grading.batch import GradeOptions, GradeReport, SubmissionResult, grade_exam
from frontline.exams.grading.flags import read_flags
from frontline.exams.grading.sandbox import bwrap_path
from tests.nbgrader_cli import run_nbgrader

pytestmark = pytest.mark.nbgrader

EXAM = "ps1"
NOTEBOOKS = ("problem1", "problem2")
Notebook = dict[str, Any]

# Which answer cells each honest trainee fills in from the instructor's solutions.
HONEST: dict[str, tuple[str, ...]] = {
    "ada": ("squares", "sum_of_squares", "sum_of_squares_application", "part-a", "part-b"),
    "ben": ("squares",),
    "cy": (),  # the release as fetched
}


def _grade_id(cell: Any) -> Any:
    return cell.get("metadata", {}).get("nbgrader", {}).get("grade_id")


def _cell(nb: Notebook, grade_id: str) -> Any:
    return next(c for c in nb["cells"] if _grade_id(c) == grade_id)


def _duplicate(nb: Notebook) -> None:
    test = _cell(nb, "correct_squares")
    nb["cells"].insert(nb["cells"].index(test) + 1, copy.deepcopy(test))


def _rename(nb: Notebook) -> None:
    _cell(nb, "correct_squares")["metadata"]["nbgrader"]["grade_id"] = "my_check"


def _retype(nb: Notebook) -> None:
    # What JupyterLab does on "change to markdown": no outputs, no execution count.
    cell = _cell(nb, "squares")
    cell["cell_type"] = "markdown"
    cell.pop("outputs", None)
    cell.pop("execution_count", None)


def _delete(nb: Notebook) -> None:
    nb["cells"].remove(_cell(nb, "correct_squares"))


def _edit(nb: Notebook) -> None:
    _cell(nb, "correct_squares")["source"] = "# nothing to check here\n"


def _add(nb: Notebook) -> None:
    nb["cells"].append(
        {"cell_type": "code", "metadata": {}, "source": "x = 1", "outputs": [],
         "execution_count": None}
    )  # fmt: skip


# Each tampered sitting has ada's answers, so it must earn exactly ada's score.
TAMPERED: dict[str, tuple[Callable[[Notebook], None], str, str]] = {
    "t_dup": (_duplicate, "duplicated", "problem1: correct_squares"),
    "t_rename": (_rename, "renamed", "problem1: correct_squares"),
    "t_retype": (_retype, "retyped", "problem1: squares"),
    "t_delete": (_delete, "deleted", "problem1: correct_squares"),
    "t_edit": (_edit, "edited", "problem1: correct_squares"),
    "t_add": (_add, "added_code", "problem1: cell 22"),
}


@dataclass(frozen=True)
class Graded:
    course: Course
    plain: Path  # the copy graded by plain nbgrader
    report: GradeReport
    plain_scores: dict[str, float]



def _read(path: Path) -> Notebook:
    nb: Notebook = json.loads(path.read_text(encoding="utf-8"))
    return nb


def _sitting(course: Path, answers: tuple[str, ...]) -> dict[str, Notebook]:
    """The released notebooks with the chosen answer cells taken from the source."""
    sitting = {}
    for name in NOTEBOOKS:
        nb = _read(course / "release" / EXAM / f"{name}.ipynb")
        source = _read(course / "source" / EXAM / f"{name}.ipynb")
        for grade_id in answers:
            if any(_grade_id(c) == grade_id for c in nb["cells"]):
                _cell(nb, grade_id)["source"] = _cell(source, grade_id)["source"]
        sitting[name] = nb
    return sitting


def _hand_in(course: Path, trainee: str, sitting: dict[str, Notebook]) -> None:
    """Placed in submitted/ by hand: no timestamp.txt, as nbgrader collect would write."""
    folder = course / "submitted" / trainee / EXAM
    folder.mkdir(parents=True)
    for name, nb in sitting.items():
        (folder / f"{name}.ipynb").write_text(json.dumps(nb, indent=1), encoding="utf-8")


def _totals(course: Path, trainees: list[str]) -> dict[str, float]:
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{course / 'gradebook.db'}", "course101") as gradebook:
        return {t: float(gradebook.find_submission(EXAM, t).score) for t in trainees}


@pytest.fixture(scope="module")
def graded(tmp_path_factory: pytest.TempPathFactory) -> Graded:
    base = tmp_path_factory.mktemp("foreign")
    run_nbgrader("quickstart", "course101", cwd=base)  # takes no --log-level
    root = base / "course101"
    run_nbgrader("generate_assignment", EXAM, "--log-level=ERROR", cwd=root)
    plain = base / "plain"
    shutil.copytree(root, plain)
    for trainee, answers in HONEST.items():
        for folder in (root, plain):
            _hand_in(folder, trainee, _sitting(folder, answers))
    for trainee, (tamper, _, _) in TAMPERED.items():
        sitting = _sitting(root, HONEST["ada"])
        tamper(sitting["problem1"])
        _hand_in(root, trainee, sitting)
    run_nbgrader("autograde", EXAM, "--log-level=ERROR", cwd=plain)
    course = Course.from_directory(root)
    options = GradeOptions(workers=2, sandbox=bwrap_path() is not None, timeout_cell=30)
    report = grade_exam(course, EXAM, options)
    return Graded(course, plain, report, _totals(plain, sorted(HONEST)))


def _result(graded: Graded, trainee: str) -> SubmissionResult:
    return next(r for r in graded.report.results if r.trainee_id == trainee)


def test_the_batch_finishes_with_every_submission_graded(graded: Graded) -> None:
    assert sorted(r.trainee_id for r in graded.report.results) == sorted([*HONEST, *TAMPERED])
    assert graded.report.counts["not_graded"] == 0, [
        (r.trainee_id, r.reason) for r in graded.report.results if not r.graded
    ]


@pytest.mark.parametrize("trainee", sorted(HONEST))
def test_honest_submissions_are_graded_unflagged_as_plain_nbgrader_grades_them(
    graded: Graded, trainee: str
) -> None:
    result = _result(graded, trainee)
    assert result.graded and not result.flags, result.flags
    assert result.score == pytest.approx(graded.plain_scores[trainee])
    assert _totals(graded.course.root, [trainee])[trainee] == pytest.approx(result.score)


def test_honest_scores_vary(graded: Graded) -> None:
    scores = graded.plain_scores
    assert scores["ada"] > scores["ben"] > scores["cy"]


@pytest.mark.parametrize("trainee", sorted(TAMPERED))
def test_tampered_submissions_are_graded_against_the_original_cells_and_flagged(
    graded: Graded, trainee: str
) -> None:
    _, kind, cell = TAMPERED[trainee]
    result = _result(graded, trainee)
    assert result.graded and result.flagged
    assert [(f.kind, f.cell) for f in result.flags] == [(kind, cell)]
    # ada's answers under the original cells: ada's score, as plain nbgrader gave it
    assert result.score == pytest.approx(graded.plain_scores["ada"])
    stored = {
        (f.kind, f.cell)
        for f in read_flags(graded.course.db_url, "course101", EXAM)
        if f.trainee_id == trainee
    }
    assert stored == {(kind, cell)}


def test_an_added_cell_is_said_to_run_as_in_plain_nbgrader(graded: Graded) -> None:
    (flag,) = _result(graded, "t_add").flags
    assert "run while grading" in flag.detail  # this course does not drop added code


def test_report_counts_hand_placed_submissions_in_the_current_cycle(
    graded: Graded, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import openpyxl

    out = tmp_path / "report"
    code = main(["report", "--course-dir", str(graded.plain), "--out", str(out)])
    captured = capsys.readouterr()
    assert code == 0, captured.err
    with (out / "report.csv").open(encoding="utf-8-sig") as handle:
        rows = list(csv.DictReader(handle))
    assert sorted(r["trainee_id"] for r in rows) == sorted(HONEST)
    sheet = openpyxl.load_workbook(out / "report.xlsx").worksheets[0]
    assert sorted(r[0] for r in sheet.iter_rows(min_row=2, values_only=True)) == sorted(HONEST)
    page = (out / "report.html").read_text(encoding="utf-8")
    assert "ps1: 3 submission(s) with no due date and no submission time; counted in the " \
        "current cycle" in page  # fmt: skip
    assert "按当前周期" in page
    assert "no policy given (--policy): Frontline&#x27;s default policy" in page
    assert "no roster: trainees are nbgrader&#x27;s students" in page
    html_rows = page.split('<table class="sortable" id="trainees">')[1].count("<tr")
    assert html_rows == 1 + len(HONEST)  # the header and one row per student
