"""Which variant of each pooled slot a trainee's sitting shows: the draw.

The contract (`variants.md`, issue 12): for slot S, trainee T and sitting exam E,
with E's base exam id B (E without `-retake-N`) and sitting number n (0 for the
first sitting, N for retake N),

    perm    = the slot's variant ids shuffled by random.Random(sha256(f"{B}\\x1f{S}\\x1f{T}"))
    variant = perm[n % len(perm)]

so every retake of one trainee walks on through the same permutation: a pool of two
or more never shows the same variant at two sittings in a row. The seed is a hash,
never Python's hash(), so the trainee's kernel and the trainer's grading kernel
compute the same draw. The ids are put in their natural order (v1, v2, ..., v10)
before the shuffle, so reordering variants in questions.yml changes no draw.

Pure and light: the grading kernel imports it for every pooled hidden test.
"""

from __future__ import annotations

import hashlib
import random
import re
from collections.abc import Iterable

from frontline.exams.model.bank import Question, QuestionBank

_RETAKE = re.compile(r"^(?P<exam>.+)-retake-(?P<number>\d+)$")


def sitting_of(exam_id: str) -> tuple[str, int]:
    """(base exam id, sitting number): `final-exam-retake-2` -> ("final-exam", 2)."""
    match = _RETAKE.match(exam_id)
    if match is None:
        return exam_id, 0
    return match.group("exam"), int(match.group("number"))


def _natural(variant_id: str) -> tuple[int, str]:
    return len(variant_id), variant_id


def variant_order(
    variant_ids: Iterable[str], question_id: str, trainee_id: str, base: str
) -> list[str]:
    """The trainee's permutation of a slot's variants: sitting n shows entry n mod len."""
    order = sorted(variant_ids, key=_natural)
    seed = hashlib.sha256(f"{base}\x1f{question_id}\x1f{trainee_id}".encode()).digest()
    random.Random(seed).shuffle(order)
    return order


def draw_variant(
    variant_ids: Iterable[str], *, question_id: str, trainee_id: str, exam_id: str
) -> str:
    """The variant id one trainee's sitting `exam_id` shows for one slot."""
    base, sitting = sitting_of(exam_id)
    order = variant_order(variant_ids, question_id, trainee_id, base)
    if not order:
        raise ValueError(f"slot {question_id} has no variant to draw from")
    return order[sitting % len(order)]


def draw(bank: QuestionBank, trainee_id: str, exam_id: str | None = None) -> dict[str, str]:
    """{slot id: variant id} for one trainee's sitting (`exam_id`: the bank's by default).

    Flat slots draw their only variant, so the result names every slot.
    """
    sitting = exam_id or bank.exam_id
    return {
        question.id: draw_variant(
            [v.variant for v in bank.variants(question.id)],
            question_id=question.id,
            trainee_id=trainee_id,
            exam_id=sitting,
        )
        for question in bank.questions
    }


def drawn_question(
    bank: QuestionBank, question_id: str, trainee_id: str, exam_id: str | None = None
) -> Question:
    """The variant of one slot that a trainee's sitting shows."""
    variant = draw_variant(
        [v.variant for v in bank.variants(question_id)],
        question_id=question_id,
        trainee_id=trainee_id,
        exam_id=exam_id or bank.exam_id,
    )
    return bank.variant(question_id, variant)


def drawn_paper(
    bank: QuestionBank, trainee_id: str, exam_id: str | None = None
) -> tuple[Question, ...]:
    """The paper one trainee's sitting shows: the drawn variant of every slot, in order."""
    return tuple(bank.variant(qid, vid) for qid, vid in draw(bank, trainee_id, exam_id).items())
