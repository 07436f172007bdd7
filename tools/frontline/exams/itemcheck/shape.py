"""Cues in the shape of one item's options, for theory items and role-play choice steps.

Each rule looks at the options of one item (or one choice step) with the key marked,
each language measured on its own (a trainee reads one):

- `longest-key`: the key is the longest option by a clear margin, more than
  LONGEST_MARGIN (20 %) longer than the longest wrong option; with several keys
  (multiple choice), the keys are on average that much longer than the wrong options.
- `length-imbalance`: the longest option is more than IMBALANCE (3) times the shortest.
- `duplicate-options`: two options say the same (after folding case, spaces and
  punctuation).
- `absolute-words`: absolute words (总是, 从不, always, never ...) only in wrong options,
  which a test-wise reader strikes out unread.

Length is counted in letters, digits and Chinese characters: punctuation and spaces
do not count. The rules return plain (rule, message) cues; the callers say where.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from frontline.core.i18n import LANGUAGES, Lang, Text
from frontline.exams.itemcheck.words import absolute_words

LONGEST_MARGIN = 0.20
IMBALANCE = 3.0
SHAPE_RULES = ("longest-key", "length-imbalance", "duplicate-options", "absolute-words")
# Ids a trainee may read in a released file without learning anything: a, b, c ... or
# x1, x2 ... (items to order or match).
NEUTRAL_ID = re.compile(r"^(?:[a-z]|x[1-9][0-9]*)$")


@dataclass(frozen=True)
class Choice:
    """One option as the rules see it: its id, its text and whether it is (part of) the key."""

    id: str
    text: Text
    key: bool = False


Cue = tuple[str, str]  # (rule, message)


def size(text: str) -> int:
    """Letters, digits and characters: punctuation and spaces do not count."""
    return len(re.sub(r"[\W_]+", "", text))


def folded(text: str) -> str:
    return re.sub(r"[\W_]+", "", text).casefold()


def longest_key(choices: Sequence[Choice], lang: Lang) -> list[Cue]:
    keys = [c for c in choices if c.key]
    wrong = [c for c in choices if not c.key]
    if not keys or not wrong:
        return []
    sizes = {c.id: size(c.text.get(lang)) for c in choices}
    if len(keys) == 1:
        key, rival = keys[0], max(wrong, key=lambda c: sizes[c.id])
        if sizes[key.id] > (1 + LONGEST_MARGIN) * sizes[rival.id]:
            return [("longest-key", f"the key '{key.id}' is the longest option ({lang}: "
                     f"{sizes[key.id]} vs {sizes[rival.id]} of '{rival.id}', more than "
                     f"{LONGEST_MARGIN:.0%} longer); make a wrong option as full, or the key "
                     "plainer")]  # fmt: skip
        return []
    key_mean = sum(sizes[c.id] for c in keys) / len(keys)
    wrong_mean = sum(sizes[c.id] for c in wrong) / len(wrong)
    if key_mean > (1 + LONGEST_MARGIN) * wrong_mean:
        return [("longest-key", f"the keys are longer than the wrong options ({lang}: "
                 f"{key_mean:.1f} vs {wrong_mean:.1f} on average, more than "
                 f"{LONGEST_MARGIN:.0%}); ticking the long ones should not pay")]  # fmt: skip
    return []


def length_imbalance(choices: Sequence[Choice], lang: Lang) -> list[Cue]:
    if len(choices) < 2:
        return []
    ranked = sorted(choices, key=lambda c: -size(c.text.get(lang)))
    longest, shortest = ranked[0], ranked[-1]
    big, small = size(longest.text.get(lang)), size(shortest.text.get(lang))
    if big > IMBALANCE * max(1, small):
        return [("length-imbalance", f"'{longest.id}' is more than {IMBALANCE:g} times as "
                 f"long as '{shortest.id}' ({lang}: {big} vs {small})")]  # fmt: skip
    return []


def duplicate_options(choices: Sequence[Choice], lang: Lang) -> list[Cue]:
    found: list[Cue] = []
    seen: dict[str, str] = {}
    for choice in choices:
        text = folded(choice.text.get(lang))
        if text in seen:
            found.append(("duplicate-options",
                          f"'{choice.id}' says the same as '{seen[text]}' ({lang})"))  # fmt: skip
        seen.setdefault(text, choice.id)
    return found


def absolute_only_in_wrong(choices: Sequence[Choice], lang: Lang) -> list[Cue]:
    keys = [c for c in choices if c.key]
    marked = {c.id: absolute_words(c.text.get(lang), lang) for c in choices}
    wrong = [c.id for c in choices if not c.key and marked[c.id]]
    if not keys or not wrong or any(marked[c.id] for c in keys):
        return []
    words = sorted(set().union(*(marked[i] for i in wrong)))
    return [("absolute-words", f"only wrong options use absolute words ({lang}: "
             f"{', '.join(words)} in {', '.join(wrong)}); a reader strikes them out "
             "unread")]  # fmt: skip


def shape_cues(choices: Sequence[Choice], *, keyed: bool = True) -> list[Cue]:
    """Every shape cue of one item's options, each once. `keyed=False` for lists whose
    entries are all used (items to order, labels to match): their lengths point at no
    key, so only `duplicate-options` applies."""
    found: list[Cue] = []
    for lang in LANGUAGES:
        if keyed:
            found += longest_key(choices, lang)
            found += length_imbalance(choices, lang)
        found += duplicate_options(choices, lang)
        if keyed:
            found += absolute_only_in_wrong(choices, lang)
    return list(dict.fromkeys(found))
