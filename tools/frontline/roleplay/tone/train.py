"""Learning the tone model from labelled replies, and measuring it on writers it never saw.

Logistic regression on the pieces of each reply (`features.py`), weights kept small
(L2), fitted by plain gradient descent with momentum from zero: the same set always
gives the same model, so a model file can be checked against its set. Every piece of
the set gets a weight, but the L2 penalty keeps a piece seen once small: one sentence
does not make a way of speaking.

The threshold is chosen by cross-validation across writers: each writer's replies
(`by:` in the set) are read by a model learnt from everybody else's, and the
threshold is the lowest at which those unseen-writer readings stay precise (see
`PRECISION_GOAL`). That is how a new trainee's wording will be met.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from frontline.roleplay.tone.features import feature_names
from frontline.roleplay.tone.model import ToneModel

L2 = 0.1
STEPS = 400
RATE = 2.0
MIN_REPLIES = 1  # every piece of the set gets a weight; L2 keeps rare ones small
PRUNE = 0.002  # weights smaller than this are left out of the file
# Precision the threshold must keep on writers the model never saw; the reply analysis
# adds the phrase lists' findings, so it keeps a margin over the 0.90 goal.
PRECISION_GOAL = 0.95
THRESHOLDS = tuple(round(0.30 + 0.01 * i, 2) for i in range(61))


@dataclass(frozen=True)
class Example:
    text: str
    rude: bool
    by: str  # who wrote it: folds of the cross-validation never split a writer


@dataclass(frozen=True)
class Fold:
    writer: str
    replies: int
    precision: float
    recall: float


@dataclass(frozen=True)
class Trained:
    model: ToneModel
    folds: tuple[Fold, ...]  # each writer read by a model learnt without them
    precision: float  # all unseen-writer readings pooled, at the chosen threshold
    recall: float


def _fit(names: Sequence[frozenset[str]], rude: Sequence[bool]) -> tuple[dict[str, float], float]:
    counts = Counter(n for ns in names for n in ns)
    vocab = {n: i for i, n in enumerate(sorted(n for n, c in counts.items() if c >= MIN_REPLIES))}
    rows = [[vocab[n] for n in sorted(ns) if n in vocab] for ns in names]
    index = np.array([j for row in rows for j in row], dtype=np.int64)
    owner = np.repeat(np.arange(len(rows)), [len(row) for row in rows])
    scale = np.array([1 / np.sqrt(max(1, len(ns))) for ns in names])
    value = scale[owner]
    target = np.array(rude, dtype=float)
    size, width = len(rows), len(vocab)
    weights, bias = np.zeros(width), 0.0
    velocity, bias_velocity = np.zeros(width), 0.0
    for _ in range(STEPS):
        ahead = weights + 0.9 * velocity
        ahead_bias = bias + 0.9 * bias_velocity
        score = np.bincount(owner, weights=ahead[index] * value, minlength=size) + ahead_bias
        error = 1 / (1 + np.exp(-score)) - target
        gradient = np.bincount(index, weights=error[owner] * value, minlength=width) / size
        gradient += L2 * ahead / size
        velocity = 0.9 * velocity - RATE * gradient
        bias_velocity = 0.9 * bias_velocity - RATE * float(error.mean())
        weights += velocity
        bias += bias_velocity
    names_by_index = sorted(vocab, key=vocab.__getitem__)
    kept = {n: float(w) for n, w in zip(names_by_index, weights, strict=True) if abs(w) >= PRUNE}
    return kept, float(bias)


def _figures(pairs: Sequence[tuple[float, bool]], threshold: float) -> tuple[float, float]:
    hit = sum(1 for c, r in pairs if c >= threshold and r)
    flagged = sum(1 for c, _ in pairs if c >= threshold)
    rude = sum(1 for _, r in pairs if r)
    return hit / max(1, flagged), hit / max(1, rude)


def _threshold(pairs: Sequence[tuple[float, bool]]) -> float:
    for threshold in THRESHOLDS:
        if _figures(pairs, threshold)[0] >= PRECISION_GOAL:
            return threshold
    return THRESHOLDS[-1]


def digest(examples: Sequence[Example]) -> str:
    h = hashlib.sha256()
    for e in examples:
        h.update(f"{e.text}\t{int(e.rude)}\n".encode())
    return h.hexdigest()[:16]


def train(
    examples: Sequence[Example],
    source: str,
    progress: Callable[[str], None] = lambda _: None,
) -> Trained:
    """Cross-validate across writers, choose the threshold, then learn from everything."""
    names = [feature_names(e.text) for e in examples]
    writers = sorted({e.by for e in examples})
    pooled: list[tuple[float, bool]] = []
    per_writer: list[tuple[str, list[tuple[float, bool]]]] = []
    for number, writer in enumerate(writers, 1):
        progress(f"cross-validation {number}/{len(writers)}: replies by {writer} unseen")
        train_at = [i for i, e in enumerate(examples) if e.by != writer]
        weights, bias = _fit([names[i] for i in train_at], [examples[i].rude for i in train_at])
        model = ToneModel(weights, bias, 0.5)
        pairs = [(model.chance(names[i]), e.rude) for i, e in enumerate(examples) if e.by == writer]
        pooled += pairs
        per_writer.append((writer, pairs))
    threshold = _threshold(pooled) if len(writers) > 1 else 0.5
    progress(f"learning from all {len(examples)} replies")
    weights, bias = _fit(names, [e.rude for e in examples])
    model = ToneModel(
        weights, bias, threshold,
        f"{source} ({len(examples)} replies, sha256 {digest(examples)})",
        ("# Tone model of the reply analysis, written by `frontline reply-model train`:",
         "# retrain, never edit by hand. Weights: towards rude (+) or courteous (-).")
    )  # fmt: skip
    folds = tuple(Fold(w, len(p), *_figures(p, threshold)) for w, p in per_writer)
    return Trained(model, folds, *_figures(pooled, threshold))
