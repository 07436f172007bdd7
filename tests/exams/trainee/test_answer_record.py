"""While nbgrader autogrades, an exam notebook shows the saved answers instead of widgets."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from frontline.core.course import REPO_ROOT
from frontline.exams import start_exam
from frontline.exams.model.answers import ANSWERS_FILE, AnswerSheet, save_sheet
from frontline.exams.trainee.answer_record import AnswerRecord
from frontline.exams.trainee.widgets import ExamSession

FINAL = REPO_ROOT / "exams" / "source" / "final-exam"


@pytest.fixture()
def folder(tmp_path: Path) -> Path:
    shutil.copy(FINAL / "questions.yml", tmp_path / "questions.yml")
    return tmp_path


def _sheet(folder: Path, answers: dict[str, object], lang: str = "en") -> None:
    save_sheet(
        folder / ANSWERS_FILE,
        AnswerSheet("final-exam", "t042", lang=lang, answers=answers),  # type: ignore[arg-type]
    )


def test_autograding_opens_a_record_and_trainees_get_widgets(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("NBGRADER_EXECUTION", raising=False)
    assert isinstance(start_exam(folder, trainee="t042"), ExamSession)
    monkeypatch.setenv("NBGRADER_EXECUTION", "validate")  # a trainee's Validate button
    assert isinstance(start_exam(folder, trainee="t042"), ExamSession)
    monkeypatch.setenv("NBGRADER_EXECUTION", "autograde")
    assert isinstance(start_exam(folder, trainee="t042"), AnswerRecord)


def test_record_shows_each_kind_of_answer_in_the_trainees_words(folder: Path) -> None:
    _sheet(folder, {
        "q07": {"x1": "b", "x2": "e"},
        "q05": ["b", "d", "e", "a", "c"],
    })
    record = AnswerRecord.open(folder)
    assert "2 of 17 answered" in repr(record.header)
    assert "t042" not in repr(record.header)  # the file's claim of who answered is not shown
    matching = repr(record.shown("q07"))
    assert "correct it at once → The receiving staff member" in matching
    assert "cannot resolve → The customer-service supervisor" in matching
    ordering = repr(record.shown("q05")).splitlines()
    assert ordering[0].startswith("5. An owner complains that the lift")
    assert [line.strip() for line in ordering[2:]] == [
        "- 1. Calm the owner and show you take it very seriously",
        "- 2. Note the time, her name and phone, and the fault",
        "- 3. Promise it will be handled and agree a time for an answer",
        "- 4. Route a ticket to engineering and follow the repair",
        "- 5. After the repair, revisit her to confirm she is satisfied",
    ]
    assert "not answered" in repr(record.shown("q01"))


def test_record_follows_the_trainees_language(folder: Path) -> None:
    _sheet(folder, {"q07": {"x2": "e"}}, lang="zh")
    record = AnswerRecord.open(folder)
    assert "一件重大投诉，接待的员工解决不了 → 客服主管" in record.shown("q07")._repr_html_()


def test_everything_from_the_answers_file_is_escaped(folder: Path) -> None:
    hostile = "<img src=x onerror=alert(1)>"
    (folder / ANSWERS_FILE).write_text(json.dumps({
        "exam": "final-exam", "trainee": hostile, "lang": "en",
        "answers": {"q01": [hostile], "q04": {hostile: hostile}},
    }), encoding="utf-8")
    record = AnswerRecord.open(folder)
    shown = record.header._repr_html_() + record.shown("q01")._repr_html_()
    assert hostile not in record.header._repr_html_()
    shown += record.shown("q04")._repr_html_()
    assert "<img" not in shown and "&lt;img src=x onerror=alert(1)&gt;" in shown
    assert "not an option of this question" in shown


def test_a_damaged_answers_file_is_reported_and_left_in_place(folder: Path) -> None:
    (folder / ANSWERS_FILE).write_text("{not json", encoding="utf-8")
    record = AnswerRecord.open(folder, lang="en")
    assert "could not be read" in repr(record.header)
    assert "not answered" in repr(record.shown("q01"))
    assert sorted(p.name for p in folder.iterdir()) == [ANSWERS_FILE, "questions.yml"]


def test_an_autograding_kernel_never_imports_the_widgets(folder: Path) -> None:
    _sheet(folder, {"q01": ["x"]})
    code = (
        "import sys\n"
        "from frontline.exams import start_exam\n"
        "exam = start_exam()\n"
        "exam.ask('q01')\n"
        "print(sorted(m for m in sys.modules if m.startswith(('ipywidgets', 'frontline.exams.w'))))"
    )
    env = {**os.environ, "NBGRADER_EXECUTION": "autograde"}
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=folder, env=env,
        capture_output=True, text=True, check=True,
    )
    assert done.stdout.strip().endswith("[]"), done.stdout
