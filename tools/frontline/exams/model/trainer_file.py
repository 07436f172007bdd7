"""The trainer's side of an exam: keys, points, explanations and written-answer guides.

`exams/trainer/<exam>.yml` sits outside `exams/source/<exam>/` on purpose: nbgrader
releases every file in the source folder, so the only copy of the key that reaches
the release step is the one in the notebook's hidden tests, which nbgrader strips.

This file is the one key model: the notebook is written from it and `questions.yml`
by `frontline.exams.authoring.notebook`, and the demo, the checks and the tests read
keys and points here, never back from the generated hidden tests. A slot pooled in
questions.yml is keyed per variant (`variants: {v1: {key, explain}, ...}`) with
one `points` for all, and every variant must have its key. A retake
(`EXAM-retake-N`) is keyed by its original's file. How a key of each kind is read
and checked is the kind's part (`kinds`); the explanations feed
`frontline exams feedback`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from frontline.core.errors import InputFileError
from frontline.core.i18n import Text
from frontline.core.yamlfile import YamlDocument, read_yaml, text_field
from frontline.exams.model.answers import AnswerValue
from frontline.exams.model.bank import FLAT_VARIANT
from frontline.exams.model.kinds.registry import kind_of
from frontline.exams.model.questions import _ID, Question, QuestionBank

TRAINER_FOLDER = "trainer"
WAIVE = "waive"  # read by the item-writing check, which says what a waiver must hold
Key = str | tuple[str, ...] | tuple[tuple[str, str], ...]
T = TypeVar("T")


@dataclass(frozen=True)
class KeyedItem:
    question_id: str
    kind: str
    points: float
    #: single: option id; multiple: option ids; ordering: item ids in order;
    #: matching: (item id, option id) pairs in the order of questions.yml's items
    key: Key
    explanation: Text
    #: which variant of the slot this key is for (`v1` for a flat slot)
    variant: str = FLAT_VARIANT

    def perfect_answer(self) -> AnswerValue:
        """What an answers file holds for this item when it earns every point."""
        return kind_of(self.kind).perfect_answer(self.key)

    @property
    def correct(self) -> frozenset[str]:
        """Every id the perfect answer names (the right options of a choice, the items
        of an ordering, the right options of a matching): what no released file may name."""
        answer = self.perfect_answer()
        return frozenset(answer.values() if isinstance(answer, Mapping) else answer)


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
    #: one per slot: a flat slot's key, a pooled slot's first variant's (as
    #: `QuestionBank.questions`); points and kind are the slot's
    items: dict[str, KeyedItem]
    written: tuple[WrittenItem, ...]
    #: every variant's key of each pooled slot, by variant id, in file order
    pools: Mapping[str, Mapping[str, KeyedItem]] = field(default_factory=dict)

    def variants(self, item_id: str) -> tuple[KeyedItem, ...]:
        """Every variant's key of a slot (one for a flat slot)."""
        if item_id in self.pools:
            return tuple(self.pools[item_id].values())
        return (self.items[item_id],)

    def keyed(self, item_id: str, variant: str = FLAT_VARIANT) -> KeyedItem:
        """The key of one variant of a slot."""
        for item in self.variants(item_id):
            if item.variant == variant:
                return item
        raise KeyError(f"{item_id} has no variant {variant!r}")

    def pooled(self, item_id: str) -> bool:
        return item_id in self.pools

    def perfect_answers(self, drawn: Mapping[str, str]) -> dict[str, AnswerValue]:
        """Full marks on a sitting whose draw (`draw.draw`: slot -> variant) is `drawn`."""
        return {
            item_id: self.keyed(item_id, drawn.get(item_id, FLAT_VARIANT)).perfect_answer()
            for item_id in self.items
        }

    @property
    def auto_points(self) -> float:
        """Points the hidden tests give (the questions trainees click)."""
        return sum(item.points for item in self.items.values())

    @property
    def manual_points(self) -> dict[str, float]:
        """Points of each written answer, by id: the trainer marks them."""
        return {written.id: written.points for written in self.written}

    def explanation(self, item_id: str, variant: str = FLAT_VARIANT) -> Text | None:
        """A slot's explanation for the variant the trainee saw, or a written answer's."""
        if item_id in self.items:
            try:
                return self.keyed(item_id, variant).explanation
            except KeyError:
                return None
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


class _Findings:
    """Problems of one trainer file, collected so `frontline check` can list them all."""

    def __init__(self, doc: YamlDocument) -> None:
        self.doc = doc
        self.items: list[InputFileError] = []

    def add(self, message: str, *where: str | int) -> None:
        self.items.append(self.doc.error(message, *where))

    def attempt(self, read: Callable[[], T]) -> T | None:
        """The value `read` returns, or None with its error recorded."""
        try:
            return read()
        except InputFileError as exc:
            self.items.append(exc)
            return None

    def unknown_keys(self, raw: dict[str, Any], allowed: set[str], *where: str | int) -> None:
        for key in raw:
            if key not in allowed:
                self.add(f"unknown key; expected one of {sorted(allowed)}", *where, str(key))


def _keyed_item(found: _Findings, question: Question, raw: Any) -> KeyedItem | None:
    doc, where = found.doc, ("questions", question.id)
    if not isinstance(raw, dict):
        found.add("must be a mapping with points, key and explain", *where)
        return None
    if "variants" in raw:
        found.add(
            "questions.yml writes this question flat: give one key and explain, not variants",
            *where,
            "variants",
        )
        return None
    # `waive`: reasoned exceptions to the item-writing check (frontline.exams.itemcheck),
    # on a flat item, a pooled slot (all its variants) or one variant
    found.unknown_keys(raw, {"points", "key", "explain", WAIVE}, *where)
    points = found.attempt(lambda: _points(doc, raw.get("points"), *where, "points"))
    return _variant_key(found, question, raw, points, *where)


def _variant_key(
    found: _Findings,
    question: Question,
    raw: dict[str, Any],
    points: float | None,
    *where: str | int,
) -> KeyedItem | None:
    doc, kind = found.doc, kind_of(question.kind)
    key: Key | None = None
    if "key" not in raw:
        found.add(f"the key is missing: {kind.labels.key_shape}", *where)
    else:
        key = found.attempt(lambda: kind.parse_key(doc, question, raw["key"], *where, "key"))
    explanation = found.attempt(lambda: text_field(doc, raw.get("explain"), *where, "explain"))
    if points is None or key is None or explanation is None:
        return None
    return KeyedItem(question.id, question.kind, points, key, explanation, question.variant)


def _keyed_pool(
    found: _Findings, variants: tuple[Question, ...], raw: Any
) -> dict[str, KeyedItem] | None:
    """Every variant's key of a pooled slot: one per variant of questions.yml, no more,
    all sharing the slot's points (the slot is one graded cell)."""
    slot = variants[0].id
    doc, where = found.doc, ("questions", slot)
    if not isinstance(raw, dict):
        found.add("must be a mapping with points and variants", *where)
        return None
    if "variants" not in raw:
        found.add(
            "questions.yml pools this question: give `variants:` with a key and explain "
            f"for each of {[v.variant for v in variants]}",
            *where,
        )
        return None
    found.unknown_keys(raw, {"points", "variants", WAIVE}, *where)
    points = found.attempt(lambda: _points(doc, raw.get("points"), *where, "points"))
    raw_variants = raw["variants"]
    if not isinstance(raw_variants, dict):
        found.add("'variants' must map each variant id to its key and explain", *where, "variants")
        return None
    keyed: dict[str, KeyedItem] = {}
    for question in variants:
        at = (*where, "variants", question.variant)
        entry = raw_variants.get(question.variant)
        if entry is None:
            found.add(f"no key for variant {question.variant} of questions.yml", *where, "variants")
            continue
        if not isinstance(entry, dict):
            found.add("a variant needs key and explain", *at)
            continue
        found.unknown_keys(entry, {"key", "explain", WAIVE}, *at)
        item = _variant_key(found, question, entry, points, *at)
        if item is not None:
            keyed[question.variant] = item
    known = {v.variant for v in variants}
    for extra in raw_variants:
        if extra not in known:
            found.add(
                f"no variant {extra} of {slot} in questions.yml", *where, "variants", str(extra)
            )
    return keyed if len(keyed) == len(variants) else None


def _written(found: _Findings, raw: Any, index: int, taken: set[str]) -> WrittenItem | None:
    doc, where = found.doc, ("written", index)
    if not isinstance(raw, dict):
        found.add("a written answer needs id, points, prompt, guide and explain", *where)
        return None
    found.unknown_keys(raw, {"id", "points", "prompt", "guide", "explain"}, *where)
    item_id = str(raw.get("id", ""))
    if not _ID.match(item_id) or item_id in taken:
        found.add("id must be letters, digits, '-' or '_' and not used before", *where, "id")
    guide = raw.get("guide")
    if not isinstance(guide, str) or not guide.strip():
        found.add("the marking guide (markdown) is missing", *where, "guide")
    points = found.attempt(lambda: _points(doc, raw.get("points"), *where, "points"))
    prompt = found.attempt(lambda: text_field(doc, raw.get("prompt"), *where, "prompt"))
    explanation = found.attempt(lambda: text_field(doc, raw.get("explain"), *where, "explain"))
    if points is None or prompt is None or explanation is None or not isinstance(guide, str):
        return None
    return WrittenItem(item_id, points, prompt, guide.strip(), explanation)


@dataclass(frozen=True)
class TrainerReading:
    """A trainer file as far as it reads: every item whose own entry is good, and
    every problem (`frontline check` compares the good items with the notebook even
    when others are broken)."""

    exam_id: str
    items: dict[str, KeyedItem]
    written: tuple[WrittenItem, ...]
    problems: list[InputFileError]
    pools: dict[str, dict[str, KeyedItem]] = field(default_factory=dict)

    @property
    def trainer(self) -> TrainerFile | None:
        """The whole file, when it has no problem at all."""
        if self.problems:
            return None
        return TrainerFile(
            exam_id=self.exam_id, items=self.items, written=self.written, pools=self.pools
        )


def read_trainer_file(path: Path, bank: QuestionBank) -> TrainerReading:
    """Everything a trainer file says, checked against the exam's questions."""
    try:
        doc = read_yaml(path)
    except InputFileError as exc:
        return TrainerReading(bank.exam_id, {}, (), [exc])
    data = doc.data
    if not isinstance(data, dict):
        problem = "expected a mapping with 'exam', 'questions' and 'written'"
        return TrainerReading(bank.exam_id, {}, (), [InputFileError(path, problem)])
    found = _Findings(doc)
    found.unknown_keys(data, {"exam", "questions", "written"})
    if data.get("exam") != bank.exam_id:
        found.add(f"exam must be {bank.exam_id!r}, the id in questions.yml", "exam")
    items: dict[str, KeyedItem] = {}
    raw_items = data.get("questions")
    if not isinstance(raw_items, dict):
        found.add("'questions' must map each question id to its key", "questions")
        raw_items = {}
    pools: dict[str, dict[str, KeyedItem]] = {}
    for question in bank.questions:
        if question.id not in raw_items:
            found.add(f"no key for question {question.id} of questions.yml", "questions")
            continue
        if bank.pooled(question.id):
            pool = _keyed_pool(found, bank.variants(question.id), raw_items[question.id])
            if pool is not None:
                pools[question.id] = pool
                items[question.id] = next(iter(pool.values()))
            continue
        item = _keyed_item(found, question, raw_items[question.id])
        if item is not None:
            items[question.id] = item
    known = {q.id for q in bank.questions}
    for extra in raw_items:
        if extra not in known:
            found.add("no such question in questions.yml", "questions", str(extra))
    raw_written = data.get("written", [])
    if not isinstance(raw_written, list):
        found.add("'written' must be a list", "written")
        raw_written = []
    taken = set(known)
    written = []
    for index, raw in enumerate(raw_written):
        entry = _written(found, raw, index, taken)
        if isinstance(raw, dict):
            taken.add(str(raw.get("id", "")))
        if entry is not None:
            written.append(entry)
    return TrainerReading(bank.exam_id, items, tuple(written), found.items, pools)


def load_trainer_file(path: Path, bank: QuestionBank) -> TrainerFile:
    """Load and check a trainer file against the exam's questions; errors name file and line."""
    reading = read_trainer_file(path, bank)
    trainer, problems = reading.trainer, reading.problems
    if trainer is None:
        first = problems[0]
        more = len(problems) - 1
        reason = first.reason + (
            f" (and {more} more; `frontline check` lists them all)" if more else ""
        )
        raise InputFileError(first.path, reason, line=first.line, key=first.key)
    return trainer
