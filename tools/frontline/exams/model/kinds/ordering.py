"""Ordering: ▲ ▼ buttons put items in order; credit by pairs in the right relative order."""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import combinations
from typing import Any

from frontline.core.i18n import Text
from frontline.core.yamlfile import YamlDocument
from frontline.exams.model.answers import AnswerSheet, AnswerValue, selection_of
from frontline.exams.model.bank import Question
from frontline.exams.model.kinds.base import (
    ItemKind,
    KindExample,
    KindLabels,
    Part,
    QuestionView,
    RecordedAnswer,
    ViewContext,
    key_ids,
    named_item,
)


def ordering_points(order: Sequence[str], correct: Sequence[str], points: float) -> float:
    """Credit by pairs: each pair of items in the right relative order earns a share,
    each pair in the wrong order takes one back, never below zero.

    Unlike counting items in the right position, one item put too early costs only
    the pairs it jumps over, not every position after it; and like the multiple-choice
    rule, a guess (or leaving the shuffled order) earns nothing on average. Items the
    trainee did not place earn nothing for their pairs.
    """
    if len(correct) < 2 or len(set(correct)) != len(correct):
        raise ValueError("an ordering question needs at least two distinct items")
    position = {item: i for i, item in enumerate(dict.fromkeys(order)) if item in correct}
    right = wrong = 0
    for first, second in combinations(correct, 2):  # `first` belongs before `second`
        if first in position and second in position:
            if position[first] < position[second]:
                right += 1
            else:
                wrong += 1
    pairs = len(correct) * (len(correct) - 1) // 2
    return round(float(points) * max(0, right - wrong) / pairs, 4)


@dataclass(frozen=True)
class Ordering(ItemKind[tuple[str, ...]]):
    """The key is every item id, in the right order."""

    def question_problem(self, question: Question) -> tuple[str, Part] | None:
        # With two items a guess is right half the time.
        if len(question.items) < 3:
            return "an ordering question needs at least three items", "items"
        return None

    def read_key(
        self, doc: YamlDocument, question: Question, value: Any, *where: str | int
    ) -> tuple[str, ...]:
        order = key_ids(doc, value, question.item_ids, *where)
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

    def key_from_literal(self, literal: Any) -> tuple[str, ...]:
        return tuple(str(ident) for ident in literal)

    def key_literal(self, key: tuple[str, ...]) -> object:
        return list(key)

    def points(self, answer: AnswerValue | None, key: tuple[str, ...], points: float) -> float:
        return ordering_points(selection_of(answer), key, points)

    def perfect_answer(self, key: tuple[str, ...]) -> AnswerValue:
        return key

    def recorded(self, question: Question, sheet: AnswerSheet) -> RecordedAnswer:
        order = sheet.selection(question.id)
        return RecordedAnswer(numbered=True, lines=tuple((named_item(question, i),) for i in order))

    def make_view(self, question: Question, context: ViewContext) -> QuestionView:
        from frontline.exams.trainee.arrange_views import OrderingQuestionView

        return OrderingQuestionView(
            question,
            context.number,
            context.shuffle(question.item_ids, question.id),
            context.sheet.selection(question.id),
            context.lang,
            context.on_change,
            hint=self.labels.hint,
        )

    def simulated_answer(
        self, question: Question, key: tuple[str, ...], right: bool, rng: random.Random
    ) -> AnswerValue:
        """The right order, or with two neighbours swapped."""
        order = list(key)
        if not right:
            at = rng.randrange(len(order) - 1)
            order[at], order[at + 1] = order[at + 1], order[at]
        return tuple(order)


ORDERING = Ordering(
    name="ordering",
    parts=("items",),
    labels=KindLabels(
        name=Text(zh="排序题", en="ordering"),
        hint=Text(
            zh="排序题(用 ▲ ▼ 调整顺序,第一步在最上面)",
            en="Ordering (use ▲ ▼ to arrange; the first step goes at the top)",
        ),
        rule=Text(
            zh="排序题用 ▲ ▼ 按钮调整顺序,每一对前后关系正确得一份分,颠倒扣回一份;"
            "如果初始顺序已经正确,点击“确认此顺序”。",
            en="Ordering: arrange the items with ▲ ▼. Every pair of items in the right order "
            "earns a share and every pair the wrong way round takes one back. If the starting "
            'order is already right, click "Use this order".',
        ),
        key_shape="an ordering key is the list of every item id in the right order",
    ),
    score_function="score_ordering",
    key_yaml=list,
    example=KindExample(items=("serve", "greet", "close"), key=["greet", "serve", "close"]),
)
