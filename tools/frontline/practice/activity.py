"""What a trainee did in each course module: opened, time spent, self-check results.

Written to the `modules` section of the trainee's own progress file (see
`frontline.roleplay.progress`), atomically, and only ever by the trainee's own
kernel. Time spent is an estimate from activity: each event in a module (the
module opened, a self-check question checked) adds the time since the previous
event in that module, unless the gap is longer than `IDLE_LIMIT`, when the
trainee is taken to have left and the gap counts for nothing. HR reads this
section through `frontline.hr.records.progress_reader`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from frontline.roleplay.progress import progress_path, read_raw, write_section

SECTION = "modules"
IDLE_LIMIT = timedelta(minutes=15)


@dataclass(frozen=True)
class QuizRecord:
    attempts: int  # finished self-checks (every question checked)
    best: int  # most right answers in one attempt
    latest: int
    total: int  # questions in the quiz at the latest attempt
    first_finished: str  # ISO time of the first finished attempt


@dataclass(frozen=True)
class ModuleActivity:
    module_id: str
    first_opened: str
    last_active: str
    seconds: int
    quiz: QuizRecord | None = None


def _when(now: datetime | None) -> datetime:
    return (now or datetime.now(UTC)).astimezone(UTC)


def _iso(moment: datetime) -> str:
    return moment.isoformat(timespec="seconds")


def parse_modules(raw: Any) -> dict[str, ModuleActivity]:
    """The `modules` section; ValueError naming the module when a value is wrong."""
    section = raw.get(SECTION, {}) if isinstance(raw, dict) else None
    if not isinstance(section, dict):
        raise ValueError(f"'{SECTION}' is not a mapping")
    found: dict[str, ModuleActivity] = {}
    for module_id, item in section.items():
        try:
            seconds = item["seconds"]
            if not isinstance(seconds, int) or seconds < 0:
                raise ValueError("seconds")
            quiz = None
            if item.get("quiz") is not None:
                q = item["quiz"]
                numbers = [q["attempts"], q["best"], q["latest"], q["total"]]
                if not all(isinstance(n, int) and n >= 0 for n in numbers):
                    raise ValueError("quiz numbers")
                quiz = QuizRecord(
                    q["attempts"], q["best"], q["latest"], q["total"], str(q["first_finished"])
                )
            datetime.fromisoformat(str(item["first_opened"]))
            datetime.fromisoformat(str(item["last_active"]))
            found[str(module_id)] = ModuleActivity(
                str(module_id), str(item["first_opened"]), str(item["last_active"]), seconds, quiz
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise ValueError(f"module {module_id!r}: bad {exc}") from None
    return found


def _encode(entry: ModuleActivity) -> dict[str, Any]:
    quiz = None
    if entry.quiz is not None:
        q = entry.quiz
        quiz = {
            "attempts": q.attempts,
            "best": q.best,
            "latest": q.latest,
            "total": q.total,
            "first_finished": q.first_finished,
        }
    return {
        "first_opened": entry.first_opened,
        "last_active": entry.last_active,
        "seconds": entry.seconds,
        "quiz": quiz,
    }


def _load(path: Path) -> dict[str, ModuleActivity]:
    try:
        return parse_modules(read_raw(path))
    except ValueError:
        # A damaged section starts afresh; the role-play loader keeps damaged files aside.
        return {}


def _touched(old: ModuleActivity | None, module_id: str, moment: datetime) -> ModuleActivity:
    if old is None:
        return ModuleActivity(module_id, _iso(moment), _iso(moment), 0, None)
    gap = moment - datetime.fromisoformat(old.last_active)
    added = int(gap.total_seconds()) if timedelta(0) < gap <= IDLE_LIMIT else 0
    return ModuleActivity(module_id, old.first_opened, _iso(moment), old.seconds + added, old.quiz)


def _save(path: Path, modules: dict[str, ModuleActivity]) -> None:
    write_section(path, SECTION, {k: _encode(v) for k, v in sorted(modules.items())})


def touch_module(
    module_id: str, *, now: datetime | None = None, path: Path | None = None
) -> ModuleActivity:
    """Note activity in a module (opened, a question checked); returns the new entry."""
    path = path or progress_path()
    modules = _load(path)
    entry = _touched(modules.get(module_id), module_id, _when(now))
    _save(path, {**modules, module_id: entry})
    return entry


def record_quiz(
    module_id: str,
    right: int,
    total: int,
    *,
    now: datetime | None = None,
    path: Path | None = None,
) -> ModuleActivity:
    """Keep one finished self-check: attempts, best and latest count of right answers."""
    path = path or progress_path()
    moment = _when(now)
    modules = _load(path)
    entry = _touched(modules.get(module_id), module_id, moment)
    old = entry.quiz
    quiz = QuizRecord(
        attempts=(old.attempts if old else 0) + 1,
        best=max(right, old.best if old else 0),
        latest=right,
        total=total,
        first_finished=old.first_finished if old else _iso(moment),
    )
    entry = ModuleActivity(module_id, entry.first_opened, entry.last_active, entry.seconds, quiz)
    _save(path, {**modules, module_id: entry})
    return entry
