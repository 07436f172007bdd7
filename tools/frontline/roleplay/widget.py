"""The role-play widget: a chat with the simulated customer, wired to `Play`.

Thin on purpose: every click calls the engine and redraws from its state. All
text shown (scenario text and what the trainee typed) is HTML-escaped. After each
turn the transcript is saved atomically beside the notebook.
"""

from __future__ import annotations

import html
import io
from pathlib import Path
from typing import Any

import ipywidgets as widgets

from frontline.core.cutoffs import STANDARD_CUTOFFS, CutoffScores
from frontline.core.i18n import Lang, Text, parse_lang, preferred_lang
from frontline.roleplay.engine import Mode, Play, PlayError, Turn
from frontline.roleplay.lexicon import DEFAULT_LEXICON, Lexicon, load_lexicon
from frontline.roleplay.loader import DEFAULT_SCENARIOS, find_scenario
from frontline.roleplay.model import DIMENSION_LABELS, DIMENSIONS, Scenario
from frontline.roleplay.progress import record_play
from frontline.roleplay.recorder import Recorder
from frontline.roleplay.scoring import RoleplayResult
from frontline.roleplay.transcript import save_transcript, transcript_of, transcript_path

UI = {
    "send": Text(zh="发送", en="Send"),
    "again": Text(zh="再练一次", en="Play again"),
    "mood": Text(zh="客户情绪", en="Customer mood"),
    "placeholder": Text(zh="在这里输入你的回复……", en="Type your reply here…"),
    "total": Text(zh="总分", en="Total"),
    "tips": Text(zh="改进建议", en="Coaching tips"),
    "lost": Text(zh="失分时刻", en="Where points were lost"),
    "perfect": Text(zh="没有失分,做得很好!", en="No points lost. Well done!"),
    "empty": Text(zh="请先输入回复。", en="Please type a reply first."),
    "unrecorded": Text(
        zh="这一步未能记录到服务器（{why}）。请立即告诉监考老师。",
        en="This step could not be recorded on the server ({why}). "
        "Please tell the invigilator now.",
    ),
    "saved": Text(zh="记录已保存:{name}", en="Transcript saved: {name}"),
    "you": Text(zh="你", en="You"),
    "red_line": Text(
        zh="触碰红线,本情景不合格(无论其他得分多少):",
        en="A red line was crossed, so this scenario is failed whatever the other points:",
    ),
    "points": Text(zh="各项得分合计 {points},因红线不计", en="rubric points {points}, void"),
    "at_step": Text(zh="步骤", en="step"),
    "done": Text(zh="本情景已完成", en="Scenario finished"),
    "graded_later": Text(
        zh="你的演练记录已保存({name})。得分由培训师端根据记录计算,考试结束后公布。",
        en="Your play is saved ({name}). Your trainer's grading computes the score from it; "
        "you will see it after the exam.",
    ),
}
TIER_WORDS = (  # in the order of CutoffScores: excellent, good, pass
    Text(zh="优秀", en="excellent"),
    Text(zh="良好", en="good"),
    Text(zh="合格", en="pass"),
)
FAIL_WORD = Text(zh="不合格", en="fail")
BUBBLE = (
    "<div style='display:flex;justify-content:{align};margin:4px 0'><div style='max-width:75%;"
    "padding:6px 10px;border-radius:10px;background:{bg}'><small>{who}</small><br>{text}</div>"
    "</div>"
)


def _esc(text: str) -> str:
    return html.escape(text).replace("\n", "<br>")


def tier_word(total: float, cutoffs: CutoffScores = STANDARD_CUTOFFS) -> Text:
    """The tier word of a score by `cutoffs` (the standard 90 / 80 / 60 unless given);
    the widget is told its cut-offs and never reads the HR policy."""
    for cutoff, word in zip(cutoffs, TIER_WORDS, strict=True):
        if total >= cutoff:
            return word
    return FAIL_WORD


def dimension_chart(result: RoleplayResult, lang: Lang) -> bytes:
    """Per-dimension bars as a PNG."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.figure import Figure

    from frontline.core.fonts import configure_cjk_font

    configure_cjk_font()
    figure = Figure(figsize=(4.6, 1.9), dpi=100)
    axes = figure.add_subplot()
    labels = [DIMENSION_LABELS[d].get(lang) for d in DIMENSIONS]
    values = [result.scores[d] for d in DIMENSIONS]
    bars = axes.barh(labels[::-1], values[::-1], color="#4c8bf5")
    axes.set_xlim(0, 25)
    axes.bar_label(bars, labels=[f"{v}/25" for v in values[::-1]], padding=3, fontsize=8)
    axes.tick_params(labelsize=9)
    figure.tight_layout()
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    return buffer.getvalue()


# Choices are whole sentences: a button that cuts them off with "…" hides the very
# wording the trainee must judge, so they wrap instead.
CHOICE_STYLE = (
    "<style>.frontline-choice{white-space:normal!important;text-align:left;"
    "line-height:1.4;padding:6px 10px;height:auto!important;min-height:32px}</style>"
)


class RoleplayWidget:
    def __init__(
        self, scenario: Scenario, lexicon: Lexicon, lang: Lang, mode: Mode,
        save_dir: Path, trainee: str, show_result: bool = True,
        cutoffs: CutoffScores = STANDARD_CUTOFFS, recorder: Recorder | None = None,
    ) -> None:  # fmt: skip
        # exam plays only: the hub's copy is the one graded (recorder.py)
        self.recorder = recorder if mode == "assessment" else None
        self.scenario, self.lexicon, self.lang, self.mode = scenario, lexicon, lang, mode
        self.save_dir, self.trainee, self.cutoffs = save_dir, trainee, cutoffs
        # A player's copy has no scoring, so there is no score to show; in an exam the
        # grading side computes it from the transcript.
        self.show_result = show_result and not scenario.player_copy
        self.title = widgets.HTML()
        self.chat = widgets.HTML()
        self.mood = widgets.IntProgress(min=0, max=100, description=UI["mood"].get(lang))
        self.choices = widgets.VBox()
        self.reply_text = widgets.Textarea(
            placeholder=UI["placeholder"].get(lang), layout=widgets.Layout(width="95%")
        )
        self.send = widgets.Button(description=UI["send"].get(lang), button_style="primary")
        self.send.on_click(lambda _: self._send())
        self.reply_box = widgets.VBox([self.reply_text, self.send])
        self.notice = widgets.HTML()
        self.chart = widgets.Image(format="png", layout=widgets.Layout(width="460px"))
        self.result = widgets.HTML()
        self.again = widgets.Button(description=UI["again"].get(lang))
        self.again.on_click(lambda _: self.restart())
        self.card = widgets.VBox([self.result, self.chart, self.again])
        self.saved_to: Path | None = None
        self.root = widgets.VBox(
            [self.title, self.mood, self.chat, self.choices, self.reply_box, self.notice, self.card]
        )
        self.restart()

    # --- actions -------------------------------------------------------------------
    def restart(self) -> None:
        self.play = Play(self.scenario, self.lexicon, self.mode)
        self.started_at = self.play._clock()
        self.saved_to = None
        self.reply_text.value = ""
        self.notice.value = ""
        self.render()

    def choose(self, choice_id: str) -> None:
        self._act(lambda: self.play.choose(choice_id))

    def _send(self) -> None:
        text = self.reply_text.value
        if not text.strip():
            self.notice.value = _esc(UI["empty"].get(self.lang))
            return
        self._act(lambda: self.play.reply(text))
        self.reply_text.value = ""

    def _act(self, action: Any) -> None:
        try:
            action()
        except PlayError as exc:
            self.notice.value = _esc(str(exc))
            return
        self.notice.value = ""
        self._save()
        self.render()

    def _save(self) -> None:
        transcript = transcript_of(self.play, self.lang, self.trainee, self.started_at)
        scored = self.play.finished and self.show_result
        result = self.play.result() if scored else None
        path = transcript_path(self.save_dir, self.scenario.id, self.trainee, self.started_at)
        self.saved_to = save_transcript(transcript, path, result)
        if self.recorder is not None:
            why = self.recorder.send(transcript, path.name)
            if why:
                self.notice.value = (
                    "<b style='color:#b00020'>"
                    + _esc(UI["unrecorded"].get(self.lang).format(why=why))
                    + "</b>"
                )
        if result is not None:
            record_play(
                self.scenario.id,
                self.scenario.module,
                result.total,
                red_lines=tuple(hit.category for hit in result.red_lines),
            )

    # --- view ----------------------------------------------------------------------
    def _bubble(self, text: str, trainee: bool) -> str:
        who = UI["you"].get(self.lang) if trainee else self.scenario.customer.get(self.lang)
        bg = "#d9f2d9" if trainee else "#eeeeee"
        align = "flex-end" if trainee else "flex-start"
        return BUBBLE.format(align=align, bg=bg, who=_esc(who), text=_esc(text))

    def _turn_html(self, turn: Turn) -> str:
        step = self.scenario.step(turn.step)
        said = step.say.get(self.lang)
        if turn.kind == "choice" and turn.choice is not None:
            mine = step.choice(turn.choice).text.get(self.lang)
        else:
            mine = turn.text or ""
        parts = [self._bubble(said, False), self._bubble(mine, True)]
        if self.play.feedback_now and turn.feedback is not None:
            colour = "#b00" if turn.moments else "#070"
            lost = sum(m.points for m in turn.moments)
            suffix = f" (−{lost})" if lost else ""
            parts.append(
                f"<div class='frontline-feedback' style='color:{colour};margin:2px 12px'>"
                f"<small>{_esc(turn.feedback.get(self.lang) + suffix)}</small></div>"
            )
        return "".join(parts)

    def render(self) -> None:
        lang = self.lang
        self.title.value = (
            CHOICE_STYLE + f"<h3>{_esc(self.scenario.title.get(lang))}</h3>"
            f"<p><i>{_esc(self.scenario.brief.get(lang))}</i></p>"
        )
        self.mood.value = self.play.mood
        self.mood.bar_style = "danger" if self.play.mood >= 70 else (
            "warning" if self.play.mood >= 40 else "success")  # fmt: skip
        chat = [self._turn_html(t) for t in self.play.turns]
        step = self.play.current
        if step is not None:
            chat.append(self._bubble(step.say.get(lang), False))
            if step.reply is not None:
                chat.append(f"<div><small>💡 {_esc(step.reply.prompt.get(lang))}</small></div>")
        ending = self.play.ending
        if ending is not None:
            chat.append(f"<div style='margin:6px 0'><b>{_esc(ending.text.get(lang))}</b></div>")
        self.chat.value = "<div class='frontline-chat'>" + "".join(chat) + "</div>"
        buttons = []
        if step is not None and step.reply is None:
            for choice in step.choices:
                button = widgets.Button(
                    description=choice.text.get(lang), tooltip=choice.text.get(lang),
                    layout=widgets.Layout(width="95%", height="auto"),
                )  # fmt: skip
                button.add_class("frontline-choice")
                button.on_click(lambda _, cid=choice.id: self.choose(cid))
                buttons.append(button)
        self.choices.children = tuple(buttons)
        self.reply_box.layout.display = "" if step is not None and step.reply else "none"
        self.card.layout.display = "" if ending is not None else "none"
        if ending is not None and self.show_result:
            self._render_result(self.play.result())
        elif ending is not None:
            self._render_saved()

    def _render_saved(self) -> None:
        """The end of a play whose score only the grading side computes: no score, no
        chart, and no second try (the first finished play is the one graded)."""
        lang = self.lang
        name = self.saved_to.name if self.saved_to is not None else ""
        self.result.value = (
            f"<div class='frontline-result'><h3>{_esc(UI['done'].get(lang))}</h3>"
            f"<p>{_esc(UI['graded_later'].get(lang).format(name=name))}</p></div>"
        )
        self.chart.layout.display = "none"
        self.again.layout.display = "none"

    def _render_result(self, result: RoleplayResult) -> None:
        lang = self.lang
        word = tier_word(result.total, self.cutoffs).get(lang)
        lines = [
            f"<div class='frontline-result'><h3>{UI['total'].get(lang)}: {result.total} / "
            f"{result.max_total} · {_esc(word)}</h3>"
        ]
        if result.red_lines:
            # Named first and apart: it decides the result, the points below do not.
            points = UI["points"].get(lang).format(points=result.points)
            lines.append(f"<div class='frontline-red-line'><b>{_esc(UI['red_line'].get(lang))}"
                         f"</b><ul>")  # fmt: skip
            lines += [
                f"<li>{_esc(hit.label.get(lang))} ({UI['at_step'].get(lang)} {_esc(hit.step)}): "
                f"{_esc(hit.what.get(lang))}</li>"
                for hit in result.red_lines
            ]
            lines.append(f"</ul><small>{_esc(points)}</small></div>")
        if result.moments:
            lines.append(f"<b>{UI['lost'].get(lang)}</b><ul>")
            lines += [f"<li>−{m.points}: {_esc(m.reason.get(lang))}</li>" for m in result.moments]
            lines.append("</ul>")
        tips = [t.get(lang) for t in result.tips] or [UI["perfect"].get(lang)]
        lines.append(f"<b>{UI['tips'].get(lang)}</b><ul>")
        lines += [f"<li>{_esc(t)}</li>" for t in tips]
        lines.append("</ul>")
        if self.saved_to is not None:
            lines.append(f"<small>{_esc(UI['saved'].get(lang).format(name=self.saved_to.name))}"
                         "</small>")  # fmt: skip
        # The chart first: once the total shows, the bars are already on their way.
        self.chart.value = dimension_chart(result, lang)
        self.result.value = "".join(lines) + "</div>"


def play(
    scenario_id: str, lang: str | None = "zh", mode: str = "practice",
    save_dir: Path | str | None = None, scenarios_dir: Path | str | None = None,
    lexicon_dir: Path | str | None = None, show_result: bool = True,
    cutoffs: CutoffScores = STANDARD_CUTOFFS, recorder: Recorder | None = None,
) -> widgets.VBox:  # fmt: skip
    """The role-play widget for one scenario; transcripts go to `save_dir` (default:
    the notebook's folder). `show_result=False` (exams) ends with a card saying the
    play is saved instead of a score; so does any player's copy of a scenario.
    `cutoffs` name the result's tier (default: the standard 90 / 80 / 60).
    `recorder`: in assessment mode, each step is also sent to the hub's record."""
    from frontline.exams.trainee.widgets import current_trainee

    chosen: Lang = parse_lang(lang, preferred_lang())
    if mode not in ("practice", "assessment"):
        raise ValueError(f"mode must be 'practice' or 'assessment', not {mode!r}")
    scenario = find_scenario(scenario_id, Path(scenarios_dir or DEFAULT_SCENARIOS))
    lexicon = load_lexicon(Path(lexicon_dir or DEFAULT_LEXICON))
    view = RoleplayWidget(scenario, lexicon, chosen, mode, Path(save_dir or Path.cwd()),  # type: ignore[arg-type]
                          current_trainee(), show_result, cutoffs, recorder)  # fmt: skip
    view.root.roleplay = view  # tests and notebooks reach the view
    return view.root
