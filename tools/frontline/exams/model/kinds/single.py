"""Single choice: radio buttons; the one right option earns everything, else nothing."""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Any

from frontline.core.i18n import Text
from frontline.core.yamlfile import YamlDocument
from frontline.exams.model.answers import AnswerSheet, AnswerValue, selection_of
from frontline.exams.model.bank import Question
from frontline.exams.model.kinds.base import (
    ItemKind,
    KindExample,
    KindLabels,
    QuestionView,
    RecordedAnswer,
    ViewContext,
)
from frontline.exams.model.kinds.choice import choice_record, choice_view


def single_choice_points(selected: frozenset[str], correct: str, points: float) -> float:
    return float(points) if selected == {correct} else 0.0


@dataclass(frozen=True)
class SingleChoice(ItemKind[str]):
    """The key is one option id."""

    def read_key(self, doc: YamlDocument, question: Question, value: Any, *where: str | int) -> str:
        if value not in question.option_ids:
            raise doc.error(
                f"{value!r} is not one of this question's ids {list(question.option_ids)}", *where
            )
        return str(value)

    def key_from_literal(self, literal: Any) -> str:
        return str(literal)

    def key_literal(self, key: str) -> object:
        return key

    def points(self, answer: AnswerValue | None, key: str, points: float) -> float:
        return single_choice_points(frozenset(selection_of(answer)), key, points)

    def perfect_answer(self, key: str) -> AnswerValue:
        return (key,)

    def recorded(self, question: Question, sheet: AnswerSheet) -> RecordedAnswer:
        return choice_record(question, sheet)

    def make_view(self, question: Question, context: ViewContext) -> QuestionView:
        return choice_view(question, context, self.labels.hint, one_only=True)

    def simulated_answer(
        self, question: Question, key: str, right: bool, rng: random.Random
    ) -> AnswerValue:
        if right:
            return (key,)
        return (rng.choice([o for o in question.option_ids if o != key]),)


SINGLE = SingleChoice(
    name="single",
    parts=("options",),
    labels=KindLabels(
        name=Text(zh="单选题", en="single-choice"),
        hint=Text(zh="单选题", en="Single choice"),
        rule=None,
        key_shape="a single-choice key is one option id, e.g. `key: b`",
    ),
    score_function="score_single",
    key_yaml=str,
    example=KindExample(options=("calm", "rush"), key="calm"),
)
