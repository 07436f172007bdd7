"""`frontline exams stats EXAM`: item analysis for trainers (argparse wiring only).

Heavy imports (pandas, matplotlib, nbgrader) happen inside the command, so
`frontline --help` stays fast.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING, Any

from frontline.exams.cli.pipeline import course_dir_option
from frontline.exams.stats.items import StatsSettings

if TYPE_CHECKING:
    import pandas as pd

    from frontline.core.course import Course

_DEFAULTS = StatsSettings()


def default_out_dir(course_root: Path, exam: str) -> Path:
    """Beside the gradebook: <course>/../gradebook/reports/stats/<exam>/."""
    return course_root.parent / "gradebook" / "reports" / "stats" / exam


def _cmd_stats(args: argparse.Namespace) -> int:
    from frontline.core.course import Course
    from frontline.core.errors import FrontlineError
    from frontline.exams.stats.items import item_analysis
    from frontline.exams.stats.output import item_table, summary_lines, write_item_files
    from frontline.exams.stats.reliability import reliability
    from frontline.exams.stats.reliability_output import reliability_lines
    from frontline.hr.inputs.gradebook import item_grades

    try:
        settings = StatsSettings(
            easy_above=args.easy_above,
            hard_below=args.hard_below,
            weak_below=args.weak_below,
            group_fraction=args.group_fraction,
        )
    except ValueError as exc:
        raise FrontlineError(str(exc)) from None
    course = Course.from_directory(args.course_dir)
    items = item_grades(course, [args.exam])
    if items.empty:
        raise FrontlineError(
            f"no graded submissions of {args.exam!r} in the gradebook ({course.db_url}); "
            f"grade the exam first"
        )
    stats = item_analysis(items, args.exam, settings)
    print(item_table(stats))
    for line in summary_lines(stats):
        print(line)
    for line in reliability_lines(reliability(items, args.exam)):
        print(line)
    out_dir = args.out or default_out_dir(course.root, args.exam)
    files = write_item_files(stats, out_dir)
    files.extend(_per_variant(course, args.exam, items, settings, out_dir))
    files.extend(_distractors(course, args.exam, items, settings, out_dir))
    from frontline.exams.stats.practical import choice_report

    files.extend(choice_report(course, args.exam, items, settings, out_dir, print))
    for path in files:
        print(f"wrote {path}")
    return 0


def _per_variant(
    course: Course, exam: str, items: pd.DataFrame, settings: StatsSettings, out_dir: Path
) -> list[Path]:
    """Each pooled question's variants as items of their own: table and CSV."""
    from frontline.core.atomic import write_text_atomic
    from frontline.exams.model.questions import QUESTIONS_FILE, load_questions
    from frontline.exams.stats.output import item_csv, item_table
    from frontline.exams.stats.variants import VARIANT_CSV, variant_analysis

    questions = course.source / exam / QUESTIONS_FILE
    if not questions.is_file():
        return []
    bank = load_questions(questions)
    if not bank.pools:
        return []
    stats = variant_analysis(items, bank, exam, settings)
    print("Per variant (each trainee counted under the variant their sitting drew):")
    print(item_table(stats))
    path = out_dir / VARIANT_CSV
    write_text_atomic(path, item_csv(stats), encoding="utf-8-sig")
    return [path]


def _distractors(
    course: Course, exam: str, items: pd.DataFrame, settings: StatsSettings, out_dir: Path
) -> list[Path]:
    """The distractor table and CSV, for exams with choice items and a trainer file."""
    from frontline.exams.authoring.retake import named_original
    from frontline.exams.model.trainer_file import trainer_file_path
    from frontline.exams.stats.items import score_matrix
    from frontline.exams.stats.reliability import distractor_analysis
    from frontline.exams.stats.reliability_output import (
        distractor_table,
        write_distractor_file,
    )
    from frontline.exams.stats.selections import choice_items, read_selections, shown_to

    if not (course.source / exam / "questions.yml").is_file() or not trainer_file_path(
        course.root, named_original(exam) or exam
    ).is_file():
        print("Distractor analysis skipped: no questions.yml and trainer file for this exam.")
        return []
    choice = choice_items(course, exam)
    if not choice.options:
        return []
    matrix, _, _ = score_matrix(items)
    totals = matrix.fillna(0.0).sum(axis=1)
    trainees = [str(t) for t in totals.index]
    selections = read_selections(course, exam, trainees, choice)
    shown = shown_to(choice, exam, trainees)
    options = distractor_analysis(
        selections, choice.options, choice.keys, totals, settings, shown
    )
    print(distractor_table(options))
    return [write_distractor_file(options, out_dir)]


def add_stats_commands(subparsers: Any) -> None:
    stats = subparsers.add_parser(
        "stats",
        help="item analysis: facility and discrimination per item, flags, table, CSV and chart",
        description="Reads the exam's item scores from nbgrader's gradebook and reports, per "
        "item, the facility index (mean score / maximum) and the discrimination index D "
        "(upper 27%% minus lower 27%% of trainees ranked by exam total, as a share of the "
        "maximum), with the item-rest correlation beside it. Flags items that are too easy, "
        "too hard, or discriminate weakly or negatively. For role-play exams, also how often "
        "strong and weak trainees took each choice. Writes item-stats.csv (UTF-8 for Excel) "
        "and item-stats.png; for exams with pooled questions, the same per variant "
        "(variant-stats.csv) and distractors per variant.",
    )
    stats.add_argument("exam", help="exam (nbgrader assignment) name, e.g. etiquette-theory")
    course_dir_option(stats)
    stats.add_argument(
        "--out",
        type=Path,
        default=None,
        help="output folder (default: gradebook/reports/stats/EXAM/ beside the course)",
    )
    stats.add_argument(
        "--easy-above",
        type=float,
        default=_DEFAULTS.easy_above,
        help=f"flag as too easy above this facility (default {_DEFAULTS.easy_above})",
    )
    stats.add_argument(
        "--hard-below",
        type=float,
        default=_DEFAULTS.hard_below,
        help=f"flag as too hard below this facility (default {_DEFAULTS.hard_below})",
    )
    stats.add_argument(
        "--weak-below",
        type=float,
        default=_DEFAULTS.weak_below,
        help=f"flag discrimination below this as weak (default {_DEFAULTS.weak_below})",
    )
    stats.add_argument(
        "--group-fraction",
        type=float,
        default=_DEFAULTS.group_fraction,
        help=f"share of trainees in the upper and lower groups (default "
        f"{_DEFAULTS.group_fraction})",
    )
    stats.set_defaults(func=_cmd_stats)
