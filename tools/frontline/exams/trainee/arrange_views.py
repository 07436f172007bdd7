"""Widgets for ordering and matching questions: buttons and drop-downs, never typing.

Like the choice view, each view only shows the question and hands every change to
the session, which saves it. Tests drive them with `.click()` on the move buttons
and `.value` on the drop-downs.
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from typing import Any

import ipywidgets as widgets

from frontline.core.i18n import Lang, Text
from frontline.exams.model.bank import Question
from frontline.exams.model.kinds.base import OnChange

TEXT = {
    "keep": Text(zh="确认此顺序", en="Use this order"),
    "pick": Text(zh="— 请选择 —", en="— choose —"),
    "saved": Text(zh="✓ 已保存", en="✓ saved"),
    "not_answered": Text(zh="尚未作答", en="not answered yet"),
    "partly": Text(zh="已选 {done} / {total} 项", en="{done} of {total} chosen"),
}


def status_html(text: str) -> str:
    """The grey line under a question: saved, not answered, how many chosen."""
    return f"<span style='color:#555'>{html.escape(text)}</span>"


def prompt_html(number: int, question: Question, hint: Text, lang: Lang) -> str:
    """The question's number and prompt, with its kind's hint on how to answer."""
    return (
        f"<b>{number}. {html.escape(question.prompt.get(lang))}</b>"
        f" <i>({html.escape(hint.get(lang))})</i>"
    )


class OrderingQuestionView:
    """Items in a list with ▲ ▼ buttons per position; any move (or "use this order") saves.

    Until the trainee moves an item or confirms, nothing is saved, so the shuffled
    starting order is never taken as an answer by itself.
    """

    def __init__(
        self,
        question: Question,
        number: int,
        start: list[str],
        saved: tuple[str, ...],
        lang: Lang,
        on_change: OnChange,
        *,
        hint: Text,
    ) -> None:
        self.question = question
        self.number = number
        self.hint = hint
        ids = set(question.item_ids)
        self.answered = len(saved) == len(ids) and set(saved) == ids
        self.order: list[str] = list(saved) if self.answered else list(start)
        self._on_change = on_change
        self.prompt = widgets.HTML()
        self.status = widgets.HTML()
        self.labels = [widgets.HTML(layout=widgets.Layout(width="auto")) for _ in self.order]
        self.up_buttons = [self._button("▲", i, -1) for i in range(len(self.order))]
        self.down_buttons = [self._button("▼", i, +1) for i in range(len(self.order))]
        self.up_buttons[0].disabled = True
        self.down_buttons[-1].disabled = True
        self.keep = widgets.Button(layout=widgets.Layout(width="auto"))
        self.keep.on_click(lambda _button: self._save())
        rows = [
            widgets.HBox([up, down, label])
            for up, down, label in zip(self.up_buttons, self.down_buttons, self.labels, strict=True)
        ]
        self.widget = widgets.VBox([self.prompt, *rows, self.keep, self.status])
        self.set_lang(lang)

    def _button(self, symbol: str, position: int, step: int) -> widgets.Button:
        button = widgets.Button(description=symbol, layout=widgets.Layout(width="2.5em"))
        button.on_click(lambda _button: self.move(position, step))
        return button

    def move(self, position: int, step: int) -> None:
        """Swap the item at `position` with its neighbour above (-1) or below (+1)."""
        other = position + step
        if not 0 <= other < len(self.order):
            return
        self.order[position], self.order[other] = self.order[other], self.order[position]
        self._relabel()
        self._save()

    @property
    def value(self) -> tuple[str, ...]:
        return tuple(self.order)

    def _save(self) -> None:
        self.answered = True
        self._on_change(self.question.id, tuple(self.order))
        self.status.value = status_html(TEXT["saved"].get(self._lang))

    def _relabel(self) -> None:
        for position, (label, item_id) in enumerate(zip(self.labels, self.order, strict=True)):
            text = self.question.item(item_id).text.get(self._lang)
            label.value = f"{position + 1}. {html.escape(text)}"

    def set_lang(self, lang: Lang) -> None:
        self._lang = lang
        self.prompt.value = prompt_html(self.number, self.question, self.hint, lang)
        self.keep.description = TEXT["keep"].get(lang)
        self._relabel()
        self.status.value = status_html("" if self.answered else TEXT["not_answered"].get(lang))


class MatchingQuestionView:
    """One drop-down per item, listing every option in the trainee's own order."""

    def __init__(
        self,
        question: Question,
        number: int,
        item_order: list[str],
        option_order: list[str],
        saved: Mapping[str, str],
        lang: Lang,
        on_change: OnChange,
        *,
        hint: Text,
    ) -> None:
        self.question = question
        self.number = number
        self.hint = hint
        self.item_order = item_order
        self.option_order = option_order
        self._on_change = on_change
        self._syncing = False
        self.prompt = widgets.HTML()
        self.status = widgets.HTML()
        self.labels: dict[str, widgets.HTML] = {}
        self.dropdowns: dict[str, widgets.Dropdown] = {}
        rows = []
        for item_id in item_order:
            chosen = saved.get(item_id)
            dropdown = widgets.Dropdown(
                options=self._choices(lang),
                value=chosen if chosen in option_order else None,
                layout=widgets.Layout(width="auto"),
            )
            dropdown.observe(self._changed, names="value")
            self.dropdowns[item_id] = dropdown
            self.labels[item_id] = widgets.HTML(layout=widgets.Layout(width="50%"))
            rows.append(widgets.HBox([self.labels[item_id], dropdown]))
        self.widget = widgets.VBox([self.prompt, *rows, self.status])
        self.set_lang(lang)

    def _choices(self, lang: Lang) -> list[tuple[str, str | None]]:
        return [(TEXT["pick"].get(lang), None)] + [
            (self.question.option(option_id).text.get(lang), option_id)
            for option_id in self.option_order
        ]

    @property
    def value(self) -> dict[str, str]:
        return {
            item_id: dropdown.value
            for item_id, dropdown in self.dropdowns.items()
            if dropdown.value is not None
        }

    def set_lang(self, lang: Lang) -> None:
        self._lang = lang
        self.prompt.value = prompt_html(self.number, self.question, self.hint, lang)
        self._syncing = True
        try:
            for item_id, dropdown in self.dropdowns.items():
                keep = dropdown.value
                dropdown.options = self._choices(lang)
                dropdown.value = keep
                text = self.question.item(item_id).text.get(lang)
                self.labels[item_id].value = html.escape(text)
        finally:
            self._syncing = False
        self._show_status(saved=False)

    def _show_status(self, saved: bool) -> None:
        done, total = len(self.value), len(self.dropdowns)
        if done == 0:
            text = TEXT["not_answered"].get(self._lang)
        elif done < total:
            text = TEXT["partly"].get(self._lang).format(done=done, total=total)
        else:
            text = ""
        if saved:
            text = f"{TEXT['saved'].get(self._lang)} {text}".strip()
        self.status.value = status_html(text)

    def _changed(self, _change: dict[str, Any]) -> None:
        if self._syncing:
            return
        self._on_change(self.question.id, self.value)
        self._show_status(saved=True)
