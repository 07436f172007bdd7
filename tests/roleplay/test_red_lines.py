"""Red lines, facts (`sets:`/`when:`) and the writing cues of `frontline check`, on a small
scenario written here, so each rule is seen on its own."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from frontline.check import check_content
from frontline.exams.grading.practical import file_sha256, folder_sha256, score_scenario
from frontline.roleplay import Play, load_lexicon, load_scenario, save_transcript, transcript_of
from frontline.roleplay.cues import step_cues
from frontline.roleplay.lexicon import DEFAULT_LEXICON
from frontline.roleplay.loader import scenario_problems
from frontline.roleplay.player_copy import player_copy
from frontline.roleplay.transcript import transcript_path

SCENARIO = """\
id: tiny-leak
module: complaints
channel: front-desk
title: {zh: "漏水", en: "A leak"}
brief: {zh: "业主来报漏水。", en: "An owner reports a leak."}
customer: {zh: "钱女士", en: "Ms Qian"}
mood: 50
procedure: [calm, promise_time]
start: first
steps:
  first:
    say: {zh: "漏水了！", en: "It's leaking!"}
    choices:
      - id: calm
        text: {zh: "“对不起，我马上处理。”", en: "\\"I'm sorry, I'll deal with it now.\\""}
        moves: [calm]
        cost: {}
        mood: -20
        next: ask
      - id: pay
        text: {zh: "“别急，损失我做主全赔。”", en: "\\"Don't worry, I'll pay for it all.\\""}
        red_line: unauthorised-promise
        cost: {accuracy: 5}
        sets: [promised]
        next: ask
      - id: wait
        text: {zh: "“师傅很忙，您等等吧。”", en: "\\"The men are busy, please wait.\\""}
        cost: {empathy: 10}
        mood: 20
        next: ask
  ask:
    say: {zh: "什么时候来人？", en: "When is someone coming?"}
    reply:
      prompt: {zh: "承诺时间。", en: "Promise a time."}
      expect: [promise_time]
      next:
        - {when: promised, go: broken}
        - {mood_below: 50, go: fixed}
        - {go: late}
endings:
  fixed: {outcome: resolved, text: {zh: "修好了。", en: "Fixed."}}
  late: {outcome: unresolved, text: {zh: "来晚了。", en: "Too late."}}
  broken:
    outcome: unresolved
    text: {zh: "赔偿没兑现，她投诉了。", en: "No payment came; she complained."}
"""


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    (tmp_path / "scenarios").mkdir()
    (tmp_path / "scenarios" / "tiny-leak.yml").write_text(SCENARIO, encoding="utf-8")
    shutil.copytree(DEFAULT_LEXICON, tmp_path / "lexicon")
    return tmp_path


def _edited(folder: Path, old: str, new: str) -> Path:
    path = folder / "scenarios" / "tiny-leak.yml"
    path.write_text(SCENARIO.replace(old, new), encoding="utf-8")
    return path


def _play(folder: Path, choice: str, reply: str = "我们30分钟内到") -> Play:
    scenario = load_scenario(folder / "scenarios" / "tiny-leak.yml")
    play = Play(scenario, load_lexicon(folder / "lexicon"), clock=lambda: "2026-01-01T00:00:00")
    play.choose(choice)
    play.reply(reply)
    return play


def test_a_red_line_fails_the_play_names_itself_and_earns_no_procedure(folder: Path) -> None:
    result = _play(folder, "pay").result()
    assert result.points > 60 and result.total == 0 and result.failed_red_line
    [hit] = result.red_lines
    assert (hit.category, hit.step) == ("unauthorised-promise", "first")
    assert hit.label.zh and hit.label.en and "全赔" in hit.what.zh
    assert result.ending.id == "broken", "the fact set by the red line decided the ending"
    data = result.to_json()
    assert data["failed_red_line"] and data["red_lines"][0]["category"] == "unauthorised-promise"
    good = _play(folder, "calm").result()
    assert good.total == 100 and good.ending.id == "fixed" and not good.red_lines


def test_a_mocking_typed_reply_is_a_red_line_from_the_lexicon(folder: Path) -> None:
    result = _play(folder, "calm", "您可真行，30分钟内到").result()
    assert [h.category for h in result.red_lines] == ["insult"] and result.total == 0


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("red_line: unauthorised-promise", "red_line: rudeness", "must be one of"),
        ("red_line: unauthorised-promise\n",
         "red_line: unauthorised-promise\n        moves: [route]\n", "earns no procedure credit"),
        ("cost: {accuracy: 5}", "cost: {}", "must cost points"),
        ("{when: promised, go: broken}", "{when: paid, go: broken}", "no choice sets 'paid'"),
        ("sets: [promised]", "sets: [promised, shouted]", "no branch tests 'shouted'"),
    ],
)  # fmt: skip
def test_the_loader_checks_red_lines_and_facts(
    folder: Path, old: str, new: str, message: str
) -> None:
    _, problems = scenario_problems(_edited(folder, old, new))
    assert any(message in str(p) for p in problems), problems
    assert all(p.line is not None for p in problems)


def test_the_players_copy_keeps_what_steers_and_drops_the_red_line() -> None:
    copy = yaml.safe_load(player_copy(SCENARIO))
    pay = copy["steps"]["first"]["choices"][1]
    assert pay["sets"] == ["promised"] and "red_line" not in pay
    assert copy["steps"]["ask"]["reply"]["next"][0]["when"] == "promised"


def test_score_scenario_gives_zero_and_names_the_red_line(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    scenario_file = folder / "scenarios" / "tiny-leak.yml"
    for choice, expected in (("pay", 0.0), ("calm", 20.0)):
        play = _play(folder, choice)
        transcript = transcript_of(play, "zh", "t1", f"2026-01-0{len(choice)}T00:00:00")
        for old in (folder / "transcripts").glob("*.json"):
            old.unlink()
        save_transcript(transcript, transcript_path(folder / "transcripts", "tiny-leak", "t1",
                                                    transcript.started_at))  # fmt: skip
        points = score_scenario(
            "tiny-leak", points=20, scenario_sha256=file_sha256(scenario_file),
            lexicon_sha256=folder_sha256(folder / "lexicon"), folder=folder,
        )  # fmt: skip
        assert points == expected
    out, err = capsys.readouterr()
    assert "Red line" in out and "越权承诺" in out and out.count("\n") == 1 and not err


def test_cues_flag_the_answer_in_the_shape_of_the_options(folder: Path) -> None:
    longer = (
        "“对不起，让您受委屈了。我现在就派师傅上门，十分钟内到，"
        "到了我给您打电话，之后我也会一直跟着这件事。”"
    )
    path = _edited(folder, "“对不起，我马上处理。”", longer)
    scenario = load_scenario(path)
    cues = {cue for cue, _ in step_cues(scenario.step("first"))}
    assert {"longest-key", "length-imbalance"} <= cues
    report = check_content(path)
    assert any("writing cue [longest-key]" in str(p) and p.line for p in report.problems)
    reason = 'reason: "written so on purpose for this test"'
    waived = SCENARIO.replace("“对不起，我马上处理。”", longer).replace(
        "  first:\n", f"  first:\n    waiver:\n      - {{cue: longest-key, {reason}}}\n"
        f"      - {{cue: length-imbalance, {reason}}}\n",
    )  # fmt: skip
    path.write_text(waived, encoding="utf-8")
    assert not [p for p in check_content(path).problems if "writing cue" in str(p)]


def test_check_refuses_house_style(folder: Path) -> None:
    path = _edited(folder, "漏水了！", "漏水了,一臂半!")
    messages = [str(p) for p in check_content(path).problems]
    assert any("half-width" in m for m in messages)
    assert any("not '一臂半'" in m for m in messages)


def test_check_refuses_consequences_that_ignore_behaviour(folder: Path) -> None:
    """Every way through ends 'fixed': the worst play and the red line reach the best ending."""
    text = SCENARIO.replace("{when: promised, go: broken}", "{when: promised, go: fixed}")
    text = text.replace("- {go: late}", "- {go: fixed}").split("  late: {")[0]
    path = folder / "scenarios" / "tiny-leak.yml"
    path.write_text(text, encoding="utf-8")
    messages = [str(p) for p in check_content(path).problems]
    assert any("reaches the same ending 'fixed' as the best" in m for m in messages), messages
    assert any("crosses the red line 'unauthorised-promise'" in m for m in messages), messages


def test_the_result_card_and_transcript_name_the_red_line(
    folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from frontline.roleplay import play

    monkeypatch.setenv("FRONTLINE_HOME", str(tmp_path / "home"))
    view = play("tiny-leak", lang="en", save_dir=tmp_path, scenarios_dir=folder / "scenarios",
                lexicon_dir=folder / "lexicon").roleplay  # type: ignore[attr-defined]  # fmt: skip
    next(b for b in view.choices.children if b.description.startswith('"Don')).click()
    view.reply_text.value = "within 30 minutes"
    view.send.click()
    assert view.play.finished
    assert "Total: 0 / 100" in view.result.value and "red line" in view.result.value
    assert "An unauthorised promise" in view.result.value
    saved = yaml.safe_load(view.saved_to.read_text(encoding="utf-8"))  # JSON is YAML
    assert saved["result"]["red_lines"][0]["category"] == "unauthorised-promise"
