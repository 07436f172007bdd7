"""Grading a cohort through `frontline` vs plain `nbgrader autograde`, in the same run.

Builds a temporary course with N simulated submissions of the etiquette exam, grades
them once with the plain nbgrader command line and once through Frontline's
pipeline (per-trainee autograde with checks), checks both give the same scores and
prints the throughput ratio.
"""

from __future__ import annotations

import argparse
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from frontline.course import REPO_ROOT, Course
from frontline.demo import simulate_answers
from frontline.exams import pipeline
from frontline.exams.answers import ANSWERS_FILE, AnswerSheet, save_sheet
from frontline.exams.keys import read_exam_key
from frontline.exams.questions import load_questions
from frontline.gradebook import exam_totals, item_grades

EXAM = "etiquette-theory"


def make_cohort(base: Path, size: int) -> Course:
    course_dir = base / "exams"
    (course_dir / "source").mkdir(parents=True)
    (base / "gradebook").mkdir()
    shutil.copy(REPO_ROOT / "exams" / "nbgrader_config.py", course_dir)
    shutil.copytree(REPO_ROOT / "exams" / "source" / EXAM, course_dir / "source" / EXAM)
    course = Course.from_directory(course_dir)
    pipeline.build(course, EXAM)
    pipeline.release(course, EXAM)
    bank = load_questions(course.release / EXAM / "questions.yml")
    key = read_exam_key(course.source / EXAM / f"{EXAM}.ipynb")
    for i in range(size):
        trainee = f"b{i:03d}"
        home = base / "homes" / trainee
        folder = pipeline.fetch(course, EXAM, trainee, home)
        rng = random.Random(i)
        answers = simulate_answers(bank, key, 0.3 + 0.7 * i / max(1, size - 1), rng)
        save_sheet(folder / ANSWERS_FILE, AnswerSheet(EXAM, trainee, answers=answers))
        pipeline.submit(course, EXAM, trainee, home)
    pipeline.collect(course, EXAM)
    return course


def totals(course: Course) -> dict[str, float]:
    frame = exam_totals(item_grades(course, [EXAM]))
    return {str(r.trainee_id): round(float(r.score), 4) for r in frame.itertuples(index=False)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--submissions", type=int, default=8)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        course = make_cohort(Path(tmp), args.submissions)
        nbgrader = Path(sys.executable).parent / "nbgrader"
        start = time.perf_counter()
        subprocess.run(
            [str(nbgrader), "autograde", EXAM, "--force"],
            cwd=course.root,
            check=True,
            capture_output=True,
        )
        plain = time.perf_counter() - start
        plain_scores = totals(course)

        start = time.perf_counter()
        outcomes = [
            pipeline.autograde(course, EXAM, t) for t in pipeline.submitted_trainees(course, EXAM)
        ]
        ours = time.perf_counter() - start
        our_scores = totals(course)

    assert all(o.graded for o in outcomes), outcomes
    assert plain_scores == our_scores, "the two gradings disagree"
    n = args.submissions
    print(f"plain nbgrader autograde : {plain:6.1f} s for {n} submissions ({n / plain:.2f}/s)")
    print(f"frontline autograde      : {ours:6.1f} s for {n} submissions ({n / ours:.2f}/s)")
    print(f"throughput ratio (frontline / nbgrader): {plain / ours:.2f}; scores identical")


if __name__ == "__main__":
    main()
