"""Appraisal ratings and external scores from CSV: read whole, or refused with every bad line."""

from __future__ import annotations

from pathlib import Path

import pytest

from frontline.core.course import REPO_ROOT
from frontline.core.errors import InputFileError
from frontline.hr.inputs.csv_files import read_appraisal_csv, read_external_csv
from frontline.hr.inputs.load import load_inputs
from frontline.hr.inputs.roster import load_roster
from frontline.hr.policy.schema import load_policy
from frontline.hr.rules.evaluate import evaluate_cohort
from frontline.hr.rules.outcomes import ScoreRecord, SourceKind

POLICY = load_policy(REPO_ROOT / "gradebook" / "policy.yml")
ROSTER = load_roster(REPO_ROOT / "gradebook" / "roster.csv")
KNOWN = {t.trainee_id for t in ROSTER}
APPRAISAL_HEADER = "trainee_id,cycle,rater_role,rater_id,score,max_score\n"
EXTERNAL_HEADER = "trainee_id,cycle,source,component,score,max_score,attempt\n"


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_the_sample_appraisal_covers_every_trainee_with_every_role() -> None:
    records = read_appraisal_csv(REPO_ROOT / "gradebook" / "appraisal.csv", POLICY, KNOWN)
    roles = {(r.trainee_id, r.source) for r in records}
    for trainee in ROSTER:
        for role in ("supervisor", "peer", "self"):
            assert (trainee.trainee_id, f"appraisal:{role}") in roles


def test_appraisal_rows_become_records(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        "a.csv",
        APPRAISAL_HEADER + "t001,2026-11,supervisor,boss,4,5\nt001,2026-11-20,self,,3.5,5\n",
    )
    assert read_appraisal_csv(path, POLICY, KNOWN) == [
        ScoreRecord(
            "t001", "2026-11", "appraisal:supervisor", SourceKind.APPRAISAL, 4, 5, rater_id="boss"
        ),
        ScoreRecord(
            "t001", "2026-11", "appraisal:self", SourceKind.APPRAISAL, 3.5, 5, rater_id="t001"
        ),
    ]


@pytest.mark.parametrize(
    ("rows", "lines"),
    [
        ("t001,2026-11,boss,x,4,5\n", {2: "rater_role 'boss' must be one of"}),
        ("t001,2026-13,peer,t002,4,5\n", {2: "cycle '2026-13' is not a monthly cycle"}),
        ("t001,2026-Q4,peer,t002,4,5\n", {2: "cycle '2026-Q4' is not a monthly cycle"}),
        ("t999,2026-11,peer,t002,4,5\n", {2: "trainee_id 't999' is not on the roster"}),
        ("t001,2026-11,peer,,4,5\n", {2: "rater_id is empty"}),
        ("t001,2026-11,peer,t002,6,5\n", {2: "score 6 is outside 0..5"}),
        ("t001,2026-11,peer,t002,four,5\n", {2: "score 'four' is not a number"}),
        (
            "t001,2026-11,peer,t002,4,5\nt001,2026-11,peer,t002,3,5\n",
            {3: "t002 already rated t001 as peer for 2026-11 on line 2"},
        ),
        (
            "t001,2026-11,peer,t002,4,5\n\nt001,2026-11,peer,t003,9,5\nt002,x,self,,1,5\n",
            {4: "score 9 is outside", 5: "cycle 'x'"},
        ),
    ],
)
def test_bad_appraisal_rows_are_all_named_and_nothing_is_imported(
    tmp_path: Path, rows: str, lines: dict[int, str]
) -> None:
    path = _write(tmp_path, "a.csv", APPRAISAL_HEADER + rows)
    with pytest.raises(InputFileError) as caught:
        load_inputs(None, ROSTER, POLICY, appraisal=path)
    message = str(caught.value)
    first = min(lines)
    assert message.startswith(
        f"{path}, line {first}: {len(lines)} bad row(s); nothing was imported"
    )
    for line, reason in lines.items():
        assert f"line {line}: {reason}" in message, message


def test_an_unknown_appraisal_column_is_refused(tmp_path: Path) -> None:
    path = _write(
        tmp_path, "a.csv", APPRAISAL_HEADER.strip() + ",comment\nt001,2026-11,self,,4,5,ok\n"
    )
    with pytest.raises(InputFileError, match=r"line 1: unknown column\(s\) \['comment'\]"):
        read_appraisal_csv(path, POLICY, KNOWN)


def test_external_scores_feed_their_component(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        "e.csv",
        EXTERNAL_HEADER
        + "t001,2026-11,paper-theory,theory,45,50,\n"
        + "t001,2026-11,observed-roleplay,practical,16,20,1\n"
        + "t002,2026-11,paper-theory,theory,20,50,1\n"
        + "t002,2026-11,paper-theory,theory,40,50,2\n",
    )
    inputs = load_inputs(None, ROSTER[:2], POLICY, external=path)
    assert len(inputs.scores) == 4
    result = evaluate_cohort(inputs, POLICY)
    first, second = result.outcomes
    assert first.overall == pytest.approx(round((0.6 * 90 + 0.25 * 80) / 0.85, 2))
    # Capped retakes: the second sitting's 80 % counts as the pass mark, 60.
    assert second.components[0].score == 60.0
    assert [r.attempt for r in second.components[0].used] == [2]
    assert [r.attempt for r in second.components[0].ignored] == [1]


@pytest.mark.parametrize(
    ("row", "reason"),
    [
        ("t001,2026-11,paper,appraisal,4,5,1", "component 'appraisal' is not one of this policy's"),
        ("t001,2026-11,paper,theory,4,5,0", "attempt '0' must be 1 (first sitting) or more"),
        ("t001,2026-11,,theory,4,5,1", "source is empty"),
        ("t001,2026-11,paper,theory,4,0,1", "max_score must be above 0, not 0"),
        (",2026-11,paper,theory,4,5,1", "trainee_id is empty"),
    ],
)
def test_bad_external_rows_name_their_line(tmp_path: Path, row: str, reason: str) -> None:
    path = _write(
        tmp_path, "e.csv", EXTERNAL_HEADER + "t001,2026-11,paper,theory,4,5,1\n" + row + "\n"
    )
    with pytest.raises(InputFileError) as caught:
        read_external_csv(path, POLICY, KNOWN)
    assert str(caught.value).startswith(f"{path}, line 3: 1 bad row(s); nothing was imported")
    assert f"line 3: {reason}" in str(caught.value)
