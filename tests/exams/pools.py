"""A small pooled exam in a temporary course, for the item-pool tests.

`tests/data/pooled-exam/` holds its questions.yml (three pooled questions of three
kinds, one flat) and trainer file; `pooled_course` lays them out as the repository
does and writes the notebook from them with `frontline exams author`'s function.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from frontline.core.course import Course
from frontline.exams.authoring.notebook import write_exam_notebook
from frontline.exams.model.questions import QUESTIONS_FILE, QuestionBank, load_questions
from frontline.exams.model.trainer_file import TrainerFile, load_trainer_file
from tests.conftest import make_course

DATA = Path(__file__).resolve().parents[1] / "data" / "pooled-exam"
POOLED = "pooled"


def pooled_files(folder: Path) -> tuple[Path, Path]:
    """questions.yml and the trainer file, copied into `folder` (for editing in a test)."""
    folder.mkdir(parents=True, exist_ok=True)
    questions = shutil.copy(DATA / QUESTIONS_FILE, folder / QUESTIONS_FILE)
    trainer = shutil.copy(DATA / f"{POOLED}.yml", folder / f"{POOLED}.yml")
    return Path(questions), Path(trainer)


def pooled_data() -> tuple[QuestionBank, TrainerFile]:
    bank = load_questions(DATA / QUESTIONS_FILE)
    return bank, load_trainer_file(DATA / f"{POOLED}.yml", bank)


def pooled_course(base: Path) -> Course:
    """A course with only the pooled exam, its notebook written from its data."""
    course = make_course(base, exams=())
    (course.source / POOLED).mkdir()
    shutil.copy(DATA / QUESTIONS_FILE, course.source / POOLED / QUESTIONS_FILE)
    shutil.copy(DATA / f"{POOLED}.yml", course.root / "trainer" / f"{POOLED}.yml")
    write_exam_notebook(course.root, POOLED)
    return course
