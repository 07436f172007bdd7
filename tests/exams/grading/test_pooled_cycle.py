"""A pooled exam through real nbgrader: build, release, sit, collect, grade (the frontline
batch and plain `nbgrader autograde`), feedback and a retake, in a temporary course.

Each trainee answers the variant their sitting drew; a forger claims another variant
and answers with that variant's key. Grading recomputes the draw from nbgrader's own
student and assignment ids.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pytest

from frontline.core.course import Course
from frontline.exams.authoring.retake import make_retake
from frontline.exams.feedback.theory import generate_feedback
from frontline.exams.grading import pipeline
from frontline.exams.grading.results import SubmissionResult
from frontline.exams.grading.tamper import VARIANT_CLAIM
from frontline.exams.model.answers import ANSWERS_FILE, AnswerSheet, save_sheet
from frontline.exams.model.bank import QuestionBank
from frontline.exams.model.draw import draw
from frontline.exams.model.trainer_file import TrainerFile
from frontline.hr.inputs.gradebook import item_grades
from tests.exams.grading.grading import grade
from tests.exams.pools import POOLED, pooled_course, pooled_data
from tests.nbgrader_cli import run_nbgrader

pytestmark = pytest.mark.nbgrader

RETAKE = f"{POOLED}-retake-1"
AUTO = {"q01": 2.0, "q02": 3.0, "q03": 3.0, "q04": 2.0}


def _cohort(bank: QuestionBank) -> list[str]:
    """Trainees who between them draw every variant of q01."""
    chosen: dict[str, str] = {}
    for n in range(100):
        chosen.setdefault(draw(bank, f"t{n:02}", POOLED)["q01"], f"t{n:02}")
    return sorted(chosen.values())


def _honest(bank: QuestionBank, trainer: TrainerFile, trainee: str, exam: str) -> AnswerSheet:
    drawn = draw(bank, trainee, exam)
    sheet = AnswerSheet(exam, trainee)
    for slot, answer in trainer.perfect_answers(drawn).items():
        sheet = sheet.with_answer(slot, answer, drawn[slot] if bank.pooled(slot) else None)
    return sheet


def _forged(bank: QuestionBank, trainer: TrainerFile, trainee: str, exam: str) -> AnswerSheet:
    """Right on everything, except q01: claims another variant, answered by its key."""
    sheet = _honest(bank, trainer, trainee, exam)
    other = next(v for v in ("v1", "v2", "v3") if v != draw(bank, trainee, exam)["q01"])
    return sheet.with_answer("q01", trainer.keyed("q01", other).perfect_answer(), other)


@dataclass(frozen=True)
class Cycle:
    course: Course
    cohort: list[str]
    outcomes: dict[tuple[str, str], SubmissionResult]
    items: pd.DataFrame


def _sit(course: Course, base: Path, exam: str, trainee: str, sheet: AnswerSheet) -> None:
    home = base / "homes" / trainee
    folder = pipeline.fetch(course, exam, trainee, home)
    save_sheet(folder / ANSWERS_FILE, sheet)
    # a trainee's try at naming someone else as the graded trainee
    (folder / ".frontline-grading.json").write_text(
        json.dumps({"trainee": "t-other", "exam": exam}), encoding="utf-8"
    )
    pipeline.submit(course, exam, trainee, home)


@pytest.fixture(scope="module")
def cycle(tmp_path_factory: pytest.TempPathFactory) -> Cycle:
    base = tmp_path_factory.mktemp("pooled")
    course = pooled_course(base)
    retake = make_retake(course, POOLED)
    assert retake.exam_id == RETAKE
    bank, trainer = pooled_data()
    cohort = _cohort(bank)
    outcomes: dict[tuple[str, str], SubmissionResult] = {}
    for exam in (POOLED, RETAKE):
        pipeline.build(course, exam)
        pipeline.release(course, exam)
        for trainee in cohort:
            _sit(course, base, exam, trainee, _honest(bank, trainer, trainee, exam))
        _sit(course, base, exam, "forger", _forged(bank, trainer, "forger", exam))
        pipeline.collect(course, exam)
        for trainee, outcome in grade(course, exam).items():
            outcomes[(exam, trainee)] = outcome
    return Cycle(course, cohort, outcomes, item_grades(course, [POOLED, RETAKE]))


def _points(cycle: Cycle, exam: str, trainee: str) -> dict[str, float]:
    rows = cycle.items[(cycle.items["exam"] == exam) & (cycle.items["trainee_id"] == trainee)]
    return {i: float(s) for i, s in zip(rows["item"], rows["score"], strict=True) if i in AUTO}


@pytest.mark.parametrize("exam", [POOLED, RETAKE])
def test_every_trainee_answering_their_own_variant_earns_every_point(
    cycle: Cycle, exam: str
) -> None:
    for trainee in cycle.cohort:
        assert _points(cycle, exam, trainee) == AUTO, (exam, trainee)
        assert not cycle.outcomes[(exam, trainee)].flags, (exam, trainee)


@pytest.mark.parametrize("exam", [POOLED, RETAKE])
def test_a_claim_of_another_variant_is_flagged_and_scores_zero(cycle: Cycle, exam: str) -> None:
    points = _points(cycle, exam, "forger")
    assert points == {**AUTO, "q01": 0.0}
    flags = cycle.outcomes[(exam, "forger")].flags
    assert [(f.kind, f.cell) for f in flags] == [(VARIANT_CLAIM, "q01")]


def test_the_retake_shows_each_trainee_another_variant(cycle: Cycle) -> None:
    bank, _ = pooled_data()
    for trainee in cycle.cohort:
        first, again = draw(bank, trainee, POOLED), draw(bank, trainee, RETAKE)
        assert all(first[s] != again[s] for s in bank.pools), trainee
    released = (cycle.course.release / RETAKE / "questions.yml").read_text(encoding="utf-8")
    assert released.count("- id: v") == 3 + 2 + 2  # every variant, drawn on the trainee's side


def test_the_release_holds_no_key(cycle: Cycle) -> None:
    _, trainer = pooled_data()
    for exam in (POOLED, RETAKE):
        for path in (cycle.course.release / exam).rglob("*"):
            if path.is_file():
                text = path.read_text(encoding="utf-8")
                assert "score_pooled" not in text and "HIDDEN TESTS" not in text, path
                assert '{"v1": "c", "v2": "a", "v3": "b"}' not in text, path
                assert "explain" not in text and "Why A." not in text, path
    assert trainer.keyed("q01", "v1").key == "c"


def test_plain_nbgrader_autograde_draws_by_its_own_student_folder(cycle: Cycle) -> None:
    trainee = cycle.cohort[0]
    run_nbgrader(
        "autograde", POOLED, "--student", trainee, "--force", "--log-level=ERROR",
        cwd=cycle.course.root,
    )  # fmt: skip
    again = item_grades(cycle.course, [POOLED])
    rows = again[again["trainee_id"] == trainee]
    scores = {i: float(s) for i, s in zip(rows["item"], rows["score"], strict=True) if i in AUTO}
    assert scores == AUTO
    run_nbgrader(
        "autograde", POOLED, "--student", "forger", "--force", "--log-level=ERROR",
        cwd=cycle.course.root,
    )  # fmt: skip
    again = item_grades(cycle.course, [POOLED])
    forger = again[(again["trainee_id"] == "forger") & (again["item"] == "q01")]
    assert float(forger["score"].iloc[0]) == 0.0


def test_feedback_shows_the_variant_each_trainee_saw_with_its_explanation(cycle: Cycle) -> None:
    bank, trainer = pooled_data()
    result = generate_feedback(cycle.course, POOLED)
    for trainee in cycle.cohort:
        page = result.pages[trainee].read_text(encoding="utf-8")
        variant = draw(bank, trainee, POOLED)["q01"]
        for other in bank.variants("q01"):
            shown = other.variant == variant
            assert (other.prompt.en in page) == shown, (trainee, other.variant)
        explanation = trainer.explanation("q01", variant)
        assert explanation is not None and explanation.en in page


def test_stats_report_each_variant_and_its_distractors(
    cycle: Cycle, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from frontline.cli import main

    out = tmp_path / "stats"
    course_dir = str(cycle.course.root)
    assert main(["exams", "stats", POOLED, "--course-dir", course_dir, "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "Per variant" in printed and "alpha" in printed.lower()
    variants = (out / "variant-stats.csv").read_text(encoding="utf-8-sig")
    rows = {line.split(",")[1] for line in variants.splitlines()[1:]}
    assert {"q01/v1", "q01/v2", "q01/v3", "q02/v1", "q02/v2", "q04/v1", "q04/v2"} <= rows
    assert "q03" not in rows
    distractors = (out / "distractor-stats.csv").read_text(encoding="utf-8-sig")
    assert "q01/v2" in distractors and "q02/v1" in distractors


def test_stats_of_a_retake_count_its_own_draw(
    cycle: Cycle, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from frontline.cli import main

    out = tmp_path / "retake-stats"
    course_dir = str(cycle.course.root)
    assert main(["exams", "stats", RETAKE, "--course-dir", course_dir, "--out", str(out)]) == 0
    capsys.readouterr()
    assert "q01/v" in (out / "distractor-stats.csv").read_text(encoding="utf-8-sig")
