"""Collect every problem in a content file instead of stopping at the first.

`frontline check` wants the whole list; loading for play wants none. Both share
the same parsing code, which reports into a `Problems` list.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from frontline.core.errors import InputFileError
from frontline.core.i18n import LANGUAGES, Text
from frontline.core.yamlfile import YamlDocument

LANG_NAMES = {"zh": "Chinese", "en": "English"}


class ContentError(InputFileError):
    """A content file that cannot be used; names the first problem and counts the rest."""

    def __init__(self, problems: list[InputFileError]) -> None:
        first = problems[0]
        message = first.reason
        if len(problems) > 1:
            message += f" (and {len(problems) - 1} more; `frontline check` lists them all)"
        super().__init__(first.path, message, line=first.line, key=first.key)
        self.problems = problems


class Problems:
    def __init__(self, doc: YamlDocument) -> None:
        self.doc = doc
        self.items: list[InputFileError] = []

    @property
    def path(self) -> Path:
        return self.doc.path

    def add(self, message: str, *where: str | int) -> None:
        self.items.append(self.doc.error(message, *where))

    def raise_if_any(self) -> None:
        if self.items:
            raise ContentError(self.items)

    # Small typed readers: each returns None (and records why) when the value is wrong.

    def mapping(self, raw: Any, *where: str | int) -> dict[str, Any] | None:
        if not isinstance(raw, dict):
            self.add(f"must be a mapping, not {_kind(raw)}", *where)
            return None
        return raw

    def known_keys(
        self, raw: dict[str, Any], required: tuple[str, ...], optional: tuple[str, ...],
        *where: str | int,
    ) -> None:  # fmt: skip
        for key in required:
            if key not in raw:
                self.add(f"'{key}' is missing", *where)
        for key in raw:
            if key not in required and key not in optional:
                allowed = ", ".join(required + optional)
                self.add(f"unknown key '{key}' (allowed: {allowed})", *where, str(key))

    def string(self, raw: Any, *where: str | int) -> str | None:
        if not isinstance(raw, str) or not raw.strip():
            self.add(f"must be a non-empty text, not {_kind(raw)}", *where)
            return None
        return raw.strip()

    def integer(self, raw: Any, low: int, high: int, *where: str | int) -> int | None:
        if isinstance(raw, bool) or not isinstance(raw, int):
            self.add(f"must be a whole number from {low} to {high}, not {_kind(raw)}", *where)
            return None
        if not low <= raw <= high:
            self.add(f"must be from {low} to {high}, not {raw}", *where)
            return None
        return raw

    def one_of(self, raw: Any, allowed: tuple[str, ...], *where: str | int) -> str | None:
        if raw not in allowed:
            self.add(f"must be one of {', '.join(allowed)}, not {raw!r}", *where)
            return None
        return str(raw)

    def string_list(self, raw: Any, *where: str | int) -> tuple[str, ...] | None:
        if not isinstance(raw, list):
            self.add(f"must be a list, not {_kind(raw)}", *where)
            return None
        items = [self.string(item, *where, i) for i, item in enumerate(raw)]
        if any(item is None for item in items):
            return None
        return tuple(item for item in items if item is not None)

    def text(self, raw: Any, *where: str | int) -> Text | None:
        """A trainee-facing text: a mapping with both `zh` and `en`."""
        if not isinstance(raw, dict):
            self.add(f"must be a mapping with zh and en, not {_kind(raw)}", *where)
            return None
        values: dict[str, str] = {}
        for lang in LANGUAGES:
            value = raw.get(lang)
            if value is None:
                self.add(f"missing the {LANG_NAMES[lang]} text ({lang})", *where)
            elif not isinstance(value, str) or not value.strip():
                self.add(f"the {LANG_NAMES[lang]} text must not be empty", *where, lang)
            else:
                values[lang] = value.strip()
        for key in raw:
            if key not in LANGUAGES:
                self.add(f"unknown language '{key}' (use zh and en)", *where, str(key))
        if len(values) != len(LANGUAGES):
            return None
        return Text(zh=values["zh"], en=values["en"])


def _kind(raw: Any) -> str:
    if raw is None:
        return "nothing"
    if isinstance(raw, str):
        return f"the text {raw!r}" if raw.strip() else "an empty text"
    return {dict: "a mapping", list: "a list", bool: "true/false"}.get(type(raw), repr(raw))
