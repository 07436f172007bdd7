"""nbgrader preprocessors Frontline adds to autograding.

`DropAddedCodeCells` is named in exams/nbgrader_config.py (Frontline's own course:
trainees never write code). `RepairForRestore` is added by `frontline exams grade`
to every course's sanitize steps, just before nbgrader's OverwriteCells, and is
named in exams/nbgrader_config.py too, so plain nbgrader and formgrader do the same.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from nbformat import from_dict
from nbformat.notebooknode import NotebookNode
from nbgrader.api import Gradebook, MissingEntry
from nbgrader.preprocessors import NbGraderPreprocessor, OverwriteCells

REPAIR_STEP = "frontline.exams.nbgrader_plugins.RepairForRestore"
DROP_STEP = "frontline.exams.nbgrader_plugins.DropAddedCodeCells"


def _grade_id(cell: NotebookNode) -> Any:
    meta = cell.metadata.get("nbgrader")
    return meta.get("grade_id") if isinstance(meta, dict) else None


class DropAddedCodeCells(NbGraderPreprocessor):  # type: ignore[misc]
    """Remove code cells whose grade_id is not one of the exam's source cells.

    Trainees never write code, so any code cell in a submission that the exam's source
    does not have was added by hand, and running it while grading would let it change
    how answers are scored (e.g. replace the scoring functions). Such cells are
    removed before the notebook runs, before nbgrader's OverwriteCells restores the
    source, type and points of every known cell.
    """

    def preprocess(
        self, nb: NotebookNode, resources: dict[str, Any]
    ) -> tuple[NotebookNode, dict[str, Any]]:
        info = resources["nbgrader"]
        with Gradebook(info["db_url"]) as gradebook:
            try:
                notebook = gradebook.find_notebook(info["notebook"], info["assignment"])
            except MissingEntry:
                return nb, resources
            known = {cell.name for cell in notebook.source_cells}
        kept, dropped = [], []
        for index, cell in enumerate(nb.cells):
            if cell.cell_type == "code" and _grade_id(cell) not in known:
                dropped.append(index + 1)
                continue
            kept.append(cell)
        if dropped:
            self.log.warning(
                "%s: removed %d code cell(s) not in the exam (cells %s) before grading",
                info["notebook"],
                len(dropped),
                ", ".join(map(str, dropped)),
            )
        nb.cells = kept
        resources.setdefault("frontline", {})["dropped_cells"] = dropped
        return nb, resources


class RepairForRestore(NbGraderPreprocessor):  # type: ignore[misc]
    """Leave nbgrader's OverwriteCells only what it can restore without failing.

    OverwriteCells restores the source, type and points of the exam's cells, but a
    tampered notebook can make it fail, and the submission would not be graded:
    - a cell whose nbgrader metadata lost its grade id (DeduplicateIds empties a
      duplicate's; OverwriteCells drops an unknown one) fails its restoring of
      deleted cells (KeyError: 'grade_id'): such cells become plain cells;
    - a retyped cell is turned back with a check against the newest notebook format,
      which a notebook of an older minor version fails ('id' is a required
      property): the type is put back here, valid for any nbformat 4 notebook;
    - a deleted grade cell is put back after the source cell before it, which fails
      when that one is gone too, or is not a grade or answer cell (KeyError): it is
      put back here, in nbgrader's own form (missing_cell_transform), after the
      nearest earlier exam cell still present.
    """

    def preprocess(
        self, nb: NotebookNode, resources: dict[str, Any]
    ) -> tuple[NotebookNode, dict[str, Any]]:
        info = resources["nbgrader"]
        exam = _exam_cells(info["db_url"], info["notebook"], info["assignment"])
        if exam is None:
            return nb, resources
        by_name = {c.name: c for c in exam}
        for cell in nb.cells:
            grade_id = _grade_id(cell)
            if "nbgrader" in cell.metadata and grade_id not in by_name:
                del cell.metadata["nbgrader"]  # not an exam cell: a plain one
            elif grade_id is not None:
                _put_back_kind(cell, by_name[grade_id])
        present = {_grade_id(c) for c in nb.cells} - {None}
        restore = OverwriteCells(parent=self)
        for position, source_cell in enumerate(exam):
            if source_cell.name in present or source_cell.max_score is None:
                continue
            # from_dict: nbgrader builds it with plain dicts inside, which the steps after
            # this one read as attributes.
            cell = from_dict(
                restore.missing_cell_transform(
                    source_cell, source_cell.max_score, is_solution=source_cell.solution
                )
            )
            earlier = {c.name for c in exam[:position]} & present
            after = max((i for i, c in enumerate(nb.cells) if _grade_id(c) in earlier), default=-1)
            nb.cells.insert(after + 1, cell)
            present.add(source_cell.name)
            self.log.warning("%s: put back deleted cell %s", info["notebook"], source_cell.name)
        return nb, resources


@dataclass(frozen=True)
class _SourceCell:
    """What missing_cell_transform reads of nbgrader's SourceCell, outside a session."""

    name: str
    cell_type: str
    locked: bool
    source: str
    checksum: str | None
    max_score: float | None  # None: not a grade cell
    solution: bool


def _exam_cells(db_url: str, notebook: str, assignment: str) -> list[_SourceCell] | None:
    """The notebook's exam cells in exam order (as nbgrader's own restoring assumes it),
    or None when the gradebook does not know the notebook."""
    with Gradebook(db_url) as gradebook:
        try:
            found = gradebook.find_notebook(notebook, assignment)
        except MissingEntry:
            return None
        points = {c.name: float(c.max_score) for c in found.grade_cells}
        answers = {c.name for c in found.solution_cells}
        return [
            _SourceCell(
                c.name,
                c.cell_type,
                bool(c.locked),
                c.source,
                c.checksum,
                points.get(c.name),
                c.name in answers,
            )
            for c in found.source_cells
        ]


def _put_back_kind(cell: NotebookNode, exam: _SourceCell) -> None:
    """The exam cell's type, and whether it is graded or an answer (OverwriteCells
    restores its lock, points and source, but takes these two flags as they come)."""
    meta = cell.metadata.nbgrader
    meta["grade"] = exam.max_score is not None
    meta["solution"] = exam.solution
    if exam.max_score is not None:
        meta["points"] = exam.max_score
    if cell.cell_type == exam.cell_type:
        return
    cell.cell_type = exam.cell_type
    if exam.cell_type == "code":
        cell.pop("attachments", None)
        cell.outputs = []
        cell.execution_count = None
    else:
        cell.pop("outputs", None)
        cell.pop("execution_count", None)
