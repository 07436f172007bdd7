"""The time-limit drill: a case appears, the trainee picks its limit, and hears at once.

`DrillSession` is pure (no widgets): it deals the cases in a shuffled order, offers
the right limit among a few wrong ones, and keeps the running score. `DrillView`
only wires buttons to it, so tests drive it with `.click()`.
"""

from __future__ import annotations

import html
import random
from dataclasses import dataclass
from typing import Any

import ipywidgets as widgets

from frontline.core.i18n import Lang, Text
from frontline.practice.timelimits import TimeLimit, TimeLimitTable

OPTIONS_SHOWN = 4

UI = {
    "title": Text(
        zh="时限练习:这个情况的时限是多少?", en="Time-limit drill: what is the limit here?"
    ),
    "case": Text(zh="情况", en="Case"),
    "right": Text(zh="✓ 正确!", en="✓ Right!"),
    "wrong": Text(zh="✗ 不对。", en="✗ Not quite."),
    "rule": Text(zh="“{case}”的时限是:{limit}。", en="{case}: {limit}."),
    "score": Text(zh="得分:{right} / {done}", en="Score: {right} of {done}"),
    "next": Text(zh="下一题 →", en="Next case →"),
    "round": Text(
        zh="本轮 {total} 题已全部练完,下面开始新一轮。",
        en="All {total} cases done; a new round starts with the next one.",
    ),
}


@dataclass(frozen=True)
class DrillCase:
    """One card of the drill: a situation and the table row it belongs to."""

    prompt: Text
    row: TimeLimit


@dataclass(frozen=True)
class DrillFeedback:
    correct: bool
    chosen: Text
    row: TimeLimit


def drill_cases(table: TimeLimitTable) -> tuple[DrillCase, ...]:
    """Every row's own case text plus each of its concrete examples."""
    cases: list[DrillCase] = []
    for row in table.limits:
        cases.append(DrillCase(prompt=row.case, row=row))
        cases.extend(DrillCase(prompt=example, row=row) for example in row.examples)
    return tuple(cases)


class DrillSession:
    """The drill's state: which case is up, what is offered, the running score."""

    def __init__(self, table: TimeLimitTable, *, seed: int | None = None) -> None:
        self._table = table
        self._rng = random.Random(seed)
        self._all = drill_cases(table)
        self._deck: list[DrillCase] = []
        self.right = 0
        self.done = 0
        self.round_finished = False
        self.current: DrillCase = self._deal()
        self.options: tuple[Text, ...] = self._offer(self.current)
        self.answered: DrillFeedback | None = None

    @property
    def total(self) -> int:
        return len(self._all)

    def _deal(self) -> DrillCase:
        if not self._deck:
            self._deck = list(self._all)
            self._rng.shuffle(self._deck)
        return self._deck.pop()

    def _offer(self, case: DrillCase) -> tuple[Text, ...]:
        wrong = [limit for limit in self._table.distinct_limits() if limit != case.row.limit]
        picked = self._rng.sample(wrong, min(OPTIONS_SHOWN - 1, len(wrong)))
        options = [case.row.limit, *picked]
        self._rng.shuffle(options)
        return tuple(options)

    def answer(self, chosen: Text) -> DrillFeedback:
        """Mark the current case; a second answer to the same case changes nothing."""
        if self.answered is not None:
            return self.answered
        if chosen not in self.options:
            raise ValueError(f"{chosen.en!r} is not one of the options offered")
        correct = chosen == self.current.row.limit
        self.done += 1
        self.right += int(correct)
        self.answered = DrillFeedback(correct=correct, chosen=chosen, row=self.current.row)
        return self.answered

    def next_case(self) -> DrillCase:
        self.round_finished = not self._deck
        self.current = self._deal()
        self.options = self._offer(self.current)
        self.answered = None
        return self.current


class DrillView:
    """Buttons for the options, a feedback line, the running score and a Next button."""

    def _repr_mimebundle_(self, **kwargs: Any) -> Any:
        # A notebook cell ending in the view shows its widget.
        return self.widget._repr_mimebundle_(**kwargs)

    def __init__(self, session: DrillSession, lang: Lang) -> None:
        self.session = session
        self.lang = lang
        self.case = widgets.HTML()
        self.option_box = widgets.VBox()
        self.option_buttons: list[widgets.Button] = []
        self.feedback = widgets.HTML()
        self.score = widgets.HTML()
        self.next_button = widgets.Button(
            description=UI["next"].get(lang), button_style="info", disabled=True
        )
        self.next_button.on_click(lambda _button: self._next())
        self.widget = widgets.VBox(
            [
                widgets.HTML(f"<h4>{html.escape(UI['title'].get(lang))}</h4>"),
                self.case,
                self.option_box,
                self.feedback,
                widgets.HBox([self.next_button, self.score]),
            ]
        )
        self._show_case()

    def _show_case(self) -> None:
        current = self.session.current
        self.case.value = (
            f"<b>{html.escape(UI['case'].get(self.lang))}:</b> "
            f"{html.escape(current.prompt.get(self.lang))}"
        )
        self.option_buttons = []
        for option in self.session.options:
            button = widgets.Button(
                description=option.get(self.lang),
                tooltip=option.get(self.lang),
                layout=widgets.Layout(width="auto", min_width="20em"),
            )
            button.on_click(lambda _button, chosen=option: self._answer(chosen))
            self.option_buttons.append(button)
        self.option_box.children = tuple(self.option_buttons)
        self.next_button.disabled = True
        self._show_score()

    def _answer(self, chosen: Text) -> None:
        result = self.session.answer(chosen)
        verdict = UI["right" if result.correct else "wrong"].get(self.lang)
        rule = (
            UI["rule"]
            .get(self.lang)
            .format(case=result.row.case.get(self.lang), limit=result.row.limit.get(self.lang))
        )
        colour = "#1a7f37" if result.correct else "#b42318"
        self.feedback.value = (
            f"<span style='color:{colour}'><b>{html.escape(verdict)}</b></span> {html.escape(rule)}"
        )
        for button, option in zip(self.option_buttons, self.session.options, strict=True):
            button.disabled = True
            if option == result.row.limit:
                button.button_style = "success"
            elif option == chosen:
                button.button_style = "danger"
        self.next_button.disabled = False
        self._show_score()

    def _next(self) -> None:
        self.session.next_case()
        self.feedback.value = (
            html.escape(UI["round"].get(self.lang).format(total=self.session.total))
            if self.session.round_finished
            else ""
        )
        self._show_case()

    def _show_score(self) -> None:
        self.score.value = html.escape(
            UI["score"].get(self.lang).format(right=self.session.right, done=self.session.done)
        )
