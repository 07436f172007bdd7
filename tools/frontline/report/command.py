"""`frontline report`: read the inputs, evaluate, build; or rebuild from a decision record.

Every input is read and checked, and the cohort evaluated, before the output folder
is touched, so a bad roster, policy or appraisal file stops the run with its file
and line and leaves nothing behind.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from frontline.core.course import (
    DEFAULT_APPRAISAL,
    DEFAULT_ATTENDANCE,
    DEFAULT_COURSE_DIR,
    DEFAULT_KPI,
    DEFAULT_POLICY,
    DEFAULT_PROGRESS,
    DEFAULT_ROSTER,
    DEFAULT_SPOT_CHECKS,
    REPO_ROOT,
    Course,
)
from frontline.core.errors import FrontlineError
from frontline.core.i18n import Text
from frontline.hr.inputs.roster import Trainee
from frontline.hr.policy.model import Policy
from frontline.hr.rules.outcomes import CohortResult, ScoreRecord
from frontline.report.build import ReportFiles, build_report, filter_team, now_stamp
from frontline.report.sections import HrSections
from frontline.report.table import tier_counts, tier_key_label

HR_REPORTS = REPO_ROOT / "gradebook" / "reports"


@dataclass(frozen=True)
class ReportRequest:
    course_dir: Path
    policy: Path | None = None  # None: Frontline's default policy, said in the assumptions
    roster: Path | None = None
    appraisal: Path | None = None
    external: Path | None = None
    cycle: str | None = None
    team: str | None = None
    out: Path | None = None
    anonymize: bool = False
    csv_only: bool = False
    rebuild: Path | None = None
    kpi: Path | None = None  # the monthly KPI sheet
    spot_checks: Path | None = None
    progress: Path | None = None  # trainees' progress folders (default for exams/)
    attendance: Path | None = None  # the attendance store (default for exams/)
    as_of: date | None = None  # the day onboarding status is told for (default: today)


def say(message: str) -> None:
    print(f"  {message}", flush=True)


def _roster(request: ReportRequest, course: Course) -> tuple[list[Trainee], bool]:
    from frontline.hr.inputs.gradebook import gradebook_trainees
    from frontline.hr.inputs.roster import load_roster

    if request.roster is not None:
        return load_roster(request.roster), False
    if course.root == DEFAULT_COURSE_DIR.resolve() and DEFAULT_ROSTER.exists():
        return load_roster(DEFAULT_ROSTER), False
    return gradebook_trainees(course), True


def appraisal_file(request: ReportRequest, course: Course) -> Path | None:
    """The repo's course takes its sample ratings by default, as it takes its roster."""
    if request.appraisal is not None:
        return request.appraisal
    if course.root == DEFAULT_COURSE_DIR.resolve() and DEFAULT_APPRAISAL.exists():
        return DEFAULT_APPRAISAL
    return None


def _own_default(given: Path | None, default: Path, course: Course) -> Path | None:
    """A file given, else the repository's own sample for the repository's course."""
    if given is not None:
        return given
    if course.root == DEFAULT_COURSE_DIR.resolve() and default.exists():
        return default
    return None


def _sections(
    request: ReportRequest, course: Course, policy: Policy, trainees: list[Trainee]
) -> tuple[HrSections | None, tuple[ScoreRecord, ...]]:
    """Onboarding and KPI sections, and the KPI ratings for the appraisal component."""
    from frontline.hr.kpi.load import load_kpi
    from frontline.report.sections_inputs import collect_sections

    known = {t.trainee_id for t in trainees}
    sheet = _own_default(request.kpi, DEFAULT_KPI, course)
    kpi = None
    if sheet is not None:
        checks = _own_default(request.spot_checks, DEFAULT_SPOT_CHECKS, course)
        kpi = load_kpi(sheet, checks, policy, known)
        say(f"KPI sheet: {sheet}, {len(kpi.scores)} monthly scores")
    if kpi is None and not policy.onboarding:
        return None, ()
    as_of = request.as_of or datetime.now(ZoneInfo(policy.cycles.timezone)).date()
    sections = collect_sections(
        trainees, policy, as_of, course=course,
        progress=_own_default(request.progress, DEFAULT_PROGRESS, course),
        attendance=_own_default(request.attendance, DEFAULT_ATTENDANCE, course), kpi=kpi,
    )  # fmt: skip
    say(f"onboarding: {len(sections.onboarding)} new hire(s) as of {as_of.isoformat()}")
    return sections, kpi.ratings if kpi is not None else ()


def _policy(request: ReportRequest, course: Course) -> tuple[Policy, Text | None]:
    """The policy asked for, or Frontline's default one; for a course other than the
    repository's own, the default is an assumption the report states."""
    from frontline.hr.policy.schema import load_policy

    if request.policy is not None:
        return load_policy(request.policy), None
    if not DEFAULT_POLICY.is_file():
        raise FrontlineError(
            f"{DEFAULT_POLICY}: the default tier policy is missing; pass --policy FILE "
            "(cut-offs, weights and rules: see 'Policy' in the README)"
        )
    policy = load_policy(DEFAULT_POLICY)
    if course.root == DEFAULT_COURSE_DIR.resolve():
        return policy, None
    return policy, Text(
        f"未指定政策（--policy）：采用 Frontline 的默认政策 {DEFAULT_POLICY}"
        f"（版本 {policy.version}）",
        f"no policy given (--policy): Frontline's default policy {DEFAULT_POLICY} "
        f"(version {policy.version}) was applied",
    )


def _default_out(request: ReportRequest, course_root: Path, cycle: str) -> Path:
    base = HR_REPORTS if course_root == DEFAULT_COURSE_DIR.resolve() else course_root / "reports"
    name = f"hr-{cycle}" + (f"-{request.team}" if request.team else "")
    name += "-anonymized" if request.anonymize else ""
    return base / "".join(c if c.isalnum() or c in "-_." else "_" for c in name)


def check_gradebook(course: Course) -> None:
    """A missing SQLite gradebook is an error, not an empty file made by connecting to it."""
    prefix = "sqlite:///"
    if course.db_url.startswith(prefix):
        path = Path(course.db_url[len(prefix) :])
        if not path.is_file():
            raise FrontlineError(
                f"{path}: no gradebook here yet (from {course.root / 'nbgrader_config.py'}); "
                "grade an exam first (frontline demo, or nbgrader autograde)"
            )


def _safe_url(url: str) -> str:
    import sqlalchemy as sa

    return sa.engine.make_url(url).render_as_string(hide_password=True)


def evaluate_request(
    request: ReportRequest,
) -> tuple[CohortResult, Course, Policy, HrSections | None]:
    """Read and check every input and evaluate; writes nothing."""
    import dataclasses

    from pandas import errors as pd_errors
    from sqlalchemy import exc as sa_exc

    from frontline.hr.inputs.load import load_inputs
    from frontline.hr.rules.evaluate import evaluate_cohort

    course = Course.from_directory(request.course_dir)
    policy, policy_assumed = _policy(request, course)
    check_gradebook(course)
    try:
        trainees, from_gradebook = _roster(request, course)
        say(
            f"roster: {len(trainees)} trainees"
            + (" (from the gradebook)" if from_gradebook else "")
        )
        appraisal = appraisal_file(request, course)
        if appraisal is not None:
            say(f"appraisal: {appraisal}")
        sections, kpi_ratings = _sections(request, course, policy, trainees)
        inputs = load_inputs(
            course,
            trainees,
            policy,
            appraisal=appraisal,
            external=request.external,
            # item scores feed the heat maps and, when the policy sets a second-look
            # margin in SEM units, the SEM (a CSV-only report must decide alike)
            items=not request.csv_only or policy.decisions.second_look_sem is not None,
            kpi=kpi_ratings,
        )
    except (sa_exc.SQLAlchemyError, pd_errors.DatabaseError) as exc:
        raise FrontlineError(
            f"cannot read the gradebook {_safe_url(course.db_url)}: {str(exc).splitlines()[0]}"
        ) from None
    stated: list[Text] = []
    if policy_assumed is not None:
        stated.append(policy_assumed)
    if from_gradebook:
        stated.append(
            Text(
                "没有名册：学员取自 nbgrader 的学生名单，团队未知",
                "no roster: trainees are nbgrader's students, teams unknown",
            )
        )
    if stated:
        inputs = dataclasses.replace(inputs, assumptions=(*stated, *inputs.assumptions))
    say(f"inputs: {len(inputs.scores)} scores, {len(inputs.items)} item grades")
    try:
        result = evaluate_cohort(inputs, policy, request.cycle)
    except FrontlineError as exc:
        # "no scores" is puzzling unless the reader's assumptions say why they were left out.
        if not inputs.assumptions:
            raise
        assumed = "; ".join(a.en for a in inputs.assumptions)
        raise FrontlineError(f"{exc} (the reader assumed: {assumed})") from None
    say(f"evaluated cycle {result.cycle}: {len(result.outcomes)} trainees")
    if request.team is not None:
        result = filter_team(result, request.team)
        if sections is not None:
            # One team's report names only its own people; places stay the cohort's.
            ids = {o.trainee.trainee_id for o in result.outcomes}
            sections = dataclasses.replace(
                sections,
                onboarding=tuple(r for r in sections.onboarding if r.trainee_id in ids),
                ranking=tuple(r for r in sections.ranking if r.trainee_id in ids),
                quarter_ranking=tuple(r for r in sections.quarter_ranking if r.trainee_id in ids),
                not_ranked=tuple(r for r in sections.not_ranked if r[0] in ids),
            )
    return result, course, policy, sections


def rebuild(request: ReportRequest) -> ReportFiles:
    """The same report again from a decision record, checked against today's evaluation."""
    from frontline.hr.policy.schema import parse_policy_text
    from frontline.hr.rules.evaluate import evaluate_cohort
    from frontline.report.snapshot import load_record

    assert request.rebuild is not None
    path = request.rebuild
    record = load_record(path)
    policy = parse_policy_text(record.policy.text, path.parent / record.policy.filename)
    if policy.digest != record.policy.digest:
        raise FrontlineError(
            f"{path}: the policy text in this record does not match its hash "
            f"({policy.digest} vs {record.policy.digest}); the record was changed"
        )
    say(f"decision record: cycle {record.cycle}, {len(record.result.outcomes)} trainees, "
        f"written by frontline {record.software_version} on {record.generated}")  # fmt: skip
    again = evaluate_cohort(record.inputs, policy, record.cycle)
    if record.team is not None:
        again = filter_team(again, record.team)
    recorded = {o.trainee.trainee_id: o for o in record.result.outcomes}
    differ = sorted(
        o.trainee.trainee_id for o in again.outcomes if recorded.get(o.trainee.trainee_id) != o
    )
    if differ or len(again.outcomes) != len(recorded):
        say(f"WARNING: today's software evaluates {len(differ)} trainees differently "
            f"(e.g. {', '.join(differ[:5])}); the report shows the recorded results")  # fmt: skip
    else:
        say("re-evaluated from the recorded inputs and policy: identical results")
    out = request.out or path.parent / "rebuilt"
    return build_report(
        record.result,
        out,
        policy=policy,
        policy_text=record.policy.text,
        team=record.team,
        anonymized=record.anonymized,
        csv_only=request.csv_only,
        generated=record.generated,
        rebuilt=now_stamp(),
        record_json=path.read_text(encoding="utf-8"),
        progress=say,
        sections=record.sections,
    )


def run_report(request: ReportRequest) -> ReportFiles:
    start = time.perf_counter()
    print("frontline report", flush=True)
    if request.rebuild is not None:
        files = rebuild(request)
    else:
        from frontline.report.anonymize import load_or_create_key

        result, course, policy, sections = evaluate_request(request)
        key = load_or_create_key(course.root) if request.anonymize else None
        out = request.out or _default_out(request, course.root, result.cycle)
        files = build_report(
            result,
            out,
            policy=policy,
            team=request.team,
            anonymize_key=key,
            csv_only=request.csv_only,
            progress=say,
            sections=sections,
        )
    _summary(files, time.perf_counter() - start)
    return files


def _summary(files: ReportFiles, seconds: float) -> None:
    print(f"wrote {len(files.files)} files to {files.out_dir} in {seconds:.1f} s:")
    for path in files.files:
        print(f"  {path.name}")
    if files.trainee_pages is not None:
        print(f"  {files.trainee_pages.name}/ ({files.page_count} trainee pages)")
    if files.certificates:
        print(f"  certificates/ ({len(files.certificates)} PDF certificates)")
    counts = tier_counts([]) | files.counts
    total = sum(counts.values())
    parts = []
    for key, count in counts.items():
        if key == "incomplete" and not count:
            continue
        label = tier_key_label(key)
        parts.append(f"{label.zh} {label.en} {count}")
    print(f"{total} trainees: " + " · ".join(parts))
