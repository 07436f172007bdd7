"""Grade exam role-plays from the server's record, not from what the trainee handed in.

On the hub, every step of an exam play is recorded by the `practical-record` service
as it happens (frontline.hub.services.transcript_store), into
`<store>/<trainee>/<exam>/<name>`. A transcript in the submission is only a file the
trainee's own account wrote, so before autograde the submission's `transcripts/`
folder is made to hold exactly the recorded plays:

    same name, same play        kept (no finding)
    same name, different play   the recorded copy is graded     -> transcript_differs
    submitted, never recorded   left out of grading             -> transcript_unrecorded
    recorded, not submitted     the recorded copy is put back   -> transcript_missing

This is done on a copy of the submitted folder (`recorded_copy`); the submitted
folder stays exactly as the trainee sent it, so the trainer can open the file a
finding names. With FRONTLINE_RECORDED_TRANSCRIPTS unset (one machine, no hub),
nothing changes.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path
from typing import Any

from frontline.exams.grading.practical import TRANSCRIPTS_DIR
from frontline.exams.grading.tamper import Finding

RECORDED_ENV = "FRONTLINE_RECORDED_TRANSCRIPTS"
# What makes two transcripts the same play (the widget's `result`, for people, is not).
PLAY_KEYS = ("scenario_id", "scenario_sha256", "mode", "started_at", "finished", "events")


def recorded_store() -> Path | None:
    """The record store grading must use, or None on a single machine."""
    named = os.environ.get(RECORDED_ENV, "").strip()
    return Path(named) if named else None


def recorded_plays(store: Path, trainee: str, exam: str) -> dict[str, Path]:
    """The trainee's recorded plays of `exam`: file name -> file (none: empty)."""
    from frontline.hub.services.transcript_store import recorded

    return recorded(store, trainee, exam)


def _play(path: Path) -> Any:
    """The parts of a transcript that make it a play; anything unreadable is its bytes."""
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError):
        return path.read_bytes() if path.is_file() else None
    if not isinstance(raw, dict):
        return raw
    return {key: raw.get(key) for key in PLAY_KEYS}


def use_recorded(folder: Path, recorded: dict[str, Path], submitted: Path) -> tuple[Finding, ...]:
    """Make `folder/transcripts/` hold exactly the `recorded` plays; one finding per
    file that was not already the recorded play. `submitted` names the untouched
    submission in the findings (where the trainer finds the file sent)."""
    found: list[Finding] = []
    transcripts = folder / TRANSCRIPTS_DIR
    sent = sorted(p for p in transcripts.iterdir() if p.is_file()) if transcripts.is_dir() else []
    where = submitted / TRANSCRIPTS_DIR
    for path in sent:
        source = recorded.get(path.name)
        kept = f"the file sent is {where / path.name}"
        if source is None:
            path.unlink()
            found.append(Finding("transcript_unrecorded", path.name,
                                 "not recorded on the server while the exam was sat; not "
                                 f"graded ({kept})"))  # fmt: skip
        elif _play(path) != _play(source):
            shutil.copyfile(source, path)
            found.append(Finding("transcript_differs", path.name,
                                 "differs from the play recorded on the server; the "
                                 f"recorded play is graded ({kept})"))  # fmt: skip
    names = {p.name for p in sent}
    for name, source in sorted(recorded.items()):
        if name not in names:
            transcripts.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, transcripts / name)
            found.append(Finding("transcript_missing", name,
                                 "recorded on the server but not in the submission; the "
                                 "recorded play is graded"))  # fmt: skip
    return tuple(found)


def recorded_copy(
    submitted: Path, copy: Path, store: Path, trainee: str, exam: str
) -> tuple[Finding, ...]:
    """Copy the submitted folder to `copy` (replacing any earlier copy) and put the
    recorded plays in it; the submitted folder is only read."""
    if copy.exists():
        shutil.rmtree(copy)
    shutil.copytree(submitted, copy, symlinks=True)
    return use_recorded(copy, recorded_plays(store, trainee, exam), submitted)
