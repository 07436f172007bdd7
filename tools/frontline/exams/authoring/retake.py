"""Retake versions of an exam: same questions, a new item order, a new option shuffle.

`EXAM-retake-N` is an exam folder of its own (nbgrader grades it like any other)
holding the original's questions in another order. Options are shuffled per
trainee with the exam id in the seed, so the new id is a new shuffle salt; a pooled
question keeps every variant, and retake N draws sitting N of each trainee's
permutation (`frontline.exams.model.draw`), another variant wherever the pool has two. The key
stays in one place: the retake's notebook is written from the original's trainer
file. The link to the original is stored in the gradebook database, in the table
`frontline_retake` (exam, retake_of, number, created), next to nbgrader's own
`assignment` row, so reports can read both with one query.
"""

from __future__ import annotations

import hashlib
import os
import random
import re
import shutil
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import TYPE_CHECKING

import yaml

from frontline.core.atomic import write_text_atomic
from frontline.core.course import Course, prepare_nbgrader
from frontline.core.errors import FrontlineError
from frontline.exams.authoring.notebook import load_exam_data, notebook_text
from frontline.exams.model.questions import QUESTIONS_FILE, Option, Question, QuestionBank

if TYPE_CHECKING:
    import sqlalchemy as sa

RETAKE_TABLE = "frontline_retake"
_RETAKE_NAME = re.compile(r"^(?P<exam>.+)-retake-(?P<number>\d+)$")


@dataclass(frozen=True)
class Retake:
    exam_id: str
    retake_of: str
    number: int
    question_order: tuple[str, ...]


def _table() -> sa.Table:
    import sqlalchemy as sa

    metadata = sa.MetaData()
    return sa.Table(
        RETAKE_TABLE,
        metadata,
        sa.Column("exam", sa.String(128), primary_key=True),
        sa.Column("retake_of", sa.String(128), nullable=False),
        sa.Column("number", sa.Integer, nullable=False),
        sa.Column("created", sa.String(32), nullable=False),
    )


def retake_of(course: Course, exam_id: str) -> str | None:
    """The original exam of a retake, as recorded in the gradebook; None for an original."""
    import sqlalchemy as sa

    engine = sa.create_engine(course.db_url)
    try:
        if not sa.inspect(engine).has_table(RETAKE_TABLE):
            return None
        table = _table()
        with engine.connect() as connection:
            row = connection.execute(
                sa.select(table.c.retake_of).where(table.c.exam == exam_id)
            ).first()
    finally:
        engine.dispose()
    return str(row[0]) if row else None


def original_exam(course: Course, exam_id: str) -> str:
    """The exam whose trainer file keys `exam_id` (itself unless it is a retake)."""
    recorded = retake_of(course, exam_id)
    if recorded:
        return recorded
    named = named_original(exam_id)
    if named and (course.source / named).is_dir():
        return named
    return exam_id


def named_original(exam_id: str) -> str | None:
    """The exam a retake's name says it mends (`EXAM-retake-N` -> EXAM), else None."""
    match = _RETAKE_NAME.match(exam_id)
    return match.group("exam") if match else None


def _next_number(course: Course, exam_id: str) -> int:
    taken = [
        int(m.group("number"))
        for path in course.source.glob(f"{exam_id}-retake-*")
        if (m := _RETAKE_NAME.match(path.name)) and m.group("exam") == exam_id
    ]
    return max(taken, default=0) + 1


def _new_order(ids: tuple[str, ...], salt: str) -> tuple[str, ...]:
    """A stable shuffle of the questions that is never the original order."""
    for attempt in range(100):
        seed = hashlib.sha256(f"{salt}\x1f{attempt}".encode()).digest()
        order = list(ids)
        random.Random(seed).shuffle(order)
        if tuple(order) != ids:
            return tuple(order)
    raise FrontlineError("an exam with a single question cannot be reordered")


def _option_yaml(option: Option) -> dict[str, str]:
    return {"id": option.id, "zh": option.text.zh, "en": option.text.en}


def _content_yaml(question: Question) -> dict[str, object]:
    raw: dict[str, object] = {"prompt": {"zh": question.prompt.zh, "en": question.prompt.en}}
    if question.items:
        raw["items"] = [_option_yaml(item) for item in question.items]
    if question.options:
        raw["options"] = [_option_yaml(option) for option in question.options]
    return raw


def _question_yaml(bank: QuestionBank, question: Question) -> dict[str, object]:
    raw: dict[str, object] = {"id": question.id, "kind": question.kind}
    if bank.pooled(question.id):
        # Every variant again: the retake's own id draws each trainee another one.
        raw["variants"] = [
            {"id": variant.variant, **_content_yaml(variant)}
            for variant in bank.variants(question.id)
        ]
    else:
        raw.update(_content_yaml(question))
    return raw


def questions_yaml(bank: QuestionBank, note: str) -> str:
    data = {
        "exam": bank.exam_id,
        "title": {"zh": bank.title.zh, "en": bank.title.en},
        "questions": [_question_yaml(bank, q) for q in bank.questions],
    }
    body = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)
    return f"# {note}\n{body}"


def _record(course: Course, retake: Retake) -> None:
    import sqlalchemy as sa
    from nbgrader.api import Gradebook

    prepare_nbgrader()
    # nbgrader creates its own schema only in an empty database, so it goes first.
    with Gradebook(course.db_url, course.course_id) as gradebook:
        gradebook.update_or_create_assignment(retake.exam_id)
    table = _table()
    engine = sa.create_engine(course.db_url)
    try:
        table.metadata.create_all(engine)
        with engine.begin() as connection:
            connection.execute(sa.delete(table).where(table.c.exam == retake.exam_id))
            connection.execute(
                sa.insert(table).values(
                    exam=retake.exam_id,
                    retake_of=retake.retake_of,
                    number=retake.number,
                    created=datetime.now(UTC).isoformat(timespec="seconds"),
                )
            )
    finally:
        engine.dispose()


def make_retake(course: Course, exam_id: str) -> Retake:
    """Write `source/EXAM-retake-N/` and record it in the gradebook as a retake of EXAM."""
    original = original_exam(course, exam_id)
    bank, trainer = load_exam_data(course.root, original)
    number = _next_number(course, original)
    new_id = f"{original}-retake-{number}"
    order = _new_order(tuple(q.id for q in bank.questions), new_id)
    retake_bank = replace(bank, exam_id=new_id, questions=tuple(bank.get(qid) for qid in order))
    final = course.source / new_id
    staging = course.source / f".{new_id}.partial"
    shutil.rmtree(staging, ignore_errors=True)
    try:
        note = (
            f"Retake {number} of {original}: the same questions in another order. "
            f"Written by `frontline exams retake`; keys are in trainer/{original}.yml."
        )
        write_text_atomic(staging / QUESTIONS_FILE, questions_yaml(retake_bank, note))
        write_text_atomic(staging / f"{new_id}.ipynb", notebook_text(retake_bank, trainer))
        # Renaming the finished folder means nbgrader never sees half a retake.
        os.rename(staging, final)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    retake = Retake(exam_id=new_id, retake_of=original, number=number, question_order=order)
    _record(course, retake)
    return retake
