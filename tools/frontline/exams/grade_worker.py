"""One grading worker: a long-lived process that runs nbgrader's autograde per submission.

Started by `frontline.exams.batch` (one per core). It imports nbgrader once and keeps
the next sandboxed kernel already booting while the current submission runs, which
is where most of a plain `nbgrader autograde` run's time per submission goes.

Each submission is graded by nbgrader's own Autograde converter against a private
SQLite copy of the exam's rows (see batch.py for why); the parent merges the result
into the real gradebook. Protocol: JSON lines; the first line on stdin is the
configuration, then one trainee id per line; one result per line on the results pipe.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

from nbformat.notebooknode import NotebookNode
from nbgrader.preprocessors import Execute

from ..course import Course, prepare_nbgrader
from .answers import ANSWERS_FILE
from .pipeline import failure_reason, unreadable_notebook
from .sandbox import SandboxedKernelManager
from .tamper import answers_problem, tamper_findings

# Modules every exam kernel imports first; importing them while the kernel boots
# (before the previous submission is finished) takes them off the critical path.
PRELOAD = "import frontline.exams.widgets as _preload; del _preload"


class KernelPool:
    """Exactly one spare kernel, booting in the background, for the next notebook."""

    def __init__(self, settings: dict[str, Any], scratch: Path) -> None:
        self.settings = settings
        self.scratch = scratch
        self.spare: tuple[SandboxedKernelManager, Path, Path] | None = None
        self.current: SandboxedKernelManager | None = None
        self.count = 0
        self._homes_to_remove: list[Path] = []

    def _start(self) -> tuple[SandboxedKernelManager, Path, Path]:
        from jupyter_core.utils import run_sync

        self.count += 1
        home = Path(tempfile.mkdtemp(prefix=f"k{self.count}-", dir=self.scratch))
        run_dir, sockets = home / "run", home / "sockets"
        run_dir.mkdir()
        sockets.mkdir(mode=0o700)
        s = self.settings
        km = SandboxedKernelManager(
            sandbox=s["sandbox"],
            bwrap=s["bwrap"] or "bwrap",
            environment=s["environment"],
            secrets=s["secrets"],
            socket_dir=str(sockets),
        )
        # A socket folder per kernel: a kernel must never reach the spare kernel's
        # sockets (it could run code in the next trainee's notebook).
        km.transport = "ipc"
        km.ip = str(sockets / "kernel")
        km.connection_file = str(sockets / "connection.json")
        run_sync(km.start_kernel)(
            cwd=str(run_dir),
            extra_arguments=[
                "--HistoryManager.hist_file=:memory:",
                f"--IPKernelApp.exec_lines=[{PRELOAD!r}]",
            ],
        )
        return km, run_dir, home

    def take(self, files_from: Path) -> SandboxedKernelManager:
        km, run_dir, home = self.spare or self._start()
        self.spare = None
        for item in files_from.iterdir():
            if item.suffix == ".ipynb":
                continue
            target = run_dir / item.name
            if item.is_dir():
                shutil.copytree(item, target, dirs_exist_ok=True)
            else:
                shutil.copy2(item, target)
        self.current = km
        self._homes_to_remove.append(home)
        self.spare = self._start()  # boots while this notebook runs
        return km

    def kill_current(self) -> None:
        km = self.current
        if km is not None and km.provisioner is not None:
            pid = getattr(km.provisioner, "pid", None)
            if pid:
                import signal

                with contextlib.suppress(ProcessLookupError):
                    os.kill(pid, signal.SIGKILL)

    def release(self) -> None:
        self.current = None
        while self._homes_to_remove:
            shutil.rmtree(self._homes_to_remove.pop(), ignore_errors=True)

    def close(self) -> None:
        from jupyter_core.utils import run_sync

        if self.spare is not None:
            km, _, home = self.spare
            run_sync(km.shutdown_kernel)(now=True)
            shutil.rmtree(home, ignore_errors=True)
            self.spare = None
        self.release()


POOL: KernelPool | None = None


class PooledExecute(Execute):  # type: ignore[misc]
    """nbgrader's Execute, on a kernel that started booting before this notebook came."""

    def preprocess(
        self, nb: NotebookNode, resources: Any, km: Any = None
    ) -> tuple[NotebookNode, Any]:
        if POOL is None:
            return super().preprocess(nb, resources)  # type: ignore[no-any-return]
        kernel = POOL.take(Path(resources["metadata"]["path"]))
        try:
            return super().preprocess(nb, resources, km=kernel)  # type: ignore[no-any-return]
        finally:
            if getattr(self, "km", None) is not None:
                self._cleanup_kernel()
            POOL.release()


def _findings(course: Course, exam: str, folder: Path) -> list[dict[str, str]]:
    found: list[dict[str, str]] = []
    for released in sorted((course.release / exam).glob("*.ipynb")):
        submitted = folder / released.name
        if not submitted.is_file():
            continue
        original = json.loads(released.read_text(encoding="utf-8"))
        sent = json.loads(submitted.read_text(encoding="utf-8"))
        for f in tamper_findings(original, sent):
            found.append({"kind": f.kind, "cell": f.cell, "detail": f.detail})
    answers = folder / ANSWERS_FILE
    text = answers.read_text(encoding="utf-8", errors="replace") if answers.is_file() else None
    problem = answers_problem(text)
    if problem:
        found.append({"kind": "answers_unreadable", "cell": ANSWERS_FILE, "detail": problem})
    return found


def grade_one(
    course: Course, settings: dict[str, Any], trainee: str, scratch: Path
) -> dict[str, Any]:
    from nbgrader.apps import NbGraderAPI
    from nbgrader.coursedir import CourseDirectory

    exam = settings["exam"]
    started = time.perf_counter()
    result: dict[str, Any] = {"trainee": trainee, "ok": False, "findings": []}
    folder = course.submitted / trainee / exam
    problem = unreadable_notebook(folder)
    if problem:
        result["reason"] = problem
        return result
    result["findings"] = _findings(course, exam, folder)
    db = scratch / f"{trainee}.db"
    shutil.copy(settings["template_db"], db)
    config = course.nbgrader_config()
    config.CourseDirectory.db_url = f"sqlite:///{db}"
    config.Execute.timeout = settings["timeout_cell"]
    config.Execute.startup_timeout = 60
    config.OverwriteCells.add_missing_cells = True
    config.Autograde.autograde_preprocessors = [
        PooledExecute if pp == "Execute" else pp for pp in settings["autograde_preprocessors"]
    ]
    api = NbGraderAPI(coursedir=CourseDirectory(config=config), config=config)

    timed_out = threading.Event()

    def _deadline() -> None:
        timed_out.set()
        if POOL is not None:
            POOL.kill_current()

    timer = threading.Timer(settings["timeout_submission"], _deadline)
    timer.start()
    try:
        outcome = api.autograde(exam, trainee, force=True)
    finally:
        timer.cancel()
    if timed_out.is_set():
        result["reason"] = (
            f"stopped after the submission time limit ({settings['timeout_submission']:g} s)"
        )
    elif outcome.get("success"):
        result.update(ok=True, db=str(db))
    else:
        result["reason"] = failure_reason(outcome)
    result["seconds"] = round(time.perf_counter() - started, 3)
    return result


def main() -> int:
    global POOL
    # nbgrader and kernels may print; results go on a pipe of their own.
    results = os.fdopen(os.dup(1), "w", encoding="utf-8", buffering=1)
    os.dup2(2, 1)
    prepare_nbgrader()
    os.environ["NBGRADER_EXECUTION"] = "autograde"
    settings = json.loads(sys.stdin.readline())
    course = Course.from_directory(Path(settings["course_dir"]))
    scratch = Path(tempfile.mkdtemp(prefix="frontline-worker-", dir=settings["scratch"]))
    POOL = KernelPool(settings, scratch)
    try:
        POOL.spare = POOL._start()
        results.write(json.dumps({"ready": True}) + "\n")
        for line in sys.stdin:
            trainee = json.loads(line)["trainee"]
            try:
                result = grade_one(course, settings, trainee, scratch)
            except Exception as exc:  # one submission must never stop the worker
                result = {
                    "trainee": trainee,
                    "ok": False,
                    "findings": [],
                    "reason": f"{type(exc).__name__}: {exc}"[:300],
                }
            results.write(json.dumps(result) + "\n")
    finally:
        POOL.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
