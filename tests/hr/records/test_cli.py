"""`frontline records ...` from the command line: exit codes, files, nothing half-written."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from frontline.cli import main
from frontline.core.course import REPO_ROOT
from frontline.practice.activity import record_quiz

ROSTER = "trainee_id,name,team,role,hire_date\nt1,王芳,A,receptionist,2026-01-05\nt2,李娜,A,x,\n"


def test_export_writes_csv_and_excel(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    roster = tmp_path / "roster.csv"
    roster.write_text(ROSTER, encoding="utf-8")
    record_quiz("01-etiquette", 4, 5, now=datetime(2026, 1, 9, tzinfo=UTC),
                path=tmp_path / "homes" / "t1" / ".frontline" / "progress.json")  # fmt: skip
    code = main([
        "records", "export", "--roster", str(roster),
        "--policy", str(REPO_ROOT / "gradebook" / "policy.yml"),
        "--course-dir", str(tmp_path / "no-course"), "--progress", str(tmp_path / "homes"),
        "--attendance", str(tmp_path / "none.csv"), "--out", str(tmp_path / "out"),
    ])  # fmt: skip
    assert code == 0
    assert "2 training records; 1 without a progress file" in capsys.readouterr().out
    text = (tmp_path / "out" / "training-records.csv").read_text(encoding="utf-8-sig")
    assert "t1,王芳,A,self_check,01-etiquette,2026-01-09,finished,4,5,1" in text
    assert (tmp_path / "out" / "training-records.xlsx").stat().st_size > 0


def test_a_bad_sheet_exits_2_and_the_store_is_not_created(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    roster = tmp_path / "roster.csv"
    roster.write_text(ROSTER, encoding="utf-8")
    sheet = tmp_path / "sheet.csv"
    sheet.write_text(
        "session_id,date,topic,trainee_id,status\nc1,2026-01-07,x,t1,present\n"
        "c1,2026-01-07,x,t3,present\n",
        encoding="utf-8",
    )
    store = tmp_path / "store" / "attendance.csv"
    args = ["records", "attendance", str(sheet), "--roster", str(roster), "--store", str(store)]
    assert main(args) == 2
    assert "line 3: trainee_id 't3' is not on the roster" in capsys.readouterr().err
    assert not store.exists()
    sheet.write_text(sheet.read_text(encoding="utf-8").replace("t3", "t2"), encoding="utf-8")
    assert main(args) == 0
    assert store.read_text(encoding="utf-8").count("\n") == 3
