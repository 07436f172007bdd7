"""Every trainee notebook runs headless, as JupyterLab's Run All would run it."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from frontline.course import REPO_ROOT
from frontline.exams.questions import load_questions

MODULES = REPO_ROOT / "course" / "modules"
NOTEBOOKS = sorted(MODULES.glob("*/*.ipynb"))


def _run(notebook_path: Path, folder: Path) -> nbformat.NotebookNode:
    notebook = nbformat.read(notebook_path, as_version=4)
    NotebookClient(
        notebook, timeout=60, kernel_name="python3", resources={"metadata": {"path": str(folder)}}
    ).execute()
    return notebook


def test_there_are_modules_in_both_languages() -> None:
    names = {p.name for p in NOTEBOOKS}
    for path in NOTEBOOKS:
        twin = (
            path.name.replace(".zh.", ".en.")
            if ".zh." in path.name
            else path.name.replace(".en.", ".zh.")
        )
        assert twin in names, f"{path.name} has no other-language version"
    assert NOTEBOOKS


@pytest.mark.parametrize("notebook_path", NOTEBOOKS, ids=lambda p: p.name)
def test_module_runs_without_errors(notebook_path: Path, tmp_path: Path) -> None:
    folder = tmp_path / notebook_path.parent.name
    shutil.copytree(notebook_path.parent, folder)
    notebook = _run(folder / notebook_path.name, folder)
    widgets = 0
    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            assert output.output_type != "error", cell.source
            assert output.get("name") != "stderr", cell.source
            widgets += "application/vnd.jupyter.widget-view+json" in output.get("data", {})
    assert widgets >= 2, "the practice widgets were not displayed"


def test_module_code_cells_are_one_call_each() -> None:
    """Notebooks stay thin: trainees see text and a single call per widget."""
    for path in NOTEBOOKS:
        notebook = nbformat.read(path, as_version=4)
        for cell in notebook.cells:
            if cell.cell_type == "code":
                statements = [
                    line
                    for line in cell.source.splitlines()
                    if line.strip() and not line.startswith("from ")
                ]
                assert len(statements) == 1, (path.name, cell.source)


def test_practice_answers_are_kept_between_sessions(tmp_path: Path) -> None:
    source = MODULES / "00-getting-started"
    folder = tmp_path / "m"
    shutil.copytree(source, folder)
    bank = load_questions(folder / "questions.yml")
    (folder / "answers.json").write_text(
        json.dumps({"exam": bank.exam_id, "trainee": "t001", "answers": {"p1": ["on-click"]}}),
        encoding="utf-8",
    )
    notebook = _run(folder / "getting-started.en.ipynb", folder)
    # nbclient stores the final widget state in the notebook, as JupyterLab would show it.
    state = json.dumps(notebook.metadata["widgets"], ensure_ascii=False)
    assert "1 of 2 answered" in state
