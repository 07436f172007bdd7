"""Reply analysis: what a typed reply says, in the lexicon's terms.

Chinese phrases are matched on the Chinese fold of the reply, English phrases on
the English fold (see `normalise.py`), so a reply in either language, or a mix, is
read. Every finding names the lexicon entry, the phrase or pattern that matched
and the span of the trainee's own text.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..i18n import LANGUAGES, Lang, Text
from .lexicon import Entry, Kind, Lexicon
from .normalise import Folded, fold_en, fold_zh


@dataclass(frozen=True)
class Finding:
    kind: Kind
    entry: str  # lexicon entry id (the move name for moves)
    phrase: str  # the lexicon phrase or pattern that matched (folded)
    matched: str  # the trainee's words, as typed
    start: int  # offsets into the original reply
    end: int
    lang: Lang
    label: Text

    def to_json(self) -> dict[str, Any]:
        return {
            "entry": self.entry,
            "phrase": self.phrase,
            "matched": self.matched,
            "start": self.start,
            "end": self.end,
            "lang": self.lang,
            "label": {"zh": self.label.zh, "en": self.label.en},
        }


@dataclass(frozen=True)
class ReplyAnalysis:
    text: str
    forbidden: tuple[Finding, ...]
    polite: tuple[Finding, ...]
    moves: tuple[Finding, ...]  # first occurrence of each move, in the order typed

    @property
    def moves_found(self) -> tuple[str, ...]:
        return tuple(f.entry for f in self.moves)

    def missing(self, expected: tuple[str, ...]) -> tuple[str, ...]:
        found = set(self.moves_found)
        return tuple(m for m in expected if m not in found)

    def to_json(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "forbidden": [f.to_json() for f in self.forbidden],
            "polite": [f.to_json() for f in self.polite],
            "moves": [f.to_json() for f in self.moves],
        }


Span = tuple[int, int, str]  # folded start, end, phrase


def _is_word_char(ch: str) -> bool:
    return ch.isalnum() or ch == "'"


def _spans(entry: Entry, lang: Lang, folded: Folded) -> list[Span]:
    text = folded.text
    spans: list[Span] = []
    for phrase in entry.phrases[lang]:
        if not phrase:
            continue
        start = text.find(phrase)
        while start >= 0:
            end = start + len(phrase)
            # English matches whole words only: "hi" is not in "this".
            if lang == "zh" or (
                (start == 0 or not _is_word_char(text[start - 1]))
                and (end == len(text) or not _is_word_char(text[end]))
            ):
                spans.append((start, end, phrase))
            start = text.find(phrase, start + 1)
    for pattern in entry.patterns[lang]:
        for match in pattern.finditer(text):
            if match.end() > match.start():
                spans.append((match.start(), match.end(), pattern.pattern))
    exceptions = [(s, s + len(word)) for word in entry.exceptions[lang] for s in _all(text, word)]
    spans = [sp for sp in spans if not any(a <= sp[0] and sp[1] <= b for a, b in exceptions)]
    return _non_overlapping(spans)


def _all(text: str, word: str) -> list[int]:
    found: list[int] = []
    start = text.find(word) if word else -1
    while start >= 0:
        found.append(start)
        start = text.find(word, start + 1)
    return found


def _non_overlapping(spans: list[Span]) -> list[Span]:
    """Longest first, then leftmost: 急什么烦死人了 wins over 急什么 inside it."""
    kept: list[Span] = []
    for span in sorted(spans, key=lambda s: (s[0] - s[1], s[0])):
        if all(span[1] <= k[0] or span[0] >= k[1] for k in kept):
            kept.append(span)
    return sorted(kept)


def _finding(entry: Entry, lang: Lang, folded: Folded, span: Span, text: str) -> Finding:
    start, end = folded.original_span(span[0], span[1])
    return Finding(entry.kind, entry.id, span[2], text[start:end], start, end, lang, entry.label)


def _opening(entry_spans: list[tuple[Entry, Span]], folded: Folded) -> list[tuple[Entry, Span]]:
    """Opening-only phrases (讲话, 哪里, 找谁) count when the reply begins with them,
    possibly after other blunt words: `喂,找谁?` opens with two."""
    kept: list[tuple[Entry, Span]] = []
    lead = 0
    while lead < len(folded.text):
        here = [(e, s) for e, s in entry_spans if s[0] == lead]
        if not here:
            break
        entry, span = max(here, key=lambda es: es[1][1])
        kept.append((entry, span))
        lead = span[1]
        while lead < len(folded.text) and folded.text[lead] == " ":
            lead += 1
    return kept


def _inside(finding: Finding, others: list[Finding]) -> bool:
    return any(
        o is not finding and o.start <= finding.start and finding.end <= o.end
        and (o.end - o.start) > (finding.end - finding.start)
        for o in others
    )  # fmt: skip


def analyse(
    text: str, lexicon: Lexicon, *, lang: Lang | None = None, opening: bool = True
) -> ReplyAnalysis:
    """Find forbidden phrases, polite phrases and moves in a reply.

    `lang` limits matching to one language's phrases (None: both). `opening` says
    whether the reply opens a conversation, where blunt openers like 找谁 count.
    """
    folds = {"zh": fold_zh(text), "en": fold_en(text)}
    languages = LANGUAGES if lang is None else (lang,)
    found: dict[str, list[Finding]] = {"forbidden": [], "polite": [], "move": []}
    for code in languages:
        folded = folds[code]
        blunt: list[tuple[Entry, Span]] = []
        for entry in lexicon.forbidden:
            for span in _spans(entry, code, folded):
                if entry.opening_only:
                    blunt.append((entry, span))
                else:
                    found["forbidden"].append(_finding(entry, code, folded, span, text))
                    blunt.append((entry, span))
        if opening:
            for entry, span in _opening(blunt, folded):
                if entry.opening_only:
                    found["forbidden"].append(_finding(entry, code, folded, span, text))
        for entry in (*lexicon.polite, *lexicon.detectors):
            for span in _spans(entry, code, folded):
                found[entry.kind].append(_finding(entry, code, folded, span, text))
    bad = found["forbidden"]

    # Words inside a forbidden phrase are not credited: 明天 in 有事明天再来 is no promise.
    def clean(items: list[Finding], drop_inner: bool) -> list[Finding]:
        items = [f for f in items if not any(b.start < f.end and f.start < b.end for b in bad)]
        kept = (f for f in items if not (drop_inner and _inside(f, items)))
        return sorted(kept, key=lambda f: f.start)

    forbidden = sorted((f for f in bad if not _inside(f, bad)), key=lambda f: f.start)
    moves: dict[str, Finding] = {}
    for finding in clean(found["move"], drop_inner=False):
        moves.setdefault(finding.entry, finding)
    return ReplyAnalysis(text, tuple(forbidden), tuple(clean(found["polite"], drop_inner=True)),
                         tuple(sorted(moves.values(), key=lambda f: f.start)))  # fmt: skip
