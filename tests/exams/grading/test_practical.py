"""The practical exam through nbgrader's real pipeline, scored from transcripts.

Trainees' transcripts are produced by the real engine (a good, a poor and no play),
plus three kinds of tampering; every score in the gradebook must equal the
engine's own live score scaled to the cell's points, or 0 where the transcript
cannot stand.
"""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass
from pathlib import Path

import nbformat
import pandas as pd
import pytest

from frontline.core.course import REPO_ROOT, Course
from frontline.demo.practical_sim import simulate_play, simulate_transcripts
from frontline.exams.grading import pipeline
from frontline.exams.grading.batch import SubmissionResult
from frontline.exams.grading.practical import (
    LEXICON_DIR,
    PRACTICAL_EXAM,
    SCENARIOS_DIR,
    TRANSCRIPTS_DIR,
    content_problems,
    read_practical_key,
)
from frontline.exams.trainee.practical_session import TypedReply, replies_html, start_practical
from frontline.hr.inputs.gradebook import item_grades
from frontline.roleplay import load_lexicon, load_scenario
from tests.conftest import make_course
from tests.exams.grading.grading import grade

pytestmark = pytest.mark.nbgrader

EXAM = PRACTICAL_EXAM
SOURCE = REPO_ROOT / "exams" / "source" / EXAM
KEY = read_practical_key(SOURCE / f"{EXAM}.ipynb")
SKILLS = {
    "good": 1.0,
    "poor": 0.0,
    "fake-score": 0.0,
    "bad-events": 1.0,
    "own-scenario": 1.0,
    "red-line": 1.0,
}
#: the red line the "red-line" trainee crosses wherever a scenario offers it
CROSSED = "emergency-refusal"
KEY_WORDS = ("procedure:", "cost:", "feedback:", "moves:", "expect:")


def live_points(trainee: str, skill: float) -> dict[str, float]:
    """What the engine itself scored while the trainee played, scaled to the points."""
    lexicon = load_lexicon(SOURCE / LEXICON_DIR)
    points: dict[str, float] = {}
    for item in KEY.items:
        scenario = load_scenario(SOURCE / SCENARIOS_DIR / f"{item.scenario_id}.yml")
        result = simulate_play(trainee, skill, scenario, lexicon).result()
        points[item.scenario_id] = round(item.points * result.total / result.max_total, 2)
    return points


def _fake_score(folder: Path) -> None:
    for path in (folder / TRANSCRIPTS_DIR).glob("*.json"):
        data = json.loads(path.read_text(encoding="utf-8"))
        assert "result" not in data, "an exam play writes no score"
        data["result"] = {"total": 100, "max_total": 100, "scores": {"courtesy": 25}}
        path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")


def _bad_events(folder: Path) -> None:
    """A choice the first step does not offer, in the first scenario's transcript."""
    first = KEY.items[0].scenario_id
    path = next((folder / TRANSCRIPTS_DIR).glob(f"roleplay-{first}-*.json"))
    data = json.loads(path.read_text(encoding="utf-8"))
    data["events"][0]["choice"] = "give-a-refund-and-a-gift"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")


def _own_scenario(folder: Path, trainee: str) -> None:
    """The trainee edits the released copy (any byte), then plays it well."""
    first = KEY.items[0].scenario_id
    path = folder / SCENARIOS_DIR / f"{first}.yml"
    text = path.read_text(encoding="utf-8")
    path.chmod(0o644)
    assert "mood: 15" in text, "the edit below must change the copy"
    path.write_text(text.replace("mood: 15", "mood: 14", 1), encoding="utf-8")
    load_scenario(path)  # still a playable scenario
    for old in (folder / TRANSCRIPTS_DIR).glob(f"roleplay-{first}-*.json"):
        old.unlink()
    simulate_transcripts(trainee, 1.0, [path], folder / TRANSCRIPTS_DIR, folder / LEXICON_DIR,
                         key_dir=SOURCE / SCENARIOS_DIR)  # fmt: skip


@dataclass(frozen=True)
class Graded:
    course: Course
    outcomes: dict[str, SubmissionResult]
    items: pd.DataFrame


@pytest.fixture(scope="module")
def graded(tmp_path_factory: pytest.TempPathFactory) -> Graded:
    base = tmp_path_factory.mktemp("practical")
    course = make_course(base, exams=(EXAM,))
    pipeline.build(course, EXAM)
    pipeline.release(course, EXAM)
    for trainee in [*SKILLS, "none"]:
        home = base / "homes" / trainee
        folder = pipeline.fetch(course, EXAM, trainee, home)
        if trainee != "none":
            simulate_transcripts(
                trainee,
                SKILLS[trainee],
                sorted((folder / SCENARIOS_DIR).glob("*.yml")),
                folder / TRANSCRIPTS_DIR,
                folder / LEXICON_DIR,
                key_dir=SOURCE / SCENARIOS_DIR,
                red_line=CROSSED if trainee == "red-line" else None,
            )
        if trainee == "fake-score":
            _fake_score(folder)
        if trainee == "bad-events":
            _bad_events(folder)
        if trainee == "own-scenario":
            _own_scenario(folder, trainee)
        pipeline.submit(course, EXAM, trainee, home)
    pipeline.collect(course, EXAM)
    outcomes = grade(course, EXAM)
    return Graded(course, outcomes, item_grades(course, [EXAM]))


def _points(graded: Graded, trainee: str) -> dict[str, float]:
    rows = graded.items[graded.items["trainee_id"] == trainee]
    return dict(zip(rows["item"], rows["score"], strict=True))


def test_every_submission_is_graded(graded: Graded) -> None:
    assert all(outcome.graded for outcome in graded.outcomes.values()), graded.outcomes
    assert len(graded.outcomes) == len(SKILLS) + 1


@pytest.mark.parametrize("trainee", ["good", "poor"])
def test_scores_equal_the_engines_live_scores(graded: Graded, trainee: str) -> None:
    points = _points(graded, trainee)
    expected = live_points(trainee, SKILLS[trainee])
    for scenario_id, value in expected.items():
        assert points[scenario_id] == pytest.approx(value), scenario_id
    if trainee == "good":
        assert sum(expected.values()) == pytest.approx(40.0)
    else:
        assert 0 < sum(expected.values()) < 20


def test_no_play_scores_zero_and_the_rubric_waits_for_the_trainer(graded: Graded) -> None:
    points = _points(graded, "none")
    assert all(points[item.scenario_id] == 0 for item in KEY.items)
    rubric = graded.items[
        (graded.items["trainee_id"] == "good") & (graded.items["item"] == "reply-quality")
    ].iloc[0]
    assert rubric["max_score"] == 15 and bool(rubric["needs_manual_grade"])


def test_an_edited_score_in_the_transcript_is_ignored(graded: Graded) -> None:
    points = _points(graded, "fake-score")
    assert points == {**points, **live_points("fake-score", 0.0)}
    assert sum(points[item.scenario_id] for item in KEY.items) < 20


def test_events_the_scenario_does_not_allow_score_zero(graded: Graded) -> None:
    points = _points(graded, "bad-events")
    first, second = (item.scenario_id for item in KEY.items)
    assert points[first] == 0
    assert points[second] == pytest.approx(live_points("bad-events", 1.0)[second])


def test_a_play_on_an_edited_scenario_copy_scores_zero(graded: Graded) -> None:
    points = _points(graded, "own-scenario")
    first = KEY.items[0].scenario_id
    assert points[first] == 0
    # nbgrader put the trainer's copy back before grading
    graded_copy = graded.course.autograded / "own-scenario" / EXAM / SCENARIOS_DIR
    assert (graded_copy / f"{first}.yml").read_bytes() == (
        SOURCE / SCENARIOS_DIR / f"{first}.yml"
    ).read_bytes()


def test_hidden_tests_ran_silently_and_replies_are_shown_for_the_trainer(graded: Graded) -> None:
    notebook = nbformat.read(
        graded.course.autograded / "poor" / EXAM / f"{EXAM}.ipynb", as_version=4
    )
    shown = ""
    for cell in notebook.cells:
        grade = cell.metadata.get("nbgrader", {}).get("grade")
        for output in cell.get("outputs", []):
            if grade:
                assert output.get("name") != "stderr" and output.output_type != "error"
            shown += json.dumps(output.get("data", {}), ensure_ascii=False)
        if cell.metadata.get("nbgrader", {}).get("task"):
            assert "BEGIN MARK SCHEME" in cell.source, "formgrader shows the rubric"
    assert "学员回复 Typed reply" in shown
    assert "红线 Red line" in shown, "the rubric cell shows every play in full"


def _cell_outputs(graded: Graded, trainee: str) -> dict[str, str]:
    notebook = nbformat.read(
        graded.course.autograded / trainee / EXAM / f"{EXAM}.ipynb", as_version=4
    )
    return {
        cell.metadata["nbgrader"]["grade_id"]: json.dumps(
            [out.get("data", {}) for out in cell.outputs], ensure_ascii=False
        )
        for cell in notebook.cells
        if cell.cell_type == "code" and "nbgrader" in cell.metadata
    }


def test_autograded_plays_show_the_trainer_each_turn(graded: Graded) -> None:
    first = KEY.items[0].scenario_id
    poor = _cell_outputs(graded, "poor")[f"{first}-play"]
    assert "顾客 Customer" in poor and "学员 Trainee" in poor
    assert "Widget" not in poor and "VBox" not in poor
    assert "not played to the end" in _cell_outputs(graded, "none")[f"{first}-play"]


def test_played_turns_are_escaped(graded: Graded, tmp_path: Path) -> None:
    folder = tmp_path / "sitting"
    shutil.copytree(graded.course.submitted / "poor" / EXAM, folder)
    first = KEY.items[0].scenario_id
    for path in (folder / TRANSCRIPTS_DIR).glob(f"roleplay-{first}-*.json"):
        data = json.loads(path.read_text(encoding="utf-8"))
        data["events"].append({"step": data["events"][0]["step"], "text": "<b>hi</b>",
                               "at": data["events"][0]["at"]})  # fmt: skip
        path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    page = start_practical(folder, lang="en").played_html(first)
    assert "<b>hi</b>" not in page and "&lt;b&gt;hi&lt;/b&gt;" in page


def test_released_files_hold_no_key(graded: Graded) -> None:
    release = graded.course.release / EXAM
    notebook = (release / f"{EXAM}.ipynb").read_text(encoding="utf-8")
    assert "score_scenario" not in notebook
    assert "MARK SCHEME" not in notebook and "评分细则" not in notebook
    for item in KEY.items:
        assert item.scenario_sha256 not in notebook and item.lexicon_sha256 not in notebook
        assert item.player_sha256 not in notebook
        released = release / SCENARIOS_DIR / f"{item.scenario_id}.yml"
        text = released.read_text(encoding="utf-8")
        assert not [word for word in KEY_WORDS if word in text], released
        assert load_scenario(released).player_copy
    assert not (release / TRANSCRIPTS_DIR).exists()


def test_source_digests_match_the_exam_files() -> None:
    assert content_problems(SOURCE) == []
    assert len(KEY.items) >= 2


def test_simulated_transcripts_are_deterministic(tmp_path: Path) -> None:
    scenarios = sorted((SOURCE / SCENARIOS_DIR).glob("*.yml"))
    first = simulate_transcripts("t1", 0.6, scenarios, tmp_path / "a", SOURCE / LEXICON_DIR)
    second = simulate_transcripts("t1", 0.6, scenarios, tmp_path / "b", SOURCE / LEXICON_DIR)
    assert [p.read_bytes() for p in first] == [p.read_bytes() for p in second]


def test_typed_replies_are_escaped() -> None:
    page = replies_html([TypedReply("s", "标题", "ask", "提示", "<script>alert(1)</script>")])
    assert "<script>" not in page and "&lt;script&gt;" in page


def test_stats_reports_each_choice_by_group(
    graded: Graded, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import csv

    from frontline.cli import main

    out = tmp_path / "stats"
    code = main(
        ["exams", "stats", EXAM, "--course-dir", str(graded.course.root), "--out", str(out)]
    )
    assert code == 0
    assert "Role-play choices" in capsys.readouterr().out
    text = (out / "choice-stats.csv").read_text(encoding="utf-8-sig")
    rows = list(csv.DictReader(text.splitlines()))
    first = KEY.items[0].scenario_id
    scenario = load_scenario(SOURCE / SCENARIOS_DIR / f"{first}.yml")
    best = min(scenario.step(scenario.start).choices, key=lambda c: (c.cost.total, c.mood, c.id))
    taken = next(r for r in rows if r["scenario"] == first and r["choice"] == best.id)
    # 6 trainees, groups of 2; the upper group is good (40) and bad-events (20), whose
    # first transcript does not replay and so is left out, like in grading
    assert taken["group_size"] == "2"
    assert taken["upper_taken"] == "1" and taken["lower_taken"] == "0"
    assert not any(r["choice"] == "give-a-refund-and-a-gift" for r in rows)


def test_feedback_shows_each_scenario_and_hands_out_no_key(graded: Graded) -> None:
    """Assessment mode promises the result after the exam; the feedback folder is what a
    trainee may receive, so neither nbgrader's page nor the folder may hold the key."""
    from frontline.exams.authoring.release_copies import release_problems
    from frontline.exams.feedback.theory import generate_feedback

    course = graded.course
    # nbgrader's own command (formgrader's button) first: its hook and preprocessors.
    assert pipeline.nbgrader_api(course).generate_feedback(EXAM, force=True)["success"]
    result = generate_feedback(course, EXAM)
    assert set(result.pages) == set(graded.outcomes)
    for folder in (course.root / "feedback").glob(f"*/{EXAM}"):
        assert release_problems(folder) == [], folder
        for path in (p for p in folder.rglob("*") if p.is_file()):
            text = path.read_text(encoding="utf-8")
            leaks = ("score_scenario", "MARK SCHEME", "评分细则")
            leaks += KEY_WORDS if path.parent.name == SCENARIOS_DIR else ()
            for leak in leaks:
                assert leak not in text, (leak, path)
    good = result.pages["good"].read_text(encoding="utf-8")
    title = load_scenario(SOURCE / SCENARIOS_DIR / f"{KEY.items[0].scenario_id}.yml").title
    assert title.zh in good and title.en in good
    assert good.count("20 / 20") == len(KEY.items)
    assert "Courtesy: 25/25" in good
    poor = result.pages["poor"].read_text(encoding="utf-8")
    assert "Where points were lost" in poor
    crossed = result.pages["red-line"].read_text(encoding="utf-8")
    assert "Red line: a scenario in which a red line was crossed fails" in crossed
    assert "拒绝处理紧急情况" in crossed and "Refusing an emergency" in crossed
    assert "Red line" not in good
    none = result.pages["none"].read_text(encoding="utf-8")
    assert "No finished play was found" in none and "awaiting your trainer" in none


def test_a_red_line_scores_the_scenario_0_and_is_recorded_for_hr(graded: Graded) -> None:
    """The trainee plays well but refuses an emergency: that scenario earns nothing, the
    other one its full points, and the gradebook keeps the red line for HR to read."""
    from frontline.exams.grading.flags import read_flags
    from frontline.hr.inputs.gradebook import red_line_flags

    crossing = {
        item.grade_id
        for item in KEY.items
        if any(
            choice.red_line == CROSSED
            for step in load_scenario(SOURCE / SCENARIOS_DIR / f"{item.scenario_id}.yml")
            .steps.values()
            for choice in getattr(step, "choices", ())
        )
    }
    assert crossing, f"no practical scenario offers a {CROSSED} choice"
    points = _points(graded, "red-line")
    for item in KEY.items:
        expected = 0.0 if item.grade_id in crossing else item.points
        assert points[item.grade_id] == pytest.approx(expected), item.grade_id
    outcome = graded.outcomes["red-line"]
    assert outcome.graded and {f.kind for f in outcome.flags} == {"red_line"}
    stored = [f for f in read_flags(graded.course.db_url, graded.course.course_id, EXAM)
              if f.trainee_id == "red-line"]  # fmt: skip
    assert {f.cell for f in stored} == crossing
    hits = red_line_flags(graded.course.db_url, graded.course.course_id)
    assert {hit.category for hit in hits[("red-line", EXAM)]} == {CROSSED}
    assert all(hit.label.zh == "拒绝处理紧急情况" for hit in hits[("red-line", EXAM)])
    assert ("good", EXAM) not in hits  # a clean play has none on record
