"""Every play of the practical exam, step by step, for the trainer who gives the rubric mark.

The rubric cell asks for a procedure mark, and procedure is in the choices as much
as in the typed replies: so the trainer sees each scenario's turns in order, the
customer's line, what the trainee chose or typed, the procedure moves that turn
made and any red line it crossed. The turns are replayed through the engine on the
scenario and lexicon in the exam folder (while nbgrader grades, those are the
trainer's copies, which carry the red lines); scores are not shown here: the
hidden tests compute them.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from frontline.core.errors import FrontlineError
from frontline.core.i18n import Lang

if TYPE_CHECKING:
    from frontline.roleplay.replies import ReplyAnalysis


@dataclass(frozen=True)
class PlayedTurn:
    customer: str
    kind: str  # "choice" or "typed"
    said: str  # the choice's text or the reply as typed
    moves: tuple[str, ...]
    red_lines: tuple[str, ...]  # each "category label: what crossed it"
    findings: tuple[str, ...] = ()  # typed: each forbidden finding, "label: «words» (rule)"
    review: str = ""  # typed: why the trainer should judge this reply themselves


@dataclass(frozen=True)
class PlayedScenario:
    title: str
    turns: tuple[PlayedTurn, ...]
    note: str = ""  # why the play is missing or stops early


def played_scenario(
    folder: Path, scenario_file: Path, lexicon_dir: Path, lang: Lang
) -> PlayedScenario:
    """One scenario's play that counts, replayed turn by turn."""
    from frontline.exams.grading.practical import find_transcript
    from frontline.roleplay import Play, PlayError, load_lexicon, load_scenario, load_transcript

    try:
        scenario = load_scenario(scenario_file)
        lexicon = load_lexicon(lexicon_dir)
        found = find_transcript(folder, scenario.id)
        transcript = load_transcript(found) if found else None
    except (FrontlineError, OSError) as exc:
        return PlayedScenario(scenario_file.stem, (), f"cannot be shown: {exc}")
    title = scenario.title.get(lang)
    if transcript is None:
        return PlayedScenario(title, (), "未完成演练 · not played to the end")
    play = Play(scenario, lexicon, transcript.mode)
    turns: list[PlayedTurn] = []
    for event in transcript.events:
        step = play.current
        if step is None or step.id != event.step:
            return PlayedScenario(title, tuple(turns), "the transcript leaves the scenario here")
        try:
            if event.choice is not None:
                turn = play.choose(event.choice)
                said = step.choice(event.choice).text.get(lang)
            else:
                turn = play.reply(event.text or "")
                said = event.text or ""
        except (PlayError, KeyError):
            return PlayedScenario(title, tuple(turns), "the transcript leaves the scenario here")
        turns.append(
            PlayedTurn(
                customer=step.say.get(lang),
                kind="choice" if event.choice is not None else "typed",
                said=said,
                moves=turn.moves,
                red_lines=tuple(
                    f"{hit.label.get(lang)}: {hit.what.get(lang)}" for hit in turn.red_lines
                ),
                findings=_findings(turn.analysis, lang),
                review=_review(turn.analysis),
            )
        )
    return PlayedScenario(title, tuple(turns))


def _findings(analysis: ReplyAnalysis | None, lang: Lang) -> tuple[str, ...]:
    if analysis is None:
        return ()
    return tuple(f"{f.label.get(lang)}: «{f.matched}» ({f.rule})" for f in analysis.forbidden)


def _review(analysis: ReplyAnalysis | None) -> str:
    """The tone model's reading was close to its threshold, and no listed phrase decided:
    the points follow the model, but a trainer's judgement is worth more here."""
    if analysis is None or analysis.tone is None or not analysis.tone.unsure:
        return ""
    if any(not f.rule.endswith(".model") for f in analysis.forbidden):
        return ""  # a listed phrase decided, not the model
    tone = analysis.tone
    verdict = "判为不礼貌 · judged rude" if tone.rude else "判为得体 · judged courteous"
    return (f"分析没有把握，请您判断 · the analysis is unsure, please judge: {verdict} "
            f"({tone.chance:.2f}, threshold {tone.threshold:.2f})")


def whole_play_html(scenarios: list[PlayedScenario]) -> str:
    """The plays as tables (`templates/whole_play.html.j2`), autoescaped."""
    from frontline.core.templates import render

    return render("frontline.exams.trainee", "whole_play.html.j2", scenarios=scenarios)
