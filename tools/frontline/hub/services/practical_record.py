"""`practical-record`: the hub service that keeps the authoritative copy of exam plays.

A trainee's role-play widget, in an exam, POSTs each step it takes to

    /services/practical-record/events     {"exam", "name", "transcript", "event", "finished"}

with the trainee's own server token (JUPYTERHUB_API_TOKEN of their server, which the
hub gives `access:services!service=practical-record` only when the user holds it:
the trainees' role). The hub says who the token belongs to; that name, never the
body, picks the folder (`transcript_store`). No token, another user's scope or any
other method: 403 or 405. Grading reads the store (FRONTLINE_RECORDED_TRANSCRIPTS).

Run by the hub (`python -m frontline.hub.services.practical_record`).
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import ClassVar
from urllib.parse import urlparse

from jupyterhub.services.auth import HubAuth, HubAuthenticated
from jupyterhub.utils import url_path_join
from tornado import httpserver, ioloop, web

from frontline.hub.roles import RECORD_SERVICE
from frontline.hub.services.transcript_store import RecordError, Step, append_event
from frontline.hub.settings import load_settings

ACCESS = f"access:services!service={RECORD_SERVICE}"
MAX_BODY = 64 * 1024  # one step: a choice or a typed reply, never more than this


class EventsHandler(HubAuthenticated, web.RequestHandler):  # type: ignore[misc]
    hub_scopes: ClassVar[set[str]] = {ACCESS}

    def initialize(self, hub_auth: HubAuth | None = None) -> None:
        if hub_auth is not None:  # else HubAuth from the JUPYTERHUB_* variables
            self.hub_auth = hub_auth

    def check_xsrf_cookie(self) -> None:
        """Only API tokens are read here (no cookie sign-in), so there is no cookie to forge."""

    @web.authenticated
    def post(self) -> None:
        user = self.current_user or {}
        name = user.get("name")
        if not isinstance(name, str) or user.get("kind", "user") != "user":
            raise web.HTTPError(403, "only a trainee records a play")
        if len(self.request.body) > MAX_BODY:
            raise web.HTTPError(413)
        try:
            step = Step.from_json(json.loads(self.request.body or b"null"))
            path = append_event(self.settings["record_store"], name, step)
        except (RecordError, ValueError) as exc:
            raise web.HTTPError(400, str(exc)) from None
        self.finish({"recorded": path.name})


def make_app(store: Path, prefix: str, hub_auth: HubAuth | None = None) -> web.Application:
    return web.Application(
        [(url_path_join(prefix, "events"), EventsHandler, {"hub_auth": hub_auth})],
        record_store=Path(store),
    )


def record_store() -> Path:
    """Where plays are recorded: FRONTLINE_RECORDED_TRANSCRIPTS, else the hub's folder."""
    named = os.environ.get("FRONTLINE_RECORDED_TRANSCRIPTS")
    return Path(named) if named else load_settings().state / "transcripts"


def main() -> None:
    prefix = os.environ.get("JUPYTERHUB_SERVICE_PREFIX", f"/services/{RECORD_SERVICE}/")
    url = urlparse(os.environ.get("JUPYTERHUB_SERVICE_URL", "http://127.0.0.1:8013"))
    server = httpserver.HTTPServer(make_app(record_store(), prefix), xheaders=True)
    server.listen(url.port or 80, url.hostname or "127.0.0.1")
    ioloop.IOLoop.current().start()


if __name__ == "__main__":
    main()
