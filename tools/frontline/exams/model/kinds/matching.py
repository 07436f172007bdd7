"""Matching: a drop-down per item; a share for every item matched with its right option."""

from __future__ import annotations

import random
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from frontline.core.i18n import Text
from frontline.core.yamlfile import YamlDocument
from frontline.exams.model.answers import AnswerSheet, AnswerValue, matches_of
from frontline.exams.model.bank import Question
from frontline.exams.model.kinds.base import (
    ItemKind,
    KindExample,
    KindLabels,
    QuestionView,
    RecordedAnswer,
    ViewContext,
    named_item,
    named_option,
)

#: (item id, option id) pairs in the order of questions.yml's items
Pairs = tuple[tuple[str, str], ...]


def matching_points(matches: Mapping[str, str], correct: Mapping[str, str], points: float) -> float:
    """A share for every item matched with its right option; unmatched items earn nothing.

    Each item takes exactly one option, so a wrong match already costs its share and
    is not penalised again (the same rule as single choice).
    """
    if not correct:
        raise ValueError("a matching question needs at least one pair")
    hits = sum(1 for item, option in correct.items() if matches.get(item) == option)
    return round(float(points) * hits / len(correct), 4)


@dataclass(frozen=True)
class Matching(ItemKind[Pairs]):
    """The key maps every item to its option (an option may serve several items)."""

    def read_key(
        self, doc: YamlDocument, question: Question, value: Any, *where: str | int
    ) -> Pairs:
        if set(map(str, value)) != set(question.item_ids):
            raise doc.error(
                f"a matching key maps every item {list(question.item_ids)} to an option", *where
            )
        chosen = {str(k): v for k, v in value.items()}
        pairs = []
        for item_id in question.item_ids:
            option = str(chosen[item_id])
            if option not in question.option_ids:
                raise doc.error(f"{option!r} is not an option of {question.id}", *where, item_id)
            pairs.append((item_id, option))
        # questions.yml is released: options listed beside their items give the key away.
        in_line = sum(1 for i, (_, o) in enumerate(pairs) if question.option_ids.index(o) == i)
        if in_line * 2 > len(pairs):
            raise doc.error(
                f"questions.yml lists the options of {question.id} in line with their items, "
                "which trainees can read; reorder the options",
                *where,
            )
        return tuple(pairs)

    def key_from_literal(self, literal: Any) -> Pairs:
        return tuple((str(item), str(option)) for item, option in dict(literal).items())

    def key_literal(self, key: Pairs) -> object:
        return dict(key)

    def points(self, answer: AnswerValue | None, key: Pairs, points: float) -> float:
        return matching_points(matches_of(answer), dict(key), points)

    def perfect_answer(self, key: Pairs) -> AnswerValue:
        return dict(key)

    def recorded(self, question: Question, sheet: AnswerSheet) -> RecordedAnswer:
        pairs = sorted(sheet.matches(question.id).items())
        lines = tuple((named_item(question, i), named_option(question, o)) for i, o in pairs)
        return RecordedAnswer(numbered=False, lines=lines)

    def make_view(self, question: Question, context: ViewContext) -> QuestionView:
        from frontline.exams.trainee.arrange_views import MatchingQuestionView

        qid = question.id
        return MatchingQuestionView(
            question,
            context.number,
            # Separate salts, so the two columns are not shuffled in step.
            context.shuffle(question.item_ids, f"{qid}/items"),
            context.shuffle(question.option_ids, f"{qid}/options"),
            context.sheet.matches(qid),
            context.lang,
            context.on_change,
            hint=self.labels.hint,
        )

    def simulated_answer(
        self, question: Question, key: Pairs, right: bool, rng: random.Random
    ) -> AnswerValue:
        """Every pair right, or one item matched with another option."""
        matches = dict(key)
        if not right:
            item = rng.choice(sorted(matches))
            others = [o for o in question.option_ids if o != matches[item]]
            matches[item] = rng.choice(others)
        return matches


MATCHING = Matching(
    name="matching",
    parts=("items", "options"),
    labels=KindLabels(
        name=Text(zh="匹配题", en="matching"),
        hint=Text(
            zh="匹配题(为每一项选择对应的答案,答案可重复使用)",
            en="Matching (pick the answer for each item; an answer may be used more than once)",
        ),
        rule=Text(
            zh="匹配题为每一项选一个答案,每配对正确一项得一份分。",
            en="Matching: pick one answer for each item; every right pair earns a share.",
        ),
        key_shape="a matching key maps every item id to an option id, e.g. `key: {x: a, y: b}`",
    ),
    score_function="score_matching",
    key_yaml=dict,
    example=KindExample(
        items=("phone", "visit"),
        options=("same-day", "ten-min"),
        key={"phone": "ten-min", "visit": "same-day"},
    ),
)
