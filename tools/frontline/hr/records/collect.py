"""Gather every source of the training records from local files (or a hub's mounts).

The one place that touches files for records: the roster, the policy, the
gradebook (when the course has one), the trainees' progress folder and the
attendance store. A hub passes the folder where it mounts the homes read-only.
"""

from __future__ import annotations

from pathlib import Path

from frontline.hr.inputs.roster import load_roster
from frontline.hr.policy.schema import load_policy
from frontline.hr.records.attendance import load_store
from frontline.hr.records.progress_reader import collect_progress
from frontline.hr.records.record import TrainingRecord, build_records
from frontline.hr.records.sittings import ExamSitting, gradebook_sittings


def course_sittings(course_dir: Path | None, policy_path: Path) -> list[ExamSitting]:
    """The gradebook's sittings; none when there is no course or no gradebook yet."""
    if course_dir is None or not (course_dir / "nbgrader_config.py").is_file():
        return []
    from frontline.core.course import Course

    course = Course.from_directory(course_dir)
    if course.db_url.startswith("sqlite:///") and not Path(course.db_url[10:]).exists():
        return []
    return gradebook_sittings(course, load_policy(policy_path))


def collect_records(
    roster: Path,
    policy: Path,
    course_dir: Path | None,
    progress: Path | None,
    attendance: Path | None,
) -> list[TrainingRecord]:
    trainees = load_roster(roster)
    load_policy(policy)  # a bad policy is refused before anything is read
    found = collect_progress(progress, [t.trainee_id for t in trainees])
    rows = load_store(attendance) if attendance is not None else []
    return build_records(trainees, found, course_sittings(course_dir, policy), rows)
