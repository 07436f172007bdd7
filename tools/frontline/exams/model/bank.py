"""The questions of an exam as typed data: options, items, questions, the bank.

Apart from the loader (`questions`) so that the item kinds (`kinds`), which the
loader asks how to read each question, can name these types without a cycle.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from frontline.core.i18n import Text


@dataclass(frozen=True)
class Option:
    id: str
    text: Text


@dataclass(frozen=True)
class Question:
    id: str
    #: a registered item kind (`frontline.exams.model.kinds`): single, multiple, ...
    kind: str
    prompt: Text
    options: tuple[Option, ...]
    #: the things to put in order (ordering) or to match (matching, left side)
    items: tuple[Option, ...] = ()

    @property
    def option_ids(self) -> tuple[str, ...]:
        return tuple(option.id for option in self.options)

    @property
    def item_ids(self) -> tuple[str, ...]:
        return tuple(item.id for item in self.items)

    def option(self, option_id: str) -> Option:
        for option in self.options:
            if option.id == option_id:
                return option
        raise KeyError(option_id)

    def item(self, item_id: str) -> Option:
        for item in self.items:
            if item.id == item_id:
                return item
        raise KeyError(item_id)


@dataclass(frozen=True)
class QuestionBank:
    exam_id: str
    title: Text
    questions: tuple[Question, ...]

    def get(self, question_id: str) -> Question:
        for question in self.questions:
            if question.id == question_id:
                return question
        raise KeyError(question_id)

    def number(self, question_id: str) -> int:
        """The question's number as the trainee sees it (1 for the first)."""
        return [q.id for q in self.questions].index(question_id) + 1

    def count_answered(self, answered_ids: Iterable[str]) -> int:
        """How many of this bank's questions are among `answered_ids` (others are ignored)."""
        known = {q.id for q in self.questions}
        return len(set(answered_ids) & known)
