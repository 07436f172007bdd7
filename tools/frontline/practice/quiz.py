"""The self-check quiz widget: answer, press Check, see right or wrong and why.

Practice only: never graded. Each question locks once checked and shows its
explanation; when all are checked the score appears, with a button to start
again. The caller may pass `on_checked` and `on_finished` to keep the result in
the trainee's training record (`frontline.learn` does, via `practice.activity`).
"""

from __future__ import annotations

import html
from collections.abc import Callable
from typing import Any

import ipywidgets as widgets

from frontline.core.i18n import Lang, Text
from frontline.practice.quizfile import Quiz, QuizQuestion

LETTERS = "ABCDEFGHIJ"

UI = {
    "single": Text(zh="单选题", en="Single choice"),
    "multiple": Text(zh="多选题(选出所有正确项)", en="Multiple choice (tick every right option)"),
    "check": Text(zh="核对答案", en="Check"),
    "pick": Text(zh="请先选择答案。", en="Choose an answer first."),
    "right": Text(zh="✓ 回答正确。", en="✓ Right."),
    "wrong": Text(zh="✗ 回答不对。正确答案:{answer}。", en="✗ Not right. The answer: {answer}."),
    "progress": Text(zh="已核对 {done} / {total} 题", en="{done} of {total} checked"),
    "score": Text(
        zh="自测完成:答对 {right} / {total} 题。这只是练习,不计成绩。",
        en="Self-check done: {right} of {total} right. Practice only; it is not graded.",
    ),
    "again": Text(zh="重新做一遍", en="Try again"),
}


class QuizQuestionView:
    def __init__(
        self, question: QuizQuestion, number: int, lang: Lang, on_checked: Callable[[], None]
    ) -> None:
        self.question = question
        self.lang = lang
        self._on_checked = on_checked
        self.result: bool | None = None
        labels = [
            (f"{LETTERS[i]}. {option.text.get(lang)}", option.id)
            for i, option in enumerate(question.options)
        ]
        self.radio: widgets.RadioButtons | None = None
        self.boxes: dict[str, widgets.Checkbox] = {}
        if question.kind == "single":
            self.radio = widgets.RadioButtons(
                options=labels, value=None, layout=widgets.Layout(width="auto")
            )
            choices: widgets.Widget = self.radio
        else:
            for label, option_id in labels:
                self.boxes[option_id] = widgets.Checkbox(
                    value=False,
                    description=label,
                    indent=False,
                    layout=widgets.Layout(width="auto"),
                )
            choices = widgets.VBox(list(self.boxes.values()))
        self.check_button = widgets.Button(description=UI["check"].get(lang))
        self.check_button.on_click(lambda _button: self.check())
        self.feedback = widgets.HTML()
        kind = UI[question.kind].get(lang)
        prompt = widgets.HTML(
            f"<b>{number}. {html.escape(question.prompt.get(lang))}</b> "
            f"<i>({html.escape(kind)})</i>"
        )
        self.widget = widgets.VBox([prompt, choices, self.check_button, self.feedback])

    @property
    def selected(self) -> set[str]:
        if self.radio is not None:
            return {self.radio.value} if self.radio.value is not None else set()
        return {option_id for option_id, box in self.boxes.items() if box.value}

    def check(self) -> None:
        if self.result is not None:
            return
        selected = self.selected
        if not selected:
            self.feedback.value = html.escape(UI["pick"].get(self.lang))
            return
        self.result = self.question.is_right(selected)
        answer = ", ".join(
            LETTERS[i] for i, option in enumerate(self.question.options) if option.right
        )
        verdict = UI["right" if self.result else "wrong"].get(self.lang).format(answer=answer)
        colour = "#1a7f37" if self.result else "#b42318"
        self.feedback.value = (
            f"<div style='color:{colour}'><b>{html.escape(verdict)}</b></div>"
            f"<div>{html.escape(self.question.explain.get(self.lang))}</div>"
        )
        self.check_button.disabled = True
        if self.radio is not None:
            self.radio.disabled = True
        for box in self.boxes.values():
            box.disabled = True
        self._on_checked()


class QuizView:
    def _repr_mimebundle_(self, **kwargs: Any) -> Any:
        # A notebook cell ending in the view shows its widget.
        return self.widget._repr_mimebundle_(**kwargs)

    def __init__(
        self,
        quiz: Quiz,
        lang: Lang,
        *,
        on_checked: Callable[[], None] | None = None,
        on_finished: Callable[[int, int], None] | None = None,
    ) -> None:
        self.quiz = quiz
        self.lang = lang
        self._on_checked = on_checked
        self._on_finished = on_finished
        self.questions: list[QuizQuestionView] = []
        self.body = widgets.VBox()
        self.summary = widgets.HTML()
        self.again_button = widgets.Button(description=UI["again"].get(lang), disabled=True)
        self.again_button.on_click(lambda _button: self.reset())
        self.widget = widgets.VBox(
            [
                widgets.HTML(f"<h4>{html.escape(quiz.title.get(lang))}</h4>"),
                self.body,
                self.summary,
                self.again_button,
            ]
        )
        self.reset()

    def reset(self) -> None:
        self.questions = [
            QuizQuestionView(question, i + 1, self.lang, self._checked)
            for i, question in enumerate(self.quiz.questions)
        ]
        self.body.children = tuple(view.widget for view in self.questions)
        self.again_button.disabled = True
        self._update()

    @property
    def right(self) -> int:
        return sum(view.result is True for view in self.questions)

    def _checked(self) -> None:
        if self._on_checked is not None:
            self._on_checked()
        self._update()
        if self._on_finished is not None and all(v.result is not None for v in self.questions):
            self._on_finished(self.right, len(self.questions))

    def _update(self) -> None:
        done = sum(view.result is not None for view in self.questions)
        total = len(self.questions)
        if done < total:
            self.summary.value = html.escape(
                UI["progress"].get(self.lang).format(done=done, total=total)
            )
            return
        self.summary.value = (
            f"<b>{html.escape(UI['score'].get(self.lang).format(right=self.right, total=total))}"
            "</b>"
        )
        self.again_button.disabled = False
