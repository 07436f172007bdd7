"""What the HR view shows: the same evaluation and files as `frontline report`.

Each view is the report that `frontline report --team T --cycle C` would write,
built into the hub's folder and rebuilt when an input file changes (gradebook,
roster, policy, appraisal). The HR view serves those files and a summary page made
from the same `CohortResult`, so the web page, the Excel, the CSV and the decision
record can never disagree.
"""

from __future__ import annotations

import hashlib
import threading
from dataclasses import dataclass
from pathlib import Path

from frontline.core.course import Course
from frontline.hr.rules.outcomes import CohortResult
from frontline.hub.settings import HubSettings
from frontline.report.build import ReportFiles, build_report, filter_team

DOWNLOADS = ("report.xlsx", "report.csv", "decision-record.json")
INPUT_FILES = ("roster.csv", "policy.yml", "appraisal.csv")
# Scores from other systems (paper exams, observed role-plays), as `frontline report
# --external` reads them: counted when the file is there.
EXTERNAL_FILE = "external.csv"


@dataclass(frozen=True)
class CohortView:
    result: CohortResult
    files: ReportFiles
    teams: tuple[str, ...]  # every team of the cycle, for the filter


def _inputs_stamp(settings: HubSettings, course: Course) -> str:
    """Changes when any input of the evaluation changes (size and time of each file)."""
    paths = [settings.gradebook_dir / n for n in (*INPUT_FILES, EXTERNAL_FILE)]
    if course.db_url.startswith("sqlite:///"):
        paths.append(Path(course.db_url.removeprefix("sqlite:///")))
    parts = []
    for path in paths:
        try:
            stat = path.stat()
        except FileNotFoundError:
            parts.append(f"{path}:-")
            continue
        parts.append(f"{path}:{stat.st_size}:{stat.st_mtime_ns}")
    return hashlib.sha256("|".join(parts).encode()).hexdigest()[:16]


class CohortViews:
    """Built reports by (team, cycle), rebuilt when the inputs change; one build at a time."""

    def __init__(self, settings: HubSettings) -> None:
        self.settings = settings
        self.out = settings.state / "hr-view"
        self._built: dict[tuple[str | None, str | None], tuple[str, CohortView]] = {}
        self._lock = threading.Lock()

    def get(self, team: str | None, cycle: str | None) -> CohortView:
        from frontline.report.command import ReportRequest, evaluate_request

        course = Course.from_directory(self.settings.course_dir)
        stamp = _inputs_stamp(self.settings, course)
        key = (team, cycle)
        with self._lock:
            cached = self._built.get(key)
            # a database server's gradebook has no file to watch: always evaluate
            if cached is not None and cached[0] == stamp and course.db_url.startswith("sqlite"):
                return cached[1]
            external = self.settings.gradebook_dir / EXTERNAL_FILE
            # sections: onboarding status, the KPI ranking and certificates, as in the report
            whole, _course, policy, sections = evaluate_request(
                ReportRequest(
                    course_dir=self.settings.course_dir,
                    cycle=cycle,
                    external=external if external.is_file() else None,
                    # training records come from each trainee's own progress file,
                    # read (never written) here on the HR side
                    progress=self.settings.homes,
                )
            )
            teams = tuple(sorted({o.trainee.team for o in whole.outcomes}))
            folder = hashlib.sha256(repr(key).encode()).hexdigest()[:12]
            files = build_report(
                whole, self.out / folder, policy=policy, team=team, sections=sections
            )
            result = filter_team(whole, team) if team is not None else whole
            view = CohortView(result=result, files=files, teams=teams)
            self._built[key] = (stamp, view)
            return view
