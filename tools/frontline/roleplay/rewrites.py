"""Rewrite exercises: a forbidden phrase is shown, the trainee writes a better one.

The exercises live in `course/lexicon/rewrites.yml`; a rewrite passes when the
reply analysis finds no forbidden phrase and every expected move.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from frontline.core.errors import InputFileError
from frontline.core.i18n import Text
from frontline.core.yamlfile import read_yaml
from frontline.roleplay import model
from frontline.roleplay.lexicon import DEFAULT_LEXICON, Lexicon
from frontline.roleplay.problems import ContentError, Problems
from frontline.roleplay.replies import ReplyAnalysis, analyse

REWRITES_FILE = "rewrites.yml"


@dataclass(frozen=True)
class RewriteExercise:
    id: str
    situation: Text
    shown: Text  # the forbidden phrase the trainee must replace
    expect: tuple[str, ...]
    line: int | None = None


@dataclass(frozen=True)
class RewriteVerdict:
    passed: bool
    analysis: ReplyAnalysis
    missing: tuple[str, ...]


def rewrite_problems(
    path: Path, lexicon: Lexicon | None = None
) -> tuple[dict[str, RewriteExercise], list[InputFileError]]:
    try:
        p = Problems(read_yaml(path))
    except InputFileError as exc:
        return {}, [exc]
    exercises: dict[str, RewriteExercise] = {}
    raw = p.mapping(p.doc.data)
    items = (raw or {}).get("exercises")
    if raw is not None:
        p.known_keys(raw, ("exercises",), ())
    if raw is not None and not isinstance(items, list):
        p.add("must be a list of exercises", "exercises")
    for i, item in enumerate(items if isinstance(items, list) else []):
        where = ("exercises", i)
        entry = p.mapping(item, *where)
        if entry is None:
            continue
        p.known_keys(entry, ("id", "situation", "shown", "expect"), (), *where)
        ex_id = p.string(entry.get("id"), *where, "id")
        situation = p.text(entry.get("situation"), *where, "situation")
        shown = p.text(entry.get("shown"), *where, "shown")
        expect = p.string_list(entry.get("expect"), *where, "expect") or ()
        for j, move in enumerate(expect):
            if move not in model.DETECTED_MOVES:
                p.add(f"'{move}' cannot be found in typed text "
                      f"({', '.join(model.DETECTED_MOVES)})", *where, "expect", j)  # fmt: skip
        if ex_id in exercises:
            p.add(f"duplicate exercise id '{ex_id}'", *where, "id")
        if lexicon is not None and shown is not None:
            for lang in ("zh", "en"):
                if not analyse(shown.get(lang), lexicon, lang=lang).forbidden:
                    p.add(f"the {lang} phrase shown is not a forbidden phrase of the lexicon, "
                          "so the exercise teaches nothing", *where, "shown", lang)  # fmt: skip
        if ex_id and situation and shown:
            exercises[ex_id] = RewriteExercise(ex_id, situation, shown, expect,
                                               p.doc.line_of(*where))  # fmt: skip
    return exercises, p.items


def load_rewrites(folder: Path = DEFAULT_LEXICON) -> dict[str, RewriteExercise]:
    exercises, problems = rewrite_problems(Path(folder) / REWRITES_FILE)
    if problems:
        raise ContentError(problems)
    return exercises


def judge_rewrite(exercise: RewriteExercise, text: str, lexicon: Lexicon) -> RewriteVerdict:
    analysis = analyse(text, lexicon)
    missing = analysis.missing(exercise.expect)
    return RewriteVerdict(bool(text.strip()) and not analysis.forbidden and not missing,
                          analysis, missing)  # fmt: skip
