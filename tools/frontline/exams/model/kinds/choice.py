"""What single and multiple choice share: options in the trainee's order, ticked or not."""

from __future__ import annotations

from frontline.core.i18n import Text
from frontline.exams.model.answers import AnswerSheet
from frontline.exams.model.bank import Question
from frontline.exams.model.kinds.base import (
    QuestionView,
    RecordedAnswer,
    ViewContext,
    named_option,
)


def choice_record(question: Question, sheet: AnswerSheet) -> RecordedAnswer:
    """The chosen options, one line each, in the order they were chosen."""
    chosen = sheet.selection(question.id)
    return RecordedAnswer(numbered=False, lines=tuple((named_option(question, i),) for i in chosen))


def choice_view(
    question: Question, context: ViewContext, hint: Text, *, one_only: bool
) -> QuestionView:
    """Radio buttons (`one_only`) or tick boxes, options shuffled per trainee."""
    from frontline.exams.trainee.choice_view import ChoiceQuestionView

    order = context.shuffle(question.option_ids, question.id)
    return ChoiceQuestionView(
        question,
        context.number,
        order,
        context.sheet.selection(question.id),
        context.lang,
        context.on_change,
        hint=hint,
        one_only=one_only,
    )
