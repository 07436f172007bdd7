"""The practical-record service over real HTTP, with JupyterHub's own HubAuth.

The hub's side is a small stand-in of its REST API (`GET /hub/api/user` answering for
a token, as JupyterHub does), so the service's real authentication path runs: the
token is sent to the "hub", which names the user and their scopes.
"""

from __future__ import annotations

import asyncio
import json
import threading
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from jupyterhub.services.auth import HubAuth
from tornado import httpserver, web
from tornado.netutil import bind_sockets

from frontline.hub.roles import RECORD_ACCESS
from frontline.hub.services.practical_record import make_app
from frontline.roleplay import load_transcript

PREFIX = "/services/practical-record/"
USERS = {
    "amy-token": {"kind": "user", "name": "amy",
                  "scopes": [RECORD_ACCESS, "access:servers!server=amy/"]},
    "bob-token": {"kind": "user", "name": "bob", "scopes": [RECORD_ACCESS]},
    "trainer-token": {"kind": "user", "name": "tr1", "scopes": ["access:servers!server=tr1/"]},
}  # fmt: skip
STEP = {
    "exam": "practical",
    "name": "roleplay-s01-amy-20261201T1000.json",
    "transcript": {"scenario_id": "s01", "scenario_sha256": "ab" * 32, "mode": "assessment",
                   "lang": "zh", "started_at": "2026-12-01T10:00:00"},
    "event": {"step": "greet", "choice": "c1", "at": "2026-12-01T10:00:05"},
    "index": 0,
}  # fmt: skip


class FakeHubUser(web.RequestHandler):
    def get(self) -> None:
        token = self.request.headers.get("Authorization", "").partition(" ")[2]
        if token not in USERS:
            raise web.HTTPError(403)
        self.finish(USERS[token])


def _serve(apps: list[web.Application]) -> tuple[list[int], Any]:
    """Each app on its own loopback port, on one event loop in a thread."""
    ports: list[int] = []
    ready = threading.Event()
    holder: dict[str, Any] = {}

    def run() -> None:
        loop = asyncio.new_event_loop()
        asyncio.set_event_loop(loop)
        holder["loop"] = loop
        servers = []
        for app in apps:
            sockets = bind_sockets(0, "127.0.0.1")
            server = httpserver.HTTPServer(app)
            server.add_sockets(sockets)
            servers.append(server)
            ports.append(sockets[0].getsockname()[1])
        ready.set()
        loop.run_forever()
        for server in servers:
            server.stop()
        loop.close()

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    ready.wait(10)

    def stop() -> None:
        holder["loop"].call_soon_threadsafe(holder["loop"].stop)
        thread.join(10)

    return ports, stop


@pytest.fixture
def service(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    (hub_port,), stop_hub = _serve([web.Application([("/hub/api/user", FakeHubUser)])])
    auth = HubAuth(api_url=f"http://127.0.0.1:{hub_port}/hub/api", api_token="service-token",
                   cache_max_age=0)  # fmt: skip
    store = tmp_path / "transcripts"
    (port,), stop = _serve([make_app(store, PREFIX, auth)])
    try:
        yield f"http://127.0.0.1:{port}{PREFIX}events", store
    finally:
        stop()
        stop_hub()


def _call(url: str, body: Any, token: str | None, method: str = "POST") -> int:
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = f"token {token}"
    data = None if method == "GET" else json.dumps(body).encode("utf-8")
    request = urllib.request.Request(url, data=data, headers=headers, method=method)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return int(response.status)
    except urllib.error.HTTPError as exc:
        return exc.code


@pytest.mark.slow
def test_a_trainee_token_appends_to_its_own_folder_only(service: tuple[str, Path]) -> None:
    url, store = service
    body = dict(STEP, trainee="bob")  # a name in the body is not who is recording
    assert _call(url, body, "amy-token") == 200
    second = dict(STEP, event={"step": "ask", "text": "请稍等", "at": "t2"}, finished=True, index=1)
    assert _call(url, second, "amy-token") == 200
    assert _call(url, STEP, "bob-token") == 200
    amy = load_transcript(store / "amy" / "practical" / STEP["name"])
    assert amy.trainee == "amy" and amy.finished
    assert [e.step for e in amy.events] == ["greet", "ask"]
    bob = load_transcript(store / "bob" / "practical" / STEP["name"])
    assert [e.step for e in bob.events] == ["greet"]


@pytest.mark.slow
def test_no_token_a_bad_token_or_no_scope_is_refused(service: tuple[str, Path]) -> None:
    url, store = service
    assert _call(url, STEP, None) == 403
    assert _call(url, STEP, "forged") == 403
    assert _call(url, STEP, "trainer-token") == 403
    assert _call(url, STEP, "amy-token", method="GET") == 405
    assert _call(url, STEP, "amy-token", method="PUT") == 405
    assert _call(url, dict(STEP, name="../../evil.json"), "amy-token") == 400
    assert not store.exists()


@pytest.mark.slow
def test_a_whole_exam_play_from_the_widget_is_recorded_as_played(
    service: tuple[str, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from frontline.roleplay import play
    from frontline.roleplay.recorder import Recorder

    monkeypatch.setenv("FRONTLINE_HOME", str(tmp_path / "home"))
    url, store = service
    fixtures = Path(__file__).parents[1] / "data" / "scenarios"
    view = play("fixture-repair", lang="en", mode="assessment", save_dir=tmp_path / "played",
                scenarios_dir=fixtures, show_result=False,
                recorder=Recorder(url, "amy-token", "practical")).roleplay  # fmt: skip
    while not view.play.finished:
        if view.reply_box.layout.display == "":
            view.reply_text.value = "I'm so sorry, a technician within 10 minutes"
            view.send.click()
        else:
            view.choices.children[0].click()
        assert view.notice.value == ""
    local = load_transcript(view.saved_to)
    kept = load_transcript(store / "amy" / "practical" / view.saved_to.name)
    assert kept.events == local.events and kept.finished
    assert (kept.scenario_sha256, kept.started_at) == (local.scenario_sha256, local.started_at)
