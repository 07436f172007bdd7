"""The widget sends each exam step to the hub's recorder, over real HTTP to a small
server on localhost; a failed send is shown to the trainee and nothing breaks."""

from __future__ import annotations

import json
import socket
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from frontline.roleplay import load_transcript, play
from frontline.roleplay.recorder import Recorder, recorder_from_env

FIXTURES = Path(__file__).parents[1] / "data" / "scenarios"


class Recording(ThreadingHTTPServer):
    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), Handler)
        self.received: list[tuple[str, dict[str, Any]]] = []
        self.status = 200


class Handler(BaseHTTPRequestHandler):
    server: Recording

    def do_POST(self) -> None:  # http.server's name for it
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        if self.server.status == 200:
            self.server.received.append((self.headers.get("Authorization", ""), body))
        self.send_response(self.server.status)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, format: str, *args: Any) -> None:  # quiet
        pass


@pytest.fixture
def server() -> Iterator[Recording]:
    recording = Recording()
    thread = threading.Thread(target=recording.serve_forever, daemon=True)
    thread.start()
    try:
        yield recording
    finally:
        recording.shutdown()
        recording.server_close()
        thread.join(5)


@pytest.fixture(autouse=True)
def _home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FRONTLINE_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("FRONTLINE_TRAINEE", "t7")


def _url(server: Recording) -> str:
    return f"http://127.0.0.1:{server.server_address[1]}/services/practical-record/events"


def _step(view: Any) -> None:
    if view.reply_box.layout.display == "":
        view.reply_text.value = "I'm so sorry, a technician within 10 minutes"
        view.send.click()
    else:
        view.choices.children[0].click()


def _exam(tmp_path: Path, recorder: Recorder | None, mode: str = "assessment") -> Any:
    return play("fixture-repair", lang="en", mode=mode, save_dir=tmp_path, scenarios_dir=FIXTURES,
                show_result=False, recorder=recorder).roleplay  # fmt: skip


def test_each_exam_step_is_sent_with_the_trainees_token(tmp_path: Path, server: Recording) -> None:
    view = _exam(tmp_path, Recorder(_url(server), "tok-t7", "practical"))
    while not view.play.finished:
        _step(view)
        assert view.notice.value == ""
    events = load_transcript(view.saved_to).events
    assert [body["index"] for _, body in server.received] == list(range(len(events)))
    assert {auth for auth, _ in server.received} == {"token tok-t7"}
    for (_, body), event in zip(server.received, events, strict=True):
        assert body["exam"] == "practical" and body["name"] == view.saved_to.name
        assert body["event"] == event.to_json()
        assert body["transcript"]["scenario_id"] == "fixture-repair"
    assert [body["finished"] for _, body in server.received][-2:] == [False, True]


def test_a_failed_send_is_shown_and_resent_with_the_next_step(
    tmp_path: Path, server: Recording
) -> None:
    view = _exam(tmp_path, Recorder(_url(server), "tok-t7", "practical"))
    _step(view)
    server.status = 503
    _step(view)
    assert "could not be recorded" in view.notice.value and "invigilator" in view.notice.value
    assert "503" in view.notice.value
    assert len(view.play.turns) == 2  # the play goes on; the local file has both steps
    assert len(load_transcript(view.saved_to).events) == 2
    server.status = 200
    _step(view)
    assert view.notice.value == ""
    assert [body["index"] for _, body in server.received] == [0, 1, 2]


def test_an_unreachable_recorder_does_not_break_the_play(tmp_path: Path) -> None:
    with socket.socket() as sock:  # a port nobody listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    url = f"http://127.0.0.1:{port}/events"
    view = _exam(tmp_path, Recorder(url, "tok", "practical", timeout=1.0))
    _step(view)
    assert "could not be recorded" in view.notice.value
    assert len(view.play.turns) == 1


def test_practice_plays_are_not_sent(tmp_path: Path, server: Recording) -> None:
    view = _exam(tmp_path, Recorder(_url(server), "tok", "practical"), mode="practice")
    _step(view)
    assert server.received == []


def test_the_recorder_is_on_only_on_the_hub(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("FRONTLINE_RECORD_URL", raising=False)
    monkeypatch.setenv("JUPYTERHUB_API_TOKEN", "tok")
    assert recorder_from_env("practical") is None
    monkeypatch.setenv("FRONTLINE_RECORD_URL", "http://127.0.0.1:8013/events")
    assert recorder_from_env("practical") == Recorder("http://127.0.0.1:8013/events", "tok",
                                                      "practical")  # fmt: skip
    monkeypatch.delenv("JUPYTERHUB_API_TOKEN")
    assert recorder_from_env("practical") is None
