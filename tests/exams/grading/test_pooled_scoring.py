"""A pooled question's hidden test scores the variant the grading side draws, never the
one the answers file claims; a claim that differs is flagged and earns nothing."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from frontline.exams.grading import score_pooled
from frontline.exams.grading.identity import (
    IDENTITY_FILE,
    GradingIdentity,
    grading_identity,
    write_identity,
)
from frontline.exams.grading.tamper import VARIANT_CLAIM, variant_findings
from frontline.exams.model.answers import ANSWERS_FILE, AnswerSheet, save_sheet
from frontline.exams.model.draw import draw
from tests.exams.pools import pooled_data

KEYS = {"v1": "c", "v2": "a", "v3": "b"}  # q01 of the pooled test exam


def _trainee_drawing(variant: str, exam: str = "pooled") -> str:
    bank, _ = pooled_data()
    return next(t for n in range(100) if draw(bank, (t := f"t{n}"), exam)["q01"] == variant)


def _sheet(folder: Path, trainee: str, answer: str, claim: str | None) -> Path:
    path = folder / ANSWERS_FILE
    save_sheet(path, AnswerSheet("pooled", trainee).with_answer("q01", (answer,), claim))
    return path


def test_the_drawn_variants_key_scores_the_answer(tmp_path: Path) -> None:
    for variant, key in KEYS.items():
        trainee = _trainee_drawing(variant)
        who = GradingIdentity(trainee, "pooled")
        path = _sheet(tmp_path, trainee, key, variant)
        assert score_pooled("q01", "single", KEYS, 2, path, who) == 2.0
        wrong = next(k for k in "abc" if k != key)
        path = _sheet(tmp_path, trainee, wrong, variant)
        assert score_pooled("q01", "single", KEYS, 2, path, who) == 0.0


def test_a_claim_of_another_variant_earns_nothing_even_with_that_variants_key(
    tmp_path: Path,
) -> None:
    trainee = _trainee_drawing("v1")
    who = GradingIdentity(trainee, "pooled")
    # v2's key is a; the trainee says they were shown v2 and answers a.
    path = _sheet(tmp_path, trainee, "a", "v2")
    assert score_pooled("q01", "single", KEYS, 2, path, who) == 0.0
    # no claim at all beside an answer: the same
    path = _sheet(tmp_path, trainee, "c", None)
    assert score_pooled("q01", "single", KEYS, 2, path, who) == 0.0


def test_the_retake_scores_against_the_retakes_draw(tmp_path: Path) -> None:
    bank, _ = pooled_data()
    trainee = _trainee_drawing("v1")
    retake = draw(bank, trainee, "pooled-retake-1")["q01"]
    assert retake != "v1"
    who = GradingIdentity(trainee, "pooled-retake-1")
    path = _sheet(tmp_path, trainee, KEYS[retake], retake)
    assert score_pooled("q01", "single", KEYS, 2, path, who) == 2.0
    path = _sheet(tmp_path, trainee, KEYS["v1"], "v1")
    assert score_pooled("q01", "single", KEYS, 2, path, who) == 0.0


def test_outside_grading_a_pooled_question_scores_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    trainee = _trainee_drawing("v1")
    _sheet(tmp_path, trainee, "c", "v1")
    assert score_pooled("q01", "single", KEYS, points=2) == 0.0
    assert capsys.readouterr() == ("", "")  # hidden tests stay silent


def test_plain_nbgrader_names_trainee_and_exam_by_the_autograded_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    trainee = _trainee_drawing("v3")
    folder = tmp_path / "autograded" / trainee / "pooled"
    folder.mkdir(parents=True)
    # a file a trainee put in the submission cannot override nbgrader's folder
    (folder / IDENTITY_FILE).write_text(json.dumps({"trainee": "other", "exam": "x"}))
    monkeypatch.chdir(folder)
    assert grading_identity() == GradingIdentity(trainee, "pooled")
    _sheet(folder, trainee, "b", "v3")
    assert score_pooled("q01", "single", KEYS, points=2) == 2.0


def test_frontline_grading_names_them_in_a_file_it_writes_over_the_trainees(
    tmp_path: Path,
) -> None:
    run = tmp_path / "run"
    run.mkdir()
    assert grading_identity(run) is None
    (run / IDENTITY_FILE).write_text(json.dumps({"trainee": "mallory", "exam": "pooled"}))
    write_identity(run, GradingIdentity("t7", "pooled"))
    assert grading_identity(run) == GradingIdentity("t7", "pooled")
    (run / IDENTITY_FILE).write_text("[1, 2]")
    assert grading_identity(run) is None


def test_the_grader_flags_a_claim_that_differs_from_the_draw() -> None:
    bank, _ = pooled_data()
    trainee = _trainee_drawing("v1")
    drawn = draw(bank, trainee, "pooled")
    honest = AnswerSheet("pooled", trainee)
    for slot in ("q01", "q02", "q04"):
        honest = honest.with_answer(slot, ("a",), drawn[slot])
    text = json.dumps(honest.to_json())
    assert variant_findings(bank, text, trainee, "pooled") == ()
    other = next(v.variant for v in bank.variants("q02") if v.variant != drawn["q02"])
    forged = honest.with_answer("q02", ("b",), other)
    forged = replace(forged, variants={k: v for k, v in forged.variants.items() if k != "q04"})
    findings = variant_findings(bank, json.dumps(forged.to_json()), trainee, "pooled")
    assert [(f.kind, f.cell) for f in findings] == [(VARIANT_CLAIM, "q02"), (VARIANT_CLAIM, "q04")]
    assert f"variant {other}" in findings[0].detail and "no variant" in findings[1].detail
    # another trainee's honest file, copied: every pooled answer is flagged
    copier = next(
        t for n in range(100) if draw(bank, (t := f"c{n}"), "pooled")["q01"] != drawn["q01"]
    )
    assert any(f.cell == "q01" for f in variant_findings(bank, text, copier, "pooled"))
    assert variant_findings(bank, None, trainee, "pooled") == ()
    assert variant_findings(bank, "{not json", trainee, "pooled") == ()
