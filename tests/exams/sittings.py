"""Answers files as a trainee's widgets would write them, for exams pooled or flat.

A pooled question shows each trainee the variant drawn for them, and the widgets
record that variant beside the answer; grading scores the drawn variant only. So a
test's "perfect" trainee answers with the keys of their own draw.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from frontline.exams.model.answers import AnswerSheet, AnswerValue
from frontline.exams.model.draw import draw
from frontline.exams.model.questions import QUESTIONS_FILE, QuestionBank, load_questions
from frontline.exams.model.trainer_file import TrainerFile


def exam_bank(course_source: Path, exam: str) -> QuestionBank:
    return load_questions(course_source / exam / QUESTIONS_FILE)


def perfect_answers(
    key: TrainerFile, bank: QuestionBank, trainee: str, exam: str | None = None
) -> dict[str, AnswerValue]:
    """Every point: the key of the variant this trainee's sitting shows, per question."""
    return key.perfect_answers(draw(bank, trainee, exam or bank.exam_id))


def sitting_sheet(
    bank: QuestionBank,
    trainee: str,
    answers: Mapping[str, AnswerValue],
    exam: str | None = None,
    lang: str = "zh",
) -> AnswerSheet:
    """The answers file: the answers, and the drawn variant beside each pooled one."""
    sitting = exam or bank.exam_id
    drawn = draw(bank, trainee, sitting)
    variants = {slot: drawn[slot] for slot in answers if bank.pooled(slot)}
    return AnswerSheet(
        sitting, trainee, lang=lang, answers=dict(answers), variants=variants  # type: ignore[arg-type]
    )


def half_right(
    key: TrainerFile, bank: QuestionBank, trainee: str, exam: str | None = None
) -> dict[str, tuple[AnswerValue, float]]:
    """A trainee who gets about half right, on their own draw: each answer with the points
    it must earn, worked out here by hand (not by the scoring code under test).

    Single choice: right and wrong in turn. Multiple choice, in turn: only the first right
    option (points/k), the first right option and a wrong one (0: a wrong pick takes one
    back), and every right option but the last (points*(k-1)/k).
    """
    drawn = draw(bank, trainee, exam or bank.exam_id)
    found: dict[str, tuple[AnswerValue, float]] = {}
    singles = multiples = 0
    for slot in key.items:
        item = key.keyed(slot, drawn.get(slot, "v1"))
        question = bank.variant(slot, drawn[slot]) if bank.pooled(slot) else bank.get(slot)
        if question.kind == "single":
            wrong = next(o for o in question.option_ids if o != item.key)
            right = singles % 2 == 0
            found[slot] = ((item.key,) if right else (wrong,), item.points if right else 0.0)
            singles += 1
        elif question.kind == "multiple":
            right_ids = sorted(item.key)
            wrong_ids = [o for o in question.option_ids if o not in right_ids]
            k = len(right_ids)
            pattern = multiples % 3
            if pattern == 0:
                found[slot] = ((right_ids[0],), round(item.points / k, 4))
            elif pattern == 1:
                found[slot] = ((right_ids[0], wrong_ids[0]), 0.0)
            else:
                found[slot] = (tuple(right_ids[:-1]), round(item.points * (k - 1) / k, 4))
            multiples += 1
    return found
