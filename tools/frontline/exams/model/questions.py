"""The questions of an exam as data: a bilingual `questions.yml` beside the notebook.

The file holds what a trainee may see (prompts, options, items to order or match)
and nothing else: the answer key lives in the trainer file (`trainer_file`), so
releasing this file is safe. A question (a slot) is written flat, or pooled: a
`kind` and a list of `variants`, each with its own id (v1, v2, ...), prompt and
lists, of which each trainee's sitting shows one (`draw`). Which lists a question
has depends on its kind (`kinds`). Ordering items and matching pairs must not be
listed in their right order; the trainer file's loader refuses a key that this
file's own order would give away.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from frontline.core.errors import InputFileError
from frontline.core.i18n import LANGUAGES
from frontline.core.yamlfile import YamlDocument, read_yaml, text_field
from frontline.exams.model.bank import FLAT_VARIANT, Option, Question, QuestionBank, Variant
from frontline.exams.model.kinds.registry import KINDS

__all__ = ["QUESTIONS_FILE", "Option", "Question", "QuestionBank", "Variant", "load_questions"]

QUESTIONS_FILE = "questions.yml"
_MINIMUM = {"options": 2, "items": 2}
_ID = re.compile(r"^[A-Za-z0-9_-]+$")
# Neutral on purpose: a variant id is in answers.json and says nothing of its content.
_VARIANT_ID = re.compile(r"^v[1-9][0-9]*$")
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


def _question(doc: YamlDocument, raw: Any, index: int) -> tuple[Question, ...]:
    """A slot's variants: one (its id `v1`) when written flat, each entry of `variants:`
    when pooled."""
    where: tuple[str | int, ...] = ("questions", index)
    if not isinstance(raw, dict):
        raise doc.error("each question must be a mapping", *where)
    pooled = "variants" in raw
    allowed = {"id", "kind", "variants"} if pooled else {"id", "kind", "prompt", "options", "items"}
    if pooled:
        for part in ("prompt", "options", "items"):
            if part in raw:
                raise doc.error(
                    f"a pooled question has '{part}' in each of its variants, not beside them",
                    *where,
                    part,
                )
    _check_keys(doc, raw, allowed, *where)
    question_id = str(raw.get("id", ""))
    if not _ID.match(question_id):
        raise doc.error("question id must be letters, digits, '-' or '_'", *where, "id")
    kind = raw.get("kind")
    if not isinstance(kind, str) or kind not in KINDS:
        raise doc.error(f"kind must be one of {list(KINDS)}, not {kind!r}", *where, "kind")
    if not pooled:
        return (_variant(doc, raw, question_id, kind, FLAT_VARIANT, *where),)
    raw_variants = raw.get("variants")
    if not isinstance(raw_variants, list) or not raw_variants:
        raise doc.error("'variants' must be a non-empty list", *where, "variants")
    variants: list[Question] = []
    for i, entry in enumerate(raw_variants):
        at = (*where, "variants", i)
        if not isinstance(entry, dict):
            raise doc.error("each variant must be a mapping with id, prompt and options", *at)
        _check_keys(doc, entry, {"id", "prompt", "options", "items"}, *at)
        variant_id = str(entry.get("id", ""))
        if not _VARIANT_ID.match(variant_id):
            raise doc.error(
                f"variant id must be v1, v2, ... (neutral), not {variant_id!r}", *at, "id"
            )
        if any(v.variant == variant_id for v in variants):
            raise doc.error(f"duplicate variant id {variant_id!r}", *at, "id")
        variants.append(_variant(doc, entry, question_id, kind, variant_id, *at))
    return tuple(variants)


def _variant(
    doc: YamlDocument,
    raw: dict[str, Any],
    question_id: str,
    kind: str,
    variant_id: str,
    *where: str | int,
) -> Question:
    prompt = text_field(doc, raw.get("prompt"), *where, "prompt")
    parts: dict[str, tuple[Option, ...]] = {"options": (), "items": ()}
    for part in ("options", "items"):
        if part not in KINDS[kind].parts:
            if part in raw:
                raise doc.error(f"a {kind} question has no '{part}'", *where, part)
            continue
        parts[part] = _choices(doc, raw.get(part), part, *where)
    question = Question(
        id=question_id,
        kind=kind,
        prompt=prompt,
        options=parts["options"],
        items=parts["items"],
        variant=variant_id,
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
    slots = [_question(doc, raw, i) for i, raw in enumerate(raw_questions)]
    questions = tuple(variants[0] for variants in slots)
    pools = {
        variants[0].id: variants
        for raw, variants in zip(raw_questions, slots, strict=True)
        if "variants" in raw
    }
    seen: set[str] = set()
    for i, question in enumerate(questions):
        if question.id in seen:
            raise doc.error(f"duplicate question id {question.id!r}", "questions", i)
        seen.add(question.id)
    return QuestionBank(exam_id=exam_id, title=title, questions=questions, pools=pools)
