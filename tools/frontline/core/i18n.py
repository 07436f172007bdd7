"""Bilingual text: every trainee-facing string exists in Simplified Chinese and English."""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Literal

Lang = Literal["zh", "en"]
LANGUAGES: tuple[Lang, ...] = ("zh", "en")
DEFAULT_LANG: Lang = "zh"


@dataclass(frozen=True)
class Text:
    zh: str
    en: str

    def get(self, lang: Lang) -> str:
        return self.zh if lang == "zh" else self.en


def parse_lang(value: str | None, default: Lang = DEFAULT_LANG) -> Lang:
    """Read a language code leniently ('zh-CN', 'EN') and fall back to the default."""
    if not value:
        return default
    code = value.strip().lower()[:2]
    for lang in LANGUAGES:
        if code == lang:
            return lang
    return default


def preferred_lang() -> Lang:
    """The trainee's language: FRONTLINE_LANG if set, else Chinese."""
    return parse_lang(os.environ.get("FRONTLINE_LANG"))
