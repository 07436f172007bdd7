"""nbgrader preprocessors Frontline adds to autograding (named in exams/nbgrader_config.py).

Trainees never write code, so any code cell in a submission that the exam's source
does not have was added by hand, and running it while grading would let it change
how answers are scored (e.g. replace the scoring functions). Such cells are
removed before the notebook runs. This step runs before nbgrader's OverwriteCells
(which then restores the source, type and points of every known cell, and puts
back deleted ones): it also strips the nbgrader metadata that renamed or
de-duplicated cells are left with, on which OverwriteCells' restoring of deleted
cells would otherwise fail (KeyError: 'grade_id').
"""

from __future__ import annotations

from typing import Any

from nbformat.notebooknode import NotebookNode
from nbgrader.api import Gradebook, MissingEntry
from nbgrader.preprocessors import NbGraderPreprocessor


class DropAddedCodeCells(NbGraderPreprocessor):  # type: ignore[misc]
    """Remove code cells whose grade_id is not one of the exam's source cells."""

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
            grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
            if cell.cell_type == "code" and grade_id not in known:
                dropped.append(index + 1)
                continue
            if "nbgrader" in cell.metadata and grade_id not in known:
                del cell.metadata["nbgrader"]  # not an exam cell: plain markdown
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
