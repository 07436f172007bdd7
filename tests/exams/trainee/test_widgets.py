"""Exam widgets driven without a browser, as a trainee's clicks would drive them."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from frontline.core.course import REPO_ROOT
from frontline.exams.model.answers import ANSWERS_FILE
from frontline.exams.model.questions import load_questions
from frontline.exams.model.shuffle import shuffled_options
from frontline.exams.trainee.widgets import ExamSession, start_exam

SOURCE = REPO_ROOT / "exams" / "source" / "etiquette-theory"


@pytest.fixture()
def exam_folder(tmp_path: Path) -> Path:
    shutil.copy(SOURCE / "questions.yml", tmp_path / "questions.yml")
    return tmp_path


def _saved(folder: Path) -> dict[str, list[str]]:
    data = json.loads((folder / ANSWERS_FILE).read_text(encoding="utf-8"))
    return dict(data["answers"])


def test_choosing_an_option_saves_its_id_at_once(exam_folder: Path) -> None:
    session = start_exam(exam_folder, trainee="t001")
    view = session.view("q01")
    assert view.radio is not None
    view.radio.value = "c"
    assert _saved(exam_folder) == {"q01": ["c"]}
    view.radio.value = "a"
    assert _saved(exam_folder) == {"q01": ["a"]}
    assert [p.name for p in exam_folder.iterdir() if p.name.startswith(".")] == []


def test_ticking_boxes_saves_every_ticked_id(exam_folder: Path) -> None:
    session = start_exam(exam_folder, trainee="t001")
    view = session.view("q02")
    view.boxes["b"].value = True
    view.boxes["e"].value = True
    assert sorted(_saved(exam_folder)["q02"]) == ["b", "e"]
    view.boxes["b"].value = False
    assert _saved(exam_folder)["q02"] == ["e"]
    view.boxes["e"].value = False
    assert "q02" not in _saved(exam_folder)


def test_reopening_the_exam_restores_the_selection(exam_folder: Path) -> None:
    first = start_exam(exam_folder, trainee="t001", lang="en")
    radio = first.view("q03").radio
    assert radio is not None
    radio.value = "d"
    first.view("q02").boxes["b"].value = True

    again = start_exam(exam_folder, trainee="t001")
    assert again.view("q03").selected == ("d",)
    assert again.view("q02").selected == ("b",)
    assert again.lang == "en", "the language chosen earlier is kept"
    assert "2 of 15 answered" in again.progress.value


def test_options_are_shuffled_per_trainee_but_stable(exam_folder: Path) -> None:
    bank = load_questions(exam_folder / "questions.yml")
    first = ExamSession(bank, exam_folder / ANSWERS_FILE, trainee_id="t001")
    same = ExamSession(bank, exam_folder / ANSWERS_FILE, trainee_id="t001")
    other = ExamSession(bank, exam_folder / ANSWERS_FILE, trainee_id="t002")
    orders = {q.id: first.view(q.id).order for q in bank.questions}
    assert orders == {q.id: same.view(q.id).order for q in bank.questions}
    assert orders != {q.id: other.view(q.id).order for q in bank.questions}
    for question in bank.questions:
        assert sorted(orders[question.id]) == sorted(question.option_ids)
    assert any(orders[q.id] != list(q.option_ids) for q in bank.questions), "not shuffled at all"


def test_shuffle_is_the_same_in_every_python_process() -> None:
    """A trainee's order must survive a kernel restart, whatever PYTHONHASHSEED is."""
    code = (
        "from frontline.exams.model.shuffle import shuffled_options\n"
        "print(shuffled_options(list('abcdefgh'), trainee_id='t001',"
        " exam_id='x', question_id='q1'))"
    )
    orders = {
        subprocess.run(
            [sys.executable, "-c", code],
            env={**os.environ, "PYTHONHASHSEED": seed},
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for seed in ("0", "1", "12345")
    }
    assert len(orders) == 1
    order = shuffled_options(list("abcdefgh"), trainee_id="t001", exam_id="x", question_id="q1")
    assert orders == {f"{order}\n"}


def test_switching_language_relabels_and_keeps_answers(exam_folder: Path) -> None:
    session = start_exam(exam_folder, trainee="t001", lang="zh")
    view = session.view("q01")
    assert view.radio is not None
    view.radio.value = "c"
    assert any("有什么可以帮您" in label for label, _ in view.radio.options)
    session.language.value = "en"
    assert any("How may I help you" in label for label, _ in view.radio.options)
    assert view.radio.value == "c"
    assert "Single choice" in view.prompt.value
    assert _saved(exam_folder) == {"q01": ["c"]}


def test_labels_are_lettered_in_shown_order(exam_folder: Path) -> None:
    session = start_exam(exam_folder, trainee="t007", lang="en")
    labels = [label for label, _ in session.view("q03").radio.options]  # type: ignore[union-attr]
    assert [label[:2] for label in labels] == ["A.", "B.", "C.", "D."]


def test_question_text_is_escaped(exam_folder: Path) -> None:
    text = (exam_folder / "questions.yml").read_text(encoding="utf-8")
    text = text.replace("How may I help you?", "<script>alert(1)</script>", 1)
    text = text.replace(
        "At 11 pm the hotline rings", "<b onmouseover=x>At</b> 11 pm the hotline rings", 1
    )
    (exam_folder / "questions.yml").write_text(text, encoding="utf-8")
    session = start_exam(exam_folder, trainee="t001", lang="en")
    view = session.view("q01")
    assert "<b onmouseover" not in view.prompt.value
    assert "&lt;b onmouseover=x&gt;" in view.prompt.value


def test_damaged_answers_file_is_kept_and_the_trainee_warned(exam_folder: Path) -> None:
    (exam_folder / ANSWERS_FILE).write_text("{not json", encoding="utf-8")
    session = start_exam(exam_folder, trainee="t001", lang="en")
    backups = list(exam_folder.glob(f"{ANSWERS_FILE}.damaged-*"))
    assert len(backups) == 1 and backups[0].read_text(encoding="utf-8") == "{not json"
    assert "could not be read" in session.progress.value
    session.view("q01").radio.value = "c"  # type: ignore[union-attr]
    assert _saved(exam_folder) == {"q01": ["c"]}


def test_trainee_comes_from_the_hub_user(
    exam_folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("FRONTLINE_TRAINEE", raising=False)
    monkeypatch.setenv("JUPYTERHUB_USER", "t042")
    session = start_exam(exam_folder)
    assert session.trainee_id == "t042"
    session.view("q01").radio.value = "c"  # type: ignore[union-attr]
    assert json.loads((exam_folder / ANSWERS_FILE).read_text(encoding="utf-8"))["trainee"] == "t042"
