"""Fold text before phrase matching, remembering where each folded character came from.

Chinese: traditional -> simplified (OpenCC's t2s, then the variant characters it
leaves alone, such as 著 -> 着 and 妳 -> 你), full-width -> half-width (NFKC), case
folded and spaces dropped. English: NFKC, case folded, curly apostrophes made
straight, words separated by single spaces.

Punctuation is not thrown away: each run of it becomes one mark, `?` if the run holds
a question mark, `!` if it holds an exclamation mark, else `,`. Patterns can then
tell a bare `喂!` or a closing "so what?" from 喂猫 or "so what time", and literal
phrases are matched with an optional mark between their characters or words, so
`喊什么,等一下` and `喊 什么 ， 等一下` both fold to `喊什么,等一下` and both match
the phrase 喊什么等一下. Each folded character keeps the span of the original it
came from, so a finding can point at the trainee's own words.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

APOSTROPHES = "'‘’ʼ`´"
MARKS = ",?!"
# Characters OpenCC's t2s keeps because they are also valid simplified characters
# in some words (著名, 妳 in names); in typed replies they almost always stand for
# the common character, and matching needs one spelling.
VARIANTS = str.maketrans({
    "著": "着", "妳": "你", "祢": "你", "衞": "卫", "衹": "只", "祗": "只", "喒": "咱",
    "吿": "告", "甦": "苏", "麼": "么", "麽": "么", "裏": "里", "裡": "里", "噁": "恶",
})  # fmt: skip
# Two-character spellings of the same length (offsets must not move).
VARIANT_PAIRS = {"甚么": "什么"}
QUESTION = "?？"
EXCLAIM = "!！"
# Inside a number (4.5, 16:30) a point or colon is part of it, not a pause.
NUMERIC_JOINERS = ".:："
# A run of separators holding one of these is a pause; quotes, brackets, a hyphen
# inside a word or symbols alone are only a gap.
PAUSES = ",.;:，。；：、…~～—\n"


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
    if len(converted) != len(text):
        converted = "".join(c if len(c := _converter().convert(ch)) == 1 else ch for ch in text)
    converted = converted.translate(VARIANTS)
    for variant, common in VARIANT_PAIRS.items():
        converted = converted.replace(variant, common)
    return converted


def _is_separator(ch: str) -> bool:
    return ch.isspace() or unicodedata.category(ch)[0] in "PSZC"


def _folded_char(ch: str, spaces: bool) -> str:
    out = unicodedata.normalize("NFKC", ch).casefold()
    if spaces and out in APOSTROPHES:
        return "'"
    return out


def _gap(out: str) -> bool:
    return out != "'" and all(_is_separator(c) for c in out)


def _mark(run: str) -> str:
    """What a run of separators becomes: a pause mark, or just a gap."""
    if any(ch in QUESTION for ch in run):
        return "?"
    if any(ch in EXCLAIM for ch in run):
        return "!"
    if any(ch in PAUSES for ch in run) or ("-" in run and any(c.isspace() for c in run)):
        return ","
    return " "


def _fold(text: str, source: str, *, spaces: bool) -> Folded:
    """Fold `source` (the same length as `text`); `spaces` keeps word gaps (English)."""
    chars: list[str] = []
    starts: list[int] = []
    ends: list[int] = []

    def put(c: str, start: int, end: int) -> None:
        chars.append(c)
        starts.append(start)
        ends.append(end)

    i = 0
    while i < len(source):
        out = _folded_char(source[i], spaces)
        if not _gap(out):
            for c in out:
                put(c, i, i + 1)
            i += 1
            continue
        j = i
        while j < len(source) and _gap(_folded_char(source[j], spaces)):
            j += 1
        run = source[i:j]
        before = chars[-1] if chars else ""
        after = source[j] if j < len(source) else ""
        if len(run) == 1 and run in NUMERIC_JOINERS and before.isdigit() and after.isdigit():
            put(":" if run == "：" else run, i, j)  # 4.5, 16:30
        elif spaces and run == "." and before.isalpha() and after.isalpha():
            pass  # p.m., e.g.: one word
        else:
            mark = _mark(run)
            while chars and chars[-1] == " ":
                chars.pop(), starts.pop(), ends.pop()
            if chars and mark != " ":
                put(mark, i, j)
                if spaces and j < len(source):
                    put(" ", j - 1, j)
            elif chars and spaces:
                put(" ", i, j)
        i = j
    while chars and chars[-1] == " ":
        chars.pop(), starts.pop(), ends.pop()
    return Folded("".join(chars), tuple(starts), tuple(ends))


# A reply is folded by the phrase lists and again by the tone model; role-play checks
# fold the same model replies many times. Folded is immutable, so it can be shared.
@lru_cache(maxsize=4096)
def fold_zh(text: str) -> Folded:
    return _fold(text, to_simplified(text), spaces=False)


@lru_cache(maxsize=4096)
def fold_en(text: str) -> Folded:
    return _fold(text, text, spaces=True)


def fold_phrase(phrase: str, lang: str) -> str:
    """A lexicon phrase folded like a reply, without its pause marks: the matcher
    allows a mark between any two characters (Chinese) or words (English)."""
    folded = (fold_zh if lang == "zh" else fold_en)(phrase).text
    if lang == "zh":
        return "".join(ch for ch in folded if ch not in MARKS)
    return " ".join(w for w in folded.replace(",", " ").replace("?", " ").replace("!", " ").split())


def has_cjk(text: str) -> bool:
    return any("\u3400" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff" for ch in text)
