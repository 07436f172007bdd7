"""The practical exam notebook's side: play each scenario, then show the typed replies.

Thin on purpose: `play` hands over to the role-play widget in assessment mode, on
the exam folder's player's copies of the scenarios and its lexicon, saving
transcripts beside the notebook and ending each scenario without a score (the
player's copy cannot compute one); `show_replies` lists what the trainee typed,
so the trainer marking the rubric cell in formgrader reads the replies right under
it. Nothing here scores: the hidden tests recompute every score from the
transcripts on the grading side.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from frontline.core.i18n import Lang, parse_lang, preferred_lang
from frontline.exams.grading.practical import (
    LEXICON_DIR,
    SCENARIOS_DIR,
    TRANSCRIPTS_DIR,
    find_transcript,
)
from frontline.exams.trainee.whole_play import PlayedScenario, played_scenario, whole_play_html


@dataclass(frozen=True)
class TypedReply:
    scenario_id: str
    title: str
    step: str
    prompt: str
    text: str


@dataclass
class PracticalSession:
    folder: Path
    lang: Lang

    @property
    def transcripts(self) -> Path:
        return self.folder / TRANSCRIPTS_DIR

    def play(self, scenario_id: str) -> Any:
        """The role-play widget for one scenario, in assessment mode.

        While nbgrader autogrades, the widget is not built (nobody plays it; formgrader
        could not show it): the trainer sees the play that counts as escaped text."""
        from frontline.exams.trainee.answer_record import autograding

        if autograding():
            from IPython.display import HTML, display

            display(HTML(self.played_html(scenario_id)))
            return None
        from frontline.roleplay import play
        from frontline.roleplay.recorder import recorder_from_env

        return play(
            scenario_id,
            self.lang,
            mode="assessment",
            save_dir=self.transcripts,
            scenarios_dir=self.folder / SCENARIOS_DIR,
            lexicon_dir=self.folder / LEXICON_DIR,
            show_result=False,
            # on the hub each step is also kept by the server, whose copy is graded
            recorder=recorder_from_env(exam=self.folder.name),
        )

    def played_html(self, scenario_id: str) -> str:
        """The transcript that counts, turn by turn: the customer's line, then the trainee's
        choice or typed reply (escaped); or why there is none."""
        from frontline.core.errors import FrontlineError
        from frontline.roleplay import load_scenario, load_transcript

        path = self.folder / SCENARIOS_DIR / f"{scenario_id}.yml"
        try:
            scenario = load_scenario(path)
            found = find_transcript(self.folder, scenario.id)
            transcript = load_transcript(found) if found else None
        except (FrontlineError, OSError) as exc:
            return f"<p>{html.escape(scenario_id)}: {html.escape(str(exc))}</p>"
        title = html.escape(scenario.title.get(self.lang))
        if transcript is None:
            return f"<p><b>{title}</b>: 未完成演练 · not played to the end</p>"
        rows = []
        for event in transcript.events:
            step = scenario.steps.get(event.step)
            if step is None:
                continue
            said = event.text
            if event.choice is not None:
                try:
                    said = step.choice(event.choice).text.get(self.lang)
                except KeyError:  # not a choice of this step: shown as written
                    said = event.choice
            rows.append(
                f"<tr><td>{html.escape(step.say.get(self.lang))}</td>"
                f"<td style='white-space:pre-wrap'>{html.escape(said or '')}</td></tr>"
            )
        return (
            f"<p><b>{title}</b></p><table class='frontline-played'>"
            "<thead><tr><th>顾客 Customer</th><th>学员 Trainee</th></tr></thead>"
            f"<tbody>{''.join(rows)}</tbody></table>"
        )

    def replies(self) -> list[TypedReply]:
        """Every reply typed in the transcripts that count, scenario by scenario."""
        from frontline.core.errors import FrontlineError
        from frontline.roleplay import load_scenario, load_transcript

        found: list[TypedReply] = []
        for scenario_file in sorted((self.folder / SCENARIOS_DIR).glob("*.yml")):
            try:
                scenario = load_scenario(scenario_file)
                path = find_transcript(self.folder, scenario.id)
                if path is None:
                    continue
                transcript = load_transcript(path)
            except (FrontlineError, OSError):
                continue
            for event in transcript.events:
                step = scenario.steps.get(event.step)
                if event.text is None or step is None or step.reply is None:
                    continue
                found.append(
                    TypedReply(
                        scenario.id,
                        scenario.title.get(self.lang),
                        event.step,
                        step.reply.prompt.get(self.lang),
                        event.text,
                    )
                )
        return found

    def whole_plays(self) -> list[PlayedScenario]:
        """Every scenario's play that counts, turn by turn (see whole_play.py)."""
        return [
            played_scenario(self.folder, scenario_file, self.folder / LEXICON_DIR, self.lang)
            for scenario_file in sorted((self.folder / SCENARIOS_DIR).glob("*.yml"))
        ]

    def show_replies(self) -> None:
        """Under the rubric cell: the typed replies, then every play in full, so the
        procedure mark rests on the choices as well as on what was typed."""
        from IPython.display import HTML, display

        display(HTML(replies_html(self.replies()) + whole_play_html(self.whole_plays())))


def replies_html(replies: list[TypedReply]) -> str:
    """A table of typed replies (`templates/replies.html.j2`), autoescaped: every text a
    trainee wrote is shown as text."""
    from frontline.core.templates import render

    return render("frontline.exams.trainee", "replies.html.j2", replies=replies)


def start_practical(
    folder: str | Path | None = None, *, lang: str | None = None
) -> PracticalSession:
    """The practical exam in `folder` (the notebook's own folder by default)."""
    base = Path(folder) if folder is not None else Path.cwd()
    return PracticalSession(base, parse_lang(lang) if lang else preferred_lang())
