"""The role-play as a state machine: no widgets, no files, no clock of its own.

`Play` walks a scenario: `choose(choice_id)` on a choice step, `reply(text)` on a
free-text step, until an ending is reached; `result()` scores what happened. The
same events replayed on a new `Play` give the same result (see `transcript.py`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Literal

from frontline.core.errors import FrontlineError
from frontline.core.i18n import Text
from frontline.roleplay.lexicon import Lexicon
from frontline.roleplay.model import (
    DIMENSIONS,
    MOOD_MAX,
    MOOD_MIN,
    RED_LINES,
    Choice,
    Ending,
    Scenario,
    Step,
    pick_branch,
)
from frontline.roleplay.replies import ReplyAnalysis, analyse
from frontline.roleplay.scoring import (
    Moment,
    RedLineHit,
    RoleplayResult,
    coaching_tips,
    credited_moves,
    procedure_moment,
    reply_moments,
    score,
)

Mode = Literal["practice", "assessment"]
MODES: tuple[Mode, ...] = ("practice", "assessment")
# Polite words calm a customer, but only so much per reply; forbidden ones always anger.
MAX_CALMING_PER_REPLY = -15


class PlayError(FrontlineError):
    """An action the current step does not allow (wrong kind, unknown choice, finished)."""


@dataclass(frozen=True)
class Turn:
    step: str
    kind: Literal["choice", "reply"]
    choice: str | None
    text: str | None
    analysis: ReplyAnalysis | None
    moments: tuple[Moment, ...]
    moves: tuple[str, ...]
    mood_before: int
    mood_after: int
    feedback: Text | None
    next: str
    at: str
    red_lines: tuple[RedLineHit, ...] = ()


def _clamp(mood: int) -> int:
    return max(MOOD_MIN, min(MOOD_MAX, mood))


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class Play:
    def __init__(
        self,
        scenario: Scenario,
        lexicon: Lexicon,
        mode: Mode = "practice",
        clock: Callable[[], str] = _now,
    ) -> None:
        if mode not in MODES:
            raise PlayError(f"mode must be one of {', '.join(MODES)}, not {mode!r}")
        self.scenario = scenario
        self.lexicon = lexicon
        self.mode: Mode = mode
        self._clock = clock
        self._node = scenario.start
        self._mood = scenario.mood
        self._turns: list[Turn] = []
        self._facts: frozenset[str] = frozenset()

    def fork(self) -> Play:
        """An independent copy of this play as it stands (to explore every path cheaply)."""
        other = Play(self.scenario, self.lexicon, self.mode, self._clock)
        other._node, other._mood, other._facts = self._node, self._mood, self._facts
        other._turns = list(self._turns)
        return other

    @property
    def facts(self) -> frozenset[str]:
        """What earlier choices established (`sets:`), for later branches' `when:`."""
        return self._facts

    @property
    def feedback_now(self) -> bool:
        """Practice shows feedback after every turn; assessment only at the end."""
        return self.mode == "practice"

    @property
    def mood(self) -> int:
        return self._mood

    @property
    def turns(self) -> tuple[Turn, ...]:
        return tuple(self._turns)

    @property
    def finished(self) -> bool:
        return self.scenario.is_ending(self._node)

    @property
    def current(self) -> Step | None:
        return None if self.finished else self.scenario.step(self._node)

    @property
    def ending(self) -> Ending | None:
        return self.scenario.endings.get(self._node)

    def _step(self, kind: str) -> Step:
        step = self.current
        if step is None:
            raise PlayError("the role-play has ended; start a new one to play again")
        if step.kind != kind:
            raise PlayError(f"step '{step.id}' expects a {step.kind}, not a {kind}")
        return step

    def _better(self, step: Step, choice: Choice) -> Text | None:
        best = min(step.choices, key=lambda c: (c.red_line is not None, c.cost.total, c.mood))
        if best.cost.total >= choice.cost.total and choice.red_line is None:
            return None
        return Text(zh=f"更好的做法:“{best.text.zh}”", en=f'A better move: "{best.text.en}"')

    def choose(self, choice_id: str, at: str | None = None) -> Turn:
        step = self._step("choice")
        try:
            choice = step.choice(choice_id)
        except KeyError:
            known = ", ".join(c.id for c in step.choices)
            raise PlayError(f"step '{step.id}' has no choice '{choice_id}' ({known})") from None
        reason = choice.feedback or Text(zh=choice.text.zh, en=choice.text.en)
        tip = self._better(step, choice)
        lost = {d: choice.cost.get(d) for d in DIMENSIONS if choice.cost.get(d) > 0}
        moments = (Moment(step.id, lost, reason, tip),) if lost else ()
        mood = _clamp(self._mood + choice.mood)
        hits: tuple[RedLineHit, ...] = ()
        moves = choice.moves
        if choice.red_line is not None:
            hits = (RedLineHit(choice.red_line, step.id, RED_LINES[choice.red_line], choice.text),)
            moves = ()  # a red line never earns procedure credit, whatever the file says
        self._facts = self._facts | set(choice.sets)
        return self._advance(step, "choice", choice.id, None, None, moments, moves,
                             mood, choice.feedback, choice.next, at, hits)  # fmt: skip

    def reply(self, text: str, at: str | None = None) -> Turn:
        step = self._step("reply")
        assert step.reply is not None
        opening = self.scenario.channel == "phone" and not self._turns
        analysis = analyse(text, self.lexicon, opening=opening)
        moments = reply_moments(step.id, analysis, step.reply.expect, self.lexicon)
        moves = credited_moves(analysis)
        anger = sum(self._entry_mood(f.entry, f.kind) for f in analysis.forbidden)
        # Polite words around a rude remark do not calm anyone.
        calming = 0 if analysis.forbidden else sum(
            self._entry_mood(f.entry, f.kind) for f in (*analysis.polite, *analysis.moves)
        )
        mood = _clamp(self._mood + anger + max(MAX_CALMING_PER_REPLY, calming))
        feedback = self._reply_feedback(analysis, step.reply.expect)
        return self._advance(step, "reply", None, text, analysis, moments,
                             moves, mood, feedback, step.reply.next, at,
                             self._reply_red_lines(step.id, analysis))  # fmt: skip

    def _reply_red_lines(self, step_id: str, analysis: ReplyAnalysis) -> tuple[RedLineHit, ...]:
        hits: dict[str, RedLineHit] = {}  # one hit per category and reply
        for found in analysis.forbidden:
            entry = next((e for e in self.lexicon.forbidden if e.id == found.entry), None)
            if entry is not None and entry.red_line is not None and entry.red_line not in hits:
                words = Text(zh=f"“{found.matched}”", en=f'"{found.matched}"')
                hits[entry.red_line] = RedLineHit(
                    entry.red_line, step_id, RED_LINES[entry.red_line], words
                )
        return tuple(hits.values())

    def _entry_mood(self, entry_id: str, kind: str) -> int:
        if kind == "move":
            detector = self.lexicon.move(entry_id).detector
            return detector.mood if detector else 0
        entries = self.lexicon.forbidden if kind == "forbidden" else self.lexicon.polite
        return next((e.mood for e in entries if e.id == entry_id), 0)

    def _reply_feedback(self, analysis: ReplyAnalysis, expect: tuple[str, ...]) -> Text:
        zh: list[str] = []
        en: list[str] = []
        credited = credited_moves(analysis)
        done = [self.lexicon.move_label(m) for m in expect if m in credited]
        missing = [self.lexicon.move_label(m) for m in expect if m not in credited]
        if done:
            zh.append("做到了:" + "、".join(t.zh for t in done))
            en.append("Done: " + ", ".join(t.en for t in done))
        if missing:
            zh.append("缺少:" + "、".join(t.zh for t in missing))
            en.append("Missing: " + ", ".join(t.en for t in missing))
        if analysis.forbidden:
            zh.append("服务忌语:" + "、".join(f"“{f.matched}”" for f in analysis.forbidden))
            en.append("Forbidden: " + ", ".join(f'"{f.matched}"' for f in analysis.forbidden))
            if any(m in analysis.moves_found for m in expect):
                zh.append("说了不礼貌的话,其余要点不计分")
                en.append("with a rude remark in it, the other moves earn no credit")
        if not zh:
            zh.append("回复得体。")
            en.append("A courteous reply.")
        return Text(zh="; ".join(zh), en="; ".join(en))

    def _advance(
        self, step: Step, kind: Literal["choice", "reply"], choice: str | None, text: str | None,
        analysis: ReplyAnalysis | None, moments: tuple[Moment, ...], moves: tuple[str, ...],
        mood: int, feedback: Text | None, branches: tuple[object, ...], at: str | None,
        red_lines: tuple[RedLineHit, ...] = (),
    ) -> Turn:  # fmt: skip
        before = self._mood
        self._mood = mood
        self._node = pick_branch(branches, mood, self._facts)  # type: ignore[arg-type]
        turn = Turn(step.id, kind, choice, text, analysis, moments, moves, before, mood,
                    feedback, self._node, at or self._clock(), red_lines)  # fmt: skip
        self._turns.append(turn)
        return turn

    @property
    def moves(self) -> tuple[str, ...]:
        return tuple(m for t in self._turns for m in t.moves)

    def result(self) -> RoleplayResult:
        ending = self.ending
        if ending is None:
            raise PlayError("the role-play is not finished yet")
        if self.scenario.player_copy:
            raise PlayError(
                f"{self.scenario.path or self.scenario.id} is a player's copy without the "
                "scoring; rescore the transcript with the trainer's copy"
            )
        moments = [m for t in self._turns for m in t.moments]
        procedure = procedure_moment(self.scenario, self.lexicon, self.moves)
        if procedure is not None:
            moments.append(procedure)
        all_moments = tuple(moments)
        return RoleplayResult(
            scenario_id=self.scenario.id,
            mode=self.mode,
            scores=score(all_moments),
            moments=all_moments,
            tips=coaching_tips(all_moments),
            ending=ending,
            moves=self.moves,
            final_mood=self._mood,
            red_lines=tuple(hit for t in self._turns for hit in t.red_lines),
        )
