"""Sittings numbered with retakes, records assembled, exported as CSV with BOM and Excel."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from frontline.hr.inputs.roster import Trainee
from frontline.hr.policy.model import Policy
from frontline.hr.records.attendance import Attendance
from frontline.hr.records.export import write_records
from frontline.hr.records.progress_reader import collect_progress
from frontline.hr.records.record import build_records
from frontline.hr.records.sittings import RawSitting, number_sittings
from frontline.practice.activity import record_quiz, touch_module
from frontline.roleplay.progress import record_play

POLICY = Policy(exams={"theory": ("*-theory",), "practical": ("practical*",)})


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        # (exam, day, score) -> (exam, sitting, passed)
        ([("a-theory", 3, 50)], [("a-theory", 1, False)]),
        (
            [("a-theory-retake-1", 9, 70), ("a-theory", 3, 50)],
            [("a-theory", 1, False), ("a-theory-retake-1", 2, True)],
        ),
        (
            [("a-theory-retake-2", 12, 90), ("a-theory-retake-1", 9, 55), ("a-theory", 3, 40)],
            [
                ("a-theory", 1, False),
                ("a-theory-retake-1", 2, False),
                ("a-theory-retake-2", 3, True),
            ],
        ),
        ([("practical", 5, 60)], [("practical", 1, True)]),  # exactly the pass mark
    ],
)
def test_sittings_are_numbered_with_retakes_after_the_first(
    raw: list[tuple[str, int, float]], expected: list[tuple[str, int, bool]]
) -> None:
    found = number_sittings(
        [RawSitting("t1", exam, date(2026, 11, day), score, 100) for exam, day, score in raw],
        POLICY,
    )
    assert [(s.exam, s.sitting, s.passed) for s in found] == expected
    assert all(s.original == expected[0][0] for s in found)


def test_pending_written_answers_never_count_as_passed() -> None:
    (sitting,) = number_sittings([RawSitting("t1", "a-theory", None, 95, 100, 1)], POLICY)
    assert not sitting.passed and sitting.component == "theory"


def test_record_and_export(tmp_path: Path) -> None:
    homes = tmp_path / "homes"
    path = homes / "t1" / "progress.json"
    t0 = datetime(2026, 11, 2, 9, tzinfo=UTC)
    touch_module("01-etiquette", now=t0, path=path)
    record_quiz("01-etiquette", 5, 5, now=t0.replace(minute=10), path=path)
    touch_module("02-communication", now=t0, path=path)
    record_play("s1", "etiquette", 0, path, red_lines=("privacy",), now=t0)
    trainees = [Trainee("t1", "王芳", "前台 Front desk"), Trainee("t2", "=cmd", "前台 Front desk")]
    sittings = number_sittings([RawSitting("t1", "a-theory", date(2026, 11, 5), 80, 100)], POLICY)
    attendance = [Attendance("c1", date(2026, 11, 3), "礼仪", "t1", "present", line=2)]
    records = build_records(trainees, collect_progress(homes, ["t1", "t2"]), sittings, attendance)
    t1, t2 = records
    assert t1.modules_completed == ("01-etiquette",) and t1.seconds == 600
    assert t1.module("02-communication") is not None
    assert t1.sessions_attended == ("c1",) and t2.progress_source == "no progress file"
    csv_path, xlsx_path = write_records(records, tmp_path / "out")
    raw = csv_path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    text = raw.decode("utf-8-sig")
    assert "self_check,01-etiquette,2026-11-02,finished,5,5,1" in text
    assert "red line" in text and "privacy" in text
    assert "exam,a-theory,2026-11-05,passed,80,100,1" in text
    assert "class,c1,2026-11-03,present" in text and "attendance line 2" in text
    import pandas as pd

    summary = pd.read_excel(xlsx_path, sheet_name="summary")
    assert summary["modules_completed"].tolist() == [1, 0]
    assert summary["name"].tolist() == ["王芳", "'=cmd"]  # a name is never a formula
    detail = pd.read_excel(xlsx_path, sheet_name="detail")
    assert len(detail) == text.count("\r\n") - 1


def test_xapi_statements_state_each_fact_with_its_verb(tmp_path: Path) -> None:
    import json

    path = tmp_path / "homes" / "t1" / "progress.json"
    t0 = datetime(2026, 11, 2, 9, tzinfo=UTC)
    record_quiz("01-etiquette", 4, 5, now=t0, path=path)
    record_play("s1", "etiquette", 0, path, red_lines=("money",), now=t0)
    sittings = number_sittings(
        [RawSitting("t1", "a-theory", date(2026, 11, 5), 50, 100),
         RawSitting("t1", "a-theory-retake-1", date(2026, 11, 9), 70, 100),
         RawSitting("t1", "practical", date(2026, 11, 9), 90, 100, pending=1)],
        POLICY,
    )  # fmt: skip
    attendance = [Attendance("c1", date(2026, 11, 3), "x", "t1", "late"),
                  Attendance("c2", date(2026, 11, 4), "x", "t1", "excused")]  # fmt: skip
    progress = collect_progress(tmp_path / "homes", ["t1"])
    records = build_records([Trainee("t1", "王芳", "A")], progress, sittings, attendance)
    written = write_records(records, tmp_path / "out", xapi=True)
    assert [p.name for p in written][-1] == "training-records.xapi.json"
    found = json.loads(written[-1].read_text(encoding="utf-8"))
    summary = [(s["verb"]["display"]["en-US"], s["object"]["id"]) for s in found]
    assert summary == [
        ("completed", "urn:frontline:module:01-etiquette"),
        ("attempted", "urn:frontline:self-check:01-etiquette"),
        ("attempted", "urn:frontline:roleplay:s1"),
        ("failed", "urn:frontline:exam:a-theory"),
        ("passed", "urn:frontline:exam:a-theory-retake-1"),  # the pending practical: no result yet
        ("attended", "urn:frontline:class:c1"),  # late is attended; excused states nothing
    ]
    assert found[2]["result"]["success"] is False  # a red line was crossed
    assert found[1]["result"]["score"] == {"raw": 4, "max": 5, "min": 0, "scaled": 0.8}
    assert all(s["actor"]["account"] == {"homePage": "urn:frontline", "name": "t1"} for s in found)
