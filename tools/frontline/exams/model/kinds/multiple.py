"""Multiple choice: tick boxes; a share per right tick, one back per wrong tick."""

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
    key_ids,
)
from frontline.exams.model.kinds.choice import choice_record, choice_view


def multiple_choice_points(
    selected: frozenset[str], correct: frozenset[str], points: float
) -> float:
    """Right picks earn a share, wrong picks take one back, never below zero.

    Picking everything therefore earns nothing unless every option is right.
    """
    if not correct:
        raise ValueError("a multiple-choice question needs at least one correct option")
    hits = len(selected & correct)
    misses = len(selected - correct)
    share = max(0, hits - misses) / len(correct)
    return round(float(points) * share, 4)


@dataclass(frozen=True)
class MultipleChoice(ItemKind[tuple[str, ...]]):
    """The key is the right option ids, as the trainer listed them."""

    def read_key(
        self, doc: YamlDocument, question: Question, value: Any, *where: str | int
    ) -> tuple[str, ...]:
        return key_ids(doc, value, question.option_ids, *where)

    def key_from_literal(self, literal: Any) -> tuple[str, ...]:
        return tuple(str(ident) for ident in literal)

    def key_literal(self, key: tuple[str, ...]) -> object:
        return list(key)

    def points(self, answer: AnswerValue | None, key: tuple[str, ...], points: float) -> float:
        return multiple_choice_points(frozenset(selection_of(answer)), frozenset(key), points)

    def perfect_answer(self, key: tuple[str, ...]) -> AnswerValue:
        return tuple(sorted(key))

    def recorded(self, question: Question, sheet: AnswerSheet) -> RecordedAnswer:
        return choice_record(question, sheet)

    def make_view(self, question: Question, context: ViewContext) -> QuestionView:
        return choice_view(question, context, self.labels.hint, one_only=False)

    def simulated_answer(
        self, question: Question, key: tuple[str, ...], right: bool, rng: random.Random
    ) -> AnswerValue:
        """Some right ticks, and now and then one wrong tick."""
        if right:
            return tuple(sorted(key))
        wrong = [o for o in question.option_ids if o not in key]
        ticked = sorted(key)
        keep = rng.sample(ticked, k=rng.randint(1, len(ticked)))
        extra = rng.sample(wrong, k=min(len(wrong), rng.randint(0, 1)))
        return tuple(keep + extra)


MULTIPLE = MultipleChoice(
    name="multiple",
    parts=("options",),
    labels=KindLabels(
        name=Text(zh="多选题", en="multiple-choice"),
        hint=Text(zh="多选题(选出所有正确项)", en="Multiple choice (tick every right option)"),
        rule=Text(
            zh="多选题按选对的比例给分,选错一项会扣回一项的分数。",
            en="Multiple choice earns a share for every right option ticked; "
            "each wrong tick takes one share back.",
        ),
        key_shape="a multiple-choice key is a list of option ids, e.g. `key: [a, c]`",
    ),
    score_function="score_multiple",
    key_yaml=list,
    example=KindExample(options=("listen", "argue", "note"), key=["listen", "note"]),
)
