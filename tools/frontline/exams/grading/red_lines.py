"""Red lines crossed in a practical exam, recorded by the grading side for HR.

The hidden test of a scenario scores a play that crossed a red line 0 and names it
on stdout, which formgrader shows; but stdout is not something HR can read back.
So after a practical submission is graded, the worker replays each scenario's
counted play (`practical.find_transcript`, the same first finished play the hidden
test scored) on the trainer's copies in `source/<exam>/` and records every red line
as a grading flag (`frontline_flags`, kind `red_line`) in the same transaction as
the grades. Only the trainee's actions come from the submission; the red lines are
the trainer's scenario's and the lexicon's, so a trainee cannot add or remove one
by editing what they hand in.

A flag's detail is JSON (category, step, label and what, each label in zh and en),
so HR reads it back as data (`decode_red_line`) and formgrader's database browser
still shows it as text.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from frontline.core.i18n import Text
from frontline.exams.grading.tamper import Finding

RED_LINE_FLAG = "red_line"


@dataclass(frozen=True)
class RecordedRedLine:
    """One red line as the gradebook keeps it: the graded cell and what crossed it."""

    cell: str  # grade id of the scenario's cell
    category: str  # a key of frontline.roleplay.model.RED_LINES
    step: str
    label: Text  # the category as trainees and HR read it
    what: Text  # the choice taken, or the words typed


def encode_red_line(hit: RecordedRedLine) -> str:
    return json.dumps(
        {
            "category": hit.category,
            "step": hit.step,
            "label": {"zh": hit.label.zh, "en": hit.label.en},
            "what": {"zh": hit.what.zh, "en": hit.what.en},
        },
        ensure_ascii=False,
        sort_keys=True,
    )


def decode_red_line(cell: str, detail: str) -> RecordedRedLine:
    """The red line a flag records. A detail that is not ours still names a red line:
    it is kept as its own text rather than dropped, so HR never loses one."""
    try:
        raw = json.loads(detail)
        label, what = raw["label"], raw["what"]
        return RecordedRedLine(
            cell=cell,
            category=str(raw["category"]),
            step=str(raw.get("step", "")),
            label=Text(zh=str(label["zh"]), en=str(label["en"])),
            what=Text(zh=str(what["zh"]), en=str(what["en"])),
        )
    except (json.JSONDecodeError, KeyError, TypeError):
        text = Text(zh=detail, en=detail)
        return RecordedRedLine(cell=cell, category="unknown", step="", label=text, what=text)


def red_lines_of_submission(source_dir: Path, submitted: Path) -> tuple[RecordedRedLine, ...]:
    """Every red line in the counted plays of one practical submission (none for a
    theory exam). Plays that cannot be replayed score 0 in the hidden test already
    and cross no red line here."""
    from frontline.exams.grading.practical import (
        LEXICON_DIR,
        SCENARIOS_DIR,
        read_practical_key,
        replay_counted_play,
    )

    scenarios, lexicon = source_dir / SCENARIOS_DIR, source_dir / LEXICON_DIR
    if not scenarios.is_dir() or not lexicon.is_dir():
        return ()
    found: list[RecordedRedLine] = []
    for notebook in sorted(source_dir.glob("*.ipynb")):
        for item in read_practical_key(notebook).items:
            result = replay_counted_play(submitted, item, scenarios, lexicon)
            if result is None:
                continue
            found += [
                RecordedRedLine(item.grade_id, hit.category, hit.step, hit.label, hit.what)
                for hit in result.red_lines
            ]
    return tuple(found)


def red_line_findings(source_dir: Path, submitted: Path) -> tuple[Finding, ...]:
    return tuple(
        Finding(RED_LINE_FLAG, hit.cell, encode_red_line(hit))
        for hit in red_lines_of_submission(source_dir, submitted)
    )
