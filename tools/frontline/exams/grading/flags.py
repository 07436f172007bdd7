"""Grading flags kept in the gradebook database itself (table `frontline_flags`).

One row per finding of the latest grading of a submission: tampered cells, unread
answers files, and "not graded" with the reason. A regrade replaces the rows of
that submission in one transaction, so flags always describe the grades in the
gradebook, survive any number of regrades, and reports read them with plain SQL.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa

metadata = sa.MetaData()
flags_table = sa.Table(
    "frontline_flags",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("course_id", sa.String(128), nullable=False),
    sa.Column("exam", sa.String(128), nullable=False),
    sa.Column("trainee_id", sa.String(128), nullable=False),
    sa.Column("kind", sa.String(32), nullable=False),
    sa.Column("cell", sa.String(256), nullable=False, default=""),
    sa.Column("detail", sa.Text, nullable=False, default=""),
    sa.Column("recorded_at", sa.String(32), nullable=False),
    sa.Index("ix_frontline_flags_submission", "course_id", "exam", "trainee_id"),
)

NOT_GRADED = "not_graded"


@dataclass(frozen=True)
class Flag:
    trainee_id: str
    kind: str
    cell: str
    detail: str


def ensure_table(engine: sa.Engine) -> None:
    metadata.create_all(engine, tables=[flags_table], checkfirst=True)


def replace_flags(
    connection: Any, course_id: str, exam: str, trainee_id: str, flags: Iterable[Flag]
) -> None:
    """The flags of one submission's latest grading, replacing earlier ones.

    `connection` is a SQLAlchemy Connection or Session; the caller commits, so the flags
    land in the same transaction as the grades they describe.
    """
    key = (
        (flags_table.c.course_id == course_id)
        & (flags_table.c.exam == exam)
        & (flags_table.c.trainee_id == trainee_id)
    )
    connection.execute(flags_table.delete().where(key))
    now = datetime.now(UTC).isoformat(timespec="seconds")
    rows: list[dict[str, Any]] = [
        {
            "course_id": course_id,
            "exam": exam,
            "trainee_id": trainee_id,
            "kind": f.kind,
            "cell": f.cell,
            "detail": f.detail,
            "recorded_at": now,
        }
        for f in flags
    ]
    if rows:
        connection.execute(flags_table.insert(), rows)


def read_flags(db_url: str, course_id: str, exam: str) -> list[Flag]:
    engine = sa.create_engine(db_url)
    try:
        ensure_table(engine)
        with engine.connect() as connection:
            rows = connection.execute(
                sa.select(
                    flags_table.c.trainee_id,
                    flags_table.c.kind,
                    flags_table.c.cell,
                    flags_table.c.detail,
                )
                .where((flags_table.c.course_id == course_id) & (flags_table.c.exam == exam))
                .order_by(flags_table.c.trainee_id, flags_table.c.id)
            ).all()
    finally:
        engine.dispose()
    return [Flag(str(r[0]), str(r[1]), str(r[2]), str(r[3])) for r in rows]
