"""A real hub: sign-in, spawning, and what each kind of user can NOT reach.

Every negative check is made twice where it can be: through the hub and the
trainee's own server (HTTP, with that user's own token), and as the Unix account
itself (`runuser`), which is what a terminal or a notebook in their server can do.
"""

from __future__ import annotations

import io
import json
import os
import re
import stat
from pathlib import Path

import pytest
import requests

from tests.hub.live import LiveHub

pytestmark = [pytest.mark.hub, pytest.mark.slow]


def _login(hub: LiveHub, user: str, password: str) -> tuple[requests.Session, requests.Response]:
    session = requests.Session()
    session.get(f"{hub.url}hub/login", timeout=30)
    answer = session.post(
        f"{hub.url}hub/login",
        data={"username": user, "password": password, "_xsrf": session.cookies.get("_xsrf", "")},
        allow_redirects=False, timeout=60,
    )  # fmt: skip
    return session, answer


def test_sign_in_checks_the_unix_password(live_hub: LiveHub) -> None:
    a = live_hub.trainees[0]
    passwords = live_hub.passwords()
    assert set(passwords) >= {*live_hub.trainees, live_hub.trainer, live_hub.hr}
    _, wrong = _login(live_hub, a, passwords[a] + "x")
    assert wrong.status_code == 403
    _, right = _login(live_hub, a, passwords[a])
    assert right.status_code == 302
    assert right.headers["Location"].endswith("/hub/spawn")  # a trainee goes to their server
    _, hr = _login(live_hub, live_hub.hr, passwords[live_hub.hr])
    assert hr.headers["Location"].endswith("/services/hr-view/")  # HR has no server


def test_each_server_runs_as_its_owner(live_hub: LiveHub) -> None:
    import pwd

    for user in (*live_hub.trainees, live_hub.trainer):
        pid = live_hub.spawn(user)
        uid = Path(f"/proc/{pid}").stat().st_uid
        assert pwd.getpwuid(uid).pw_name == user
        # the gradebook's address (a password, on a database server) reaches trainers only
        names = {e.split(b"=")[0] for e in Path(f"/proc/{pid}/environ").read_bytes().split(b"\0")}
        expected = user == live_hub.trainer and "FRONTLINE_DB_URL" in live_hub.env
        assert (b"FRONTLINE_DB_URL" in names) == expected, user


def test_a_trainee_reaches_only_their_own_server(live_hub: LiveHub) -> None:
    a, b = live_hub.trainees
    live_hub.spawn(a)
    live_hub.spawn(b)
    token = live_hub.token(a)
    own = requests.get(f"{live_hub.url}user/{a}/api/contents/", headers=token, timeout=30)
    assert own.status_code == 200
    other = requests.get(f"{live_hub.url}user/{b}/api/contents/", headers=token, timeout=30)
    assert other.status_code == 403
    # nor can they see, start or stop the other's server through the hub's API
    hub_api = f"{live_hub.url}hub/api/users/{b}"
    assert requests.get(hub_api, headers=token, timeout=30).status_code in (403, 404)
    assert requests.delete(f"{hub_api}/server", headers=token, timeout=30).status_code in (403, 404)
    listing = requests.get(f"{live_hub.url}hub/api/users", headers=token, timeout=30)
    assert listing.status_code == 403


def test_a_trainee_cannot_read_another_trainee_the_keys_or_the_gradebook(
    live_hub: LiveHub,
) -> None:
    a, b = live_hub.trainees
    home_b = live_hub.root / "home" / b
    secret = live_hub.as_user(b, "sh", "-c", f"echo mine > {home_b}/notes.txt")
    assert secret.returncode == 0, secret.stderr
    assert stat.S_IMODE(home_b.stat().st_mode) == 0o700
    for path in (
        home_b / "notes.txt",
        live_hub.root / "exams" / "nbgrader_config.py",
        live_hub.root / "exams" / "source" / "KEY-MARKER.txt",
        live_hub.root / "gradebook" / "gradebook.db",
        live_hub.root / "gradebook" / "roster.csv",
        live_hub.state / "initial-passwords.csv",
        live_hub.state / "admin-token",
    ):
        read = live_hub.as_user(a, "cat", str(path))
        assert read.returncode != 0 and "Permission denied" in read.stderr, path
    for folder in (live_hub.root / "exams", live_hub.root / "exams" / "trainer"):
        assert live_hub.as_user(a, "ls", str(folder)).returncode != 0, folder
    # the trainer reads the keys; the trainee's own file is theirs
    keys = live_hub.root / "exams" / "trainer"
    assert live_hub.as_user(live_hub.trainer, "ls", str(keys)).returncode == 0
    assert live_hub.as_user(b, "cat", str(home_b / "notes.txt")).stdout == "mine\n"


def test_the_exchange_is_shared_but_nobody_removes_what_another_put_there(
    live_hub: LiveHub,
) -> None:
    a, b = live_hub.trainees
    exchange = live_hub.state / "exchange"
    assert stat.S_IMODE(exchange.stat().st_mode) == 0o1777
    assert live_hub.as_user(a, "touch", str(exchange / f"{a}.txt")).returncode == 0
    assert live_hub.as_user(b, "rm", "-f", str(exchange / f"{a}.txt")).returncode != 0
    assert (exchange / f"{a}.txt").exists()


def test_hr_has_no_server_and_cannot_open_a_trainees(live_hub: LiveHub) -> None:
    a = live_hub.trainees[0]
    live_hub.spawn(a)
    token = live_hub.token(live_hub.hr)
    files = requests.get(f"{live_hub.url}user/{a}/api/contents/", headers=token, timeout=30)
    assert files.status_code == 403
    own_url = f"{live_hub.url}hub/api/users/{live_hub.hr}/server"
    own = requests.post(own_url, headers=token, timeout=30)
    assert own.status_code == 403


def test_trainers_get_formgrader_on_the_course_and_trainees_do_not(live_hub: LiveHub) -> None:
    a = live_hub.trainees[0]
    live_hub.spawn(live_hub.trainer)
    live_hub.spawn(a)
    trainer = live_hub.token(live_hub.trainer)
    base = f"{live_hub.url}user/{live_hub.trainer}/"
    page = requests.get(base + "formgrader/manage_students", headers=trainer, timeout=60)
    assert page.status_code == 200 and "formgrade" in page.text
    assert "frame-ancestors 'self'" in page.headers.get("Content-Security-Policy", "")
    course = requests.get(base + "api/contents/", headers=trainer, timeout=30).json()
    assert {"source", "trainer", "nbgrader_config.py"} <= {f["name"] for f in course["content"]}
    trainee = live_hub.token(a)
    fg_url = f"{live_hub.url}user/{a}/formgrader/manage_students"
    fg = requests.get(fg_url, headers=trainee, timeout=30)
    assert fg.status_code == 404
    lab = requests.get(f"{live_hub.url}user/{a}/lab", headers=trainee, timeout=30)
    found = re.search(r'id="jupyter-config-data"[^>]*>(.*?)</script>', lab.text, re.S)
    assert found is not None
    config = json.loads(found[1])
    assert "@jupyter/nbgrader:formgrader" in config["disabledExtensions"]
    listed = requests.get(f"{live_hub.url}user/{a}/assignments?course_id=frontline",
                          headers=trainee, timeout=30)  # fmt: skip
    assert listed.status_code == 200 and listed.json()["success"]


def test_the_hr_view_shows_tiers_to_hr_only(live_hub: LiveHub) -> None:
    a, b = live_hub.trainees
    view = f"{live_hub.url}services/hr-view/"
    hr = live_hub.token(live_hub.hr)
    # the paper scores' cycle: an exam graded on this hub by another test opens a later one
    cycle = {"cycle": "2026-11"}
    page = requests.get(view, params=cycle, headers=hr, timeout=120)
    assert page.status_code == 200, page.text
    rows = {row.split("</a>")[0].rsplit(">", 1)[-1]: row
            for row in page.text.split("<tr>")[2:]}  # fmt: skip
    assert set(rows) == {a, b, live_hub.browser_trainee}
    assert "不合格 fail" in rows[b] and "retake" in rows[b]  # 41 theory: a retake flag
    call_centre = {"team": "呼叫中心 Call centre", **cycle}
    team = requests.get(view, params=call_centre, headers=hr, timeout=120)
    assert b in team.text and a not in team.text
    csv_file = requests.get(view + "report/report.csv", params=cycle, headers=hr, timeout=60)
    assert csv_file.status_code == 200 and a in csv_file.content.decode("utf-8-sig")
    record = requests.get(view + "report/decision-record.json", params=cycle, headers=hr,
                          timeout=60).json()  # fmt: skip
    outcomes = record["result"]["outcomes"]
    assert {o["trainee"]["trainee_id"] for o in outcomes} == {a, b, live_hub.browser_trainee}
    # the page shows the tiers of the very evaluation the record holds
    labels = {"excellent": "优秀 excellent", "good": "良好 good", "pass": "合格 pass",
              "fail": "不合格 fail", None: "incomplete"}  # fmt: skip
    for outcome in outcomes:
        assert labels[outcome["tier"]] in rows[outcome["trainee"]["trainee_id"]], outcome
    excel = requests.get(view + "report/report.xlsx", params=cycle, headers=hr, timeout=60)
    import openpyxl

    workbook = openpyxl.load_workbook(io.BytesIO(excel.content))
    assert any(a in str(cell.value) for row in workbook.worksheets[0].iter_rows() for cell in row)
    trainee_page = requests.get(view + f"report/trainees/{a}.html", params=cycle, headers=hr,
                                timeout=60)  # fmt: skip
    assert trainee_page.status_code == 200 and "Wang Fang" in trainee_page.text
    outside = requests.get(view + "report/..%2F..%2Fadmin-token", headers=hr, timeout=30)
    assert outside.status_code == 404
    for user in (a, live_hub.trainer):
        denied = requests.get(view, headers=live_hub.token(user), timeout=30)
        assert denied.status_code == 403, user
        csv_url = view + "report/report.csv"
        download = requests.get(csv_url, headers=live_hub.token(user), timeout=30)
        assert download.status_code == 403, user
    assert requests.get(view, timeout=30, allow_redirects=False).status_code in (302, 403)


def test_hr_signs_in_through_the_hub_and_lands_on_the_view(live_hub: LiveHub) -> None:
    session, answer = _login(live_hub, live_hub.hr, live_hub.passwords()[live_hub.hr])
    landed = session.get(live_hub.url + answer.headers["Location"].lstrip("/"), timeout=120)
    assert landed.status_code == 200 and "人事视图 HR view" in landed.text
    trainee, _ = _login(live_hub, live_hub.trainees[0], live_hub.passwords()[live_hub.trainees[0]])
    assert trainee.get(f"{live_hub.url}services/hr-view/", timeout=60).status_code == 403


def test_the_hub_folder_keeps_its_secrets(live_hub: LiveHub) -> None:
    for name in ("admin-token", "initial-passwords.csv", "jupyterhub_cookie_secret"):
        assert stat.S_IMODE((live_hub.state / name).stat().st_mode) == 0o600, name
    assert os.stat(live_hub.root / "exams").st_mode & 0o007 == 0
