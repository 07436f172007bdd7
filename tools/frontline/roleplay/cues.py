"""Writing cues in choice steps: ways to find the answer from the shape of the options.

"Always pick the longest, most formal option" must not work. `frontline check` flags
a choice step where

- `longest-correct`: the zero-cost choice is the longest by a clear margin (more than
  LONGEST_MARGIN longer than the next) in either language;
- `length-imbalance`: the longest choice is more than IMBALANCE times the shortest;
- `duplicate`: two choices say the same thing (after folding case, spaces, punctuation);
- `absolute-words`: words such as 一定/保证/always/never appear only in wrong choices
  (test-wise trainees learn to strike them out).

A step may keep a cue on purpose with `waiver: [{cue: ..., reason: "..."}]`.

The model `procedure` of a complaint scenario must also follow the taught order
(DOMAIN.md, complaint handling): calm, record, promise a time, handle or route,
follow up, confirm.
"""

from __future__ import annotations

import itertools
import re

from frontline.core.i18n import LANGUAGES, Lang
from frontline.roleplay.model import Choice, Scenario, Step

Where = tuple[str | int, ...]
LONGEST_MARGIN = 0.20
IMBALANCE = 3.0
ABSOLUTE_WORDS: dict[Lang, tuple[str, ...]] = {
    "zh": ("一定", "肯定", "绝对", "保证", "百分之百", "从来", "永远", "从不"),
    "en": ("always", "never", "definitely", "guarantee", "guaranteed", "certainly",
           "absolutely"),
}  # fmt: skip
# The 7-step complaint procedure as ranks; moves of equal rank may come in any order,
# moves without a rank (greet, apologise, explain, thank...) may come anywhere.
COMPLAINT_ORDER = {
    "calm": 1, "listen": 2, "record": 2, "promise_time": 3,
    "handle": 4, "route": 4, "escalate": 4, "follow_up": 5, "confirm": 6,
}  # fmt: skip


def _size(text: str) -> int:
    """Letters and characters that carry meaning: punctuation and spaces do not count."""
    return len(re.sub(r"[\W_]+", "", text))


def _folded(text: str) -> str:
    return re.sub(r"[\W_]+", "", text).casefold()


def _text(choice: Choice, lang: Lang) -> str:
    return choice.text.get(lang)


def _has_absolute(text: str, lang: Lang) -> bool:
    if lang == "zh":
        return any(word in text for word in ABSOLUTE_WORDS["zh"])
    words = set(re.findall(r"[a-z]+", text.casefold()))
    return any(word in words for word in ABSOLUTE_WORDS["en"])


def step_cues(step: Step) -> list[tuple[str, str]]:
    """The cues of one choice step: (cue, message), waived ones included."""
    if len(step.choices) < 2:
        return []
    correct = [c for c in step.choices if c.cost.total == 0 and c.red_line is None]
    wrong = [c for c in step.choices if c not in correct]
    found: list[tuple[str, str]] = []
    for lang in LANGUAGES:
        sizes = {c.id: _size(_text(c, lang)) for c in step.choices}
        ranked = sorted(step.choices, key=lambda c: -sizes[c.id])
        longest, runner_up = ranked[0], ranked[1]
        if longest in correct and sizes[longest.id] > (1 + LONGEST_MARGIN) * sizes[runner_up.id]:
            found.append(("longest-correct", f"the right choice '{longest.id}' is the longest "
                          f"({lang}: {sizes[longest.id]} vs {sizes[runner_up.id]}); make a wrong "
                          "one as full, or the right one plainer"))  # fmt: skip
        shortest = ranked[-1]
        if sizes[longest.id] > IMBALANCE * max(1, sizes[shortest.id]):
            found.append(("length-imbalance", f"'{longest.id}' is more than {IMBALANCE:g} "
                          f"times as long as '{shortest.id}' ({lang}: {sizes[longest.id]} vs "
                          f"{sizes[shortest.id]})"))  # fmt: skip
        seen: dict[str, str] = {}
        for choice in step.choices:
            key = _folded(_text(choice, lang))
            if key in seen:
                found.append(("duplicate", f"'{choice.id}' says the same as '{seen[key]}' "
                              f"({lang})"))  # fmt: skip
            seen.setdefault(key, choice.id)
        absolute = [c.id for c in wrong if _has_absolute(_text(c, lang), lang)]
        if absolute and correct and not any(_has_absolute(_text(c, lang), lang) for c in correct):
            names = ", ".join(absolute)
            found.append(("absolute-words", f"only wrong choices use absolute words ({lang}: "
                          f"{names}); a trainee can strike them out unread"))  # fmt: skip
    return list(dict.fromkeys(found))


def cue_problems(scenario: Scenario) -> list[tuple[str, Where]]:
    """Every unwaived cue of every choice step, at the step's `choices`."""
    problems: list[tuple[str, Where]] = []
    for step in scenario.steps.values():
        waived = {w.cue for w in step.waivers}
        for cue, message in step_cues(step):
            if cue not in waived:
                problems.append((f"writing cue [{cue}] in step '{step.id}': {message} (or add "
                                 "a reasoned waiver)", ("steps", step.id, "choices")))  # fmt: skip
    return problems


def procedure_problems(scenario: Scenario) -> list[tuple[str, Where]]:
    """A complaint scenario's model order must be the taught one."""
    if scenario.module != "complaints":
        return []
    ranked = [(m, COMPLAINT_ORDER[m]) for m in scenario.procedure if m in COMPLAINT_ORDER]
    for (before, rank), (after, next_rank) in itertools.pairwise(ranked):
        if next_rank < rank:
            return [(f"'{after}' comes after '{before}' in the model procedure; the complaint "
                     "procedure is calm → record → promise a time → handle/route/escalate → "
                     "follow up → confirm", ("procedure",))]  # fmt: skip
    return []
