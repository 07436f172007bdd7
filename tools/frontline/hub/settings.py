"""Where the hub keeps things and how it is reached, read from the environment.

The hub process, the servers it spawns and its services all read the same variables,
so they cannot disagree about a path. Every default is the embedded one: SQLite
under the hub's state folder, the local exchange beside it, the checkout's course.
"""

from __future__ import annotations

import os
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

from frontline.core.course import REPO_ROOT
from frontline.core.errors import FrontlineError

# The checkout that holds jupyterhub_config.py (the source tree `make` installs in
# editable mode), which is not FRONTLINE_ROOT when that names a deployment's data.
SOURCE_ROOT = Path(__file__).resolve().parents[3]
CONFIG_FILE = SOURCE_ROOT / "jupyterhub_config.py"
# `make hub` installs the proxy from npm here (no global install needed).
LOCAL_PROXY = SOURCE_ROOT / ".venv" / "node" / "node_modules" / ".bin" / "configurable-http-proxy"
_PREFIX = re.compile(r"^[a-z][a-z0-9-]{0,15}$")


@dataclass(frozen=True)
class HubSettings:
    root: Path  # the deployment's data: exams/, gradebook/, course/
    state: Path  # the hub's own files: its database, cookie secret, exchange, config dirs
    ip: str
    port: int
    homes: Path  # parent folder of the trainees' home folders
    group_prefix: str  # Unix groups are <prefix>trainees, <prefix>trainers, <prefix>hr
    hub_db_url: str
    proxy: str  # the configurable-http-proxy command

    @property
    def course_dir(self) -> Path:
        return self.root / "exams"

    @property
    def gradebook_dir(self) -> Path:
        return self.root / "gradebook"

    @property
    def roster(self) -> Path:
        return self.gradebook_dir / "roster.csv"

    @property
    def staff(self) -> Path:
        return self.gradebook_dir / "staff.csv"

    @property
    def exchange(self) -> Path:
        """nbgrader's exchange for the hub: outside the course folder, which trainees
        cannot enter, and shared by every server (FRONTLINE_EXCHANGE overrides)."""
        named = os.environ.get("FRONTLINE_EXCHANGE")
        return Path(named) if named else self.state / "exchange"

    @property
    def records(self) -> Path:
        """The practical-record service's copies of exam plays (root and trainers only)."""
        return self.state / "transcripts"

    @property
    def passwords(self) -> Path:
        """First passwords of new accounts, for the administrator only (mode 0600)."""
        return self.state / "initial-passwords.csv"

    @property
    def url(self) -> str:
        host = "127.0.0.1" if self.ip in ("", "0.0.0.0") else self.ip
        return f"http://{host}:{self.port}/"

    def unix_group(self, hub_group: str) -> str:
        return f"{self.group_prefix}{hub_group}"


def _int(name: str, default: int) -> int:
    value = os.environ.get(name, "")
    if not value:
        return default
    try:
        return int(value)
    except ValueError:
        raise FrontlineError(f"{name}={value!r} is not a whole number") from None


def load_settings() -> HubSettings:
    """The settings from FRONTLINE_HUB_* variables, with the embedded defaults."""
    root = REPO_ROOT
    state = Path(os.environ.get("FRONTLINE_HUB_DIR") or root / ".hub").resolve()
    prefix = os.environ.get("FRONTLINE_HUB_GROUP_PREFIX", "frontline-")
    if not _PREFIX.match(prefix.rstrip("-") or "x") or len(prefix) > 16:
        raise FrontlineError(
            f"FRONTLINE_HUB_GROUP_PREFIX={prefix!r}: use lowercase letters, digits and '-'"
        )
    proxy = os.environ.get("FRONTLINE_HUB_PROXY") or (
        str(LOCAL_PROXY) if LOCAL_PROXY.exists() else shutil.which("configurable-http-proxy")
    )
    return HubSettings(
        root=root,
        state=state,
        ip=os.environ.get("FRONTLINE_HUB_IP", "127.0.0.1"),
        port=_int("FRONTLINE_HUB_PORT", 8000),
        homes=Path(os.environ.get("FRONTLINE_HUB_HOMES", "/home")),
        group_prefix=prefix,
        hub_db_url=os.environ.get("FRONTLINE_HUB_DB_URL")
        or f"sqlite:///{state / 'jupyterhub.sqlite'}",
        proxy=proxy or "",
    )
