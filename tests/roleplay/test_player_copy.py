"""The player's copy: plays exactly like the trainer's copy and carries no answer key."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from frontline.core.course import REPO_ROOT
from frontline.roleplay import (
    ContentError,
    Lexicon,
    Play,
    PlayError,
    Scenario,
    load_lexicon,
    load_scenario,
    rescore,
    transcript_of,
)
from frontline.roleplay.player_copy import answer_key_fields, player_copy, player_sha256
from tests.roleplay.walk import bad_reply, good_reply

SCENARIO_FILES = sorted(
    [*(REPO_ROOT / "course" / "scenarios").glob("*.yml"),
     *(REPO_ROOT / "exams" / "source" / "practical" / "scenarios").glob("*.yml"),
     *(Path(__file__).parents[1] / "data" / "scenarios").glob("*.yml")]
)  # fmt: skip
KEY_WORDS = ("procedure", "cost", "feedback", "moves", "expect")
EXAM_SCENARIOS = REPO_ROOT / "exams" / "source" / "practical" / "scenarios"
EXAM_IDS = sorted(p.stem for p in EXAM_SCENARIOS.glob("*.yml"))
PHONE_EXAM = EXAM_SCENARIOS / "building-water-cut.yml"


def _copy(path: Path, folder: Path) -> Path:
    copy = folder / path.name
    copy.write_text(player_copy(path.read_text(encoding="utf-8")), encoding="utf-8")
    return copy


@pytest.mark.parametrize("path", SCENARIO_FILES, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_player_copy_loads_without_any_key_field(path: Path, tmp_path: Path) -> None:
    text = player_copy(path.read_text(encoding="utf-8"))
    raw = yaml.safe_load(text)
    assert answer_key_fields(raw) == []
    for word in KEY_WORDS:
        assert f"{word}:" not in text, word
    # comments of the trainer's file (where authors explain the right answer) are gone
    assert [line for line in text.splitlines() if line.startswith("#")] == text.splitlines()[:2]
    assert player_copy(text) == text, "the copy of a copy is itself"
    scenario = load_scenario(_copy(path, tmp_path))
    full = load_scenario(path)
    assert scenario.player_copy and not full.player_copy
    assert scenario.procedure == () and scenario.sha256 == player_sha256(path.read_text("utf-8"))
    for step in scenario.steps.values():
        assert all(c.cost.total == 0 and c.feedback is None and not c.moves for c in step.choices)
        assert step.reply is None or step.reply.expect == ()
    assert [e.text for e in scenario.endings.values()] == [e.text for e in full.endings.values()]


def _actions(scenario: Scenario, lexicon: Lexicon) -> Iterator[list[tuple[str, str]]]:
    """Every distinct play (each choice, a good and a bad reply), in the trainer's copy."""

    def walk(actions: list[tuple[str, str]]) -> Iterator[list[tuple[str, str]]]:
        play = Play(scenario, lexicon, "assessment")
        for kind, value in actions:
            (play.choose if kind == "choice" else play.reply)(value)
        step = play.current
        if step is None or len(actions) > 40:
            yield actions
            return
        if step.reply is not None:
            for text in (good_reply(step.reply.expect, lexicon), bad_reply(lexicon)):
                yield from walk([*actions, ("reply", text)])
        else:
            for choice in step.choices:
                yield from walk([*actions, ("choice", choice.id)])

    yield from walk([])


def _node(play: Play) -> str:
    step, ending = play.current, play.ending
    return step.id if step is not None else ending.id if ending is not None else ""


@pytest.mark.parametrize("name", EXAM_IDS)
def test_a_play_on_the_players_copy_rescored_with_the_key_equals_a_play_on_the_key(
    name: str, tmp_path: Path
) -> None:
    source = REPO_ROOT / "exams" / "source" / "practical"
    lexicon = load_lexicon(source / "lexicon")
    full = load_scenario(source / "scenarios" / f"{name}.yml")
    player = load_scenario(_copy(source / "scenarios" / f"{name}.yml", tmp_path))
    plays = list(_actions(full, lexicon))
    assert len(plays) >= 6
    totals = set()
    for actions in plays:
        on_key, on_copy = Play(full, lexicon, "assessment"), Play(player, lexicon, "assessment")
        for kind, value in actions:
            for play in (on_key, on_copy):
                (play.choose if kind == "choice" else play.reply)(value, at="t")
            # the live play branches and moves the mood bar exactly as on the key
            assert (on_copy.mood, _node(on_copy)) == (on_key.mood, _node(on_key))
        assert on_copy.finished
        transcript = transcript_of(on_copy, "zh", "t1", "2026-01-05T09:00:00+00:00")
        assert transcript.scenario_sha256 == player.sha256 != full.sha256
        result = rescore(transcript, full, lexicon, also_accept={player.sha256})
        assert result == on_key.result()
        totals.add(result.total)
    assert len(totals) > 1, "the plays differ in score, so equality means something"


def test_the_players_copy_cannot_score_and_is_not_accepted_unasked(tmp_path: Path) -> None:
    source = REPO_ROOT / "exams" / "source" / "practical"
    lexicon = load_lexicon(source / "lexicon")
    path = PHONE_EXAM
    full, player = load_scenario(path), load_scenario(_copy(path, tmp_path))
    actions = next(_actions(full, lexicon))
    play = Play(player, lexicon, "assessment")
    for kind, value in actions:
        (play.choose if kind == "choice" else play.reply)(value)
    with pytest.raises(PlayError, match="player's copy"):
        play.result()
    transcript = transcript_of(play, "zh", "t1", "2026-01-05T09:00:00+00:00")
    with pytest.raises(Exception, match="another version"):
        rescore(transcript, full, lexicon)


def test_a_players_copy_carrying_a_cost_is_refused_with_line(tmp_path: Path) -> None:
    path = PHONE_EXAM
    lines = player_copy(path.read_text(encoding="utf-8")).splitlines()
    at = next(i for i, line in enumerate(lines) if line.strip().startswith("mood: 15"))
    indent = lines[at][: len(lines[at]) - len(lines[at].lstrip())]
    lines.insert(at + 1, f"{indent}cost: {{courtesy: 15}}")
    broken = tmp_path / path.name
    broken.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(ContentError, match="must not carry 'cost'") as caught:
        load_scenario(broken)
    assert caught.value.line == at + 2 and caught.value.path == broken


def test_a_trainers_file_still_needs_procedure_and_expect(tmp_path: Path) -> None:
    path = Path(__file__).parents[1] / "data" / "scenarios" / "fixture-repair.yml"
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    del raw["procedure"]
    reply = next(s["reply"] for s in raw["steps"].values() if "reply" in s)
    del reply["expect"]
    broken = tmp_path / path.name
    broken.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        load_scenario(broken)
    reasons = [p.reason for p in caught.value.problems]
    assert "'procedure' is missing" in reasons and "'expect' is missing" in reasons
