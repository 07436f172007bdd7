"""Exam answer widgets: the trainee only clicks; each click is saved at once.

The view is thin: it shows a question, and on every change hands the selection to
the session, which writes the answers file atomically. Tests drive it without a
browser by setting `.value` on the radio buttons or checkboxes.
"""

from __future__ import annotations

import getpass
import html
import os
import shutil
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

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
from frontline.exams.model.questions import QUESTIONS_FILE, Question, QuestionBank, load_questions
from frontline.exams.model.shuffle import shuffled_options
from frontline.exams.trainee.answer_record import answered_line
from frontline.exams.trainee.arrange_views import MatchingQuestionView, OrderingQuestionView

LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"

UI = {
    "saved": Text(zh="✓ 已保存", en="✓ saved"),
    "not_answered": Text(zh="尚未作答", en="not answered yet"),
    "single": Text(zh="单选题", en="Single choice"),
    "multiple": Text(zh="多选题(选出所有正确项)", en="Multiple choice (tick every right option)"),
    "trainee": Text(zh="学员", en="Trainee"),
    "damaged": Text(
        zh="之前的答案文件无法读取,已另存为 {backup},请重新作答并告知培训师。",
        en="The earlier answers file could not be read; it was kept as {backup}. "
        "Please answer again and tell your trainer.",
    ),
}


def current_trainee() -> str:
    """Who is sitting the exam: set by the hub, or the login name on one machine."""
    for variable in ("FRONTLINE_TRAINEE", "JUPYTERHUB_USER"):
        value = os.environ.get(variable, "").strip()
        if value:
            return value
    return getpass.getuser()


class ChoiceQuestionView:
    """One single- or multiple-choice question, options in the trainee's own order."""

    def __init__(
        self,
        question: Question,
        number: int,
        order: list[str],
        selected: tuple[str, ...],
        lang: Lang,
        on_change: Callable[[str, AnswerValue], None],
    ) -> None:
        self.question = question
        self.number = number
        self.order = order
        self._on_change = on_change
        self._syncing = False
        self.prompt = widgets.HTML()
        self.status = widgets.HTML()
        self.radio: widgets.RadioButtons | None = None
        self.boxes: dict[str, widgets.Checkbox] = {}
        if question.kind == "single":
            self.radio = widgets.RadioButtons(
                options=self._labels(lang),
                value=selected[0] if selected and selected[0] in order else None,
                layout=widgets.Layout(width="auto"),
            )
            self.radio.observe(self._changed, names="value")
            choices: widgets.Widget = self.radio
        else:
            for option_id in order:
                box = widgets.Checkbox(
                    value=option_id in selected, indent=False, layout=widgets.Layout(width="auto")
                )
                box.observe(self._changed, names="value")
                self.boxes[option_id] = box
            choices = widgets.VBox(list(self.boxes.values()))
        self.widget = widgets.VBox([self.prompt, choices, self.status])
        self.set_lang(lang)

    def _labels(self, lang: Lang) -> list[tuple[str, str]]:
        return [
            (f"{LETTERS[i]}. {self.question.option(option_id).text.get(lang)}", option_id)
            for i, option_id in enumerate(self.order)
        ]

    @property
    def selected(self) -> tuple[str, ...]:
        if self.radio is not None:
            return (self.radio.value,) if self.radio.value is not None else ()
        return tuple(option_id for option_id, box in self.boxes.items() if box.value)

    def set_lang(self, lang: Lang) -> None:
        self._lang = lang
        kind = UI[self.question.kind].get(lang)
        self.prompt.value = (
            f"<b>{self.number}. {html.escape(self.question.prompt.get(lang))}</b>"
            f" <i>({html.escape(kind)})</i>"
        )
        self._syncing = True
        try:
            if self.radio is not None:
                keep = self.radio.value
                self.radio.options = self._labels(lang)
                self.radio.value = keep
            else:
                for label, option_id in self._labels(lang):
                    self.boxes[option_id].description = label
        finally:
            self._syncing = False
        self._show_status(saved=False)

    def _show_status(self, saved: bool) -> None:
        if saved:
            text = UI["saved"].get(self._lang)
        elif not self.selected:
            text = UI["not_answered"].get(self._lang)
        else:
            text = ""
        self.status.value = f"<span style='color:#555'>{html.escape(text)}</span>"

    def _changed(self, _change: dict[str, Any]) -> None:
        if self._syncing:
            return
        self._on_change(self.question.id, self.selected)
        self._show_status(saved=True)


QuestionView = ChoiceQuestionView | OrderingQuestionView | MatchingQuestionView


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

    def view(self, question_id: str) -> QuestionView:
        if question_id not in self.views:
            self.views[question_id] = self._make_view(self.bank.get(question_id))
        return self.views[question_id]

    def _make_view(self, question: Question) -> QuestionView:
        number = self.bank.number(question.id)
        qid = question.id
        if question.kind == "ordering":
            start = self._shuffled(question.item_ids, qid)
            saved = self.sheet.selection(qid)
            return OrderingQuestionView(question, number, start, saved, self.lang, self.record)
        if question.kind == "matching":
            # Separate salts, so the two columns are not shuffled in step.
            items = self._shuffled(question.item_ids, f"{qid}/items")
            options = self._shuffled(question.option_ids, f"{qid}/options")
            matches = self.sheet.matches(qid)
            return MatchingQuestionView(
                question, number, items, options, matches, self.lang, self.record
            )
        order = self._shuffled(question.option_ids, qid)
        selected = self.sheet.selection(qid)
        return ChoiceQuestionView(question, number, order, selected, self.lang, self.record)

    def ask(self, question_id: str) -> None:
        """Show one question (the only call an exam notebook makes per question)."""
        display(self.view(question_id).widget)

    def record(self, question_id: str, value: AnswerValue) -> None:
        self.sheet = self.sheet.with_answer(question_id, value)
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
