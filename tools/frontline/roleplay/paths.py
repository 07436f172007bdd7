"""Every way through a scenario, played on the real engine: the best, the worst, the red lines.

A role-play measures skill only if what the trainee does changes what happens: the
worst play must not end where the best one does, and a play that crosses a red line
must never reach the ending of the best play (a bad act leads to escalation, a
walk-out or a complaint, never to praise). `frontline check` applies these rules
through `path_problems`; the content tests use `explore` directly.

A typed reply is tried twice: as a model reply built from the lexicon's own phrases
for the moves the step expects, and as a rude one (a forbidden phrase that is no red
line, so the rude path shows what rudeness alone leads to).
"""

from __future__ import annotations

from dataclasses import dataclass

from frontline.core.i18n import Lang
from frontline.roleplay.engine import Play
from frontline.roleplay.lexicon import Lexicon
from frontline.roleplay.model import Scenario
from frontline.roleplay.replies import analyse
from frontline.roleplay.scoring import RoleplayResult

Where = tuple[str | int, ...]
# A scenario with more ways through than this is not explored to the end (none is
# near: the course's largest has a few thousand).
MAX_PATHS = 50_000
GOOD, RUDE = "(model reply)", "(rude reply)"
_CLOCK = "2026-01-01T00:00:00+00:00"
_SAMPLE_TIME = {"zh": "30分钟内", "en": "within 30 minutes"}


@dataclass(frozen=True)
class PathEnd:
    """One finished play: the actions (step, choice id or GOOD/RUDE) and its result."""

    actions: tuple[tuple[str, str], ...]
    result: RoleplayResult

    @property
    def ending(self) -> str:
        return self.result.ending.id


def model_reply(expect: tuple[str, ...], lexicon: Lexicon, lang: Lang = "zh") -> str:
    """A reply making every expected move, from the lexicon's first phrase for each."""
    parts: list[str] = []
    for move in expect:
        detector = lexicon.move(move).detector
        phrases = detector.phrases[lang] if detector is not None else ()
        parts.append(phrases[0] if phrases else _SAMPLE_TIME[lang])
    return ("，" if lang == "zh" else ", ").join(parts) or ("好的" if lang == "zh" else "OK")


def rude_reply(lexicon: Lexicon, lang: Lang = "zh") -> str:
    """The first forbidden phrase that the analysis finds and that is no red line."""
    for entry in lexicon.forbidden:
        if entry.red_line is not None or entry.opening_only:
            continue
        for phrase in entry.phrases[lang]:
            found = analyse(phrase, lexicon).forbidden
            if found and all(f.entry == entry.id for f in found):
                return phrase
    raise ValueError("the lexicon has no plain forbidden phrase to build a rude reply from")


def explore(scenario: Scenario, lexicon: Lexicon, lang: Lang = "zh") -> list[PathEnd]:
    """The result of every play: each choice, and each reply once good and once rude."""
    good_cache: dict[tuple[str, ...], str] = {}
    rude = rude_reply(lexicon, lang)
    ends: list[PathEnd] = []
    todo: list[tuple[Play, tuple[tuple[str, str], ...]]] = [
        (Play(scenario, lexicon, clock=lambda: _CLOCK), ())
    ]
    while todo and len(ends) < MAX_PATHS:
        play, actions = todo.pop()
        step = play.current
        if step is None:
            ends.append(PathEnd(actions, play.result()))
            continue
        if step.reply is not None:
            expect = step.reply.expect
            good = good_cache.setdefault(expect, model_reply(expect, lexicon, lang))
            for label, text in ((RUDE, rude), (GOOD, good)):
                fork = play.fork()
                fork.reply(text)
                todo.append((fork, (*actions, (step.id, label))))
        else:
            for choice in reversed(step.choices):
                fork = play.fork()
                fork.choose(choice.id)
                todo.append((fork, (*actions, (step.id, choice.id))))
    return ends


def best_of(ends: list[PathEnd]) -> PathEnd:
    """The best play: no red line, most points (ties: the first found)."""
    return max(ends, key=lambda e: (not e.result.failed_red_line, e.result.points))


def worst_of(ends: list[PathEnd]) -> PathEnd:
    """The worst play: the lowest score, red lines counting as 0, then fewest points."""
    return min(ends, key=lambda e: (e.result.total, e.result.points))


def _red_line_where(scenario: Scenario, end: PathEnd) -> tuple[Where, str]:
    hit = end.result.red_lines[0]
    step = scenario.step(hit.step)
    for step_id, action in end.actions:
        if step_id == hit.step and step.choices:
            index = next(i for i, c in enumerate(step.choices) if c.id == action)
            return ("steps", step_id, "choices", index), f"choice '{action}'"
    return ("steps", hit.step, "reply"), "a typed reply"


def path_problems(scenario: Scenario, lexicon: Lexicon) -> list[tuple[str, Where]]:
    """Consequences that ignore behaviour: the worst play ending like the best, or a
    red line that still reaches the best play's ending."""
    ends = explore(scenario, lexicon)
    if not ends:
        return []
    best, worst = best_of(ends), worst_of(ends)
    problems: list[tuple[str, Where]] = []
    if best.ending == worst.ending:
        steps = " → ".join(f"{s}:{a}" for s, a in worst.actions)
        problems.append((
            f"the worst play ({steps}; score {worst.result.total}) reaches the same ending "
            f"'{best.ending}' as the best; let what the trainee did change what happens",
            ("endings", best.ending),
        ))  # fmt: skip
    seen: set[Where] = set()
    for end in ends:
        if end.result.failed_red_line and end.ending == best.ending:
            where, what = _red_line_where(scenario, end)
            if where not in seen:
                seen.add(where)
                category = end.result.red_lines[0].category
                problems.append((
                    f"{what} crosses the red line '{category}' yet can still reach the best "
                    f"play's ending '{best.ending}'; route it to a consequence",
                    where,
                ))  # fmt: skip
    return problems
