"""The role-play as data: scenarios, steps, choices, replies, endings (all frozen).

The file format is described in `course/scenarios/README.md`; `loader.py` turns a
file into these objects and refuses anything the engine could not play.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from frontline.core.i18n import Text

Dimension = Literal["courtesy", "empathy", "procedure", "accuracy"]
DIMENSIONS: tuple[Dimension, ...] = ("courtesy", "empathy", "procedure", "accuracy")
POINTS_PER_DIMENSION = 25
DIMENSION_LABELS: dict[Dimension, Text] = {
    "courtesy": Text(zh="礼貌", en="Courtesy"),
    "empathy": Text(zh="共情", en="Empathy"),
    "procedure": Text(zh="流程", en="Procedure"),
    "accuracy": Text(zh="准确", en="Accuracy"),
}

MODULES = ("etiquette", "communication", "complaints")
CHANNELS = ("front-desk", "phone", "visit")
OUTCOMES = ("resolved", "routed", "declined", "unresolved", "walked-out")

# Moves the reply analysis finds in typed text (patterns in course/lexicon/moves.yml).
DETECTED_MOVES = ("greet", "introduce", "apologise", "thank", "promise_time", "offer_help")
# Moves a trainee can only make by choosing an option.
CHOSEN_MOVES = (
    "calm", "listen", "record", "explain", "handle", "route",
    "escalate", "follow_up", "confirm", "decline",
)  # fmt: skip
MOVES = DETECTED_MOVES + CHOSEN_MOVES

MOOD_MIN, MOOD_MAX = 0, 100

# Red lines: acts that fail a role-play whatever its points, because at work they are
# disciplinary matters, not lapses of style (DESIGN.md, "Measuring what matters").
RED_LINES: dict[str, Text] = {
    "money": Text(zh="索要钱物", en="Soliciting money or gifts"),
    "privacy": Text(zh="泄露个人信息", en="Leaking personal data"),
    "exposing-complainant": Text(zh="暴露投诉人", en="Exposing a complainant"),
    "records": Text(zh="隐瞒或删除记录", en="Hiding or deleting records"),
    "unauthorised-promise": Text(zh="越权承诺", en="An unauthorised promise"),
    "insult": Text(zh="辱骂或嘲讽客户", en="Insulting or mocking a customer"),
    "emergency-refusal": Text(zh="拒绝处理紧急情况", en="Refusing an emergency"),
}


@dataclass(frozen=True)
class Cost:
    """Points lost per rubric dimension."""

    courtesy: int = 0
    empathy: int = 0
    procedure: int = 0
    accuracy: int = 0

    def get(self, dimension: Dimension) -> int:
        value: int = getattr(self, dimension)
        return value

    @property
    def total(self) -> int:
        return self.courtesy + self.empathy + self.procedure + self.accuracy


@dataclass(frozen=True)
class Branch:
    """Where to go next; the first branch whose conditions all hold wins.

    `when` names facts an earlier choice established (`sets:`), so what happens later
    can follow what the trainee did, not only how the customer feels now.
    """

    go: str
    mood_below: int | None = None
    mood_at_least: int | None = None  # optional extension of the file format
    line: int | None = None
    when: tuple[str, ...] = ()

    def matches(self, mood: int, facts: frozenset[str] = frozenset()) -> bool:
        if self.mood_below is not None and not mood < self.mood_below:
            return False
        if not all(fact in facts for fact in self.when):
            return False
        return not (self.mood_at_least is not None and mood < self.mood_at_least)

    @property
    def unconditional(self) -> bool:
        return self.mood_below is None and self.mood_at_least is None and not self.when


def pick_branch(
    branches: tuple[Branch, ...], mood: int, facts: frozenset[str] = frozenset()
) -> str:
    for branch in branches:
        if branch.matches(mood, facts):
            return branch.go
    # The loader makes the last branch unconditional, so this is a programming error.
    raise ValueError(f"no branch matches mood {mood}")


@dataclass(frozen=True)
class Choice:
    id: str
    text: Text
    next: tuple[Branch, ...]
    moves: tuple[str, ...] = ()
    cost: Cost = field(default_factory=Cost)
    mood: int = 0
    feedback: Text | None = None
    line: int | None = None
    red_line: str | None = None  # a key of RED_LINES: taking this choice fails the play
    sets: tuple[str, ...] = ()  # facts later branches can test with `when:`


@dataclass(frozen=True)
class ReplyStep:
    prompt: Text
    expect: tuple[str, ...]
    next: tuple[Branch, ...]
    line: int | None = None


@dataclass(frozen=True)
class Waiver:
    """An author's reasoned exception to one writing-cue finding of a choice step."""

    cue: str
    reason: str
    line: int | None = None


@dataclass(frozen=True)
class Step:
    id: str
    say: Text
    choices: tuple[Choice, ...] = ()
    reply: ReplyStep | None = None
    line: int | None = None
    waivers: tuple[Waiver, ...] = ()

    @property
    def kind(self) -> Literal["choice", "reply"]:
        return "reply" if self.reply is not None else "choice"

    def choice(self, choice_id: str) -> Choice:
        for choice in self.choices:
            if choice.id == choice_id:
                return choice
        raise KeyError(choice_id)

    def branches(self) -> tuple[Branch, ...]:
        """Every branch leaving this step, whatever the trainee does."""
        if self.reply is not None:
            return self.reply.next
        return tuple(b for c in self.choices for b in c.next)


@dataclass(frozen=True)
class Ending:
    id: str
    outcome: str
    text: Text
    line: int | None = None


@dataclass(frozen=True)
class Scenario:
    id: str
    module: str
    channel: str
    title: Text
    brief: Text
    customer: Text
    mood: int
    procedure: tuple[str, ...]
    start: str
    steps: dict[str, Step]
    endings: dict[str, Ending]
    path: Path | None = None
    sha256: str = ""
    #: released to trainees without the scoring fields (see player_copy.py): playable,
    #: but only the trainer's copy can score the play
    player_copy: bool = False

    def step(self, step_id: str) -> Step:
        return self.steps[step_id]

    def is_ending(self, node_id: str) -> bool:
        return node_id in self.endings
