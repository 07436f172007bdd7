"""Grading worker processes: one import, forked workers that live and die on their own."""

from __future__ import annotations

import os
import select
import signal
import time
from pathlib import Path

import pytest

from frontline.exams.grading.protocol import WorkerConfig
from frontline.exams.grading.worker_procs import WorkerProcess, start_workers

pytestmark = pytest.mark.nbgrader


class _EmptyConfig:
    """Stands in for a WorkerConfig: sends `{}`, which a real worker cannot read."""

    def to_json(self) -> str:
        return "{}"


NO_CONFIG: WorkerConfig = _EmptyConfig()  # type: ignore[assignment]


def _parent_of(pid: int) -> int:
    stat = Path(f"/proc/{pid}/stat").read_text()
    return int(stat.rsplit(")", 1)[1].split()[1])


def _gone(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except FileNotFoundError:
        return True
    return state == "Z"


def _wait_gone(pid: int, seconds: float = 10) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if _gone(pid):
            return True
        time.sleep(0.05)
    return False


def _hello(worker: WorkerProcess) -> None:
    """Read up to the pid line (a worker writes it before it reads its settings)."""
    deadline = time.monotonic() + 30
    while not worker.greeted:
        assert time.monotonic() < deadline, "no pid line"
        readable, _, _ = select.select([worker.results_fd], [], [], 1.0)
        if readable:
            assert worker.read() == []  # only the pid line comes before the settings


def test_one_host_forks_the_other_workers_each_killable_alone(tmp_path: Path) -> None:
    workers = start_workers(3, tmp_path)
    try:
        for worker in workers:
            _hello(worker)
        host, *forked = workers
        assert host.pid == host.host.pid
        assert len({w.pid for w in workers}) == 3
        for worker in forked:
            assert worker.host is None
            assert _parent_of(worker.pid) == host.pid  # type: ignore[arg-type]
            assert os.getpgid(worker.pid) == worker.pid  # type: ignore[arg-type]
        assert sorted(p.name for p in tmp_path.iterdir()) == [
            "worker-0.log", "worker-1.log", "worker-2.log",
        ]

        forked[0].kill()  # one worker killed: the others go on
        assert _wait_gone(forked[0].pid)  # type: ignore[arg-type]
        assert not _gone(forked[1].pid) and not _gone(host.pid)  # type: ignore[arg-type]
        assert forked[0].closed

        # Ending the input ends a worker that has not been configured, and its pipe.
        forked[1].stop(timeout=10)
        assert forked[1].closed and _wait_gone(forked[1].pid)  # type: ignore[arg-type]
        host.stop(timeout=10)
        assert host.host is not None and host.host.returncode == 0
    finally:
        for worker in workers:
            if not worker.closed:
                worker.kill()


def test_a_dead_worker_is_seen_as_the_end_of_its_results(tmp_path: Path) -> None:
    workers = start_workers(2, tmp_path)
    try:
        for worker in workers:
            _hello(worker)
        os.kill(workers[1].pid, signal.SIGKILL)  # type: ignore[arg-type]
        assert workers[1].read() is None  # no other process holds its pipe open
        assert workers[1].exit_status() == "exit code unknown"
    finally:
        for worker in workers:
            if not worker.closed:
                worker.kill()


# A stand-in for grade_worker.host, speaking the same protocol, so the parent's
# handling of a worker that dies mid-job can be shown without a real crash.
FAKE_HOST = r"""
import json, os, sys, time
plan = json.loads(sys.argv[1])

def serve(slot):
    results = os.fdopen(slot["results"], "w", buffering=1)
    jobs = os.fdopen(slot["jobs"])
    results.write(json.dumps({"pid": os.getpid()}) + "\n")
    if not jobs.readline():
        return 0
    results.write(json.dumps({"ready": True}) + "\n")
    for line in jobs:
        trainee = json.loads(line)["trainee"]
        if trainee == "dies":
            os._exit(3)
        time.sleep(0.1)
        results.write(json.dumps({"trainee": trainee, "graded": True, "findings": [],
                                  "submitted_at": None, "notebooks": [], "seconds": 0.1}) + "\n")
        if trainee == "answers-then-dies":  # the next job is sent to a dead worker
            os._exit(4)
    return 0

for index in range(1, len(plan)):
    if os.fork() == 0:
        os.setpgid(0, 0)
        for other, slot in enumerate(plan):
            if other != index:
                os.close(slot["jobs"]); os.close(slot["results"])
        os._exit(serve(plan[index]))
for slot in plan[1:]:
    os.close(slot["jobs"]); os.close(slot["results"])
sys.exit(serve(plan[0]))
"""


def test_a_worker_dying_mid_job_costs_that_job_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from frontline.exams.grading import batch, worker_procs

    monkeypatch.setattr(worker_procs, "_BOOT", FAKE_HOST)
    jobs = ["dies", "a", "b", "c", "d", "e", "f"]
    started = start_workers(2, tmp_path)
    results = list(batch._run_workers(NO_CONFIG, jobs, started, tmp_path, limit=30))
    by_trainee = {r.trainee: r for r in results}
    assert sorted(by_trainee) == sorted(jobs)
    assert by_trainee["dies"].graded is False
    assert by_trainee["dies"].reason.startswith("the grading process stopped (exit code ")
    assert all(by_trainee[t].graded for t in jobs if t != "dies"), results
    # A replacement was started (its own log) and took part of the rest.
    assert (tmp_path / "worker-2.log").exists()
    assert [w.closed for w in started] == [True, True]


def test_a_worker_gone_after_its_answer_does_not_stop_the_batch(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The next job may be sent before its end is seen: that job alone is lost."""
    from frontline.exams.grading import batch, worker_procs

    monkeypatch.setattr(worker_procs, "_BOOT", FAKE_HOST)
    jobs = ["a", "answers-then-dies", "b", "c", "d", "e", "f", "g"]
    results = list(
        batch._run_workers(NO_CONFIG, jobs, start_workers(2, tmp_path), tmp_path, limit=30)
    )
    assert sorted(r.trainee for r in results) == sorted(jobs)
    lost = [r for r in results if not r.graded]
    assert len(lost) <= 1
    assert all(r.reason.startswith("the grading process stopped") for r in lost)
    assert "answers-then-dies" not in [r.trainee for r in lost]


def test_a_host_that_cannot_start_says_why(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from frontline.core.errors import FrontlineError
    from frontline.exams.grading import batch, worker_procs

    monkeypatch.setattr(worker_procs, "_BOOT", "raise SystemExit('nbgrader is not installed')")
    with pytest.raises(FrontlineError, match=r"could not start:\n.*nbgrader is not installed"):
        list(batch._run_workers(NO_CONFIG, ["a", "b"], start_workers(3, tmp_path), tmp_path, 30))


def test_a_forked_worker_that_cannot_start_shows_its_traceback(tmp_path: Path) -> None:
    from frontline.core.errors import FrontlineError
    from frontline.exams.grading import batch

    # Real workers, given settings without a course: each fails as it reads them.
    with pytest.raises(FrontlineError, match=r"could not start:\n(.|\n)*KeyError: 'course_dir'"):
        list(batch._run_workers(NO_CONFIG, ["a", "b"], start_workers(2, tmp_path), tmp_path, 30))
