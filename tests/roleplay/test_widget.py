"""The role-play widget and the rewrite exercise, driven by .click() and .value."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from frontline.roleplay import (
    load_lexicon,
    load_transcript,
    play,
    progress_banner,
    rescore,
    rewrite,
)
from frontline.roleplay.loader import find_scenario
from frontline.roleplay.progress import load_progress, record_play

FIXTURES = Path(__file__).parents[1] / "data" / "scenarios"


@pytest.fixture(autouse=True)
def _home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FRONTLINE_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("FRONTLINE_TRAINEE", "t7")


def _buttons(view: object) -> dict[str, object]:
    return {b.description: b for b in view.choices.children}  # type: ignore[attr-defined]


def test_full_play_with_typed_reply_escaping_and_play_again(tmp_path: Path) -> None:
    root = play("fixture-repair", lang="en", save_dir=tmp_path, scenarios_dir=FIXTURES)
    view = root.roleplay
    assert "Do you care at all?" in view.chat.value
    assert view.reply_box.layout.display == "none" and view.card.layout.display == "none"
    next(b for d, b in _buttons(view).items() if d.startswith("Offer a seat")).click()
    assert "Calming first" in view.chat.value  # practice: instant feedback
    assert view.reply_box.layout.display == ""
    view.reply_text.value = "<script>alert(1)</script> I'm so sorry, a technician within 10 minutes"
    view.send.click()
    assert "<script>" not in view.chat.value and "&lt;script&gt;" in view.chat.value
    assert view.reply_text.value == ""
    next(b for d, b in _buttons(view).items() if d.startswith("Note the time")).click()
    next(b for d, b in _buttons(view).items() if d.startswith("Raise an emergency")).click()
    assert view.play.finished and view.card.layout.display == ""
    assert "Total: 100 / 100 · excellent" in view.result.value
    assert view.chart.value[:4] == b"\x89PNG"
    saved = load_transcript(view.saved_to)
    assert saved.trainee == "t7" and saved.finished
    scenario = find_scenario("fixture-repair", FIXTURES)
    assert rescore(saved, scenario, load_lexicon()).total == 100
    assert load_progress().scenarios["fixture-repair"].best == 100

    view.again.click()
    assert view.play.turns == () and view.card.layout.display == "none"
    assert "Do you care at all?" in view.chat.value


def test_assessment_mode_shows_feedback_only_at_the_end(tmp_path: Path) -> None:
    view = play("fixture-repair", lang="en", mode="assessment", save_dir=tmp_path,
                scenarios_dir=FIXTURES).roleplay  # fmt: skip
    next(b for d, b in _buttons(view).items() if d.startswith('"That')).click()
    assert "Passing the buck" not in view.chat.value
    view.reply_text.value = "What are you shouting for? Wait."
    view.send.click()
    next(b for d, b in _buttons(view).items() if d.startswith('"I already')).click()
    assert "Passing the buck" in view.result.value and "fail" in view.result.value


def test_empty_reply_is_not_sent(tmp_path: Path) -> None:
    view = play("fixture-phone", lang="zh", save_dir=tmp_path, scenarios_dir=FIXTURES).roleplay
    view.send.click()
    assert view.play.turns == () and "请先输入回复" in view.notice.value


def test_rewrite_exercise_checks_the_reply() -> None:
    view = rewrite("phone-opening", lang="zh").rewrite
    view.text.value = "喂,你好,找谁?"
    view.check.click()
    assert not view.passed and "喂" in view.verdict.value
    view.text.value = "您好,这里是服务中心,我是小李,请问有什么可以帮您?"
    view.check.click()
    assert view.passed and "✓" in view.verdict.value


def test_progress_keeps_best_score_and_sets_aside_a_damaged_file(tmp_path: Path) -> None:
    record_play("fixture-repair", "complaints", 70)
    record_play("fixture-repair", "complaints", 40)
    progress = load_progress()
    assert progress.scenarios["fixture-repair"].best == 70
    assert progress.scenarios["fixture-repair"].plays == 2
    banner = progress_banner("complaints", "en", scenarios_dir=FIXTURES)
    assert "1 of 1 scenarios played" in banner.value and "best 70" in banner.value

    path = tmp_path / "home" / "progress.json"
    path.write_text("{not json", encoding="utf-8")
    banner = progress_banner("complaints", "en", scenarios_dir=FIXTURES)
    assert "could not be read" in banner.value and "0 of 1" in banner.value
    [backup] = (tmp_path / "home").glob("progress.damaged-*.json")
    assert backup.read_text(encoding="utf-8") == "{not json"
    record_play("fixture-repair", "complaints", 55)
    assert json.loads(path.read_text(encoding="utf-8"))["scenarios"]["fixture-repair"]["best"] == 55


def _finish(view: object) -> None:
    for _ in range(20):
        if view.play.finished:  # type: ignore[attr-defined]
            return
        if view.reply_box.layout.display == "":  # type: ignore[attr-defined]
            view.reply_text.value = "非常抱歉,马上处理"  # type: ignore[attr-defined]
            view.send.click()  # type: ignore[attr-defined]
        else:
            view.choices.children[-1].click()  # type: ignore[attr-defined]


def test_exam_mode_ends_with_a_saved_card_and_no_score(tmp_path: Path) -> None:
    view = play("fixture-repair", lang="en", mode="assessment", save_dir=tmp_path,
                scenarios_dir=FIXTURES, show_result=False).roleplay  # fmt: skip
    _finish(view)
    assert view.play.finished and view.card.layout.display == ""
    assert "Scenario finished" in view.result.value and view.saved_to.name in view.result.value
    assert "Total" not in view.result.value and "/ 100" not in view.result.value
    assert view.chart.layout.display == "none" and view.again.layout.display == "none"
    saved = json.loads(view.saved_to.read_text(encoding="utf-8"))
    assert saved["finished"] and "result" not in saved
    assert "fixture-repair" not in load_progress().scenarios, "an exam play is not practice"
    scenario = find_scenario("fixture-repair", FIXTURES)
    assert rescore(load_transcript(view.saved_to), scenario, load_lexicon()).total < 100


def test_a_players_copy_never_shows_a_score(tmp_path: Path) -> None:
    from frontline.roleplay.player_copy import player_copy

    folder = tmp_path / "copies"
    folder.mkdir()
    source = FIXTURES / "fixture-repair.yml"
    (folder / source.name).write_text(player_copy(source.read_text("utf-8")), "utf-8")
    view = play("fixture-repair", lang="zh", mode="assessment", save_dir=tmp_path,
                scenarios_dir=folder).roleplay  # fmt: skip
    _finish(view)
    assert "本情景已完成" in view.result.value and "总分" not in view.result.value
    full = find_scenario("fixture-repair", FIXTURES)
    copy = find_scenario("fixture-repair", folder)
    saved = load_transcript(view.saved_to)
    assert rescore(saved, full, load_lexicon(), also_accept={copy.sha256}).total < 100


def test_the_tier_word_follows_the_cut_offs_the_widget_is_given() -> None:
    """The widget names a tier by cut-offs it is handed (standard 90 / 80 / 60 by
    default); it never reads the HR policy file."""
    from frontline.core.cutoffs import STANDARD_CUTOFFS, CutoffScores
    from frontline.hr.policy.model import Cutoffs
    from frontline.roleplay.widget import tier_word

    assert [tier_word(s).en for s in (90, 89, 80, 79, 60, 59)] == [
        "excellent", "good", "good", "pass", "pass", "fail",
    ]  # fmt: skip
    assert tier_word(89, CutoffScores(85, 70, 50)).zh == "优秀"
    # The HR policy's defaults are the same standard numbers.
    default = Cutoffs()
    assert (default.excellent, default.good, default.pass_mark) == STANDARD_CUTOFFS
