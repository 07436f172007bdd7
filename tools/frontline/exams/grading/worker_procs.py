"""The grading worker processes, seen from `frontline exams grade` (the parent).

All workers of a batch come from one started process, the host: it imports
nbgrader and the grading code (about a second of CPU, the biggest fixed cost of a
batch), then forks the other workers, which share those imports copy-on-write
instead of each paying for them on a 2-core machine. The host forks before it has
made a thread, an event loop, a zmq context or a database connection, so the
children start clean; each becomes a worker like the host itself.

Each worker has a pipe pair of its own (jobs in, results out: the JSON lines of
protocol.py), its own
process group (so one can be killed alone) and its own log file. The first line a
worker writes is its pid. A replacement for a worker that died is started the
same way, as a host of one.
"""

from __future__ import annotations

import contextlib
import json
import os
import select
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from frontline.exams.grading.protocol import (
    Hello,
    Job,
    JobResult,
    Ready,
    WorkerConfig,
    read_message,
)

# A worker skips the imports lean_imports names before loading nbgrader.
_BOOT = (
    "import sys; from frontline.core.lean_imports import skip_unused_imports; "
    "skip_unused_imports(); from frontline.exams.grading.grade_worker import host; "
    "sys.exit(host(sys.argv[1]))"
)


class WorkerProcess:
    """The parent's end of one worker: its pipes, its log, and how to stop it."""

    def __init__(
        self, jobs_fd: int, results_fd: int, log: Path, host: subprocess.Popen[bytes] | None
    ) -> None:
        self.stdin = os.fdopen(jobs_fd, "w", encoding="utf-8")
        # Read raw, into a buffer of our own: a buffered reader could hold a second
        # line that select() would then never announce.
        self.results_fd = results_fd
        self._pending = b""
        self._closed = False
        self.log_path = log
        self.host = host  # the started process, for the host; None for a forked worker
        self.pid: int | None = host.pid if host else None
        self.greeted = False  # its pid line has been read
        self.ready = False
        self.job: str | None = None
        self.since = 0.0

    def configure(self, config: WorkerConfig) -> None:
        self.stdin.write(config.to_json() + "\n")
        self.stdin.flush()

    def send(self, job: Job) -> None:
        """Give the worker a job (see `Job.spare`)."""
        self.job, self.since = job.trainee, time.monotonic()
        self.stdin.write(job.to_json() + "\n")
        self.stdin.flush()

    def read(self) -> list[Ready | JobResult] | None:
        """The complete messages the worker has sent (maybe none yet); None once it has
        gone (end of its results pipe). Call when select() says the pipe is readable."""
        data = os.read(self.results_fd, 65536)
        if not data:
            return None
        return self._feed(data)

    def _feed(self, data: bytes) -> list[Ready | JobResult]:
        *lines, self._pending = (self._pending + data).split(b"\n")
        messages: list[Ready | JobResult] = []
        for line in lines:
            message = read_message(line)
            if isinstance(message, Hello):  # its first line
                self.pid = message.pid
                self.greeted = True
            else:
                messages.append(message)
        return messages

    def exit_status(self) -> str:
        """For a "stopped" reason: the exit code where this process can know it."""
        if self.host is not None:
            return f"exit code {self.host.poll()}"
        return "exit code unknown"

    def kill(self) -> None:
        if self.pid is not None:
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(self.pid, signal.SIGKILL)
        # A forked worker that never told its pid is idle: the end of its jobs ends it.
        self.end_input()
        if self.host is not None:
            self.host.wait()
        self._close()

    def end_input(self) -> None:
        """No more jobs: the worker shuts its kernels down and exits on its own."""
        with contextlib.suppress(BrokenPipeError, OSError):
            self.stdin.close()

    def stop(self, timeout: float = 30) -> None:
        """End the input and wait for the worker to exit; kill it if it does not."""
        self.end_input()
        if self.host is not None:
            try:
                self.host.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                self.kill()
                return
        else:
            # Not our child, so no wait(): its results pipe ends when it has exited.
            deadline = time.monotonic() + timeout
            while True:
                left = deadline - time.monotonic()
                if left <= 0:
                    self.kill()
                    return
                readable, _, _ = select.select([self.results_fd], [], [], min(left, 1.0))
                if readable:
                    data = os.read(self.results_fd, 65536)
                    if not data:
                        break
                    self._feed(data)  # its pid, should it come only now
        self._close()

    @property
    def closed(self) -> bool:
        return self._closed

    def _close(self) -> None:
        if self._closed:
            return
        self._closed = True
        with contextlib.suppress(OSError):
            self.stdin.close()
        with contextlib.suppress(OSError):
            os.close(self.results_fd)


def start_workers(count: int, scratch: Path, first_index: int = 0) -> list[WorkerProcess]:
    """Start `count` workers (one host, which forks the rest); logs in `scratch`."""
    plan: list[dict[str, Any]] = []
    ours: list[tuple[int, int, Path]] = []
    theirs: list[int] = []
    for i in range(count):
        jobs_r, jobs_w = os.pipe()
        results_r, results_w = os.pipe()
        log = scratch / f"worker-{first_index + i}.log"
        plan.append({"jobs": jobs_r, "results": results_w, "log": str(log)})
        ours.append((jobs_w, results_r, log))
        theirs += [jobs_r, results_w]
    try:
        with (scratch / f"worker-{first_index}.log").open("ab") as log0:
            host = subprocess.Popen(
                [sys.executable, "-c", _BOOT, json.dumps(plan)],
                stdin=subprocess.DEVNULL,
                stdout=log0,
                stderr=log0,
                pass_fds=theirs,
                start_new_session=True,  # killing the group also ends its kernels
            )
    finally:
        # Only the workers may hold their ends, or a dead worker's pipe never ends.
        for fd in theirs:
            os.close(fd)
    return [
        WorkerProcess(jobs_w, results_r, log, host if i == 0 else None)
        for i, (jobs_w, results_r, log) in enumerate(ours)
    ]
