"""Under the practical exam's rubric cell the trainer sees every play in full."""

from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path

from frontline.core.course import REPO_ROOT
from frontline.exams.grading.practical import LEXICON_DIR, SCENARIOS_DIR, TRANSCRIPTS_DIR
from frontline.exams.trainee.practical_session import start_practical
from frontline.exams.trainee.whole_play import PlayedScenario, PlayedTurn, whole_play_html
from frontline.roleplay import Play, load_lexicon, load_scenario
from frontline.roleplay.transcript import save_transcript, transcript_of, transcript_path

SOURCE = REPO_ROOT / "exams" / "source" / "practical"
STARTED = "2026-12-01T09:00:00+08:00"


def _play_into_a_red_line(folder: Path, scenario_file: Path) -> None:
    """Choose a red line wherever one is offered, the best choice elsewhere; type politely."""
    scenario = load_scenario(scenario_file)
    play = Play(scenario, load_lexicon(folder / LEXICON_DIR), "assessment")
    while not play.finished:
        step = play.current
        assert step is not None
        if step.choices:
            red = [c for c in step.choices if c.red_line]
            best = sorted(step.choices, key=lambda c: c.cost.total)
            play.choose((red or best)[0].id)
        else:
            play.reply("您好，请您放心，我们马上处理。")
    path = transcript_path(folder / TRANSCRIPTS_DIR, scenario.id, "t1", STARTED)
    path.parent.mkdir(exist_ok=True)
    save_transcript(transcript_of(play, "zh", "t1", STARTED), path)


def test_every_turn_of_every_play_with_its_red_line(tmp_path: Path) -> None:
    # As nbgrader grades: the trainer's copies of the scenarios sit in the folder.
    folder = tmp_path / "sitting"
    for part in (SCENARIOS_DIR, LEXICON_DIR):
        shutil.copytree(SOURCE / part, folder / part)
    scenario_files = sorted((folder / SCENARIOS_DIR).glob("*.yml"))
    _play_into_a_red_line(folder, scenario_files[0])
    plays = start_practical(folder, lang="zh").whole_plays()
    assert plays[0].title == load_scenario(scenario_files[0]).title.zh
    first, second = plays
    assert first.turns and not first.note
    assert any(t.kind == "choice" for t in first.turns)
    assert any(t.red_lines for t in first.turns), "the red line taken is named"
    assert second.note and "not played" in second.note  # never played: said, not hidden
    page = whole_play_html(plays)
    assert "红线 Red line" in page and first.turns[0].customer in page


def test_the_whole_play_is_escaped() -> None:
    turn = PlayedTurn("<i>x</i>", "typed", "<script>alert(1)</script>", ("greet",), ())
    page = whole_play_html([PlayedScenario("<b>t</b>", (turn,))])
    assert "<script>" not in page and "&lt;script&gt;" in page
    assert "<b>t</b>" not in page and "<i>x</i>" not in page


def test_a_reply_the_analysis_is_unsure_of_is_put_to_the_trainer() -> None:
    from frontline.exams.trainee.whole_play import _review
    from frontline.roleplay import analyse
    from frontline.roleplay.tone.features import feature_names
    from frontline.roleplay.tone.model import ToneModel

    lexicon = load_lexicon()
    assert lexicon.tone is not None
    # A model whose threshold sits on this reply's chance: unsure by construction.
    text = "这个情况我先记下来，等领导回来再看看怎么处理。"
    chance = lexicon.tone.chance(feature_names(text))
    near = dataclasses.replace(lexicon, tone=ToneModel(
        lexicon.tone.weights, lexicon.tone.bias, min(0.99, chance + 0.05)))
    analysis = analyse(text, near)
    note = _review(analysis)
    assert "请您判断" in note and "judged courteous" in note and not analysis.forbidden
    far = dataclasses.replace(lexicon, tone=ToneModel(
        lexicon.tone.weights, lexicon.tone.bias, 0.99 if chance < 0.8 else 0.01))
    assert _review(analyse(text, far)) == ""
    listed = analyse("这事不归我管，你找别人去。", near)
    assert listed.forbidden and _review(listed) == ""  # a listed phrase decided
    turn = PlayedTurn("客户", "typed", text, (), (), ("<b>x</b>",), note)
    page = whole_play_html([PlayedScenario("t", (turn,))])
    assert "请您判断" in page and "<b>x</b>" not in page and "&lt;b&gt;x&lt;/b&gt;" in page
