"""Find what a trainee changed in the protected parts of an exam notebook.

nbgrader restores protected cells before grading, but only logs a warning (and it
logs one for every cell with hidden tests, tampered or not, so its log cannot tell).
Here the submitted notebook is compared with the released one, cell by cell, by
grade id: a pure function of the two notebooks.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

from .answers import AnswerFileError, parse_sheet


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
    return bool(meta.get("locked") or meta.get("grade") or meta.get("solution"))


def _source(cell: Any) -> str:
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else str(source)


def tamper_findings(released: Any, submitted: Any) -> tuple[Finding, ...]:
    """What differs in the protected cells of `submitted` from `released` (both notebooks)."""
    originals = {
        _meta(c)["grade_id"]: c
        for c in released.get("cells", [])
        if _protected(_meta(c)) and _meta(c).get("grade_id")
    }
    findings: list[Finding] = []
    cells = submitted.get("cells", [])
    ids = [_meta(c).get("grade_id") for c in cells]
    counts = Counter(i for i in ids if i)
    for grade_id, count in sorted(counts.items()):
        if count > 1 and grade_id in originals:
            findings.append(Finding("duplicated", grade_id, f"appears {count} times"))
    seen: set[str] = set()
    unknown: list[tuple[int, Any]] = []
    for index, cell in enumerate(cells, start=1):
        grade_id = _meta(cell).get("grade_id")
        if not isinstance(grade_id, str) or grade_id not in originals:
            if cell.get("cell_type") == "code":
                unknown.append((index, cell))
            continue
        if grade_id in seen:
            continue
        seen.add(grade_id)
        findings += _compare(grade_id, originals[grade_id], cell)
    missing = [gid for gid in originals if gid not in seen]
    by_source = {_source(originals[gid]): gid for gid in missing}
    for index, cell in unknown:
        grade_id = _meta(cell).get("grade_id")
        was = by_source.get(_source(cell))
        if grade_id and was:
            findings.append(Finding("renamed", was, f"grade id changed to {grade_id!r}"))
            missing.remove(was)
        else:
            label = f"cell {index}" + (f" ({grade_id})" if grade_id else "")
            findings.append(Finding("added_code", label, "code cell not in the exam; not run"))
    findings += [Finding("deleted", gid, "restored from the exam for grading") for gid in missing]
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
    if was.get("locked") and _source(cell) != _source(original):
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
