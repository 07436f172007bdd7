"""The phrase lists (`course/lexicon/`): polite phrases, forbidden phrases, moves.

Each entry lists literal phrases and, optionally, regular expressions per language;
both are matched on folded text (see `normalise.py`), Chinese only on word boundaries
(see `segment.py`). `except` lists longer words in which a phrase does not count
(不知道 in 不知道怎么感谢您); `unless` lists patterns that, found anywhere in the
reply, withdraw the entry (a refusal that gives its reason is no flat refusal).
Every phrase and pattern is a rule with an id (`<entry>.<lang>.phrase<n>` or
`.pattern<n>`), reported with each finding.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from frontline.core.course import DEFAULT_LEXICON as DEFAULT_LEXICON
from frontline.core.errors import InputFileError
from frontline.core.i18n import LANGUAGES, Lang, Text
from frontline.core.yamlfile import read_yaml
from frontline.roleplay import model
from frontline.roleplay.normalise import fold_phrase
from frontline.roleplay.problems import ContentError, Problems
from frontline.roleplay.tone.model import MODEL_FILE, ToneModel, read_model

FILES = {"polite": "polite.yml", "forbidden": "forbidden.yml", "moves": "moves.yml"}
Kind = Literal["polite", "forbidden", "move"]
ENTRY_KEYS = ("label",)
ENTRY_OPTIONAL = (
    "id", "phrases", "patterns", "except", "unless", "why", "instead", "dimension", "cost", "mood",
    "opening_only", "sarcasm", "whole_words", "red_line", "tone_model", "cancels",
)  # fmt: skip
MOVE_OPTIONAL = (
    "tip", "phrases", "patterns", "except", "unless", "dimension", "cost", "mood",
    "statements_only",
)  # fmt: skip
# Between two characters (Chinese) or words (English) of a literal phrase the reply
# may pause: `急什么,烦死人了` is the phrase 急什么烦死人了.
_ZH_JOIN = "[,?!]?"
_EN_JOIN = "[,?!]? "


@dataclass(frozen=True)
class Matcher:
    """One rule of an entry: a literal phrase or a pattern, compiled."""

    rule: str  # <entry>.<lang>.phrase<n> or <entry>.<lang>.pattern<n>
    source: str  # the folded phrase or the pattern as written
    regex: re.Pattern[str]


def phrase_regex(phrase: str, lang: Lang) -> re.Pattern[str]:
    if lang == "zh":
        if len(phrase) <= 2:  # 您好 is no greeting in 回复您,好吗: a short word never pauses
            return re.compile(re.escape(phrase))
        return re.compile(_ZH_JOIN.join(re.escape(ch) for ch in phrase))
    body = _EN_JOIN.join(re.escape(word) for word in phrase.split(" "))
    return re.compile(rf"(?<![\w']){body}(?![\w'])")


@dataclass(frozen=True)
class Entry:
    """One thing the reply analysis looks for, in both languages."""

    id: str
    kind: Kind
    label: Text
    phrases: dict[Lang, tuple[str, ...]]  # folded
    patterns: dict[Lang, tuple[re.Pattern[str], ...]]
    exceptions: dict[Lang, tuple[str, ...]]  # folded
    matchers: dict[Lang, tuple[Matcher, ...]] = field(default_factory=dict)
    unless: dict[Lang, tuple[re.Pattern[str], ...]] = field(default_factory=dict)
    why: Text | None = None
    instead: Text | None = None
    dimension: model.Dimension = "courtesy"
    cost: int = 0
    mood: int = 0
    opening_only: bool = False
    sarcasm: bool = False  # a sarcastic turn of phrase (reported apart, costs the same)
    whole_words: bool = True  # Chinese matches must start and end on word boundaries
    statements_only: bool = False  # no match inside a question (明天上午方便吗?)
    path: Path | None = None
    line: int | None = None
    red_line: str | None = None  # forbidden only: a key of model.RED_LINES; fails the play
    tone_model: bool = False  # found by the tone model (tone/), not by phrases
    cancels: tuple[str, ...] = ()  # moves a finding of this entry takes from the reply


@dataclass(frozen=True)
class Move:
    id: str
    label: Text
    tip: Text | None
    detector: Entry | None  # None for moves that are only chosen, never typed


@dataclass(frozen=True)
class Lexicon:
    polite: tuple[Entry, ...]
    forbidden: tuple[Entry, ...]
    moves: dict[str, Move]
    words: tuple[str, ...] = ()  # folded Chinese words no boundary may cut (segment.py)
    digest: str = ""
    folder: Path | None = field(default=None, compare=False)
    tone: ToneModel | None = field(default=None, compare=False)  # tone-model.tsv, if any

    def move(self, move_id: str) -> Move:
        return self.moves[move_id]

    def move_label(self, move_id: str) -> Text:
        move = self.moves.get(move_id)
        return move.label if move else Text(move_id, move_id)

    @property
    def tone_entry(self) -> Entry | None:
        """The forbidden entry that explains the tone model's findings (`tone_model: true`)."""
        return next((e for e in self.forbidden if e.tone_model), None)

    @property
    def detectors(self) -> tuple[Entry, ...]:
        return tuple(m.detector for m in self.moves.values() if m.detector is not None)


def _per_lang(p: Problems, raw: Any, *where: str | int) -> dict[Lang, tuple[str, ...]]:
    result: dict[Lang, tuple[str, ...]] = {"zh": (), "en": ()}
    if raw is None:
        return result
    mapping = p.mapping(raw, *where)
    for key in mapping or {}:
        if key not in LANGUAGES:
            p.add(f"unknown language '{key}' (use zh and en)", *where, str(key))
        else:
            result[key] = p.string_list(mapping[key], *where, key) or ()  # type: ignore[index]
    return result


def _regexes(p: Problems, raw: Any, *where: str | int) -> dict[Lang, tuple[re.Pattern[str], ...]]:
    compiled: dict[Lang, tuple[re.Pattern[str], ...]] = {"zh": (), "en": ()}
    for lang, sources in _per_lang(p, raw, *where).items():
        items = []
        for i, source in enumerate(sources):
            try:
                items.append(re.compile(source))
            except re.error as exc:
                p.add(f"not a valid regular expression: {exc}", *where, lang, i)
        compiled[lang] = tuple(items)
    return compiled


def _entry(
    p: Problems, raw: Any, kind: Kind, entry_id: str | None, *where: str | int
) -> Entry | None:
    entry = p.mapping(raw, *where)
    if entry is None:
        return None
    if kind == "move":
        p.known_keys(entry, ("label",), MOVE_OPTIONAL, *where)
    else:
        p.known_keys(entry, ("id", *ENTRY_KEYS), ENTRY_OPTIONAL[1:], *where)
        entry_id = p.string(entry.get("id"), *where, "id")
    label = p.text(entry.get("label"), *where, "label")
    phrases = _per_lang(p, entry.get("phrases"), *where, "phrases")
    patterns = _regexes(p, entry.get("patterns"), *where, "patterns")
    exceptions = _per_lang(p, entry.get("except"), *where, "except")
    unless = _regexes(p, entry.get("unless"), *where, "unless")
    tone_model = entry.get("tone_model", False)
    if not isinstance(tone_model, bool) or (tone_model and kind != "forbidden"):
        p.add("must be true or false, and only on a forbidden entry", *where, "tone_model")
        tone_model = False
    if tone_model and (any(phrases.values()) or any(patterns.values())):
        p.add("an entry found by the tone model has no phrases or patterns of its own", *where)
    elif (kind != "move" and not tone_model and not any(phrases.values())
          and not any(patterns.values())):  # fmt: skip
        p.add("needs at least one phrase or pattern (or `tone_model: true`)", *where)
    dimension = entry.get("dimension", "courtesy")
    if dimension not in model.DIMENSIONS:
        p.add(f"must be one of {', '.join(model.DIMENSIONS)}", *where, "dimension")
    cost = p.integer(entry.get("cost", 0), 0, model.POINTS_PER_DIMENSION, *where, "cost")
    mood = p.integer(entry.get("mood", 0), -100, 100, *where, "mood")
    flags = {key: entry.get(key, default) for key, default in
             (("opening_only", False), ("sarcasm", False), ("whole_words", True),
              ("statements_only", False))}  # fmt: skip
    for key, value in flags.items():
        if not isinstance(value, bool):
            p.add("must be true or false", *where, key)
    why = p.text(entry["why"], *where, "why") if "why" in entry else None
    instead = p.text(entry["instead"], *where, "instead") if "instead" in entry else None
    if kind == "forbidden" and ("why" not in entry or "instead" not in entry):
        p.add("a forbidden phrase needs 'why' and 'instead' (both shown to the trainee)", *where)
    red_line = entry.get("red_line")
    if red_line is not None and kind != "forbidden":
        p.add("only a forbidden phrase can be a red line", *where, "red_line")
        red_line = None
    elif red_line is not None and red_line not in model.RED_LINES:
        p.add(f"unknown red line '{red_line}' (known: {', '.join(model.RED_LINES)})",
              *where, "red_line")  # fmt: skip
        red_line = None
    cancels: tuple[str, ...] = ()
    if "cancels" in entry:
        cancels = p.string_list(entry["cancels"], *where, "cancels") or ()
    for j, move in enumerate(cancels):
        if move not in model.DETECTED_MOVES:
            p.add(f"'{move}' is no move found in typed text "
                  f"({', '.join(model.DETECTED_MOVES)})", *where, "cancels", j)  # fmt: skip
    if entry_id is None or label is None:
        return None
    line = p.doc.line_of(*where)
    folded = {lang: tuple(fold_phrase(s, lang) for s in items) for lang, items in phrases.items()}
    return Entry(
        entry_id, kind, label, folded, patterns,
        {lang: tuple(fold_phrase(s, lang) for s in items) for lang, items in exceptions.items()},
        _matchers(entry_id, folded, patterns), unless,
        why, instead, dimension if dimension in model.DIMENSIONS else "courtesy",
        cost or 0, mood or 0, flags["opening_only"] is True, flags["sarcasm"] is True,
        flags["whole_words"] is not False, flags["statements_only"] is True, p.path, line,
        red_line, tone_model, tuple(cancels),
    )  # fmt: skip


def _matchers(
    entry_id: str,
    phrases: dict[Lang, tuple[str, ...]],
    patterns: dict[Lang, tuple[re.Pattern[str], ...]],
) -> dict[Lang, tuple[Matcher, ...]]:
    result: dict[Lang, tuple[Matcher, ...]] = {}
    for lang in LANGUAGES:
        items = [Matcher(f"{entry_id}.{lang}.phrase{i + 1}", phrase, phrase_regex(phrase, lang))
                 for i, phrase in enumerate(phrases[lang]) if phrase]  # fmt: skip
        items += [Matcher(f"{entry_id}.{lang}.pattern{i + 1}", regex.pattern, regex)
                  for i, regex in enumerate(patterns[lang])]  # fmt: skip
        result[lang] = tuple(items)
    return result


def _entries(p: Problems, kind: Kind) -> list[Entry]:
    raw = p.mapping(p.doc.data)
    if raw is None:
        return []
    p.known_keys(raw, ("entries",), ("words",) if kind == "forbidden" else ())
    items = raw.get("entries")
    if not isinstance(items, list):
        p.add("must be a list of entries", "entries")
        return []
    entries = [_entry(p, item, kind, None, "entries", i) for i, item in enumerate(items)]
    return [e for e in entries if e is not None]


def _moves(p: Problems) -> dict[str, Move]:
    raw = p.mapping(p.doc.data)
    if raw is None:
        return {}
    p.known_keys(raw, ("moves",), ())
    items = p.mapping(raw.get("moves"), "moves") or {}
    moves: dict[str, Move] = {}
    for move_id, value in items.items():
        if move_id not in model.MOVES:
            p.add(f"unknown move (known: {', '.join(model.MOVES)})", "moves", move_id)
            continue
        entry = _entry(p, value, "move", move_id, "moves", move_id)
        if entry is None:
            continue
        tip = p.text(value["tip"], "moves", move_id, "tip") if "tip" in value else None
        detects = any(entry.phrases.values()) or any(entry.patterns.values())
        if move_id in model.DETECTED_MOVES and not detects:
            p.add("a move found in typed replies needs phrases or patterns", "moves", move_id)
        if move_id in model.CHOSEN_MOVES and detects:
            p.add("this move is only chosen, never typed; remove its phrases",
                  "moves", move_id)  # fmt: skip
        moves[move_id] = Move(move_id, entry.label, tip, entry if detects else None)
    for move_id in model.MOVES:
        if move_id not in moves and move_id not in items:
            p.add(f"move '{move_id}' is missing (every move needs a label)", "moves")
    return moves


def duplicate_problems(docs: dict[str, Problems], lexicon: Lexicon) -> None:
    """The same folded phrase in two entries is a mistake: one of them never wins.

    A phrase may be both polite and a move (您好 is polite and a greeting), but not
    in two polite entries, in two moves, or both forbidden and anything else.
    """
    owners: dict[tuple[str, str], list[Entry]] = {}
    for entry in (*lexicon.forbidden, *lexicon.polite, *lexicon.detectors):
        for lang in LANGUAGES:
            for phrase in entry.phrases[lang]:
                owners.setdefault((lang, phrase), []).append(entry)
    for (_lang, phrase), entries in owners.items():
        for i, later in enumerate(entries[1:], start=1):
            for first in entries[:i]:
                if {first.kind, later.kind} == {"polite", "move"}:
                    continue
                p = docs["moves" if later.kind == "move" else later.kind]
                where = f"{first.kind} '{first.id}' ({first.path}, line {first.line})"
                p.items.append(InputFileError(
                    p.path, f"phrase '{phrase}' is already in {where}",
                    line=later.line, key=later.id,
                ))  # fmt: skip
                break


def lexicon_problems(folder: Path = DEFAULT_LEXICON) -> tuple[Lexicon | None, list[InputFileError]]:
    folder = Path(folder)
    problems: list[InputFileError] = []
    docs: dict[str, Problems] = {}
    for name, file_name in FILES.items():
        try:
            docs[name] = Problems(read_yaml(folder / file_name))
        except InputFileError as exc:
            problems.append(exc)
    if problems:
        return None, problems
    digest = hashlib.sha256()
    for file_name in FILES.values():
        digest.update((folder / file_name).read_bytes())
    tone = None
    if (folder / MODEL_FILE).is_file():
        try:
            tone = read_model(folder / MODEL_FILE)
        except InputFileError as exc:
            problems.append(exc)
        digest.update((folder / MODEL_FILE).read_bytes())
    raw_words = (docs["forbidden"].doc.data or {}).get("words") if isinstance(
        docs["forbidden"].doc.data, dict) else None  # fmt: skip
    words = docs["forbidden"].string_list(raw_words, "words") if raw_words is not None else ()
    lexicon = Lexicon(
        polite=tuple(_entries(docs["polite"], "polite")),
        forbidden=tuple(_entries(docs["forbidden"], "forbidden")),
        moves=_moves(docs["moves"]),
        words=tuple(fold_phrase(w, "zh") for w in words or ()),
        digest=digest.hexdigest()[:16],
        folder=folder,
        tone=tone,
    )
    tone_entries = [e for e in lexicon.forbidden if e.tone_model]
    for extra in tone_entries[1:]:
        docs["forbidden"].items.append(InputFileError(
            docs["forbidden"].path, f"only one entry may have tone_model: true (first: "
            f"'{tone_entries[0].id}')", line=extra.line, key=extra.id))  # fmt: skip
    for group in ("polite", "forbidden"):
        ids: dict[str, Entry] = {}
        for entry in getattr(lexicon, group):
            if entry.id in ids:
                docs[group].items.append(InputFileError(
                    docs[group].path, f"duplicate id '{entry.id}' (first on line "
                    f"{ids[entry.id].line})", line=entry.line, key=entry.id))  # fmt: skip
            ids[entry.id] = entry
    duplicate_problems(docs, lexicon)
    problems += [item for p in docs.values() for item in p.items]
    return (None if problems else lexicon), problems


def load_lexicon(folder: Path = DEFAULT_LEXICON) -> Lexicon:
    lexicon, problems = lexicon_problems(folder)
    if problems:
        raise ContentError(problems)
    assert lexicon is not None
    return lexicon
