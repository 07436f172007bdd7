"""Writing cues in choice steps: ways to find the answer from the shape of the options.

"Always pick the longest, most formal option" must not work. `frontline check` runs
the item-writing check's shape rules (`frontline.exams.itemcheck.shape`) on every
choice step, the zero-cost choices being the key: `longest-key`, `length-imbalance`,
`duplicate-options` and `absolute-words`.

A step may keep a cue on purpose with `waiver: [{cue: ..., reason: "..."}]`.

Across a scenario, the zero-cost choice must not sit at the same place in every choice
step (`key-position`: the widget shows choices in the file's order, so "always click
the first" would win). A scenario an exam releases (`source/<exam>/scenarios/`, whose
player's copy trainees can open) names its choices neutrally (`option-ids`: a, b, c).

The model `procedure` of a complaint scenario must also follow the taught order
(DOMAIN.md, complaint handling): calm, record, promise a time, handle or route,
follow up, confirm.
"""

from __future__ import annotations

import itertools

from frontline.exams.itemcheck.shape import NEUTRAL_ID, shape_cues
from frontline.exams.itemcheck.shape import Choice as Option
from frontline.roleplay.model import Scenario, Step

Where = tuple[str | int, ...]
# The 7-step complaint procedure as ranks; moves of equal rank may come in any order,
# moves without a rank (greet, apologise, explain, thank...) may come anywhere.
COMPLAINT_ORDER = {
    "calm": 1, "listen": 2, "record": 2, "promise_time": 3,
    "handle": 4, "route": 4, "escalate": 4, "follow_up": 5, "confirm": 6,
}  # fmt: skip


def step_cues(step: Step) -> list[tuple[str, str]]:
    """The cues of one choice step: (cue, message), waived ones included."""
    if len(step.choices) < 2:
        return []
    options = [Option(c.id, c.text, key=c.cost.total == 0 and c.red_line is None)
               for c in step.choices]  # fmt: skip
    return shape_cues(options)


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


def _key_position(step: Step) -> int | None:
    keys = [i for i, c in enumerate(step.choices) if c.cost.total == 0 and c.red_line is None]
    return keys[0] if len(step.choices) > 1 and len(keys) == 1 else None


def position_problems(scenario: Scenario) -> list[tuple[str, Where]]:
    """The right choice in the same place in every choice step (three steps or more)."""
    places = [p for s in scenario.steps.values() if (p := _key_position(s)) is not None]
    if len(places) < 3 or len(set(places)) > 1:
        return []
    return [(f"writing cue [key-position]: the right choice is number {places[0] + 1} in "
             f"all {len(places)} choice steps; vary where it stands", ("steps",))]  # fmt: skip


def id_problems(scenario: Scenario) -> list[tuple[str, Where]]:
    """Choice ids that say something, in a scenario released to trainees."""
    return [(f"writing cue [option-ids]: choice id '{c.id}' means something and trainees "
             "can open the released copy; use a, b, c ...",
             ("steps", step.id, "choices", i, "id"))
            for step in scenario.steps.values() for i, c in enumerate(step.choices)
            if not NEUTRAL_ID.match(c.id)]  # fmt: skip


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
