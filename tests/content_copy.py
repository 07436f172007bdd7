"""A copy of the repository's checked content in a temporary folder, to break one thing.

Only the files `frontline check` reads are copied (exam sources, trainer files, the
blueprint and the HR policy), laid out as in the repository so each checker finds
its neighbours: exams/source beside exams/trainer, gradebook/ beside exams/.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from frontline.core.course import REPO_ROOT

EXAMS = REPO_ROOT / "exams"


def copy_content(base: Path) -> Path:
    """Copy the content into `base`; returns the copy's exams/ folder."""
    exams = base / "exams"
    shutil.copytree(EXAMS / "source", exams / "source")
    shutil.copytree(EXAMS / "trainer", exams / "trainer")
    shutil.copy(EXAMS / "blueprint.yml", exams / "blueprint.yml")
    (base / "gradebook").mkdir()
    shutil.copy(REPO_ROOT / "gradebook" / "policy.yml", base / "gradebook" / "policy.yml")
    return exams


def replace_once(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} is not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def line_of(path: Path, needle: str) -> int:
    """The 1-based line of the first line holding `needle` in `path`."""
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if needle in line:
            return number
    raise AssertionError(f"{needle!r} is not in {path}")
