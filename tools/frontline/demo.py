"""`frontline demo`: the whole life of one exam for a sample cohort, on real nbgrader.

Trainees are simulated only where a person would click: each answers the released
exam with a seeded skill level through the same answers file the widgets write.
Everything else (generate, release, fetch, submit, collect, autograde, gradebook)
is nbgrader's own pipeline with real kernels.
"""

from __future__ import annotations

import hashlib
import random
import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import nbformat

from .course import REPO_ROOT, Course
from .errors import InputFileError
from .exams import pipeline
from .exams.answers import ANSWERS_FILE, AnswerSheet, save_sheet
from .exams.keys import ExamKey, read_exam_key
from .exams.questions import QUESTIONS_FILE, QuestionBank, load_questions
from .gradebook import exam_totals, item_grades, sync_roster, theory_rows
from .policy import Policy
from .roster import Trainee, load_roster
from .summary import SummaryRow, build_rows, text_table, tier_counts, write_summary
from .tiers import assign_tiers

DEMO_EXAM = "etiquette-theory"
Report = Callable[[str], None]

WRITTEN_ANSWERS = [
    # (minimum skill, text): better trainees write fuller answers.
    (
        0.85,
        "您好!办理停车证除了身份证,还需要带上房产证明和车辆行驶证,费用可以在前台扫码缴纳。"
        "材料齐全后当场就能办好。请问还有什么可以帮您的吗?",
    ),
    (0.65, "您好,还需要带房产证明和行驶证,带齐了再来办理就可以。谢谢!"),
    (0.45, "身份证不够,还要别的材料,您回去准备一下再来。"),
    (0.0, "材料不全,办不了。"),
]


@dataclass(frozen=True)
class DemoTrainee:
    trainee: Trainee
    skill: float
    broken: bool = False


@dataclass(frozen=True)
class DemoResult:
    rows: list[SummaryRow]
    files: list[Path]
    seconds: float


def plan_cohort(trainees: list[Trainee]) -> list[DemoTrainee]:
    """Spread skill evenly from weak to strong, in an order fixed by the ids (not the file)."""
    ranked = sorted(trainees, key=lambda t: hashlib.sha256(t.trainee_id.encode()).hexdigest())
    count = max(1, len(ranked) - 1)
    skills = {t.trainee_id: 0.30 + 0.70 * i / count for i, t in enumerate(ranked)}
    broken = trainees[len(trainees) // 4].trainee_id if len(trainees) > 1 else None
    return [
        DemoTrainee(t, round(skills[t.trainee_id], 3), t.trainee_id == broken) for t in trainees
    ]


def simulate_answers(
    bank: QuestionBank, key: ExamKey, skill: float, rng: random.Random
) -> dict[str, tuple[str, ...]]:
    answers: dict[str, tuple[str, ...]] = {}
    for question in bank.questions:
        item = key.items.get(question.id)
        roll = rng.random()
        if item is None or roll > 0.97:
            continue  # now and then a question is left blank
        wrong = [o for o in question.option_ids if o not in item.correct]
        if roll < skill:
            answers[question.id] = tuple(sorted(item.correct))
        elif question.kind == "single":
            answers[question.id] = (rng.choice(wrong),)
        else:
            right = sorted(item.correct)
            keep = rng.sample(right, k=rng.randint(1, len(right)))
            extra = rng.sample(wrong, k=min(len(wrong), rng.randint(0, 1)))
            answers[question.id] = tuple(keep + extra)
    return answers


def written_answer(skill: float) -> str:
    return next(text for minimum, text in WRITTEN_ANSWERS if skill >= minimum)


def _fill_written_answer(notebook_path: Path, text: str) -> None:
    notebook = nbformat.read(notebook_path, as_version=4)
    for cell in notebook.cells:
        meta = cell.metadata.get("nbgrader", {})
        if cell.cell_type == "markdown" and meta.get("solution"):
            cell.source = text
    nbformat.write(notebook, notebook_path)


def _mark_written_answers(
    course: Course, exam: str, cohort: list[DemoTrainee], key: ExamKey
) -> tuple[int, int]:
    """The demo's trainer marks written answers, but never over a mark already given.

    On a rerun nbgrader flags every marked answer for review, because the submission
    might have changed; the demo's answers are the same each time, so the trainer
    confirms the earlier mark (whoever gave it) instead of leaving it pending.
    Returns (newly marked, earlier marks kept).
    """
    from nbgrader.api import Gradebook, MissingEntry

    marked = kept = 0
    with Gradebook(course.db_url, course.course_id) as gradebook:
        for member in cohort:
            for grade_id, points in key.manual_points.items():
                try:
                    grade = gradebook.find_grade(grade_id, exam, exam, member.trainee.trainee_id)
                except MissingEntry:
                    continue
                if grade.manual_score is None:
                    grade.manual_score = round(points * member.skill * 2) / 2
                    marked += 1
                else:
                    kept += 1
                grade.needs_manual_grade = False
        gradebook.db.commit()
    return marked, kept


def run_demo(
    course: Course,
    roster_path: Path,
    policy: Policy,
    out_dir: Path,
    report: Report = print,
    exam: str = DEMO_EXAM,
) -> DemoResult:
    started = time.monotonic()
    if "theory" not in policy.weights:
        # Found out now, not after every submission has been graded.
        raise InputFileError(
            policy.source or "policy",
            f"the demo's exam is a theory exam, but the policy weights only "
            f"{', '.join(policy.weights)}; add 'theory'",
            key="weights",
        )
    trainees = load_roster(roster_path)
    teams = sorted({t.team for t in trainees})
    report(f"[1/7] Roster: {len(trainees)} trainees in {len(teams)} teams ({roster_path})")
    cohort = plan_cohort(trainees)
    sync_roster(course, trainees)

    report(f"[2/7] Building {exam} with nbgrader generate_assignment")
    pipeline.build(course, exam)
    bank = load_questions(course.release / exam / QUESTIONS_FILE)
    key = read_exam_key(course.source / exam / f"{exam}.ipynb")
    report(
        f"      {len(key.items)} auto-graded questions + {len(key.manual_points)} written, "
        f"{key.total_points:g} points"
    )

    report(f"[3/7] Releasing to the exchange ({course.exchange})")
    pipeline.release(course, exam)

    report("[4/7] Trainees fetch, answer and submit")
    homes = course.root / "trainees"
    for number, member in enumerate(cohort, start=1):
        tid = member.trainee.trainee_id
        home = homes / tid
        shutil.rmtree(home / exam, ignore_errors=True)  # the simulated trainee's own copy
        folder = pipeline.fetch(course, exam, tid, home)
        rng = random.Random(f"frontline-demo:{exam}:{tid}")
        sheet = AnswerSheet(
            exam_id=exam, trainee_id=tid, answers=simulate_answers(bank, key, member.skill, rng)
        )
        save_sheet(folder / ANSWERS_FILE, sheet)
        _fill_written_answer(folder / f"{exam}.ipynb", written_answer(member.skill))
        if member.broken:
            # A file damaged on the way (a sync tool cut it short): invalid JSON.
            text = (folder / f"{exam}.ipynb").read_text(encoding="utf-8")
            (folder / f"{exam}.ipynb").write_text(text[: len(text) // 2], encoding="utf-8")
        pipeline.submit(course, exam, tid, home)
        report(
            f"      submitted {number:>2}/{len(cohort)}  {tid} {member.trainee.display_name}"
            + ("  (damaged file)" if member.broken else "")
        )

    report("[5/7] Collecting submissions")
    pipeline.collect(course, exam)
    submitted = pipeline.submitted_trainees(course, exam)
    report(f"      {len(submitted)} submissions collected")

    report("[6/7] Autograding with real kernels")
    not_graded: dict[str, str] = {}
    names = {t.trainee_id: t.display_name for t in trainees}
    for number, tid in enumerate(submitted, start=1):
        tick = time.monotonic()
        outcome = pipeline.autograde(course, exam, tid)
        took = time.monotonic() - tick
        status = "graded" if outcome.graded else f"NOT GRADED: {outcome.reason}"
        if not outcome.graded:
            not_graded[tid] = outcome.reason
        who = f"{tid} {names.get(tid, '')}"
        report(f"      [{number:>2}/{len(submitted)}] {who}: {status} ({took:.1f}s)")
    marked, kept = _mark_written_answers(course, exam, cohort, key)
    if kept:
        report(f"      {kept} written answers keep the mark they were given earlier")
    if marked:
        report(
            f"      demo trainer marked {marked} written answers (real marks are never overwritten)"
        )

    report(f"[7/7] Tiers by policy {policy.version} ({policy.digest or 'built-in'})")
    totals = exam_totals(item_grades(course, [exam]))
    totals = totals[~totals["trainee_id"].isin(list(not_graded))]
    results = {r.trainee_id: r for r in assign_tiers(theory_rows(totals), policy)}
    total_map = {
        str(r.trainee_id): (float(r.score), float(r.max_score), int(r.pending))
        for r in totals.itertuples(index=False)
    }
    rows = build_rows(trainees, results, total_map, not_graded)
    report(text_table(rows))
    files = write_summary(rows, policy, exam, out_dir)
    counts = tier_counts(rows)
    seconds = time.monotonic() - started
    order = ["excellent", "good", "pass", "fail", "incomplete", "not graded", "no submission"]
    shown = ", ".join(f"{status} {counts[status]}" for status in order if counts.get(status))
    report(f"Summary: {shown}. Took {seconds:.0f}s.")
    for row in rows:
        if row.status == "not graded":
            report(
                f"Not graded (not counted as zero): {row.trainee.trainee_id} "
                f"{row.trainee.display_name}: {row.reason_en.removeprefix('not graded: ')}"
            )
    for path in files:
        report(f"Wrote {_relative(path)}")
    return DemoResult(rows=rows, files=files, seconds=seconds)


def _relative(path: Path) -> str:
    try:
        return str(path.relative_to(REPO_ROOT))
    except ValueError:
        return str(path)
