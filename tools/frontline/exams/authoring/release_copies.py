"""Release only the player's copy of an exam's scenarios, never the trainer's.

nbgrader's generate_assignment copies every non-notebook file of an exam's source
folder into `release/` as it is; for an exam with role-play scenarios
(`source/<exam>/scenarios/*.yml`, which is how an exam declares them) that copy is
the answer key. Right after nbgrader has written `release/<exam>/`, each scenario
there is replaced by its player's copy (`frontline.roleplay.player_copy`). Two
hooks run it: `pipeline.build`, which also checks the result and refuses to go on,
and `nbgrader_post_generate` (named in `exams/nbgrader_config.py`), so nbgrader's
own command line and formgrader's Generate button release the same files.
nbgrader only logs a failing hook, which is why `pipeline.build` and
`pipeline.release` check the release folder themselves.

The source folder keeps the full copies: autograde copies them back over a
submission before the hidden tests score it.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from frontline.core.atomic import write_text_atomic
from frontline.roleplay.loader import scenario_files
from frontline.roleplay.player_copy import answer_key_fields, player_copy

SCENARIOS_DIR = "scenarios"


def write_player_copies(source_dir: Path, release_dir: Path) -> list[Path]:
    """Replace every released scenario of one exam by the player's copy of its source."""
    source = source_dir / SCENARIOS_DIR
    if not source.is_dir():
        return []
    written: list[Path] = []
    for path in scenario_files(source):
        target = release_dir / SCENARIOS_DIR / path.name
        # keep nbgrader's permissions (read-only by default) on the replaced file
        mode = target.stat().st_mode & 0o777 if target.exists() else 0o644
        write_text_atomic(target, player_copy(path.read_text(encoding="utf-8")))
        os.chmod(target, mode)
        written.append(target)
    return written


def release_problems(release_dir: Path) -> list[str]:
    """Released scenario files that would hand trainees the answer key."""
    import yaml

    folder = release_dir / SCENARIOS_DIR
    if not folder.is_dir():
        return []
    problems: list[str] = []
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        try:
            raw = yaml.safe_load(path.read_text(encoding="utf-8"))
        except (yaml.YAMLError, UnicodeDecodeError):
            problems.append(f"{path}: not a scenario file; only player's copies may be released")
            continue
        fields = sorted({str(where[-1]) for where in answer_key_fields(raw)})
        if fields or not (isinstance(raw, dict) and raw.get("player_copy") is True):
            what = ", ".join(fields) or "no player_copy mark"
            problems.append(f"{path}: the trainer's scenario copy ({what}), not the player's")
    return problems


def nbgrader_post_generate(assignment: str, notebooks: list[str], **_: Any) -> None:
    """nbgrader GenerateAssignment.post_convert_hook: `notebooks` are the source
    notebooks, in `<course>/source/<exam>/`; the release is `<course>/release/<exam>/`
    (nbgrader's default folder names, which this course keeps)."""
    if not notebooks:
        return
    source_dir = Path(notebooks[0]).resolve().parent
    release_dir = source_dir.parents[1] / "release" / source_dir.name
    if release_dir.is_dir():
        write_player_copies(source_dir, release_dir)


def nbgrader_post_feedback(assignment: str, notebooks: list[str], **_: Any) -> None:
    """nbgrader GenerateFeedback.post_convert_hook: feedback folders get a copy of every
    file of the graded submission, and there the scenarios are the trainer's (autograde
    put them back), so they become player's copies again. `notebooks` are in
    `<course>/autograded/<trainee>/<exam>/`; the feedback is `<course>/feedback/...`."""
    if not notebooks:
        return
    graded_dir = Path(notebooks[0]).resolve().parent
    trainee, course = graded_dir.parent, graded_dir.parents[2]
    feedback_dir = course / "feedback" / trainee.name / graded_dir.name
    if feedback_dir.is_dir():
        write_player_copies(graded_dir, feedback_dir)
