"""A real hub: the trainee's own server token records exam steps in practical-record;
the record is the trainees' to add to and the trainers' to read, nobody else's."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest
import requests

from tests.hub.live import LiveHub

pytestmark = [pytest.mark.hub, pytest.mark.slow]

NAME = "roleplay-s01-x-20261201T1000.json"


def _server_env(pid: int) -> dict[str, str]:
    """The environment the hub gave a server (read as root from /proc)."""
    raw = Path(f"/proc/{pid}/environ").read_bytes().split(b"\0")
    pairs = (item.decode("utf-8", "replace").partition("=") for item in raw if b"=" in item)
    return {key: value for key, _, value in pairs}


def _step(index: int = 0) -> dict[str, object]:
    return {"exam": "practical", "name": NAME, "index": index,
            "transcript": {"scenario_id": "s01", "scenario_sha256": "ab" * 32,
                           "mode": "assessment", "lang": "zh", "started_at": "2026-12-01T10:00"},
            "event": {"step": "greet", "choice": "c1", "at": "2026-12-01T10:00:05"}}  # fmt: skip


def test_a_trainees_server_token_records_into_their_own_folder(live_hub: LiveHub) -> None:
    a, b = live_hub.trainees
    env = _server_env(live_hub.spawn(a))
    url, token = env["FRONTLINE_RECORD_URL"], env["JUPYTERHUB_API_TOKEN"]
    answer = requests.post(url, json=_step(), headers={"Authorization": f"token {token}"},
                           timeout=30)  # fmt: skip
    assert answer.status_code == 200, answer.text + live_hub.log_tail()
    recorded = live_hub.state / "transcripts" / a / "practical" / NAME
    assert json.loads(recorded.read_text(encoding="utf-8"))["trainee"] == a
    # trainers read it (grading), trainees cannot, not even their own
    folder = live_hub.state / "transcripts"
    assert stat.S_IMODE(folder.stat().st_mode) == 0o2750
    assert live_hub.as_user(live_hub.trainer, "cat", str(recorded)).returncode == 0
    assert live_hub.as_user(a, "cat", str(recorded)).returncode != 0
    assert live_hub.as_user(b, "ls", str(folder)).returncode != 0
    assert live_hub.as_user(live_hub.trainer, "touch", str(recorded)).returncode != 0


def test_no_token_and_a_trainers_server_token_are_refused(live_hub: LiveHub) -> None:
    a = live_hub.trainees[0]
    url = _server_env(live_hub.spawn(a))["FRONTLINE_RECORD_URL"]
    assert requests.post(url, json=_step(), timeout=30).status_code == 403
    trainer_env = _server_env(live_hub.spawn(live_hub.trainer))
    assert "FRONTLINE_RECORD_URL" not in trainer_env
    assert trainer_env["FRONTLINE_RECORDED_TRANSCRIPTS"] == str(live_hub.state / "transcripts")
    trainer = {"Authorization": f"token {trainer_env['JUPYTERHUB_API_TOKEN']}"}
    assert requests.post(url, json=_step(), headers=trainer, timeout=30).status_code == 403
    hr = live_hub.token(live_hub.hr)
    assert requests.post(url, json=_step(), headers=hr, timeout=30).status_code == 403
    assert not (live_hub.state / "transcripts" / live_hub.trainer).exists()
    assert os.geteuid() == 0  # the hub tests run as root (see live.skip_reason)
