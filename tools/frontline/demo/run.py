"""`frontline demo`: a sample cohort through a theory and a practical exam, to the HR report.

Trainees are simulated only where a person would click or type (see demo_cohort).
Everything else is the product's own path on real parts: nbgrader builds, releases,
collects; `frontline exams grade` grades in parallel with real kernels (sandboxed
when bubblewrap is present); the gradebook is read, tiered and decided by the
policy; `frontline report` writes HTML, Excel, CSV and the decision record.
"""

from __future__ import annotations

import random
import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from frontline.core.course import REPO_ROOT, Course
from frontline.core.errors import InputFileError
from frontline.core.textable import render_table
from frontline.demo.cohort import (
    DemoTrainee,
    fill_written_answer,
    plan_cohort,
    simulate_sheet,
    written_answer,
)
from frontline.demo.hr_extras import (
    DemoHrFiles,
    certificates_text,
    check_hr_inputs,
    prepare_sections,
    sections_text,
    simulate_practice,
)
from frontline.exams.authoring.notebook import load_exam_data
from frontline.exams.grading import pipeline
from frontline.exams.model.answers import ANSWERS_FILE, save_sheet
from frontline.exams.model.questions import QUESTIONS_FILE, load_questions
from frontline.exams.model.trainer_file import TrainerFile
from frontline.hr.inputs.gradebook import sync_roster
from frontline.hr.inputs.roster import load_roster
from frontline.hr.policy.model import Policy
from frontline.hr.rules.outcomes import CohortResult, TraineeOutcome

THEORY_EXAM = "etiquette-theory"
PRACTICAL_EXAM = "practical"
DEMO_EXAMS = (THEORY_EXAM, PRACTICAL_EXAM)
# A fixed due date puts every demo run in the same cycle (the one the sample
# appraisal ratings are for), so reruns on another day give the same report.
DEMO_DUE = datetime(2026, 11, 20, 10, 0)
STEPS = 8
Report = Callable[[str], None]


@dataclass(frozen=True)
class DemoResult:
    result: CohortResult
    files: list[Path]
    not_graded: dict[str, str]  # trainee id -> reason, per the theory exam
    flagged: dict[str, list[str]] = field(default_factory=dict)
    seconds: float = 0.0


def _step(report: Report, number: int, text: str) -> None:
    report(f"[{number}/{STEPS}] {text}")


def _set_due_dates(course: Course) -> None:
    from nbgrader.api import Gradebook

    with Gradebook(course.db_url, course.course_id) as gradebook:
        for exam in DEMO_EXAMS:
            gradebook.update_or_create_assignment(exam, duedate=DEMO_DUE)


def _sit_theory(course: Course, member: DemoTrainee, home: Path, key: TrainerFile) -> None:
    tid = member.trainee.trainee_id
    folder = pipeline.fetch(course, THEORY_EXAM, tid, home)
    bank = load_questions(folder / QUESTIONS_FILE)  # what this trainee was given
    rng = random.Random(f"frontline-demo:{THEORY_EXAM}:{tid}")
    save_sheet(folder / ANSWERS_FILE, simulate_sheet(bank, key, member.skill, rng, tid))
    notebook = folder / f"{THEORY_EXAM}.ipynb"
    fill_written_answer(notebook, written_answer(member.skill))
    if member.broken:
        # A file damaged on the way (a sync tool cut it short): invalid JSON.
        text = notebook.read_text(encoding="utf-8")
        notebook.write_text(text[: len(text) // 2], encoding="utf-8")
    pipeline.submit(course, THEORY_EXAM, tid, home)


def _sit_practical(course: Course, member: DemoTrainee, home: Path) -> None:
    from frontline.demo.practical_sim import simulate_transcripts
    from frontline.exams.grading.practical import LEXICON_DIR, SCENARIOS_DIR, TRANSCRIPTS_DIR

    tid = member.trainee.trainee_id
    folder = pipeline.fetch(course, PRACTICAL_EXAM, tid, home)
    simulate_transcripts(
        tid,
        member.skill,
        sorted((folder / SCENARIOS_DIR).glob("*.yml")),  # the released player's copies
        folder / TRANSCRIPTS_DIR,
        folder / LEXICON_DIR,
        key_dir=course.source / PRACTICAL_EXAM / SCENARIOS_DIR,  # how the trainee decides
        red_line=member.red_line,
    )
    pipeline.submit(course, PRACTICAL_EXAM, tid, home)


def _manual_points(course: Course) -> dict[str, dict[str, float]]:
    from frontline.exams.grading.practical import read_practical_key

    _, theory = load_exam_data(course.root, THEORY_EXAM)
    practical = read_practical_key(course.source / PRACTICAL_EXAM / f"{PRACTICAL_EXAM}.ipynb")
    return {THEORY_EXAM: theory.manual_points, PRACTICAL_EXAM: practical.manual_points}


def _mark_by_trainer(course: Course, cohort: list[DemoTrainee]) -> tuple[int, int]:
    """The demo's trainer marks written answers and the role-play rubric, never over a mark.

    On a rerun nbgrader flags every marked answer for review, because the submission
    might have changed; the demo's answers are the same each time, so the trainer
    confirms the earlier mark (whoever gave it) instead of leaving it pending.
    Returns (newly marked, earlier marks kept).
    """
    from nbgrader.api import Gradebook, MissingEntry

    marked = kept = 0
    points_by_exam = _manual_points(course)
    with Gradebook(course.db_url, course.course_id) as gradebook:
        for exam, manual in points_by_exam.items():
            for member in cohort:
                for grade_id, points in manual.items():
                    try:
                        grade = gradebook.find_grade(
                            grade_id, exam, exam, member.trainee.trainee_id
                        )
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


def _grade(
    course: Course, exam: str, report: Report
) -> tuple[dict[str, str], dict[str, list[str]]]:
    from frontline.exams.grading.batch import GradeOptions, SubmissionResult, grade_exam
    from frontline.exams.grading.sandbox import SandboxUnavailable, check_sandbox

    try:
        check_sandbox()
        sandbox = True
    except SandboxUnavailable as exc:
        # Only the demo's own simulated trainees run here; real grading refuses instead.
        report(f"      WARNING: grading WITHOUT a sandbox: {exc}")
        sandbox = False

    def progress(done: int, total: int, result: SubmissionResult) -> None:
        status = (
            f"NOT GRADED: {result.reason}"
            if not result.graded
            else f"{result.score:g}/{result.max_score:g}" + ("  FLAGGED" if result.flags else "")
        )
        report(f"      [{done:>2}/{total}] {result.trainee_id}: {status}")

    graded = grade_exam(course, exam, GradeOptions(sandbox=sandbox), progress)
    report(
        f"      {exam}: {len(graded.results)} submissions in {graded.seconds:.1f}s "
        f"({graded.workers} workers, sandbox {'on' if graded.sandbox else 'OFF'})"
    )
    not_graded = {r.trainee_id: r.reason for r in graded.results if not r.graded}
    flagged = {r.trainee_id: [flag.kind for flag in r.flags] for r in graded.results if r.flags}
    return not_graded, flagged


def tier_text(outcome: TraineeOutcome) -> str:
    tier = outcome.tier
    return f"{tier.label.zh} {tier.label.en}" if tier is not None else "未定 incomplete"


def outcome_table(result: CohortResult) -> str:
    rows = []
    for outcome in result.outcomes:
        parts = {c.name: c.score for c in outcome.components}
        cells = [
            outcome.trainee.trainee_id,
            outcome.trainee.display_name,
            *("-" if parts.get(n) is None else f"{parts[n]:.1f}" for n in
              ("theory", "practical", "appraisal")),
            "-" if outcome.overall is None else f"{outcome.overall:.2f}",
            tier_text(outcome),
            ", ".join(d.kind.value for d in outcome.decisions),
        ]  # fmt: skip
        rows.append(cells)
    header = ["trainee", "name", "theory", "practical", "appraisal", "overall", "tier", "flags"]
    return render_table(header, rows)


def run_demo(
    course: Course,
    roster_path: Path,
    policy: Policy,
    out_dir: Path,
    report: Report = print,
    appraisal: Path | None = None,
    hr: DemoHrFiles | None = None,
    as_of: date | None = None,
) -> DemoResult:
    """`hr` adds training records, onboarding, the KPI ranking and certificates (told
    as of `as_of`, default today in the policy's time zone)."""
    from frontline.hr.inputs.load import load_inputs
    from frontline.hr.rules.evaluate import evaluate_cohort
    from frontline.report import build_report

    started = time.monotonic()
    if "theory" not in policy.weights:
        # Found out now, not after every submission has been graded.
        raise InputFileError(
            policy.source or "policy",
            f"the demo's exams are theory and practical, but the policy weights only "
            f"{', '.join(policy.weights)}; add 'theory'",
            key="components",
        )
    trainees = load_roster(roster_path)
    teams = sorted({t.team for t in trainees})
    _step(report, 1, f"Roster: {len(trainees)} trainees in {len(teams)} teams ({roster_path})")
    # Bad sign-in or KPI rows stop the demo here, before anything is stored.
    kpi = check_hr_inputs(hr, trainees, policy) if hr is not None else None
    cohort = plan_cohort(trainees)
    sync_roster(course, trainees)

    _step(report, 2, f"Building and releasing {', '.join(DEMO_EXAMS)} (nbgrader)")
    for exam in DEMO_EXAMS:
        pipeline.build(course, exam)
        pipeline.release(course, exam)
    _set_due_dates(course)

    _step(report, 3, "Trainees fetch, answer the theory exam, play the role-plays, submit")
    homes = course.root / "trainees"
    # The demo's trainees decide with the trainer file's key; read it once, not per trainee.
    _, theory_key = load_exam_data(course.root, THEORY_EXAM)
    for number, member in enumerate(cohort, start=1):
        home = homes / member.trainee.trainee_id
        for exam in DEMO_EXAMS:
            shutil.rmtree(home / exam, ignore_errors=True)  # the simulated trainee's own copy
        _sit_theory(course, member, home, theory_key)
        _sit_practical(course, member, home)
        report(
            f"      submitted {number:>2}/{len(cohort)}  {member.trainee.trainee_id} "
            f"{member.trainee.display_name}" + ("  (theory file damaged)" if member.broken else "")
        )
    if hr is not None:
        simulate_practice(hr, cohort, report)

    _step(report, 4, "Collecting submissions")
    for exam in DEMO_EXAMS:
        pipeline.collect(course, exam)
        report(f"      {exam}: {len(pipeline.submitted_trainees(course, exam))} collected")

    _step(report, 5, f"Grading {THEORY_EXAM} in parallel with real kernels")
    not_graded, flagged = _grade(course, THEORY_EXAM, report)
    _step(report, 6, f"Grading {PRACTICAL_EXAM}: scores recomputed from each transcript")
    practical_failed, practical_flagged = _grade(course, PRACTICAL_EXAM, report)
    for tid, kinds in practical_flagged.items():
        flagged.setdefault(tid, []).extend(kinds)

    _step(report, 7, "The trainer marks written answers and role-play rubrics")
    marked, kept = _mark_by_trainer(course, cohort)
    report(f"      {marked} marked now, {kept} earlier marks kept (a mark is never overwritten)")

    _step(report, 8, f"HR report by policy {policy.version} ({policy.digest or 'built-in'})")
    ratings = kpi.ratings if kpi is not None else ()
    inputs = load_inputs(course, trainees, policy, appraisal=appraisal, kpi=ratings)
    result = evaluate_cohort(inputs, policy)
    report(outcome_table(result))
    sections = None
    if hr is not None and kpi is not None:
        day = as_of or datetime.now(ZoneInfo(policy.cycles.timezone)).date()
        sections = prepare_sections(hr, course, trainees, policy, kpi, day, report)
        report(sections_text(sections))
    files = build_report(
        result, out_dir, policy=policy, progress=lambda m: report(f"      {m}"), sections=sections
    )
    if hr is not None:
        for line in certificates_text(files.sections, out_dir):
            report(line)
    seconds = time.monotonic() - started
    shown = ", ".join(f"{tier} {count}" for tier, count in files.counts.items() if count)
    report(f"Summary: {shown}. Took {seconds:.0f}s.")
    for tid, reason in sorted({**practical_failed, **not_graded}.items()):
        report(f"Not graded (not counted as zero): {tid}: {reason}")
    for tid, kinds in sorted(flagged.items()):
        report(f"Flagged for the trainer: {tid}: {', '.join(kinds)}")
    for path in files.files:
        report(f"Wrote {_relative(path)}")
    return DemoResult(result, files.files, not_graded, flagged, seconds)


def _relative(path: Path) -> str:
    try:
        return str(path.relative_to(REPO_ROOT))
    except ValueError:
        return str(path)
