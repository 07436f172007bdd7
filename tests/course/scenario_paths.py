"""Walk every path of a scenario with the real engine (shared by the content tests).

A reply step is tried twice: with a model reply that makes every expected move
politely, and with a rude one that uses a forbidden phrase and makes none.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from frontline.roleplay import Lexicon, Play, Scenario

# Short phrases the lexicon recognises, one per move a reply may be expected to make.
MODEL_PHRASES = {
    "zh": {
        "greet": "您好,",
        "introduce": "我是小陈,",
        "apologise": "非常抱歉,",
        "thank": "谢谢您的耐心,",
        "promise_time": "我们30分钟内给您答复,",
        "offer_help": "请问还有什么需要帮忙的吗?",
    },
    "en": {
        "greet": "Hello,",
        "introduce": "my name is Chen,",
        "apologise": "I'm very sorry,",
        "thank": "thank you for your patience,",
        "promise_time": "we will get back to you within 30 minutes,",
        "offer_help": "is there anything else I can do for you?",
    },
}
RUDE_REPLY = {"zh": "快点,说完了没有", "en": "hurry up, are you done yet"}


def model_reply(expect: tuple[str, ...], lang: str) -> str:
    return " ".join(MODEL_PHRASES[lang][move] for move in expect)


@dataclass(frozen=True)
class PathResult:
    actions: tuple[str, ...]
    total: int
    visited: frozenset[str]


def walk(scenario: Scenario, lexicon: Lexicon, lang: str = "zh") -> Iterator[PathResult]:
    def go(actions: tuple[tuple[str, str], ...]) -> Iterator[PathResult]:
        play = Play(scenario, lexicon, clock=lambda: "2026-01-01T00:00:00+00:00")
        for kind, value in actions:
            if kind == "choice":
                play.choose(value)
            else:
                play.reply(value)
        step = play.current
        if step is None:
            visited = frozenset({t.step for t in play.turns} | {t.next for t in play.turns})
            yield PathResult(tuple(v for _, v in actions), play.result().total, visited)
            return
        if step.reply is not None:
            for text in (model_reply(step.reply.expect, lang), RUDE_REPLY[lang]):
                yield from go((*actions, ("reply", text)))
        else:
            for choice in step.choices:
                yield from go((*actions, ("choice", choice.id)))

    yield from go(())
