"""The questions of an exam as typed data: options, items, questions, the bank.

Apart from the loader (`questions`) so that the item kinds (`kinds`), which the
loader asks how to read each question, can name these types without a cycle.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field

from frontline.core.i18n import Text


@dataclass(frozen=True)
class Option:
    id: str
    text: Text


#: The variant id of a slot written flat (today's form): a pool of one.
FLAT_VARIANT = "v1"


@dataclass(frozen=True)
class Question:
    """One variant of one slot: what a trainee sees for that slot.

    `id` is the slot's id (q01: one graded cell, one blueprint entry); `variant`
    says which of the slot's interchangeable versions this is (`v1` for a flat slot).
    """

    id: str
    #: a registered item kind (`frontline.exams.model.kinds`): single, multiple, ...
    kind: str
    prompt: Text
    options: tuple[Option, ...]
    #: the things to put in order (ordering) or to match (matching, left side)
    items: tuple[Option, ...] = ()
    variant: str = FLAT_VARIANT

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


#: A variant is a Question that carries its variant id (the type names the role).
Variant = Question


@dataclass(frozen=True)
class QuestionBank:
    exam_id: str
    title: Text
    #: one per slot, in the paper's order: a flat slot's question, a pooled slot's
    #: first variant. Ids, kinds and counts are the slot's; what a trainee saw of a
    #: pooled slot is the drawn variant (`frontline.exams.model.draw`).
    questions: tuple[Question, ...]
    #: every variant of each pooled slot, in file order (flat slots are not here)
    pools: Mapping[str, tuple[Question, ...]] = field(default_factory=dict)

    def variants(self, question_id: str) -> tuple[Question, ...]:
        """Every variant of a slot (one for a flat slot)."""
        if question_id in self.pools:
            return tuple(self.pools[question_id])
        return (self.get(question_id),)

    def variant(self, question_id: str, variant_id: str) -> Question:
        for question in self.variants(question_id):
            if question.variant == variant_id:
                return question
        raise KeyError(f"{question_id} has no variant {variant_id!r}")

    def pooled(self, question_id: str) -> bool:
        """Written with `variants:` (even a pool of one): its hidden test checks the draw."""
        return question_id in self.pools

    def all_variants(self) -> Iterator[Question]:
        """Every variant of every slot, slot by slot: what item checks must read."""
        for question in self.questions:
            yield from self.variants(question.id)

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
