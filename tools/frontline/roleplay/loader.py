"""Load scenario files (`course/scenarios/<id>.yml`) into `Scenario` objects.

Parsing records every problem with file, line and key; `load_scenario` refuses a
file with any problem, `scenario_problems` (used by `frontline check`) lists them.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path
from typing import Any

from frontline.core.course import DEFAULT_SCENARIOS as DEFAULT_SCENARIOS
from frontline.core.errors import InputFileError
from frontline.core.yamlfile import read_yaml
from frontline.exams.itemcheck.shape import SHAPE_RULES
from frontline.roleplay import model
from frontline.roleplay.graph import graph_problems
from frontline.roleplay.model import (
    Branch,
    Choice,
    Cost,
    Ending,
    ReplyStep,
    Scenario,
    Step,
    Waiver,
)
from frontline.roleplay.player_copy import MARK, answer_key_fields
from frontline.roleplay.problems import ContentError, Problems

SCENARIO_SUFFIXES = (".yml", ".yaml")
TOP_KEYS = (
    "id", "module", "channel", "title", "brief", "customer", "mood", "procedure", "start",
    "steps", "endings",
)  # fmt: skip
CHOICE_KEYS = ("id", "text", "next")
CHOICE_OPTIONAL = ("moves", "cost", "mood", "feedback", "red_line", "sets")
# Writing cues `frontline check` looks for in a choice step (lint.py), which a step may
# waive with a reason.
CUES = SHAPE_RULES  # the item-writing check's rules a step may waive
_FACT = re.compile(r"^[a-z0-9][a-z0-9-]*$")


def _cost(p: Problems, raw: Any, *where: str | int) -> Cost:
    if raw is None:
        return Cost()
    mapping = p.mapping(raw, *where)
    if mapping is None:
        return Cost()
    points: dict[str, int] = {}
    for key, value in mapping.items():
        if key not in model.DIMENSIONS:
            p.add(f"unknown rubric dimension '{key}' ({', '.join(model.DIMENSIONS)})", *where, key)
            continue
        number = p.integer(value, 0, model.POINTS_PER_DIMENSION, *where, key)
        if number is not None:
            points[key] = number
    return Cost(**points)


def _moves(p: Problems, raw: Any, allowed: tuple[str, ...], *where: str | int) -> tuple[str, ...]:
    if raw is None:
        return ()
    moves = p.string_list(raw, *where) or ()
    for i, move in enumerate(moves):
        if move not in allowed:
            p.add(f"unknown move '{move}' (known: {', '.join(allowed)})", *where, i)
    return tuple(m for m in moves if m in allowed)


def _next(p: Problems, raw: Any, *where: str | int) -> tuple[Branch, ...]:
    """`next: step-id` or a list of `{mood_below: N, go: id}` ending with a plain `{go: id}`."""
    line = p.doc.line_of(*where)
    if isinstance(raw, str) and raw.strip():
        return (Branch(go=raw.strip(), line=line),)
    if not isinstance(raw, list) or not raw:
        p.add("must be a step or ending id, or a list of branches", *where)
        return ()
    branches: list[Branch] = []
    for i, item in enumerate(raw):
        here = (*where, i)
        entry = p.mapping(item, *here)
        if entry is None:
            continue
        p.known_keys(entry, ("go",), ("mood_below", "mood_at_least", "when"), *here)
        go = p.string(entry.get("go"), *here, "go") if "go" in entry else None
        when = _facts(p, entry.get("when"), *here, "when")
        below = entry.get("mood_below")
        at_least = entry.get("mood_at_least")
        if below is not None:
            below = p.integer(below, 1, 100, *here, "mood_below")
        if at_least is not None:
            at_least = p.integer(at_least, 1, 100, *here, "mood_at_least")
        if go is not None:
            branches.append(Branch(go, below, at_least, line=p.doc.line_of(*here), when=when))
    if branches and not branches[-1].unconditional:
        p.add("the last branch must have no condition (mood or when), so some branch always "
              "applies", *where, len(raw) - 1)  # fmt: skip
    return tuple(branches)


def _facts(p: Problems, raw: Any, *where: str | int) -> tuple[str, ...]:
    """`when: fact` / `sets: [fact, ...]`: short lower-case names an author chooses."""
    if raw is None:
        return ()
    items = [raw] if isinstance(raw, str) else p.string_list(raw, *where) or []
    for i, item in enumerate(items):
        if not isinstance(item, str) or not _FACT.match(item):
            p.add(f"'{item}' is not a fact name (lower-case letters, digits and '-')", *where,
                  *(() if isinstance(raw, str) else (i,)))  # fmt: skip
    return tuple(item for item in items if isinstance(item, str) and _FACT.match(item))


def _choice(p: Problems, raw: Any, *where: str | int) -> Choice | None:
    entry = p.mapping(raw, *where)
    if entry is None:
        return None
    p.known_keys(entry, CHOICE_KEYS, CHOICE_OPTIONAL, *where)
    choice_id = p.string(entry.get("id"), *where, "id")
    text = p.text(entry.get("text"), *where, "text")
    branches = _next(p, entry.get("next"), *where, "next")
    moves = _moves(p, entry.get("moves"), model.MOVES, *where, "moves")
    cost = _cost(p, entry.get("cost"), *where, "cost")
    mood = p.integer(entry.get("mood", 0), -100, 100, *where, "mood")
    feedback = p.text(entry["feedback"], *where, "feedback") if "feedback" in entry else None
    red_line = entry.get("red_line")
    if red_line is not None:
        red_line = p.one_of(red_line, tuple(model.RED_LINES), *where, "red_line")
        if red_line is not None and moves:
            p.add("a red-line choice earns no procedure credit; remove its 'moves'", *where,
                  "moves")  # fmt: skip
        if red_line is not None and cost.total == 0:
            p.add("a red-line choice must cost points too (the card shows where they went)",
                  *where, "red_line")  # fmt: skip
    sets = _facts(p, entry.get("sets"), *where, "sets")
    if choice_id is None or text is None or not branches:
        return None
    return Choice(choice_id, text, branches, moves, cost, mood or 0, feedback,
                  line=p.doc.line_of(*where), red_line=red_line, sets=sets)  # fmt: skip


def _waivers(p: Problems, raw: Any, *where: str | int) -> tuple[Waiver, ...]:
    """`waiver: [{cue: longest-key, reason: "..."}]`: a writing cue kept on purpose."""
    items = raw if isinstance(raw, list) else [raw]
    waivers: list[Waiver] = []
    for i, item in enumerate(items):
        here = (*where, i) if isinstance(raw, list) else where
        entry = p.mapping(item, *here)
        if entry is None:
            continue
        p.known_keys(entry, ("cue", "reason"), (), *here)
        cue = p.one_of(entry.get("cue"), CUES, *here, "cue")
        reason = p.string(entry.get("reason"), *here, "reason")
        if reason is not None and len(reason) < 10:
            p.add("say why the cue is kept (a reason of a few words at least)", *here, "reason")
        if cue is not None and reason is not None:
            waivers.append(Waiver(cue, reason, line=p.doc.line_of(*here)))
    return tuple(waivers)


def _step(p: Problems, step_id: str, raw: Any) -> Step | None:
    where = ("steps", step_id)
    entry = p.mapping(raw, *where)
    if entry is None:
        return None
    p.known_keys(entry, ("say",), ("choices", "reply", "waiver"), *where)
    say = p.text(entry.get("say"), *where, "say")
    line = p.doc.line_of(*where)
    waivers = _waivers(p, entry["waiver"], *where, "waiver") if "waiver" in entry else ()
    if ("choices" in entry) == ("reply" in entry):
        p.add("a step needs either 'choices' or 'reply' (exactly one)", *where)
        return None
    if "reply" in entry:
        reply = _reply(p, entry["reply"], *where, "reply")
        return Step(step_id, say, reply=reply, line=line) if say and reply else None
    raw_choices = entry["choices"]
    if not isinstance(raw_choices, list) or not raw_choices:
        p.add("must be a non-empty list of choices", *where, "choices")
        return None
    choices = [_choice(p, c, *where, "choices", i) for i, c in enumerate(raw_choices)]
    seen: set[str] = set()
    for i, choice in enumerate(choices):
        if choice is not None:
            if choice.id in seen:
                p.add(f"duplicate choice id '{choice.id}' in this step", *where, "choices", i)
            seen.add(choice.id)
    if say is None or any(c is None for c in choices):
        return None
    return Step(step_id, say, choices=tuple(c for c in choices if c), line=line,
                waivers=waivers)  # fmt: skip


def _reply(p: Problems, raw: Any, *where: str | int) -> ReplyStep | None:
    entry = p.mapping(raw, *where)
    if entry is None:
        return None
    # `expect` is required of the trainer's files; parse_scenario checks (a player's
    # copy has none).
    p.known_keys(entry, ("prompt", "next"), ("expect",), *where)
    prompt = p.text(entry.get("prompt"), *where, "prompt")
    expect = _moves(p, entry.get("expect"), model.DETECTED_MOVES, *where, "expect")
    branches = _next(p, entry.get("next"), *where, "next")
    if prompt is None or not branches:
        return None
    return ReplyStep(prompt, expect, branches, line=p.doc.line_of(*where))


def _ending(p: Problems, ending_id: str, raw: Any) -> Ending | None:
    where = ("endings", ending_id)
    entry = p.mapping(raw, *where)
    if entry is None:
        return None
    p.known_keys(entry, ("outcome", "text"), (), *where)
    outcome = p.one_of(entry.get("outcome"), model.OUTCOMES, *where, "outcome")
    text = p.text(entry.get("text"), *where, "text")
    if outcome is None or text is None:
        return None
    return Ending(ending_id, outcome, text, line=p.doc.line_of(*where))


def _check_answer_key(p: Problems, raw: dict[str, Any], player: bool) -> None:
    """A player's copy carries no scoring field; a trainer's file gives every reply its
    expected moves."""
    if player:
        for where in answer_key_fields(raw):
            p.add(f"a player's copy must not carry '{where[-1]}' (it is part of the answer "
                  "key; the trainer's copy keeps it)", *where)  # fmt: skip
        return
    steps = raw.get("steps")
    for step_id, step in steps.items() if isinstance(steps, dict) else ():
        reply = step.get("reply") if isinstance(step, dict) else None
        if isinstance(reply, dict) and "expect" not in reply:
            p.add("'expect' is missing", "steps", str(step_id), "reply")


def parse_scenario(p: Problems, sha256: str = "") -> Scenario | None:
    """Build a Scenario from a parsed YAML document, recording every problem in `p`."""
    raw = p.mapping(p.doc.data)
    if raw is None:
        return None
    player = raw.get(MARK, False)
    if not isinstance(player, bool):
        p.add(f"'{MARK}' must be true or absent", MARK)
    required = tuple(k for k in TOP_KEYS if k != "procedure") if player is True else TOP_KEYS
    p.known_keys(raw, required, ("procedure", MARK))
    _check_answer_key(p, raw, player is True)
    scenario_id = p.string(raw.get("id"), "id")
    if scenario_id is not None and scenario_id != p.path.stem:
        p.add(f"id '{scenario_id}' must equal the file name '{p.path.stem}'", "id")
    module = p.one_of(raw.get("module"), model.MODULES, "module")
    channel = p.one_of(raw.get("channel"), model.CHANNELS, "channel")
    title, brief = p.text(raw.get("title"), "title"), p.text(raw.get("brief"), "brief")
    customer = p.text(raw.get("customer"), "customer")
    mood = p.integer(raw.get("mood"), model.MOOD_MIN, model.MOOD_MAX, "mood")
    procedure = _moves(p, raw.get("procedure"), model.MOVES, "procedure")
    if not procedure and "procedure" in raw:
        p.add("must list at least one move", "procedure")
    start = p.string(raw.get("start"), "start")
    steps: dict[str, Step] = {}
    endings: dict[str, Ending] = {}
    raw_steps = p.mapping(raw.get("steps"), "steps")
    raw_endings = p.mapping(raw.get("endings"), "endings")
    for step_id, value in (raw_steps or {}).items():
        step = _step(p, str(step_id), value)
        if step is not None:
            steps[step.id] = step
    for ending_id, value in (raw_endings or {}).items():
        if raw_steps and ending_id in raw_steps:
            p.add(f"'{ending_id}' is both a step and an ending; ids must be unique",
                  "endings", str(ending_id))  # fmt: skip
        ending = _ending(p, str(ending_id), value)
        if ending is not None:
            endings[ending.id] = ending
    if raw_endings is not None and not raw_endings:
        p.add("a scenario needs at least one ending", "endings")
    if p.items or None in (scenario_id, module, channel, title, brief, customer, mood, start):
        return None
    assert scenario_id and module and channel and title and brief and customer and start
    assert mood is not None
    scenario = Scenario(
        scenario_id, module, channel, title, brief, customer, mood, procedure, start,
        steps, endings, path=p.path, sha256=sha256, player_copy=player is True,
    )  # fmt: skip
    for message, where in graph_problems(scenario):
        p.add(message, *where)
    return scenario


def file_sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def scenario_problems(path: Path) -> tuple[Scenario | None, list[InputFileError]]:
    """Everything wrong with one scenario file (empty list: it is good to play)."""
    try:
        doc = read_yaml(path)
    except InputFileError as exc:
        return None, [exc]
    p = Problems(doc)
    scenario = parse_scenario(p, file_sha256(path))
    return (None if p.items else scenario), p.items


def load_scenario(path: Path) -> Scenario:
    scenario, problems = scenario_problems(Path(path))
    if problems:
        raise ContentError(problems)
    assert scenario is not None
    return scenario


def scenario_files(folder: Path) -> list[Path]:
    """The scenario files of a folder; other files (README.md) are not scenarios."""
    return sorted(
        f for f in Path(folder).iterdir()
        if f.is_file() and f.suffix in SCENARIO_SUFFIXES and not f.name.startswith(".")
    )  # fmt: skip


def load_scenarios(folder: Path = DEFAULT_SCENARIOS) -> dict[str, Scenario]:
    """Every scenario of a folder by id, in file-name order."""
    scenarios: dict[str, Scenario] = {}
    for path in scenario_files(folder):
        scenario = load_scenario(path)
        if scenario.id in scenarios:
            first = scenarios[scenario.id].path
            raise InputFileError(path, f"scenario id '{scenario.id}' is also used by {first}")
        scenarios[scenario.id] = scenario
    return scenarios


def find_scenario(scenario_id: str, folder: Path = DEFAULT_SCENARIOS) -> Scenario:
    """The scenario with this id, from `<folder>/<id>.yml`."""
    for suffix in SCENARIO_SUFFIXES:
        path = Path(folder) / f"{scenario_id}{suffix}"
        if path.is_file():
            return load_scenario(path)
    known = ", ".join(f.stem for f in scenario_files(folder)) if Path(folder).is_dir() else ""
    raise InputFileError(
        Path(folder) / f"{scenario_id}.yml",
        f"no scenario '{scenario_id}'" + (f"; known: {known}" if known else ""),
    )
