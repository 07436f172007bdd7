"""A trainee's sitting of a pooled exam shows the variant drawn for them and records it;
the autograde record shows the variant grading draws."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from frontline.exams.model.answers import ANSWERS_FILE, AnswerSheet, save_sheet
from frontline.exams.model.draw import draw
from frontline.exams.model.questions import QUESTIONS_FILE
from frontline.exams.trainee.answer_record import AnswerRecord
from frontline.exams.trainee.widgets import start_exam
from tests.exams.pools import DATA, pooled_data


@pytest.fixture()
def folder(tmp_path: Path) -> Path:
    shutil.copy(DATA / QUESTIONS_FILE, tmp_path / QUESTIONS_FILE)
    return tmp_path


def _trainees_per_variant() -> dict[str, str]:
    bank, _ = pooled_data()
    found: dict[str, str] = {}
    for n in range(200):
        found.setdefault(draw(bank, f"t{n}", "pooled")["q01"], f"t{n}")
    return found


def test_each_trainee_sees_the_variant_drawn_for_them(folder: Path) -> None:
    bank, _ = pooled_data()
    per_variant = _trainees_per_variant()
    assert set(per_variant) == {"v1", "v2", "v3"}
    for variant, trainee in per_variant.items():
        session = start_exam(folder, trainee=trainee, lang="en")
        view = session.view("q01")
        shown = bank.variant("q01", variant)
        assert shown.prompt.en in view.prompt.value  # type: ignore[attr-defined]
        labels = [label for label, _ in view.radio.options]  # type: ignore[attr-defined]
        assert sorted(label.split(". ", 1)[1] for label in labels) == sorted(
            option.text.en for option in shown.options
        )


def test_the_answers_file_records_the_variant_shown_beside_the_answer(folder: Path) -> None:
    trainee = _trainees_per_variant()["v2"]
    session = start_exam(folder, trainee=trainee)
    session.view("q01").radio.value = "b"  # type: ignore[attr-defined]
    session.view("q03")  # a flat question: no variant written for it
    saved = json.loads((folder / ANSWERS_FILE).read_text(encoding="utf-8"))
    assert saved["answers"] == {"q01": ["b"]}
    assert saved["variants"] == {"q01": "v2"}
    drawn = draw(pooled_data()[0], trainee, "pooled")["q02"]
    session.view("q02").boxes["a"].value = True  # type: ignore[attr-defined]
    saved = json.loads((folder / ANSWERS_FILE).read_text(encoding="utf-8"))
    assert saved["variants"] == {"q01": "v2", "q02": drawn}
    # reopened, the same variant and the same choice
    again = start_exam(folder, trainee=trainee)
    assert again.view("q01").radio.value == "b"  # type: ignore[attr-defined]


def test_the_autograde_record_shows_the_variant_grading_draws(
    folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bank, _ = pooled_data()
    trainee = _trainees_per_variant()["v3"]
    graded = tmp_path / "autograded" / trainee / "pooled"
    graded.mkdir(parents=True)
    shutil.copy(folder / QUESTIONS_FILE, graded / QUESTIONS_FILE)
    # the file claims v1, but grading draws v3 for this trainee: the record shows v3
    sheet = AnswerSheet("pooled", trainee, lang="en").with_answer("q01", ("b",), "v1")
    save_sheet(graded / ANSWERS_FILE, sheet)
    monkeypatch.chdir(graded)
    record = AnswerRecord.open(graded, lang="en")
    text = record.shown("q01").text
    assert bank.variant("q01", "v3").prompt.en in text and "C two" in text
    # outside grading it shows what the file names
    monkeypatch.chdir(tmp_path)
    assert bank.variant("q01", "v1").prompt.en in AnswerRecord.open(graded, lang="en").shown(
        "q01"
    ).text
