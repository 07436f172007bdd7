"""Sign-in sheets: every row or none, bad rows named by line, the store replaced atomically."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from frontline.core.errors import InputFileError
from frontline.hr.records.attendance import (
    Attendance,
    import_attendance,
    load_store,
    save_attendance,
)

HEADER = "session_id,date,topic,trainee_id,status\n"
GOOD = "c1,2026-11-03,礼仪 etiquette,t1,present\nc1,2026-11-03,礼仪 etiquette,t2,late\n"
ROSTER = {"t1", "t2", "t3"}


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("body", "lines", "reason"),
    [
        # line numbers count the header as line 1
        ("c1,2026-11-03,x,t1,present\nc1,2026-13-03,x,t2,present\n", [3], "not a date"),
        ("c1,2026-11-03,x,t1,present\nc1,2026-11-03,x,t9,present\n", [3], "not on the roster"),
        ("c1,2026-11-03,x,t1,here\n", [2], "status 'here'"),
        ("c1,2026-11-03,x,t1,present\nc1,2026-11-03,x,t1,absent\n", [3], "already listed"),
        (",2026-11-03,x,t1,present\nc1,2026-11-03,x,,present\n", [2, 3], "is empty"),
    ],
)
def test_a_half_bad_sheet_imports_nothing_and_names_every_bad_line(
    tmp_path: Path, body: str, lines: list[int], reason: str
) -> None:
    store = tmp_path / "attendance.csv"
    save_attendance(store, [Attendance("c0", date(2026, 11, 1), "t", "t3", "present")])
    before = store.read_bytes()
    sheet = _write(tmp_path / "sheet.csv", HEADER + body)
    with pytest.raises(InputFileError) as caught:
        import_attendance(sheet, store, ROSTER)
    message = str(caught.value)
    assert "nothing was imported" in message and reason in message
    for line in lines:
        assert f"line {line}:" in message
    assert caught.value.line == lines[0]
    assert store.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["attendance.csv", "sheet.csv"]


def test_a_good_sheet_merges_and_importing_it_again_changes_nothing(tmp_path: Path) -> None:
    store = tmp_path / "gradebook" / "attendance.csv"
    sheet = _write(tmp_path / "sheet.csv", HEADER + GOOD)
    count, rows = import_attendance(sheet, store, ROSTER)
    assert count == 2 and [r.status for r in rows] == ["present", "late"]
    first = store.read_bytes()
    import_attendance(sheet, store, ROSTER)
    assert store.read_bytes() == first
    # a later sheet for the same class corrects one trainee's row
    fix = _write(tmp_path / "fix.csv", HEADER + "c1,2026-11-03,礼仪 etiquette,t2,excused\n")
    import_attendance(fix, store, ROSTER)
    kept = {r.trainee_id: r.status for r in load_store(store)}
    assert kept == {"t1": "present", "t2": "excused"}


def test_an_unknown_column_is_refused_on_line_1(tmp_path: Path) -> None:
    sheet = _write(tmp_path / "s.csv", "session_id,date,topic,trainee_id,status,sign\n")
    with pytest.raises(InputFileError, match="unknown column") as caught:
        import_attendance(sheet, tmp_path / "store.csv")
    assert caught.value.line == 1
    assert not (tmp_path / "store.csv").exists()


def test_the_trainer_widget_saves_through_the_same_store(tmp_path: Path) -> None:
    from frontline.hr.inputs.roster import Trainee
    from frontline.hr.records.attendance_widget import AttendanceSheet

    store = tmp_path / "attendance.csv"
    trainees = [Trainee("t1", "王芳", "A"), Trainee("t2", "李娜", "A")]
    sheet = AttendanceSheet("c2", date(2026, 11, 10), "投诉 complaints", trainees, store)
    sheet.choices["t2"].value = "absent"
    sheet.save()
    assert "2" in sheet.message.value
    kept = {(r.session_id, r.trainee_id): (r.status, r.line) for r in load_store(store)}
    assert kept == {("c2", "t1"): ("present", 2), ("c2", "t2"): ("absent", 3)}
