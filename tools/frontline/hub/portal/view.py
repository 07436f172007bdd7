"""The portal page: the trainee's exams with one button per next step, results, progress.

Rendered by Voilà from the one-cell notebook `notebook.py` writes, so the trainee
sees widgets only: no code, no menus, no "Run All". Buttons call `Exchange` (nbgrader's
own fetch and submit, as this trainee) and redraw. Chinese first; one click switches.
"""

from __future__ import annotations

import html
import os
from pathlib import Path
from typing import Any

from frontline.core.i18n import Lang, Text, preferred_lang
from frontline.hub.portal.exams import ExamState, Exchange

UI = {
    "title": Text("我的培训", "My training"),
    "exams": Text("考试", "Exams"),
    "none": Text("目前没有发布给您的考试。", "No exam has been released to you yet."),
    "released": Text("已发布，请先领取。", "Released: get it first."),
    "fetched": Text("已领取，作答后请提交。", "Got it: answer, then submit."),
    "submitted": Text("已于 {time} 提交（共 {n} 次）。", "Submitted at {time} ({n} in all)."),
    "fetch": Text("领取考试", "Get the exam"),
    "open": Text("打开考试", "Open the exam"),
    "submit": Text("提交", "Submit"),
    "get_feedback": Text("领取反馈", "Get my feedback"),
    "feedback": Text("查看反馈", "Read the feedback"),
    "feedback_wait": Text("反馈尚未发布。", "No feedback released yet."),
    "progress": Text("练习进度", "Practice progress"),
    "played": Text("已练习 {n} 个情景，平均最高分 {best}。",
                   "{n} scenarios played, best {best} on average."),
    "not_played": Text("尚未练习情景。", "No scenario played yet."),
    "switch": Text("English", "中文"),
    "done": Text("完成。", "Done."),
}  # fmt: skip


def _link(href: str, label: str) -> str:
    return f"<a href='{html.escape(href)}' target='_blank'>{html.escape(label)}</a>"


class Portal:
    """The page's state and widgets; `refresh` redraws from the exchange."""

    def __init__(self, exchange: Exchange, lang: Lang) -> None:
        import ipywidgets as w

        self.exchange = exchange
        self.lang: Lang = lang
        self.message = w.HTML()
        self.body = w.VBox()
        self.switch = w.Button()
        self.switch.on_click(lambda _b: self.toggle())
        self.widget = w.VBox([self.switch, self.body, self.message])
        self.refresh()

    def t(self, key: str, **values: Any) -> str:
        return UI[key].get(self.lang).format(**values)

    def toggle(self) -> None:
        self.lang = "en" if self.lang == "zh" else "zh"
        self.refresh()

    def _act(self, action: Any, exam_id: str) -> None:
        try:
            action(exam_id)
        except Exception as exc:  # shown to the trainee; the page stays usable
            self.message.value = f"<p style='color:#b3261e'>{html.escape(str(exc))}</p>"
        else:
            self.message.value = f"<p>{html.escape(self.t('done'))}</p>"
        self.refresh()

    def _exam_row(self, exam: ExamState) -> Any:
        import ipywidgets as w

        parts: list[Any] = [w.HTML(f"<b>{html.escape(exam.exam_id)}</b>")]
        if exam.submitted_at:
            status = self.t("submitted", time=exam.submitted_at, n=exam.submissions)
            if not exam.feedback and not exam.feedback_ready:
                status += " " + self.t("feedback_wait")
        else:
            status = self.t("fetched" if exam.fetched else "released")
        parts.append(w.HTML(html.escape(status)))
        buttons: list[tuple[str, Any]] = []
        if exam.can_fetch:
            buttons.append(("fetch", self.exchange.fetch))
        if exam.can_submit:
            buttons.append(("submit", self.exchange.submit))
        if exam.feedback_ready:
            buttons.append(("get_feedback", self.exchange.fetch_feedback))
        for key, action in buttons:
            button = w.Button(description=self.t(key))
            button.on_click(lambda _b, a=action, e=exam.exam_id: self._act(a, e))
            parts.append(button)
        links = [_link(nb, self.t("open")) for nb in exam.notebooks]
        links += [_link(f"../../files/{page}", self.t("feedback")) for page in exam.feedback]
        if links:
            parts.append(w.HTML(" · ".join(links)))
        return w.HBox(parts)

    def _progress(self) -> str:
        from frontline.roleplay.progress import load_progress

        scenarios = load_progress().scenarios
        if not scenarios:
            return self.t("not_played")
        best = sum(s.best for s in scenarios.values()) / len(scenarios)
        return self.t("played", n=len(scenarios), best=f"{best:.0f}")

    def refresh(self) -> None:
        import ipywidgets as w

        self.switch.description = self.t("switch")
        rows: list[Any] = [w.HTML(f"<h2>{html.escape(self.t('title'))}</h2>"),
                           w.HTML(f"<h3>{html.escape(self.t('exams'))}</h3>")]  # fmt: skip
        try:
            exams = self.exchange.exams()
        except Exception as exc:
            exams = []
            self.message.value = f"<p style='color:#b3261e'>{html.escape(str(exc))}</p>"
        rows += [self._exam_row(e) for e in exams] or [w.HTML(html.escape(self.t("none")))]
        rows += [w.HTML(f"<h3>{html.escape(self.t('progress'))}</h3>"),
                 w.HTML(html.escape(self._progress()))]  # fmt: skip
        self.body.children = rows


_SHOWN: list[Portal] = []  # the page's portal, kept alive while the kernel runs


def show_portal(course_id: str | None = None) -> None:
    """Show the portal for the signed-in trainee (their home, the hub's course id).

    Returns nothing, so the notebook cell shows the widgets and no value after them."""
    from IPython.display import display

    home = Path(os.environ.get("HOME") or Path.home())
    course = course_id or os.environ.get("FRONTLINE_COURSE_ID", "frontline")
    portal = Portal(Exchange(home, course), preferred_lang())
    display(portal.widget)
    _SHOWN.append(portal)
