"""A trainer marks a class's attendance in a notebook: one status per trainee, then Save.

Saving goes through `attendance.save_attendance`, the same merge and atomic write
as a sign-in sheet, so a widget save and an import never disagree on the store.
"""

from __future__ import annotations

import html
from collections.abc import Iterable
from datetime import date
from pathlib import Path
from typing import Any

import ipywidgets as widgets

from frontline.core.i18n import Lang, Text
from frontline.hr.inputs.roster import Trainee
from frontline.hr.records.attendance import STATUS_LABELS, STATUSES, Attendance, save_attendance

UI = {
    "save": Text(zh="保存考勤", en="Save attendance"),
    "saved": Text(zh="已保存 {count} 人的考勤。", en="Attendance saved for {count} trainee(s)."),
    "failed": Text(zh="未能保存：{why}", en="Not saved: {why}"),
}


class AttendanceSheet:
    def _repr_mimebundle_(self, **kwargs: Any) -> Any:
        return self.widget._repr_mimebundle_(**kwargs)

    def __init__(
        self,
        session_id: str,
        day: date,
        topic: str,
        trainees: Iterable[Trainee],
        store: Path,
        *,
        trainer: str = "",
        lang: Lang = "zh",
    ) -> None:
        self.session_id, self.day, self.topic = session_id, day, topic
        self.store, self.trainer, self.lang = store, trainer, lang
        options = [(STATUS_LABELS[s].get(lang), s) for s in STATUSES]
        self.choices: dict[str, widgets.Dropdown] = {}
        rows = []
        for trainee in trainees:
            pick = widgets.Dropdown(options=options, value="present", description="")
            self.choices[trainee.trainee_id] = pick
            label = widgets.HTML(f"{html.escape(trainee.trainee_id)} {html.escape(trainee.name)}")
            rows.append(widgets.HBox([label, pick]))
        self.button = widgets.Button(description=UI["save"].get(lang))
        self.button.on_click(lambda _b: self.save())
        self.message = widgets.HTML()
        head = widgets.HTML(
            f"<b>{html.escape(session_id)}</b> · {day.isoformat()} · {html.escape(topic)}"
        )
        self.widget = widgets.VBox([head, *rows, self.button, self.message])

    def rows(self) -> list[Attendance]:
        return [
            Attendance(self.session_id, self.day, self.topic, tid, str(pick.value), self.trainer)
            for tid, pick in self.choices.items()
        ]

    def save(self) -> None:
        try:
            save_attendance(self.store, self.rows())
        except (OSError, ValueError) as exc:
            self.message.value = html.escape(UI["failed"].get(self.lang).format(why=exc))
            return
        count = len(self.choices)
        self.message.value = html.escape(UI["saved"].get(self.lang).format(count=count))
