"""What the tone model looks at: short pieces of the folded reply, each with its place.

Chinese: every run of one to three characters of the folded reply (traditional made
simplified, punctuation one mark `,` `?` `!`, `^` and `$` for the reply's edges) that
holds a Chinese character, and the closing marks (`?$`, `!$`). English: every run of one
to three words of the English fold, marks and edges counted as words. Digits become
`0`, so 20分钟 and 30分钟 are one piece. Pieces are what a reader would point at
(你自己, 吧$, "not my", "calm down"), so a finding can show the trainee's own words.

Words that spare the customer (不用, 无需, "no need to", "you won't have to") turn
what follows in their clause around: 您不用自己去问 is kind where 您自己去问 is not.
Pieces inside such a stretch are named apart (`zh:~自己去`), so the model learns them
apart.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from frontline.roleplay.normalise import Folded, fold_en, fold_zh

# Bump when the pieces change: a model trained on other pieces must be retrained.
FEATURES_VERSION = "2"
MAX_N = 3
_HAN = re.compile(r"[\u3400-\u9fff]")
_EN_TOKEN = re.compile(r"[a-z0-9']+|[,?!]")
_DIGITS = re.compile(r"\d+")
# Up to the end of the clause; the negating words themselves stay plain pieces.
_ZH_SPARING = re.compile(r"(不用|不必|无需|无须|用不着|不需要|免得|省得)([^,?!]*)")
_EN_SPARING = re.compile(
    r"\b(no need to|(?:don't|do not|won't|will not|wouldn't) (?:need|have) to|"
    r"needn't|no longer have to)\b([^,?!.]*)"
)


@dataclass(frozen=True)
class Piece:
    """One feature of a reply and the span of the original text it came from."""

    name: str  # "zh:自己去", "en:not my"
    start: int
    end: int


def _zh_pieces(text: str) -> list[Piece]:
    folded = fold_zh(text)
    body = _DIGITS.sub(lambda m: "0" * len(m.group()), folded.text)
    if not _HAN.search(body):
        return []
    padded = "^" + body + "$"
    spared = _spared(body, _ZH_SPARING, 1)
    pieces = []
    for n in range(1, MAX_N + 1):
        for i in range(len(padded) - n + 1):
            gram = padded[i : i + n]
            if _HAN.search(gram) or gram in ("?$", "!$"):
                mark = "~" if all(j in spared for j in range(i - 1, i - 1 + n)) else ""
                pieces.append(Piece(f"zh:{mark}{_squeeze(gram)}",
                                    *_span(folded, i - 1, i - 1 + n)))  # fmt: skip
    return pieces


def _spared(text: str, pattern: re.Pattern[str], group: int = 2) -> set[int]:
    """Offsets of the folded text inside a sparing stretch (after 不用, "no need to")."""
    return {i for m in pattern.finditer(text) for i in range(m.start(2), m.end(2))}


def _squeeze(gram: str) -> str:
    return re.sub("0+", "0", gram)


def _en_pieces(text: str) -> list[Piece]:
    folded = fold_en(text)
    tokens = [(m.group(), m.start(), m.end()) for m in _EN_TOKEN.finditer(folded.text)]
    if not any(t[0][0].isalpha() for t in tokens):
        return []
    size = len(folded.text)
    spared = _spared(folded.text, _EN_SPARING)
    words = [("^", 0, 0),
             *((("~" if s in spared else "") + _DIGITS.sub("0", w), s, e) for w, s, e in tokens),
             ("$", size, size)]  # fmt: skip
    pieces = []
    for n in range(1, MAX_N + 1):
        for i in range(len(words) - n + 1):
            run = words[i : i + n]
            if all(w in ("^", "$") or w in ",?!" for w, _, _ in run):
                continue
            start, end = _span(folded, run[0][1], run[-1][2])
            pieces.append(Piece("en:" + " ".join(w for w, _, _ in run), start, end))
    return pieces


def _span(folded: Folded, start: int, end: int) -> tuple[int, int]:
    """Original offsets of folded[start:end], the edges `^` `$` clipped to the text."""
    start, end = max(0, start), min(len(folded.text), end)
    if end <= start:
        edge = folded.ends[-1] if start >= len(folded.text) and folded.text else 0
        return edge, edge
    return folded.original_span(start, end)


@lru_cache(maxsize=4096)
def pieces(text: str) -> tuple[Piece, ...]:
    """Every piece of a reply, in both languages' readings, with repeats."""
    return (*_zh_pieces(text), *_en_pieces(text))


def feature_names(text: str) -> frozenset[str]:
    return frozenset(p.name for p in pieces(text))
