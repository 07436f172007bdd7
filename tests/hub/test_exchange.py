"""nbgrader's exchange across real accounts, through the hub: release, fetch, submit, collect.

The trainer works as their own Unix account (as in a terminal of their server); the
trainee fetches and submits through their own server's assignment-list API with
their own token, exactly what the Assignments tab does.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest
import requests

from tests.hub.live import EXAM, LiveHub, as_trainer

pytestmark = [pytest.mark.hub, pytest.mark.nbgrader, pytest.mark.slow]


def test_release_fetch_submit_collect_across_accounts(
    live_hub: LiveHub, released_exam: str
) -> None:
    a, b = live_hub.trainees
    course = live_hub.root / "exams"
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
    collected = as_trainer(live_hub, "exams", "collect", EXAM, "--course-dir", str(course))
    assert collected.returncode == 0, collected.stdout + collected.stderr
    assert (course / "submitted" / a / EXAM).is_dir()
    # the trainer grades it (sandboxed kernels, as their account) into the gradebook,
    # and HR sees that exam in the trainee's evaluation
    graded = as_trainer(live_hub, "exams", "grade", EXAM, "--course-dir", str(course),
                         "--workers", "1")  # fmt: skip
    assert graded.returncode == 0, graded.stdout + graded.stderr
    view = f"{live_hub.url}services/hr-view/report/decision-record.json"
    record = requests.get(view, headers=live_hub.token(live_hub.hr), timeout=120).json()
    sources = {s["source"] for s in record["result"]["inputs"]["scores"] if s["trainee_id"] == a}
    assert EXAM in sources, sources


PORTAL_SCRIPT = """
import json, sys
from pathlib import Path
from frontline.hub.portal.exams import Exchange
from frontline.hub.portal.view import Portal

portal = Portal(Exchange(Path.home(), "frontline"), "zh")
def buttons():
    return {b.description: b for row in portal.body.children
            for b in getattr(row, "children", ()) if hasattr(b, "on_click")}
seen = [sorted(buttons())]
buttons()["领取考试"].click()
seen.append(sorted(buttons()))
if "提交" not in buttons():
    sys.exit("no submit button after fetching: " + portal.message.value)
buttons()["提交"].click()
portal.switch.click()  # English, one click away
seen.append(sorted(buttons()))
state = portal.exchange.exams()[0]
status = [w.value for row in portal.body.children for w in getattr(row, "children", ())
          if "提交" in str(getattr(w, "value", "")) or "Submitted" in str(getattr(w, "value", ""))]
print(json.dumps({"seen": seen, "submitted": state.submitted_at, "status": status,
                  "notebooks": list(state.notebooks), "message": portal.message.value}))
"""


def test_the_portal_fetches_and_submits_with_clicks_as_the_trainee(
    live_hub: LiveHub, released_exam: str
) -> None:
    b = live_hub.trainees[1]
    pid = live_hub.spawn(b)
    # the server's own environment: its Python, its Jupyter configuration, its exchange
    environ = Path(f"/proc/{pid}/environ").read_bytes().split(b"\0")
    env = [e.decode() for e in environ if e.split(b"=")[0] in
           (b"PATH", b"HOME", b"JUPYTER_CONFIG_PATH", b"JUPYTER_PATH", b"FRONTLINE_ROOT",
            b"FRONTLINE_EXCHANGE", b"FRONTLINE_COURSE_ID")]  # fmt: skip
    python = next(e for e in env if e.startswith("PATH=")).split("=", 1)[1].split(":")[0]
    run = live_hub.as_user(b, "env", *env, f"{python}/python", "-c", PORTAL_SCRIPT)
    assert run.returncode == 0, run.stderr
    result = json.loads(run.stdout.strip().splitlines()[-1])
    assert result["seen"] == [["领取考试"], ["提交"], ["Submit"]], result
    assert re.match(r"\d{4}-\d\d-\d\d \d\d:\d\d", result["submitted"]), result
    assert any(s.startswith("Submitted at 20") for s in result["status"]), result
    assert result["notebooks"] == [f"{released_exam}/{released_exam}.ipynb"]
    # the portal page itself: Voilà runs the cell and shows widgets, never the code
    token = live_hub.token(b)
    page = requests.get(f"{live_hub.url}user/{b}/voila/render/frontline-portal.ipynb",
                        headers=token, timeout=120)  # fmt: skip
    assert page.status_code == 200, page.text[:500]
    assert "application/vnd.jupyter.widget-view+json" in page.text
    assert "show_portal" not in page.text and "Traceback" not in page.text
    # and a trainee lands there after signing in
    model = live_hub.api(f"users/{b}")
    assert model["servers"][""]["url"].endswith(f"/user/{b}/")
    landing = requests.get(f"{live_hub.url}user/{b}/", headers=token, allow_redirects=False,
                           timeout=60)  # fmt: skip
    where = landing.headers.get("Location", "").split("?")[0]
    assert where == f"/user/{b}/voila/render/frontline-portal.ipynb"
