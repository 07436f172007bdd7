"""The practical exam's copy of the phrase lists: produced from `course/lexicon/`, never edited.

An exam that scores typed replies keeps its own frozen copy of the lexicon in
`exams/source/EXAM/lexicon/`, because its hidden tests pin the copy's digest: a
lexicon edited after the exam was released must not change the scores of trainees
who already sat it. But the copy must say what the course teaches. So there is one
source, `course/lexicon/`, and the copy is written from it when the exam is built
(`frontline exams build`), its digests refreshed in the same step; `frontline check`
reports a copy that differs from what building would write, i.e. one edited by hand
or left behind after the course's lists changed.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from frontline.core.atomic import write_text_atomic
from frontline.core.course import DEFAULT_LEXICON
from frontline.core.errors import InputFileError
from frontline.roleplay.lexicon import FILES
from frontline.roleplay.tone.model import MODEL_FILE

LEXICON_DIR = "lexicon"
HEADER = (
    "# GENERATED from course/lexicon/{name} by `frontline exams build`: edit that file,\n"
    "# never this copy (frontline check refuses a copy that differs).\n"
)
MODEL_HEADER = (
    "# GENERATED from course/lexicon/{name} by `frontline exams build`: retrain that file\n"
    "# (`frontline reply-model train`), never edit this copy (frontline check refuses it).\n"
)


@dataclass(frozen=True)
class CopyPlan:
    """One file of an exam's lexicon copy: where it goes and what it must hold."""

    source: Path
    target: Path
    text: str

    @property
    def stale(self) -> bool:
        try:
            return self.target.read_text(encoding="utf-8") != self.text
        except OSError:
            return True


def course_lexicon_for(exam_source: Path) -> Path:
    """The course's phrase lists for a course folder: `../course/lexicon` beside `exams/`
    when that course has its own, otherwise the repository's."""
    own = exam_source.resolve().parents[2] / "course" / LEXICON_DIR
    return own if own.is_dir() else DEFAULT_LEXICON


def plan_copy(exam_source: Path, course_lexicon: Path | None = None) -> list[CopyPlan]:
    """What the exam's lexicon copy must hold; empty for an exam without one."""
    if not (exam_source / LEXICON_DIR).is_dir():
        return []
    lexicon = course_lexicon or course_lexicon_for(exam_source)
    plans = []
    names = [*FILES.values(), *([MODEL_FILE] if (lexicon / MODEL_FILE).is_file() else [])]
    for name in names:
        source = lexicon / name
        header = MODEL_HEADER if name == MODEL_FILE else HEADER
        text = header.format(name=name) + source.read_text(encoding="utf-8")
        plans.append(CopyPlan(source, exam_source / LEXICON_DIR / name, text))
    return plans


def write_copy(exam_source: Path, course_lexicon: Path | None = None) -> list[Path]:
    """Bring the exam's copy up to date; refresh the hidden tests' digests if it changed.

    Returns the files written (none when the copy was current).
    """
    written = []
    for plan in plan_copy(exam_source, course_lexicon):
        if plan.stale:
            write_text_atomic(plan.target, plan.text)
            written.append(plan.target)
    if written and (exam_source / f"{exam_source.name}.ipynb").is_file():
        from frontline.exams.grading.practical import refresh_digests

        refresh_digests(exam_source, f"{exam_source.name}.ipynb")
    return written


def copy_problems(lexicon_folders: list[Path]) -> list[InputFileError]:
    """`frontline check`: every exam lexicon file that building would rewrite."""
    problems = []
    for folder in lexicon_folders:
        for plan in plan_copy(folder.parent):
            if plan.stale:
                problems.append(
                    InputFileError(
                        plan.target,
                        f"differs from {plan.source}: the exam's copy is produced from the "
                        f"course's lists, never edited; edit {plan.source.name} in the course "
                        f"and run `frontline exams build {folder.parent.name}`",
                    )
                )
    return problems
