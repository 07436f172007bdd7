"""The item-writing check over all theory exams, with the trainer's reasoned waivers.

Rules (ITEM_RULES), each finding with the questions.yml file, line and item id:

- the shape rules of `shape` on each item's options: `longest-key`, `length-imbalance`
  and `absolute-words` where the key picks options (single and multiple choice),
  `duplicate-options` on every list, items to order or match too;
- `option-ids`: ids in the released questions.yml that mean something. Option and item
  ids must be neutral (a, b, c ... or x1, x2 ...), variant ids v1, v2 ...;
- `give-away` (`giveaway`): another item repeats the key's distinctive words.

A finding is excused only by a waiver in the trainer file naming its rule with a
reason (`waive: {longest-key: "why the cue stays"}`, see `bank`). A waiver with no
reason (fewer than MIN_REASON characters), for a rule that does not exist, or that
excuses nothing (the cue is gone) is itself a finding (`waiver`), so waivers cannot
pile up unread. Retakes (EXAM-retake-N) are checked through their original.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from frontline.core.errors import InputFileError
from frontline.exams.authoring.retake import named_original
from frontline.exams.itemcheck.bank import Item, Waiver, read_items
from frontline.exams.itemcheck.giveaway import give_aways
from frontline.exams.itemcheck.shape import NEUTRAL_ID, SHAPE_RULES, shape_cues

ITEM_RULES = (*SHAPE_RULES, "option-ids", "give-away")
MIN_REASON = 10
NEUTRAL_VARIANT = re.compile(r"^v[1-9][0-9]*$")


@dataclass(frozen=True)
class Finding:
    """One item-writing problem: which rule, where, on which item (slot/variant)."""

    rule: str
    path: Path
    line: int | None
    item: str
    message: str

    def error(self) -> InputFileError:
        return InputFileError(self.path, f"item-writing [{self.rule}] {self.item}: "
                              f"{self.message}", line=self.line)  # fmt: skip


def _options_line(item: Item) -> int | None:
    lines = [line for _, _, line in item.ids if line is not None]
    return min(lines) if lines else item.line


def item_cues(item: Item) -> list[Finding]:
    """The findings of one item on its own (shape and ids), waivers not applied."""
    found: list[Finding] = []
    line = _options_line(item)
    lists = [(item.options, item.keyed)] if item.options else []
    lists += [(item.items, False)] if item.items else []
    for choices, keyed in lists:
        for rule, message in shape_cues(choices, keyed=keyed):
            found.append(Finding(rule, item.path, line, item.name, message))
    for part, option_id, id_line in item.ids:
        if not NEUTRAL_ID.match(option_id):
            message = (f"{part[:-1]} id {option_id!r} means something and trainees read the "
                       "released file; use a, b, c ... (or x1, x2 ...)")  # fmt: skip
            found.append(Finding("option-ids", item.path, id_line, item.name, message))
    if item.variant is not None and not NEUTRAL_VARIANT.match(item.variant):
        message = f"variant id {item.variant!r} is not neutral; use v1, v2 ..."
        found.append(Finding("option-ids", item.path, item.line, item.name, message))
    return found


def _waiver_problems(items: Sequence[Item], raised: dict[int, set[str]]) -> list[Finding]:
    """Each waiver's problem once. A waiver on a pooled slot covers all its variants, so
    it excuses something when any of them raises its rule."""
    carried: dict[Waiver, list[Item]] = {}
    for item in items:
        for waiver in item.waivers:
            carried.setdefault(waiver, []).append(item)
    problems: list[Finding] = []
    for waiver, holders in carried.items():
        rules = set().union(*(raised[id(item)] for item in holders))
        problem = _waiver_problem(waiver, rules)
        if problem:
            name = holders[0].name if len(holders) == 1 else f"{holders[0].exam} {holders[0].slot}"
            problems.append(Finding("waiver", waiver.path, waiver.line, name, problem))
    return problems


def _waiver_problem(waiver: Waiver, raised: set[str]) -> str | None:
    if waiver.rule not in ITEM_RULES:
        return (f"'waive' must map rules ({', '.join(ITEM_RULES)}) to reasons, not "
                f"{waiver.rule or 'this'!r}")  # fmt: skip
    if len(waiver.reason.strip()) < MIN_REASON:
        return (f"the waiver of {waiver.rule} needs its reason: say in a sentence why the "
                "cue stays")  # fmt: skip
    if waiver.rule not in raised:
        return f"nothing to waive: no {waiver.rule} finding here; remove the waiver"
    return None


def item_findings(items: Sequence[Item]) -> list[Finding]:
    """Every unwaived finding of these items (all theory exams together, for give-aways),
    and every waiver that excuses nothing or gives no reason."""
    raw: dict[int, list[Finding]] = {id(item): item_cues(item) for item in items}
    for giveaway in give_aways(items):
        item = giveaway.item
        raw[id(item)].append(Finding("give-away", item.path, _options_line(item), item.name,
                                     giveaway.message))  # fmt: skip
    found: list[Finding] = []
    for item in items:
        mine = list(dict.fromkeys(raw[id(item)]))
        waived = {w.rule for w in item.waivers if len(w.reason.strip()) >= MIN_REASON}
        found += [f for f in mine if f.rule not in waived]
    raised = {key: {f.rule for f in found_here} for key, found_here in raw.items()}
    return found + _waiver_problems(items, raised)


def item_writing_problems(questions_files: Sequence[Path]) -> list[InputFileError]:
    """`frontline check`'s item-writing findings for the exams among these questions.yml
    files (`<course>/source/<exam>/questions.yml`; a module's practice quiz is no exam)."""
    exams = [path for path in questions_files
             if path.parent.parent.name == "source" and named_original(path.parent.name) is None]
    items = [item for path in exams for item in read_items(path)]
    return [finding.error() for finding in item_findings(items)]
