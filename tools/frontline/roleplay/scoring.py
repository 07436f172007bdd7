"""The rubric: what costs points, and the typed result of a finished role-play."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from frontline.core.i18n import Text
from frontline.roleplay.lexicon import Lexicon
from frontline.roleplay.model import DIMENSIONS, POINTS_PER_DIMENSION, Dimension, Ending, Scenario
from frontline.roleplay.replies import Finding, ReplyAnalysis

# A rude entry filed under another dimension (passing the buck: procedure) costs this
# much courtesy as well.
RUDE_COURTESY_COST = 4


@dataclass(frozen=True)
class Moment:
    """A moment that cost points, with why and what to do instead."""

    step: str | None  # None for the whole-play procedure check
    lost: dict[Dimension, int]  # points lost per rubric dimension (only those > 0)
    reason: Text
    tip: Text | None = None

    @property
    def points(self) -> int:
        return sum(self.lost.values())

    def to_json(self) -> dict[str, Any]:
        return {
            "step": self.step,
            "lost": dict(self.lost),
            "points": self.points,
            "reason": _text_json(self.reason),
            "tip": _text_json(self.tip) if self.tip else None,
        }


@dataclass(frozen=True)
class RedLineHit:
    """A red line crossed: which kind, where, and what the trainee did or said."""

    category: str  # a key of model.RED_LINES
    step: str
    label: Text  # the category, as trainees read it
    what: Text  # the choice taken, or the words typed that crossed it

    def to_json(self) -> dict[str, Any]:
        return {
            "category": self.category,
            "step": self.step,
            "label": _text_json(self.label),
            "what": _text_json(self.what),
        }


@dataclass(frozen=True)
class RoleplayResult:
    scenario_id: str
    mode: str
    scores: dict[Dimension, int]
    moments: tuple[Moment, ...]
    tips: tuple[Text, ...]
    ending: Ending
    moves: tuple[str, ...]
    final_mood: int
    red_lines: tuple[RedLineHit, ...] = ()

    @property
    def points(self) -> int:
        """The rubric's sum, before any red line: what the dimension chart shows."""
        return sum(self.scores.values())

    @property
    def failed_red_line(self) -> bool:
        return bool(self.red_lines)

    @property
    def total(self) -> int:
        """The score of the play: 0 once a red line is crossed, whatever the points,
        so every reader of `total` (card, progress, exam grading) fails it alike."""
        return 0 if self.red_lines else self.points

    @property
    def max_total(self) -> int:
        return POINTS_PER_DIMENSION * len(DIMENSIONS)

    def to_json(self) -> dict[str, Any]:
        return {
            "scenario_id": self.scenario_id,
            "mode": self.mode,
            "scores": dict(self.scores),
            "total": self.total,
            "points": self.points,
            "max_total": self.max_total,
            "failed_red_line": self.failed_red_line,
            "red_lines": [hit.to_json() for hit in self.red_lines],
            "moments": [m.to_json() for m in self.moments],
            "tips": [_text_json(t) for t in self.tips],
            "ending": {"id": self.ending.id, "outcome": self.ending.outcome},
            "moves": list(self.moves),
            "final_mood": self.final_mood,
        }


def _text_json(text: Text) -> dict[str, str]:
    return {"zh": text.zh, "en": text.en}


def lcs_alignment(made: tuple[str, ...], model: tuple[str, ...]) -> set[int]:
    """Indexes of `model` matched by a longest common subsequence with `made`."""
    rows, cols = len(made), len(model)
    table = [[0] * (cols + 1) for _ in range(rows + 1)]
    for i in range(rows - 1, -1, -1):
        for j in range(cols - 1, -1, -1):
            table[i][j] = (
                table[i + 1][j + 1] + 1
                if made[i] == model[j]
                else max(table[i + 1][j], table[i][j + 1])
            )
    matched: set[int] = set()
    i = j = 0
    while i < rows and j < cols:
        if made[i] == model[j]:
            matched.add(j)
            i += 1
            j += 1
        elif table[i + 1][j] >= table[i][j + 1]:
            i += 1
        else:
            j += 1
    return matched


def procedure_moment(scenario: Scenario, lexicon: Lexicon, made: tuple[str, ...]) -> Moment | None:
    """Compare the moves made with the model order; each model move missed or out of
    order costs an equal share of the procedure points."""
    model = scenario.procedure
    if not model:
        return None
    matched = lcs_alignment(made, model)
    missed = [model[j] for j in range(len(model)) if j not in matched]
    if not missed:
        return None
    points = round(POINTS_PER_DIMENSION * len(missed) / len(model))
    if points == 0:
        return None
    names = [lexicon.move_label(m) for m in missed]
    order = [lexicon.move_label(m) for m in model]
    return Moment(
        step=None,
        lost={"procedure": points},
        reason=Text(
            zh="流程缺少或顺序不对:" + "、".join(n.zh for n in names),
            en="Steps missed or out of order: " + ", ".join(n.en for n in names),
        ),
        tip=Text(
            zh="按这个顺序处理:" + " → ".join(n.zh for n in order),
            en="Work in this order: " + " → ".join(n.en for n in order),
        ),
    )


def credited_moves(analysis: ReplyAnalysis) -> tuple[str, ...]:
    """The moves a reply earns credit for: none when it is rude or sarcastic.

    Keywords stuffed around a rude core (您好……您可真行……对不起,30分钟内回复,谢谢)
    make the moves on paper only; a trainer would not credit them, so the reply is
    capped at what a rude reply without them would score.
    """
    return () if analysis.forbidden else analysis.moves_found


def forbidden_moment(step_id: str, found: Finding, lexicon: Lexicon) -> Moment:
    entry = next(e for e in lexicon.forbidden if e.id == found.entry)
    why = entry.why or Text("", "")
    what = Text("讽刺挖苦", "sarcasm") if entry.sarcasm else Text("服务忌语", "a forbidden phrase")
    if entry.tone_model:  # no listed phrase: the way of speaking is the fault
        what = Text("推诿、怠慢的说法", "a dismissive way of speaking")
    reason = Text(
        zh=f"说了{what.zh}“{found.matched}”" + (f"：{why.zh}" if why.zh else ""),
        en=f'You said "{found.matched}", {what.en}' + (f": {why.en}" if why.en else ""),
    )
    tip = None
    if entry.instead is not None:
        tip = Text(zh=f"可以这样说：“{entry.instead.zh}”", en=f'Say instead: "{entry.instead.en}"')
    # Whatever dimension the entry names, rudeness is also a lapse of courtesy.
    lost: dict[Dimension, int] = {entry.dimension: entry.cost}
    if entry.dimension != "courtesy":
        lost["courtesy"] = RUDE_COURTESY_COST
    return Moment(step_id, lost, reason, tip)


def reply_moments(
    step_id: str, analysis: ReplyAnalysis, expect: tuple[str, ...], lexicon: Lexicon
) -> tuple[Moment, ...]:
    """What a typed reply costs: each forbidden finding, and each expected move it
    does not earn (missing, or made only around a rude core)."""
    # One entry costs once per reply, however many of its rules matched the sentence.
    first = {f.entry: f for f in reversed(analysis.forbidden)}
    moments = [forbidden_moment(step_id, found, lexicon) for found in analysis.forbidden
               if first[found.entry] is found]  # fmt: skip
    credited = set(credited_moves(analysis))
    for move_id in (m for m in expect if m not in credited):
        move = lexicon.move(move_id)
        assert move.detector is not None
        if move_id in analysis.moves_found:
            reason = Text(
                zh=f"{move.label.zh}说在了不礼貌的话旁边，不算数",
                en=f"Your {move.label.en} came with a rude remark, so it does not count",
            )
        else:
            reason = Text(zh=f"回复中缺少{move.label.zh}", en=f"Your reply had no {move.label.en}")
        moments.append(
            Moment(step_id, {move.detector.dimension: move.detector.cost}, reason, move.tip)
        )
    return tuple(moments)


def score(moments: tuple[Moment, ...]) -> dict[Dimension, int]:
    lost: dict[Dimension, int] = dict.fromkeys(DIMENSIONS, 0)
    for moment in moments:
        for dimension, points in moment.lost.items():
            lost[dimension] += points
    return {d: max(0, POINTS_PER_DIMENSION - lost[d]) for d in DIMENSIONS}


def coaching_tips(moments: tuple[Moment, ...]) -> tuple[Text, ...]:
    """The tips of the costly moments, biggest loss first, each once."""
    tips: dict[Text, int] = {}
    for moment in moments:
        if moment.tip is not None:
            tips[moment.tip] = tips.get(moment.tip, 0) + moment.points
    return tuple(sorted(tips, key=lambda t: -tips[t]))
