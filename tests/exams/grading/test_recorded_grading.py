"""With the hub's record store named, a practical exam is graded from the recorded plays:
a hand-written perfect transcript nobody played earns nothing, and a trainee who handed
in a better play than the one recorded gets the recorded one's score."""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pytest

from frontline.core.course import REPO_ROOT, Course
from frontline.demo.practical_sim import simulate_transcripts
from frontline.exams.grading import pipeline
from frontline.exams.grading.practical import (
    LEXICON_DIR,
    PRACTICAL_EXAM,
    SCENARIOS_DIR,
    TRANSCRIPTS_DIR,
)
from frontline.exams.grading.results import SubmissionResult
from frontline.hr.inputs.gradebook import item_grades
from frontline.roleplay import load_transcript
from tests.conftest import make_course
from tests.exams.grading.grading import grade
from tests.exams.grading.test_practical import live_points

pytestmark = pytest.mark.nbgrader

EXAM = PRACTICAL_EXAM
SOURCE = REPO_ROOT / "exams" / "source" / EXAM


@dataclass(frozen=True)
class Graded:
    course: Course
    outcomes: dict[str, SubmissionResult]
    items: pd.DataFrame
    sent: dict[str, dict[Path, bytes]]


def _play(trainee: str, skill: float, folder: Path, out: Path) -> list[Path]:
    scenarios = sorted((folder / SCENARIOS_DIR).glob("*.yml"))
    return simulate_transcripts(
        trainee, skill, scenarios, out, folder / LEXICON_DIR, key_dir=SOURCE / SCENARIOS_DIR
    )


@pytest.fixture(scope="module")
def graded(tmp_path_factory: pytest.TempPathFactory) -> Graded:
    base = tmp_path_factory.mktemp("recorded")
    store = base / "store"
    course = make_course(base, exams=(EXAM,))
    pipeline.build(course, EXAM)
    pipeline.release(course, EXAM)
    for trainee in ("forger", "played"):
        home = base / "homes" / trainee
        folder = pipeline.fetch(course, EXAM, trainee, home)
        # a perfect play written on the trainee's side, never sent to the server
        perfect = _play(trainee, 1.0, folder, folder / TRANSCRIPTS_DIR)
        if trainee == "played":
            # what the server recorded while the trainee played, badly, under the
            # same file names the submission carries
            recorded = _play(trainee, 0.0, folder, base / "played-poorly")
            target = store / trainee / EXAM
            target.mkdir(parents=True)
            for path in recorded:
                scenario = load_transcript(path).scenario_id
                same = next(p for p in perfect if load_transcript(p).scenario_id == scenario)
                shutil.copyfile(path, target / same.name)
        pipeline.submit(course, EXAM, trainee, home)
    pipeline.collect(course, EXAM)
    sent = {
        t: {p: p.read_bytes() for p in (course.submitted / t / EXAM).rglob("*") if p.is_file()}
        for t in ("forger", "played")
    }
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("FRONTLINE_RECORDED_TRANSCRIPTS", str(store))
        outcomes = grade(course, EXAM)
    return Graded(course, outcomes, item_grades(course, [EXAM]), sent)


def _points(graded: Graded, trainee: str) -> dict[str, float]:
    rows = graded.items[graded.items["trainee_id"] == trainee]
    return dict(zip(rows["item"], rows["score"], strict=True))


def test_a_perfect_transcript_that_was_never_recorded_earns_nothing(graded: Graded) -> None:
    outcome = graded.outcomes["forger"]
    assert outcome.graded, outcome.reason
    expected = live_points("forger", 1.0)
    assert sum(expected.values()) == pytest.approx(40.0)  # what it would have earned
    points = _points(graded, "forger")
    assert all(points[scenario] == 0 for scenario in expected), points
    unrecorded = [f.cell for f in outcome.flags if f.kind == "transcript_unrecorded"]
    for scenario in expected:
        assert sum(name.startswith(f"roleplay-{scenario}-forger-") for name in unrecorded) == 1


def test_the_recorded_play_is_graded_not_the_better_one_sent(graded: Graded) -> None:
    outcome = graded.outcomes["played"]
    assert outcome.graded, outcome.reason
    points = _points(graded, "played")
    for scenario, value in live_points("played", 0.0).items():
        assert points[scenario] == pytest.approx(value), scenario
    assert sum(points[s] for s in live_points("played", 0.0)) < 20
    differs = {f.cell for f in outcome.flags if f.kind == "transcript_differs"}
    assert len(differs) == len(live_points("played", 0.0))


def test_the_submissions_stay_as_sent(graded: Graded) -> None:
    for trainee, files in graded.sent.items():
        folder = graded.course.submitted / trainee / EXAM
        now = {p: p.read_bytes() for p in folder.rglob("*") if p.is_file()}
        assert now == files
