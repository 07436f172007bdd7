"""Where a course lives: the nbgrader course folder, its gradebook and its exchange.

Everything is read from the course's own `nbgrader_config.py`, so formgrader, the
JupyterLab assignment list and the `frontline` commands always agree on paths.
"""

from __future__ import annotations

import copy
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from frontline.core.errors import FrontlineError

CONFIG_FILE = "nbgrader_config.py"


def find_repo_root() -> Path:
    """The Frontline checkout whose course/, exams/ and gradebook/ are the defaults.

    `FRONTLINE_ROOT` names it explicitly (a deployment that installed the package
    into site-packages); otherwise the checkout this package was installed from in
    editable mode (`make` does that), which is where the source tree sits.
    """
    named = os.environ.get("FRONTLINE_ROOT")
    if named:
        return Path(named).resolve()
    return Path(__file__).resolve().parents[3]


REPO_ROOT = find_repo_root()
# Where this repository keeps things; the CLI's defaults, in one place.
DEFAULT_COURSE_DIR = REPO_ROOT / "exams"
DEFAULT_ROSTER = REPO_ROOT / "gradebook" / "roster.csv"
DEFAULT_POLICY = REPO_ROOT / "gradebook" / "policy.yml"
DEFAULT_APPRAISAL = REPO_ROOT / "gradebook" / "appraisal.csv"
DEFAULT_KPI = REPO_ROOT / "gradebook" / "kpi.csv"  # the monthly KPI sheet (sample)
DEFAULT_SPOT_CHECKS = REPO_ROOT / "gradebook" / "spot-checks.csv"
DEFAULT_SIGNIN = REPO_ROOT / "gradebook" / "attendance-signin.csv"  # a sample sign-in sheet
DEMO_REPORTS = REPO_ROOT / "gradebook" / "reports" / "demo"
# Training records: the attendance store and the trainees' progress files as HR
# collects them (one folder per trainee); both generated, so git-ignored.
DEFAULT_RECORDS = REPO_ROOT / "gradebook" / "records"
DEFAULT_ATTENDANCE = DEFAULT_RECORDS / "attendance.csv"
DEFAULT_PROGRESS = DEFAULT_RECORDS / "progress"
DEFAULT_CONTENT = REPO_ROOT / "course"
DEFAULT_SCENARIOS = DEFAULT_CONTENT / "scenarios"
DEFAULT_LEXICON = DEFAULT_CONTENT / "lexicon"


@dataclass(frozen=True)
class Course:
    root: Path
    course_id: str
    db_url: str
    exchange: Path
    extra: Any = field(default=None, compare=False, repr=False)

    @classmethod
    def from_directory(cls, root: Path) -> Course:
        """Load a course folder's nbgrader_config.py (defaults where it is silent)."""
        from traitlets.config.loader import PyFileConfigLoader

        root = root.resolve()
        if not (root / CONFIG_FILE).is_file():
            raise FrontlineError(
                f"{root}: no {CONFIG_FILE} here; is this an nbgrader course folder?"
            )
        loaded = PyFileConfigLoader(CONFIG_FILE, path=str(root)).load_config()
        course_dir = loaded.get("CourseDirectory", {})
        exchange = loaded.get("Exchange", {})
        return cls(
            root=Path(course_dir.get("root", root)),
            course_id=str(course_dir.get("course_id", "frontline")),
            db_url=str(course_dir.get("db_url", f"sqlite:///{root / 'gradebook.db'}")),
            exchange=Path(exchange.get("root", root / "exchange")),
            extra=loaded,
        )

    @property
    def source(self) -> Path:
        return self.root / "source"

    @property
    def submitted(self) -> Path:
        return self.root / "submitted"

    @property
    def autograded(self) -> Path:
        return self.root / "autograded"

    @property
    def release(self) -> Path:
        return self.root / "release"

    def nbgrader_config(self) -> Any:
        """A traitlets Config with the course's own settings and these paths on top."""
        from traitlets.config import Config

        config = Config()
        if self.extra is not None:
            # merge() shares sub-sections by reference; a deep copy keeps one
            # command's settings (e.g. a trainee id) out of the next one's.
            config.merge(copy.deepcopy(self.extra))
        config.CourseDirectory.root = str(self.root)
        config.CourseDirectory.course_id = self.course_id
        config.CourseDirectory.db_url = self.db_url
        config.Exchange.root = str(self.exchange)
        config.ExchangeReleaseAssignment.force = True
        config.Application.log_level = "WARNING"
        return config


def prepare_nbgrader() -> None:
    """Make nbgrader usable from a venv that is not activated, and keep it quiet.

    nbgrader's Gradebook runs the `alembic` command to check its schema, so the
    venv's bin folder must be on PATH even when `.venv/bin/frontline` is run directly.
    """
    import logging
    import os
    import sys

    bin_dir = str(Path(sys.executable).parent)
    path = os.environ.get("PATH", "")
    if bin_dir not in path.split(os.pathsep):
        os.environ["PATH"] = bin_dir + (os.pathsep + path if path else "")
    for name in ("traitlets", "nbgrader", "NbGraderAPI", "alembic"):
        logging.getLogger(name).setLevel(logging.ERROR)
