"""Send each exam step to the hub's `practical-record` service as it is taken.

On the hub a trainee's server has its own API token (JUPYTERHUB_API_TOKEN) and the
recorder's address (FRONTLINE_RECORD_URL, set by hubconfig for trainees only); on one
machine neither is set and nothing is sent. Grading uses the server's copy, so a
step that could not be sent must be visible to the trainee at once: `send` answers
why, and the widget shows it. Steps not yet acknowledged are sent again with the next
one, in order (each carries its index, so the service never records one twice).
"""

from __future__ import annotations

import json
import os
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from typing import Any

from frontline.roleplay.transcript import Transcript

RECORD_URL_ENV = "FRONTLINE_RECORD_URL"
TOKEN_ENV = "JUPYTERHUB_API_TOKEN"
TIMEOUT = 3.0  # seconds: the trainee waits on the click, and a step is a few hundred bytes


@dataclass
class Recorder:
    url: str
    token: str
    exam: str
    timeout: float = TIMEOUT
    sent: dict[str, int] = field(default_factory=dict)  # file name -> events acknowledged

    def send(self, transcript: Transcript, name: str) -> str | None:
        """Post the play's events the service has not acknowledged; None when all are
        recorded, else why not (for the trainee to report)."""
        header = {"scenario_id": transcript.scenario_id,
                  "scenario_sha256": transcript.scenario_sha256, "mode": transcript.mode,
                  "lang": transcript.lang, "started_at": transcript.started_at}  # fmt: skip
        last = len(transcript.events) - 1
        for index in range(self.sent.get(name, 0), len(transcript.events)):
            body = {"exam": self.exam, "name": name, "transcript": header, "index": index,
                    "event": transcript.events[index].to_json(),
                    "finished": transcript.finished and index == last}  # fmt: skip
            problem = self._post(body)
            if problem:
                return problem
            self.sent[name] = index + 1
        return None

    def _post(self, body: dict[str, Any]) -> str | None:
        request = urllib.request.Request(
            self.url,
            data=json.dumps(body, ensure_ascii=False).encode("utf-8"),
            headers={"Authorization": f"token {self.token}", "Content-Type": "application/json"},
            method="POST",
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                response.read()
        except urllib.error.HTTPError as exc:
            return f"HTTP {exc.code} {exc.reason}"
        except (OSError, ValueError) as exc:  # refused, timed out, bad address
            return f"{type(exc).__name__}: {exc}"
        return None


def recorder_from_env(exam: str) -> Recorder | None:
    """The hub's recorder for this server, or None off the hub."""
    url = os.environ.get(RECORD_URL_ENV, "").strip()
    token = os.environ.get(TOKEN_ENV, "").strip()
    if not url or not token:
        return None
    return Recorder(url, token, exam)
