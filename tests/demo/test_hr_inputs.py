"""The demo refuses a bad sign-in sheet, KPI sheet or roster before storing anything."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from frontline.core.course import REPO_ROOT
from frontline.core.errors import InputFileError
from frontline.demo.hr_extras import DemoHrFiles
from frontline.demo.run import run_demo
from frontline.hr.policy.schema import load_policy
from tests.conftest import make_course

GRADEBOOK = REPO_ROOT / "gradebook"


def _files(base: Path) -> DemoHrFiles:
    for name in ("attendance-signin.csv", "kpi.csv", "spot-checks.csv", "roster.csv"):
        shutil.copy(GRADEBOOK / name, base / name)
    return DemoHrFiles(base / "attendance-signin.csv", base / "kpi.csv", base / "spot-checks.csv",
                       base / "records")  # fmt: skip


def _break(path: Path, line: int, old: str, new: str) -> None:
    lines = path.read_text(encoding="utf-8").splitlines()
    assert old in lines[line - 1]
    lines[line - 1] = lines[line - 1].replace(old, new, 1)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


@pytest.mark.parametrize(
    ("name", "line", "old", "new", "message"),
    [
        ("attendance-signin.csv", 5, "present", "here", "status 'here'"),
        ("kpi.csv", 4, "2026-10", "2026-1O", "not a month"),
        ("spot-checks.csv", 3, "pass", "passed", "must be pass or fail"),
        ("roster.csv", 6, "2025-07-21", "2025-21-07", "hire_date '2025-21-07'"),
    ],
)
def test_bad_input_stops_the_demo_with_file_and_line_and_nothing_stored(
    tmp_path: Path, name: str, line: int, old: str, new: str, message: str
) -> None:
    base = tmp_path / "inputs"
    base.mkdir()
    files = _files(base)
    _break(base / name, line, old, new)
    course = make_course(tmp_path / "course")
    out = tmp_path / "reports"
    with pytest.raises(InputFileError) as caught:
        run_demo(course, base / "roster.csv", load_policy(GRADEBOOK / "policy.yml"), out,
                 report=lambda _line: None, hr=files)  # fmt: skip
    assert caught.value.path.name == name and caught.value.line == line
    assert message in str(caught.value)
    assert not out.exists() and not files.records_dir.exists()
    assert not (tmp_path / "course" / "gradebook" / "gradebook.db").exists()


def test_the_sample_files_are_read_without_a_problem() -> None:
    from frontline.demo.hr_extras import check_hr_inputs
    from frontline.hr.inputs.roster import load_roster

    files = DemoHrFiles(GRADEBOOK / "attendance-signin.csv", GRADEBOOK / "kpi.csv",
                        GRADEBOOK / "spot-checks.csv", GRADEBOOK / "records")  # fmt: skip
    policy = load_policy(GRADEBOOK / "policy.yml")
    kpi = check_hr_inputs(files, load_roster(GRADEBOOK / "roster.csv"), policy)
    assert {s.month for s in kpi.scores} == {"2026-10", "2026-11"}
    assert len(policy.onboarding) == 3
