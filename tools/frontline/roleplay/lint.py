"""`frontline check`'s review of a scenario that loads: does it measure skill, and is it
written in the course's language?

Loading (`loader.py`) refuses what the engine could not play. This goes further, on
a scenario that plays: writing cues in choice steps (`cues.py`), consequences that
ignore behaviour (`paths.py`, on the real engine with the lexicon beside the scenario)
and the English rendering of the standard's set phrases (the fixed terms of
`course/glossary.yml`). The Chinese house style (full-width punctuation, paired
marks, settled wordings) is `frontline check`'s for every file
(`frontline.core.zh_style`). Each finding has the file, line and key.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from frontline.core.course import DEFAULT_LEXICON
from frontline.core.errors import InputFileError
from frontline.core.glossary import fixed_terms
from frontline.core.yamlfile import read_yaml
from frontline.roleplay.cues import cue_problems, id_problems, position_problems, procedure_problems
from frontline.roleplay.lexicon import Lexicon, lexicon_problems
from frontline.roleplay.model import Scenario
from frontline.roleplay.paths import path_problems

Where = tuple[str | int, ...]


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
        for term in fixed_terms():
            if not term.rendered_in(zh, en):
                problems.append((f"'{term.zh}' is rendered '{term.en}' in English throughout "
                                 "the course (course/glossary.yml)", (*where, "en")))  # fmt: skip
    return problems


def released(path: Path) -> bool:
    """Whether an exam releases this scenario (`<course>/source/<exam>/scenarios/`)."""
    return path.parent.name == "scenarios" and path.parent.parent.parent.name == "source"


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
    found = cue_problems(scenario) + position_problems(scenario) + procedure_problems(scenario)
    found += language_problems(doc.data)
    if released(path):
        found += id_problems(scenario)
    if scenario.player_copy:  # no costs: nothing to tell best from worst
        found = language_problems(doc.data)
    else:
        lexicon = lexicon or lexicon_beside(path)
        if lexicon is not None:  # a broken lexicon is reported by its own check
            found += path_problems(scenario, lexicon)
    return [doc.error(message, *where) for message, where in found]
