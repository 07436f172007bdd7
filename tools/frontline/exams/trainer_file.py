"""The trainer's side of an exam: keys, points, explanations and written-answer guides.

`exams/trainer/<exam>.yml` sits outside `exams/source/<exam>/` on purpose: nbgrader
releases every file in the source folder, so the only copy of the key that reaches
the release step is the one in the notebook's hidden tests, which nbgrader strips.
The notebook is written from this file and `questions.yml` by
`frontline.exams.authoring`; the explanations feed `frontline exams feedback`.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import InputFileError
from ..i18n import Text
from ..yamlfile import YamlDocument, read_yaml, text_field
from .grading import ordering_points
from .questions import _ID, Question, QuestionBank

TRAINER_FOLDER = "trainer"
Key = str | tuple[str, ...] | tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class KeyedItem:
    question_id: str
    kind: str
    points: float
    #: single: option id; multiple: option ids; ordering: item ids in order;
    #: matching: (item id, option id) pairs in the order of questions.yml's items
    key: Key
    explanation: Text


@dataclass(frozen=True)
class WrittenItem:
    id: str
    points: float
    prompt: Text
    guide: str
    explanation: Text


@dataclass(frozen=True)
class TrainerFile:
    exam_id: str
    items: dict[str, KeyedItem]
    written: tuple[WrittenItem, ...]

    def explanation(self, item_id: str) -> Text | None:
        if item_id in self.items:
            return self.items[item_id].explanation
        for written in self.written:
            if written.id == item_id:
                return written.explanation
        return None


def trainer_file_path(course_root: Path, exam_id: str) -> Path:
    return course_root / TRAINER_FOLDER / f"{exam_id}.yml"


def _points(doc: YamlDocument, value: Any, *where: str | int) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or value <= 0:
        raise doc.error("points must be a number above zero", *where)
    return float(value)


def _allowed(doc: YamlDocument, raw: dict[str, Any], allowed: set[str], *where: str | int) -> None:
    for key in raw:
        if key not in allowed:
            raise doc.error(f"unknown key; expected one of {sorted(allowed)}", *where, key)


def _ids(
    doc: YamlDocument, value: Any, known: tuple[str, ...], *where: str | int
) -> tuple[str, ...]:
    raw = [value] if isinstance(value, str) else value
    if not isinstance(raw, list) or not raw:
        raise doc.error("expected an id or a list of ids", *where)
    ids = tuple(str(v) for v in raw)
    for i, item in enumerate(ids):
        if item not in known:
            raise doc.error(f"{item!r} is not one of this question's ids {list(known)}", *where, i)
    if len(set(ids)) != len(ids):
        raise doc.error("an id appears twice", *where)
    return ids


def _key(doc: YamlDocument, question: Question, value: Any, *where: str | int) -> Key:
    if question.kind == "single":
        if not isinstance(value, str):
            raise doc.error("a single-choice key is one option id", *where)
        return _ids(doc, value, question.option_ids, *where)[0]
    if question.kind == "multiple":
        return _ids(doc, value, question.option_ids, *where)
    if question.kind == "ordering":
        order = _ids(doc, value, question.item_ids, *where)
        if set(order) != set(question.item_ids):
            raise doc.error("an ordering key must list every item once", *where)
        # questions.yml is released: its own listing must not give the order away.
        if ordering_points(question.item_ids, order, 1.0) >= 0.5:
            raise doc.error(
                f"questions.yml lists the items of {question.id} close to their right "
                "order, which trainees can read; list them scrambled",
                *where,
            )
        return order
    if not isinstance(value, dict) or set(map(str, value)) != set(question.item_ids):
        raise doc.error(
            f"a matching key maps every item {list(question.item_ids)} to an option", *where
        )
    pairs = []
    for item_id in question.item_ids:
        option = str(value[item_id])
        if option not in question.option_ids:
            raise doc.error(f"{option!r} is not an option of {question.id}", *where, item_id)
        pairs.append((item_id, option))
    in_line = sum(1 for i, (_, o) in enumerate(pairs) if question.option_ids.index(o) == i)
    if in_line * 2 > len(pairs):
        raise doc.error(
            f"questions.yml lists the options of {question.id} in line with their items, "
            "which trainees can read; reorder the options",
            *where,
        )
    return tuple(pairs)


def _written(doc: YamlDocument, raw: Any, index: int, taken: set[str]) -> WrittenItem:
    where: tuple[str | int, ...] = ("written", index)
    if not isinstance(raw, dict):
        raise doc.error("a written answer needs id, points, prompt, guide and explain", *where)
    _allowed(doc, raw, {"id", "points", "prompt", "guide", "explain"}, *where)
    item_id = str(raw.get("id", ""))
    if not _ID.match(item_id) or item_id in taken:
        raise doc.error("id must be letters, digits, '-' or '_' and not used before", *where, "id")
    guide = raw.get("guide")
    if not isinstance(guide, str) or not guide.strip():
        raise doc.error("the marking guide (markdown) is missing", *where, "guide")
    return WrittenItem(
        id=item_id,
        points=_points(doc, raw.get("points"), *where, "points"),
        prompt=text_field(doc, raw.get("prompt"), *where, "prompt"),
        guide=guide.strip(),
        explanation=text_field(doc, raw.get("explain"), *where, "explain"),
    )


def load_trainer_file(path: Path, bank: QuestionBank) -> TrainerFile:
    """Load and check a trainer file against the exam's questions; errors name file and line."""
    doc = read_yaml(path)
    data = doc.data
    if not isinstance(data, dict):
        raise InputFileError(path, "expected a mapping with 'exam', 'questions' and 'written'")
    _allowed(doc, data, {"exam", "questions", "written"})
    if data.get("exam") != bank.exam_id:
        raise doc.error(f"exam must be {bank.exam_id!r}, the id in questions.yml", "exam")
    raw_items = data.get("questions")
    if not isinstance(raw_items, dict):
        raise doc.error("'questions' must map each question id to its key", "questions")
    items: dict[str, KeyedItem] = {}
    for question in bank.questions:
        raw = raw_items.get(question.id)
        if not isinstance(raw, dict):
            raise doc.error(f"no key for question {question.id}", "questions")
        where = ("questions", question.id)
        _allowed(doc, raw, {"points", "key", "explain"}, *where)
        items[question.id] = KeyedItem(
            question_id=question.id,
            kind=question.kind,
            points=_points(doc, raw.get("points"), *where, "points"),
            key=_key(doc, question, raw.get("key"), *where, "key"),
            explanation=text_field(doc, raw.get("explain"), *where, "explain"),
        )
    for extra in raw_items:
        if extra not in items:
            raise doc.error("no such question in questions.yml", "questions", extra)
    raw_written = data.get("written", [])
    if not isinstance(raw_written, list):
        raise doc.error("'written' must be a list", "written")
    taken = set(items)
    written = []
    for index, raw in enumerate(raw_written):
        item = _written(doc, raw, index, taken)
        taken.add(item.id)
        written.append(item)
    return TrainerFile(exam_id=bank.exam_id, items=items, written=tuple(written))
