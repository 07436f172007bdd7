"""`frontline check`'s review of a scenario that loads: does it measure skill, and is it
written in the course's language?

Loading (`loader.py`) refuses what the engine could not play. This goes further, on
a scenario that plays: writing cues in choice steps (`cues.py`), consequences that
ignore behaviour (`paths.py`, on the real engine with the lexicon beside the scenario)
and the house style of the Chinese text and its English rendering. Each finding has
the file, line and key.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from frontline.core.course import DEFAULT_LEXICON
from frontline.core.errors import InputFileError
from frontline.core.yamlfile import read_yaml
from frontline.roleplay.cues import cue_problems, procedure_problems
from frontline.roleplay.lexicon import Lexicon, lexicon_problems
from frontline.roleplay.model import Scenario
from frontline.roleplay.paths import path_problems

Where = tuple[str | int, ...]
# Half-width marks in Chinese text (full-width is the house style); a decimal point
# (1.5 米) and a time (8:30) are not punctuation.
_HALF_WIDTH = re.compile(r"[,?!;()\"]|(?<!\d):|:(?!\d)")
_PAIRS = (("“", "”"), ("（", "）"), ("「", "」"), ("《", "》"))
# Wordings the course settled on; the other ones are refused.
_ZH_WORDING = {
    "一臂半": "1.5 米", "一米多": "1.5 米", "一米半": "1.5 米", "腿勤": "脚勤",
}  # fmt: skip
# One English rendering per recurring Chinese term.
GLOSSARY = {
    "有本事你去告": "go ahead and complain",
    "首问负责制": "first-responder responsibility",
    "一次性告知": "in one go",
}


def _texts(raw: Any, where: Where = ()) -> Iterator[tuple[Where, dict[str, Any]]]:
    """Every {zh, en} mapping in a parsed scenario, with where it is."""
    if isinstance(raw, dict):
        if isinstance(raw.get("zh"), str) and isinstance(raw.get("en"), str):
            yield where, raw
            return
        for key, value in raw.items():
            yield from _texts(value, (*where, str(key)))
    elif isinstance(raw, list):
        for i, value in enumerate(raw):
            yield from _texts(value, (*where, i))


def language_problems(raw: Any) -> list[tuple[str, Where]]:
    problems: list[tuple[str, Where]] = []
    for where, text in _texts(raw):
        zh, en = text["zh"], text["en"]
        marks = sorted(set(_HALF_WIDTH.findall(zh)))
        if marks:
            problems.append((f"half-width {' '.join(marks)} in Chinese text; use full-width "
                             "punctuation (，。？！：；“”（）)", (*where, "zh")))  # fmt: skip
        for left, right in _PAIRS:
            if zh.count(left) != zh.count(right):
                problems.append((f"unmatched {left}{right} in Chinese text", (*where, "zh")))
        for wrong, right in _ZH_WORDING.items():
            if wrong in zh:
                problems.append((f"write '{right}', not '{wrong}'", (*where, "zh")))
        for term, rendering in GLOSSARY.items():
            if term in zh and rendering not in en.casefold():
                problems.append((f"'{term}' is rendered '{rendering}' in English throughout "
                                 "the course", (*where, "en")))  # fmt: skip
    return problems


def lexicon_beside(path: Path) -> Lexicon | None:
    """The phrase lists a scenario plays with: `<folder>/../lexicon` (an exam's own
    copy), else the course's."""
    folder = path.parent.parent / "lexicon"
    lexicon, problems = lexicon_problems(folder if folder.is_dir() else DEFAULT_LEXICON)
    return None if problems else lexicon


def lint_problems(
    path: Path, scenario: Scenario, lexicon: Lexicon | None = None
) -> list[InputFileError]:
    """What `frontline check` reports about a scenario that loads and plays."""
    doc = read_yaml(path)
    found = cue_problems(scenario) + procedure_problems(scenario) + language_problems(doc.data)
    if scenario.player_copy:  # no costs: nothing to tell best from worst
        found = language_problems(doc.data)
    else:
        lexicon = lexicon or lexicon_beside(path)
        if lexicon is not None:  # a broken lexicon is reported by its own check
            found += path_problems(scenario, lexicon)
    return [doc.error(message, *where) for message, where in found]
