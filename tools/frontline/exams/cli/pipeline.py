"""`frontline exams build|release|collect|grade`: the trainer's exam cycle over nbgrader.

Each command works on the same course folder and gradebook as nbgrader's own
command line and formgrader. Only argparse is imported at module level, so
`frontline --help` stays fast.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from frontline.core.course import DEFAULT_COURSE_DIR

if TYPE_CHECKING:
    from frontline.exams.grading.batch import GradeReport, SubmissionResult


def course_dir_option(parser: argparse.ArgumentParser) -> None:
    """The --course-dir option every `frontline exams` command takes."""
    parser.add_argument(
        "--course-dir",
        type=Path,
        default=DEFAULT_COURSE_DIR,
        help="nbgrader course folder (default: exams/)",
    )


def course_of(args: argparse.Namespace) -> Any:
    from frontline.core.course import Course

    return Course.from_directory(args.course_dir)


def _cmd_build(args: argparse.Namespace) -> int:
    from frontline.exams.grading import pipeline

    course = course_of(args)
    pipeline.build(course, args.exam)
    print(f"built {args.exam} into {course.release / args.exam} (keys and marking guides removed)")
    return 0


def _cmd_release(args: argparse.Namespace) -> int:
    from frontline.exams.grading import pipeline

    course = course_of(args)
    pipeline.release(course, args.exam)
    print(f"released {args.exam} to the exchange at {course.exchange}")
    return 0


def _cmd_collect(args: argparse.Namespace) -> int:
    from frontline.exams.grading import pipeline

    course = course_of(args)
    pipeline.collect(course, args.exam)
    trainees = pipeline.submitted_trainees(course, args.exam)
    print(f"collected {args.exam}: {len(trainees)} submission(s) in {course.submitted}")
    return 0


def _progress(done: int, total: int, result: SubmissionResult) -> None:
    width = 24
    filled = width * done // max(total, 1)
    if not result.graded:
        state = "not graded"
    elif result.flags:
        state = f"flagged ({len(result.flags)})"
    else:
        state = "graded"
    bar = "#" * filled + "-" * (width - filled)
    print(f"[{bar}] {done}/{total}  {result.trainee_id}: {state}", file=sys.stderr, flush=True)


def _print_summary(report: GradeReport) -> None:
    from frontline.core.textable import render_table

    rows = []
    for r in report.results:
        if r.graded:
            score = f"{r.score:g}/{r.max_score:g}"
            state = "flagged" if r.flags else "graded"
        else:
            score = "-"
            state = "kept earlier grades" if r.kept_earlier else "not graded"
        notes = "; ".join(f.kind + (f" {f.cell}" if f.cell else "") for f in r.flags)
        if not r.graded:
            notes = f"not graded: {r.reason}" + (f"; {notes}" if notes else "")
        rows.append([r.trainee_id, score, state, notes])
    print(render_table(["trainee", "score", "state", "flags / reason"], rows))
    c = report.counts
    sandbox = "sandboxed (bubblewrap)" if report.sandbox else "NOT sandboxed"
    print(
        f"{report.exam}: {c['graded']} graded, {c['flagged']} flagged, "
        f"{c['not_graded']} not graded, in {report.seconds:.1f} s with "
        f"{report.workers} worker(s), {sandbox}"
    )


def _cmd_grade(args: argparse.Namespace) -> int:
    from frontline.core.lean_imports import skip_unused_imports

    skip_unused_imports()
    from frontline.exams.grading.batch import GradeOptions, grade_exam

    course = course_of(args)
    if args.no_sandbox:
        print(
            "WARNING: --no-sandbox: submissions run with your own rights, network and files",
            file=sys.stderr,
        )
    options = GradeOptions(
        workers=args.workers,
        sandbox=not args.no_sandbox,
        timeout_cell=args.timeout_cell,
        timeout_submission=args.timeout_submission,
        trainees=tuple(args.trainee or ()),
    )
    report = grade_exam(course, args.exam, options, progress=_progress)
    _print_summary(report)
    return 1 if report.counts["not_graded"] else 0


def _positive(text: str) -> float:
    value = float(text)
    if value <= 0:
        raise argparse.ArgumentTypeError(f"must be above 0, got {text}")
    return value


def add_pipeline_commands(subparsers: Any) -> None:
    """Register build, release, collect and grade under `frontline exams`."""
    for name, func, summary in (
        ("build", _cmd_build, "nbgrader generate_assignment: the released copy, without keys"),
        ("release", _cmd_release, "release a built exam to the exchange for trainees to fetch"),
        ("collect", _cmd_collect, "collect submitted exams from the exchange into submitted/"),
    ):
        parser = subparsers.add_parser(name, help=summary, description=summary)
        parser.add_argument("exam", help="exam id (a folder in source/)")
        course_dir_option(parser)
        parser.set_defaults(func=func)

    grade = subparsers.add_parser(
        "grade",
        help="autograde every submission in parallel, sandboxed, with tamper flags",
        description="Autograde the collected submissions of EXAM with nbgrader, in parallel, "
        "each notebook in a fresh sandboxed kernel (bubblewrap: no network, no files but its "
        "own submission). Broken submissions are reported 'not graded' (never zero); tampered "
        "ones are graded against the original cells and flagged in the gradebook.",
    )
    grade.add_argument("exam", help="exam id")
    course_dir_option(grade)
    grade.add_argument(
        "--workers",
        type=int,
        default=os.cpu_count() or 1,
        help="submissions graded at once (default: number of cores, %(default)s here)",
    )
    grade.add_argument(
        "--no-sandbox",
        action="store_true",
        help="run kernels without bubblewrap (only where bwrap is not available)",
    )
    grade.add_argument(
        "--timeout-cell",
        type=_positive,
        default=60.0,
        metavar="S",
        help="seconds a cell may run (default: %(default)g)",
    )
    grade.add_argument(
        "--timeout-submission",
        type=_positive,
        default=600.0,
        metavar="S",
        help="seconds one submission may take in all (default: %(default)g)",
    )
    grade.add_argument(
        "--trainee",
        nargs="+",
        metavar="ID",
        help="grade only these trainees' submissions",
    )
    grade.set_defaults(func=_cmd_grade)
