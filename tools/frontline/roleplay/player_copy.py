"""The player's copy of a scenario: everything needed to play it, nothing that scores it.

In an exam the scenario file released to trainees would otherwise be the answer
key: costs say which choice is right, feedback explains it, `procedure` lists the
model order and `expect` lists what a typed reply must contain. The player's copy
keeps only what the live play needs to behave exactly as on the trainer's copy
(what the customer says, the choice texts, mood changes and `next` pointers for
branching, reply prompts, endings) and is marked `player_copy: true`, so the
loader refuses one that still carries a key field and the engine refuses to score
it. The trainer's full copy rescores the transcript on the grading side.

Built by whitelist, not by deleting known key fields, so a field added to the
format later stays out of the release until someone decides it is safe. The copy
is re-dumped from data, which also drops YAML comments (authors write hints there).
"""

from __future__ import annotations

import hashlib
from typing import Any

import yaml

MARK = "player_copy"
# What a player's copy keeps, per level of the file format.
TOP_KEPT = ("id", MARK, "module", "channel", "title", "brief", "customer", "mood", "start",
            "steps", "endings")  # fmt: skip
STEP_KEPT = ("say", "choices", "reply")
# `sets` and `when` stay: they steer the play (what the customer does next), so a
# player's copy without them would play differently from the trainer's.
CHOICE_KEPT = ("id", "text", "mood", "sets", "next")
REPLY_KEPT = ("prompt", "next")
BRANCH_KEPT = ("go", "mood_below", "mood_at_least", "when")
ENDING_KEPT = ("outcome", "text")
# The fields that score a play; a player's copy must carry none of them.
ANSWER_KEY_FIELDS = ("procedure", "cost", "feedback", "moves", "expect", "red_line")

HEADER = (
    "# 学员版情景：只含演练所需内容，评分数据保存在培训师处。\n"
    "# Player's copy: what is needed to play this scenario; the scoring stays with the trainer.\n"
)


def _keep(raw: Any, keys: tuple[str, ...]) -> Any:
    if not isinstance(raw, dict):
        return raw
    return {k: raw[k] for k in keys if k in raw}


def _next(raw: Any) -> Any:
    if isinstance(raw, list):
        return [_keep(branch, BRANCH_KEPT) for branch in raw]
    return raw


def _step(raw: Any) -> Any:
    step = _keep(raw, STEP_KEPT)
    if not isinstance(step, dict):
        return step
    if isinstance(step.get("choices"), list):
        step["choices"] = [
            {**c, "next": _next(c.get("next"))} if isinstance(c, dict) and "next" in c else c
            for c in (_keep(choice, CHOICE_KEPT) for choice in step["choices"])
        ]
    if isinstance(step.get("reply"), dict):
        reply = _keep(step["reply"], REPLY_KEPT)
        if "next" in reply:
            reply["next"] = _next(reply["next"])
        step["reply"] = reply
    return step


def player_data(raw: dict[str, Any]) -> dict[str, Any]:
    """The player's copy of a parsed scenario document."""
    data = _keep(raw, TOP_KEPT)
    data[MARK] = True
    data = {k: data[k] for k in TOP_KEPT if k in data}  # the mark right after the id
    if isinstance(data.get("steps"), dict):
        data["steps"] = {sid: _step(step) for sid, step in data["steps"].items()}
    if isinstance(data.get("endings"), dict):
        data["endings"] = {eid: _keep(e, ENDING_KEPT) for eid, e in data["endings"].items()}
    return data


def player_copy(scenario_yaml: str) -> str:
    """The player's copy of a scenario file's text (the same text always gives the same
    copy, and the copy of a copy is itself, so its sha256 can be pinned in a hidden test)."""
    raw = yaml.safe_load(scenario_yaml)
    if not isinstance(raw, dict):
        raise ValueError("a scenario file must be a mapping")
    body = yaml.safe_dump(
        player_data(raw), allow_unicode=True, sort_keys=False, width=4096,
        default_flow_style=False,
    )  # fmt: skip
    return HEADER + body


def player_sha256(scenario_yaml: str) -> str:
    """The sha256 of the released copy's bytes (UTF-8), as a transcript records it."""
    return hashlib.sha256(player_copy(scenario_yaml).encode("utf-8")).hexdigest()


def answer_key_fields(raw: Any) -> list[tuple[str | int, ...]]:
    """Where a parsed scenario document carries a field that scores a play."""
    found: list[tuple[str | int, ...]] = []
    if not isinstance(raw, dict):
        return found
    if "procedure" in raw:
        found.append(("procedure",))
    steps = raw.get("steps")
    for sid, step in steps.items() if isinstance(steps, dict) else ():
        if not isinstance(step, dict):
            continue
        choices = step.get("choices")
        for i, choice in enumerate(choices if isinstance(choices, list) else ()):
            if isinstance(choice, dict):
                found += [("steps", sid, "choices", i, k) for k in ANSWER_KEY_FIELDS if k in choice]
        reply = step.get("reply")
        if isinstance(reply, dict):
            found += [("steps", sid, "reply", k) for k in ANSWER_KEY_FIELDS if k in reply]
    return found
