"""Hostile and damaged submissions for the grading tests, and a probe exam that runs trainee code.

The etiquette exam runs no trainee code at all (added code cells are dropped), so
the sandbox is proven with a small test-only exam, `sandbox-probe`, whose one
solution cell is code the trainee writes; its grade cell checks `answer`.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import nbformat

from frontline.exams.model.answers import ANSWERS_FILE

PROBE = "sandbox-probe"


def _meta(grade_id: str, **flags: Any) -> dict[str, Any]:
    base = {"grade": False, "locked": False, "solution": False, "task": False}
    base.update(flags)
    return {"nbgrader": {"grade_id": grade_id, "schema_version": 3, **base}}


def write_probe_source(source: Path) -> None:
    folder = source / PROBE
    folder.mkdir(parents=True)
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    nb.cells = [
        nbformat.v4.new_markdown_cell("Set `answer` to 42.", metadata=_meta("intro", locked=True)),
        nbformat.v4.new_code_cell(
            "### BEGIN SOLUTION\nanswer = 42\n### END SOLUTION",
            metadata=_meta("answer", solution=True),
        ),
        nbformat.v4.new_code_cell(
            "print('checking')\n### BEGIN HIDDEN TESTS\n"
            "assert type(answer) is int and answer == 42\n### END HIDDEN TESTS",
            metadata=_meta("check", grade=True, locked=True, points=1),
        ),
    ]
    nbformat.write(nb, folder / f"{PROBE}.ipynb")


def set_probe_answer(folder: Path, code: str) -> None:
    path = folder / f"{PROBE}.ipynb"
    nb = nbformat.read(path, as_version=4)
    for cell in nb.cells:
        if cell.metadata.get("nbgrader", {}).get("grade_id") == "answer":
            cell.source = code
    nbformat.write(nb, path)


def probe_code(course_root: Path, db_file: Path, port: int) -> dict[str, str]:
    """Trainee code for each probe sitting, by trainee id."""
    secrets = [
        course_root / "source" / "etiquette-theory" / "etiquette-theory.ipynb",
        course_root / "source" / PROBE / f"{PROBE}.ipynb",
        db_file,
        course_root / "submitted" / "p_ok" / PROBE / f"{PROBE}.ipynb",
        Path.home(),
    ]
    reads = "\n".join(
        f"try:\n    open({str(p)!r}, 'rb').read(1)\n    print('LEAKED', {str(p)!r})\n"
        f"except OSError as exc:\n    print('blocked', type(exc).__name__)"
        for p in secrets
    )
    return {
        "p_ok": "answer = 42",
        "p_leak": reads + "\nimport os\nprint('cwd', os.listdir('.'))\nanswer = 42",
        "p_write": (
            "import sqlite3\n"
            f"for target in [{str(db_file)!r}, '/usr/lib/planted', {str(course_root)!r} + '/x']:\n"
            "    try:\n"
            "        open(target, 'ab').write(b'x')\n"
            "        print('WROTE', target)\n"
            "    except OSError as exc:\n"
            "        print('blocked', type(exc).__name__)\n"
            "try:\n"
            f"    sqlite3.connect({str(db_file)!r}).execute('UPDATE grade SET auto_score = 99')\n"
            "    print('WROTE db')\n"
            "except sqlite3.Error as exc:\n"
            "    print('blocked', type(exc).__name__)\n"
            "open('scratch.txt', 'w').write('fine')\n"
            "answer = 42"
        ),
        "p_net": (
            "import socket\n"
            "try:\n"
            f"    socket.create_connection(('127.0.0.1', {port}), timeout=3)\n"
            "    print('CONNECTED')\n"
            "except OSError as exc:\n"
            "    print('blocked', type(exc).__name__)\n"
            "answer = 42"
        ),
        "p_loop": "while True:\n    pass",
        "p_crash": "import os\nos._exit(1)",
        "p_eq": (
            "class Always:\n    def __eq__(self, other):\n        return True\n"
            "    __hash__ = object.__hash__\nanswer = Always()"
        ),
    }


# --- tampering with the etiquette exam ----------------------------------------------


def _edit(folder: Path, exam: str, change: Callable[[Any], None]) -> None:
    path = folder / f"{exam}.ipynb"
    nb = nbformat.read(path, as_version=4)
    change(nb)
    nbformat.write(nb, path)


def _cell(nb: Any, grade_id: str) -> Any:
    return next(c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade_id") == grade_id)


def _duplicate(nb: Any) -> None:
    copy = nbformat.from_dict(json.loads(json.dumps(_cell(nb, "q01"))))
    copy.id = "copy-of-q01"
    nb.cells.insert(nb.cells.index(_cell(nb, "q01")), copy)


def _delete(nb: Any) -> None:
    nb.cells.remove(_cell(nb, "q02"))


def _edit_test(nb: Any) -> None:
    _cell(nb, "q03").source = 'exam.ask("q03")\n2.0  # full marks, please'


def _inflate(nb: Any) -> None:
    _cell(nb, "q01").metadata.nbgrader["points"] = 100


def _retype(nb: Any) -> None:
    cell = _cell(nb, "q05")
    nb.cells[nb.cells.index(cell)] = nbformat.v4.new_markdown_cell(
        cell.source, metadata=cell.metadata
    )


def _rename(nb: Any) -> None:
    _cell(nb, "q06").metadata.nbgrader["grade_id"] = "q06-mine"


def _always_equal(nb: Any) -> None:
    nb.cells.insert(
        2,
        nbformat.v4.new_code_cell(
            "import builtins\n"
            "class Yes(frozenset):\n"
            "    def __eq__(self, other):\n        return True\n"
            "    __hash__ = frozenset.__hash__\n"
            "builtins.frozenset = Yes\n"
            "import frontline.exams.grading as g\n"
            "g.frozenset = Yes"
        ),
    )


TAMPERING: dict[str, Callable[[Any], None]] = {
    "t_dup": _duplicate,
    "t_del": _delete,
    "t_edit": _edit_test,
    "t_points": _inflate,
    "t_retype": _retype,
    "t_rename": _rename,
}
#: the flag each tampering must raise, and on which cell
EXPECTED_FLAG = {
    "t_dup": ("duplicated", "q01"),
    "t_del": ("deleted", "q02"),
    "t_edit": ("edited", "q03"),
    "t_points": ("points", "q01"),
    "t_retype": ("retyped", "q05"),
    "t_rename": ("renamed", "q06"),
}


def tamper(folder: Path, exam: str, trainee: str) -> None:
    if trainee in TAMPERING:
        _edit(folder, exam, TAMPERING[trainee])
    elif trainee == "t_eq":
        _edit(folder, exam, _always_equal)
    elif trainee == "t_badjson":
        (folder / ANSWERS_FILE).write_text('{"answers": {"q01": ["busy"', encoding="utf-8")
    elif trainee == "t_badshape":
        (folder / ANSWERS_FILE).write_text('{"answers": {"q01": {"__eq__": 1}}}', encoding="utf-8")
    elif trainee == "t_broken":
        (folder / f"{exam}.ipynb").write_text('{"cells": [', encoding="utf-8")
