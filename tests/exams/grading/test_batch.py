"""`frontline exams grade` on one batch of honest, broken and hostile submissions.

One course per module: built, sat (through the real exchange), collected and graded
once in parallel; then regraded sequentially, which must change nothing.
"""

from __future__ import annotations

import socket
from dataclasses import dataclass
from pathlib import Path

import nbformat
import pandas as pd
import pytest
import sqlalchemy as sa

from frontline.core.course import Course
from frontline.exams.authoring.notebook import load_exam_data
from frontline.exams.grading import pipeline
from frontline.exams.grading.batch import GradeOptions, GradeReport, SubmissionResult, grade_exam
from frontline.exams.grading.flags import read_flags
from frontline.exams.grading.sandbox import bwrap_path
from frontline.exams.model.answers import ANSWERS_FILE, save_sheet
from frontline.hr.inputs.gradebook import item_grades
from tests.conftest import EXAM, make_course
from tests.exams.grading.hostile import (
    EXPECTED_FLAG,
    PROBE,
    probe_code,
    set_probe_answer,
    tamper,
    write_probe_source,
)
from tests.exams.sittings import exam_bank, half_right, perfect_answers, sitting_sheet

pytestmark = [
    pytest.mark.nbgrader,
    pytest.mark.skipif(bwrap_path() is None, reason="bubblewrap (bwrap) not installed"),
]

PERFECT_AUTO = 35.0  # every automatic point of the etiquette exam
ETIQUETTE = [
    "perfect",
    "half",
    "empty",
    "t_broken",
    "t_badjson",
    "t_badshape",
    "t_eq",
    *sorted(EXPECTED_FLAG),
]
PROBES = ["p_ok", "p_leak", "p_write", "p_net", "p_loop", "p_crash", "p_eq"]


@dataclass(frozen=True)
class Batch:
    course: Course
    base: Path
    report: GradeReport
    probe: GradeReport
    items: pd.DataFrame
    db_bytes_before_probe: bytes
    connections: int


def _by_trainee(report: GradeReport) -> dict[str, SubmissionResult]:
    return {r.trainee_id: r for r in report.results}


@pytest.fixture(scope="module")
def batch(tmp_path_factory: pytest.TempPathFactory) -> Batch:
    base = tmp_path_factory.mktemp("batch")
    course = make_course(base)
    write_probe_source(course.source)
    _, key = load_exam_data(course.root, EXAM)
    bank = exam_bank(course.source, EXAM)
    for exam in (EXAM, PROBE):
        pipeline.build(course, exam)
        pipeline.release(course, exam)
    for trainee in ETIQUETTE:
        home = base / "homes" / trainee
        folder = pipeline.fetch(course, EXAM, trainee, home)
        answers = {
            "half": {q: a for q, (a, _) in half_right(key, bank, "half").items()},
            "empty": {},
            "t_eq": {},
        }.get(trainee, perfect_answers(key, bank, trainee))
        if answers:
            save_sheet(folder / ANSWERS_FILE, sitting_sheet(bank, trainee, answers))
        tamper(folder, EXAM, trainee)
        pipeline.submit(course, EXAM, trainee, home)

    server = socket.create_server(("127.0.0.1", 0))
    server.setblocking(False)
    db_file = Path(course.db_url.removeprefix("sqlite:///"))
    code = probe_code(course.root, db_file, server.getsockname()[1])
    for trainee in PROBES:
        home = base / "homes" / trainee
        folder = pipeline.fetch(course, PROBE, trainee, home)
        set_probe_answer(folder, code[trainee])
        pipeline.submit(course, PROBE, trainee, home)
    pipeline.collect(course, EXAM)
    pipeline.collect(course, PROBE)

    report = grade_exam(course, EXAM, GradeOptions(workers=2, timeout_cell=20))
    before = db_file.read_bytes()
    probe = grade_exam(course, PROBE, GradeOptions(workers=2, timeout_cell=3))
    connections = 0
    try:
        while server.accept():
            connections += 1
    except BlockingIOError:
        pass
    server.close()
    return Batch(course, base, report, probe, item_grades(course), before, connections)


def _points(items: pd.DataFrame, trainee: str, exam: str = EXAM) -> dict[str, float]:
    rows = items[(items["trainee_id"] == trainee) & (items["exam"] == exam)]
    return dict(zip(rows["item"], rows["score"], strict=True))


def test_every_submission_has_an_outcome_and_the_batch_went_on(batch: Batch) -> None:
    results = _by_trainee(batch.report)
    assert sorted(results) == sorted(ETIQUETTE)
    assert batch.report.counts["not_graded"] == 1
    assert results["perfect"].graded and not results["perfect"].flags
    assert results["perfect"].score == pytest.approx(PERFECT_AUTO)
    _, key = load_exam_data(batch.course.root, EXAM)
    half = half_right(key, exam_bank(batch.course.source, EXAM), "half")
    assert results["half"].score == pytest.approx(sum(earned for _, earned in half.values()))
    assert results["empty"].score == 0


def test_broken_notebook_is_not_graded_and_not_a_zero(batch: Batch) -> None:
    broken = _by_trainee(batch.report)["t_broken"]
    assert not broken.graded and "not valid notebook JSON" in broken.reason
    assert "t_broken" not in set(batch.items["trainee_id"])
    flags = [
        f for f in read_flags(batch.course.db_url, "frontline", EXAM) if f.trainee_id == "t_broken"
    ]
    assert [f.kind for f in flags] == ["not_graded"]


@pytest.mark.parametrize("trainee", sorted(EXPECTED_FLAG))
def test_tampered_cells_are_graded_as_released_and_flagged(batch: Batch, trainee: str) -> None:
    result = _by_trainee(batch.report)[trainee]
    kind, cell = EXPECTED_FLAG[trainee]
    assert result.graded and result.flagged
    assert (kind, cell) in {(f.kind, f.cell) for f in result.flags}, result.flags
    # graded against the original cells: the perfect answers earn exactly the perfect score
    assert result.score == pytest.approx(PERFECT_AUTO)
    assert result.max_score == 40
    points = _points(batch.items, trainee)
    assert len(points) == 16 and points["q01"] == 2.0
    stored = {
        (f.kind, f.cell)
        for f in read_flags(batch.course.db_url, "frontline", EXAM)
        if f.trainee_id == trainee
    }
    assert (kind, cell) in stored


def test_tampered_notebooks_are_flagged_for_formgrader(batch: Batch) -> None:
    from nbgrader.api import Gradebook

    with Gradebook(batch.course.db_url, "frontline") as gradebook:
        assert gradebook.find_submission_notebook(EXAM, EXAM, "t_dup").flagged
        assert not gradebook.find_submission_notebook(EXAM, EXAM, "perfect").flagged


def test_an_always_equal_object_earns_nothing(batch: Batch) -> None:
    result = _by_trainee(batch.report)["t_eq"]
    assert result.score == 0
    assert "added_code" in {f.kind for f in result.flags}


@pytest.mark.parametrize("trainee", ["t_badjson", "t_badshape"])
def test_unreadable_answers_score_zero_and_are_flagged(batch: Batch, trainee: str) -> None:
    result = _by_trainee(batch.report)[trainee]
    assert result.graded and result.score == 0
    assert [f.kind for f in result.flags] == ["answers_unreadable"]


def _probe_output(batch: Batch, trainee: str) -> str:
    path = batch.course.autograded / trainee / PROBE / f"{PROBE}.ipynb"
    nb = nbformat.read(path, as_version=4)
    cell = next(c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade_id") == "answer")
    return "".join(o.get("text", "") for o in cell.outputs)


def test_trainee_code_cannot_read_sources_gradebook_or_others(batch: Batch) -> None:
    result = _by_trainee(batch.probe)["p_leak"]
    output = _probe_output(batch, "p_leak")
    assert "LEAKED" not in output
    assert output.count("blocked") == 5
    assert "cwd ['" in output and "sandbox-probe.ipynb" not in output.split("cwd")[1]
    assert result.graded and result.score == 1


def test_trainee_code_cannot_write_outside_its_scratch_folder(batch: Batch) -> None:
    output = _probe_output(batch, "p_write")
    assert "WROTE" not in output and output.count("blocked") == 4
    assert not (batch.course.root / "x").exists()
    assert _by_trainee(batch.probe)["p_write"].score == 1


def test_gradebook_was_only_changed_by_the_grader(batch: Batch) -> None:
    engine = sa.create_engine(batch.course.db_url)
    try:
        with engine.connect() as connection:
            top = connection.execute(sa.text("SELECT max(auto_score) FROM grade")).scalar()
    finally:
        engine.dispose()
    assert top is not None and top <= 5


def test_trainee_code_has_no_network(batch: Batch) -> None:
    assert "blocked" in _probe_output(batch, "p_net")
    assert batch.connections == 0


def test_infinite_loop_is_stopped_and_scores_zero(batch: Batch) -> None:
    result = _by_trainee(batch.probe)["p_loop"]
    assert result.graded and result.score == 0


def test_kernel_crash_is_not_graded_with_a_reason(batch: Batch) -> None:
    result = _by_trainee(batch.probe)["p_crash"]
    assert not result.graded
    assert "kernel" in result.reason.lower() or "died" in result.reason.lower(), result.reason


def test_probe_honest_and_always_equal_answers(batch: Batch) -> None:
    results = _by_trainee(batch.probe)
    assert results["p_ok"].score == 1
    assert results["p_eq"].graded and results["p_eq"].score == 0


def test_submission_time_limit_stops_a_slow_submission(batch: Batch) -> None:
    report = grade_exam(
        batch.course,
        PROBE,
        GradeOptions(workers=1, timeout_cell=30, timeout_submission=2, trainees=("p_loop",)),
    )
    (result,) = report.results
    assert not result.graded and "time limit" in result.reason
    # the earlier grading of that submission is kept, never replaced by nothing
    assert result.kept_earlier
    assert "p_loop" in set(item_grades(batch.course, [PROBE])["trainee_id"])


def test_sequential_regrade_gives_the_same_grades_keeps_marks_and_adds_no_rows(
    batch: Batch,
) -> None:
    from nbgrader.api import Gradebook

    course = batch.course
    with Gradebook(course.db_url, course.course_id) as gradebook:
        gradebook.find_grade("w01", EXAM, EXAM, "perfect").manual_score = 4.0
        gradebook.find_comment("w01", EXAM, EXAM, "perfect").manual_comment = "很好 good"
        gradebook.db.commit()
    flags_before = read_flags(course.db_url, course.course_id, EXAM)
    again = grade_exam(course, EXAM, GradeOptions(workers=1, timeout_cell=20))
    items = item_grades(course, [EXAM])
    before = batch.items[batch.items["exam"] == EXAM]
    assert len(items) == len(before)
    merged = before.merge(items, on=["trainee_id", "item"], suffixes=("_par", "_seq"))
    changed = merged[merged["score_par"] != merged["score_seq"]]
    assert list(zip(changed["trainee_id"], changed["item"], strict=True)) == [("perfect", "w01")]
    assert _by_trainee(again)["perfect"].score == pytest.approx(PERFECT_AUTO + 4)
    with Gradebook(course.db_url, course.course_id) as gradebook:
        assert gradebook.find_comment("w01", EXAM, EXAM, "perfect").manual_comment == "很好 good"
    flags_after = read_flags(course.db_url, course.course_id, EXAM)
    assert [(f.trainee_id, f.kind, f.cell) for f in flags_after] == [
        (f.trainee_id, f.kind, f.cell) for f in flags_before
    ]


def test_refuses_an_unknown_trainee(batch: Batch) -> None:
    from frontline.core.errors import FrontlineError

    with pytest.raises(FrontlineError, match="nobody"):
        grade_exam(batch.course, EXAM, GradeOptions(trainees=("nobody",)))


def test_cli_grade_prints_progress_and_a_summary(
    batch: Batch, capsys: pytest.CaptureFixture[str]
) -> None:
    from frontline.cli import main

    root = str(batch.course.root)
    assert main(["exams", "collect", EXAM, "--course-dir", root]) == 0
    assert f"{len(ETIQUETTE)} submission(s)" in capsys.readouterr().out
    args = ["exams", "grade", EXAM, "--course-dir", root, "--workers", "1"]
    assert main([*args, "--trainee", "t_dup"]) == 0
    captured = capsys.readouterr()
    assert "1/1  t_dup: flagged" in captured.err
    assert "duplicated q01" in captured.out
    assert "0 graded, 1 flagged, 0 not graded" in captured.out
    assert main([*args, "--trainee", "t_broken"]) == 1
    assert (
        "not graded: etiquette-theory.ipynb is not valid notebook JSON" in capsys.readouterr().out
    )
