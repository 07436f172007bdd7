"""nbgrader's exchange across real accounts, through the hub: release, fetch, submit, collect.

The trainer works as their own Unix account (as in a terminal of their server); the
trainee fetches and submits through their own server's assignment-list API with
their own token, exactly what the Assignments tab does.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
import requests

from tests.hub.live import LiveHub

pytestmark = [pytest.mark.hub, pytest.mark.nbgrader, pytest.mark.slow]
EXAM = "etiquette-theory"


def _as_trainer(hub: LiveHub, *args: str) -> subprocess.CompletedProcess[str]:
    server_bin = hub.state / "server-python" / "bin"
    if not server_bin.exists():
        import sys

        server_bin = Path(sys.executable).parent
    env = {
        "FRONTLINE_ROOT": str(hub.root),
        "FRONTLINE_EXCHANGE": str(hub.state / "exchange"),
        "PATH": f"{server_bin}:/usr/bin:/bin",
        "HOME": str(hub.root / "home" / hub.trainer),
    }
    command = " ".join(["umask 007 &&", "exec", str(server_bin / "frontline"), *args])
    return subprocess.run(
        ["runuser", "-u", hub.trainer, "--", "env", *(f"{k}={v}" for k, v in env.items()),
         "sh", "-c", command],
        cwd=hub.root / "exams", capture_output=True, text=True, check=False, timeout=600,
    )  # fmt: skip


def test_release_fetch_submit_collect_across_accounts(live_hub: LiveHub) -> None:
    a, b = live_hub.trainees
    course = live_hub.root / "exams"
    for step in ("build", "release"):
        done = _as_trainer(live_hub, "exams", step, EXAM, "--course-dir", str(course))
        assert done.returncode == 0, done.stdout + done.stderr
    live_hub.spawn(a)
    token = live_hub.token(a)
    base = f"{live_hub.url}user/{a}/assignments"
    form = {"course_id": "frontline", "assignment_id": EXAM}
    listed = requests.get(base, params={"course_id": "frontline"}, headers=token, timeout=60)
    assert [x["assignment_id"] for x in listed.json()["value"]] == [EXAM]
    fetched = requests.post(f"{base}/fetch", data=form, headers=token, timeout=120)
    assert fetched.status_code == 200, fetched.text
    mine = live_hub.root / "home" / a / EXAM
    assert any(p.suffix == ".ipynb" for p in mine.iterdir())
    assert os.stat(mine).st_uid == os.stat(mine.parent).st_uid  # fetched as the trainee
    submitted = requests.post(f"{base}/submit", data=form, headers=token, timeout=120)
    assert submitted.status_code == 200 and "submitted" in submitted.text, submitted.text
    # another trainee cannot list the inbound folder, so cannot find or copy it
    inbound = live_hub.state / "exchange" / "frontline" / "inbound"
    assert live_hub.as_user(b, "ls", str(inbound)).returncode != 0
    assert live_hub.as_user(b, "ls", str(mine)).returncode != 0
    collected = _as_trainer(live_hub, "exams", "collect", EXAM, "--course-dir", str(course))
    assert collected.returncode == 0, collected.stdout + collected.stderr
    assert (course / "submitted" / a / EXAM).is_dir()
