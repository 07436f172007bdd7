"""Writing cues in choice steps: ways to find the answer from the shape of the options.

"Always pick the longest, most formal option" must not work. `frontline check` runs
the item-writing check's shape rules (`frontline.exams.itemcheck.shape`) on every
choice step, the zero-cost choices being the key: `longest-key`, `length-imbalance`,
`duplicate-options` and `absolute-words`.

A step may keep a cue on purpose with `waiver: [{cue: ..., reason: "..."}]`.

The model `procedure` of a complaint scenario must also follow the taught order
(DOMAIN.md, complaint handling): calm, record, promise a time, handle or route,
follow up, confirm.
"""

from __future__ import annotations

import itertools

from frontline.exams.itemcheck.shape import Choice as Option
from frontline.exams.itemcheck.shape import shape_cues
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
