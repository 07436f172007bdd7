"""Simulated trainees for the practical exam (the demo and the tests).

A simulated trainee plays each scenario on the real engine (`frontline.roleplay.Play`)
and saves the transcript exactly as the widget does; only the clicks and the typed
words are invented. In an exam the trainee has only the player's copy of a
scenario, which carries no costs to tell a good choice from a bad one, so the
simulation decides with the trainer's copy (`key_dir`) and plays the same actions
on the player's copy. Everything is seeded by the trainee id and the scenario id,
so the same call always writes the same files.
"""

from __future__ import annotations

import hashlib
import itertools
import random
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from frontline.core.i18n import Lang

if TYPE_CHECKING:
    from frontline.roleplay import Lexicon, Play, Scenario

# Sample wording per detected move: what a trainee might actually type. The tests
# check the reply analysis finds each one, so a lexicon change cannot silently turn
# the "good" simulated trainee into a poor one.
GOOD_WORDS: dict[str, dict[Lang, str]] = {
    "greet": {"zh": "您好!", "en": "Good morning!"},
    "introduce": {"zh": "我是前台的小李。", "en": "I'm Li from the front desk."},
    "apologise": {"zh": "非常抱歉,给您添麻烦了。", "en": "I'm very sorry for the trouble."},
    "promise_time": {
        "zh": "我马上安排师傅,今天下班前一定处理好。",
        "en": "I'll arrange it right away and have it fixed today.",
    },
    "thank": {"zh": "谢谢您的耐心。", "en": "Thank you for your patience."},
    "offer_help": {"zh": "请问还有什么可以帮您?", "en": "Is there anything else I can help with?"},
}
POOR_REPLIES: dict[Lang, tuple[str, ...]] = {
    "zh": ("知道了,等着吧。", "这个不归我管。", "急什么,排队去。"),
    "en": ("Noted. Just wait.", "That's not my job.", "Calm down and wait your turn."),
}


def _rng(trainee_id: str, scenario_id: str) -> random.Random:
    seed = hashlib.sha256(f"{trainee_id}\0{scenario_id}".encode()).hexdigest()
    return random.Random(int(seed[:16], 16))


def good_reply(expect: Sequence[str], lang: Lang) -> str:
    moves = ["greet", *[m for m in expect if m != "greet"], "thank"]
    return "".join(GOOD_WORDS[m][lang] for m in dict.fromkeys(moves) if m in GOOD_WORDS)


def _turn(
    play: Play, skill: float, rng: random.Random, lang: Lang, red_line: str | None = None
) -> tuple[str, str]:
    step = play.current
    assert step is not None
    roll = rng.random()
    if step.reply is not None:
        if roll < skill:
            text = good_reply(step.reply.expect, lang)
        else:
            text = rng.choice(POOR_REPLIES[lang])
        play.reply(text)
        return "reply", text
    crossing = [c for c in step.choices if red_line is not None and c.red_line == red_line]
    if crossing:
        play.choose(crossing[0].id)
        return "choice", crossing[0].id
    ranked = sorted(step.choices, key=lambda c: (c.cost.total, c.mood, c.id))
    choice = ranked[0].id if roll < skill or len(ranked) == 1 else rng.choice(ranked[1:]).id
    play.choose(choice)
    return "choice", choice


def simulate_play(
    trainee_id: str,
    skill: float,
    scenario: Scenario,
    lexicon: Lexicon,
    lang: Lang = "zh",
    key: Scenario | None = None,
    red_line: str | None = None,
) -> Play:
    """A finished assessment-mode play: the best choice with probability `skill`.

    On a player's copy, `key` (the trainer's copy) decides what is best; the play
    returned is on `scenario`, as the widget's would be. With `red_line` (a category
    of `roleplay.model.RED_LINES`), the trainee takes any choice that crosses that red
    line wherever one is offered: a capable trainee with one bad habit.
    """
    from frontline.roleplay import Play

    judge = key or scenario
    if judge.player_copy:
        raise ValueError(f"{scenario.id}: a player's copy cannot tell good from bad; pass key")
    rng = _rng(trainee_id, scenario.id)
    ticks = itertools.count(1)

    def clock() -> str:  # a fixed clock: the same trainee always writes the same file
        tick = next(ticks)
        return f"2026-01-05T09:{tick // 60:02d}:{tick % 60:02d}+00:00"

    decide = Play(judge, lexicon, "assessment", clock=clock)
    play = decide if judge is scenario else Play(scenario, lexicon, "assessment", clock=clock)
    for _ in range(200):  # scenarios always end (checked on load); this bounds a bad one
        if decide.finished:
            break
        kind, value = _turn(decide, skill, rng, lang, red_line)
        if play is not decide:
            (play.choose if kind == "choice" else play.reply)(value, at=decide.turns[-1].at)
    return play


def simulate_transcripts(
    trainee_id: str,
    skill: float,
    scenarios: Sequence[Scenario | Path],
    out_dir: Path,
    lexicon: Lexicon | Path,
    lang: Lang = "zh",
    key_dir: Path | None = None,
    red_line: str | None = None,
) -> list[Path]:
    """Play every scenario as a trainee of the given skill (0..1) and save the
    transcripts in `out_dir` as the widget would; returns the files written.

    `scenarios` and `lexicon` are the copies played (objects or paths): in an exam,
    the released player's copies, with the trainer's copies in `key_dir`.
    """
    from frontline.roleplay import load_lexicon, load_scenario, save_transcript, transcript_of
    from frontline.roleplay.transcript import transcript_path

    if not 0.0 <= skill <= 1.0:
        raise ValueError(f"skill must be between 0 and 1, not {skill}")
    words = load_lexicon(lexicon) if isinstance(lexicon, Path) else lexicon
    written: list[Path] = []
    for item in scenarios:
        scenario = load_scenario(item) if isinstance(item, Path) else item
        key = load_scenario(key_dir / f"{scenario.id}.yml") if key_dir is not None else None
        play = simulate_play(trainee_id, skill, scenario, words, lang, key, red_line)
        started = "2026-01-05T09:00:00+00:00"
        transcript = transcript_of(play, lang, trainee_id, started)
        path = transcript_path(out_dir, scenario.id, trainee_id, started)
        # like the widget: a play on a player's copy has no score to write down
        result = None if scenario.player_copy else play.result()
        written.append(save_transcript(transcript, path, result))
    return written
