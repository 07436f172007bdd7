"""30 trainees on a real hub at once: sign in, start, fetch, answer, submit; then grade.

Starts the same hub as the tests (tests/hub/live.py: JupyterHub, its proxy, real Unix
accounts in a temporary folder, all removed afterwards), has 30 trainees sign in
through the login form and each, in its own thread, start a server through the REST
API, fetch the theory exam, save perfect answers and submit it through their own
server (as JupyterLab's Assignments tab does); then the trainer collects and grades
as their Unix account. Prints start-up time per server, p50/p95 request latency and
how many of the 30 submissions were graded (every one must be).

    sudo .venv/bin/python bench/hub.py [--trainees 30]

Needs root and configurable-http-proxy (`make hub` installs it); 2 cores take a few
minutes, most of it grading.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import requests

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.hub.live import EXAM, LiveHub, as_trainer, running_hub, skip_reason

from frontline.exams.authoring.notebook import load_exam_data
from frontline.exams.model.answers import ANSWERS_FILE, AnswerSheet

_lock = threading.Lock()
latencies: list[float] = []


def timed(method: str, url: str, **kwargs: object) -> requests.Response:
    start = time.perf_counter()
    answer = requests.request(method, url, timeout=300, **kwargs)  # type: ignore[arg-type]
    with _lock:
        latencies.append(time.perf_counter() - start)
    return answer


def sit(hub: LiveHub, user: str, password: str, answers: dict[str, object]) -> float:
    """One trainee: sign in, start, fetch, answer, submit. Returns server start-up time."""
    session = requests.Session()
    session.get(f"{hub.url}hub/login", timeout=60)
    login = session.post(f"{hub.url}hub/login", allow_redirects=False, timeout=120,
                         data={"username": user, "password": password,
                               "_xsrf": session.cookies.get("_xsrf", "")})  # fmt: skip
    assert login.status_code == 302, (user, login.status_code)
    start = time.perf_counter()
    hub.spawn(user, timeout=300)
    startup = time.perf_counter() - start
    token = hub.token(user)
    base = f"{hub.url}user/{user}/"
    form = {"course_id": "frontline", "assignment_id": EXAM}
    fetched = timed("POST", base + "assignments/fetch", data=form, headers=token)
    assert fetched.status_code == 200, fetched.text
    sheet = AnswerSheet(EXAM, user, answers=answers).to_json()  # type: ignore[arg-type]
    content = {"type": "file", "format": "text", "content": json.dumps(sheet)}
    saved = timed("PUT", f"{base}api/contents/{EXAM}/{ANSWERS_FILE}", headers=token, json=content)
    assert saved.status_code in (200, 201), saved.text
    submitted = timed("POST", base + "assignments/submit", data=form, headers=token)
    assert submitted.status_code == 200 and "submitted" in submitted.text, submitted.text
    return startup


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--trainees", type=int, default=30)
    args = parser.parse_args()
    reason = skip_reason()
    if reason:
        print(f"bench/hub.py skipped: {reason}")
        return 0
    total = time.perf_counter()
    with running_hub({}, extra_trainees=args.trainees) as hub:
        up = time.perf_counter() - total
        print(f"hub up with {args.trainees} trainee accounts in {up:.1f} s")
        course = hub.root / "exams"
        for step in ("build", "release"):
            done = as_trainer(hub, "exams", step, EXAM, "--course-dir", str(course))
            assert done.returncode == 0, done.stdout + done.stderr
        _, key = load_exam_data(course, EXAM)
        answers = {q: item.perfect_answer() for q, item in key.items.items()}
        passwords = hub.passwords()
        cohort = hub.more_trainees
        start = time.perf_counter()
        with ThreadPoolExecutor(len(cohort)) as pool:
            startups = list(pool.map(lambda u: sit(hub, u, passwords[u], answers), cohort))
        sitting = time.perf_counter() - start
        start = time.perf_counter()
        collected = as_trainer(hub, "exams", "collect", EXAM, "--course-dir", str(course))
        assert collected.returncode == 0, collected.stdout + collected.stderr
        graded = as_trainer(hub, "exams", "grade", EXAM, "--course-dir", str(course))
        grading = time.perf_counter() - start
        from nbgrader.api import Gradebook

        with Gradebook(f"sqlite:///{hub.root / 'gradebook' / 'gradebook.db'}") as gradebook:
            scores = {s.student.id: s.score for s in gradebook.assignment_submissions(EXAM)}
        mine = {u: scores.get(u) for u in cohort}
        full = max((s for s in mine.values() if s is not None), default=0.0)
        perfect = sum(1 for s in mine.values() if s is not None and s == full)
        print(f"{len(cohort)} trainees signed in, started, fetched, answered and submitted "
              f"in {sitting:.1f} s (all at once)")  # fmt: skip
        print(f"server start-up: p50 {statistics.median(startups):.1f} s, "
              f"p95 {percentile(startups, 0.95):.1f} s, max {max(startups):.1f} s")  # fmt: skip
        print(f"requests through the proxy ({len(latencies)}): "
              f"p50 {statistics.median(latencies) * 1000:.0f} ms, "
              f"p95 {percentile(latencies, 0.95) * 1000:.0f} ms")  # fmt: skip
        print(f"collect and grade: {grading:.1f} s (exit {graded.returncode})")
        lost = [u for u, s in mine.items() if s is None]
        print(f"{len(cohort) - len(lost)} of {len(cohort)} submissions graded, "
              f"{perfect} with the full {full:g} points of perfect answers; "
              f"lost: {', '.join(lost) or 'none'}")  # fmt: skip
        return 0 if not lost else 1


if __name__ == "__main__":
    sys.exit(main())
