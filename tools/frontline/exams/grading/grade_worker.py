"""One grading worker: a long-lived process that runs nbgrader's autograde per submission.

Started by `frontline.exams.grading.batch` (one per core; the first forks the others, see
worker_procs). It imports nbgrader once and keeps the next sandboxed kernel
already booting while the current submission runs, which is where most of a plain
`nbgrader autograde` run's time per submission goes.

Each submission is graded by nbgrader's own Autograde converter against a private
SQLite copy of the exam's rows (see batch.py for why); the parent merges the result
into the real gradebook. What goes over the pipes is protocol.py's: a `WorkerConfig`
first, then one `Job` per line in; `Hello`, `Ready`, then one `Graded` or `NotGraded`
per job out.
"""

from __future__ import annotations

import contextlib
import functools
import gc
import json
import os
import shutil
import sys
import tempfile
import threading
import time
import traceback
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import nbformat
import nbgrader.api
from nbgrader.apps import NbGraderAPI
from nbgrader.coursedir import CourseDirectory

from frontline.core.course import Course, prepare_nbgrader
from frontline.core.errors import InputFileError
from frontline.exams.grading.kernel_pool import KernelPool
from frontline.exams.grading.patches import (
    pooled_execute,
    require_internals,
    reuse_metadata_validators,
    share_engine,
)
from frontline.exams.grading.pipeline import failure_reason
from frontline.exams.grading.protocol import (
    CellComment,
    CellGrade,
    Graded,
    Hello,
    Job,
    JobResult,
    NotebookGrades,
    NotGraded,
    Ready,
    WorkerConfig,
)
from frontline.exams.grading.recorded import recorded_copy, recorded_store
from frontline.exams.grading.red_lines import red_line_findings
from frontline.exams.grading.tamper import (
    Finding,
    answers_problem,
    tamper_findings,
    variant_findings,
)
from frontline.exams.model.answers import ANSWERS_FILE
from frontline.exams.model.bank import QuestionBank
from frontline.exams.model.questions import QUESTIONS_FILE, load_questions


def unreadable_notebook(folder: Path) -> str | None:
    """Why a submitted folder cannot be graded at all, or None if it can."""
    notebooks = sorted(folder.glob("*.ipynb"))
    if not notebooks:
        return "no notebook in the submission"
    for path in notebooks:
        try:
            text = path.read_text(encoding="utf-8")
            json.loads(text)
        except UnicodeDecodeError:
            return f"{path.name} is not UTF-8 text"
        except json.JSONDecodeError as exc:
            return (
                f"{path.name} is not valid notebook JSON ({exc.msg}: line {exc.lineno}, "
                f"column {exc.colno}); the file is damaged or cut short"
            )
        try:
            nbformat.reads(text, as_version=4)
        except Exception as exc:  # nbformat signals bad files with many exception types
            return f"{path.name} cannot be read as a notebook ({type(exc).__name__}: {exc})"
    return None


def _findings(
    course: Course, exam: str, folder: Path, added_code_runs: bool, trainee: str
) -> tuple[Finding, ...]:
    found: list[Finding] = []
    released_notebooks = sorted((course.release / exam).glob("*.ipynb"))
    for released in released_notebooks:
        # Grade ids are unique within a notebook only: name the notebook when there are several.
        where = f"{released.stem}: " if len(released_notebooks) > 1 else ""
        submitted = folder / released.name
        if not submitted.is_file():
            found.append(Finding("deleted", released.name, "notebook not in the submission"))
            continue
        original = json.loads(released.read_text(encoding="utf-8"))
        sent = json.loads(submitted.read_text(encoding="utf-8"))
        for f in tamper_findings(original, sent, added_code_runs=added_code_runs):
            found.append(Finding(f.kind, where + f.cell, f.detail))
    answers = folder / ANSWERS_FILE
    text = answers.read_text(encoding="utf-8", errors="replace") if answers.is_file() else None
    problem = answers_problem(text)
    if problem:
        found.append(Finding("answers_unreadable", ANSWERS_FILE, problem))
    bank = _bank(course.source / exam / QUESTIONS_FILE)
    if bank is not None:
        found.extend(variant_findings(bank, text, trainee, exam))
    return tuple(found)


@functools.lru_cache(maxsize=4)
def _bank(path: Path) -> QuestionBank | None:
    """The exam's questions (trainer's source copy), read once per worker; None for an
    nbgrader course without a questions file."""
    if not path.is_file():
        return None
    try:
        return load_questions(path)
    except InputFileError:
        return None


@contextlib.contextmanager
def _submitted_from(coursedir: CourseDirectory, folder: Path | None) -> Iterator[None]:
    """nbgrader reads submissions from `folder` (absolute: its path join drops the
    course root) for one autograde; nothing changes when `folder` is None."""
    if folder is None:
        yield
        return
    before = coursedir.submitted_directory
    coursedir.submitted_directory = str(folder)
    try:
        yield
    finally:
        coursedir.submitted_directory = before


class Grader:
    """nbgrader's API for one worker, against the worker's own private gradebook.

    One private SQLite file per worker (a copy of the exam's rows; submissions of
    different trainees do not touch each other's rows), and one SQLAlchemy engine
    for it (patches.share_engine). Notebooks run on the worker's kernel pool
    (patches.pooled_execute). The grades go back to the parent in the result line,
    so it never opens this file.
    """

    def __init__(
        self, course: Course, config: WorkerConfig, pool: KernelPool, scratch: Path
    ) -> None:
        db = scratch / "private.db"
        shutil.copy(config.template_db, db)
        self.db_url = f"sqlite:///{db}"
        share_engine(self.db_url)
        execute = pooled_execute(pool)
        nbconfig = course.nbgrader_config()
        nbconfig.CourseDirectory.db_url = self.db_url
        nbconfig.Execute.timeout = config.timeout_cell
        nbconfig.Execute.startup_timeout = 60
        nbconfig.OverwriteCells.add_missing_cells = True
        nbconfig.Autograde.sanitize_preprocessors = list(config.sanitize_preprocessors)
        nbconfig.Autograde.autograde_preprocessors = [
            execute if pp == "Execute" else pp for pp in config.autograde_preprocessors
        ]
        self.api = NbGraderAPI(coursedir=CourseDirectory(config=nbconfig), config=nbconfig)
        self.course, self.config, self.pool = course, config, pool
        self.scratch = scratch

    def grades(self, trainee: str) -> tuple[datetime | None, tuple[NotebookGrades, ...]]:
        """The submission's time and grades, as nbgrader saved them in the private gradebook."""
        with nbgrader.api.Gradebook(self.db_url, self.course.course_id) as private:
            graded = private.find_submission(self.config.exam, trainee)
            return graded.timestamp, tuple(
                NotebookGrades(
                    nb.name,
                    nb.late_submission_penalty,
                    tuple(CellGrade(g.name, g.auto_score, g.max_score) for g in nb.grades),
                    tuple(CellComment(c.name, c.auto_comment) for c in nb.comments),
                )
                for nb in graded.notebooks
            )

    def grade(self, trainee: str) -> JobResult:
        course, config = self.course, self.config
        started = time.perf_counter()
        folder = course.submitted / trainee / config.exam
        problem = unreadable_notebook(folder)
        if problem:
            return NotGraded(trainee, problem)
        findings = _findings(
            course, config.exam, folder, added_code_runs=not config.drops_added_code,
            trainee=trainee,
        )
        # On the hub, role-plays are graded from the server's record: autograde reads a
        # copy of the submission holding the recorded plays (see recorded.py).
        store = recorded_store()
        copies = self.scratch / "recorded-submissions"
        graded_from = folder
        if store is not None:
            graded_from = copies / trainee / config.exam
            findings += recorded_copy(folder, graded_from, store, trainee, config.exam)

        timed_out = threading.Event()

        def _deadline() -> None:
            timed_out.set()
            self.pool.kill_current()

        timer = threading.Timer(config.timeout_submission, _deadline)
        timer.start()
        try:
            with _submitted_from(self.api.coursedir, copies if store is not None else None):
                outcome = self.api.autograde(config.exam, trainee, force=True)
        finally:
            timer.cancel()
        if timed_out.is_set():
            return NotGraded.out_of_time(trainee, config.timeout_submission, findings)
        if not outcome.get("success"):
            return NotGraded(trainee, failure_reason(outcome), findings)
        submitted_at, notebooks = self.grades(trainee)
        # After the grades, so a red line never stops a submission from being graded.
        findings += red_line_findings(course.source / config.exam, graded_from)
        if graded_from != folder:
            shutil.rmtree(graded_from, ignore_errors=True)
        seconds = round(time.perf_counter() - started, 3)
        return Graded(trainee, findings, submitted_at, notebooks, seconds)


def host(plan_json: str) -> int:
    """The first worker process: fork the batch's other workers, then be worker 0.

    `plan_json` lists, per worker, the file descriptors of its jobs and results pipes
    and its log file (see worker_procs). Everything heavy is imported by now, and
    there is no thread, event loop or zmq context yet, so the forks start clean.
    """
    plan: list[dict[str, Any]] = json.loads(plan_json)
    prepare_nbgrader()
    # Every patch checks the internals it relies on; checked here once, before the
    # forks, they are not read again in each worker.
    require_internals()
    reuse_metadata_validators()
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
    """One worker: its configuration first, then one job per line, one result line each."""
    results = os.fdopen(slot["results"], "w", encoding="utf-8", buffering=1)
    jobs = os.fdopen(slot["jobs"], "r", encoding="utf-8")
    # nbgrader and kernels may print: into this worker's log, never into the results.
    log = os.open(slot["log"], os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    os.dup2(log, 1)
    os.dup2(log, 2)
    os.close(log)
    results.write(Hello(os.getpid()).to_json() + "\n")
    os.environ["NBGRADER_EXECUTION"] = "autograde"
    first = jobs.readline()
    if not first:  # the batch ended (or failed) before it needed this worker
        return 0
    config = WorkerConfig.from_json(first)
    course = Course.from_directory(config.course_dir)
    scratch = Path(tempfile.mkdtemp(prefix="frontline-worker-", dir=config.scratch))
    pool = KernelPool(config.sandbox, scratch)
    try:
        grader = Grader(course, config, pool, scratch)
        pool.spare = pool.start()
        results.write(Ready().to_json() + "\n")
        for line in jobs:
            job = Job.from_json(line)
            pool.boot_spare = job.spare
            result: JobResult
            try:
                result = grader.grade(job.trainee)
            except Exception as exc:  # one submission must never stop the worker
                result = NotGraded(job.trainee, f"{type(exc).__name__}: {exc}"[:300])
            results.write(result.to_json() + "\n")
    finally:
        pool.close()
    return 0
