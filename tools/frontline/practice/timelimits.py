"""The service time-limit table (`course/time-limits.yml`) as validated data.

The limits are settings with defaults (DOMAIN.md §4): a centre edits the YAML,
and the drill and `frontline check` use whatever it says.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from frontline.core.course import REPO_ROOT
from frontline.core.i18n import Text
from frontline.core.yamlfile import read_yaml, text_field
from frontline.practice.content import check_keys, ident

DEFAULT_TIME_LIMITS = REPO_ROOT / "course" / "time-limits.yml"


@dataclass(frozen=True)
class TimeLimit:
    id: str
    case: Text
    limit: Text
    examples: tuple[Text, ...]


@dataclass(frozen=True)
class TimeLimitTable:
    path: Path
    limits: tuple[TimeLimit, ...]

    def get(self, limit_id: str) -> TimeLimit:
        for row in self.limits:
            if row.id == limit_id:
                return row
        raise KeyError(limit_id)

    def distinct_limits(self) -> tuple[Text, ...]:
        """Each limit once, in table order (rows may share one, e.g. 10 minutes)."""
        seen: dict[Text, None] = {}
        for row in self.limits:
            seen.setdefault(row.limit, None)
        return tuple(seen)


def load_time_limits(path: Path = DEFAULT_TIME_LIMITS) -> TimeLimitTable:
    """Load and validate the table; every error names the file, line and key."""
    doc = read_yaml(path)
    top = check_keys(doc, doc.data, required={"limits"})
    raw_rows = top["limits"]
    if not isinstance(raw_rows, list) or not raw_rows:
        raise doc.error("'limits' must be a non-empty list of rows", "limits")
    rows: list[TimeLimit] = []
    seen: dict[str, int] = {}
    limit_by_zh: dict[str, tuple[Text, int]] = {}
    for i, raw in enumerate(raw_rows):
        where: tuple[str | int, ...] = ("limits", i)
        item = check_keys(
            doc,
            raw,
            required={"id", "case", "limit"},
            optional=frozenset({"examples"}),
            where=where,
        )
        row_id = ident(doc, item["id"], "a row id", *where, "id")
        if row_id in seen:
            raise doc.error(f"duplicate id {row_id!r} (first in row {seen[row_id] + 1})", *where)
        seen[row_id] = i
        limit = text_field(doc, item["limit"], *where, "limit")
        earlier = limit_by_zh.get(limit.zh)
        if earlier is not None and earlier[0] != limit:
            # The drill offers each distinct limit once, so one limit must not be
            # spelt two ways in English.
            raise doc.error(
                f"same Chinese limit as row {earlier[1] + 1} but different English text",
                *where,
                "limit",
            )
        limit_by_zh.setdefault(limit.zh, (limit, i))
        raw_examples = item.get("examples", [])
        if not isinstance(raw_examples, list):
            raise doc.error("'examples' must be a list of {zh, en} texts", *where, "examples")
        examples = tuple(
            text_field(doc, ex, *where, "examples", j) for j, ex in enumerate(raw_examples)
        )
        rows.append(
            TimeLimit(
                id=row_id,
                case=text_field(doc, item["case"], *where, "case"),
                limit=limit,
                examples=examples,
            )
        )
    if len({row.limit for row in rows}) < 2:
        raise doc.error("the drill needs at least two different limits", "limits")
    return TimeLimitTable(path=path, limits=tuple(rows))
