"""Find what a trainee changed in the protected parts of an exam notebook.

nbgrader restores protected cells before grading, but only logs a warning (and it
logs one for every cell with hidden tests, tampered or not, so its log cannot tell).
Here the submitted notebook is compared with the released one: a pure function of
the two notebooks. Protected cells are matched by grade id; every other cell by its
content and place (see `_matched_plain_cells`), because an nbgrader course may
release code cells without nbgrader metadata (nbgrader's own quickstart does), and
those are part of the exam, not something the trainee added. A claim in the answers
file to have been shown another variant of a pooled question is found here too
(`variant_findings`).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Any

from frontline.exams.model.answers import AnswerFileError, parse_sheet
from frontline.exams.model.bank import QuestionBank
from frontline.exams.model.draw import draw

ADDED_CODE_DROPPED = "code cell not in the exam; not run"
ADDED_CODE_RUN = "code cell not in the exam; run while grading, as nbgrader does"


@dataclass(frozen=True)
class Finding:
    kind: str  # edited, deleted, duplicated, retyped, renamed, points, unlocked, added_code, ...
    cell: str  # the grade id (or "cell N" for cells without one)
    detail: str

    def describe(self) -> str:
        return f"{self.kind} {self.cell}: {self.detail}"


def _meta(cell: Any) -> dict[str, Any]:
    meta = cell.get("metadata", {}).get("nbgrader", {})
    return meta if isinstance(meta, dict) else {}


def _protected(meta: dict[str, Any]) -> bool:
    return bool(meta.get("locked") or meta.get("grade") or meta.get("solution") or meta.get("task"))


def _locked(meta: dict[str, Any]) -> bool:
    """nbgrader's rule (utils.is_locked): a grade cell that is not an answer is locked
    whatever its `locked` flag says, and nbgrader restores its source before grading."""
    if meta.get("solution"):
        return False
    return bool(meta.get("grade") or meta.get("locked"))


def _restored_when_deleted(meta: dict[str, Any]) -> bool:
    # nbgrader's OverwriteCells.add_missing_cells puts back grade and task cells only.
    return bool(meta.get("grade") or meta.get("task"))


def _source(cell: Any) -> str:
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else str(source)


def _grade_id(cell: Any, known: dict[str, Any]) -> str | None:
    grade_id = _meta(cell).get("grade_id")
    return grade_id if isinstance(grade_id, str) and grade_id in known else None


def _key(cell: Any, known: dict[str, Any]) -> tuple[str, str]:
    grade_id = _grade_id(cell, known)
    if grade_id is not None:
        return ("protected", grade_id)
    return (str(cell.get("cell_type")), _source(cell))


def _matched_plain_cells(released: list[Any], cells: list[Any], known: dict[str, Any]) -> set[int]:
    """Indexes of submitted cells that are released cells outside nbgrader's protection.

    The two cell lists are aligned (protected cells by grade id, others by type and
    source). A cell found unchanged in the release is the exam's; where the alignment
    has a block of changed cells, a submitted plain code cell takes the place of a
    released plain code cell of that block, in order (the trainee edited it, which
    an unprotected cell allows). What is left over was added.
    """
    matcher = SequenceMatcher(
        None, [_key(c, known) for c in released], [_key(c, known) for c in cells], autojunk=False
    )
    matched: set[int] = set()
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            matched.update(range(j1, j2))
        elif tag == "replace":
            was = [c for c in released[i1:i2] if _plain_code(c, known)]
            now = [j for j in range(j1, j2) if _plain_code(cells[j], known)]
            matched.update(now[: len(was)])
    return matched


def _plain_code(cell: Any, known: dict[str, Any]) -> bool:
    return cell.get("cell_type") == "code" and _grade_id(cell, known) is None


def tamper_findings(
    released: Any, submitted: Any, *, added_code_runs: bool = False
) -> tuple[Finding, ...]:
    """What differs in the protected cells of `submitted` from `released` (both notebooks).

    `added_code_runs` says whether grading runs code cells the exam does not have
    (plain nbgrader does; Frontline's own course drops them): it only words the finding.
    """
    originals = {
        _meta(c)["grade_id"]: c
        for c in released.get("cells", [])
        if _protected(_meta(c)) and isinstance(_meta(c).get("grade_id"), str)
    }
    findings: list[Finding] = []
    cells = submitted.get("cells", [])
    counts = Counter(_grade_id(c, originals) for c in cells)
    for dup_id, count in sorted((g, n) for g, n in counts.items() if g is not None):
        if count > 1:
            findings.append(Finding("duplicated", dup_id, f"appears {count} times"))
    exam_cells = _matched_plain_cells(released.get("cells", []), cells, originals)
    seen: set[str] = set()
    unknown: list[tuple[int, Any]] = []
    for index, cell in enumerate(cells):
        known = _grade_id(cell, originals)
        if known is None:
            if cell.get("cell_type") == "code" and index not in exam_cells:
                unknown.append((index + 1, cell))
            continue
        if known in seen:
            continue
        seen.add(known)
        findings += _compare(known, originals[known], cell)
    missing = [gid for gid in originals if gid not in seen]
    by_source = {_source(originals[gid]): gid for gid in missing}
    added = ADDED_CODE_RUN if added_code_runs else ADDED_CODE_DROPPED
    for index, cell in unknown:
        grade_id: Any = _meta(cell).get("grade_id")
        was = by_source.get(_source(cell))
        if grade_id and was:
            findings.append(Finding("renamed", was, f"grade id changed to {grade_id!r}"))
            missing.remove(was)
        else:
            label = f"cell {index}" + (f" ({grade_id})" if grade_id else "")
            findings.append(Finding("added_code", label, added))
    for gid in missing:
        restored = _restored_when_deleted(_meta(originals[gid]))
        detail = "restored from the exam for grading" if restored else "missing; graded without it"
        findings.append(Finding("deleted", gid, detail))
    return tuple(findings)


def _compare(grade_id: str, original: Any, cell: Any) -> list[Finding]:
    found: list[Finding] = []
    was, now = _meta(original), _meta(cell)
    if cell.get("cell_type") != original.get("cell_type"):
        found.append(
            Finding("retyped", grade_id, f"{original.get('cell_type')} -> {cell.get('cell_type')}")
        )
    for flag in ("locked", "grade", "solution"):
        if bool(now.get(flag)) != bool(was.get(flag)):
            found.append(
                Finding("protection", grade_id, f"{flag} changed to {bool(now.get(flag))}")
            )
    if was.get("grade") and _points(now) != _points(was):
        found.append(Finding("points", grade_id, f"{_points(was):g} -> {_points(now):g}"))
    if _locked(was) and _source(cell) != _source(original):
        found.append(Finding("edited", grade_id, "protected cell edited; original used"))
    return found


def _points(meta: dict[str, Any]) -> float:
    try:
        return float(meta.get("points", 0) or 0)
    except (TypeError, ValueError):
        return float("nan")


def answers_problem(text: str | None) -> str | None:
    """Why an answers file cannot be read (it then earns nothing), or None if fine."""
    if text is None:
        return None
    import json

    try:
        parse_sheet(json.loads(text))
    except json.JSONDecodeError as exc:
        return f"answers.json is not valid JSON ({exc.msg}: line {exc.lineno})"
    except AnswerFileError as exc:
        return f"answers.json: {exc}"
    return None


VARIANT_CLAIM = "variant_claim"


def variant_findings(
    bank: QuestionBank, text: str | None, trainee_id: str, exam_id: str
) -> tuple[Finding, ...]:
    """Pooled slots whose answers file claims a variant other than the one drawn for this
    trainee and sitting (or none beside an answer): the hidden test scores them 0.

    The trainee's widgets always write the variant they showed, so a difference means
    the file was edited or copied from another trainee's sitting.
    """
    if text is None or not bank.pools:
        return ()
    import json

    try:
        sheet = parse_sheet(json.loads(text))
    except (json.JSONDecodeError, AnswerFileError):
        return ()  # answers_problem reports it
    drawn = draw(bank, trainee_id, exam_id)
    found = []
    for slot in bank.pools:
        claim = sheet.variants.get(slot)
        if claim is None and slot not in sheet.answers:
            continue
        if claim != drawn[slot]:
            said = f"variant {claim}" if claim is not None else "no variant"
            found.append(
                Finding(
                    VARIANT_CLAIM,
                    slot,
                    f"answers.json names {said}; this trainee's sitting shows {drawn[slot]}; "
                    "scored 0",
                )
            )
    return tuple(found)
