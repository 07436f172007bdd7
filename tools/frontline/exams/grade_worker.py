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

import json
import os
import shutil
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

from jupyter_core.utils import run_sync
from nbclient.util import run_hook
from nbformat.notebooknode import NotebookNode
from nbgrader.preprocessors import Execute

from ..course import Course, prepare_nbgrader
from .answers import ANSWERS_FILE
from .kernel_pool import Kernel, KernelPool
from .pipeline import failure_reason, unreadable_notebook
from .tamper import answers_problem, tamper_findings

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
        import nbgrader.api
        from nbgrader.apps import NbGraderAPI
        from nbgrader.coursedir import CourseDirectory

        db = scratch / "private.db"
        shutil.copy(settings["template_db"], db)
        self.db_url = f"sqlite:///{db}"
        _share_engine(nbgrader.api, self.db_url)
        config = course.nbgrader_config()
        config.CourseDirectory.db_url = self.db_url
        config.Execute.timeout = settings["timeout_cell"]
        config.Execute.startup_timeout = 60
        config.OverwriteCells.add_missing_cells = True
        config.Autograde.autograde_preprocessors = [
            PooledExecute if pp == "Execute" else pp for pp in settings["autograde_preprocessors"]
        ]
        self.api = NbGraderAPI(coursedir=CourseDirectory(config=config), config=config)
        self.course, self.settings = course, settings

    def grades(self, exam: str, trainee: str) -> dict[str, Any]:
        """What merge.merge_success copies into the real gradebook."""
        from nbgrader.api import Gradebook

        with Gradebook(self.db_url, self.course.course_id) as private:
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
        result["findings"] = _findings(course, exam, folder)

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
        validator.validate(instance)

    class _Jsonschema:  # what common.py uses of the jsonschema module
        ValidationError = jsonschema.ValidationError

    _Jsonschema.validate = staticmethod(validate)  # type: ignore[attr-defined]
    common.jsonschema = _Jsonschema


def main() -> int:
    global POOL
    # nbgrader and kernels may print; results go on a pipe of their own.
    results = os.fdopen(os.dup(1), "w", encoding="utf-8", buffering=1)
    os.dup2(2, 1)
    prepare_nbgrader()
    _reuse_metadata_validators()
    os.environ["NBGRADER_EXECUTION"] = "autograde"
    settings = json.loads(sys.stdin.readline())
    course = Course.from_directory(Path(settings["course_dir"]))
    scratch = Path(tempfile.mkdtemp(prefix="frontline-worker-", dir=settings["scratch"]))
    POOL = KernelPool(settings, scratch)
    try:
        grader = Grader(course, settings, scratch)
        POOL.spare = POOL.start()
        results.write(json.dumps({"ready": True}) + "\n")
        for line in sys.stdin:
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


if __name__ == "__main__":
    sys.exit(main())
