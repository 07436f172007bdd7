"""The engine on small fixture scenarios: scores, mood branches, transcripts, rescoring."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from frontline.core.errors import InputFileError
from frontline.roleplay import (
    Lexicon,
    Play,
    PlayError,
    Scenario,
    load_lexicon,
    load_scenarios,
    load_transcript,
    rescore,
    save_transcript,
    transcript_of,
)  # fmt: skip
from frontline.roleplay.loader import load_scenario
from tests.roleplay.walk import all_results

FIXTURES = Path(__file__).parents[1] / "data" / "scenarios"
GOOD_APOLOGY = "给您添麻烦了,非常抱歉!我马上安排,10分钟内维修工上门。"


@pytest.fixture(scope="module")
def lexicon() -> Lexicon:
    return load_lexicon()


@pytest.fixture(scope="module")
def scenarios() -> dict[str, Scenario]:
    return load_scenarios(FIXTURES)


def best_play(scenario: Scenario, lexicon: Lexicon) -> Play:
    play = Play(scenario, lexicon)
    play.choose("calm")
    play.reply(GOOD_APOLOGY)
    play.choose("record-details")
    play.choose("emergency-10")
    return play


def test_best_path_scores_full_marks(scenarios: dict[str, Scenario], lexicon: Lexicon) -> None:
    result = best_play(scenarios["fixture-repair"], lexicon).result()
    assert result.total == 100 and result.ending.outcome == "resolved"
    assert result.moments == ()


def test_worst_path_fails_with_reasons(scenarios: dict[str, Scenario], lexicon: Lexicon) -> None:
    play = Play(scenarios["fixture-repair"], lexicon)
    play.choose("blame")
    turn = play.reply("喊什么,等一下")
    assert turn.next == "still-angry"  # mood stayed high
    play.choose("argue")
    result = play.result()
    assert result.total < 60
    assert result.ending.outcome == "walked-out"
    reasons = " ".join(m.reason.en for m in result.moments)
    assert "喊什么,等一下" in reasons and "Passing the buck" in reasons
    assert any("10 minutes" in t.en or "order" in t.en for t in result.tips)


def test_mood_decides_the_branch(scenarios: dict[str, Scenario], lexicon: Lexicon) -> None:
    scenario = scenarios["fixture-repair"]
    calm = Play(scenario, lexicon)
    calm.choose("calm")
    assert calm.reply(GOOD_APOLOGY).next == "record"
    angry = Play(scenario, lexicon)
    angry.choose("blame")  # mood 60 + 25
    assert angry.mood == 85
    assert angry.reply(GOOD_APOLOGY).next == "still-angry"


def test_phone_opening_is_judged(scenarios: dict[str, Scenario], lexicon: Lexicon) -> None:
    play = Play(scenarios["fixture-phone"], lexicon)
    turn = play.reply("喂,找谁?")
    assert {f.matched for f in turn.analysis.forbidden} == {"喂", "找谁"}  # type: ignore[union-attr]
    assert sum(m.points for m in turn.moments) >= 16


def test_wrong_actions_are_refused(scenarios: dict[str, Scenario], lexicon: Lexicon) -> None:
    play = Play(scenarios["fixture-repair"], lexicon)
    with pytest.raises(PlayError, match="expects a choice"):
        play.reply("hello")
    with pytest.raises(PlayError, match="no choice 'nope'"):
        play.choose("nope")
    with pytest.raises(PlayError, match="not finished"):
        play.result()


@pytest.mark.parametrize("scenario_id", ["fixture-repair", "fixture-phone"])
def test_every_path_ends_and_best_and_worst_are_apart(
    scenarios: dict[str, Scenario], lexicon: Lexicon, scenario_id: str
) -> None:
    totals = [r.total for r in all_results(scenarios[scenario_id], lexicon)]
    assert totals and max(totals) >= 90 and min(totals) < 60


def test_rescore_from_saved_transcript_equals_live_score(
    scenarios: dict[str, Scenario], lexicon: Lexicon, tmp_path: Path
) -> None:
    scenario = scenarios["fixture-repair"]
    play = Play(scenario, lexicon)
    play.choose("calm")
    play.reply("不好意思,我们尽快处理")  # no time promised: costs accuracy
    play.choose("record-details")
    play.choose("seven-days")
    live = play.result()
    path = save_transcript(transcript_of(play, "zh", "t1", "2026-01-01T00:00:00"),
                           tmp_path / "t.json", live)  # fmt: skip
    # A trainee edits the stored score: it is ignored, the score is recomputed.
    data = json.loads(path.read_text(encoding="utf-8"))
    data["result"]["total"] = 100
    path.write_text(json.dumps(data), encoding="utf-8")
    again = rescore(load_transcript(path), scenario, lexicon, path)
    assert again == live and again.total < 100


def test_rescore_refuses_another_scenario_version(
    scenarios: dict[str, Scenario], lexicon: Lexicon, tmp_path: Path
) -> None:
    play = best_play(scenarios["fixture-repair"], lexicon)
    transcript = transcript_of(play, "zh", "t1", "2026-01-01T00:00:00")
    changed = tmp_path / "fixture-repair.yml"
    changed.write_text((FIXTURES / "fixture-repair.yml").read_text(encoding="utf-8") + "\n# edit\n",
                       encoding="utf-8")  # fmt: skip
    with pytest.raises(InputFileError, match="another version"):
        rescore(transcript, load_scenario(changed), lexicon)


def test_rescore_refuses_invalid_events(
    scenarios: dict[str, Scenario], lexicon: Lexicon, tmp_path: Path
) -> None:
    play = best_play(scenarios["fixture-repair"], lexicon)
    path = save_transcript(
        transcript_of(play, "zh", "t1", "2026-01-01T00:00:00"), tmp_path / "t.json"
    )
    data = json.loads(path.read_text(encoding="utf-8"))
    data["events"][0]["choice"] = "made-up"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(InputFileError, match=r"event 0: .*no choice 'made-up'"):
        rescore(load_transcript(path), scenarios["fixture-repair"], lexicon, path)
