"""Small shared checks for the practice data files (time limits, quizzes)."""

from __future__ import annotations

import re
from typing import Any

from frontline.core.yamlfile import YamlDocument

ID_PATTERN = re.compile(r"^[A-Za-z0-9_-]+$")


def check_keys(
    doc: YamlDocument,
    value: Any,
    *,
    required: set[str],
    optional: frozenset[str] = frozenset(),
    where: tuple[str | int, ...] = (),
) -> dict[str, Any]:
    """The mapping at `where`, refusing unknown keys and naming a missing one."""
    if not isinstance(value, dict):
        raise doc.error(f"expected a mapping with {sorted(required)}", *where)
    allowed = required | optional
    for key in value:
        if key not in allowed:
            raise doc.error(f"unknown key; expected one of {sorted(allowed)}", *where, str(key))
    for key in sorted(required):
        if key not in value:
            raise doc.error(f"'{key}' is missing", *where)
    return value


def ident(doc: YamlDocument, value: Any, what: str, *where: str | int) -> str:
    if not isinstance(value, str) or not ID_PATTERN.match(value):
        raise doc.error(f"{what} must be letters, digits, '-' or '_', not {value!r}", *where)
    return value
