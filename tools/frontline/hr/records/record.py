"""One training record per trainee, assembled from what the readers found (pure).

Standard section 1 asks every training to keep attendance, content, trainee
performance and results; here they are: the modules worked through (opened, time
spent, completed when the module's self-check was finished at least once), the
role-plays (plays, best and latest score, red lines), the exam sittings with
retakes, and classroom attendance. Every line names where it came from, so HR can
trace a number to its file.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime

from frontline.hr.inputs.roster import Trainee
from frontline.hr.records.attendance import Attendance
from frontline.hr.records.progress_reader import TraineeProgress
from frontline.hr.records.sittings import ExamSitting


@dataclass(frozen=True)
class ModuleLine:
    module_id: str
    opened_on: date
    seconds: int
    completed_on: date | None  # the day the self-check was first finished
    quiz_attempts: int
    quiz_best: int | None
    quiz_latest: int | None
    quiz_total: int | None

    @property
    def completed(self) -> bool:
        return self.completed_on is not None


@dataclass(frozen=True)
class RoleplayLine:
    scenario_id: str
    topic: str
    plays: int
    best: int
    latest: int | None
    red_line_plays: int
    red_lines: tuple[str, ...]
    last_played: date | None


@dataclass(frozen=True)
class TrainingRecord:
    trainee: Trainee
    modules: tuple[ModuleLine, ...]
    roleplays: tuple[RoleplayLine, ...]
    sittings: tuple[ExamSitting, ...]
    attendance: tuple[Attendance, ...]
    progress_source: str  # the progress file read, or why there is none
    progress_problem: str = ""

    @property
    def seconds(self) -> int:
        return sum(m.seconds for m in self.modules)

    @property
    def modules_completed(self) -> tuple[str, ...]:
        return tuple(m.module_id for m in self.modules if m.completed)

    @property
    def sessions_attended(self) -> tuple[str, ...]:
        return tuple(a.session_id for a in self.attendance if a.attended)

    @property
    def retakes(self) -> int:
        return sum(1 for s in self.sittings if s.retake)

    def module(self, module_id: str) -> ModuleLine | None:
        return next((m for m in self.modules if m.module_id == module_id), None)


def _day(stamp: str) -> date | None:
    try:
        return datetime.fromisoformat(stamp).date()
    except ValueError:
        return None


def _modules(progress: TraineeProgress) -> tuple[ModuleLine, ...]:
    lines = []
    for module_id, entry in sorted(progress.modules.items()):
        quiz = entry.quiz
        lines.append(
            ModuleLine(
                module_id,
                _day(entry.first_opened) or date.min,
                entry.seconds,
                _day(quiz.first_finished) if quiz else None,
                quiz.attempts if quiz else 0,
                quiz.best if quiz else None,
                quiz.latest if quiz else None,
                quiz.total if quiz else None,
            )
        )
    return tuple(lines)


def _roleplays(progress: TraineeProgress) -> tuple[RoleplayLine, ...]:
    return tuple(
        RoleplayLine(
            s.scenario_id,
            s.module,
            s.plays,
            s.best,
            s.latest,
            s.red_line_plays,
            s.red_lines,
            _day(s.last_played),
        )
        for _, s in sorted(progress.scenarios.items())
    )


def build_records(
    trainees: Iterable[Trainee],
    progress: Mapping[str, TraineeProgress],
    sittings: Iterable[ExamSitting],
    attendance: Iterable[Attendance],
) -> list[TrainingRecord]:
    """A record for every trainee on the roster, in roster order."""
    by_sitting: dict[str, list[ExamSitting]] = {}
    for sitting in sittings:
        by_sitting.setdefault(sitting.trainee_id, []).append(sitting)
    by_attendance: dict[str, list[Attendance]] = {}
    for row in attendance:
        by_attendance.setdefault(row.trainee_id, []).append(row)
    records = []
    for trainee in trainees:
        tid = trainee.trainee_id
        found = progress.get(tid, TraineeProgress(tid, None))
        source = str(found.path) if found.path else "no progress file"
        records.append(
            TrainingRecord(
                trainee,
                _modules(found),
                _roleplays(found),
                tuple(by_sitting.get(tid, ())),
                tuple(sorted(by_attendance.get(tid, ()), key=lambda a: (a.day, a.session_id))),
                source,
                found.problem,
            )
        )
    return records
