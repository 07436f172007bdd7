"""The widget of a single- or multiple-choice question: radio buttons or tick boxes.

Like the other views, it only shows the question and hands every change to the
session, which saves it. Tests drive it by setting `.value` on the radio buttons or
checkboxes.
"""

from __future__ import annotations

from typing import Any

import ipywidgets as widgets

from frontline.core.i18n import Lang, Text
from frontline.exams.model.bank import Question
from frontline.exams.model.kinds.base import OnChange
from frontline.exams.trainee.arrange_views import TEXT, prompt_html, status_html

LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"


class ChoiceQuestionView:
    """One choice question, options in the trainee's own order: radio buttons when only
    one option may be chosen (`one_only`), else tick boxes."""

    def __init__(
        self,
        question: Question,
        number: int,
        order: list[str],
        selected: tuple[str, ...],
        lang: Lang,
        on_change: OnChange,
        *,
        hint: Text,
        one_only: bool,
    ) -> None:
        self.question = question
        self.number = number
        self.order = order
        self.hint = hint
        self._on_change = on_change
        self._syncing = False
        self.prompt = widgets.HTML()
        self.status = widgets.HTML()
        self.radio: widgets.RadioButtons | None = None
        self.boxes: dict[str, widgets.Checkbox] = {}
        if one_only:
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
        self.prompt.value = prompt_html(self.number, self.question, self.hint, lang)
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
            text = TEXT["saved"].get(self._lang)
        elif not self.selected:
            text = TEXT["not_answered"].get(self._lang)
        else:
            text = ""
        self.status.value = status_html(text)

    def _changed(self, _change: dict[str, Any]) -> None:
        if self._syncing:
            return
        self._on_change(self.question.id, self.selected)
        self._show_status(saved=True)
