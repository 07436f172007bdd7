"""Exam questions as bilingual data: the real file loads, a broken one names file and line."""

from __future__ import annotations

from pathlib import Path

import pytest

from frontline.core.course import REPO_ROOT
from frontline.core.errors import InputFileError
from frontline.core.i18n import Text
from frontline.exams.model.questions import Option, load_questions

REAL = REPO_ROOT / "exams" / "source" / "etiquette-theory" / "questions.yml"

# Line numbers on the right are what the error messages must point at.
SMALL = """\
exam: demo
title:
  zh: 演示
  en: Demo
questions:
  - id: q01
    kind: single
    prompt:
      zh: 问题一
      en: Question one
    options:
      - {id: a, zh: 甲, en: A}
      - {id: b, zh: 乙, en: B}
  - id: q02
    kind: multiple
    prompt:
      zh: 问题二
      en: Question two
    options:
      - {id: a, zh: 甲, en: A}
      - {id: b, zh: 乙, en: B}
      - {id: c, zh: 丙, en: C}
"""
ANSWER_KEYS = "answer keys must not be in questions.yml"


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "questions.yml"
    path.write_text(text, encoding="utf-8")
    return path


def test_the_real_exam_loads_in_both_languages() -> None:
    bank = load_questions(REAL)
    assert bank.exam_id == "etiquette-theory"
    assert bank.title.zh and bank.title.en
    assert len(bank.questions) >= 12
    assert {q.kind for q in bank.questions} == {"single", "multiple"}
    assert len({q.id for q in bank.questions}) == len(bank.questions)
    for question in bank.questions:
        assert question.prompt.zh.strip() and question.prompt.en.strip(), question.id
        assert len(question.options) >= 2, question.id
        for option in question.options:
            assert option.text.zh.strip() and option.text.en.strip(), (question.id, option.id)


def test_a_small_file_loads_as_written(tmp_path: Path) -> None:
    bank = load_questions(_write(tmp_path, SMALL))
    assert bank.exam_id == "demo"
    assert bank.title == Text(zh="演示", en="Demo")
    assert [q.id for q in bank.questions] == ["q01", "q02"]
    q02 = bank.get("q02")
    assert q02.kind == "multiple"
    assert q02.option_ids == ("a", "b", "c")
    assert q02.option("c") == Option(id="c", text=Text(zh="丙", en="C"))


@pytest.mark.parametrize(
    ("old", "new", "where", "reason"),
    [
        ("      en: Question one\n", "", "line 8, key 'questions.0.prompt'", "missing 'en' text"),
        ("      zh: 问题二\n", "", "line 16, key 'questions.1.prompt'", "missing 'zh' text"),
        (
            "{id: b, zh: 乙, en: B}",
            "{id: b, zh: 乙}",
            "line 13, key 'questions.0.options.1'",
            "missing 'en' text",
        ),
        ("  en: Demo\n", "", "line 2, key 'title'", "missing 'en' text"),
        (
            "  en: Demo\n",
            "  en: Demo\n  fr: Démo\n",
            "line 2, key 'title'",
            "unknown key(s) ['fr']",
        ),
        ("id: q02", "id: q01", "line 14, key 'questions.1'", "duplicate question id 'q01'"),
        ("{id: c,", "{id: a,", "line 22, key 'questions.1.options.2'", "duplicate option id 'a'"),
        (
            "kind: multiple",
            "kind: essay",
            "line 15, key 'questions.1.kind'",
            "kind must be one of ['single', 'multiple', 'ordering', 'matching'], not 'essay'",
        ),
        (
            "      - {id: b, zh: 乙, en: B}\n  - id: q02",
            "  - id: q02",
            "line 11, key 'questions.0.options'",
            "at least two options",
        ),
        ("id: q01", "id: q 01", "line 6, key 'questions.0.id'", "question id must be letters"),
        (
            "{id: b, zh: 乙, en: B}\n  - id: q02",
            "{id: right-one, zh: 乙, en: B}\n  - id: q02",
            "line 13, key 'questions.0.options.1.id'",
            "option id 'right-one' says whether it is right",
        ),
        (
            "{id: a, zh: 甲, en: A}",
            "{id: a!, zh: 甲, en: A}",
            "line 12, key 'questions.0.options.0.id'",
            "option id must be letters",
        ),
        (
            "kind: single\n",
            "kind: single\n    points: 2\n",
            "line 8, key 'questions.0.points'",
            "unknown key",
        ),
        (
            "kind: single\n",
            "kind: single\n    correct: a\n",
            "line 8, key 'questions.0.correct'",
            ANSWER_KEYS,
        ),
        (
            "kind: multiple\n",
            "kind: multiple\n    answer: [a, b]\n",
            "line 16, key 'questions.1.answer'",
            ANSWER_KEYS,
        ),
        (
            "{id: a, zh: 甲, en: A}",
            "{id: a, zh: 甲, en: A, correct: true}",
            "line 12, key 'questions.0.options.0.correct'",
            ANSWER_KEYS,
        ),
        ("exam: demo\n", "exam: demo\nAnswers: {q01: a}\n", "line 2, key 'Answers'", ANSWER_KEYS),
    ],
)
def test_a_broken_file_names_file_line_and_key(
    tmp_path: Path, old: str, new: str, where: str, reason: str
) -> None:
    assert old in SMALL
    path = _write(tmp_path, SMALL.replace(old, new, 1))
    with pytest.raises(InputFileError) as excinfo:
        load_questions(path)
    message = str(excinfo.value)
    assert message.startswith(f"{path}, {where}: "), message
    assert reason in message


def test_answer_keys_message_says_where_they_belong(tmp_path: Path) -> None:
    path = _write(tmp_path, SMALL.replace("kind: single\n", "kind: single\n    correct: a\n"))
    with pytest.raises(InputFileError) as excinfo:
        load_questions(path)
    assert str(excinfo.value) == (
        f"{path}, line 8, key 'questions.0.correct': answer keys must not be in questions.yml "
        "(it is released to trainees); put the key in the notebook's hidden tests"
    )


@pytest.mark.parametrize(
    ("old", "new", "line", "problem"),
    [
        (
            "{id: b, zh: 乙, en: B}",
            "{id: b, zh: 乙, en: B}}",
            13,
            "expected <block end>, but found '}'",
        ),
        ("    kind: single", "   kind: single", 7, "expected <block end>"),
        (
            "      en: Question two",
            "      en: Why: this",
            18,
            "mapping values are not allowed here",
        ),
    ],
)
def test_a_yaml_syntax_error_names_the_line(
    tmp_path: Path, old: str, new: str, line: int, problem: str
) -> None:
    path = _write(tmp_path, SMALL.replace(old, new, 1))
    with pytest.raises(InputFileError) as excinfo:
        load_questions(path)
    assert str(excinfo.value).startswith(f"{path}, line {line}: invalid YAML: {problem}")


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("", "expected a mapping with 'exam', 'title' and 'questions'"),
        (
            "exam: demo\ntitle: {zh: 演示, en: Demo}\nquestions: []\n",
            "'questions' must be a non-empty list",
        ),
    ],
)
def test_a_file_without_questions_is_refused(tmp_path: Path, text: str, reason: str) -> None:
    path = _write(tmp_path, text)
    with pytest.raises(InputFileError) as excinfo:
        load_questions(path)
    assert str(excinfo.value).startswith(str(path))
    assert reason in str(excinfo.value)
