"""Tamper findings and the sandbox command, without running a grader."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from frontline.cli import main
from frontline.core.course import REPO_ROOT
from frontline.exams.grading.sandbox import RUN_DIR, Bubblewrap, SandboxUnavailable, bwrap_command
from frontline.exams.grading.tamper import answers_problem, tamper_findings

pytestmark = pytest.mark.nbgrader

SOURCE = REPO_ROOT / "exams" / "source" / "etiquette-theory" / "etiquette-theory.ipynb"


def _released() -> dict[str, Any]:
    nb: dict[str, Any] = json.loads(SOURCE.read_text(encoding="utf-8"))
    return nb


def _copy(nb: dict[str, Any]) -> dict[str, Any]:
    copy: dict[str, Any] = json.loads(json.dumps(nb))
    return copy


def _cell(nb: dict[str, Any], grade_id: str) -> dict[str, Any]:
    return next(
        c for c in nb["cells"] if c["metadata"].get("nbgrader", {}).get("grade_id") == grade_id
    )


def _kinds(nb: dict[str, Any]) -> set[tuple[str, str]]:
    return {(f.kind, f.cell) for f in tamper_findings(_released(), nb)}


def test_an_untouched_notebook_has_no_findings() -> None:
    assert tamper_findings(_released(), _released()) == ()


def test_a_written_answer_is_not_tampering() -> None:
    nb = _copy(_released())
    _cell(nb, "w01")["source"] = "我的回答 my answer"
    assert _kinds(nb) == set()


def test_each_kind_of_tampering_is_found() -> None:
    nb = _copy(_released())
    _cell(nb, "q01")["metadata"]["nbgrader"]["points"] = 99
    _cell(nb, "q02")["source"] = "3"
    _cell(nb, "q03")["cell_type"] = "markdown"
    _cell(nb, "q04")["metadata"]["nbgrader"]["grade_id"] = "mine"
    _cell(nb, "q05")["metadata"]["nbgrader"]["locked"] = False
    nb["cells"].remove(_cell(nb, "q06"))
    nb["cells"].append(_copy(_cell(nb, "q07")))
    nb["cells"].append({"cell_type": "code", "metadata": {}, "source": "x = 1", "outputs": []})
    assert _kinds(nb) == {
        ("points", "q01"),
        ("edited", "q02"),
        ("retyped", "q03"),
        ("renamed", "q04"),
        ("protection", "q05"),
        ("deleted", "q06"),
        ("duplicated", "q07"),
        ("added_code", f"cell {len(nb['cells'])}"),
    }


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        (None, None),
        ('{"answers": {"q01": ["busy"]}}', None),
        ('{"answers": {"q01": ["busy"', "not valid JSON"),
        ('{"answers": {"q01": {"__eq__": 1}}}', "must map item ids to option ids"),
        ('{"answers": {"q01": [1]}}', "list of option ids"),
        ("[1, 2]", "expected an object"),
    ],
)
def test_answers_problem(text: str | None, problem: str | None) -> None:
    found = answers_problem(text)
    assert (found is None) if problem is None else (problem in str(found))


def test_bwrap_command_binds_only_what_the_kernel_needs(tmp_path: Path) -> None:
    env = tmp_path / "venv"
    spec = Bubblewrap("/usr/bin/bwrap", (env,), (tmp_path / "course",))
    run, sockets = tmp_path / "run", tmp_path / "sockets"
    cmd = bwrap_command(spec, ["python", "-m", "ipykernel_launcher"], run, sockets)
    assert cmd[-4:] == ["--", "python", "-m", "ipykernel_launcher"]
    assert "--unshare-all" in cmd and "--clearenv" in cmd and "--die-with-parent" in cmd
    pairs = {(cmd[i], cmd[i + 1], cmd[i + 2]) for i in range(len(cmd) - 2)}
    assert ("--ro-bind", str(env), str(env)) in pairs
    assert ("--bind", str(run), RUN_DIR) in pairs
    assert ("--bind", str(sockets), str(sockets)) in pairs
    assert not any(str(tmp_path / "course") in part for part in cmd)


def test_an_environment_holding_the_course_is_refused(tmp_path: Path) -> None:
    with pytest.raises(SandboxUnavailable, match="contains"):
        Bubblewrap("bwrap", (tmp_path,), (tmp_path / "exams",))


def test_grade_refuses_loudly_without_bwrap(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from tests.conftest import make_course

    course = make_course(tmp_path)
    (course.submitted / "t1" / "etiquette-theory").mkdir(parents=True)
    monkeypatch.setattr("frontline.exams.grading.sandbox.shutil.which", lambda name: None)
    code = main(["exams", "grade", "etiquette-theory", "--course-dir", str(course.root)])
    assert code == 2
    err = capsys.readouterr().err
    assert "bubblewrap (bwrap) is not installed" in err and "--no-sandbox" in err


# --- a course nobody here wrote: released cells without nbgrader metadata -------------


def _foreign_cell(cell_type: str, source: str, **nbgrader: Any) -> dict[str, Any]:
    cell: dict[str, Any] = {"cell_type": cell_type, "metadata": {}, "source": source}
    if nbgrader:
        cell["metadata"]["nbgrader"] = {"schema_version": 3, **nbgrader}
    if cell_type == "code":
        cell.update(outputs=[], execution_count=None)
    return cell


def _foreign() -> dict[str, Any]:
    """Like nbgrader's quickstart: a header code cell and a plain code cell between the
    answer and its test, which is a grade cell with `locked` false (nbgrader locks it)."""
    return {
        "cells": [
            _foreign_cell("code", 'NAME = ""'),
            _foreign_cell("code", "# YOUR CODE HERE", grade_id="squares", solution=True),
            _foreign_cell("code", "squares(10)"),
            _foreign_cell(
                "code", "assert squares(1) == [1]", grade_id="check", grade=True, points=1
            ),
        ]
    }


def test_released_plain_code_cells_are_part_of_the_exam() -> None:
    nb = _copy(_foreign())
    nb["cells"][1]["source"] = "def squares(n):\n    return [i * i for i in range(1, n + 1)]"
    nb["cells"][0]["source"] = 'NAME = "Ada"'  # unprotected: the trainee may edit it
    assert tamper_findings(_foreign(), nb) == ()
    del nb["cells"][2]  # an unprotected cell may go too
    assert tamper_findings(_foreign(), nb) == ()


def test_a_code_cell_the_trainee_added_is_still_found_and_worded_by_how_grading_runs() -> None:
    nb = _copy(_foreign())
    nb["cells"][2]["source"] = "squares(3)"
    nb["cells"].insert(3, _foreign_cell("code", "print('mine')"))
    kept = tamper_findings(_foreign(), nb, added_code_runs=True)
    assert [(f.kind, f.cell) for f in kept] == [("added_code", "cell 4")]
    assert "run while grading" in kept[0].detail
    assert "not run" in tamper_findings(_foreign(), nb)[0].detail


def test_an_edited_test_cell_is_found_even_when_not_marked_locked() -> None:
    nb = _copy(_foreign())
    nb["cells"][3]["source"] = "pass"
    assert [(f.kind, f.cell) for f in tamper_findings(_foreign(), nb)] == [("edited", "check")]
