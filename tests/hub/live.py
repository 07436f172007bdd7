"""A real Frontline hub for the tests: JupyterHub, its proxy, real Unix accounts.

Everything lives in a fresh folder under /tmp (mode 0755, so the test accounts can
reach their homes) with its own course copy, gradebook and hub state; the accounts and
Unix groups carry a random tag and are deleted afterwards, whatever happened.
"""

from __future__ import annotations

import csv
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlparse

import pytest
import requests

from frontline.core.course import REPO_ROOT
from frontline.hub.settings import LOCAL_PROXY

FRONTLINE = [sys.executable, "-m", "frontline.cli"]
EXAM = "etiquette-theory"
GENERATED = ("release", "submitted", "autograded", "feedback", "exchange", "trainees")


def skip_reason() -> str | None:
    if os.geteuid() != 0:
        return "the hub tests create Unix accounts and spawn servers as them: run as root"
    if not (LOCAL_PROXY.exists() or shutil.which("configurable-http-proxy")):
        return "configurable-http-proxy is not installed (install npm; `make test` then adds it)"
    if not shutil.which("useradd"):
        return "no useradd on this machine"
    return None


def _free_base_port() -> int:
    """A port P with P, P+10, ..., P+13 free (proxy, hub, HR view, proxy API, recorder)."""
    for _ in range(50):
        base = 20000 + secrets.randbelow(20000)
        ok = True
        for port in (base, base + 10, base + 11, base + 12, base + 13):
            with socket.socket() as sock:
                try:
                    sock.bind(("127.0.0.1", port))
                except OSError:
                    ok = False
                    break
        if ok:
            return base
    raise RuntimeError("no free ports")


@dataclass
class LiveHub:
    root: Path
    env: dict[str, str]
    url: str
    trainees: tuple[str, str]
    browser_trainee: str  # a third trainee, for the browser test only
    trainer: str
    hr: str
    prefix: str
    more_trainees: tuple[str, ...] = ()  # the benchmark's cohort
    process: subprocess.Popen[bytes] | None = None

    @property
    def state(self) -> Path:
        return self.root / "hub"

    @property
    def admin(self) -> dict[str, str]:
        token = (self.state / "admin-token").read_text().strip()
        return {"Authorization": f"token {token}"}

    def passwords(self) -> dict[str, str]:
        with (self.state / "initial-passwords.csv").open(encoding="utf-8") as handle:
            return {row["username"]: row["first_password"] for row in csv.DictReader(handle)}

    def token(self, user: str) -> dict[str, str]:
        """A new API token of `user`, with that user's own permissions (no more)."""
        answer = requests.post(
            f"{self.url}hub/api/users/{user}/tokens", headers=self.admin, json={"note": "test"},
            timeout=30,
        )  # fmt: skip
        answer.raise_for_status()
        return {"Authorization": f"token {answer.json()['token']}"}

    def api(self, path: str, **kwargs: Any) -> Any:
        answer = requests.get(f"{self.url}hub/api/{path}", headers=self.admin, timeout=30, **kwargs)
        answer.raise_for_status()
        return answer.json()

    def spawn(self, user: str, timeout: float = 90) -> int:
        """Start `user`'s server through the REST API; returns its process id."""
        started = requests.post(
            f"{self.url}hub/api/users/{user}/server", headers=self.admin, timeout=120
        )
        assert started.status_code in (201, 202, 400), started.text  # 400: already running
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            server = self.api(f"users/{user}")["servers"].get("", {})
            if server.get("ready"):
                return int(server["state"]["pid"])
            time.sleep(0.5)
        raise AssertionError(f"{user}'s server not ready in {timeout} s:\n{self.log_tail()}")

    def frontline(self, *args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [*FRONTLINE, *args], env=self.env, capture_output=True, text=True, check=False
        )

    def log_tail(self, lines: int = 30) -> str:
        log = self.state / "jupyterhub.log"
        text = log.read_text(errors="replace") if log.exists() else ""
        return "\n".join(text.splitlines()[-lines:])

    def as_user(self, user: str, *command: str) -> subprocess.CompletedProcess[str]:
        """Run a command as that Unix account, as a terminal in their server would."""
        return subprocess.run(
            ["runuser", "-u", user, "--", *command], capture_output=True, text=True, check=False
        )


def as_trainer(hub: LiveHub, *args: str) -> subprocess.CompletedProcess[str]:
    """A `frontline` command as the trainer's Unix account, as in their server's terminal."""
    server_bin = hub.state / "server-python" / "bin"
    if not server_bin.exists():
        server_bin = Path(sys.executable).parent
    env = {
        "FRONTLINE_ROOT": str(hub.root),
        "FRONTLINE_EXCHANGE": str(hub.state / "exchange"),
        "PATH": f"{server_bin}:/usr/bin:/bin",
        "HOME": str(hub.root / "home" / hub.trainer),
    }
    if "FRONTLINE_DB_URL" in hub.env:
        env["FRONTLINE_DB_URL"] = hub.env["FRONTLINE_DB_URL"]
    command = " ".join(["umask 007 &&", "exec", str(server_bin / "frontline"), *args])
    return subprocess.run(
        ["runuser", "-u", hub.trainer, "--", "env", *(f"{k}={v}" for k, v in env.items()),
         "sh", "-c", command],
        cwd=hub.root / "exams", capture_output=True, text=True, check=False, timeout=600,
    )  # fmt: skip


@pytest.fixture(scope="package")
def released_exam(live_hub: LiveHub) -> str:
    """The theory exam built and released by the trainer, as their own account."""
    course = live_hub.root / "exams"
    for step in ("build", "release"):
        done = as_trainer(live_hub, "exams", step, EXAM, "--course-dir", str(course))
        assert done.returncode == 0, done.stdout + done.stderr
    return EXAM


def _write(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8")


def _make_data(
    root: Path, names: dict[str, str], gradebook_url: str | None, extra: list[str]
) -> None:
    shutil.copytree(REPO_ROOT / "exams", root / "exams", ignore=shutil.ignore_patterns(*GENERATED))
    gradebook = root / "gradebook"
    gradebook.mkdir()
    shutil.copy(REPO_ROOT / "gradebook" / "policy.yml", gradebook / "policy.yml")
    a, b = names["a"], names["b"]
    _write(gradebook / "roster.csv",
           "trainee_id,name,name_en,team\n"
           f"{a},王芳,Wang Fang,前台接待 Front desk\n"
           f"{b},周杰,Zhou Jie,呼叫中心 Call centre\n"
           f"{names['c']},陈静,Chen Jing,呼叫中心 Call centre\n"
           + "".join(f"{n},学员{n[-3:]},Trainee {n[-3:]},呼叫中心 Call centre\n"
                     for n in extra))  # fmt: skip
    _write(gradebook / "staff.csv",
           f"username,name,role\n{names['t']},Trainer,trainer\n{names['h']},HR,hr\n")  # fmt: skip
    # Paper-exam scores (as `frontline report --external` reads them): one trainee
    # excellent, the other failing the theory, so the HR view has tiers and a flag.
    _write(gradebook / "external.csv",
           "trainee_id,cycle,source,component,score,max_score\n"
           f"{a},2026-11,paper-theory,theory,95,100\n{a},2026-11,observed-play,practical,92,100\n"
           f"{b},2026-11,paper-theory,theory,41,100\n{b},2026-11,observed-play,practical,70,100\n")
    # an empty gradebook, as nbgrader makes it (its `alembic` command is in the venv)
    subprocess.run(
        [sys.executable, "-c", "import sys; from nbgrader.api import Gradebook; "
         "Gradebook(sys.argv[1]).close()",
         gradebook_url or f"sqlite:///{gradebook / 'gradebook.db'}"],
        env=dict(os.environ, PATH=f"{Path(sys.executable).parent}:{os.environ['PATH']}"),
        check=True,
    )  # fmt: skip
    (root / "exams" / "source" / "KEY-MARKER.txt").write_text("answer key\n")


def _postgres(stack: ExitStack) -> dict[str, str]:
    """A throwaway PostgreSQL server with a database for the hub and one for the
    gradebook; its socket folder opened so trainers' accounts can connect."""
    from tests.postgres import PG_BIN, create_database, throwaway_server

    if PG_BIN is None:
        pytest.skip("no PostgreSQL server binaries (Debian's postgresql or the pgserver wheel)")
    server = stack.enter_context(throwaway_server())
    socket_dir = Path(parse_qs(urlparse(server).query)["host"][0])
    socket_dir.chmod(0o755)
    return {"FRONTLINE_HUB_DB_URL": create_database(server, "jupyterhub"),
            "FRONTLINE_DB_URL": create_database(server, "gradebook")}  # fmt: skip


@contextmanager
def running_hub(databases: dict[str, str], extra_trainees: int = 0) -> Iterator[LiveHub]:
    """A started hub with trainees a, b, c (+ `extra_trainees` more), a trainer and HR,
    all real Unix accounts; everything is removed afterwards."""
    tag = secrets.token_hex(3)
    names = {k: f"fl{tag}{k}" for k in ("a", "b", "c", "t", "h")}
    extra = [f"fl{tag}s{i:03d}" for i in range(extra_trainees)]
    root = Path(tempfile.mkdtemp(prefix="frontline-hub-", dir="/tmp"))
    root.chmod(0o755)
    port = _free_base_port()
    env = dict(os.environ, FRONTLINE_ROOT=str(root), FRONTLINE_HUB_DIR=str(root / "hub"),
               FRONTLINE_HUB_HOMES=str(root / "home"), FRONTLINE_HUB_GROUP_PREFIX=f"fl{tag}-",
               FRONTLINE_HUB_PORT=str(port))  # fmt: skip
    env.pop("FRONTLINE_DB_URL", None)
    env.pop("FRONTLINE_HUB_DB_URL", None)
    env.update(databases)
    hub = LiveHub(root, env, f"http://127.0.0.1:{port}/", (names["a"], names["b"]),
                  names["c"], names["t"], names["h"], f"fl{tag}-", tuple(extra))  # fmt: skip
    log = (root / "frontline-hub.out").open("wb")
    try:
        _make_data(root, names, databases.get("FRONTLINE_DB_URL"), extra)
        synced = hub.frontline("hub", "users", "sync")
        assert synced.returncode == 0, synced.stderr + synced.stdout
        hub.process = subprocess.Popen(
            [*FRONTLINE, "hub"], env=env, stdout=log, stderr=subprocess.STDOUT
        )
        deadline = time.monotonic() + 120
        while b"is running at" not in (root / "frontline-hub.out").read_bytes():
            if hub.process.poll() is not None or time.monotonic() > deadline:
                out = (root / "frontline-hub.out").read_text(errors="replace")
                raise AssertionError(f"the hub did not start:\n{out}\n{hub.log_tail()}")
            time.sleep(0.3)
        yield hub
    finally:
        if hub.process is not None and hub.process.poll() is None:
            hub.process.send_signal(signal.SIGINT)  # `frontline hub` stops hub and servers
            try:
                hub.process.wait(90)
            except subprocess.TimeoutExpired:
                hub.process.kill()
        log.close()
        hub.frontline("hub", "users", "remove", *names.values(), *extra)
        for kind in ("trainees", "trainers", "hr"):
            subprocess.run(["groupdel", f"fl{tag}-{kind}"], capture_output=True, check=False)
        shutil.rmtree(root, ignore_errors=True)


@pytest.fixture(
    scope="package", params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]
)
def live_hub(request: pytest.FixtureRequest) -> Iterator[LiveHub]:
    """The hub on the embedded defaults (SQLite), then on PostgreSQL (FRONTLINE_DB_URL for
    the gradebook, FRONTLINE_HUB_DB_URL for the hub's own database)."""
    reason = skip_reason()
    if reason:
        pytest.skip(reason)
    with ExitStack() as stack:
        databases = _postgres(stack) if request.param == "postgres" else {}
        yield stack.enter_context(running_hub(databases))
