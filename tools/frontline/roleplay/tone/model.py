"""The tone model: a weight per piece of a reply, learnt from labelled replies.

Phrase lists find the forbidden phrases a trainer listed; people who never read the
list say the same thing in other words (这个您得找开发商, "that's above my pay
grade"). The tone model reads the pieces of a reply (`features.py`) and adds up
their weights, learnt by `frontline reply-model train` from the labelled set
(logistic regression, `train.py`): a reply whose chance of being judged rude is at
or above the model's threshold is a finding. Every finding shows the clause that
weighed most and the pieces that pushed it there, with their weights, so a trainer
can see why.

The model file (`course/lexicon/tone-model.tsv`) is text: `#` comments, then
`key<TAB>value` settings (features, threshold, bias, trained_on), then one
`weight<TAB>piece` line per piece. Scoring needs only this module: no numpy.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from pathlib import Path

from frontline.core.errors import InputFileError
from frontline.core.numbers import finite_number
from frontline.roleplay.tone.features import FEATURES_VERSION, Piece, pieces

MODEL_FILE = "tone-model.tsv"
SETTINGS = ("features", "threshold", "bias", "trained_on")
MARKS = ",.?!;:。，？！；：…"
MIN_HAN, MIN_WORDS = 6, 6  # see long_enough
# Readings this close to the threshold are shown to the trainer as unsure. On the
# held-out writer's set 10 replies of 210 fall inside it, holding 4 of its 13
# misjudged replies: few enough to read, and where the model errs most.
UNSURE_BAND = 0.1
MAX_PHRASE, MAX_WORDS_CHARS = 4, 24  # how long a phrase shown as a reason may grow


@dataclass(frozen=True)
class ToneModel:
    weights: dict[str, float]
    bias: float
    threshold: float  # chance of "rude" at or above which a reply is a finding
    trained_on: str = ""  # what the model was learnt from (set, size, digest)
    notes: tuple[str, ...] = field(default=(), compare=False)  # comment lines kept on write

    def chance(self, names: frozenset[str]) -> float:
        """The learnt chance that a trainer judges a reply with these pieces rude."""
        known = [self.weights[n] for n in names if n in self.weights]
        return _sigmoid(self.bias + sum(known) / math.sqrt(max(1, len(names))))


@dataclass(frozen=True)
class Push:
    """One piece that counted, with its share of the score."""

    piece: Piece
    weight: float


@dataclass(frozen=True)
class ToneReading:
    chance: float
    rude: bool
    start: int  # the clause that weighed most towards rude (original offsets)
    end: int
    pushes: tuple[Push, ...]  # the trainee's words that pushed most, inside that clause
    threshold: float = 0.5

    @property
    def unsure(self) -> bool:
        """Close to the threshold either way: a trainer should judge the reply."""
        return abs(self.chance - self.threshold) < UNSURE_BAND

    def because(self, top: int = 3) -> str:
        """`又不是 +0.81, 有什么用 +0.40`: the trainee's words a trainer is shown."""
        return ", ".join(f"{p.piece.name.split(':', 1)[1]} {p.weight:+.2f}"
                         for p in self.pushes[:top])  # fmt: skip


def _sigmoid(x: float) -> float:
    return 1 / (1 + math.exp(-x)) if x > -60 else 0.0


def _clauses(text: str) -> list[tuple[int, int]]:
    spans, start = [], 0
    for i, ch in enumerate(text + "。"):
        if ch in MARKS or ch == "\n":
            if text[start:i].strip():
                spans.append((start, i))
            start = i + 1
    return spans or [(0, len(text))]


def long_enough(text: str) -> bool:
    """Whether a reply says enough for its tone to be weighed: six Chinese characters or
    six English words. In fewer the learnt prior (the set holds more rude replies than
    courteous ones) outweighs the words: "sorry, thank you, right away" would read as
    rude. Short replies (找谁? "Not my problem.") are what the phrase lists know best,
    with rules for where a blunt word is blunt."""
    han = sum(1 for ch in text if "\u3400" <= ch <= "\u9fff")
    return han >= MIN_HAN or len(re.findall(r"[A-Za-z']+", text)) >= MIN_WORDS


def read_tone(text: str, model: ToneModel) -> ToneReading:
    """The model's reading of a reply: its chance of being rude and where, and why."""
    found = pieces(text)
    names = frozenset(p.name for p in found)
    chance = model.chance(names)
    if chance < model.threshold - UNSURE_BAND:  # clearly courteous: nothing to point at
        return ToneReading(chance, False, 0, 0, (), model.threshold)
    scale = 1 / math.sqrt(max(1, len(names)))
    first: dict[str, Piece] = {}
    for piece in found:
        first.setdefault(piece.name, piece)  # a piece counts once, where it first appears
    weighted = [Push(p, model.weights[p.name] * scale) for p in first.values()
                if p.name in model.weights]  # fmt: skip

    def weight_in(span: tuple[int, int]) -> float:
        # what pushes towards rude: courteous words elsewhere in a clause do not hide it
        return sum(max(0.0, w.weight) for w in weighted if span[0] <= w.piece.start < span[1])

    start, end = max(_clauses(text), key=weight_in)
    inside = _phrases(text, [w for w in weighted if w.weight > 0 and start <= w.piece.start < end])
    while start < end and text[start].isspace():
        start += 1
    return ToneReading(chance, chance >= model.threshold, start, end, tuple(inside),
                       model.threshold)  # fmt: skip


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def _phrases(text: str, pushes: list[Push]) -> tuple[Push, ...]:
    """The pieces that push towards rude, joined into the trainee's words: the strongest
    piece takes in the pieces overlapping it while the words stay short (又不是, not
    又 + 不 + 不是), their weights added up. Strongest first."""
    ranked = sorted(pushes, key=lambda w: (-w.weight, w.piece.start))
    groups: list[Push] = []
    taken: set[int] = set()
    for i, seed in enumerate(ranked):
        span = (seed.piece.start, seed.piece.end)
        if i in taken or any(_overlap(span, (g.piece.start, g.piece.end)) for g in groups):
            continue
        weight = seed.weight
        for j, other in enumerate(ranked):
            joined = (min(span[0], other.piece.start), max(span[1], other.piece.end))
            longest = MAX_WORDS_CHARS if text[span[0]:span[1]].isascii() else MAX_PHRASE
            if (j != i and j not in taken and _overlap(span, (other.piece.start, other.piece.end))
                    and joined[1] - joined[0] <= longest):  # fmt: skip
                span, weight = joined, weight + other.weight
                taken.add(j)
        taken.add(i)
        first, last = span
        while first < last and (text[first] in MARKS or text[first].isspace()):
            first += 1
        while last > first and (text[last - 1] in MARKS or text[last - 1].isspace()):
            last -= 1
        groups.append(Push(Piece("said:" + text[first:last], first, last), weight))
    return tuple(sorted(groups, key=lambda g: -g.weight))


def _number(path: Path, line: int, value: str, what: str) -> float:
    try:
        return finite_number(value, what)
    except ValueError as exc:
        raise InputFileError(path, f"{exc}; run `frontline reply-model train` to write the "
                             "file again", line=line or None) from None  # fmt: skip


def read_model(path: Path) -> ToneModel:
    """Read a model file; a broken one is refused with its line (retrain to repair it)."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise InputFileError(path, f"cannot read the tone model: {exc}") from None
    settings: dict[str, str] = {}
    weights: dict[str, float] = {}
    notes = []
    for number, line in enumerate(lines, 1):
        if not line.strip() or line.startswith("#"):
            if line.startswith("# ") and not weights:  # the header, kept on rewrite
                notes.append(line)
            continue
        key, tab, value = line.partition("\t")
        if not tab or not value:
            raise InputFileError(path, "expected 'name<TAB>value'; run `frontline reply-model "
                                 "train` to write the file again", line=number)  # fmt: skip
        if key in SETTINGS:
            settings[key] = value
        elif value in weights:
            raise InputFileError(path, f"piece '{value}' is listed twice", line=number)
        else:
            weights[value] = _number(path, number, key, f"the weight of '{value}'")
    missing = [k for k in SETTINGS if k not in settings]
    if missing:
        raise InputFileError(path, f"missing setting(s) {', '.join(missing)}; run "
                             "`frontline reply-model train`")  # fmt: skip
    if settings["features"] != FEATURES_VERSION:
        raise InputFileError(path, f"trained on pieces of version {settings['features']}, this "
                             f"Frontline reads version {FEATURES_VERSION}; run "
                             "`frontline reply-model train`")  # fmt: skip
    threshold = _number(path, 0, settings["threshold"], "threshold")
    if not 0 < threshold < 1:
        raise InputFileError(path, f"threshold must be between 0 and 1, not {threshold}")
    return ToneModel(weights, _number(path, 0, settings["bias"], "bias"), threshold,
                     settings["trained_on"], tuple(notes))  # fmt: skip


def model_text(model: ToneModel) -> str:
    """The file's text; weights sorted strongest first so a reader sees what matters."""
    out = list(model.notes)
    out += [f"features\t{FEATURES_VERSION}", f"threshold\t{model.threshold:.4f}",
            f"bias\t{model.bias:.6f}", f"trained_on\t{model.trained_on}"]  # fmt: skip
    ranked = sorted(model.weights.items(), key=lambda kv: (-abs(kv[1]), kv[0]))
    out += [f"{weight:.5f}\t{name}" for name, weight in ranked]
    return "\n".join(out) + "\n"
