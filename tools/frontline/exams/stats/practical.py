"""Role-play choices for item analysis: who took which choice, from graded transcripts.

Reads the transcripts that counted (`find_transcript`) in each trainee's autograded
folder, which nbgrader has already checked out against the trainer's scenario
copies; only choices are read, never a score written in a transcript.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from frontline.core.course import Course
from frontline.exams.grading.practical import (
    LEXICON_DIR,
    SCENARIOS_DIR,
    find_transcript,
    released_sha256,
)
from frontline.exams.stats.items import StatsSettings, choice_analysis

if TYPE_CHECKING:
    import pandas as pd


def transcript_choices(course: Course, exam: str, trainees: list[str]) -> pd.DataFrame:
    """One row per choice made: trainee_id, scenario, step, choice."""
    import pandas as pd

    from frontline.core.errors import FrontlineError
    from frontline.roleplay import load_lexicon, load_scenario, load_transcript
    from frontline.roleplay.transcript import replay

    rows: list[dict[str, str]] = []
    for trainee in trainees:
        folder = course.autograded / trainee / exam
        for scenario_file in sorted((folder / SCENARIOS_DIR).glob("*.yml")):
            try:
                path = find_transcript(folder, scenario_file.stem)
                if path is None:
                    continue
                transcript = load_transcript(path)
                # Only plays that replay on the trainer's scenario count, as in grading;
                # trainees play the released player's copy of it.
                replay(
                    transcript,
                    load_scenario(scenario_file),
                    load_lexicon(folder / LEXICON_DIR),
                    also_accept={released_sha256(scenario_file)},
                )
                events = transcript.events
            except (FrontlineError, OSError):
                continue
            rows.extend(
                {"trainee_id": trainee, "scenario": scenario_file.stem, "step": e.step,
                 "choice": e.choice}
                for e in events
                if e.choice is not None
            )  # fmt: skip
    return pd.DataFrame(rows, columns=["trainee_id", "scenario", "step", "choice"])


def choice_report(
    course: Course,
    exam: str,
    items: pd.DataFrame,
    settings: StatsSettings,
    out_dir: Path,
    say: Callable[[str], None] = print,
) -> list[Path]:
    """Per-choice table and CSV for an exam with role-play transcripts; nothing otherwise."""
    from frontline.exams.stats.output import choice_table, write_choice_file

    totals = items.groupby("trainee_id")["score"].sum()
    choices = transcript_choices(course, exam, [str(t) for t in totals.index])
    if choices.empty:
        return []
    stats = choice_analysis(choices, totals, settings)
    say("")
    say("Role-play choices (upper/lower: trainees of each group who took the choice):")
    say(choice_table(stats))
    return [write_choice_file(stats, out_dir)]
