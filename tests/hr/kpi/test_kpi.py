"""KPI appraisal of standard section 5: each rule by a table of cases."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from frontline.core.errors import InputFileError
from frontline.hr.kpi.inputs import KpiRow, SpotCheck, read_kpi_sheet, read_spot_checks
from frontline.hr.kpi.ranking import competition_places, rank_month, rank_quarter
from frontline.hr.kpi.score import KpiScore, kpi_ratings, score_month, unmatched_checks
from frontline.hr.policy.programmes import KpiPolicy
from frontline.hr.rules.outcomes import SourceKind

KPI = KpiPolicy()
FULL = dict.fromkeys(
    ("complaint_resolution", "revisit_completion", "revisit_authenticity",
     "report_authenticity", "audits", "satisfaction"), 100.0
)  # fmt: skip


def _row(**changes: float) -> KpiRow:
    counts = {k: int(v) for k, v in changes.items() if k not in FULL}
    rates = {**FULL, **{k: v for k, v in changes.items() if k in FULL}}
    return KpiRow("t1", "2026-11", rates, counts, None, "kpi.csv line 2")


def _checks(failed: int, passed: int = 0, month: int = 11) -> list[SpotCheck]:
    return [
        SpotCheck("t1", date(2026, month, 3), f"r{i}", i >= failed, source=f"spot.csv line {i + 2}")
        for i in range(failed + passed)
    ]


@pytest.mark.parametrize(
    ("row", "checks", "total", "line", "points"),
    [
        (_row(), [], 100, "call_quality", 30),
        (_row(), _checks(1, 3), 98, "call_quality", 28),
        (_row(), _checks(3), 94, "call_quality", 24),
        (_row(), _checks(20), 70, "call_quality", 0),  # never below 0
        (_row(), _checks(2, month=10), 100, "call_quality", 30),  # another month's checks
        (_row(complaint_resolution=90), [], 98, "complaint_resolution", 18),
        (_row(revisit_completion=50), [], 95, "revisit_completion", 5),
        (_row(satisfaction=99.9), [], 99, "satisfaction", 9),
        (_row(satisfaction=95), [], 99, "satisfaction", 9),
        (_row(satisfaction=94), [], 98, "satisfaction", 8),
        (_row(satisfaction=85), [], 97, "satisfaction", 7),
        (_row(satisfaction=84.9), [], 95, "satisfaction", 5),
        (_row(praise_letter=2), [], 102, "praise_letter", 2),
        (_row(media_praise=1, company_criticism=1), [], 102, "company_criticism", -3),
        (_row(media_criticism=1), [], 95, "media_criticism", -5),
        (_row(department_praise=1, department_criticism=1), [], 100, "department_praise", 2),
    ],
)
def test_monthly_points(
    row: KpiRow, checks: list[SpotCheck], total: float, line: str, points: float
) -> None:
    score = score_month(row, checks, KPI)
    assert score.total == total
    (found,) = [x for x in score.lines if x.item == line]
    assert found.points == points
    assert found.source  # every number says where it came from


def test_failed_checks_are_traced_to_their_rows() -> None:
    score = score_month(_row(), _checks(2, 1), KPI)
    (quality,) = [x for x in score.lines if x.item == "call_quality"]
    assert quality.source == "spot.csv line 2; spot.csv line 3"
    assert "2 failed" in quality.detail and score.checks == 3


def test_a_thin_sample_is_noted() -> None:
    row = KpiRow("t1", "2026-11", FULL, {}, 100, "kpi.csv line 2")
    (note,) = score_month(row, _checks(0, 5), KPI).notes
    assert "below the 10% sampling rate" in note.en
    assert not score_month(row, _checks(0, 10), KPI).notes


def _scores(month: str, totals: dict[str, float]) -> list[KpiScore]:
    from frontline.core.i18n import Text
    from frontline.hr.kpi.score import KpiLine

    return [
        KpiScore(t, month, (KpiLine("x", Text("x", "x"), v, None, "s", ""),), 0, 0)
        for t, v in totals.items()
    ]


@pytest.mark.parametrize(
    ("totals", "places"),
    [
        ({"a": 90, "b": 88, "c": 88, "d": 80}, {"a": 1, "b": 2, "c": 2, "d": 4}),
        ({"a": 70, "b": 70, "c": 70}, {"a": 1, "b": 1, "c": 1}),
        ({"a": 1}, {"a": 1}),
    ],
)
def test_competition_places(totals: dict[str, float], places: dict[str, int]) -> None:
    assert competition_places(totals) == places


@pytest.mark.parametrize(
    ("totals", "bottom"),
    [
        ({"a": 90, "b": 80, "c": 70, "d": 60, "e": 50}, ["e", "d", "c"]),
        ({"a": 90, "b": 80, "c": 70, "d": 70, "e": 50}, ["e", "d", "c"]),
        ({"a": 90, "b": 70, "c": 60, "d": 60, "e": 60}, ["e", "d", "c"]),
        ({"a": 90, "b": 60, "c": 60, "d": 60, "e": 50}, ["e", "d", "c", "b"]),  # tie at the edge
        ({"a": 90, "b": 80}, ["b", "a"]),  # fewer than three: all of them
    ],
)
def test_bottom_three_of_a_month_with_ties(totals: dict[str, float], bottom: list[str]) -> None:
    ranking = rank_month(_scores("2026-11", totals), "2026-11", KPI)
    assert sorted(p.trainee_id for p in ranking.bottom) == sorted(bottom)
    assert ranking.plan_due == date(2026, 12, 4)  # 4 days after the month's last day
    assert rank_month(_scores("2026-02", totals), "2026-02", KPI).plan_due == date(2026, 3, 4)


@pytest.mark.parametrize(
    ("months", "top", "not_ranked"),
    [
        ({"2026-10": {"a": 90, "b": 80, "c": 70, "d": 60}}, ["a", "b", "c"], []),
        ({"2026-10": {"a": 90, "b": 80, "c": 80, "d": 80, "e": 10}}, ["a", "b", "c", "d"], []),
        (
            {"2026-10": {"a": 50, "b": 80, "c": 70, "d": 60}, "2026-11": {"a": 50, "b": 80,
                                                                          "c": 70}},
            ["a", "b", "c"],
            ["d"],
        ),
        ({"2026-09": {"a": 90}, "2026-10": {"b": 80}}, ["b"], []),  # Q3 is another quarter
    ],
)  # fmt: skip
def test_top_three_of_a_quarter_with_ties(
    months: dict[str, dict[str, float]], top: list[str], not_ranked: list[str]
) -> None:
    scores = [s for month, totals in months.items() for s in _scores(month, totals)]
    ranking = rank_quarter(scores, "2026-Q4", KPI)
    assert sorted(p.trainee_id for p in ranking.top) == top
    assert [t for t, _ in ranking.not_ranked] == not_ranked


def test_the_monthly_score_becomes_an_appraisal_rating() -> None:
    scores = _scores("2026-11", {"a": 104, "b": 72.5}) + _scores("2026-10", {"a": 80})
    records = kpi_ratings(scores, KPI, {"2026-10": "2026-Q4", "2026-11": "2026-Q4"})
    assert [(r.trainee_id, r.cycle, r.score, r.source) for r in records] == [
        ("a", "2026-Q4", 90.0, "appraisal:supervisor"),  # (100 held + 80) / 2
        ("b", "2026-Q4", 72.5, "appraisal:supervisor"),
    ]
    assert all(r.kind is SourceKind.APPRAISAL and r.rater_id == "kpi-sheet" for r in records)
    assert kpi_ratings(scores, KpiPolicy(appraisal_role=None), {}) == []


SHEET_HEAD = (
    "trainee_id,month,complaint_resolution,revisit_completion,revisit_authenticity,"
    "report_authenticity,audits,satisfaction,praise_letter\n"
)


@pytest.mark.parametrize(
    ("body", "lines", "reason"),
    [
        ("t1,2026-11,100,100,100,100,100,100,\nt2,2026-13,100,100,100,100,100,100,\n", [3],
         "not a month"),
        ("t1,2026-11,100,100,100,100,100,101,\n", [2], "outside 0..100"),
        ("t1,2026-11,100,100,100,100,100,95%,x\n", [2], "praise_letter 'x'"),
        ("t1,2026-11,90,90,90,90,90,90,\nt1,2026-11,90,90,90,90,90,90,\n", [3],
         "already has a row"),
        ("t9,2026-11,90,90,90,90,90,90,\nt1,2026-11,a,90,90,90,90,90,\n", [2, 3],
         "not on the roster"),
    ],
)  # fmt: skip
def test_a_half_bad_kpi_sheet_is_refused_whole(
    tmp_path: Path, body: str, lines: list[int], reason: str
) -> None:
    path = tmp_path / "kpi.csv"
    path.write_text(SHEET_HEAD + body, encoding="utf-8")
    with pytest.raises(InputFileError) as caught:
        read_kpi_sheet(path, {"t1", "t2"})
    assert reason in str(caught.value) and "nothing was imported" in str(caught.value)
    assert caught.value.line == lines[0]
    assert all(f"line {n}:" in str(caught.value) for n in lines)


def test_a_good_sheet_reads_percent_signs_and_blank_counts(tmp_path: Path) -> None:
    path = tmp_path / "kpi.csv"
    path.write_text(SHEET_HEAD + "t1,2026-11,90,100,100,100,100,95%,\n", encoding="utf-8")
    (row,) = read_kpi_sheet(path, {"t1"})
    assert row.rates["satisfaction"] == 95 and row.counts["praise_letter"] == 0
    assert row.source == "kpi.csv line 2"


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        ("t1,2026-11-03,r1,ok\n", "must be pass or fail"),
        ("t1,2026-11-31,r1,pass\n", "not a date"),
        ("t1,2026-11-03,r1,pass\nt1,2026-11-04,r1,fail\n", "already checked on line 2"),
        ("t1,2026-11-03,,pass\n", "record_id is empty"),
    ],
)
def test_bad_spot_checks_are_refused(tmp_path: Path, body: str, reason: str) -> None:
    path = tmp_path / "spot.csv"
    path.write_text("trainee_id,date,record_id,result\n" + body, encoding="utf-8")
    with pytest.raises(InputFileError, match=reason):
        read_spot_checks(path, {"t1"})


def test_failed_checks_without_a_kpi_row_are_named() -> None:
    checks = [*_checks(1), SpotCheck("t2", date(2026, 11, 5), "x", False)]
    assert [c.trainee_id for c in unmatched_checks([_row()], checks)] == ["t2"]
