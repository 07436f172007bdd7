"""Pooled questions in questions.yml and the trainer file: what loads, what is refused
(with file, line and key), and what the hidden test of a pooled question writes."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from frontline.core.errors import InputFileError
from frontline.exams.authoring.notebook import render_notebook
from frontline.exams.authoring.trainer_check import trainer_findings
from frontline.exams.model.answers import AnswerSheet, parse_sheet
from frontline.exams.model.questions import load_questions
from frontline.exams.model.trainer_file import load_trainer_file, read_trainer_file
from tests.exams.pools import pooled_data, pooled_files


def test_a_pooled_exam_loads_every_variant_and_its_key() -> None:
    bank, trainer = pooled_data()
    assert [q.id for q in bank.questions] == ["q01", "q02", "q03", "q04"]
    assert [v.variant for v in bank.variants("q01")] == ["v1", "v2", "v3"]
    assert bank.pooled("q01") and not bank.pooled("q03")
    assert bank.variants("q03") == (bank.get("q03"),) and bank.get("q03").variant == "v1"
    assert bank.variant("q02", "v2").prompt.en == "Second question B"
    assert len(list(bank.all_variants())) == 3 + 2 + 1 + 2
    assert trainer.keyed("q01", "v2").key == "a"
    assert trainer.keyed("q02", "v1").key == ("a", "d")
    assert trainer.keyed("q04", "v2").key == (("x1", "a"), ("x2", "a"))
    assert trainer.keyed("q03").key == ("x2", "x3", "x1")
    assert {k.points for k in trainer.variants("q02")} == {3.0}  # shared by the variants
    assert trainer.auto_points == 2 + 3 + 3 + 2
    assert trainer.explanation("q01", "v3") is not None
    assert trainer.explanation("q01", "v3").en == "Why C."  # type: ignore[union-attr]
    assert trainer.perfect_answers({"q01": "v3", "q02": "v2", "q04": "v1"}) == {
        "q01": ("b",), "q02": ("b", "c"), "q03": ("x2", "x3", "x1"),
        "q04": {"x1": "b", "x2": "a"},
    }  # fmt: skip


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


QUESTION_ERRORS = [
    # (text replaced, replacement, the text on the line named, key, words of the reason)
    ("      - id: v2\n        prompt: {zh: 第一题乙",
     "      - id: b\n        prompt: {zh: 第一题乙", "id: b\n",
     "questions.0.variants.1.id", "variant id must be v1, v2"),
    ("      - id: v3\n", "      - id: v2\n", "id: v2\n        prompt: {zh: 第一题丙",
     "questions.0.variants.2.id", "duplicate variant id"),
    ("    kind: single\n    variants:",
     "    kind: single\n    prompt: {zh: 题, en: Q}\n    variants:",
     "prompt: {zh: 题, en: Q}", "questions.0.prompt", "in each of its variants"),
    ("    kind: multiple\n    variants:",
     "    kind: multiple\n    variants: []\n  - id: q02b\n    kind: multiple\n    variants:",
     "variants: []", "questions.1.variants", "non-empty list"),
    ("          - {id: d, zh: 乙四, en: B four}\n", "          - {id: c, zh: 乙四, en: B four}\n",
     "乙四", "questions.1.variants.1.options.3", "duplicate option id"),
    ("        prompt: {zh: 第四题乙, en: Fourth question B}\n", "        prompt: {zh: 第四题乙}\n",
     "prompt: {zh: 第四题乙}", "questions.3.variants.1.prompt", "en"),
    ("      - id: v2\n        prompt: {zh: 第二题乙",
     "      - id: v2\n        kind: single\n        prompt: {zh: 第二题乙",
     "kind: single\n        prompt: {zh: 第二题乙", "questions.1.variants.1.kind", "unknown key"),
]  # fmt: skip


@pytest.mark.parametrize(("old", "new", "marker", "key", "words"), QUESTION_ERRORS)
def test_a_broken_pool_is_refused_with_file_line_and_key(
    tmp_path: Path, old: str, new: str, marker: str, key: str, words: str
) -> None:
    questions, _ = pooled_files(tmp_path)
    _edit(questions, old, new)
    text = questions.read_text(encoding="utf-8")
    line = text[: text.index(marker)].count("\n") + 1
    with pytest.raises(InputFileError) as caught:
        load_questions(questions)
    error = caught.value
    assert error.path == questions and error.key == key, str(error)
    assert error.line == line, str(error)
    assert words in error.reason


def test_a_key_in_a_variant_is_refused_like_a_key_in_a_flat_question(tmp_path: Path) -> None:
    questions, _ = pooled_files(tmp_path)
    _edit(questions, "      - id: v3\n", "      - id: v3\n        answer: b\n")
    with pytest.raises(InputFileError, match=r"must not be in questions\.yml"):
        load_questions(questions)


TRAINER_ERRORS = [
    ("      v3: {key: b, explain: {zh: 丙的解释。, en: Why C.}}\n", "",
     "questions.q01.variants", "no key for variant v3"),
    ("      v2: {key: [b, c]", "      v2: {key: [b, c]}\n      v7: {key: [b, c]",
     "questions.q02.variants.v7", "no variant v7 of q02"),
    ("      v2: {key: a,", "      v2: {key: d,",
     "questions.q01.variants.v2.key", "'d' is not one"),
    ("      v1: {key: [a, d],", "      v1: {key: a,",
     "questions.q02.variants.v1.key", "not one id"),
    ("      v1: {key: c, explain: {zh: 甲的解释。, en: Why A.}}",
     "      v1: {key: c, points: 3, explain: {zh: 甲的解释。, en: Why A.}}",
     "questions.q01.variants.v1.points", "unknown key"),
    ("  q03:\n    points: 3\n    key: [x2, x3, x1]\n",
     "  q03:\n    points: 3\n    variants:\n      v1: {key: [x2, x3, x1]}\n",
     "questions.q03.variants", "writes this question flat"),
    ("  q04:\n    points: 2\n    variants:\n",
     "  q04:\n    points: 2\n    key: {x1: b, x2: a}\n    old:\n",
     "questions.q04", "pools this question"),
]  # fmt: skip


@pytest.mark.parametrize(("old", "new", "key", "words"), TRAINER_ERRORS)
def test_every_variant_needs_its_key_and_no_key_names_a_missing_variant(
    tmp_path: Path, old: str, new: str, key: str, words: str
) -> None:
    questions, trainer = pooled_files(tmp_path)
    _edit(trainer, old, new)
    bank = load_questions(questions)
    reading = read_trainer_file(trainer, bank)
    found = [(e.key, e.reason) for e in reading.problems]
    assert any(k == key and words in reason for k, reason in found), found
    assert all(e.path == trainer and e.line is not None for e in reading.problems)
    with pytest.raises(InputFileError):
        load_trainer_file(trainer, bank)


def test_a_pooled_hidden_test_holds_every_variants_key_as_plain_literals() -> None:
    bank, trainer = pooled_data()
    cells = {c.metadata["nbgrader"]["grade_id"]: c for c in render_notebook(bank, trainer).cells}
    source = cells["q02"].source
    assert "from frontline.exams.grading import score_pooled" in source
    call = source.split("\n")[-2]
    node = ast.parse(call, mode="eval").body
    assert isinstance(node, ast.Call) and node.func.id == "score_pooled"  # type: ignore[attr-defined]
    assert ast.literal_eval(node.args[0]) == "q02"
    assert ast.literal_eval(node.args[1]) == "multiple"
    assert ast.literal_eval(node.args[2]) == {"v1": ["a", "d"], "v2": ["b", "c"]}
    assert cells["q02"].metadata["nbgrader"]["points"] == 3
    # a flat question's cell is exactly as before
    assert 'score_ordering("q03", ["x2", "x3", "x1"], points=3)' in cells["q03"].source


def test_frontline_check_accepts_the_pooled_notebook_and_names_a_stale_one(tmp_path: Path) -> None:
    from tests.exams.pools import POOLED, pooled_course

    course = pooled_course(tmp_path)
    trainer = course.root / "trainer" / f"{POOLED}.yml"
    assert trainer_findings(trainer) == []
    _edit(trainer, "      v2: {key: a,", "      v2: {key: b,")
    problems = trainer_findings(trainer)
    assert any("is not the one this key writes" in p.reason for p in problems), problems


def test_the_answers_file_records_the_variant_beside_the_answer_and_flat_files_stay() -> None:
    sheet = AnswerSheet("pooled", "t1").with_answer("q01", ("a",), "v2").with_answer("q03", ("x1",))
    data = sheet.to_json()
    assert data["variants"] == {"q01": "v2"} and data["answers"]["q01"] == ["a"]
    assert parse_sheet(data).variants == {"q01": "v2"}
    cleared = sheet.with_answer("q01", ())
    assert "variants" not in cleared.to_json()
    flat = AnswerSheet("e", "t1").with_answer("q01", ("a",)).to_json()
    assert set(flat) == {"format", "exam", "trainee", "lang", "answers", "updated"}
