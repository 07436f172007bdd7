"""HR report at scale: `nbgrader export` vs `frontline report --csv-only`, in the same run.

Makes an nbgrader gradebook (SQLite, nbgrader's own schema) with N trainees x M exams
by inserting rows directly, then times, each as the command a user would type:

1. `nbgrader export` (grades.csv, one row per trainee and exam, via nbgrader's ORM);
2. `frontline report --csv-only` (reads the gradebook with one query per table,
   evaluates tiers and decisions, writes the CSV and the decision record);
3. `frontline report` (the full build: HTML with charts, Excel, per-trainee pages).

It checks that both give the same per-trainee totals, and prints the ratio of (1)
to (2) and the time of (3). Goals: ratio >= 10; (3) under 60 s.

nbgrader export costs far more per row as the gradebook grows (each submission's
score is a subquery over the whole grade table): at 10,000 x 10 it runs for hours.
So by default it exports an evenly spread sample of trainees (`--export-sample`,
all their exams) from the full gradebook, once more with no trainee to measure its
fixed cost, and extrapolates linearly to every trainee; the output says so.
`--full-export` times the whole export instead.
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from datetime import datetime
from pathlib import Path

COURSE_ID = "bench-course"
CELLS_PER_EXAM = 3
CELL_MAX = 10.0
TEAMS = ["前台接待 Front desk", "客服热线 Hotline", "物业前台 Property", "投诉处理 Complaints"]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
GIVEN = "芳娜伟敏静丽强磊军洋勇艳杰娟涛明超秀英华"
CONFIG = f"""c = get_config()
c.CourseDirectory.course_id = "{COURSE_ID}"
c.CourseDirectory.db_url = "sqlite:///{{db}}"
"""
POLICY = """# Benchmark policy: every exam is a theory exam.
version: "bench"
cutoffs: {excellent: 90, good: 80, pass: 60}
components:
  theory: {weight: 1.0, exams: ["exam-*"]}
missing_component: incomplete
"""


def _id(kind: str, *parts: int) -> str:
    """nbgrader's ids are 32 hex characters; deterministic ones keep runs comparable."""
    return (kind.encode().hex() + "".join(f"{p:08x}" for p in parts)).ljust(32, "0")[:32]


def make_gradebook(course: Path, trainees: int, exams: int, seed: int = 7) -> Path:
    """Create the schema with nbgrader itself, then bulk-insert the cohort with SQL."""
    from nbgrader.api import Gradebook

    from frontline.core.course import prepare_nbgrader

    prepare_nbgrader()
    db = course / "gradebook.db"
    (course / "nbgrader_config.py").write_text(CONFIG.format(db=db), encoding="utf-8")
    with Gradebook(f"sqlite:///{db}", COURSE_ID):
        pass  # creates the tables and stamps nbgrader's schema version
    rng = random.Random(seed)
    connection = sqlite3.connect(db)
    with connection:
        connection.execute("INSERT OR IGNORE INTO course (id) VALUES (?)", (COURSE_ID,))
        students = [
            (f"s{i:05d}", rng.choice(SURNAMES) + rng.choice(GIVEN), f"Trainee {i}", None, None)
            for i in range(trainees)
        ]
        connection.executemany("INSERT INTO student VALUES (?, ?, ?, ?, ?)", students)
        skill = [rng.uniform(0.35, 1.0) for _ in range(trainees)]
        for e in range(exams):
            assignment, notebook = _id("a", e), _id("n", e)
            due = datetime(2026, 11, 3 + 2 * e, 17, 0)
            connection.execute(
                "INSERT INTO assignment (id, name, duedate, course_id) VALUES (?, ?, ?, ?)",
                (assignment, f"exam-{e + 1:02d}", due, COURSE_ID),
            )
            connection.execute(
                "INSERT INTO notebook (id, name, assignment_id) VALUES (?, ?, ?)",
                (notebook, f"exam-{e + 1:02d}", assignment),
            )
            cells = [_id("c", e, c) for c in range(CELLS_PER_EXAM)]
            connection.executemany(
                "INSERT INTO base_cell (id, name, notebook_id, type) VALUES (?, ?, ?, ?)",
                [(cell, f"q{c + 1}", notebook, "GradeCell") for c, cell in enumerate(cells)],
            )
            connection.executemany(
                "INSERT INTO grade_cells (id, max_score, cell_type) VALUES (?, ?, ?)",
                [(cell, CELL_MAX, "code") for cell in cells],
            )
            submissions, notebooks, grades = [], [], []
            for s, (student, *_) in enumerate(students):
                sub, sub_nb = _id("s", e, s), _id("b", e, s)
                submissions.append((sub, assignment, student, due, None))
                notebooks.append((sub_nb, sub, notebook, False, 0.0))
                for c, cell in enumerate(cells):
                    score = float(round(min(CELL_MAX, rng.gauss(skill[s] * CELL_MAX, 1.5)), 1))
                    score = max(0.0, score)
                    manual = score if rng.random() < 0.05 else None  # a trainer's re-mark
                    grades.append((_id("g", e, s, c), sub_nb, cell, score, manual, None, False))
            connection.executemany(
                "INSERT INTO submitted_assignment VALUES (?, ?, ?, ?, ?)", submissions
            )
            connection.executemany(
                "INSERT INTO submitted_notebook VALUES (?, ?, ?, ?, ?)", notebooks
            )
            connection.executemany("INSERT INTO grade VALUES (?, ?, ?, ?, ?, ?, ?)", grades)
    connection.close()
    roster = course / "roster.csv"
    with roster.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["trainee_id", "name", "name_en", "team"])
        for i, (student, name, name_en, *_) in enumerate(students):
            writer.writerow([student, name, name_en, TEAMS[i % len(TEAMS)]])
    (course / "policy.yml").write_text(POLICY, encoding="utf-8")
    return db


def run(command: list[str], cwd: Path) -> float:
    start = time.perf_counter()
    result = subprocess.run(command, cwd=cwd, capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - start
    if result.returncode != 0:
        sys.exit(f"{' '.join(command)} failed:\n{result.stdout}\n{result.stderr}")
    return elapsed


def time_nbgrader_export(
    course: Path, trainees: int, sample: int | None
) -> tuple[float, Path, str, float]:
    """Seconds for `nbgrader export` of every trainee (measured or extrapolated)."""
    nbgrader = str(Path(sys.executable).parent / "nbgrader")
    base = [nbgrader, "export", "--log-level=ERROR"]
    if sample is None or sample >= trainees:
        seconds = run([*base, "--to=grades.csv"], course)
        return seconds, course / "grades.csv", "measured", seconds
    step = trainees // sample
    chosen = [f"s{i:05d}" for i in range(0, step * sample, step)]
    fixed = run([*base, "--to=none.csv", "--ExportPlugin.student=nobody"], course)
    args = [f"--ExportPlugin.student={s}" for s in chosen]
    measured = run([*base, "--to=grades.csv", *args], course)
    per_trainee = (measured - fixed) / sample
    print(f"nbgrader export, {sample} trainees: {measured:7.1f} s (fixed cost {fixed:.1f} s, "
          f"{per_trainee:.2f} s per trainee)")  # fmt: skip
    return fixed + per_trainee * trainees, course / "grades.csv", "extrapolated", measured


def nbgrader_totals(grades_csv: Path) -> dict[str, float]:
    totals: dict[str, float] = defaultdict(float)
    with grades_csv.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            totals[row["student_id"]] += float(row["score"])
    return {k: round(v, 6) for k, v in totals.items()}


def frontline_totals(out: Path) -> tuple[dict[str, float], dict[str, float]]:
    """Per trainee: points counted (from the decision record) and the theory % (CSV)."""
    record = json.loads((out / "decision-record.json").read_text(encoding="utf-8"))
    totals: dict[str, float] = defaultdict(float)
    for score in record["result"]["inputs"]["scores"]:
        totals[score["trainee_id"]] += score["score"]
    with (out / "report.csv").open(encoding="utf-8-sig") as handle:
        theory = {row["trainee_id"]: float(row["theory"]) for row in csv.DictReader(handle)}
    return {k: round(v, 6) for k, v in totals.items()}, theory


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--trainees", type=int, default=10_000)
    parser.add_argument("--exams", type=int, default=10)
    parser.add_argument("--export-sample", type=int, default=100, metavar="K")
    parser.add_argument("--full-export", action="store_true", help="time the whole export")
    args = parser.parse_args()
    bin_dir = Path(sys.executable).parent
    with tempfile.TemporaryDirectory() as tmp:
        course = Path(tmp) / "course"
        course.mkdir()
        start = time.perf_counter()
        make_gradebook(course, args.trainees, args.exams)
        made = time.perf_counter() - start
        n = args.trainees * args.exams
        print(f"gradebook: {args.trainees} trainees x {args.exams} exams ({n} submissions, "
              f"{n * CELLS_PER_EXAM} grades) made in {made:.1f} s")  # fmt: skip

        sample = None if args.full_export else args.export_sample
        plain, grades, how, measured = time_nbgrader_export(course, args.trainees, sample)
        print(f"nbgrader export, all trainees  : {plain:7.1f} s ({how})")
        report = [
            str(bin_dir / "frontline"), "report", "--course-dir", str(course),
            "--roster", str(course / "roster.csv"), "--policy", str(course / "policy.yml"),
        ]  # fmt: skip
        ours = run([*report, "--csv-only", "--out", str(course / "csv")], course)
        print(f"frontline report --csv-only    : {ours:7.1f} s")
        full = run([*report, "--out", str(course / "full")], course)
        print(f"frontline report (HTML+Excel)  : {full:7.1f} s  (goal < 60 s)")

        theirs = nbgrader_totals(grades)
        points, theory = frontline_totals(course / "csv")
        assert len(points) == args.trainees, "frontline's record misses trainees"
        assert {t: points[t] for t in theirs} == theirs, "per-trainee totals differ"
        maximum = args.exams * CELLS_PER_EXAM * CELL_MAX
        off = [t for t, total in theirs.items() if abs(theory[t] - 100 * total / maximum) > 0.006]
        assert not off, f"theory % disagrees with nbgrader's totals for {off[:5]}"
        print(f"per-trainee totals and theory % agree for all {len(theirs)} trainees nbgrader "
              "exported")  # fmt: skip
        print(f"speed ratio (nbgrader export / frontline --csv-only): {plain / ours:.1f}x "
              f"({how}; goal >= 10x)")  # fmt: skip
        if how == "extrapolated":
            print(f"without extrapolating: nbgrader's export of {sample} trainees alone took "
                  f"{measured / ours:.1f}x as long as frontline for all "
                  f"{args.trainees}")  # fmt: skip


if __name__ == "__main__":
    main()
