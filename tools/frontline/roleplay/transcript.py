"""Every play is a transcript: what was chosen and typed, when, on which scenario file.

The score is never read back from a transcript: `rescore` replays the events on
the scenario (whose file must be byte-for-byte the one played, by sha256) and
computes the result again, so a hand-edited score in the file changes nothing.
"""

from __future__ import annotations

import json
import re
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from frontline.core.atomic import write_json_atomic
from frontline.core.errors import InputFileError
from frontline.core.i18n import LANGUAGES, Lang
from frontline.roleplay.engine import MODES, Mode, Play, PlayError
from frontline.roleplay.lexicon import Lexicon
from frontline.roleplay.model import Scenario
from frontline.roleplay.scoring import RoleplayResult

FORMAT = "frontline-roleplay-transcript/1"


@dataclass(frozen=True)
class Event:
    step: str
    choice: str | None
    text: str | None
    at: str

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"step": self.step, "at": self.at}
        if self.choice is not None:
            data["choice"] = self.choice
        else:
            data["text"] = self.text
        return data


@dataclass(frozen=True)
class Transcript:
    scenario_id: str
    scenario_sha256: str
    mode: Mode
    lang: Lang
    trainee: str
    started_at: str
    events: tuple[Event, ...]
    finished: bool

    def to_json(self, result: RoleplayResult | None = None) -> dict[str, Any]:
        data: dict[str, Any] = {
            "format": FORMAT,
            "scenario_id": self.scenario_id,
            "scenario_sha256": self.scenario_sha256,
            "mode": self.mode,
            "lang": self.lang,
            "trainee": self.trainee,
            "started_at": self.started_at,
            "finished": self.finished,
            "events": [e.to_json() for e in self.events],
        }
        if result is not None:
            # For people reading the file; `rescore` ignores it and recomputes.
            data["result"] = result.to_json()
        return data


def transcript_of(play: Play, lang: Lang, trainee: str, started_at: str) -> Transcript:
    events = tuple(
        Event(t.step, t.choice, t.text if t.kind == "reply" else None, t.at) for t in play.turns
    )
    return Transcript(
        play.scenario.id, play.scenario.sha256, play.mode, lang, trainee, started_at, events,
        play.finished,
    )  # fmt: skip


def transcript_path(folder: Path, scenario_id: str, trainee: str, started_at: str) -> Path:
    stamp = re.sub(r"[^0-9A-Za-z]+", "", started_at)[:15]
    safe_trainee = re.sub(r"[^0-9A-Za-z_.-]+", "_", trainee) or "trainee"
    return Path(folder) / f"roleplay-{scenario_id}-{safe_trainee}-{stamp}.json"


def save_transcript(
    transcript: Transcript, path: Path, result: RoleplayResult | None = None
) -> Path:
    write_json_atomic(path, transcript.to_json(result))
    return path


def _field(path: Path, raw: dict[str, Any], key: str, where: str = "") -> str:
    value = raw.get(key)
    if not isinstance(value, str):
        raise InputFileError(path, f"'{key}' must be a text", key=f"{where}{key}")
    return value


def load_transcript(path: Path) -> Transcript:
    path = Path(path)
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputFileError(path, "file not found") from None
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        line = getattr(exc, "lineno", None)
        raise InputFileError(path, f"not a valid transcript (JSON: {exc})", line=line) from None
    if not isinstance(raw, dict) or raw.get("format") != FORMAT:
        raise InputFileError(path, f"not a role-play transcript (format must be {FORMAT})")
    mode, lang = raw.get("mode"), raw.get("lang")
    if mode not in MODES:
        raise InputFileError(path, f"mode must be one of {', '.join(MODES)}", key="mode")
    if lang not in LANGUAGES:
        raise InputFileError(path, "lang must be zh or en", key="lang")
    events_raw = raw.get("events")
    if not isinstance(events_raw, list):
        raise InputFileError(path, "'events' must be a list", key="events")
    events: list[Event] = []
    for i, item in enumerate(events_raw):
        where = f"events.{i}."
        if not isinstance(item, dict) or ("choice" in item) == ("text" in item):
            raise InputFileError(path, "each event needs a step and either a choice or a text",
                                 key=f"events.{i}")  # fmt: skip
        kind = "choice" if "choice" in item else "text"
        events.append(Event(
            _field(path, item, "step", where),
            _field(path, item, "choice", where) if kind == "choice" else None,
            _field(path, item, "text", where) if kind == "text" else None,
            _field(path, item, "at", where),
        ))  # fmt: skip
    return Transcript(
        _field(path, raw, "scenario_id"), _field(path, raw, "scenario_sha256"), mode, lang,
        _field(path, raw, "trainee"), _field(path, raw, "started_at"), tuple(events),
        raw.get("finished") is True,
    )  # fmt: skip


def replay(
    transcript: Transcript,
    scenario: Scenario,
    lexicon: Lexicon,
    source: Path | str = "",
    also_accept: Collection[str] = (),
) -> Play:
    """Replay the events on a fresh Play; refuse a transcript of another scenario version.

    `also_accept`: digests of other files of this very scenario whose plays it may
    replay, i.e. the player's copy released in an exam (see player_copy.py).
    """
    where = Path(source or f"transcript of {transcript.scenario_id}")
    if transcript.scenario_id != scenario.id:
        raise InputFileError(where, f"was played on scenario '{transcript.scenario_id}', "
                             f"not '{scenario.id}'", key="scenario_id")  # fmt: skip
    if transcript.scenario_sha256 != scenario.sha256 and (
        transcript.scenario_sha256 not in also_accept
    ):
        raise InputFileError(
            where,
            f"was played on another version of {scenario.path} (sha256 "
            f"{transcript.scenario_sha256[:12]}…, the file now has {scenario.sha256[:12]}…); "
            "it cannot be rescored against the changed scenario",
            key="scenario_sha256",
        )
    play = Play(scenario, lexicon, transcript.mode)
    for i, event in enumerate(transcript.events):
        current = play.current
        if current is None or current.id != event.step:
            expected = "the end" if current is None else f"step '{current.id}'"
            raise InputFileError(where, f"event {i} is at step '{event.step}' but the role-play "
                                 f"was at {expected}", key=f"events.{i}")  # fmt: skip
        try:
            if event.choice is not None:
                play.choose(event.choice, at=event.at)
            else:
                play.reply(event.text or "", at=event.at)
        except PlayError as exc:
            raise InputFileError(where, f"event {i}: {exc}", key=f"events.{i}") from None
    return play


def rescore(
    transcript: Transcript,
    scenario: Scenario,
    lexicon: Lexicon,
    source: Path | str = "",
    also_accept: Collection[str] = (),
) -> RoleplayResult:
    """The result recomputed from the events alone (`also_accept` as for `replay`)."""
    play = replay(transcript, scenario, lexicon, source, also_accept)
    if not play.finished:
        raise InputFileError(Path(source or scenario.id), "the role-play was not finished; "
                             "there is no score to give")  # fmt: skip
    return play.result()
