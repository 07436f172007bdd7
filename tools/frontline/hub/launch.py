"""Start JupyterHub for Frontline and say what it is doing until it answers.

The hub runs in the foreground as a child process with its log in the hub's folder;
`start` waits for the REST API to answer, printing progress, then prints the URL and
stays until the hub stops or Ctrl-C stops it (the hub then stops its proxy, its
services and the servers it spawned).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from pathlib import Path
from typing import IO

from frontline.core.errors import FrontlineError
from frontline.hub.settings import CONFIG_FILE, HubSettings

Say = Callable[[str], None]
# Lines of the hub's log worth showing while it starts (the rest stays in the log file).
_MILESTONES = (
    ("Loading", "reading the configuration"),
    ("Starting managed service", "starting the HR view"),
    ("Starting proxy", "starting the proxy"),
    ("Adding route", "routing"),
    ("JupyterHub is now running", "running"),
)


def check_ready_to_start(settings: HubSettings) -> None:
    if os.geteuid() != 0:
        raise FrontlineError(
            "the hub spawns each trainee's server as that trainee's Unix account, which "
            "needs root: run `sudo make hub` (or `sudo .venv/bin/frontline hub`)"
        )
    if not settings.proxy or not Path(settings.proxy).exists():
        raise FrontlineError(
            "configurable-http-proxy not found: `make hub` installs it with npm "
            "(apt-get install npm), or set FRONTLINE_HUB_PROXY to its path"
        )
    if not settings.roster.is_file():
        raise FrontlineError(f"{settings.roster}: no roster, so no accounts to sign in with")


def spawn_hub(settings: HubSettings, log: IO[bytes]) -> subprocess.Popen[bytes]:
    """JupyterHub as a child process in its own process group (the hub's folder as cwd)."""
    settings.state.mkdir(parents=True, exist_ok=True)
    command = [sys.executable, "-m", "jupyterhub", "-f", str(CONFIG_FILE)]
    return subprocess.Popen(
        command, cwd=settings.state, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
    )


def api_answers(settings: HubSettings) -> bool:
    try:
        with urllib.request.urlopen(f"{settings.url}hub/api/", timeout=2) as response:
            return bool(response.status == 200)
    except (urllib.error.URLError, OSError):
        return False


def wait_until_ready(
    settings: HubSettings,
    process: subprocess.Popen[bytes],
    log_path: Path,
    say: Say,
    timeout: float = 90.0,
) -> None:
    """Return when the hub answers through its proxy; raise with the log's tail if not."""
    start = time.monotonic()
    shown: set[str] = set()
    while time.monotonic() - start < timeout:
        text = log_path.read_text(encoding="utf-8", errors="replace")
        for needle, label in _MILESTONES:
            if needle in text and label not in shown:
                shown.add(label)
                say(f"{label} ({time.monotonic() - start:.1f} s)")
        if process.poll() is not None:
            tail = "\n".join(text.splitlines()[-15:])
            raise FrontlineError(f"JupyterHub stopped while starting; its log ends:\n{tail}")
        if api_answers(settings):
            return
        time.sleep(0.3)
    raise FrontlineError(f"JupyterHub did not answer within {timeout:.0f} s; see {log_path}")


def stop(process: subprocess.Popen[bytes], grace: float = 20.0) -> None:
    """SIGTERM to the hub (it stops its servers and proxy), then SIGKILL to its group."""
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(grace)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def start(settings: HubSettings, say: Say) -> int:
    check_ready_to_start(settings)
    log_path = settings.state / "jupyterhub.log"
    say(f"starting JupyterHub in {settings.state} (log: {log_path})")
    with log_path.open("wb") as log:
        process = spawn_hub(settings, log)
        try:
            wait_until_ready(settings, process, log_path, say)
            say(f"Frontline hub is running at {settings.url}  (Ctrl-C stops it)")
            return process.wait()
        except KeyboardInterrupt:
            say("stopping the hub and every server it started")
            return 0
        finally:
            stop(process)
