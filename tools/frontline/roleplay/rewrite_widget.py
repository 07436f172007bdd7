"""The rewrite exercise: a forbidden phrase in a situation; the trainee types a better one."""

from __future__ import annotations

import html
from pathlib import Path

import ipywidgets as widgets

from frontline.core.i18n import Lang, Text, parse_lang, preferred_lang
from frontline.roleplay.lexicon import DEFAULT_LEXICON, load_lexicon
from frontline.roleplay.rewrites import judge_rewrite, load_rewrites

UI = {
    "check": Text(zh="检查", en="Check"),
    "shown": Text(zh="不要这样说:", en="Don't say:"),
    "task": Text(zh="请改写成得体的说法:", en="Rewrite it the courteous way:"),
    "passed": Text(zh="✓ 很好,这样说得体。", en="✓ Good, that is courteous."),
    "forbidden": Text(zh="✗ 仍有服务忌语:{found}", en="✗ Still a forbidden phrase: {found}"),
    "missing": Text(zh="✗ 还缺少:{found}", en="✗ Still missing: {found}"),
    "empty": Text(zh="请先输入你的说法。", en="Please type your version first."),
}


class RewriteWidget:
    def __init__(self, exercise_id: str, lang: Lang, lexicon_dir: Path) -> None:
        self.lexicon = load_lexicon(lexicon_dir)
        exercises = load_rewrites(lexicon_dir)
        if exercise_id not in exercises:
            raise KeyError(f"no rewrite exercise '{exercise_id}'; known: {', '.join(exercises)}")
        self.exercise = exercises[exercise_id]
        self.lang = lang
        ex = self.exercise
        self.prompt = widgets.HTML(
            f"<p>{html.escape(ex.situation.get(lang))}</p>"
            f"<p>{UI['shown'].get(lang)} <s>{html.escape(ex.shown.get(lang))}</s></p>"
            f"<p>{UI['task'].get(lang)}</p>"
        )
        self.text = widgets.Textarea(layout=widgets.Layout(width="95%"))
        self.check = widgets.Button(description=UI["check"].get(lang), button_style="primary")
        self.check.on_click(lambda _: self.judge())
        self.verdict = widgets.HTML()
        self.passed = False
        self.root = widgets.VBox([self.prompt, self.text, self.check, self.verdict])

    def judge(self) -> None:
        lang = self.lang
        if not self.text.value.strip():
            self.verdict.value = html.escape(UI["empty"].get(lang))
            return
        verdict = judge_rewrite(self.exercise, self.text.value, self.lexicon)
        self.passed = verdict.passed
        lines = []
        if verdict.analysis.forbidden:
            found = "、".join(f"“{f.matched}”" for f in verdict.analysis.forbidden)
            lines.append(UI["forbidden"].get(lang).format(found=found))
        if verdict.missing:
            found = ", ".join(self.lexicon.move_label(m).get(lang) for m in verdict.missing)
            lines.append(UI["missing"].get(lang).format(found=found))
        if verdict.passed:
            lines.append(UI["passed"].get(lang))
        colour = "#070" if verdict.passed else "#b00"
        body = "<br>".join(html.escape(line) for line in lines)
        self.verdict.value = f"<div style='color:{colour}'>{body}</div>"


def rewrite(
    exercise_id: str, lang: str | None = "zh", lexicon_dir: Path | str | None = None
) -> widgets.VBox:
    """A rewrite exercise from `course/lexicon/rewrites.yml`."""
    view = RewriteWidget(exercise_id, parse_lang(lang, preferred_lang()),
                         Path(lexicon_dir or DEFAULT_LEXICON))  # fmt: skip
    view.root.rewrite = view
    return view.root
