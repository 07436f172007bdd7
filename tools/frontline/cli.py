"""The `frontline` command: a thin layer over the library functions.

Heavy libraries (nbgrader, pandas, matplotlib, ipywidgets) are imported inside the
command that needs them, so `frontline --help` answers at once.
"""

from __future__ import annotations

import argparse
import gc
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from frontline import __version__
from frontline.core.course import (
    DEFAULT_APPRAISAL,
    DEFAULT_COURSE_DIR,
    DEFAULT_KPI,
    DEFAULT_LEXICON,
    DEFAULT_POLICY,
    DEFAULT_RECORDS,
    DEFAULT_ROSTER,
    DEFAULT_SIGNIN,
    DEFAULT_SPOT_CHECKS,
    DEMO_REPORTS,
)
from frontline.core.errors import FrontlineError


def _cmd_demo(args: argparse.Namespace) -> int:
    from frontline.core.course import Course
    from frontline.demo.hr_extras import DemoHrFiles
    from frontline.demo.run import run_demo
    from frontline.hr.policy.schema import load_policy

    policy = load_policy(args.policy)
    course = Course.from_directory(args.course_dir)
    hr = DemoHrFiles(args.signin, args.kpi, args.spot_checks, DEFAULT_RECORDS)
    result = run_demo(course, args.roster, policy, args.out, appraisal=args.appraisal, hr=hr)
    return 0 if result.result.outcomes else 1


def _cmd_tiers(args: argparse.Namespace) -> int:
    from frontline.core.textable import render_table
    from frontline.hr.inputs.scores import read_scores_csv
    from frontline.hr.policy.schema import load_policy
    from frontline.hr.rules.score_table import assign_tiers

    policy = load_policy(args.policy)
    results = assign_tiers(read_scores_csv(args.scores, policy), policy)
    if args.json:
        payload = [
            {
                "trainee_id": r.trainee_id,
                "tier": r.tier.value if r.tier else None,
                "status": r.status,
                "overall": r.overall,
                "components": r.components,
                "inputs": {
                    name: {"score": score, "max_score": maximum}
                    for name, (score, maximum) in r.inputs.items()
                },
                "weights": r.weights,
                "rule": r.rule,
                "reason_zh": r.reason.zh,
                "reason_en": r.reason.en,
                "policy_version": r.policy_version,
                "policy_digest": policy.digest,
            }
            for r in results
        ]
        print(json.dumps(payload, ensure_ascii=False, indent=2))
        return 0
    rows = [
        [
            r.trainee_id,
            "-" if r.overall is None else f"{r.overall:.2f}",
            f"{r.tier.label.zh} {r.tier.label.en}" if r.tier else "未定 incomplete",
            r.reason.en,
        ]
        for r in results
    ]
    print(render_table(["trainee", "overall", "tier", "reason"], rows))
    print(f"{len(results)} trainees; policy {policy.version} ({policy.digest})")
    return 0


def _cmd_report(args: argparse.Namespace) -> int:
    from frontline.report.command import ReportRequest, run_report

    run_report(
        ReportRequest(
            course_dir=args.course_dir,
            policy=args.policy,
            roster=args.roster,
            appraisal=args.appraisal,
            external=args.external,
            cycle=args.cycle,
            team=args.team,
            out=args.out,
            anonymize=args.anonymize,
            csv_only=args.csv_only,
            rebuild=args.rebuild,
            kpi=args.kpi,
            spot_checks=args.spot_checks,
            progress=args.progress,
            attendance=args.attendance,
            as_of=args.as_of,
        )
    )
    return 0


def _add_report_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    from frontline.hr.records.cli import add_report_hr_options

    report = commands.add_parser(
        "report",
        help="HR report: tiers, decisions and reasons as HTML with charts, Excel and CSV",
        description="Reads the course's nbgrader gradebook (and roster, appraisal and "
        "external scores), applies the policy and writes report.html (charts, sortable "
        "table), report.xlsx, report.csv, decision-record.json and one page per trainee.",
    )
    report.add_argument(
        "--course-dir", type=Path, default=DEFAULT_COURSE_DIR,
        help="nbgrader course folder (default: exams/)",
    )  # fmt: skip
    report.add_argument(
        "--policy", type=Path,
        help="tier policy (default: gradebook/policy.yml, named in the report for other courses)",
    )  # fmt: skip
    report.add_argument(
        "--roster", type=Path,
        help="roster CSV (default: gradebook/roster.csv for exams/; else nbgrader's students)",
    )  # fmt: skip
    report.add_argument(
        "--appraisal", type=Path,
        help="appraisal ratings CSV (default: gradebook/appraisal.csv for exams/; else none)",
    )  # fmt: skip
    report.add_argument("--external", type=Path, help="external scores CSV")
    add_report_hr_options(report)
    report.add_argument("--cycle", help="cycle to report, e.g. 2026-11 (default: the latest)")
    report.add_argument("--team", help="only this team")
    report.add_argument(
        "--out", type=Path,
        help="output folder (default: gradebook/reports/hr-CYCLE/, or reports/ in the course)",
    )  # fmt: skip
    report.add_argument(
        "--anonymize", action="store_true",
        help="replace names and ids by stable pseudonyms (for sharing outside HR)",
    )  # fmt: skip
    report.add_argument(
        "--csv-only", action="store_true",
        help="write only the CSV and the decision record (fast, for other systems)",
    )  # fmt: skip
    report.add_argument(
        "--rebuild", type=Path, metavar="SNAPSHOT",
        help="rebuild the report from a decision-record.json instead of the gradebook",
    )  # fmt: skip
    report.set_defaults(func=_cmd_report)


def _cmd_check(args: argparse.Namespace) -> int:
    from frontline.check import check_content

    report = check_content(*args.paths)
    for kind, paths in sorted(report.files.items()):
        print(f"checked {_count(len(paths), kind + ' file')}")
    for problem in report.problems:
        print(f"  ✗ {problem}")
    print(f"{_count(report.file_count, 'file')}, {_count(len(report.problems), 'problem')}")
    return 0 if report.ok else 1


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


def _cmd_reply_check(args: argparse.Namespace) -> int:
    from frontline.roleplay.lexicon import load_lexicon
    from frontline.roleplay.replies import analyse

    lexicon = load_lexicon(args.lexicon)
    analysis = analyse(args.text, lexicon, lang=args.lang, opening=not args.mid_call)
    if args.json:
        print(json.dumps(analysis.to_json(), ensure_ascii=False, indent=2))
        return 1 if analysis.forbidden else 0
    sections = (
        ("forbidden phrases 服务忌语", "✗", analysis.forbidden),
        ("polite phrases 文明用语", "✓", analysis.polite),
        ("moves 要点", "•", analysis.moves),
    )
    for title, mark, findings in sections:
        print(f"{title}: {len(findings)}")
        for f in findings:
            kind = " sarcasm 讽刺" if f.sarcasm else ""
            print(f"  {mark} \"{f.matched}\" at {f.start}-{f.end}: "
                  f"{f.label.zh} / {f.label.en} ({f.rule or f.entry}){kind}")  # fmt: skip
            if f.kind == "forbidden":
                entry = next(e for e in lexicon.forbidden if e.id == f.entry)
                if entry.instead is not None:
                    print(f"      instead 建议: {entry.instead.zh} / {entry.instead.en}")
    if analysis.tone is not None:
        tone = analysis.tone
        unsure = "; unsure 没有把握: a trainer should judge" if tone.unsure else ""
        print(f"tone model 语气: chance of rude {tone.chance:.2f}, threshold "
              f"{tone.threshold:.2f}{unsure}")  # fmt: skip
    return 1 if analysis.forbidden else 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="frontline",
        description="Training and exams for customer-service teams, on Jupyter and nbgrader.",
    )
    parser.add_argument("--version", action="version", version=f"frontline {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    demo = commands.add_parser(
        "demo",
        help="run a sample cohort through a theory and a practical exam to the HR report",
        description="A sample cohort sits the etiquette theory exam and the practical "
        "role-play exam through nbgrader's real pipeline and parallel grading; prints a "
        "tier table and writes the HR report (HTML, Excel, CSV, decision record).",
    )
    demo.add_argument(
        "--course-dir",
        type=Path,
        default=DEFAULT_COURSE_DIR,
        help="nbgrader course folder (default: exams/)",
    )
    demo.add_argument(
        "--roster",
        type=Path,
        default=DEFAULT_ROSTER,
        help="roster CSV (default: gradebook/roster.csv)",
    )
    demo.add_argument(
        "--policy",
        type=Path,
        default=DEFAULT_POLICY,
        help="tier policy (default: gradebook/policy.yml)",
    )
    demo.add_argument(
        "--out",
        type=Path,
        default=DEMO_REPORTS,
        help="where the HR report goes (default: gradebook/reports/demo/)",
    )
    demo.add_argument(
        "--appraisal", type=Path, default=DEFAULT_APPRAISAL,
        help="appraisal ratings CSV (default: gradebook/appraisal.csv)",
    )  # fmt: skip
    demo.add_argument(
        "--signin", type=Path, default=DEFAULT_SIGNIN,
        help="classroom sign-in sheet (default: gradebook/attendance-signin.csv)",
    )  # fmt: skip
    demo.add_argument("--kpi", type=Path, default=DEFAULT_KPI, help="monthly KPI sheet")
    demo.add_argument("--spot-checks", type=Path, default=DEFAULT_SPOT_CHECKS)
    demo.set_defaults(func=_cmd_demo)

    tiers = commands.add_parser(
        "tiers",
        help="turn a scores CSV (trainee_id,component,score,max_score) into tiers with reasons",
        description="Tier scores from any source, e.g. paper exams. Each row of the CSV is "
        "trainee_id,component,score,max_score; components must be weighted in the policy.",
    )
    tiers.add_argument("--scores", type=Path, required=True, help="scores CSV file")
    tiers.add_argument(
        "--policy",
        type=Path,
        default=DEFAULT_POLICY,
        help="tier policy (default: gradebook/policy.yml)",
    )
    tiers.add_argument("--json", action="store_true", help="print JSON instead of a table")
    tiers.set_defaults(func=_cmd_tiers)

    check = commands.add_parser(
        "check",
        help="validate course and exam content, trainer files, blueprint and HR policy, "
        "with file and line",
        description="Check every content file under each PATH, all together: YAML syntax, "
        "schema, dangling or unreachable steps, steps with no way to an ending, duplicate ids "
        "(also between the course and the exams), missing zh/en texts, duplicate lexicon "
        "phrases; trainer files against questions.yml and the notebook (keys, points, "
        "explanations); the blueprint's facts and references; the HR policy and the exams "
        "it names. Exit status 1 if there is any problem.",
    )
    check.add_argument(
        "paths", nargs="*", type=Path, metavar="PATH",
        help="content folders or files, checked together (default: course/, "
        "exams/source/, which holds the practical exam's own scenarios and lexicon, "
        "exams/trainer/, exams/blueprint.yml and gradebook/policy.yml)",
    )  # fmt: skip
    check.set_defaults(func=_cmd_check)

    reply = commands.add_parser(
        "reply-check",
        help="find forbidden phrases, polite phrases and moves in a reply or script",
        description="Analyse TEXT as the reply analysis of the role-plays does (traditional "
        "Chinese and full-width text are folded first). Exit status 1 if a forbidden phrase "
        "is found.",
    )
    reply.add_argument("text", metavar="TEXT", help="the reply to check (quote it)")
    reply.add_argument(
        "--lang", choices=["zh", "en"], default=None,
        help="match only this language's phrases (default: both)",
    )  # fmt: skip
    reply.add_argument("--json", action="store_true", help="print JSON instead of text")
    reply.add_argument(
        "--mid-call", action="store_true",
        help="the text does not open a call: blunt openers (哪里, 找谁) are not flagged",
    )  # fmt: skip
    reply.add_argument(
        "--lexicon", type=Path, default=DEFAULT_LEXICON,
        help="lexicon folder (default: course/lexicon/)",
    )  # fmt: skip
    reply.set_defaults(func=_cmd_reply_check)

    _add_exam_commands(commands)
    _add_report_parser(commands)
    _add_hr_commands(commands)
    from frontline.hub.cli import add_hub_commands
    from frontline.roleplay.tone.cli import add_reply_model_commands

    add_hub_commands(commands)
    add_reply_model_commands(commands)
    return parser


def _add_hr_commands(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """HR's records, onboarding, KPI appraisal and certificates (argparse-only modules)."""
    from frontline.hr.records.cli import add_records_commands
    from frontline.report.certificate_verify import add_certificate_commands

    add_records_commands(commands)
    add_certificate_commands(commands)


def _add_exam_commands(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """`frontline exams ...`: the one place where exam command groups are registered.

    Each group lives in its own module under frontline.exams and exposes one
    `add_..._commands(subparsers)` function; those modules import only argparse at
    module level, so `frontline --help` stays fast.
    """
    from frontline.exams.cli.pipeline import add_pipeline_commands
    from frontline.exams.cli.review import add_review_commands
    from frontline.exams.cli.stats import add_stats_commands

    exams = commands.add_parser(
        "exams",
        help="the trainer's exam cycle over nbgrader: build, release, collect, grade, "
        "feedback, stats, retake, author",
        description="Trainer commands over nbgrader's own pipeline, on the course folder "
        "and gradebook that formgrader uses.",
    )
    groups = exams.add_subparsers(dest="exams_command", metavar="STEP", required=True)
    add_pipeline_commands(groups)  # build, release, collect, grade
    add_review_commands(groups)  # author, feedback, retake
    add_stats_commands(groups)  # item analysis


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        code: int = args.func(args)
    except FrontlineError as exc:
        print(f"frontline {args.command}: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        # Output piped into `head` and closed early: not an error worth a traceback.
        sys.stderr.close()
        return 0
    return code


def run() -> None:
    """The `frontline` command."""
    code = main()
    # The interpreter's last garbage collection walks every object that nbgrader,
    # SQLAlchemy and pandas created at import: about 0.3 s spent after the work is
    # done. Frozen objects are skipped; files and connections were closed already.
    gc.freeze()
    sys.exit(code)


if __name__ == "__main__":
    run()
