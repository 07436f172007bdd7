"""Walk every path of a scenario: the best and the worst play, built from the data."""

from __future__ import annotations

from frontline.roleplay import Lexicon, Play, RoleplayResult, Scenario

MAX_TURNS = 60


def good_reply(expect: tuple[str, ...], lexicon: Lexicon, lang: str = "zh") -> str:
    """A reply that makes every expected move, built from the lexicon's own phrases."""
    parts = []
    samples = {
        "zh": {"promise_time": "30分钟内"},
        "en": {"promise_time": "within 30 minutes"},
    }[lang]
    for move in expect:
        detector = lexicon.move(move).detector
        assert detector is not None
        phrases = detector.phrases[lang]  # type: ignore[index]
        parts.append(phrases[0] if phrases else samples[move])
    return ("," if lang == "zh" else ", ").join(parts) or "好的"


def bad_reply(lexicon: Lexicon) -> str:
    return "喊什么,等一下,有本事你去告"


def all_results(scenario: Scenario, lexicon: Lexicon) -> list[RoleplayResult]:
    """The result of every distinct play (choices x good/bad replies), depth-limited."""
    results: list[RoleplayResult] = []

    def walk(actions: list[tuple[str, str]]) -> None:
        play = Play(scenario, lexicon)
        for kind, value in actions:
            (play.choose if kind == "choice" else play.reply)(value)
        if play.finished:
            results.append(play.result())
            return
        if len(actions) >= MAX_TURNS:
            return
        step = play.current
        assert step is not None
        if step.reply is not None:
            for text in (good_reply(step.reply.expect, lexicon), bad_reply(lexicon)):
                walk([*actions, ("reply", text)])
        else:
            for choice in step.choices:
                walk([*actions, ("choice", choice.id)])

    walk([])
    return results
