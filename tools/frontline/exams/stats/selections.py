"""Which options trainees chose, read on the grading side for the distractor analysis.

The gradebook holds scores only; what each trainee ticked is in the answers file
that nbgrader copied into `autograded/TRAINEE/EXAM/`. The key comes from the
trainer file (a retake is keyed by its original's). Only single- and
multiple-choice items have distractors (their kind's only part is `options`); ordering
and matching items are left out. A pooled question counts per variant: each trainee's
ticks go to the variant the grading side draws for them (never the one the answers
file names).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from frontline.core.course import Course
from frontline.exams.model.answers import ANSWERS_FILE, AnswerFileError, load_sheet
from frontline.exams.model.bank import QuestionBank
from frontline.exams.model.draw import draw

if TYPE_CHECKING:
    import pandas as pd



@dataclass(frozen=True)
class ChoiceItems:
    """Items by label: a flat question's id, or `q01/v2` for each variant of a pooled one
    (its distractors are its own: each variant has its own options and key)."""

    options: dict[str, tuple[str, ...]]  # item -> every option id
    keys: dict[str, frozenset[str]]  # item -> the right option id(s)
    #: item label -> (question id, variant id)
    variant_of: dict[str, tuple[str, str]] = field(default_factory=dict)
    #: the exam's questions, to draw each trainee's variants; None: no pooled question
    bank: QuestionBank | None = None


def choice_items(course: Course, exam: str) -> ChoiceItems:
    """The choice items of an exam with their options and keys (trainer side)."""
    from frontline.exams.authoring.retake import named_original
    from frontline.exams.model.kinds.registry import kind_of
    from frontline.exams.model.questions import load_questions
    from frontline.exams.model.trainer_file import load_trainer_file, trainer_file_path

    bank = load_questions(course.source / exam / "questions.yml")
    keyed_by = named_original(exam) or exam
    # A retake's questions.yml names the retake; its keys are in the original's file.
    as_keyed = replace(bank, exam_id=keyed_by)
    trainer = load_trainer_file(trainer_file_path(course.root, keyed_by), as_keyed)
    options: dict[str, tuple[str, ...]] = {}
    keys: dict[str, frozenset[str]] = {}
    variant_of: dict[str, tuple[str, str]] = {}
    for question in bank.questions:
        if kind_of(question.kind).parts != ("options",) or question.id not in trainer.items:
            continue
        for variant in bank.variants(question.id):
            label = variant_label(bank, question.id, variant.variant)
            options[label] = variant.option_ids
            keys[label] = frozenset(trainer.keyed(question.id, variant.variant).correct)
            variant_of[label] = (question.id, variant.variant)
    return ChoiceItems(options, keys, variant_of, bank if bank.pools else None)


def variant_label(bank: QuestionBank, question_id: str, variant: str) -> str:
    """How reports name an item: the question id, with `/vN` when the question is pooled."""
    return f"{question_id}/{variant}" if bank.pooled(question_id) else question_id


def read_selections(
    course: Course, exam: str, trainees: list[str], items: ChoiceItems
) -> pd.DataFrame:
    """One row per option ticked: trainee_id, item, option (unreadable files skipped;
    grading has already flagged them)."""
    import pandas as pd

    rows: list[dict[str, str]] = []
    for trainee in trainees:
        try:
            sheet = load_sheet(course.autograded / trainee / exam / ANSWERS_FILE)
        except AnswerFileError:
            continue
        if sheet is None:
            continue
        drawn = draw(items.bank, trainee, exam) if items.bank is not None else {}
        for item in items.options:
            question, variant = items.variant_of.get(item, (item, ""))
            if question in drawn and drawn[question] != variant:
                continue  # another variant's row: this trainee was not shown it
            for option in sheet.selection(question):
                rows.append({"trainee_id": trainee, "item": item, "option": option})
    return pd.DataFrame(rows, columns=["trainee_id", "item", "option"])


def shown_to(items: ChoiceItems, exam: str, trainees: list[str]) -> dict[str, set[str]]:
    """For each variant of a pooled question, the trainees whose sitting drew it."""
    if items.bank is None:
        return {}
    drawn = {trainee: draw(items.bank, trainee, exam) for trainee in trainees}
    return {
        label: {t for t in trainees if drawn[t].get(question) == variant}
        for label, (question, variant) in items.variant_of.items()
        if items.bank.pooled(question)
    }
