"""What HR receives: the same table in CSV and Excel, a record that round-trips, safe text."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pandas as pd
import pytest

from frontline.core.errors import FrontlineError
from frontline.report import build_report
from frontline.report.build import CSV_FILE, EXCEL_FILE, HTML_FILE, RECORD_FILE
from frontline.report.excel import sheet_name
from frontline.report.snapshot import load_record
from tests.report.cohort import POLICY, POLICY_TEXT, XSS_NAME, sample_result


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("report") / "out"
    build_report(sample_result(), out, policy=POLICY, policy_text=POLICY_TEXT)
    return out


def _csv_rows(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig"))))


def test_excel_read_back_with_pandas_equals_the_csv(built: Path) -> None:
    from_csv = pd.read_csv(built / CSV_FILE, encoding="utf-8-sig", dtype={"cycle": str})
    from_excel = pd.read_excel(built / EXCEL_FILE, sheet_name=0, dtype={"cycle": str})
    pd.testing.assert_frame_equal(from_excel, from_csv, check_dtype=False)
    assert len(from_csv) == 6


def test_excel_has_a_sheet_per_team_and_names_the_policy(built: Path) -> None:
    import openpyxl

    book = openpyxl.load_workbook(built / EXCEL_FILE)
    assert book.sheetnames == [
        "全部 All", "前台接待 Front desk", "客服热线 Hotline", "物业前台 Property", "说明 About",
    ]  # fmt: skip
    hotline = book["客服热线 Hotline"]
    assert hotline.max_row == 4  # header + 3 trainees
    assert hotline.freeze_panes == "C2"
    assert hotline.auto_filter.ref is not None
    about = {row[0]: row[1] for row in book["说明 About"].iter_rows(values_only=True)}
    assert about["政策指纹 policy hash"] == POLICY.digest
    assert about["生成时间 generated"].endswith("UTC")
    # A tier cell is coloured by its tier.
    everyone = book["全部 All"]
    header = [c.value for c in everyone[1]]
    fail_row = next(r for r in everyone.iter_rows(min_row=2) if r[0].value == "zq-7784")
    assert fail_row[header.index("tier")].fill.fgColor.rgb.endswith("F8C8C4")


def test_csv_rows_carry_tier_reason_flags_and_policy(built: Path) -> None:
    rows = {r["trainee_id"]: r for r in _csv_rows(built / CSV_FILE)}
    failed = rows["zq-7784"]
    assert failed["tier"] == "fail" and failed["tier_zh"] == "不合格"
    assert failed["flags"] == "retake_required;hr_review"
    assert "retake" in failed["decisions_en"] and "需补考" in failed["decisions_zh"]
    assert failed["overall"] == "44.80"
    # A name that Excel would run as a formula is stored as text.
    assert failed["name_en"].startswith("'=HYPERLINK")
    assert rows["zq-7785"]["tier"] == "incomplete" and rows["zq-7785"]["overall"] == ""
    assert {r["policy_digest"] for r in rows.values()} == {POLICY.digest}


def test_html_escapes_every_name_and_shows_policy_and_date(built: Path) -> None:
    page = (built / HTML_FILE).read_text(encoding="utf-8")
    assert XSS_NAME not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert page.count("<script>") == 1  # the sort script, nothing else
    assert POLICY.digest in page and "UTC" in page
    assert "no appraisal file: appraisal not counted" in page  # what the reader assumed
    trainee_page = (built / "trainees" / "zq-7784.html").read_text(encoding="utf-8")
    assert XSS_NAME not in trainee_page


def test_trainee_page_lists_weak_items_and_the_next_step(built: Path) -> None:
    page = (built / "trainees" / "zq-7784.html").read_text(encoding="utf-8")
    assert "薄弱项目 Items to work on" in page
    assert "etiquette-theory · q3: <b>0/2</b>" in page  # lowest item first
    assert "Sit the retake" in page
    # Internal HR flags are not on the page handed to the trainee.
    assert "HR review" not in page and "人事复核" not in page
    best = (built / "trainees" / "zq-7781.html").read_text(encoding="utf-8")
    assert "evidence for promotion" in best and "强项 Strengths" in best


def test_decision_record_round_trips_to_the_same_result(built: Path) -> None:
    record = load_record(built / RECORD_FILE)
    assert record.result == sample_result()
    assert record.policy.text == POLICY_TEXT and record.policy.digest == POLICY.digest
    assert record.cycle == "2026-11"


def test_rebuilding_from_the_record_gives_a_byte_identical_csv(built: Path, tmp_path: Path) -> None:
    record = load_record(built / RECORD_FILE)
    again = build_report(
        record.result, tmp_path / "again", policy=POLICY, policy_text=record.policy.text,
        generated=record.generated, csv_only=True,
    )  # fmt: skip
    assert again.csv.read_bytes() == (built / CSV_FILE).read_bytes()
    assert again.record.read_bytes() == (built / RECORD_FILE).read_bytes()


def test_a_team_report_holds_only_that_team(tmp_path: Path) -> None:
    files = build_report(
        sample_result(), tmp_path, policy=POLICY, policy_text=POLICY_TEXT,
        team="客服热线 Hotline", csv_only=True,
    )  # fmt: skip
    assert {r["team"] for r in _csv_rows(files.csv)} == {"客服热线 Hotline"}
    record = load_record(files.record)
    assert {t.team for t in record.inputs.trainees} == {"客服热线 Hotline"}
    assert "王芳" not in files.record.read_text(encoding="utf-8")


def test_an_unknown_team_is_refused_and_nothing_is_written(tmp_path: Path) -> None:
    with pytest.raises(FrontlineError, match="no trainee is in team 'Sales'; teams are: "):
        build_report(sample_result(), tmp_path / "out", policy=POLICY, team="Sales")
    assert not (tmp_path / "out").exists()


def test_a_failure_while_rendering_leaves_earlier_files_untouched(
    built: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import shutil

    out = tmp_path / "out"
    shutil.copytree(built, out)
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}

    def broken(*args: object, **kwargs: object) -> bytes:
        raise OSError("disk full")

    monkeypatch.setattr("frontline.report.excel.to_xlsx", broken)
    changed = sample_result([("zq-9", "新人", "", "T", 70.0, 70.0, [])])
    with pytest.raises(OSError, match="disk full"):
        build_report(changed, out, policy=POLICY, policy_text=POLICY_TEXT)
    after = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    assert after == before


def test_sheet_names_are_valid_and_unique() -> None:
    taken: set[str] = set()
    names = [sheet_name(t, taken) for t in ("a/b", "A/B", "x" * 40, "x" * 40, "[q]")]
    assert names[0] == "a_b" and names[1] == "A_B (2)"
    assert all(len(n) <= 31 for n in names) and len(set(names)) == 5
