"""The questions of an exam as data: a bilingual `questions.yml` beside the notebook.

The file holds what a trainee may see (prompts, options, items to order or match)
and nothing else: the answer key lives in the trainer file (`trainer_file`), so
releasing this file is safe. Which lists a question has depends on its kind
(`kinds`). Ordering items and matching pairs must not be listed in their right
order; the trainer file's loader refuses a key that this file's own order would
give away.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from frontline.core.errors import InputFileError
from frontline.core.i18n import LANGUAGES
from frontline.core.yamlfile import YamlDocument, read_yaml, text_field
from frontline.exams.model.bank import Option, Question, QuestionBank
from frontline.exams.model.kinds.registry import KINDS

__all__ = ["QUESTIONS_FILE", "Option", "Question", "QuestionBank", "load_questions"]

QUESTIONS_FILE = "questions.yml"
_MINIMUM = {"options": 2, "items": 2}
_ID = re.compile(r"^[A-Za-z0-9_-]+$")
# Words that would betray a key if a trainer put one in the released file by mistake.
FORBIDDEN_KEYS = frozenset({"answer", "answers", "correct", "key", "solution"})
# Trainees see option ids in the released questions.yml and in answers.json, so an id
# must name what the option says, never whether it is right.
JUDGEMENT_WORDS = frozenset({
    "right", "correct", "incorrect", "wrong", "true", "false", "standard", "proper",
    "improper", "best", "worst", "ideal", "good", "bad", "key",
})  # fmt: skip


def _check_keys(
    doc: YamlDocument, value: dict[str, Any], allowed: set[str], *where: str | int
) -> None:
    for key in value:
        if str(key).lower() in FORBIDDEN_KEYS:
            raise doc.error(
                "answer keys must not be in questions.yml (it is released to trainees); "
                "put the key in the notebook's hidden tests",
                *where,
                key,
            )
        if key not in allowed:
            raise doc.error(f"unknown key; expected one of {sorted(allowed)}", *where, key)


def _option(doc: YamlDocument, raw: Any, *where: str | int) -> Option:
    if not isinstance(raw, dict):
        raise doc.error("an option needs 'id', 'zh' and 'en'", *where)
    _check_keys(doc, raw, {"id", "zh", "en"}, *where)
    option_id = str(raw.get("id", ""))
    if not _ID.match(option_id):
        noun = "item" if "items" in where else "option"
        raise doc.error(f"{noun} id must be letters, digits, '-' or '_'", *where, "id")
    judged = JUDGEMENT_WORDS.intersection(re.split(r"[-_]", option_id.lower()))
    if judged and "options" in where:
        raise doc.error(
            f"option id {option_id!r} says whether it is right ({sorted(judged)[0]!r}) and "
            "trainees see ids; name the option by what it says",
            *where,
            "id",
        )
    text = text_field(doc, {k: raw.get(k) for k in LANGUAGES}, *where)
    return Option(id=option_id, text=text)


def _question(doc: YamlDocument, raw: Any, index: int) -> Question:
    where: tuple[str | int, ...] = ("questions", index)
    if not isinstance(raw, dict):
        raise doc.error("each question must be a mapping", *where)
    _check_keys(doc, raw, {"id", "kind", "prompt", "options", "items"}, *where)
    question_id = str(raw.get("id", ""))
    if not _ID.match(question_id):
        raise doc.error("question id must be letters, digits, '-' or '_'", *where, "id")
    kind = raw.get("kind")
    if not isinstance(kind, str) or kind not in KINDS:
        raise doc.error(f"kind must be one of {list(KINDS)}, not {kind!r}", *where, "kind")
    prompt = text_field(doc, raw.get("prompt"), *where, "prompt")
    parts: dict[str, tuple[Option, ...]] = {"options": (), "items": ()}
    for part in ("options", "items"):
        if part not in KINDS[kind].parts:
            if part in raw:
                raise doc.error(f"a {kind} question has no '{part}'", *where, part)
            continue
        parts[part] = _choices(doc, raw.get(part), part, *where)
    question = Question(
        id=question_id, kind=kind, prompt=prompt, options=parts["options"], items=parts["items"]
    )
    problem = KINDS[kind].question_problem(question)
    if problem is not None:
        message, part = problem
        raise doc.error(message, *where, part)
    return question


def _choices(doc: YamlDocument, raw: Any, part: str, *where: str | int) -> tuple[Option, ...]:
    minimum = _MINIMUM[part]
    if not isinstance(raw, list) or len(raw) < minimum:
        raise doc.error(f"a question needs a list of at least two {part}", *where, part)
    found = tuple(_option(doc, entry, *where, part, i) for i, entry in enumerate(raw))
    seen: set[str] = set()
    for i, option in enumerate(found):
        if option.id in seen:
            noun = "option" if part == "options" else "item"
            raise doc.error(f"duplicate {noun} id {option.id!r}", *where, part, i)
        seen.add(option.id)
    return found


def load_questions(path: Path) -> QuestionBank:
    """Load and validate an exam's questions; errors name the file, line and key."""
    doc = read_yaml(path)
    if not isinstance(doc.data, dict):
        raise InputFileError(path, "expected a mapping with 'exam', 'title' and 'questions'")
    _check_keys(doc, doc.data, {"exam", "title", "questions"})
    exam_id = str(doc.data.get("exam", ""))
    if not _ID.match(exam_id):
        raise doc.error("exam id must be letters, digits, '-' or '_'", "exam")
    title = text_field(doc, doc.data.get("title"), "title")
    raw_questions = doc.data.get("questions")
    if not isinstance(raw_questions, list) or not raw_questions:
        raise doc.error("'questions' must be a non-empty list", "questions")
    questions = tuple(_question(doc, raw, i) for i, raw in enumerate(raw_questions))
    seen: set[str] = set()
    for i, question in enumerate(questions):
        if question.id in seen:
            raise doc.error(f"duplicate question id {question.id!r}", "questions", i)
        seen.add(question.id)
    return QuestionBank(exam_id=exam_id, title=title, questions=questions)
