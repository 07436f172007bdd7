"""What the course-module notebooks call: one function per widget, nothing else.

Notebooks stay thin (text cells plus one call each); everything here only finds
the right data and hands it to a widget. Role-plays, rewrite exercises and the
progress banner come from `frontline.roleplay`; the drill and the quizzes from
`frontline.practice`.
"""

from __future__ import annotations

import html
import logging
from collections.abc import Callable
from typing import Any

from frontline.core.i18n import Lang, parse_lang
from frontline.practice.activity import record_quiz, touch_module
from frontline.practice.drill import DrillSession, DrillView
from frontline.practice.modulefile import MODULE_FILE, load_module_info, module_folder
from frontline.practice.quiz import QuizView
from frontline.practice.quizfile import QUIZ_FILE, load_quiz
from frontline.practice.timelimits import DEFAULT_TIME_LIMITS, load_time_limits

__all__ = ["drill", "header", "limits_table", "quiz", "rewrite", "roleplay"]


def header(module_id: str, lang: str = "zh") -> Any:
    """The module's title and the trainee's progress in its role-plays."""
    import ipywidgets as widgets

    from frontline.roleplay.progress import progress_banner

    code = parse_lang(lang)
    info = load_module_info(module_folder(module_id) / MODULE_FILE)
    _keep(lambda: touch_module(module_id))
    title = widgets.HTML(f"<h2>{html.escape(info.title.get(code))}</h2>")
    return widgets.VBox([title, progress_banner(info.topic, code)])


def roleplay(scenario_id: str, lang: str = "zh") -> Any:
    """A role-play in practice mode: feedback after every move."""
    from frontline.roleplay import play

    return play(scenario_id, lang=parse_lang(lang), mode="practice")


def rewrite(exercise_id: str, lang: str = "zh") -> Any:
    """Rewrite a forbidden phrase; the reply analysis checks the new wording."""
    from frontline.roleplay import rewrite as rewrite_exercise

    return rewrite_exercise(exercise_id, parse_lang(lang))


def drill(lang: str = "zh", *, seed: int | None = None) -> DrillView:
    """The time-limit drill over `course/time-limits.yml`."""
    return DrillView(DrillSession(load_time_limits(DEFAULT_TIME_LIMITS), seed=seed), _lang(lang))


def limits_table(lang: str = "zh") -> Any:
    """The time-limit table as this centre has set it (the YAML, not a copy in text)."""
    import ipywidgets as widgets

    code = _lang(lang)
    table = load_time_limits(DEFAULT_TIME_LIMITS)
    head = ("情况", "时限") if code == "zh" else ("Case", "Limit")
    rows = "".join(
        f"<tr><td>{html.escape(row.case.get(code))}</td>"
        f"<td><b>{html.escape(row.limit.get(code))}</b></td></tr>"
        for row in table.limits
    )
    return widgets.HTML(
        f"<table><thead><tr><th>{head[0]}</th><th>{head[1]}</th></tr></thead>"
        f"<tbody>{rows}</tbody></table>"
    )


def quiz(module_id: str, lang: str = "zh") -> QuizView:
    """The module's self-check quiz (practice, never graded)."""
    return QuizView(
        load_quiz(module_folder(module_id) / QUIZ_FILE),
        _lang(lang),
        on_checked=lambda: _keep(lambda: touch_module(module_id)),
        on_finished=lambda right, total: _keep(lambda: record_quiz(module_id, right, total)),
    )


def _keep(write: Callable[[], object]) -> None:
    """Write to the training record; a home folder that cannot be written (read-only
    disk, full quota) must not break the lesson, so that failure is only logged."""
    try:
        write()
    except OSError as exc:
        logging.getLogger(__name__).warning("training record not saved: %s", exc)


def _lang(lang: str) -> Lang:
    return parse_lang(lang)
