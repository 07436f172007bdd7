"""The monthly KPI score reaches the appraisal component, traced to its rating."""

from __future__ import annotations

from pathlib import Path

import pytest

from frontline.core.errors import InputFileError
from frontline.hr.inputs.load import load_inputs
from frontline.hr.inputs.roster import Trainee
from frontline.hr.kpi.load import load_kpi
from frontline.hr.policy.schema import parse_policy_text
from frontline.hr.rules.evaluate import evaluate_cohort

POLICY = parse_policy_text(
    'version: "k"\ncutoffs: {excellent: 90, good: 80, pass: 60}\n'
    'components:\n  theory: {weight: 0.5, exams: ["*"]}\n'
    "  appraisal: {weight: 0.5, raters: {supervisor: 0.6, peer: 0.25, self: 0.15}, "
    "missing_rater: reweight}\n"
)
HEAD = (
    "trainee_id,month,complaint_resolution,revisit_completion,revisit_authenticity,"
    "report_authenticity,audits,satisfaction\n"
)


def test_kpi_score_is_the_supervisor_rating_of_the_month(tmp_path: Path) -> None:
    sheet = tmp_path / "kpi.csv"
    sheet.write_text(HEAD + "t1,2026-11,100,100,100,100,100,100\n", encoding="utf-8")
    checks = tmp_path / "spot.csv"
    checks.write_text(
        "trainee_id,date,record_id,result\nt1,2026-11-02,r1,fail\nt1,2026-11-09,r2,fail\n",
        encoding="utf-8",
    )
    kpi = load_kpi(sheet, checks, POLICY, {"t1"})
    assert [s.total for s in kpi.scores] == [96]
    inputs = load_inputs(None, [Trainee("t1", "王芳", "A")], POLICY, kpi=kpi.ratings)
    (outcome,) = evaluate_cohort(inputs, POLICY, "2026-11").outcomes
    (appraisal,) = [c for c in outcome.components if c.name == "appraisal"]
    assert appraisal.score == 96
    assert [r.rater_id for r in appraisal.used] == ["kpi-sheet"]


def test_a_failed_check_without_a_kpi_row_is_refused_with_its_line(tmp_path: Path) -> None:
    sheet = tmp_path / "kpi.csv"
    sheet.write_text(HEAD + "t1,2026-11,100,100,100,100,100,100\n", encoding="utf-8")
    checks = tmp_path / "spot.csv"
    checks.write_text(
        "trainee_id,date,record_id,result\nt1,2026-11-02,r1,pass\nt1,2026-12-01,r2,fail\n",
        encoding="utf-8",
    )
    with pytest.raises(InputFileError, match="deduct from nothing") as caught:
        load_kpi(sheet, checks, POLICY, {"t1"})
    assert caught.value.line == 3 and caught.value.path == checks
