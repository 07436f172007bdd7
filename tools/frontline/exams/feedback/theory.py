"""Feedback for trainees: their score on every item and why the right answer is right.

nbgrader's own `generate_feedback` runs first (it writes the folder, the timestamp
and the secret that `release_feedback` needs; `exams/nbgrader_config.py` makes it
strip hidden tests). Its notebook page is kept for trainers as
`<notebook>.notebook.html`, and the trainee's page takes the notebook's own name,
`<notebook>.html`, so nbgrader's release and fetch of feedback deliver it.

The page is built from the gradebook's scores, the trainee's answers file and the
explanations in the trainer file (of the variant the trainee was shown, for a pooled
question), never from the hidden tests: it names no option
id and quotes no code. The page is `templates/theory.html.j2`, autoescaped. This
module also runs `generate_feedback` for every exam, the practical one included
(`practical` draws that page).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from frontline.core.atomic import write_text_atomic
from frontline.core.course import Course
from frontline.core.i18n import Text
from frontline.exams.authoring.notebook import load_exam_data
from frontline.exams.authoring.release_copies import release_problems, write_player_copies
from frontline.exams.feedback.page import Mark, marks_by_item, render_feedback
from frontline.exams.feedback.practical import is_practical, render_practical_page
from frontline.exams.grading.pipeline import StepFailed, failure_reason, nbgrader_api
from frontline.exams.model.answers import ANSWERS_FILE, AnswerFileError, AnswerSheet, load_sheet
from frontline.exams.model.draw import drawn_paper
from frontline.exams.model.kinds.registry import kind_of
from frontline.exams.model.questions import Question, QuestionBank
from frontline.exams.model.trainer_file import TrainerFile

if TYPE_CHECKING:
    import pandas as pd


@dataclass(frozen=True)
class FeedbackResult:
    exam_id: str
    pages: dict[str, Path]


@dataclass(frozen=True)
class ChosenAnswer:
    """What the trainee chose, as lines of text: an option, an item, or item → option."""

    lines: tuple[tuple[Text, ...], ...]
    ordered: bool = False  # an ordering question: the lines are the trainee's order


@dataclass(frozen=True)
class ItemSection:
    number: int
    prompt: Text
    mark: Mark | None
    answer: ChosenAnswer
    explanation: Text | None


@dataclass(frozen=True)
class WrittenSection:
    number: int
    prompt: Text
    mark: Mark | None
    text: str  # what the trainee wrote, "" when nothing
    explanation: Text


def chosen_answer(question: Question, sheet: AnswerSheet | None) -> ChosenAnswer:
    """The trainee's answer in words; ids the question does not know are left out."""
    if sheet is None:
        return ChosenAnswer(())
    answer = kind_of(question.kind).recorded(question, sheet)
    return ChosenAnswer(
        tuple(
            tuple(part.text for part in line if part.text is not None)
            for line in answer.lines
            if all(part.text is not None for part in line)  # ids the question lacks: left out
        ),
        ordered=answer.numbered,
    )


def _written_answer(notebook: Path, grade_id: str) -> str:
    import nbformat

    try:
        nb = nbformat.read(notebook, as_version=4)
    except (OSError, ValueError):
        return ""
    for cell in nb.cells:
        if cell.metadata.get("nbgrader", {}).get("grade_id") == grade_id:
            return str(cell.source)
    return ""


def render_page(
    bank: QuestionBank,
    trainer: TrainerFile,
    trainee_id: str,
    scores: pd.DataFrame,
    sheet: AnswerSheet | None,
    notebook: Path,
) -> str:
    marks = marks_by_item(scores)
    # The variant of each pooled question this trainee's sitting showed, drawn again as
    # grading drew it: its prompt, options and explanation, not another variant's.
    paper = drawn_paper(bank, trainee_id)
    items = [
        ItemSection(
            number,
            question.prompt,
            marks.get(question.id),
            chosen_answer(question, sheet),
            trainer.explanation(question.id, question.variant),
        )
        for number, question in enumerate(paper, start=1)
    ]
    written = [
        WrittenSection(
            number,
            task.prompt,
            marks.get(task.id),
            _written_answer(notebook, task.id).strip(),
            task.explanation,
        )
        for number, task in enumerate(trainer.written, start=len(bank.questions) + 1)
    ]
    return render_feedback(
        "theory.html.j2", bank.title, trainee_id, scores, items=items, written=written
    )


def generate_feedback(course: Course, exam_id: str) -> FeedbackResult:
    """nbgrader's feedback, then a page per graded trainee with scores and explanations."""
    from frontline.exams.authoring.retake import original_exam
    from frontline.hr.inputs.gradebook import item_grades

    original = original_exam(course, exam_id)
    practical = is_practical(course.source / exam_id)
    if not practical:
        bank, trainer = load_exam_data(course.root, exam_id, source_exam=original)
    items = item_grades(course, [exam_id])
    if items.empty:
        raise StepFailed(f"no graded submissions of {exam_id}; run grading first")
    result = nbgrader_api(course).generate_feedback(exam_id)
    if not result.get("success"):
        raise StepFailed(f"feedback for {exam_id} failed: {failure_reason(result)}")
    pages: dict[str, Path] = {}
    for trainee_id, scores in sorted(items.groupby("trainee_id")):
        trainee_id = str(trainee_id)
        graded = course.autograded / trainee_id / exam_id
        folder = course.root / "feedback" / trainee_id / exam_id
        # nbgrader only logs a failing hook: make sure, as build does for a release.
        write_player_copies(graded, folder)
        leaks = release_problems(folder)
        if leaks:
            raise StepFailed("feedback would hand out the key: " + "; ".join(leaks))
        for notebook in sorted(graded.glob("*.ipynb")):
            own = folder / f"{notebook.stem}.html"
            if own.exists():
                own.replace(folder / f"{notebook.stem}.notebook.html")
            if practical:
                page = render_practical_page(
                    course.source / exam_id / notebook.name, trainee_id, scores, graded
                )
            else:
                page = render_page(bank, trainer, trainee_id, scores, _sheet(graded), notebook)
            write_text_atomic(own, page)
            pages[trainee_id] = own
    return FeedbackResult(exam_id=exam_id, pages=pages)


def _sheet(graded: Path) -> AnswerSheet | None:
    try:
        return load_sheet(graded / ANSWERS_FILE)
    except AnswerFileError:
        return None
