"""The scenario as a graph: every `next` must lead somewhere, every step be reachable
from the start, and from every step some path must reach an ending."""

from __future__ import annotations

from frontline.roleplay.model import Branch, Scenario

Where = tuple[str | int, ...]


def _successors(scenario: Scenario, node: str) -> list[str]:
    step = scenario.steps.get(node)
    return [] if step is None else [b.go for b in step.branches()]


def graph_problems(scenario: Scenario) -> list[tuple[str, Where]]:
    problems: list[tuple[str, Where]] = []
    known = set(scenario.steps) | set(scenario.endings)
    if scenario.start not in scenario.steps:
        what = "an ending" if scenario.start in scenario.endings else "not a step"
        problems.append((f"start '{scenario.start}' is {what}; it must name a step", ("start",)))
        return problems
    for step in scenario.steps.values():
        if step.reply is not None:
            for i, branch in enumerate(step.reply.next):
                if branch.go not in known:
                    where: Where = ("steps", step.id, "reply", "next")
                    if len(step.reply.next) > 1:
                        where = (*where, i)
                    problems.append((_dangling(branch.go), where))
        for c, choice in enumerate(step.choices):
            for i, branch in enumerate(choice.next):
                if branch.go not in known:
                    where = ("steps", step.id, "choices", c, "next")
                    if len(choice.next) > 1:
                        where = (*where, i)
                    problems.append((_dangling(branch.go), where))
    reachable = {scenario.start}
    todo = [scenario.start]
    while todo:
        for nxt in _successors(scenario, todo.pop()):
            if nxt in known and nxt not in reachable:
                reachable.add(nxt)
                todo.append(nxt)
    for step_id in scenario.steps:
        if step_id not in reachable:
            problems.append((f"step '{step_id}' cannot be reached from the start",
                             ("steps", step_id)))  # fmt: skip
    for ending_id in scenario.endings:
        if ending_id not in reachable:
            problems.append((f"ending '{ending_id}' cannot be reached from the start",
                             ("endings", ending_id)))  # fmt: skip
    # Backwards from the endings: which steps can still finish the role-play?
    finishing = set(scenario.endings)
    changed = True
    while changed:
        changed = False
        for step_id in scenario.steps:
            if step_id not in finishing and any(
                n in finishing for n in _successors(scenario, step_id)
            ):
                finishing.add(step_id)
                changed = True
    for step_id in scenario.steps:
        if step_id in reachable and step_id not in finishing:
            problems.append((f"step '{step_id}' has no way to any ending (a loop with no exit?)",
                             ("steps", step_id)))  # fmt: skip
    return problems + fact_problems(scenario)


def fact_problems(scenario: Scenario) -> list[tuple[str, Where]]:
    """A fact tested by `when:` that no choice `sets:` would never hold (and the reverse
    is a consequence the author forgot to write)."""
    problems: list[tuple[str, Where]] = []
    set_by = {f for step in scenario.steps.values() for c in step.choices for f in c.sets}
    read: set[str] = set()
    for step in scenario.steps.values():
        exits: list[tuple[Where, tuple[Branch, ...]]] = [
            (("steps", step.id, "choices", i, "next"), c.next) for i, c in enumerate(step.choices)
        ]
        if step.reply is not None:
            exits.append((("steps", step.id, "reply", "next"), step.reply.next))
        for where, branches in exits:
            for i, branch in enumerate(branches):
                read |= set(branch.when)
                for fact in branch.when:
                    if fact not in set_by:
                        problems.append((f"no choice sets '{fact}', so this branch never "
                                         "applies", (*where, i, "when")))  # fmt: skip
    for step in scenario.steps.values():
        for i, choice in enumerate(step.choices):
            for fact in choice.sets:
                if fact not in read:
                    problems.append((f"no branch tests '{fact}' (when: {fact}); a fact "
                                     "changes nothing until a branch reads it",
                                     ("steps", step.id, "choices", i, "sets")))  # fmt: skip
    return problems


def _dangling(target: str) -> str:
    return f"next '{target}' is neither a step nor an ending of this scenario"
