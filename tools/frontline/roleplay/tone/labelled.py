"""Labelled replies: what trainers judged, to learn the tone model from and to measure
the reply analysis on.

A set is a YAML file `replies:` of `{text, rude, moves, by}`: `rude` is a trainer's
judgement (a forbidden way of speaking, a paraphrase of one, or sarcasm), `moves` the
moves the reply makes, `by` who wrote it (cross-validation keeps a writer's replies
together, so the figures say how the analysis meets a writer it never saw).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from frontline.core.yamlfile import read_yaml
from frontline.roleplay.lexicon import Lexicon
from frontline.roleplay.model import DETECTED_MOVES
from frontline.roleplay.replies import analyse
from frontline.roleplay.tone.train import Example


@dataclass(frozen=True)
class Labelled:
    text: str
    rude: bool
    moves: frozenset[str]
    by: str = ""

    @property
    def example(self) -> Example:
        return Example(self.text, self.rude, self.by)


@dataclass(frozen=True)
class Figures:
    replies: int
    precision: float  # of the rude findings, the share labelled rude
    recall: float  # of the replies labelled rude, the share found
    moves: float  # share of replies whose set of moves is found exactly
    misses: tuple[str, ...]

    def line(self, name: str) -> str:
        return (f"{name}: {self.replies} replies; rude precision {self.precision:.2f}, "
                f"recall {self.recall:.2f}; moves exactly right {self.moves:.2f}")  # fmt: skip


def read_labelled(path: Path) -> list[Labelled]:
    """Every reply of a set; a malformed one is refused with its line."""
    doc = read_yaml(path)
    raw = doc.data.get("replies") if isinstance(doc.data, dict) else None
    if not isinstance(raw, list):
        raise doc.error("expected `replies:` followed by a list of {text, rude, moves}")
    replies: list[Labelled] = []
    seen: dict[str, int] = {}
    for i, item in enumerate(raw):
        where = ("replies", i)
        if not isinstance(item, dict):
            raise doc.error("each reply is {text: ..., rude: true|false, moves: [...]}", *where)
        text, rude, moves = item.get("text"), item.get("rude"), item.get("moves", [])
        if not isinstance(text, str) or not text.strip():
            raise doc.error("`text` must be the reply, in quotes", *where)
        if not isinstance(rude, bool):
            raise doc.error("`rude` must be true or false", *where)
        if not isinstance(moves, list) or any(m not in DETECTED_MOVES for m in moves):
            raise doc.error(f"`moves` must be a list of {', '.join(DETECTED_MOVES)}", *where)
        if text in seen:
            raise doc.error(f"the same reply is already on line {seen[text]}", *where)
        seen[text] = doc.line_of(*where) or 0
        replies.append(Labelled(text, rude, frozenset(moves), str(item.get("by", ""))))
    return replies


def measure(replies: Sequence[Labelled], lexicon: Lexicon) -> Figures:
    """The reply analysis against the labels: rude precision and recall, moves exact."""
    true_pos = false_pos = false_neg = moves_right = 0
    misses: list[str] = []
    for reply in replies:
        analysis = analyse(reply.text, lexicon)
        rude = bool(analysis.forbidden)
        true_pos += rude and reply.rude
        false_pos += rude and not reply.rude
        false_neg += reply.rude and not rude
        found = frozenset(analysis.moves_found)
        moves_right += found == reply.moves
        if rude != reply.rude or found != reply.moves:
            rules = ", ".join(f"{f.rule} '{f.matched}'" for f in analysis.forbidden)
            misses.append(f"{reply.text} | rude {rude} [{rules}] | moves {sorted(found)} "
                          f"(labelled {sorted(reply.moves)})")  # fmt: skip
    return Figures(
        len(replies),
        true_pos / max(1, true_pos + false_pos),
        true_pos / max(1, true_pos + false_neg),
        moves_right / max(1, len(replies)),
        tuple(misses),
    )
