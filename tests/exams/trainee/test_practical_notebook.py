"""The released practical exam in a real kernel, then played by clicks and graded.

The released notebook is executed with nbclient in the trainee's fetched folder
(as Run All would); then the widgets are built the way its cells build them, in
this process, and clicked through both scenarios; the transcripts they save are
submitted and graded by nbgrader's real autograde.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import nbformat
import pytest
from nbclient import NotebookClient

from frontline.core.course import Course
from frontline.exams.grading import pipeline
from frontline.exams.grading.batch import SubmissionResult
from frontline.exams.grading.practical import (
    LEXICON_DIR,
    PRACTICAL_EXAM,
    SCENARIOS_DIR,
    TRANSCRIPTS_DIR,
    read_practical_key,
)
from frontline.hr.inputs.gradebook import item_grades
from frontline.roleplay import Play, Scenario, load_lexicon, load_scenario
from tests.conftest import make_course
from tests.exams.grading.grading import grade

pytestmark = pytest.mark.nbgrader

EXAM = PRACTICAL_EXAM
TRAINEE = "li-na"
REPLY = "您好!非常抱歉,给您添麻烦了。我马上安排,今天下班前处理好。请问还有什么可以帮您?谢谢!"


def _pick(key: Scenario, step_id: str, best: bool) -> str:
    """The choice to click, decided with the trainer's copy (the trainee's has no costs)."""
    ranked = sorted(key.step(step_id).choices, key=lambda c: (c.cost.total, c.mood, c.id))
    return (ranked[0] if best else ranked[-1]).id


def _click_through(view: Any, key: Scenario, best: bool) -> list[tuple[str, str]]:
    """Click the widget to the end; returns the actions taken."""
    actions: list[tuple[str, str]] = []
    for _ in range(30):
        play = view.play
        if play.finished:
            return actions
        step = play.current
        if view.reply_box.layout.display == "":
            text = REPLY if best else "知道了,等着吧。"
            view.reply_text.value = text
            view.send.click()
            actions.append(("reply", text))
            continue
        choice_id = _pick(key, step.id, best)
        label = step.choice(choice_id).text.zh
        button = next(b for b in view.choices.children if b.description == label)
        button.click()
        actions.append(("choice", choice_id))
    raise AssertionError("the role-play did not end")


@dataclass(frozen=True)
class Played:
    course: Course
    folder: Path
    notebook: nbformat.NotebookNode
    views: dict[str, Any]
    expected: dict[str, float]
    transcripts: list[Path]
    outcome: SubmissionResult


@pytest.fixture(scope="module")
def played(tmp_path_factory: pytest.TempPathFactory) -> Played:
    base = tmp_path_factory.mktemp("practical-live")
    course = make_course(base, exams=(EXAM,))
    pipeline.build(course, EXAM)
    pipeline.release(course, EXAM)
    home = base / "homes" / TRAINEE
    folder = pipeline.fetch(course, EXAM, TRAINEE, home)
    notebook = nbformat.read(folder / f"{EXAM}.ipynb", as_version=4)
    NotebookClient(
        notebook, timeout=120, kernel_name="python3",
        resources={"metadata": {"path": str(folder)}},
    ).execute()  # fmt: skip

    mp = pytest.MonkeyPatch()
    mp.setenv("FRONTLINE_TRAINEE", TRAINEE)
    mp.setenv("FRONTLINE_HOME", str(base / "frontline-home"))
    mp.chdir(folder)  # the notebook's kernel runs in its own folder
    try:
        from frontline.exams.trainee.practical_session import start_practical

        practical = start_practical()  # the notebook's "start" cell
        source = course.source / EXAM
        key = read_practical_key(source / f"{EXAM}.ipynb")
        lexicon = load_lexicon(source / LEXICON_DIR)
        expected: dict[str, float] = {}
        views = {}
        for n, item in enumerate(key.items):
            trainer = load_scenario(source / SCENARIOS_DIR / f"{item.scenario_id}.yml")
            view = practical.play(item.scenario_id).roleplay  # the scenario's play cell
            actions = _click_through(view, trainer, best=n == 0)
            views[item.scenario_id] = view
            on_key = Play(trainer, lexicon, "assessment")
            for kind, value in actions:
                (on_key.choose if kind == "choice" else on_key.reply)(value)
            result = on_key.result()
            expected[item.scenario_id] = round(item.points * result.total / result.max_total, 2)
    finally:
        mp.undo()
    transcripts = sorted((folder / TRANSCRIPTS_DIR).glob("*.json"))
    pipeline.submit(course, EXAM, TRAINEE, home)
    pipeline.collect(course, EXAM)
    outcome = grade(course, EXAM)[TRAINEE]
    return Played(course, folder, notebook, views, expected, transcripts, outcome)


def test_released_notebook_runs_in_a_real_kernel_and_shows_both_widgets(
    played: Played,
) -> None:
    notebook = played.notebook
    widgets = 0
    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            assert output.output_type != "error", cell.source
            assert output.get("name") != "stderr", cell.source
            widgets += "application/vnd.jupyter.widget-view+json" in output.get("data", {})
    assert widgets == 2
    for path in sorted((played.folder / SCENARIOS_DIR).glob("*.yml")):
        assert load_scenario(path).player_copy, f"{path.name} is not the player's copy"


def test_each_scenario_ends_with_a_saved_card_and_no_score(played: Played) -> None:
    for view in played.views.values():
        assert view.play.finished and view.card.layout.display == ""
        assert "本情景已完成" in view.result.value and view.saved_to.name in view.result.value
        assert "总分" not in view.result.value and view.again.layout.display == "none"


def test_transcripts_land_beside_the_notebook_and_grade_as_the_key_scores_them(
    played: Played,
) -> None:
    transcripts = played.transcripts
    assert len(transcripts) == 2
    assert all(p.parent == played.folder / TRANSCRIPTS_DIR for p in transcripts)
    assert played.outcome.graded, played.outcome
    items = item_grades(played.course, [EXAM])
    scores = dict(zip(items["item"], items["score"], strict=True))
    expected = played.expected
    for scenario_id, points in expected.items():
        assert scores[scenario_id] == pytest.approx(points), scenario_id
    first, second = expected.values()
    assert first == 20 and second < 10, "a best and a worst play: the grading tells them apart"
