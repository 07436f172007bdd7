"""Exam answer widgets: the trainee only clicks; each click is saved at once.

The views are thin: each shows a question, and on every change hands the selection
to the session, which writes the answers file atomically. A pooled question shows
the variant drawn for this trainee and sitting (`frontline.exams.model.draw`: the
trainee id below and the exam id of questions.yml, a retake's own), and the answers
file records that variant id beside the answer. Which view a question
gets is its kind's part (`frontline.exams.model.kinds`): choice_view for single and
multiple choice, arrange_views for ordering and matching. Tests drive them without
a browser by setting `.value` on the radio buttons or checkboxes.
"""

from __future__ import annotations

import getpass
import html
import os
import shutil
from datetime import UTC, datetime
from pathlib import Path

import ipywidgets as widgets
from IPython.display import display

from frontline.core.i18n import Lang, Text, parse_lang, preferred_lang
from frontline.exams.model.answers import (
    ANSWERS_FILE,
    AnswerFileError,
    AnswerSheet,
    AnswerValue,
    load_sheet,
    save_sheet,
)
from frontline.exams.model.draw import drawn_question
from frontline.exams.model.kinds.base import QuestionView, ViewContext
from frontline.exams.model.kinds.registry import kind_of
from frontline.exams.model.questions import QUESTIONS_FILE, Question, QuestionBank, load_questions
from frontline.exams.model.shuffle import shuffled_options
from frontline.exams.trainee.answer_record import answered_line

UI = {
    "trainee": Text(zh="学员", en="Trainee"),
    "damaged": Text(
        zh="之前的答案文件无法读取,已另存为 {backup},请重新作答并告知培训师。",
        en="The earlier answers file could not be read; it was kept as {backup}. "
        "Please answer again and tell your trainer.",
    ),
}


def current_trainee() -> str:
    """Who is sitting the exam: set by the hub, or the login name on one machine.

    It must be the id nbgrader files the submission under (the hub user, or the login
    name with the local exchange): grading draws pooled questions' variants by that id,
    so a sitting opened under another name is shown variants that grading flags.
    """
    for variable in ("FRONTLINE_TRAINEE", "JUPYTERHUB_USER"):
        value = os.environ.get(variable, "").strip()
        if value:
            return value
    return getpass.getuser()


class ExamSession:
    """One trainee's sitting of one exam: the question bank, the answers file, the views."""

    def __init__(
        self,
        bank: QuestionBank,
        answers_path: Path,
        trainee_id: str,
        lang: Lang | None = None,
    ) -> None:
        self.bank = bank
        self.answers_path = answers_path
        self.trainee_id = trainee_id
        self.warning = ""
        try:
            saved = load_sheet(answers_path)
        except AnswerFileError:
            saved = None
            backup = answers_path.with_name(
                f"{answers_path.name}.damaged-{datetime.now(UTC):%Y%m%dT%H%M%S}"
            )
            shutil.copy2(answers_path, backup)
            self.warning = backup.name
        self.sheet = saved or AnswerSheet(exam_id=bank.exam_id, trainee_id=trainee_id)
        self.lang: Lang = lang or (saved.lang if saved else preferred_lang())
        if self.sheet.lang != self.lang:
            # Remembered with the next saved answer, so a reopened exam keeps the language.
            self.sheet = self.sheet.with_lang(self.lang)
        self.views: dict[str, QuestionView] = {}
        self.language = widgets.ToggleButtons(
            options=[("中文", "zh"), ("English", "en")], value=self.lang
        )
        self.language.observe(lambda change: self.set_lang(change["new"]), names="value")
        self.title = widgets.HTML()
        self.progress = widgets.HTML()
        self.header = widgets.VBox([self.title, self.language, self.progress])
        self._refresh_header()

    def _shuffled(self, ids: tuple[str, ...], salt: str) -> list[str]:
        return shuffled_options(
            ids, trainee_id=self.trainee_id, exam_id=self.bank.exam_id, question_id=salt
        )

    def shown(self, question_id: str) -> Question:
        """The variant of a slot this trainee's sitting shows (the slot itself when flat)."""
        return drawn_question(self.bank, question_id, self.trainee_id)

    def view(self, question_id: str) -> QuestionView:
        if question_id not in self.views:
            self.views[question_id] = self._make_view(self.shown(question_id))
        return self.views[question_id]

    def _make_view(self, question: Question) -> QuestionView:
        context = ViewContext(
            number=self.bank.number(question.id),
            sheet=self.sheet,
            lang=self.lang,
            shuffle=self._shuffled,
            on_change=self.record,
        )
        return kind_of(question.kind).make_view(question, context)

    def ask(self, question_id: str) -> None:
        """Show one question (the only call an exam notebook makes per question)."""
        display(self.view(question_id).widget)

    def record(self, question_id: str, value: AnswerValue) -> None:
        # The variant shown goes beside the answer (pooled slots only), so the file says
        # what the click was an answer to; grading recomputes it and flags a difference.
        variant = self.shown(question_id).variant if self.bank.pooled(question_id) else None
        self.sheet = self.sheet.with_answer(question_id, value, variant)
        save_sheet(self.answers_path, self.sheet)
        self._refresh_header()

    def set_lang(self, lang: str) -> None:
        self.lang = parse_lang(lang)
        self.language.value = self.lang
        for view in self.views.values():
            view.set_lang(self.lang)
        if self.sheet.lang != self.lang:
            self.sheet = self.sheet.with_lang(self.lang)
            if self.answers_path.exists():
                save_sheet(self.answers_path, self.sheet)
        self._refresh_header()

    def _refresh_header(self) -> None:
        lang = self.lang
        self.title.value = (
            f"<h3>{html.escape(self.bank.title.get(lang))}</h3>"
            f"<div>{html.escape(UI['trainee'].get(lang))}: {html.escape(self.trainee_id)}</div>"
        )
        lines = [answered_line(self.bank, self.sheet, lang)]
        if self.warning:
            lines.append(UI["damaged"].get(lang).format(backup=self.warning))
        self.progress.value = "<br>".join(html.escape(line) for line in lines)


def start_exam(
    folder: str | Path | None = None, *, lang: str | None = None, trainee: str | None = None
) -> ExamSession:
    """Open the exam in `folder` (the notebook's own folder by default) and show its header."""
    base = Path(folder) if folder is not None else Path.cwd()
    bank = load_questions(base / QUESTIONS_FILE)
    session = ExamSession(
        bank,
        base / ANSWERS_FILE,
        trainee_id=trainee or current_trainee(),
        lang=parse_lang(lang) if lang else None,
    )
    display(session.header)
    return session
