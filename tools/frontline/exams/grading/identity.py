"""Whose submission a grading kernel is scoring, and for which exam: never the trainee's word.

A pooled slot's hidden test must know the trainee and the sitting to recompute which
variant that trainee was shown. The answers file names both, but a trainee writes
it; so the grading side says it in one of two ways, both outside the trainee's reach:

- plain `nbgrader autograde` runs each notebook with its folder
  `autograded/<student>/<assignment>/` as the kernel's working directory, so the
  path names both (nbgrader chose the folder from its own student and assignment);
- `frontline exams grade` runs kernels in a run folder of their own (a sandbox's
  `/submission`), so its Execute step (`patches.pooled_execute`) writes
  `IDENTITY_FILE` there from nbgrader's resources after copying the submission in,
  overwriting any file of that name a trainee sent. The course's nbgrader config
  also never collects one.

The path wins over the file: under plain nbgrader a file could come from a trainee.
Light on purpose (the grading kernel imports it).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

IDENTITY_FILE = ".frontline-grading.json"
#: nbgrader's default name of the step folder autograde writes into
AUTOGRADED = "autograded"


@dataclass(frozen=True)
class GradingIdentity:
    trainee: str
    exam: str


def write_identity(folder: Path, identity: GradingIdentity) -> None:
    """Written by the grader into a kernel's run folder (replacing a trainee's file)."""
    target = folder / IDENTITY_FILE
    target.unlink(missing_ok=True)  # a symlink from a submission is removed, not followed
    target.write_text(
        json.dumps({"trainee": identity.trainee, "exam": identity.exam}), encoding="utf-8"
    )


def grading_identity(folder: Path | None = None) -> GradingIdentity | None:
    """Who and which exam the kernel working in `folder` (cwd) grades; None outside grading."""
    here = folder if folder is not None else Path.cwd()
    if here.parent.parent.name == AUTOGRADED and here.name and here.parent.name:
        return GradingIdentity(trainee=here.parent.name, exam=here.name)
    try:
        raw = json.loads((here / IDENTITY_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(raw, dict):
        return None
    trainee, exam = raw.get("trainee"), raw.get("exam")
    if not isinstance(trainee, str) or not isinstance(exam, str) or not trainee or not exam:
        return None
    return GradingIdentity(trainee=trainee, exam=exam)
