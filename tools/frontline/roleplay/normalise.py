"""Fold text before phrase matching, remembering where each folded character came from.

Chinese: traditional -> simplified (OpenCC), full-width -> half-width (NFKC), case
folded, punctuation and spaces dropped, so `喊什麼,等一下` and `喊 什么 ， 等一下`
both fold to `喊什么等一下`. English: NFKC, case folded, curly apostrophes made
straight, every run of other characters one space, so phrases match whole words.
Each folded character keeps the span of the original it came from, so a finding
can point at the trainee's own words.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

APOSTROPHES = "'‘’ʼ`´"


@dataclass(frozen=True)
class Folded:
    text: str
    starts: tuple[int, ...]  # original index of each folded character
    ends: tuple[int, ...]  # original end index (exclusive) of each folded character

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        return self.starts[start], self.ends[end - 1]


@lru_cache(maxsize=1)
def _converter() -> Any:
    import opencc

    return opencc.OpenCC("t2s.json")


def to_simplified(text: str) -> str:
    """Traditional -> simplified, always the same length as the input.

    OpenCC converts phrase by phrase; should a phrase ever change length, fall back
    to one character at a time so offsets still line up with the original.
    """
    converted: str = _converter().convert(text)
    if len(converted) == len(text):
        return converted
    return "".join(c if len(c := _converter().convert(ch)) == 1 else ch for ch in text)


def _is_separator(ch: str) -> bool:
    return ch.isspace() or unicodedata.category(ch)[0] in "PSZC"


def fold_zh(text: str) -> Folded:
    chars: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    for i, ch in enumerate(to_simplified(text)):
        for out in unicodedata.normalize("NFKC", ch).casefold():
            if not _is_separator(out):
                chars.append(out)
                starts.append(i)
                ends.append(i + 1)
    return Folded("".join(chars), tuple(starts), tuple(ends))


def fold_en(text: str) -> Folded:
    chars: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    for i, ch in enumerate(text):
        for out in unicodedata.normalize("NFKC", ch).casefold():
            if out in APOSTROPHES:
                out = "'"
            elif _is_separator(out):
                if not chars or chars[-1] == " ":
                    continue
                out = " "
            chars.append(out)
            starts.append(i)
            ends.append(i + 1)
    while chars and chars[-1] == " ":
        chars.pop()
        starts.pop()
        ends.pop()
    return Folded("".join(chars), tuple(starts), tuple(ends))


def fold_phrase(phrase: str, lang: str) -> str:
    return (fold_zh if lang == "zh" else fold_en)(phrase).text


def has_cjk(text: str) -> bool:
    return any("\u3400" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff" for ch in text)
