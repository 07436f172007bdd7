"""What every item kind has: one typed seam between a question kind and the places
that read, key, score, show, explain and simulate it.

Before the seam, a new kind meant edits in eight files, and a forgotten one failed
only on a trainee's screen. Now a kind is one `ItemKind` object: a missing method
fails when its module is imported (the methods are abstract), and
tests/exams/model/test_kinds.py runs every part of every registered kind on the
kind's own tiny example.

Everything here is pure and light, because the grading kernel imports it (through
`frontline.exams.grading` and the autograder's answer record). A kind's widget
imports ipywidgets only when a trainee's notebook asks for it.
"""

from __future__ import annotations

import json
import random
from abc import ABC, abstractmethod
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Generic, Literal, Protocol, TypeVar

from frontline.core.i18n import Lang, Text
from frontline.core.yamlfile import YamlDocument
from frontline.exams.model.answers import AnswerSheet, AnswerValue
from frontline.exams.model.bank import Option, Question

#: A key as the trainer file gives it, once read: an option id (single), option ids
#: (multiple), item ids in order (ordering) or (item, option) pairs (matching).
K = TypeVar("K")
#: The lists a question of a kind has in questions.yml.
Part = Literal["options", "items"]
OnChange = Callable[[str, AnswerValue], None]
#: The trainee's own order of some ids; the second argument salts the shuffle.
Shuffle = Callable[[tuple[str, ...], str], list[str]]


@dataclass(frozen=True)
class KindLabels:
    """What people read about a kind, in both languages where trainees read it."""

    #: counted in the exam's instructions: "单选题 3 道" / "3 single-choice"
    name: Text
    #: beside every prompt in the answer widgets
    hint: Text
    #: how partial credit works, in the instructions; None: all or nothing, no words needed
    rule: Text | None
    #: what a key of this kind looks like in the trainer file (trainers read English
    #: and Chinese keys alike; the loader's errors are in English)
    key_shape: str


@dataclass(frozen=True)
class KindExample:
    """A tiny question of the kind and its key, written as a trainer writes them.

    The registry test builds a questions.yml and a trainer file from every kind's
    example and runs each part on it, so a new kind is tested by being registered.
    """

    options: tuple[str, ...] = ()
    items: tuple[str, ...] = ()
    #: as in the trainer file: an id, a list of ids, or a mapping of item to option
    key: object = None


@dataclass(frozen=True)
class Named:
    """An id of a recorded answer with its text; None when the question has no such id."""

    id: str
    text: Text | None


@dataclass(frozen=True)
class RecordedAnswer:
    """A trainee's answer as lines for people: a choice, an item, or an item → option pair."""

    #: the position of a line is part of the answer (ordering)
    numbered: bool
    lines: tuple[tuple[Named, ...], ...]


@dataclass(frozen=True)
class ViewContext:
    """What a kind's widget needs from the trainee's sitting."""

    number: int
    sheet: AnswerSheet
    lang: Lang
    shuffle: Shuffle
    on_change: OnChange


class QuestionView(Protocol):
    """A question's widget: the session shows `widget` and switches its language."""

    @property
    def widget(self) -> Any: ...  # an ipywidgets widget; not imported here

    def set_lang(self, lang: Lang) -> None: ...


@dataclass(frozen=True)
class ItemKind(ABC, Generic[K]):
    """One question kind, in every part of Frontline that depends on the kind."""

    #: as questions.yml spells it (`kind: single`)
    name: str
    #: the lists its questions have in questions.yml
    parts: tuple[Part, ...]
    labels: KindLabels
    #: the hidden test's function, a public name in `frontline.exams.grading`
    score_function: str
    #: the YAML shape of its key in the trainer file: str, list or dict
    key_yaml: type
    example: KindExample

    # --- questions.yml -----------------------------------------------------------------

    def question_problem(self, question: Question) -> tuple[str, Part] | None:
        """What questions.yml gets wrong about this question beyond the common rules
        (the message and the part it is about), or None."""
        return None

    # --- the trainer file (the key) ---------------------------------------------------

    def parse_key(self, doc: YamlDocument, question: Question, value: Any, *where: str | int) -> K:
        """The key of `question` read from the trainer file; errors name file, line, key."""
        if not isinstance(value, self.key_yaml):
            raise doc.error(f"{self.labels.key_shape}, not {yaml_shape(value)}", *where)
        return self.read_key(doc, question, value, *where)

    @abstractmethod
    def read_key(self, doc: YamlDocument, question: Question, value: Any, *where: str | int) -> K:
        """The key from a value of the right YAML shape; refuses ids the question lacks
        and keys that questions.yml, which trainees read, would give away."""

    # --- authoring and grading ---------------------------------------------------------

    @abstractmethod
    def key_literal(self, key: K) -> object:
        """The key as the hidden test passes it (JSON: a string, a list or an object)."""

    @abstractmethod
    def key_from_literal(self, literal: Any) -> K:
        """The key back from what `key_literal` wrote (a pooled hidden test holds every
        variant's literal and scores the drawn one)."""

    def hidden_test_call(self, question_id: str, key: K, points: float) -> str:
        """The hidden test's last line, whose value nbgrader takes as partial credit."""
        literal = json.dumps(self.key_literal(key), ensure_ascii=False)
        return f'{self.score_function}("{question_id}", {literal}, points={points_literal(points)})'

    def pooled_test_call(self, question_id: str, keys: Mapping[str, K], points: float) -> str:
        """A pooled slot's hidden test: every variant's key; the grading side draws the
        variant the trainee was shown and scores the answer against its key alone."""
        literals = {variant: self.key_literal(key) for variant, key in keys.items()}
        literal = json.dumps(literals, ensure_ascii=False)
        return (
            f'score_pooled("{question_id}", "{self.name}", {literal}, '
            f"points={points_literal(points)})"
        )

    @abstractmethod
    def points(self, answer: AnswerValue | None, key: K, points: float) -> float:
        """The points an answer earns (pure; None or an answer of another shape earns 0)."""

    @abstractmethod
    def perfect_answer(self, key: K) -> AnswerValue:
        """What an answers file holds when the answer earns every point."""

    # --- what people see ---------------------------------------------------------------

    @abstractmethod
    def recorded(self, question: Question, sheet: AnswerSheet) -> RecordedAnswer:
        """The trainee's answer as lines, for the autograder's record and the feedback."""

    @abstractmethod
    def make_view(self, question: Question, context: ViewContext) -> QuestionView:
        """The trainee's widget (imports ipywidgets when called, never before)."""

    # --- the demo ------------------------------------------------------------------------

    @abstractmethod
    def simulated_answer(
        self, question: Question, key: K, right: bool, rng: random.Random
    ) -> AnswerValue:
        """A simulated trainee's click: the right answer, or a typical slip."""


def points_literal(points: float) -> str:
    """Points as a trainer writes them: 2, not 2.0."""
    return str(int(points)) if float(points).is_integer() else str(points)


def yaml_shape(value: Any) -> str:
    """How an error names a value of the wrong shape."""
    if value is None:
        return "nothing"
    names: dict[type, str] = {str: "one id", list: "a list", dict: "a mapping"}
    return names.get(type(value), repr(value))


def key_ids(
    doc: YamlDocument, value: Sequence[Any], known: tuple[str, ...], *where: str | int
) -> tuple[str, ...]:
    """A key's list of ids: each one of `known`, none twice, at least one."""
    if not value:
        raise doc.error("the key lists no id", *where)
    ids = tuple(str(v) for v in value)
    for i, item in enumerate(ids):
        if item not in known:
            raise doc.error(f"{item!r} is not one of this question's ids {list(known)}", *where, i)
    if len(set(ids)) != len(ids):
        raise doc.error("an id appears twice", *where)
    return ids


def _named(find: Callable[[str], Option], ident: str) -> Named:
    try:
        return Named(ident, find(ident).text)
    except KeyError:
        return Named(ident, None)


def named_option(question: Question, option_id: str) -> Named:
    return _named(question.option, option_id)


def named_item(question: Question, item_id: str) -> Named:
    return _named(question.item, item_id)
