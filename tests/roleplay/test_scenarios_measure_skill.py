"""Every scenario the trainees meet (course practice and practical exam) measures skill.

- "Always take the longest option and type one stock polite reply" scores under 60,
  also when the red lines are stepped round: the answer is not in the shape of the
  options, and a polite formula is no skill;
- every play that crosses a red line fails (0) and names it, and never reaches the
  ending of the best play;
- the best play reaches 90, and the worst play ends elsewhere than the best one.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from frontline.core.course import REPO_ROOT
from frontline.core.i18n import Lang
from frontline.roleplay import Lexicon, Play, RoleplayResult, Scenario, load_lexicon, load_scenario
from frontline.roleplay.paths import best_of, explore, worst_of

FOLDERS = (REPO_ROOT / "course", REPO_ROOT / "exams" / "source" / "practical")
FILES = sorted(path for folder in FOLDERS for path in (folder / "scenarios").glob("*.yml"))
STOCK: dict[Lang, str] = {
    "zh": "您好，请问有什么可以帮您？非常抱歉，我们马上处理，请您放心。",
    "en": "Hello, how can I help you? I'm very sorry, we'll deal with it right away, "
    "please don't worry.",
}
_LEXICONS: dict[Path, Lexicon] = {}


def _load(path: Path) -> tuple[Scenario, Lexicon]:
    folder = path.parent.parent / "lexicon"
    if folder not in _LEXICONS:
        _LEXICONS[folder] = load_lexicon(folder)
    return load_scenario(path), _LEXICONS[folder]


def longest_and_stock(
    scenario: Scenario, lexicon: Lexicon, lang: Lang, skip_red_lines: bool = False
) -> RoleplayResult:
    play = Play(scenario, lexicon, clock=lambda: "2026-01-01T00:00:00+00:00")
    while (step := play.current) is not None:
        if step.reply is not None:
            play.reply(STOCK[lang])
        else:
            options = [c for c in step.choices if not (skip_red_lines and c.red_line)]
            play.choose(max(options, key=lambda c: len(c.text.get(lang))).id)
    return play.result()


def test_every_scenario_is_covered() -> None:
    assert len(FILES) >= 11


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_longest_choice_and_a_stock_polite_reply_fail(path: Path, lang: Lang) -> None:
    result = longest_and_stock(*_load(path), lang)
    assert result.total < 60, (result.total, result.ending.id)
    # also for a test-wise trainee who spots the red lines: the points alone stay low
    careful = longest_and_stock(*_load(path), lang, skip_red_lines=True)
    assert careful.total < 60 and not careful.red_lines, (careful.total, careful.ending.id)


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_red_lines_fail_and_the_worst_play_ends_elsewhere(path: Path, lang: Lang) -> None:
    scenario, lexicon = _load(path)
    red = {(s.id, c.id): c.red_line for s in scenario.steps.values() for c in s.choices
           if c.red_line}  # fmt: skip
    assert red, "each scenario offers at least one tempting red line"
    ends = explore(scenario, lexicon, lang)
    best, worst = best_of(ends), worst_of(ends)
    assert best.result.total >= 90, best.actions
    assert worst.ending != best.ending, worst.actions
    crossed: set[tuple[str, str]] = set()
    for end in ends:
        taken = [(step, action) for step, action in end.actions if (step, action) in red]
        crossed |= set(taken)
        if taken:
            assert end.result.total == 0 and end.result.failed_red_line, end.actions
            named = {(hit.step, hit.category) for hit in end.result.red_lines}
            assert {(step, red[step, action]) for step, action in taken} <= named
            assert all(hit.label.zh and hit.label.en for hit in end.result.red_lines)
            assert end.ending != best.ending, end.actions
        elif not end.result.red_lines:
            assert end.result.total == end.result.points
    assert crossed == set(red), "every red-line choice is met in play"
