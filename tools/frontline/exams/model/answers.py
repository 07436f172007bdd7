"""The answers file a trainee's clicks write to, beside the exam notebook.

Stored by question id and option id (never by position), so the per-trainee shuffle
of options cannot change what was chosen. A choice answer is a list of option ids,
an ordering answer the list of item ids in the trainee's order, a matching answer
an object from item id to option id. nbgrader's autograder re-runs the
notebook in a copy of the submission folder, so the hidden tests read this same file.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from frontline.core.atomic import write_json_atomic
from frontline.core.i18n import Lang, parse_lang

ANSWERS_FILE = "answers.json"
FORMAT_VERSION = 1
#: option ids (choice), item ids in order (ordering) or item id -> option id (matching)
AnswerValue = tuple[str, ...] | Mapping[str, str]


def selection_of(answer: AnswerValue | None) -> tuple[str, ...]:
    """Chosen option ids or ordered item ids; nothing for an answer of another shape."""
    return answer if isinstance(answer, tuple) else ()


def matches_of(answer: AnswerValue | None) -> dict[str, str]:
    """Item id -> option id pairs; nothing for an answer of another shape."""
    return dict(answer) if isinstance(answer, Mapping) else {}


class AnswerFileError(ValueError):
    """The answers file exists but cannot be read as an answer sheet."""


@dataclass(frozen=True)
class AnswerSheet:
    exam_id: str
    trainee_id: str
    lang: Lang = "zh"
    answers: Mapping[str, AnswerValue] = field(default_factory=dict)
    updated: str = ""
    #: the variant shown, per answered pooled slot (a flat slot's is v1 and not written).
    #: A claim only: grading recomputes the draw and flags a claim that differs.
    variants: Mapping[str, str] = field(default_factory=dict)

    def selection(self, question_id: str) -> tuple[str, ...]:
        """Chosen option ids (choice) or item ids in order (ordering)."""
        return selection_of(self.answers.get(question_id))

    def matches(self, question_id: str) -> dict[str, str]:
        """Item id -> option id pairs of a matching question."""
        return matches_of(self.answers.get(question_id))

    def with_answer(
        self, question_id: str, value: AnswerValue, variant: str | None = None
    ) -> AnswerSheet:
        """The sheet with one answer set (or cleared); `variant`: the pooled slot's variant
        that was shown, recorded beside the answer."""
        answers, variants = dict(self.answers), dict(self.variants)
        if value:
            answers[question_id] = dict(value) if isinstance(value, Mapping) else tuple(value)
            if variant is not None:
                variants[question_id] = variant
        else:
            answers.pop(question_id, None)
            variants.pop(question_id, None)
        return replace(self, answers=answers, variants=variants, updated=_now())

    def with_lang(self, lang: Lang) -> AnswerSheet:
        return replace(self, lang=lang, updated=_now())

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "format": FORMAT_VERSION,
            "exam": self.exam_id,
            "trainee": self.trainee_id,
            "lang": self.lang,
            "answers": {
                qid: dict(sorted(value.items())) if isinstance(value, Mapping) else list(value)
                for qid, value in sorted(self.answers.items())
            },
            "updated": self.updated,
        }
        if self.variants:  # absent for flat exams: their files stay as they were
            data["variants"] = dict(sorted(self.variants.items()))
        return data


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def parse_sheet(raw: Any) -> AnswerSheet:
    if not isinstance(raw, dict) or not isinstance(raw.get("answers", {}), dict):
        raise AnswerFileError("expected an object with an 'answers' mapping")
    answers: dict[str, AnswerValue] = {}
    for qid, ids in raw.get("answers", {}).items():
        if isinstance(ids, dict):
            if not all(isinstance(k, str) and isinstance(v, str) for k, v in ids.items()):
                raise AnswerFileError(f"answer to {qid!r} must map item ids to option ids")
            answers[str(qid)] = dict(ids)
            continue
        if isinstance(ids, str):
            ids = [ids]
        if not isinstance(ids, list) or not all(isinstance(i, str) for i in ids):
            raise AnswerFileError(f"answer to {qid!r} must be a list of option ids")
        answers[str(qid)] = tuple(dict.fromkeys(ids))  # drop repeats, keep order
    raw_variants = raw.get("variants", {})
    if not isinstance(raw_variants, dict) or not all(
        isinstance(v, str) for v in raw_variants.values()
    ):
        raise AnswerFileError("'variants' must map question ids to variant ids")
    return AnswerSheet(
        variants={str(k): v for k, v in raw_variants.items()},
        exam_id=str(raw.get("exam", "")),
        trainee_id=str(raw.get("trainee", "")),
        lang=parse_lang(str(raw.get("lang", "")) or None),
        answers=answers,
        updated=str(raw.get("updated", "")),
    )


def load_sheet(path: Path) -> AnswerSheet | None:
    """The saved sheet, or None when nothing has been answered yet."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    except UnicodeDecodeError as exc:
        raise AnswerFileError(f"{path}: not UTF-8 text ({exc.reason})") from None
    try:
        return parse_sheet(json.loads(text))
    except (json.JSONDecodeError, AnswerFileError) as exc:
        raise AnswerFileError(f"{path}: {exc}") from None


def save_sheet(path: Path, sheet: AnswerSheet) -> None:
    write_json_atomic(path, sheet.to_json())


def read_variant_claim(path: Path, question_id: str) -> str | None:
    """The variant the answers file says was shown for a slot; None if none or unreadable
    (silent, like `read_answer`)."""
    try:
        sheet = load_sheet(path)
    except (AnswerFileError, OSError):
        return None
    return sheet.variants.get(question_id) if sheet else None


def read_answer(path: Path, question_id: str) -> AnswerValue | None:
    """What the trainee answered to one question; None if unanswered or unreadable.

    Used by hidden tests, which must stay silent: any output on stderr would make
    nbgrader award zero for the cell even when the answer is right.
    """
    try:
        sheet = load_sheet(path)
    except (AnswerFileError, OSError):
        return None
    return sheet.answers.get(question_id) if sheet else None
