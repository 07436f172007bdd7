"""Score tables as CSV, and `frontline tiers` that turns them into tiers."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from frontline.cli import main
from frontline.core.errors import InputFileError
from frontline.hr.inputs.scores import ScoreRow, read_scores_csv
from frontline.hr.policy.model import Policy

HEADER = "trainee_id,component,score,max_score\n"
GOOD_CSV = HEADER + "t001,theory,36,40\nt002,theory,50,100\n t003 , theory , 24 , 40 \n"
POLICY = Policy(weights={"theory": 0.6, "practical": 0.4})


def _write(tmp_path: Path, text: str, *, bom: bool = False, name: str = "scores.csv") -> Path:
    path = tmp_path / name
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8"))
    return path


@pytest.mark.parametrize("bom", [False, True])
def test_a_good_scores_file_is_read(tmp_path: Path, bom: bool) -> None:
    rows = read_scores_csv(_write(tmp_path, GOOD_CSV, bom=bom), POLICY)
    assert rows == [
        ScoreRow("t001", "theory", 36.0, 40.0),
        ScoreRow("t002", "theory", 50.0, 100.0),
        ScoreRow("t003", "theory", 24.0, 40.0),
    ]


def test_columns_may_come_in_any_order_and_empty_rows_are_skipped(tmp_path: Path) -> None:
    text = "max_score,score,component,trainee_id\n100,70,practical,t001\n,,,\n"
    assert read_scores_csv(_write(tmp_path, text), POLICY) == [
        ScoreRow("t001", "practical", 70.0, 100.0)
    ]


@pytest.mark.parametrize(
    ("rows", "line", "reason"),
    [
        ("t001,theory,abc,100\n", 2, "score 'abc' is not a number"),
        ("t001,theory,50,\n", 2, "max_score '' is not a number"),
        ("t001,theory,nan,100\n", 2, "score 'nan' is not a finite number"),
        ("t001,theory,50,100\nt002,theory,101,100\n", 3, "score 101 is outside 0..100"),
        ("t001,theory,-5,100\n", 2, "score -5 is outside 0..100"),
        ("t001,theory,0,0\n", 2, "max_score must be above 0, not 0"),
        (
            "t001,appraisal,50,100\n",
            2,
            "component 'appraisal' is not weighted in the policy "
            "(expected one of: theory, practical)",
        ),
        (",theory,50,100\n", 2, "trainee_id is empty"),
        ("t001,theory,50,100,extra\n", 2, "more fields than the header has"),
        # A blank line still counts when naming the line to fix.
        ("t001,theory,50,100\n\nt002,theory,abc,100\n", 4, "score 'abc' is not a number"),
    ],
)
def test_a_bad_row_names_its_line(tmp_path: Path, rows: str, line: int, reason: str) -> None:
    path = _write(tmp_path, HEADER + rows)
    with pytest.raises(InputFileError) as excinfo:
        read_scores_csv(path, POLICY)
    assert str(excinfo.value) == f"{path}, line {line}: {reason}"


def test_a_missing_column_is_named_on_the_header_line(tmp_path: Path) -> None:
    path = _write(tmp_path, "trainee_id,component,score\nt001,theory,50\n")
    with pytest.raises(InputFileError) as excinfo:
        read_scores_csv(path, POLICY)
    message = str(excinfo.value)
    assert message.startswith(f"{path}, line 1: missing column(s) ['max_score']")


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (None, "scores file not found"),
        (
            "trainee_id,component,score,max_score\nt001,理论,50,100\n".encode("gb18030"),
            "not UTF-8 text",
        ),
    ],
)
def test_an_unreadable_scores_file_is_named(
    tmp_path: Path, content: bytes | None, reason: str
) -> None:
    path = tmp_path / "scores.csv"
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(InputFileError) as excinfo:
        read_scores_csv(path, POLICY)
    assert str(excinfo.value).startswith(f"{path}: {reason}")


# --- the `frontline tiers` command ----------------------------------------------------


def test_tiers_json_gives_tier_and_reason_per_trainee(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    csv = _write(tmp_path, GOOD_CSV)
    assert main(["tiers", "--scores", str(csv), "--json"]) == 0
    out = capsys.readouterr().out
    payload = json.loads(out)
    assert [p["trainee_id"] for p in payload] == ["t001", "t002", "t003"]
    assert [(p["tier"], p["status"], p["overall"], p["rule"]) for p in payload] == [
        # The repository policy shares the weight of a missing practical and appraisal.
        ("excellent", "excellent", 90.0, "cutoff:excellent+missing:reweight"),
        ("fail", "fail", 50.0, "cutoff:fail+missing:reweight"),
        ("pass", "pass", 60.0, "cutoff:pass+missing:reweight"),
    ]
    assert "→ 优秀" in payload[0]["reason_zh"]
    assert "overall 90" in payload[0]["reason_en"]
    assert payload[0]["policy_version"] == "2026-11"
    # The inputs behind the tier travel with it, so a decision can be checked later.
    assert payload[0]["inputs"] == {"theory": {"score": 36.0, "max_score": 40.0}}
    assert payload[0]["weights"] == {"theory": 1.0}
    assert "优秀" in out  # Chinese is written as text, not \u escapes


def test_tiers_json_reports_incomplete_trainees(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    policy = _write(
        tmp_path,
        "version: two-part\ncutoffs: {excellent: 90, good: 80, pass: 60}\n"
        "weights: {theory: 0.5, practical: 0.5}\nmissing_component: incomplete\n",
        name="policy.yml",
    )
    csv = _write(tmp_path, HEADER + "t001,theory,95,100\n")
    assert main(["tiers", "--scores", str(csv), "--policy", str(policy), "--json"]) == 0
    [entry] = json.loads(capsys.readouterr().out)
    assert entry["tier"] is None
    assert entry["status"] == "incomplete"
    assert entry["overall"] is None
    assert entry["rule"] == "missing:incomplete"
    assert entry["policy_version"] == "two-part"


def test_tiers_table_shows_tier_words_in_chinese(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    csv = _write(tmp_path, GOOD_CSV + "t004,theory,85,100\n")
    assert main(["tiers", "--scores", str(csv)]) == 0
    out = capsys.readouterr().out
    lines = out.splitlines()
    assert lines[0].split() == ["trainee", "overall", "tier", "reason"]
    by_trainee = {line.split()[0]: line for line in lines[2:6]}
    assert "90.00" in by_trainee["t001"] and "优秀 excellent" in by_trainee["t001"]
    assert "50.00" in by_trainee["t002"] and "不合格 fail" in by_trainee["t002"]
    assert "60.00" in by_trainee["t003"] and "合格 pass" in by_trainee["t003"]
    assert "85.00" in by_trainee["t004"] and "良好 good" in by_trainee["t004"]
    assert "4 trainees; policy 2026-11" in out


def test_tiers_with_a_bad_scores_file_exits_2_naming_file_and_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    csv = _write(tmp_path, HEADER + "t001,theory,50,100\nt002,theory,lots,100\n")
    assert main(["tiers", "--scores", str(csv), "--json"]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.strip() == (f"frontline tiers: {csv}, line 3: score 'lots' is not a number")


def test_tiers_with_a_bad_policy_exits_2_naming_the_key(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    policy = _write(
        tmp_path,
        "version: x\ncutoffs:\n  excellent: 90\n  good: 95\n  pass: 60\nweights:\n  theory: 1\n",
        name="policy.yml",
    )
    csv = _write(tmp_path, GOOD_CSV)
    assert main(["tiers", "--scores", str(csv), "--policy", str(policy)]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert f"{policy}, line 4, key 'cutoffs.good'" in captured.err
    assert "must be below cutoffs.excellent" in captured.err
