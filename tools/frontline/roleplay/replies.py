"""Reply analysis: what a typed reply says, in the lexicon's terms.

Chinese rules are matched on the Chinese fold of the reply, English rules on the
English fold (see `normalise.py`), so a reply in either language, or a mix, is read.
A Chinese match counts only on word boundaries (see `segment.py`): 急什么 is no
finding in 急什么时候要. Every finding names the lexicon entry, the rule (a phrase or
a pattern) that matched and the span of the trainee's own text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from frontline.core.i18n import LANGUAGES, Lang, Text
from frontline.roleplay.lexicon import Entry, Kind, Lexicon, Matcher
from frontline.roleplay.normalise import MARKS, Folded, fold_en, fold_zh, has_cjk
from frontline.roleplay.segment import cuts_word
from frontline.roleplay.tone.model import ToneReading, long_enough, read_tone


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
    rule: str = ""  # <entry>.<lang>.phrase<n> or .pattern<n>
    sarcasm: bool = False

    def to_json(self) -> dict[str, Any]:
        return {
            "entry": self.entry,
            "rule": self.rule,
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
    forbidden: tuple[Finding, ...]  # sarcasm included: it is a forbidden way of speaking
    polite: tuple[Finding, ...]
    moves: tuple[Finding, ...]  # first occurrence of each move, in the order typed
    tone: ToneReading | None = None  # the tone model's reading, when the lexicon has one

    @property
    def moves_found(self) -> tuple[str, ...]:
        return tuple(f.entry for f in self.moves)

    @property
    def rude(self) -> bool:
        return bool(self.forbidden)

    @property
    def sarcasm(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.forbidden if f.sarcasm)

    def missing(self, expected: tuple[str, ...]) -> tuple[str, ...]:
        found = set(self.moves_found)
        return tuple(m for m in expected if m not in found)

    def to_json(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "rude": self.rude,
            "forbidden": [f.to_json() for f in self.forbidden],
            "sarcasm": [f.to_json() for f in self.sarcasm],
            "polite": [f.to_json() for f in self.polite],
            "moves": [f.to_json() for f in self.moves],
            "tone": None if self.tone is None else {
                "chance": round(self.tone.chance, 3), "rude": self.tone.rude,
                "threshold": self.tone.threshold, "unsure": self.tone.unsure,
                "because": self.tone.because(),
            },
        }


# A question that only asks for agreement still states what is proposed:
# "30分钟内给您回复好吗?", "I'll call you at 4, is that all right?".
AGREEMENT = re.compile(
    r"(好吗|好不好|可以吗|行吗|行不行|怎么样|ok|okay|all right|alright|is that ok|"
    r"is that all right|does that work|would that be ok|would that work)\?$"
)

Span = tuple[int, int, Matcher]  # folded start, end, the rule that matched


@dataclass(frozen=True)
class _Reading:
    """One language's fold of the reply, with its word boundaries (Chinese only)."""

    lang: Lang
    folded: Folded
    words: tuple[str, ...] | None  # None: no word check (English, or no Chinese at all)


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """A pattern may consume a pause mark or a space at its edges; the finding does not."""
    while start < end and (text[start] in MARKS or text[start] == " "):
        start += 1
    while end > start and (text[end - 1] in MARKS or text[end - 1] == " "):
        end -= 1
    return start, end


def _spans(entry: Entry, reading: _Reading) -> list[Span]:
    text = reading.folded.text
    spans: list[Span] = []
    for matcher in entry.matchers.get(reading.lang, ()):
        for match in matcher.regex.finditer(text):
            start, end = _trim(text, match.start(), match.end())
            if end <= start:
                continue
            if (reading.words is not None and entry.whole_words
                    and cuts_word(text, start, end, reading.words)):
                continue  # a trigger inside a longer word: 我姓 in 我姓名, 急什么 in 急什么时候
            if entry.statements_only and _in_question(text, end):
                continue
            spans.append((start, end, matcher))
    exceptions = [(s, s + len(word)) for word in entry.exceptions[reading.lang]
                  for s in _all(text, word)]  # fmt: skip
    spans = [sp for sp in spans if not any(a <= sp[0] and sp[1] <= b for a, b in exceptions)]
    return _non_overlapping(spans)


def _in_question(text: str, end: int) -> bool:
    """Whether the clause holding `end` closes with a question mark (not a tag asking
    for agreement): a time asked about (明天上午方便吗?) is not a time promised."""
    close = min([i for m in MARKS if (i := text.find(m, end)) >= 0], default=len(text))
    if close >= len(text) or text[close] != "?":
        return False
    start = max(text.rfind(m, 0, close) for m in MARKS) + 1
    return not AGREEMENT.search(text[start : close + 1].strip())


def _withdrawn(entry: Entry, reading: _Reading) -> bool:
    """`unless` patterns anywhere in the reply withdraw the entry's findings."""
    return any(p.search(reading.folded.text) for p in entry.unless.get(reading.lang, ()))


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
    return sorted(kept, key=lambda s: (s[0], s[1]))


def _finding(entry: Entry, reading: _Reading, span: Span, text: str) -> Finding:
    start, end = reading.folded.original_span(span[0], span[1])
    return Finding(entry.kind, entry.id, span[2].source, text[start:end], start, end,
                   reading.lang, entry.label, span[2].rule, entry.sarcasm)  # fmt: skip


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
        while lead < len(folded.text) and folded.text[lead] in " ,?!":
            lead += 1
    return kept


def _inside(finding: Finding, others: list[Finding]) -> bool:
    return any(
        o is not finding and o.start <= finding.start and finding.end <= o.end
        and (o.end - o.start) > (finding.end - finding.start)
        for o in others
    )  # fmt: skip


def _reading(text: str, lang: Lang, lexicon: Lexicon) -> _Reading:
    if lang == "en":
        return _Reading("en", fold_en(text), None)
    folded = fold_zh(text)
    has_han = any("\u3400" <= ch <= "\u9fff" for ch in folded.text)
    return _Reading("zh", folded, lexicon.words if has_han else None)


def analyse(
    text: str, lexicon: Lexicon, *, lang: Lang | None = None, opening: bool = True
) -> ReplyAnalysis:
    """Find forbidden phrases (sarcasm included), polite phrases and moves in a reply.

    `lang` limits matching to one language's rules (None: both). `opening` says
    whether the reply opens a conversation, where blunt openers like 找谁 count.
    """
    languages = LANGUAGES if lang is None else (lang,)
    found: dict[str, list[Finding]] = {"forbidden": [], "polite": [], "move": []}
    for code in languages:
        reading = _reading(text, code, lexicon)
        blunt: list[tuple[Entry, Span]] = []
        for entry in lexicon.forbidden:
            if _withdrawn(entry, reading):
                continue
            for span in _spans(entry, reading):
                blunt.append((entry, span))
                if not entry.opening_only:
                    found["forbidden"].append(_finding(entry, reading, span, text))
        if opening:
            for entry, span in _opening(blunt, reading.folded):
                if entry.opening_only:
                    found["forbidden"].append(_finding(entry, reading, span, text))
        for entry in (*lexicon.polite, *lexicon.detectors):
            if not _withdrawn(entry, reading):
                for span in _spans(entry, reading):
                    found[entry.kind].append(_finding(entry, reading, span, text))
    bad = found["forbidden"]
    # The tone model reads both languages at once: with `lang` only the lists are asked.
    tone = None
    if lexicon.tone is not None and lang is None and long_enough(text):
        tone = read_tone(text, lexicon.tone)

    # Words inside a forbidden phrase are not credited: 明天 in 有事明天再来 is no promise.
    def clean(items: list[Finding], drop_inner: bool) -> list[Finding]:
        items = [f for f in items if not any(b.start < f.end and f.start < b.end for b in bad)]
        kept = (f for f in items if not (drop_inner and _inside(f, items)))
        return sorted(kept, key=lambda f: f.start)

    forbidden = _distinct(sorted((f for f in bad if not _inside(f, bad)), key=lambda f: f.start))
    if tone is not None and tone.rude and not forbidden and lexicon.tone_entry is not None:
        # The model weighs the whole reply, not words: its clause takes no move away.
        forbidden = [_tone_finding(lexicon.tone_entry, tone, text)]
    # A time said while sending the customer away is the time they are sent to.
    by_id = {e.id: e for e in lexicon.forbidden}
    cancelled = {m for f in forbidden for m in by_id[f.entry].cancels}
    moves: dict[str, Finding] = {}
    for finding in clean(found["move"], drop_inner=False):
        if finding.entry not in cancelled:
            moves.setdefault(finding.entry, finding)
    return ReplyAnalysis(text, tuple(forbidden), tuple(clean(found["polite"], drop_inner=True)),
                         tuple(sorted(moves.values(), key=lambda f: f.start)), tone)  # fmt: skip


def _tone_finding(entry: Entry, tone: ToneReading, text: str) -> Finding:
    """The phrase lists found nothing, the tone model finds the reply rude: the finding
    is the clause that weighed most, and its rule names the pieces that did."""
    said = text[tone.start : tone.end]
    lang: Lang = "zh" if has_cjk(said) else "en"
    return Finding(entry.kind, entry.id, tone.because(), said, tone.start,
                   tone.end, lang, entry.label, f"{entry.id}.model", entry.sarcasm)  # fmt: skip


def _distinct(findings: list[Finding]) -> list[Finding]:
    """Two entries matching the very same words report them once (the first entry)."""
    seen: set[tuple[int, int]] = set()
    kept: list[Finding] = []
    for finding in findings:
        if (finding.start, finding.end) not in seen:
            seen.add((finding.start, finding.end))
            kept.append(finding)
    return kept
