"""One grading worker: a long-lived process that runs nbgrader's autograde per submission.

Started by `frontline.exams.grading.batch` (one per core; the first forks the others, see
worker_procs). It imports nbgrader once and keeps the next sandboxed kernel
already booting while the current submission runs, which is where most of a plain
`nbgrader autograde` run's time per submission goes.

Each submission is graded by nbgrader's own Autograde converter against a private
SQLite copy of the exam's rows (see batch.py for why); the parent merges the result
into the real gradebook. Protocol: JSON lines; the first line on stdin is the
configuration, then one job per line; the first line on the results pipe is the
worker's pid, then one line when ready and one result per job.
"""

from __future__ import annotations

import contextlib
import gc
import json
import os
import shutil
import sys
import tempfile
import threading
import time
import traceback
from pathlib import Path
from typing import Any

import nbgrader.api
from jupyter_core.utils import run_sync
from nbclient.util import run_hook
from nbformat.notebooknode import NotebookNode
from nbgrader.apps import NbGraderAPI
from nbgrader.coursedir import CourseDirectory
from nbgrader.preprocessors import Execute

from frontline.core.course import Course, prepare_nbgrader
from frontline.exams.grading.kernel_pool import Kernel, KernelPool
from frontline.exams.grading.pipeline import failure_reason, unreadable_notebook
from frontline.exams.grading.tamper import answers_problem, tamper_findings
from frontline.exams.model.answers import ANSWERS_FILE

POOL: KernelPool | None = None


class PooledExecute(Execute):  # type: ignore[misc]
    """nbgrader's Execute, on a kernel that booted and answered before this notebook came."""

    _pooled: Kernel | None = None

    def preprocess(
        self, nb: NotebookNode, resources: Any, km: Any = None
    ) -> tuple[NotebookNode, Any]:
        if POOL is None:
            return super().preprocess(nb, resources)  # type: ignore[no-any-return]
        kernel = self._pooled = POOL.take(Path(resources["metadata"]["path"]))
        try:
            return super().preprocess(nb, resources, km=kernel.km)  # type: ignore[no-any-return]
        finally:
            self.kc = self.km = self._pooled = None
            POOL.finish(kernel)

    async def async_start_new_kernel_client(self) -> Any:
        if self._pooled is None:
            return await super().async_start_new_kernel_client()
        client = self.kc = await self._pooled.client
        client.allow_stdin = False
        await run_hook(self.on_notebook_start, notebook=self.nb)
        return client

    # nbclient binds the blocking wrapper to its own coroutine: rebind it to this one.
    start_new_kernel_client = run_sync(async_start_new_kernel_client)


def _findings(
    course: Course, exam: str, folder: Path, added_code_runs: bool
) -> list[dict[str, str]]:
    found: list[dict[str, str]] = []
    released_notebooks = sorted((course.release / exam).glob("*.ipynb"))
    for released in released_notebooks:
        # Grade ids are unique within a notebook only: name the notebook when there are several.
        where = f"{released.stem}: " if len(released_notebooks) > 1 else ""
        submitted = folder / released.name
        if not submitted.is_file():
            found.append(
                {
                    "kind": "deleted",
                    "cell": released.name,
                    "detail": "notebook not in the submission",
                }
            )
            continue
        original = json.loads(released.read_text(encoding="utf-8"))
        sent = json.loads(submitted.read_text(encoding="utf-8"))
        for f in tamper_findings(original, sent, added_code_runs=added_code_runs):
            found.append({"kind": f.kind, "cell": where + f.cell, "detail": f.detail})
    answers = folder / ANSWERS_FILE
    text = answers.read_text(encoding="utf-8", errors="replace") if answers.is_file() else None
    problem = answers_problem(text)
    if problem:
        found.append({"kind": "answers_unreadable", "cell": ANSWERS_FILE, "detail": problem})
    return found


class Grader:
    """nbgrader's API for one worker, against the worker's own private gradebook.

    One private SQLite file per worker (a copy of the exam's rows; submissions of
    different trainees do not touch each other's rows), and one SQLAlchemy engine
    for it: nbgrader opens a new Gradebook (a new engine) some six times per
    submission, and a new engine compiles every query again; sharing the engine
    keeps the compiled statements. The grades go back to the parent in the result
    line, so it never opens this file.
    """

    def __init__(self, course: Course, settings: dict[str, Any], scratch: Path) -> None:
        db = scratch / "private.db"
        shutil.copy(settings["template_db"], db)
        self.db_url = f"sqlite:///{db}"
        _share_engine(nbgrader.api, self.db_url)
        config = course.nbgrader_config()
        config.CourseDirectory.db_url = self.db_url
        config.Execute.timeout = settings["timeout_cell"]
        config.Execute.startup_timeout = 60
        config.OverwriteCells.add_missing_cells = True
        config.Autograde.sanitize_preprocessors = settings["sanitize_preprocessors"]
        config.Autograde.autograde_preprocessors = [
            PooledExecute if pp == "Execute" else pp for pp in settings["autograde_preprocessors"]
        ]
        self.api = NbGraderAPI(coursedir=CourseDirectory(config=config), config=config)
        self.course, self.settings = course, settings

    def grades(self, exam: str, trainee: str) -> dict[str, Any]:
        """What merge.merge_success copies into the real gradebook."""
        with nbgrader.api.Gradebook(self.db_url, self.course.course_id) as private:
            graded = private.find_submission(exam, trainee)
            return {
                "timestamp": graded.timestamp.isoformat() if graded.timestamp else None,
                "notebooks": [
                    {
                        "name": nb.name,
                        "penalty": nb.late_submission_penalty,
                        "grades": [[g.name, g.auto_score, g.max_score] for g in nb.grades],
                        "comments": [[c.name, c.auto_comment] for c in nb.comments],
                    }
                    for nb in graded.notebooks
                ],
            }

    def grade(self, trainee: str) -> dict[str, Any]:
        course, settings = self.course, self.settings
        exam = settings["exam"]
        started = time.perf_counter()
        result: dict[str, Any] = {"trainee": trainee, "ok": False, "findings": []}
        folder = course.submitted / trainee / exam
        problem = unreadable_notebook(folder)
        if problem:
            result["reason"] = problem
            return result
        result["findings"] = _findings(
            course, exam, folder, added_code_runs=not settings.get("drops_added_code", True)
        )

        timed_out = threading.Event()

        def _deadline() -> None:
            timed_out.set()
            if POOL is not None:
                POOL.kill_current()

        timer = threading.Timer(settings["timeout_submission"], _deadline)
        timer.start()
        try:
            outcome = self.api.autograde(exam, trainee, force=True)
        finally:
            timer.cancel()
        if timed_out.is_set():
            result["reason"] = (
                f"stopped after the submission time limit ({settings['timeout_submission']:g} s)"
            )
        elif outcome.get("success"):
            result.update(ok=True, **self.grades(exam, trainee))
        else:
            result["reason"] = failure_reason(outcome)
        result["seconds"] = round(time.perf_counter() - started, 3)
        return result


def _share_engine(api_module: Any, db_url: str) -> None:
    """Make nbgrader's Gradebook reuse one engine for `db_url` (this process only)."""
    create = api_module.create_engine
    shared = create(db_url, echo=False, future=True)

    def create_engine(url: Any, *args: Any, **kwargs: Any) -> Any:
        # dispose() at Gradebook.close only empties the connection pool; the
        # engine, and its cache of compiled statements, stay usable.
        return shared if str(url) == db_url else create(url, *args, **kwargs)

    api_module.create_engine = create_engine


def _reuse_metadata_validators() -> None:
    """Make nbgrader check its cell metadata schema once per worker, not once per cell.

    nbgrader validates each grade cell's metadata with `jsonschema.validate`, which
    first validates the schema itself against the JSON Schema meta-schema: most of
    the worker's own CPU per submission went there. The schema is nbgrader's
    packaged v3.json, so the check is done on first use and its validator kept;
    every cell is still validated exactly as before (this process only).
    """
    import jsonschema
    from nbgrader.nbgraderformat import common

    validators: dict[str, Any] = {}

    def validate(instance: Any, schema: dict[str, Any]) -> None:
        key = json.dumps(schema, sort_keys=True)
        validator = validators.get(key)
        if validator is None:
            cls = jsonschema.validators.validator_for(schema)
            cls.check_schema(schema)
            validator = validators[key] = cls(schema)
        # As jsonschema.validate does: raise the most relevant error, not the first.
        error = jsonschema.exceptions.best_match(validator.iter_errors(instance))
        if error is not None:
            raise error

    class _Jsonschema:  # what common.py uses of the jsonschema module
        ValidationError = jsonschema.ValidationError

    _Jsonschema.validate = staticmethod(validate)  # type: ignore[attr-defined]
    common.jsonschema = _Jsonschema


def host(plan_json: str) -> int:
    """The first worker process: fork the batch's other workers, then be worker 0.

    `plan_json` lists, per worker, the file descriptors of its jobs and results pipes
    and its log file (see worker_procs). Everything heavy is imported by now, and
    there is no thread, event loop or zmq context yet, so the forks start clean.
    """
    plan: list[dict[str, Any]] = json.loads(plan_json)
    prepare_nbgrader()
    _reuse_metadata_validators()
    # The imports' objects never become garbage: frozen, no collection walks them
    # again (nor the final one at exit), and the forks keep sharing their pages.
    gc.freeze()
    children = []
    for index in range(1, len(plan)):
        pid = os.fork()
        if pid == 0:
            code = 1
            try:
                os.setpgid(0, 0)  # killed alone, never with its siblings
                _keep_only(plan, index)
                code = serve(plan[index])
            except BaseException:
                traceback.print_exc()  # into its log: the parent shows it
            finally:
                with contextlib.suppress(Exception):
                    sys.stdout.flush()
                    sys.stderr.flush()
                os._exit(code)  # never return into the host's stack
        children.append(pid)
    _keep_only(plan, 0)
    for pid in children:  # reap each (only these pids: kernels are reaped by their managers)
        threading.Thread(target=_reap, args=(pid,), daemon=True).start()
    return serve(plan[0])


def _reap(pid: int) -> None:
    with contextlib.suppress(ChildProcessError):
        os.waitpid(pid, 0)


def _keep_only(plan: list[dict[str, Any]], index: int) -> None:
    """Close the other workers' pipe ends, so each pipe ends when its worker does."""
    for other, slot in enumerate(plan):
        if other != index:
            for fd in (slot["jobs"], slot["results"]):
                with contextlib.suppress(OSError):
                    os.close(fd)


def serve(slot: dict[str, Any]) -> int:
    """One worker: settings first, then one trainee per line, one result line each."""
    global POOL
    results = os.fdopen(slot["results"], "w", encoding="utf-8", buffering=1)
    jobs = os.fdopen(slot["jobs"], "r", encoding="utf-8")
    # nbgrader and kernels may print: into this worker's log, never into the results.
    log = os.open(slot["log"], os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    os.dup2(log, 1)
    os.dup2(log, 2)
    os.close(log)
    results.write(json.dumps({"pid": os.getpid()}) + "\n")
    os.environ["NBGRADER_EXECUTION"] = "autograde"
    first = jobs.readline()
    if not first:  # the batch ended (or failed) before it needed this worker
        return 0
    settings = json.loads(first)
    course = Course.from_directory(Path(settings["course_dir"]))
    scratch = Path(tempfile.mkdtemp(prefix="frontline-worker-", dir=settings["scratch"]))
    POOL = KernelPool(settings, scratch)
    try:
        grader = Grader(course, settings, scratch)
        POOL.spare = POOL.start()
        results.write(json.dumps({"ready": True}) + "\n")
        for line in jobs:
            job = json.loads(line)
            trainee = job["trainee"]
            POOL.boot_spare = job.get("spare", True)
            try:
                result = grader.grade(trainee)
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
