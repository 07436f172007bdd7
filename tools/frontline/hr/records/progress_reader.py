"""The trainer/HR-side reader of trainees' progress files (never writes them).

On one machine the files are wherever the trainees' `FRONTLINE_HOME` pointed; on a
hub, each trainee's home holds `.frontline/progress.json`. `find_progress_files`
accepts both layouts under one folder (`ROOT/<trainee_id>/progress.json` or
`ROOT/<trainee_id>/.frontline/progress.json`), so a hub service can call
`read_progress_file` for each home it mounts read-only. A file that cannot be read
is reported as such for that trainee, never fixed or moved (that is the trainee's
own widget's job), and never stops the other trainees' records.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from frontline.practice.activity import ModuleActivity, parse_modules
from frontline.roleplay.progress import PROGRESS_FILE, ScenarioProgress, parse_scenarios


@dataclass(frozen=True)
class TraineeProgress:
    trainee_id: str
    path: Path | None  # None: no progress file was found
    scenarios: dict[str, ScenarioProgress] = field(default_factory=dict)
    modules: dict[str, ModuleActivity] = field(default_factory=dict)
    problem: str = ""  # why the file could not be read, if it could not


def read_progress_file(trainee_id: str, path: Path | None) -> TraineeProgress:
    if path is None or not path.is_file():
        return TraineeProgress(trainee_id, None)
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
        return TraineeProgress(trainee_id, path, parse_scenarios(raw), parse_modules(raw))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        return TraineeProgress(trainee_id, path, problem=f"unreadable: {exc}")
    except (ValueError, KeyError, TypeError) as exc:
        return TraineeProgress(trainee_id, path, problem=f"damaged: {exc}")


def progress_file_of(root: Path, trainee_id: str) -> Path | None:
    for candidate in (
        root / trainee_id / PROGRESS_FILE,
        root / trainee_id / ".frontline" / PROGRESS_FILE,
    ):
        if candidate.is_file():
            return candidate
    return None


def collect_progress(root: Path | None, trainee_ids: Iterable[str]) -> dict[str, TraineeProgress]:
    """Every trainee's progress under `root` (no root: nobody has any)."""
    return {
        tid: read_progress_file(tid, progress_file_of(root, tid) if root else None)
        for tid in trainee_ids
    }
