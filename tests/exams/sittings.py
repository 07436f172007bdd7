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
