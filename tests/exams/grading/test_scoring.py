"""Scoring that nbgrader's hidden tests call: right points, and never a word on stdout/stderr."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from frontline.exams.grading.scoring import (
    multiple_choice_points,
    score_multiple,
    score_single,
    single_choice_points,
)
from frontline.exams.model.answers import ANSWERS_FILE

CORRECT = frozenset({"dunno", "closing", "sue"})  # q02 of the etiquette exam has 3 right


def _answers(folder: Path, answers: dict[str, Any]) -> Path:
    path = folder / ANSWERS_FILE
    sheet = {
        "format": 1,
        "exam": "etiquette-theory",
        "trainee": "t001",
        "lang": "zh",
        "answers": answers,
    }
    path.write_text(json.dumps(sheet), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("selected", "points", "expected"),
    [
        ({"busy"}, 2, 2.0),
        ({"wait"}, 2, 0.0),
        ({"busy", "wait"}, 2, 0.0),
        (set(), 2, 0.0),
        ({"busy"}, 1.5, 1.5),
    ],
)
def test_single_choice_points(selected: set[str], points: float, expected: float) -> None:
    assert single_choice_points(frozenset(selected), "busy", points) == expected


@pytest.mark.parametrize(
    ("selected", "expected"),
    [
        ({"dunno", "closing", "sue"}, 3.0),  # all right
        ({"dunno", "sue"}, 2.0),  # partly right
        ({"dunno"}, 1.0),
        ({"dunno", "sue", "calm"}, 1.0),  # a wrong pick takes one right pick back
        ({"dunno", "calm"}, 0.0),  # right + wrong cancel
        ({"dunno", "closing", "sue", "calm", "duty"}, 1.0),  # everything: 3 right - 2 wrong
        ({"calm", "duty"}, 0.0),  # never below zero
        (set(), 0.0),  # nothing ticked
    ],
)
def test_multiple_choice_points(selected: set[str], expected: float) -> None:
    assert multiple_choice_points(frozenset(selected), CORRECT, points=3) == expected


@pytest.mark.parametrize(
    ("selected", "correct", "expected"),
    [
        ({"a", "b", "c", "d"}, {"a", "b"}, 0.0),  # ticking all earns nothing...
        ({"a", "b", "c", "d"}, {"a", "b", "c", "d"}, 2.0),  # ...unless all are right
        ({"a"}, {"a", "b", "c"}, 0.6667),  # shares are rounded to 4 places
    ],
)
def test_multiple_choice_ticking_everything(
    selected: set[str], correct: set[str], expected: float
) -> None:
    assert multiple_choice_points(frozenset(selected), frozenset(correct), 2) == expected


def test_multiple_choice_needs_a_correct_option() -> None:
    with pytest.raises(ValueError, match="at least one correct option"):
        multiple_choice_points(frozenset({"a"}), frozenset(), 1)


def test_scores_read_from_a_given_answers_file(tmp_path: Path) -> None:
    path = _answers(tmp_path, {"q01": ["busy"], "q02": ["dunno", "sue"], "q03": ["wei"]})
    assert score_single("q01", "busy", points=2, answers_file=path) == 2.0
    assert score_single("q01", "busy", points=2, answers_file=str(path)) == 2.0
    assert score_single("q03", "full-opening", points=2, answers_file=path) == 0.0
    assert score_multiple("q02", CORRECT, points=3, answers_file=path) == 2.0
    assert score_multiple("q02", ["dunno", "closing", "sue"], points=3, answers_file=path) == 2.0


def test_scores_read_answers_json_in_the_current_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _answers(tmp_path, {"q01": ["busy"], "q02": ["dunno", "closing", "sue"]})
    monkeypatch.chdir(tmp_path)
    assert score_single("q01", "busy") == 1.0
    assert score_single("q01", "busy", points=2) == 2.0
    assert score_multiple("q02", CORRECT, points=3) == 3.0


def test_a_single_answer_saved_as_a_string_is_accepted(tmp_path: Path) -> None:
    path = _answers(tmp_path, {"q01": "busy"})
    assert score_single("q01", "busy", points=2, answers_file=path) == 2.0


def test_repeated_ids_in_the_answers_file_count_once(tmp_path: Path) -> None:
    path = _answers(tmp_path, {"q02": ["dunno", "dunno", "calm"]})
    assert score_multiple("q02", CORRECT, points=3, answers_file=path) == 0.0


DAMAGED: dict[str, bytes] = {
    "truncated JSON": b'{"answers": {"q01": ["bu',
    "empty file": b"",
    "not an object": b'["busy"]',
    "answers not a mapping": b'{"answers": ["busy"]}',
    "answer not a list of ids": b'{"answers": {"q01": [1, 2]}}',
    "not UTF-8": b'\xff\xfe{"answers": {"q01": ["busy"]}}',
}


@pytest.mark.parametrize("content", DAMAGED.values(), ids=DAMAGED.keys())
def test_a_damaged_answers_file_scores_zero_silently(
    tmp_path: Path, content: bytes, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / ANSWERS_FILE
    path.write_bytes(content)
    assert score_single("q01", "busy", points=2, answers_file=path) == 0.0
    assert score_multiple("q02", CORRECT, points=3, answers_file=path) == 0.0
    assert capsys.readouterr() == ("", "")


def test_a_missing_answers_file_scores_zero_silently(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    assert score_single("q01", "busy") == 0.0
    assert score_multiple("q02", CORRECT) == 0.0
    assert score_single("q01", "busy", answers_file=tmp_path / "elsewhere.json") == 0.0
    assert score_single("q01", "busy", answers_file=tmp_path) == 0.0  # a folder, not a file
    assert capsys.readouterr() == ("", "")


def test_an_unanswered_question_scores_zero_silently(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _answers(tmp_path, {"q01": ["busy"]})
    assert score_single("q03", "full-opening", answers_file=path) == 0.0
    assert score_multiple("q02", CORRECT, answers_file=path) == 0.0
    assert capsys.readouterr() == ("", "")
