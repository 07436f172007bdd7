"""The server's copy of each exam role-play, kept one event at a time.

During an exam the widget sends every step it takes to the `practical-record` service
as it happens; this module is what that service writes with. Each play is one file,

    <store>/<trainee>/<exam>/<name>          (name: roleplay-<scenario>-...json)

in the very transcript format the widget saves (frontline-roleplay-transcript/1), so
grading can put it in the place of the submitted one. The trainee is whoever the hub
authenticated, never a field of the request: a trainee can only add to their own
folder. Events are only ever appended; a header field sent again later cannot
rewrite what was recorded, except `finished`, which a play reaches once.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from frontline.core.atomic import write_json_atomic
from frontline.core.errors import FrontlineError
from frontline.roleplay.transcript import FORMAT

# The widget's own file names (transcript.transcript_path); nothing else is accepted.
NAME = re.compile(r"^roleplay-[0-9A-Za-z_.-]+\.json$")
# Trainee and exam ids become folder names: plain words only, and never "." or "..".
ID = re.compile(r"^[0-9A-Za-z_][0-9A-Za-z_.@-]{0,99}$")
HEADER = ("scenario_id", "scenario_sha256", "mode", "lang", "started_at")


class RecordError(FrontlineError):
    """A request the store refuses (the service answers 400)."""


@dataclass(frozen=True)
class Step:
    """One step as the widget sends it: which play, its header, the event taken."""

    exam: str
    name: str
    header: dict[str, str]
    event: dict[str, str]
    finished: bool
    index: int  # the event's place in the play (0 first): a resent step is not doubled

    @classmethod
    def from_json(cls, raw: Any) -> Step:
        if not isinstance(raw, dict):
            raise RecordError("the body must be a JSON object")
        exam, name = raw.get("exam"), raw.get("name")
        if not isinstance(exam, str) or not ID.match(exam):
            raise RecordError("'exam' must be an exam id (letters, digits, '_', '-', '.')")
        if not isinstance(name, str) or not NAME.match(name):
            raise RecordError("'name' must be a transcript file name (roleplay-...json)")
        header = raw.get("transcript")
        if not isinstance(header, dict) or not all(
            isinstance(header.get(k), str) for k in HEADER
        ):
            raise RecordError(f"'transcript' must give {', '.join(HEADER)} as texts")
        event = raw.get("event")
        if not isinstance(event, dict) or not isinstance(event.get("step"), str):
            raise RecordError("'event' must give its step")
        if not isinstance(event.get("at"), str) or ("choice" in event) == ("text" in event):
            raise RecordError("'event' needs 'at' and either a choice or a text")
        kind = "choice" if "choice" in event else "text"
        if not isinstance(event[kind], str):
            raise RecordError(f"the event's {kind} must be a text")
        index = raw.get("index")
        if not isinstance(index, int) or isinstance(index, bool) or index < 0:
            raise RecordError("'index' must be the event's place in the play (0, 1, ...)")
        clean_event = {"step": event["step"], kind: event[kind], "at": event["at"]}
        return cls(exam, name, {k: header[k] for k in HEADER}, clean_event,
                   raw.get("finished") is True, index)  # fmt: skip


def _folder(store: Path, trainee: str, exam: str) -> Path:
    if not ID.match(trainee):
        raise RecordError(f"trainee id {trainee!r} cannot name a folder")
    if not ID.match(exam):
        raise RecordError(f"exam id {exam!r} cannot name a folder")
    return Path(store) / trainee / exam


def append_event(store: Path, trainee: str, step: Step) -> Path:
    """Add one event to the trainee's recorded play; returns the file written.

    `trainee` must come from the authenticated user. The file is rewritten whole
    through a temporary file and a rename, so a reader never sees half of it."""
    folder = _folder(store, trainee, step.exam)
    path = folder / step.name
    if path.is_file():
        data = json.loads(path.read_text(encoding="utf-8"))
        for key in HEADER:
            if data.get(key) != step.header[key]:
                raise RecordError(f"{step.name}: '{key}' differs from the recorded play")
        events = data["events"]
        if step.index < len(events) and events[step.index] == step.event:
            return path  # sent again after a lost answer: already recorded
        if data.get("finished") is True:
            raise RecordError(f"{step.name}: the play is already finished")
    else:
        data = {"format": FORMAT, **step.header, "trainee": trainee, "finished": False,
                "events": []}  # fmt: skip
    if step.index != len(data["events"]):
        raise RecordError(f"{step.name}: event {len(data['events'])} is next, not {step.index}")
    data["events"].append(step.event)
    data["finished"] = step.finished
    # Group-readable: the store's top folder is the trainers' group with setgid
    # (files.protect_records), so grading on a trainer's server reads it; others cannot.
    folder.mkdir(parents=True, exist_ok=True, mode=0o750)
    write_json_atomic(path, data)
    path.chmod(0o640)
    return path


def recorded(store: Path, trainee: str, exam: str) -> dict[str, Path]:
    """The trainee's recorded plays of one exam: file name -> file."""
    folder = _folder(store, trainee, exam)
    if not folder.is_dir():
        return {}
    return {p.name: p for p in sorted(folder.iterdir()) if p.is_file() and NAME.match(p.name)}
