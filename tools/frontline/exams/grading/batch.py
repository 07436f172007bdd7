"""`frontline exams grade`: every submission of an exam, graded in parallel and sandboxed.

How the gradebook is written, and why: the workers (grade_worker.py, one per core)
run nbgrader's own Autograde converter, each against its own private SQLite copy of
the exam's rows (assignment, notebooks, cells: no grades), and send the grades back
in their result line. Only this process writes the real gradebook, one submission
at a time, through nbgrader's Gradebook API. So:
- SQLite never sees two writers (no "database is locked", no retry loops), and
  PostgreSQL gets the same short transactions;
- a submission whose grading fails or is killed leaves nothing half-written in the
  real gradebook, and an earlier grading (with the trainer's marks) stays in place;
- the gradebook is opened once per batch, not a dozen times per submission.
The merge does what nbgrader's SaveAutoGrades does (auto score, needs-manual-grade,
auto comment) and never touches manual scores or trainer comments.
"""

from __future__ import annotations

import contextlib
import os
import selectors
import shutil
import tempfile
import time
import warnings
from collections.abc import Callable, Generator
from dataclasses import dataclass
from pathlib import Path

from frontline.core.course import Course, prepare_nbgrader
from frontline.core.errors import FrontlineError
from frontline.exams.grading.pipeline import StepFailed, submitted_trainees
from frontline.exams.grading.protocol import Job, JobResult, NotGraded, Ready, WorkerConfig
from frontline.exams.grading.results import GradeReport, SubmissionResult
from frontline.exams.grading.sandbox import Sandbox, require_available, select_sandbox
from frontline.exams.grading.worker_procs import WorkerProcess, start_workers

__all__ = ["GradeOptions", "GradeReport", "Progress", "SubmissionResult", "grade_exam"]

# Nothing heavy (nbgrader, SQLAlchemy, nbformat) is imported at module level: the
# workers are started before this process imports any of it (see grade_exam).

# Submission tables stay out of a worker's private copy of the gradebook.
_SUBMISSION_TABLES = {"submitted_assignment", "submitted_notebook", "grade", "comment", "student"}
# What a worker may take beyond the submission time limit before it is killed.
_GRACE_SECONDS = 30.0


@dataclass(frozen=True)
class GradeOptions:
    workers: int = 0  # 0: one per core
    sandbox: bool = True
    timeout_cell: float = 60.0
    timeout_submission: float = 600.0
    trainees: tuple[str, ...] = ()


Progress = Callable[[int, int, SubmissionResult], None]


def _template_db(course: Course, exam: str, path: Path) -> None:
    """A SQLite file with the course's assignments and cells, and no submission."""
    import sqlalchemy as sa
    from nbgrader.api import Base

    source = sa.create_engine(course.db_url)
    target = sa.create_engine(f"sqlite:///{path}")
    try:
        Base.metadata.create_all(target)
        with source.connect() as src, target.begin() as dst:
            names = set(sa.inspect(src).get_table_names())
            if (
                "assignment" not in names
                or not src.execute(
                    sa.text("SELECT 1 FROM assignment WHERE name = :n AND course_id = :c"),
                    {"n": exam, "c": course.course_id},
                ).first()
            ):
                raise StepFailed(
                    f"{exam} is not in the gradebook; run `frontline exams build {exam}`"
                )
            for table in Base.metadata.sorted_tables:
                if table.name in _SUBMISSION_TABLES:
                    continue
                rows = [dict(r._mapping) for r in src.execute(table.select())]
                if rows:
                    dst.execute(table.insert(), rows)
            # An existing schema version: nbgrader then skips its `alembic` subprocess.
            dst.execute(sa.text("CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL)"))
            if "alembic_version" in names:
                version = src.execute(sa.text("SELECT version_num FROM alembic_version")).scalar()
                dst.execute(sa.text("INSERT INTO alembic_version VALUES (:v)"), {"v": version})
    finally:
        source.dispose()
        target.dispose()


def _run_workers(
    config: WorkerConfig,
    jobs: list[str],
    started: list[WorkerProcess],
    scratch: Path,
    limit: float,
) -> Generator[JobResult, None, None]:
    """Hand jobs to the `started` workers (spawning replacements for any that die);
    yield each result as it arrives (in any order)."""
    pending = list(reversed(jobs))
    selector = selectors.DefaultSelector()
    workers: list[WorkerProcess] = []
    # Idle workers are told to end at once but waited for only at the end: waiting
    # for one to exit would hold up the results of the others.
    ending: list[WorkerProcess] = []
    spawned = len(started)

    def spawn(worker: WorkerProcess | None = None) -> None:
        nonlocal spawned
        if worker is None:
            worker = start_workers(1, scratch, first_index=spawned)[0]
            spawned += 1
        workers.append(worker)
        selector.register(worker.results_fd, selectors.EVENT_READ, worker)
        # A worker that died while importing is reported below, with its log.
        with contextlib.suppress(BrokenPipeError):
            worker.configure(config)

    def retire(worker: WorkerProcess) -> None:
        """Kill a worker that died, hung or is left over from an error."""
        selector.unregister(worker.results_fd)
        workers.remove(worker)
        worker.kill()

    try:
        for worker in started:
            spawn(worker)
        while pending or any(w.job for w in workers):
            for key, _ in selector.select(timeout=1.0):
                worker = key.data
                if worker not in workers:
                    continue
                messages = worker.read()
                if messages is None:  # the worker died (out of memory, a bug): its job is lost
                    if not worker.ready:  # it never started: respawning would loop
                        retire(worker)
                        raise FrontlineError(
                            f"a grading worker could not start:\n{_log_tail(worker, scratch)}"
                        )
                    job, worker.job = worker.job, None
                    retire(worker)
                    if job is not None:
                        yield NotGraded(
                            job, f"the grading process stopped ({worker.exit_status()})"
                        )
                    if pending:
                        spawn()
                    continue
                for message in messages:
                    if isinstance(message, Ready):
                        worker.ready = True
                    else:
                        worker.job = None
                        yield message
                    if pending:
                        # The other workers started their jobs earlier and so take the
                        # next ones first: a spare kernel here is only used if enough remain.
                        trainee = pending.pop()
                        try:
                            worker.send(Job(trainee, spare=len(pending) >= len(workers)))
                        except BrokenPipeError:
                            # It died after its last result; its end is read next, and
                            # the job, never started, goes to the replacement.
                            worker.job = None
                            pending.append(trainee)
            for worker in list(workers):
                if worker.job and time.monotonic() - worker.since > limit + _GRACE_SECONDS:
                    job = worker.job
                    retire(worker)
                    yield NotGraded.out_of_time(job, limit)
                    if pending:
                        spawn()
            if not pending:
                for worker in [w for w in workers if not w.job]:
                    selector.unregister(worker.results_fd)
                    workers.remove(worker)
                    worker.end_input()
                    ending.append(worker)
    finally:
        for worker in list(workers):
            retire(worker)
        for worker in ending:
            worker.stop()


def _log_tail(worker: WorkerProcess, scratch: Path) -> str:
    """The end of what a worker that failed to start wrote. A worker forked by the host
    logs to its own file; before the fork (a failed import) only the host's log exists."""
    for log in (worker.log_path, scratch / "worker-0.log"):
        with contextlib.suppress(OSError):
            tail = log.read_text(errors="replace").strip()[-1500:]
            if tail:
                return tail
    return "(it wrote nothing)"


def grade_exam(
    course: Course, exam: str, options: GradeOptions, progress: Progress | None = None
) -> GradeReport:
    """Grade every (or the chosen) submitted copy of `exam`; see the module docstring."""
    prepare_nbgrader()
    started_at = time.perf_counter()
    trainees = submitted_trainees(course, exam)
    if options.trainees:
        unknown = sorted(set(options.trainees) - set(trainees))
        if unknown:
            raise FrontlineError(
                f"no submission of {exam} from {', '.join(unknown)} in {course.submitted}; "
                f"run `frontline exams collect {exam}` first"
            )
        trainees = [t for t in trainees if t in set(options.trainees)]
    sandbox = select_sandbox(options.sandbox)
    require_available(sandbox)
    if not (course.release / exam).is_dir():
        raise FrontlineError(
            f"{course.release / exam} is missing; run `frontline exams build {exam}`"
        )
    count = options.workers or os.cpu_count() or 1
    results: list[SubmissionResult] = []
    with tempfile.TemporaryDirectory(prefix="frontline-grade-", dir=_scratch_root()) as tmp:
        scratch = Path(tmp)
        # Workers import nbgrader (a second or so) while this process does the same and
        # prepares: so nothing heavy is imported here before they are started.
        started = start_workers(min(count, len(trainees)), scratch) if trainees else []
        try:
            from nbgrader.api import Gradebook

            from frontline.exams.grading.flags import ensure_table
            from frontline.exams.grading.merge import merge
            from frontline.exams.grading.patches import require_internals

            require_internals()  # the workers patch these; never grade on a changed one
            _remove_stale_socket_folders(course)

            config = _worker_config(course, exam, options, sandbox, scratch)
            with Gradebook(course.db_url, course.course_id) as gradebook:
                ensure_table(gradebook.engine)
                stream = _run_workers(
                    config, trainees, started, scratch, options.timeout_submission
                )
                # Closed even when a merge fails, so its workers are stopped before
                # their scratch folder goes.
                with contextlib.closing(stream):
                    for graded in stream:
                        with warnings.catch_warnings():
                            # nbgrader 0.9 adds ORM objects in an order SQLAlchemy 2.x warns
                            # about ("not in session, add operation ... will not proceed");
                            # the rows are written correctly, and the warning is nbgrader's.
                            warnings.filterwarnings("ignore", message=".*not in session.*")
                            result = merge(gradebook, course, exam, graded)
                        results.append(result)
                        if progress:
                            progress(len(results), len(trainees), result)
        finally:
            for worker in started:  # any the batch never took over (an error before)
                if not worker.closed:
                    worker.kill()
    results.sort(key=lambda r: r.trainee_id)
    counts = {
        "graded": sum(r.graded and not r.flags for r in results),
        "flagged": sum(r.flagged for r in results),
        "not_graded": sum(not r.graded for r in results),
    }
    return GradeReport(
        exam, tuple(results), time.perf_counter() - started_at, count, options.sandbox, counts
    )


def _worker_config(
    course: Course, exam: str, options: GradeOptions, sandbox: Sandbox, scratch: Path
) -> WorkerConfig:
    """What every worker is told first."""
    template = scratch / "template.db"
    _template_db(course, exam, template)
    return WorkerConfig(
        course_dir=course.root,
        exam=exam,
        template_db=template,
        scratch=scratch,
        sandbox=sandbox.for_course([course.root, *_db_files(course.db_url)]),
        timeout_cell=int(options.timeout_cell),
        timeout_submission=float(options.timeout_submission),
        autograde_preprocessors=tuple(_autograde_preprocessors(course)),
        sanitize_preprocessors=tuple(_sanitize_preprocessors(course)),
    )


def _remove_stale_socket_folders(course: Course) -> None:
    """Delete the kernel socket folders of processes that have ended.

    The course config gives every process that loads it a socket folder of its own,
    named by its pid (exams/nbgrader_config.py: graders side by side must never pick
    the same socket file); this is where the folders of ended processes go, once per
    grading rather than at every load of the config.
    """
    prefix = course.nbgrader_config().KernelManager.get("ip")
    own = Path(str(prefix)).parent if prefix else None
    if own is None or own.name != str(os.getpid()) or not own.parent.is_dir():
        return  # a course that does not keep a socket folder per process
    for old in own.parent.iterdir():
        if old.name.isdigit() and old != own:
            try:
                os.kill(int(old.name), 0)
            except ProcessLookupError:
                shutil.rmtree(old, ignore_errors=True)
            except PermissionError:
                pass


def _scratch_root() -> str | None:
    """Memory-backed /dev/shm where there is one: nbgrader commits to the private
    gradebooks some 40 times per submission, and each commit on disk waits for fsync."""
    shm = Path("/dev/shm")
    return str(shm) if shm.is_dir() and os.access(shm, os.W_OK | os.X_OK) else None


def _autograde_preprocessors(course: Course) -> list[str]:
    """nbgrader's autograde steps by name (the course config's list, or nbgrader's default)."""
    from nbgrader.converters import Autograde

    configured = course.nbgrader_config().Autograde.get("autograde_preprocessors")
    steps = configured if configured else Autograde().autograde_preprocessors
    names = []
    for step in steps:
        name = step if isinstance(step, str) else f"{step.__module__}.{step.__name__}"
        names.append("Execute" if name.rsplit(".", 1)[-1] == "Execute" else name)
    return names


def _sanitize_preprocessors(course: Course) -> list[str]:
    """nbgrader's sanitize steps by name (the course config's list, or nbgrader's default),
    with Frontline's RepairForRestore just before OverwriteCells: any course's tampered
    submissions are then graded against the original cells instead of failing."""
    from nbgrader.converters import Autograde

    from frontline.exams.grading.nbgrader_plugins import REPAIR_STEP

    configured = course.nbgrader_config().Autograde.get("sanitize_preprocessors")
    steps = configured if configured else Autograde().sanitize_preprocessors
    names = [
        step if isinstance(step, str) else f"{step.__module__}.{step.__name__}" for step in steps
    ]
    if REPAIR_STEP not in names:
        at = next(
            (i for i, n in enumerate(names) if n.rsplit(".", 1)[-1] == "OverwriteCells"),
            len(names),
        )
        names.insert(at, REPAIR_STEP)
    return names


def _db_files(db_url: str) -> list[Path]:
    if db_url.startswith("sqlite:///"):
        return [Path(db_url.removeprefix("sqlite:///")).resolve().parent]
    return []
