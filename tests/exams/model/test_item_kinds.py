"""Ordering and matching items: file format, scoring, keys, widgets, trainer files, blueprint."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from frontline.core.course import REPO_ROOT
from frontline.core.errors import InputFileError
from frontline.exams.authoring.notebook import load_exam_data, notebook_text
from frontline.exams.grading.scoring import (
    matching_points,
    ordering_points,
    score_matching,
    score_ordering,
)
from frontline.exams.model.answers import ANSWERS_FILE, AnswerSheet, save_sheet
from frontline.exams.model.blueprint import check_blueprint
from frontline.exams.model.questions import load_questions
from frontline.exams.model.trainer_file import load_trainer_file
from frontline.exams.trainee.arrange_views import MatchingQuestionView, OrderingQuestionView
from frontline.exams.trainee.widgets import start_exam

EXAMS_DIR = REPO_ROOT / "exams"
ALL_EXAMS = ("etiquette-theory", "communication-theory", "complaints-theory", "final-exam")
STEPS = ("a", "b", "c", "d")


@pytest.mark.parametrize(
    ("order", "share"),
    [
        (("a", "b", "c", "d"), 1.0),
        (("b", "a", "c", "d"), 4 / 6),  # one pair wrong: 5 right - 1 wrong
        (("d", "c", "b", "a"), 0.0),  # reversed: never below zero
        (("d", "a", "b", "c"), 0.0),  # last put first: 3 right, 3 wrong
        (("a", "b"), 1 / 6),  # only a and b placed: one pair known
        ((), 0.0),
        (("a", "x", "b", "c", "d", "a"), 1.0),  # unknown ids and repeats ignored
    ],
)
def test_ordering_credit_counts_pairs_in_the_right_order(
    order: tuple[str, ...], share: float
) -> None:
    assert ordering_points(order, STEPS, 6) == pytest.approx(6 * share)


def test_matching_credit_is_a_share_per_right_pair() -> None:
    key = {"x": "1", "y": "2", "z": "1"}
    assert matching_points(key, key, 3) == 3
    assert matching_points({"x": "1", "y": "1", "z": "2"}, key, 3) == 1
    assert matching_points({"x": "1", "q": "2"}, key, 3) == 1
    assert matching_points({}, key, 3) == 0


def test_hidden_test_functions_read_the_answers_file_silently(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / ANSWERS_FILE
    sheet = AnswerSheet("e", "t", answers={"q1": ("a", "c", "b", "d"), "q2": {"x": "1"}})
    save_sheet(path, sheet)
    assert score_ordering("q1", STEPS, points=6, answers_file=path) == pytest.approx(4)
    assert score_matching("q2", {"x": "1", "y": "2"}, points=4, answers_file=path) == 2
    assert score_matching("q1", {"x": "1"}, answers_file=path) == 0  # wrong shape: nothing
    assert score_ordering("q2", STEPS, answers_file=path) == 0
    path.write_text("{broken", encoding="utf-8")
    assert score_ordering("q1", STEPS, points=6, answers_file=path) == 0
    assert capsys.readouterr() == ("", "")


def test_answers_file_stores_orders_as_lists_and_matches_as_objects(tmp_path: Path) -> None:
    path = tmp_path / ANSWERS_FILE
    save_sheet(path, AnswerSheet("e", "t", answers={"o": ("b", "a"), "m": {"x": "1"}}))
    saved = json.loads(path.read_text(encoding="utf-8"))["answers"]
    assert saved == {"o": ["b", "a"], "m": {"x": "1"}}


def test_keys_of_new_kinds_read_from_the_trainer_file() -> None:
    _, key = load_exam_data(EXAMS_DIR, "complaints-theory")
    steps = key.items["q01"]
    assert steps.kind == "ordering" and steps.key[0] == "d" and steps.points == 6  # calm first
    limits = key.items["q10"]
    matches = dict(limits.key)  # type: ignore[arg-type]
    assert limits.kind == "matching" and matches["x6"] == "c"  # neighbour: 15 minutes
    assert limits.perfect_answer() == matches


@pytest.mark.parametrize("exam", ALL_EXAMS)
def test_committed_notebooks_match_their_data(exam: str) -> None:
    """The notebook is written from questions.yml and the trainer file; they never drift."""
    bank, trainer = load_exam_data(EXAMS_DIR, exam)
    committed = (EXAMS_DIR / "source" / exam / f"{exam}.ipynb").read_text(encoding="utf-8")
    assert committed == notebook_text(bank, trainer), "run: frontline exams author " + exam


def test_trainer_files_stay_out_of_the_released_source_folders() -> None:
    for exam in ALL_EXAMS:
        assert not list((EXAMS_DIR / "source" / exam).glob("*.yml"))[1:], exam
        assert (EXAMS_DIR / "trainer" / f"{exam}.yml").is_file()


def test_blueprint_covers_every_fact_with_existing_questions() -> None:
    assert check_blueprint(EXAMS_DIR / "blueprint.yml", EXAMS_DIR) == []


def test_blueprint_names_a_missing_question_and_an_unexamined_fact(tmp_path: Path) -> None:
    path = tmp_path / "blueprint.yml"
    path.write_text(
        "facts:\n"
        "  - {id: a, section: 2, fact: x, questions: [final-exam/q01]}\n"
        "  - {id: b, section: 2, fact: y, questions: [final-exam/q99]}\n"
        "  - {id: c, section: 3, fact: z, questions: []}\n",
        encoding="utf-8",
    )
    problems = check_blueprint(path, EXAMS_DIR)
    assert [(p.line, p.key) for p in problems] == [
        (3, "facts.1.questions.0"),
        (4, "facts.2.questions"),
    ]
    assert "fact 'b' names final-exam/q99: final-exam has no question" in problems[0].reason
    assert "fact 'c' is examined by no question" in problems[1].reason


# --- questions.yml and trainer-file validation -------------------------------------

SMALL = """\
exam: demo
title: {zh: 演示, en: Demo}
questions:
  - id: q01
    kind: ordering
    prompt: {zh: 排序, en: Order}
    items:
      - {id: c, zh: 丙, en: C}
      - {id: a, zh: 甲, en: A}
      - {id: b, zh: 乙, en: B}
  - id: q02
    kind: matching
    prompt: {zh: 匹配, en: Match}
    items:
      - {id: x, zh: 一, en: One}
      - {id: y, zh: 二, en: Two}
    options:
      - {id: "2", zh: 贰, en: II}
      - {id: "1", zh: 壹, en: I}
"""
TRAINER = """\
exam: demo
questions:
  q01:
    points: 3
    key: [a, b, c]
    explain: {zh: 甲乙丙, en: ABC}
  q02:
    points: 2
    key: {x: "1", y: "2"}
    explain: {zh: 一对壹, en: One is I}
"""


def _files(tmp_path: Path, questions: str = SMALL, trainer: str = TRAINER) -> tuple[Path, Path]:
    q = tmp_path / "questions.yml"
    q.write_text(questions, encoding="utf-8")
    t = tmp_path / "demo.yml"
    t.write_text(trainer, encoding="utf-8")
    return q, t


def test_new_kinds_load_with_their_items(tmp_path: Path) -> None:
    q, t = _files(tmp_path)
    bank = load_questions(q)
    assert bank.get("q01").item_ids == ("c", "a", "b")
    assert bank.get("q02").option_ids == ("2", "1")
    trainer = load_trainer_file(t, bank)
    assert trainer.items["q01"].key == ("a", "b", "c")
    assert trainer.items["q02"].key == (("x", "1"), ("y", "2"))


@pytest.mark.parametrize(
    ("old", "new", "where", "reason"),
    [
        (
            "kind: ordering\n",
            "kind: ordering\n    options: []\n",
            "line 6, key 'questions.0.options'",
            "has no 'options'",
        ),
        (
            "      - {id: b, zh: 乙, en: B}\n",
            "",
            "line 7, key 'questions.0.items'",
            "at least three items",
        ),
        (
            "      - {id: y, zh: 二, en: Two}\n",
            "",
            "line 14, key 'questions.1.items'",
            "at least two items",
        ),
        (
            "{id: a, zh: 甲",
            "{id: c, zh: 甲",
            "line 9, key 'questions.0.items.1'",
            "duplicate item id 'c'",
        ),
        (
            "{id: a, zh: 甲",
            "{id: a!, zh: 甲",
            "line 9, key 'questions.0.items.1.id'",
            "item id must be",
        ),
    ],
)
def test_bad_new_kind_questions_name_the_line(
    tmp_path: Path, old: str, new: str, where: str, reason: str
) -> None:
    assert old in SMALL
    q, _ = _files(tmp_path, questions=SMALL.replace(old, new, 1))
    with pytest.raises(InputFileError) as excinfo:
        load_questions(q)
    assert str(excinfo.value).startswith(f"{q}, {where}: "), str(excinfo.value)
    assert reason in str(excinfo.value)


@pytest.mark.parametrize(
    ("old", "new", "where", "reason"),
    [
        ("key: [a, b, c]", "key: [a, b]", "line 5, key 'questions.q01.key'", "every item once"),
        (
            "key: [a, b, c]",
            "key: [c, a, b]",
            "line 5, key 'questions.q01.key'",
            "close to their right order",
        ),
        (
            "key: [a, b, c]",
            "key: [a, b, z]",
            "line 5, key 'questions.q01.key.2'",
            "'z' is not one of",
        ),
        (
            'key: {x: "1", y: "2"}',
            'key: {x: "1"}',
            "line 9, key 'questions.q02.key'",
            "maps every item",
        ),
        (
            'key: {x: "1", y: "2"}',
            'key: {x: "1", y: "3"}',
            "line 9, key 'questions.q02.key.y'",
            "not an option",
        ),
        (
            'key: {x: "1", y: "2"}',
            'key: {x: "2", y: "1"}',
            "line 9, key 'questions.q02.key'",
            "in line with their items",
        ),
        ("points: 2", "points: 0", "line 8, key 'questions.q02.points'", "above zero"),
        (
            "    explain: {zh: 甲乙丙, en: ABC}\n",
            "",
            "line 3, key 'questions.q01.explain'",
            "expected a mapping with 'zh' and 'en'",
        ),
    ],
)
def test_bad_trainer_files_name_the_line(
    tmp_path: Path, old: str, new: str, where: str, reason: str
) -> None:
    assert old in TRAINER
    q, t = _files(tmp_path, trainer=TRAINER.replace(old, new, 1))
    with pytest.raises(InputFileError) as excinfo:
        load_trainer_file(t, load_questions(q))
    assert str(excinfo.value).startswith(f"{t}, {where}: "), str(excinfo.value)
    assert reason in str(excinfo.value)


# --- widgets --------------------------------------------------------------------------


@pytest.fixture()
def final_folder(tmp_path: Path) -> Path:
    shutil.copy(EXAMS_DIR / "source" / "final-exam" / "questions.yml", tmp_path / "questions.yml")
    return tmp_path


def _saved(folder: Path) -> dict[str, object]:
    return dict(json.loads((folder / ANSWERS_FILE).read_text(encoding="utf-8"))["answers"])


def test_ordering_widget_saves_only_after_a_click_and_moves_by_buttons(final_folder: Path) -> None:
    session = start_exam(final_folder, trainee="t001", lang="en")
    view = session.view("q05")
    assert isinstance(view, OrderingQuestionView)
    start = view.value
    assert sorted(start) == ["a", "b", "c", "d", "e"]
    assert not (final_folder / ANSWERS_FILE).exists(), "the shuffled order is not an answer"
    view.down_buttons[0].click()
    moved = (start[1], start[0], *start[2:])
    assert view.value == moved
    assert _saved(final_folder) == {"q05": list(moved)}
    view.up_buttons[0].click()  # the top item cannot go higher
    assert view.value == moved
    view.keep.click()
    assert _saved(final_folder) == {"q05": list(moved)}
    assert "1. " in view.labels[0].value
    reopened = start_exam(final_folder, trainee="t001").view("q05")
    assert isinstance(reopened, OrderingQuestionView) and reopened.value == moved


def test_ordering_widget_can_reach_the_right_order(final_folder: Path) -> None:
    view = start_exam(final_folder, trainee="t002").view("q05")
    assert isinstance(view, OrderingQuestionView)
    target = ("b", "d", "e", "a", "c")  # calm, record, promise, route, revisit
    for position, item in enumerate(target):  # bubble each item up by clicks
        while view.value[position] != item:
            view.up_buttons[view.value.index(item)].click()
    assert _saved(final_folder)["q05"] == list(target)


def test_matching_widget_saves_each_choice_by_id(final_folder: Path) -> None:
    session = start_exam(final_folder, trainee="t001", lang="zh")
    view = session.view("q07")
    assert isinstance(view, MatchingQuestionView)
    assert set(view.dropdowns) == {"x1", "x2", "x3"}
    view.dropdowns["x1"].value = "b"
    assert _saved(final_folder) == {"q07": {"x1": "b"}}
    view.dropdowns["x3"].value = "d"
    assert "2 / 3" in view.status.value
    view.dropdowns["x1"].value = None
    assert _saved(final_folder) == {"q07": {"x3": "d"}}
    session.set_lang("en")
    labels = [label for label, _ in view.dropdowns["x3"].options]
    assert "The deputy general manager in charge" in labels and view.dropdowns["x3"].value == "d"
    reopened = start_exam(final_folder, trainee="t001").view("q07")
    assert isinstance(reopened, MatchingQuestionView)
    assert reopened.value == {"x3": "d"}


def test_matching_columns_are_shuffled_per_trainee(final_folder: Path) -> None:
    orders = set()
    for trainee in ("t001", "t002", "t003", "t004"):
        view = start_exam(final_folder, trainee=trainee).view("q07")
        assert isinstance(view, MatchingQuestionView)
        orders.add((tuple(view.item_order), tuple(view.option_order)))
    assert len(orders) > 1
