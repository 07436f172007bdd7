"""`frontline exams author | feedback | retake`: exam content, feedback and retakes.

Registered into the `frontline exams` group by `add_review_commands`; heavy imports
stay inside each command so `frontline --help` answers at once.
"""

from __future__ import annotations

import argparse

from frontline.exams.cli.pipeline import course_dir_option, course_of


def _cmd_author(args: argparse.Namespace) -> int:
    from frontline.exams.authoring.notebook import write_exam_notebook

    course = course_of(args)
    for exam in args.exam:
        path = write_exam_notebook(course.root, exam)
        print(f"wrote {path}")
    print(f"{len(args.exam)} exam notebook(s) written; build them with `frontline exams build`")
    return 0


def _cmd_feedback(args: argparse.Namespace) -> int:
    from frontline.exams.feedback.theory import generate_feedback

    result = generate_feedback(course_of(args), args.exam)
    for index, (trainee, page) in enumerate(sorted(result.pages.items()), start=1):
        print(f"[{index}/{len(result.pages)}] {trainee}: {page}")
    print(
        f"feedback for {len(result.pages)} trainee(s) of {args.exam}; "
        f"hand it out with `nbgrader release_feedback {args.exam}` or formgrader"
    )
    return 0


def _cmd_retake(args: argparse.Namespace) -> int:
    from frontline.exams.authoring.retake import make_retake
    from frontline.exams.grading import pipeline

    course = course_of(args)
    retake = make_retake(course, args.exam)
    print(f"wrote {course.source / retake.exam_id}/ (retake {retake.number} of {retake.retake_of})")
    print("question order: " + " ".join(retake.question_order))
    if not args.no_build:
        pipeline.build(course, retake.exam_id)
        print(f"built {retake.exam_id}; release it with `frontline exams release {retake.exam_id}`")
    return 0


def add_review_commands(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    author = subparsers.add_parser(
        "author",
        help="write an exam's source notebook from questions.yml and trainer/EXAM.yml",
        description="Write exams/source/EXAM/EXAM.ipynb (locked cells, hidden tests, "
        "marking guides) from the exam's questions.yml and its trainer file "
        "exams/trainer/EXAM.yml, which holds keys, points and explanations.",
    )
    author.add_argument("exam", nargs="+", help="exam id(s), e.g. complaints-theory")
    course_dir_option(author)
    author.set_defaults(func=_cmd_author)

    feedback = subparsers.add_parser(
        "feedback",
        help="per-trainee feedback pages: score per item and explanations, no keys",
        description="Run nbgrader's generate_feedback, then write for each graded trainee "
        "feedback/TRAINEE/EXAM/EXAM.html with their score on every item, their answer "
        "and the explanation from exams/trainer/EXAM.yml (zh and en).",
    )
    feedback.add_argument("exam", help="exam id")
    course_dir_option(feedback)
    feedback.set_defaults(func=_cmd_feedback)

    retake = subparsers.add_parser(
        "retake",
        help="make EXAM-retake-N: same questions, new order and option shuffle; build it",
        description="Write exams/source/EXAM-retake-N/ with the questions of EXAM in a new "
        "order (options are shuffled anew, the exam id being the salt), record it in the "
        "gradebook as a retake of EXAM (table frontline_retake) and build it.",
    )
    retake.add_argument("exam", help="the original exam id")
    retake.add_argument("--no-build", action="store_true", help="only write and record it")
    course_dir_option(retake)
    retake.set_defaults(func=_cmd_retake)
