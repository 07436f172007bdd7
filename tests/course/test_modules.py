"""Every trainee notebook runs headless, as JupyterLab's Run All would run it.

FRONTLINE_HOME points into the test's temp folder, so role-play progress written
while a notebook runs never lands in the real home folder.
"""

from __future__ import annotations

import ast
import json
import shutil
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from frontline.core.course import REPO_ROOT
from frontline.exams.model.questions import load_questions

pytestmark = pytest.mark.nbgrader

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


@pytest.fixture(autouse=True)
def _private_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "frontline-home"
    monkeypatch.setenv("FRONTLINE_HOME", str(home))
    return home


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


def _calls(path: Path) -> list[tuple[str, tuple[object, ...], dict[str, object]]]:
    """The widget calls of a notebook, in order: (function, arguments, keywords)."""
    calls = []
    for cell in nbformat.read(path, as_version=4).cells:
        if cell.cell_type != "code":
            continue
        for node in ast.walk(ast.parse(cell.source)):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name | ast.Attribute):
                name = node.func.id if isinstance(node.func, ast.Name) else node.func.attr
                args = tuple(ast.literal_eval(a) for a in node.args)
                keywords = {k.arg or "": ast.literal_eval(k.value) for k in node.keywords}
                calls.append((name, args, keywords))
    return calls


def _cell_kinds(path: Path) -> list[str]:
    return [cell.cell_type for cell in nbformat.read(path, as_version=4).cells]


ZH_NOTEBOOKS = [p for p in NOTEBOOKS if ".zh." in p.name]


@pytest.mark.parametrize("zh_path", ZH_NOTEBOOKS, ids=lambda p: p.parent.name)
def test_chinese_and_english_notebooks_have_the_same_structure(zh_path: Path) -> None:
    en_path = zh_path.with_name(zh_path.name.replace(".zh.", ".en."))
    assert _cell_kinds(zh_path) == _cell_kinds(en_path)
    zh_calls, en_calls = _calls(zh_path), _calls(en_path)
    assert [(n, a) for n, a, _ in zh_calls] == [(n, a) for n, a, _ in en_calls]
    assert {k.get("lang") for _, _, k in zh_calls if "lang" in k} <= {"zh"}
    assert {k.get("lang") for _, _, k in en_calls if "lang" in k} <= {"en"}


LEARN_MODULES = sorted(p for p in MODULES.glob("[0-9][0-9]-*") if (p / "module.yml").is_file())


@pytest.mark.parametrize("module", LEARN_MODULES, ids=lambda p: p.name)
def test_module_notebooks_start_with_header_and_name_real_content(module: Path) -> None:
    from frontline.roleplay import load_scenarios
    from frontline.roleplay.rewrites import load_rewrites

    scenarios = load_scenarios()
    exercises = set(load_rewrites())
    for path in sorted(module.glob("*.ipynb")):
        calls = _calls(path)
        assert calls[0][0] == "header" and calls[0][1] == (module.name,), path.name
        for name, args, _ in calls:
            if name == "roleplay":
                assert args[0] in scenarios, f"{path.name}: no scenario {args[0]}"
                assert scenarios[str(args[0])].module == module.name.split("-", 1)[1]
            elif name == "rewrite":
                assert args[0] in exercises, f"{path.name}: no rewrite exercise {args[0]}"
            elif name == "quiz":
                assert args == (module.name,)
        assert any(name == "quiz" for name, _, _ in calls), f"{path.name} has no self-check"


def test_every_scenario_is_played_in_some_module() -> None:
    from frontline.roleplay import load_scenarios

    played = {
        args[0] for module in LEARN_MODULES for path in module.glob("*.ipynb")
        for name, args, _ in _calls(path) if name == "roleplay"
    }  # fmt: skip
    assert set(load_scenarios()) <= played
