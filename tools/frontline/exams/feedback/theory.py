"""Feedback for trainees: their score on every item and why the right answer is right.

nbgrader's own `generate_feedback` runs first (it writes the folder, the timestamp
and the secret that `release_feedback` needs; `exams/nbgrader_config.py` makes it
strip hidden tests). Its notebook page is kept for trainers as
`<notebook>.notebook.html`, and the trainee's page takes the notebook's own name,
`<notebook>.html`, so nbgrader's release and fetch of feedback deliver it.

The page is built from the gradebook's scores, the trainee's answers file and the
explanations in the trainer file, never from the hidden tests: it names no option
id and quotes no code. Every text is escaped.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from frontline.core.atomic import write_text_atomic
from frontline.core.course import Course
from frontline.core.i18n import LANGUAGES, Text
from frontline.exams.authoring.notebook import load_exam_data
from frontline.exams.authoring.release_copies import release_problems, write_player_copies
from frontline.exams.grading.pipeline import StepFailed, failure_reason, nbgrader_api
from frontline.exams.model.answers import ANSWERS_FILE, AnswerFileError, AnswerSheet, load_sheet
from frontline.exams.model.kinds.registry import kind_of
from frontline.exams.model.questions import Question, QuestionBank
from frontline.exams.model.trainer_file import TrainerFile

if TYPE_CHECKING:
    import pandas as pd

UI = {
    "title": Text(zh="考试反馈", en="Exam feedback"),
    "total": Text(zh="客观题与已评分简答题得分", en="Score on marked items"),
    "pending": Text(zh="待培训师评分", en="awaiting your trainer"),
    "yours": Text(zh="你的答案", en="Your answer"),
    "none": Text(zh="未作答", en="not answered"),
    "why": Text(zh="解析", en="Explanation"),
    "written": Text(zh="简答题", en="Written answer"),
}


@dataclass(frozen=True)
class FeedbackResult:
    exam_id: str
    pages: dict[str, Path]


def both(text: Text) -> str:
    return "<br>".join(
        f"<span lang='{lang}'>{html.escape(text.get(lang))}</span>" for lang in LANGUAGES
    )


def label(text: Text) -> str:
    return html.escape(f"{text.zh} · {text.en}")


def _answer_html(question: Question, sheet: AnswerSheet | None) -> str:
    none = f"<i>{label(UI['none'])}</i>"
    if sheet is None:
        return none
    answer = kind_of(question.kind).recorded(question, sheet)
    rows = [
        "<li>" + " → ".join(both(part.text) for part in line if part.text) + "</li>"
        for line in answer.lines
        if all(part.text for part in line)  # ids the question does not have are left out
    ]
    tag = "ol" if answer.numbered else "ul"
    return f"<{tag}>{''.join(rows)}</{tag}>" if rows else none


def score_html(row: pd.Series | None) -> str:
    if row is None:
        return "–"
    if bool(row["needs_manual_grade"]):
        return f"– / {row['max_score']:g} ({label(UI['pending'])})"
    return f"{row['score']:g} / {row['max_score']:g}"


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
    by_item = {str(row["item"]): row for _, row in scores.iterrows()}
    sections = []
    for number, question in enumerate(bank.questions, start=1):
        explanation = trainer.explanation(question.id)
        sections.append(
            f"<section class='item'><h3>{number}. {both(question.prompt)}</h3>"
            f"<p class='score'>{score_html(by_item.get(question.id))}</p>"
            f"<h4>{label(UI['yours'])}</h4>{_answer_html(question, sheet)}"
            + (f"<h4>{label(UI['why'])}</h4><p>{both(explanation)}</p>" if explanation else "")
            + "</section>"
        )
    for number, written in enumerate(trainer.written, start=len(bank.questions) + 1):
        text = _written_answer(notebook, written.id).strip()
        answer = f"<pre>{html.escape(text)}</pre>" if text else f"<i>{label(UI['none'])}</i>"
        sections.append(
            f"<section class='item'><h3>{number}. {label(UI['written'])}</h3>"
            f"<p>{both(written.prompt)}</p>"
            f"<p class='score'>{score_html(by_item.get(written.id))}</p>"
            f"<h4>{label(UI['yours'])}</h4>{answer}"
            f"<h4>{label(UI['why'])}</h4><p>{both(written.explanation)}</p></section>"
        )
    return feedback_page(bank.title, trainee_id, scores, sections)


def feedback_page(title: Text, trainee_id: str, scores: pd.DataFrame, sections: list[str]) -> str:
    """The page around the item sections: title, trainee, total of the marked items."""
    marked = scores[~scores["needs_manual_grade"]]
    total = f"{marked['score'].sum():g} / {marked['max_score'].sum():g}"
    return (
        "<!DOCTYPE html><html lang='zh'><head><meta charset='utf-8'>"
        f"<title>{label(UI['title'])}</title>"
        "<style>body{font-family:sans-serif;max-width:52em;margin:2em auto;line-height:1.5}"
        ".item{border-top:1px solid #ccc;padding:.5em 0}.score{font-weight:bold}"
        "span[lang=en]{color:#444}</style></head><body>"
        f"<h1>{both(title)}</h1><h2>{label(UI['title'])}: {html.escape(trainee_id)}</h2>"
        f"<p class='score'>{label(UI['total'])}: {total}</p>"
        + "".join(sections)
        + "</body></html>\n"
    )


def generate_feedback(course: Course, exam_id: str) -> FeedbackResult:
    """nbgrader's feedback, then a page per graded trainee with scores and explanations."""
    from frontline.exams.authoring.retake import original_exam
    from frontline.exams.feedback.practical import (  # builds on this module
        is_practical,
        render_practical_page,
    )
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
