"""`frontline check` for trainer files (`exams/trainer/<exam>.yml`).

The loader (`trainer_file`) checks a file against the exam's `questions.yml`:
keys that name no option, keys of the wrong shape, questions without a key, keys
for questions that do not exist, missing explanations. What it cannot see is the
notebook: nbgrader grades with the `points` in the notebook's cell metadata and
the hidden test scales its credit by its own `points=`, so a trainer file edited
without `frontline exams author` gives trainees other points (or another key)
than it says. This module adds those comparisons and names exams that have
questions but no keys.

The hidden tests are never parsed: each is compared with the one `frontline exams
author` writes from the trainer file, so the file stays the only key.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from frontline.core.errors import InputFileError
from frontline.core.yamlfile import YamlDocument, read_yaml
from frontline.exams.authoring.notebook import hidden_test
from frontline.exams.authoring.retake import named_original
from frontline.exams.model.questions import QUESTIONS_FILE, load_questions
from frontline.exams.model.trainer_file import TRAINER_FOLDER, KeyedItem, read_trainer_file

SOURCE_FOLDER = "source"


@dataclass(frozen=True)
class GradeCell:
    grade_id: str
    number: int  # 1 for the notebook's first cell, as Jupyter users count
    points: float | None  # nbgrader's metadata
    source: str | None  # the code of a question's cell (its hidden test); None when written


def course_root_of(trainer_path: Path) -> Path:
    return trainer_path.parent.parent


def notebook_path(course_root: Path, exam_id: str) -> Path:
    return course_root / SOURCE_FOLDER / exam_id / f"{exam_id}.ipynb"


def validate_trainer_files(paths: list[Path]) -> list[InputFileError]:
    """Every problem of these trainer files, and exams in their courses left unkeyed."""
    problems: list[InputFileError] = []
    for path in paths:
        problems.extend(trainer_findings(path))
    for root in sorted({course_root_of(p) for p in paths}):
        problems.extend(unkeyed_exams(root))
    return problems


def trainer_findings(path: Path) -> list[InputFileError]:
    exam_id = path.stem
    root = course_root_of(path)
    questions = root / SOURCE_FOLDER / exam_id / QUESTIONS_FILE
    if not questions.is_file():
        return [InputFileError(path, f"no exam {exam_id!r}: {questions} does not exist")]
    try:
        bank = load_questions(questions)
    except InputFileError as exc:
        # Its own finding is reported with questions.yml; say why this file waits.
        return [InputFileError(path, f"cannot be checked until {questions} loads ({exc.reason})")]
    reading = read_trainer_file(path, bank)
    try:
        doc = read_yaml(path)
    except InputFileError:
        return reading.problems  # already the first finding
    known = {q.id for q in bank.questions}
    notebook = notebook_path(root, exam_id)
    return reading.problems + notebook_findings(
        doc, notebook, exam_id, known, reading.items, reading.pools
    )


def unkeyed_exams(course_root: Path) -> list[InputFileError]:
    """Exams with questions but no trainer file; a retake is keyed by its original's."""
    problems: list[InputFileError] = []
    source = course_root / SOURCE_FOLDER
    for questions in sorted(source.glob(f"*/{QUESTIONS_FILE}")):
        exam_id = questions.parent.name
        keyed_by = named_original(exam_id) or exam_id
        if not (course_root / TRAINER_FOLDER / f"{keyed_by}.yml").is_file():
            problems.append(
                InputFileError(
                    questions,
                    f"no trainer file {TRAINER_FOLDER}/{keyed_by}.yml: these questions have no "
                    "keys, points or explanations; write one (see exams/trainer/) and run "
                    f"`frontline exams author {exam_id}`",
                )
            )
    return problems


def read_grade_cells(path: Path) -> dict[str, GradeCell]:
    """nbgrader's grade cells of a notebook by grade id, read as plain JSON (no nbformat
    validation: the check only needs the metadata and the cells' code)."""
    try:
        notebook = json.loads(path.read_text(encoding="utf-8"))
        cells = notebook["cells"]
    except FileNotFoundError:
        raise InputFileError(path, "file not found") from None
    except (ValueError, KeyError, TypeError) as exc:
        raise InputFileError(path, f"not a readable notebook ({exc})") from None
    found: dict[str, GradeCell] = {}
    for index, cell in enumerate(cells):
        meta = cell.get("metadata", {}).get("nbgrader", {})
        if not meta.get("grade"):
            continue
        source = None
        if not meta.get("solution"):
            raw = cell.get("source", "")
            source = "".join(raw) if isinstance(raw, list) else str(raw)
        grade_id = str(meta.get("grade_id", ""))
        found[grade_id] = GradeCell(grade_id, index + 1, _number(meta.get("points")), source)
    return found


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value)


def _usable_points(value: Any) -> float | None:
    """Points the loader accepts; others are its finding, not a notebook mismatch."""
    points = _number(value)
    return points if points is not None and points > 0 else None


def _stated_points(doc: YamlDocument) -> list[tuple[str, tuple[str | int, ...], float]]:
    """(item id, where, points) of every item that states numeric points."""
    data = doc.data if isinstance(doc.data, dict) else {}
    stated: list[tuple[str, tuple[str | int, ...], float]] = []
    questions = data.get("questions")
    for item_id, raw in (questions if isinstance(questions, dict) else {}).items():
        if isinstance(raw, dict) and (points := _usable_points(raw.get("points"))) is not None:
            stated.append((str(item_id), ("questions", str(item_id), "points"), points))
    written = data.get("written")
    for index, raw in enumerate(written if isinstance(written, list) else []):
        if isinstance(raw, dict) and (points := _usable_points(raw.get("points"))) is not None:
            stated.append((str(raw.get("id", "")), ("written", index, "points"), points))
    return stated


def _hidden_test_points(
    cell: GradeCell, item: KeyedItem, pool: Mapping[str, KeyedItem] | None = None
) -> float | None:
    """The points the cell's hidden test gives, if it is the test `frontline exams author`
    writes for this key (every variant's, when pooled) with the cell's own points or
    the file's; None otherwise."""
    for points in (cell.points, item.points):
        if points is None:
            continue
        with_points = (
            None if pool is None else {v: replace(k, points=points) for v, k in pool.items()}
        )
        if cell.source == hidden_test(replace(item, points=points), with_points):
            return points
    return None


def notebook_findings(
    doc: YamlDocument,
    notebook: Path,
    exam_id: str,
    question_ids: set[str],
    keyed: dict[str, KeyedItem],
    pools: Mapping[str, Mapping[str, KeyedItem]] | None = None,
) -> list[InputFileError]:
    """Points in the trainer file that the notebook does not give, hidden tests that are
    not the ones its keys write, and cells it lacks. `keyed`: the items whose own
    entry the loader accepts (a broken one is the loader's finding)."""
    try:
        cells = read_grade_cells(notebook)
    except InputFileError as exc:
        return [exc]
    author = f"run `frontline exams author {exam_id}` to write the notebook from this file"
    problems: list[InputFileError] = []
    # An item questions.yml does not have is the loader's finding, not the notebook's.
    stated = [s for s in _stated_points(doc) if s[1][0] == "written" or s[0] in question_ids]
    for item_id, where, points in stated:
        cell = cells.get(item_id)
        if cell is None:
            problems.append(doc.error(f"{notebook.name} has no grade cell for {item_id}; {author}",
                                      *where[:-1]))  # fmt: skip
            continue
        # Written answers have no hidden test; nbgrader's points are all there is.
        given_by = {"nbgrader points": cell.points}
        item = keyed.get(item_id) if cell.source is not None else None
        if item is not None:
            in_test = _hidden_test_points(cell, item, (pools or {}).get(item_id))
            if in_test is None:
                problems.append(doc.error(
                    f"the hidden test in {notebook.name} cell {cell.number} is not the one "
                    f"this key writes; {author}", *where[:-1]))  # fmt: skip
            else:
                given_by["the hidden test's points="] = in_test
        wrong = {label: value for label, value in given_by.items() if value != points}
        if wrong:
            given = " and ".join(
                f"{'none' if value is None else f'{value:g}'} ({label})"
                for label, value in wrong.items()
            )
            problems.append(doc.error(
                f"points {points:g} here, but {notebook.name} cell {cell.number} gives "
                f"{given}; {author}, or correct the points here", *where))  # fmt: skip
    named = {item_id for item_id, _, _ in stated}
    for grade_id, cell in sorted(cells.items(), key=lambda kv: kv[1].number):
        # A question of questions.yml without a key is the loader's finding already.
        if grade_id not in named | question_ids and not _mentioned(doc, grade_id):
            problems.append(InputFileError(
                notebook, f"cell {cell.number} grades {grade_id!r}, which {doc.path.name} does "
                f"not key; {author}"))  # fmt: skip
    return problems


def _mentioned(doc: YamlDocument, item_id: str) -> bool:
    """An item the file names without usable points (reported by the loader already)."""
    if ("questions", item_id) in doc.lines:
        return True
    written = doc.data.get("written") if isinstance(doc.data, dict) else None
    entries = written if isinstance(written, list) else []
    return any(isinstance(w, dict) and str(w.get("id")) == item_id for w in entries)
