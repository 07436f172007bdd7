"""`frontline exams grade` vs plain sequential `nbgrader autograde`, in the same run.

Builds a temporary course with N submissions of the etiquette exam (simulated
trainees of every skill level, through the real exchange), grades them once with
the plain nbgrader command line and once with `frontline exams grade` (sandbox on
unless bubblewrap cannot work here), checks both give the same scores, and prints the
throughput ratio. Then the CLI start-up ratio (bench/cli_startup.py).
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from frontline.core.course import REPO_ROOT, Course
from frontline.demo.cohort import simulate_answers
from frontline.exams.authoring.notebook import load_exam_data
from frontline.exams.grading import pipeline
from frontline.exams.grading.sandbox import select_sandbox
from frontline.exams.model.answers import ANSWERS_FILE, AnswerSheet, save_sheet
from frontline.exams.model.questions import load_questions
from frontline.hr.inputs.gradebook import exam_totals, item_grades

EXAM = "etiquette-theory"
BIN = Path(sys.executable).parent


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
    _, key = load_exam_data(REPO_ROOT / "exams", EXAM)  # the trainer file: the key
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


def reset_grades(course: Course) -> None:
    """Forget the first grading, so the second starts from the same empty gradebook."""
    from nbgrader.api import Gradebook

    with Gradebook(course.db_url, course.course_id) as gradebook:
        for trainee in pipeline.submitted_trainees(course, EXAM):
            gradebook.remove_submission(EXAM, trainee)
    shutil.rmtree(course.autograded, ignore_errors=True)


def busy_cores(seconds: float = 2.0) -> float:
    """Cores kept busy by everything on the machine over `seconds` (Linux /proc/stat)."""

    def sample() -> tuple[int, int]:
        line = Path("/proc/stat").read_text().split("\n", 1)[0]
        fields = [int(v) for v in line.split()[1:9]]  # up to steal; guest is inside user
        idle = fields[3] + fields[4]  # idle, iowait
        return sum(fields) - idle, sum(fields)

    busy0, total0 = sample()
    time.sleep(seconds)
    busy1, total1 = sample()
    return (busy1 - busy0) / max(1, total1 - total0) * (os.cpu_count() or 1)


def timed(command: list[str], cwd: Path) -> float:
    env = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}"}
    start = time.perf_counter()
    done = subprocess.run(command, cwd=cwd, capture_output=True, text=True, env=env, check=False)
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        sys.exit(f"{' '.join(command)} failed:\n{done.stdout}\n{done.stderr[-3000:]}")
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--submissions", type=int, default=20)
    args = parser.parse_args()
    n = args.submissions
    unavailable = select_sandbox(True).why_unavailable()
    sandbox = unavailable is None
    with tempfile.TemporaryDirectory() as tmp:
        course = make_cohort(Path(tmp), n)
        load = busy_cores()
        plain = timed([str(BIN / "nbgrader"), "autograde", EXAM, "--force"], course.root)
        plain_scores = totals(course)
        reset_grades(course)
        command = [str(BIN / "frontline"), "exams", "grade", EXAM, "--course-dir", str(course.root)]
        if not sandbox:
            command.append("--no-sandbox")
        ours = timed(command, course.root)
        our_scores = totals(course)

    if len(plain_scores) != n or plain_scores != our_scores:
        sys.exit(f"the two gradings disagree:\n{plain_scores}\n{our_scores}")
    cores = os.cpu_count()
    # Both gradings are CPU-bound; other work on the machine takes cores from the
    # parallel one first, so a busy machine understates the ratio.
    print(f"other processes used {load:.1f} of {cores} cores just before the timed runs")
    print(f"plain nbgrader autograde    : {plain:6.1f} s for {n} submissions ({n / plain:.2f}/s)")
    print(
        f"frontline exams grade       : {ours:6.1f} s for {n} submissions ({n / ours:.2f}/s), "
        f"{cores} workers, sandbox {'on' if sandbox else f'OFF ({unavailable})'}"
    )
    print(f"throughput ratio (frontline / nbgrader): {plain / ours:.2f}  (goal >= 3); "
          "scores identical")
    subprocess.run([sys.executable, str(Path(__file__).with_name("cli_startup.py"))], check=True)


if __name__ == "__main__":
    main()
