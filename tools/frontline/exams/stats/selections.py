"""Which options trainees chose, read on the grading side for the distractor analysis.

The gradebook holds scores only; what each trainee ticked is in the answers file
that nbgrader copied into `autograded/TRAINEE/EXAM/`. The key comes from the
trainer file (a retake is keyed by its original's). Only single- and
multiple-choice items have distractors (their kind's only part is `options`); ordering
and matching items are left out.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from frontline.core.course import Course
from frontline.exams.model.answers import ANSWERS_FILE, AnswerFileError, load_sheet

if TYPE_CHECKING:
    import pandas as pd



@dataclass(frozen=True)
class ChoiceItems:
    options: dict[str, tuple[str, ...]]  # item -> every option id
    keys: dict[str, frozenset[str]]  # item -> the right option id(s)


def choice_items(course: Course, exam: str) -> ChoiceItems:
    """The choice items of an exam with their options and keys (trainer side)."""
    from frontline.exams.authoring.retake import named_original
    from frontline.exams.model.kinds.registry import kind_of
    from frontline.exams.model.questions import load_questions
    from frontline.exams.model.trainer_file import load_trainer_file, trainer_file_path

    bank = load_questions(course.source / exam / "questions.yml")
    keyed_by = named_original(exam) or exam
    trainer = load_trainer_file(trainer_file_path(course.root, keyed_by), bank)
    options: dict[str, tuple[str, ...]] = {}
    keys: dict[str, frozenset[str]] = {}
    for question in bank.questions:
        if kind_of(question.kind).parts != ("options",) or question.id not in trainer.items:
            continue
        options[question.id] = question.option_ids
        keys[question.id] = frozenset(trainer.items[question.id].correct)
    return ChoiceItems(options, keys)


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
        for item in items.options:
            for option in sheet.selection(item):
                rows.append({"trainee_id": trainee, "item": item, "option": option})
    return pd.DataFrame(rows, columns=["trainee_id", "item", "option"])
