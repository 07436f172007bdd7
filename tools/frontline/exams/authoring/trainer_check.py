"""`frontline check` for trainer files (`exams/trainer/<exam>.yml`).

The loader (`trainer_file`) checks a file against the exam's `questions.yml`:
keys that name no option, keys of the wrong shape, questions without a key, keys
for questions that do not exist, missing explanations. What it cannot see is the
notebook: nbgrader grades with the `points` in the notebook's cell metadata and
the hidden test scales its credit by its own `points=`, so a trainer file edited
without `frontline exams author` gives trainees other points than it says. This
module adds those comparisons and names exams that have questions but no keys.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from frontline.core.errors import InputFileError
from frontline.core.yamlfile import YamlDocument, read_yaml
from frontline.exams.authoring.retake import named_original
from frontline.exams.model.keys import key_items
from frontline.exams.model.questions import QUESTIONS_FILE, load_questions
from frontline.exams.model.trainer_file import TRAINER_FOLDER, trainer_file_problems

SOURCE_FOLDER = "source"


@dataclass(frozen=True)
class GradeCell:
    grade_id: str
    number: int  # 1 for the notebook's first cell, as Jupyter users count
    points: float | None  # nbgrader's metadata
    test_points: float | None  # the hidden test's `points=`, None for written answers


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
    _, problems = trainer_file_problems(path, bank)
    try:
        doc = read_yaml(path)
    except InputFileError:
        return problems  # already the first finding
    known = {q.id for q in bank.questions}
    return problems + notebook_findings(doc, notebook_path(root, exam_id), exam_id, known)


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
    validation: the check only needs the metadata and the hidden tests)."""
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
        test_points = None
        if not meta.get("solution"):
            source = cell.get("source", "")
            text = "".join(source) if isinstance(source, list) else str(source)
            try:
                keys = key_items(text, f"{path}, cell {index + 1}")
            except (SyntaxError, ValueError, KeyError) as exc:
                problem = f"cell {index + 1}: unreadable hidden test ({exc})"
                raise InputFileError(path, problem) from None
            test_points = keys[0].points if keys else None
        grade_id = str(meta.get("grade_id", ""))
        found[grade_id] = GradeCell(grade_id, index + 1, _number(meta.get("points")), test_points)
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


def notebook_findings(
    doc: YamlDocument, notebook: Path, exam_id: str, question_ids: set[str]
) -> list[InputFileError]:
    """Points in the trainer file that the notebook does not give, and cells it lacks."""
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
        if cell.test_points is not None:
            given_by["the hidden test's points="] = cell.test_points
        wrong = {label: value for label, value in given_by.items() if value != points}
        if wrong:
            given = " and ".join(
                f"{'none' if value is None else f'{value:g}'} ({label})"
                for label, value in wrong.items()
            )
            problems.append(doc.error(
                f"points {points:g} here, but {notebook.name} cell {cell.number} gives "
                f"{given}; {author}, or correct the points here", *where))  # fmt: skip
    keyed = {item_id for item_id, _, _ in stated}
    for grade_id, cell in sorted(cells.items(), key=lambda kv: kv[1].number):
        # A question of questions.yml without a key is the loader's finding already.
        if grade_id not in keyed | question_ids and not _mentioned(doc, grade_id):
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
