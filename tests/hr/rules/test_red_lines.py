"""A red line crossed in the practical exam fails that component whatever its points,
and every reason HR reads names it (table-driven over policies and sittings)."""

from __future__ import annotations

import pytest

from frontline.core.i18n import Text
from frontline.hr.inputs.roster import Trainee
from frontline.hr.policy.model import Tier
from frontline.hr.policy.schema import parse_policy_text
from frontline.hr.rules.evaluate import evaluate_cohort
from frontline.hr.rules.outcomes import (
    CohortInputs,
    DecisionKind,
    RedLine,
    ScoreRecord,
    SourceKind,
    TraineeOutcome,
)
from frontline.report.snapshot import decode

POLICY = """\
version: "red-lines"
cutoffs: {excellent: 90, good: 80, pass: 60}
components:
  theory: {weight: 0.7, exams: ["*-theory"]}
  practical: {weight: 0.3, exams: ["practical*"]RULE}
gates:
  practical_below_pass: {component: practical, at_least: pass, cap: fail}
retakes: {count: best, max: 2}
"""
NO_PRACTICAL_GATE = """\
version: "red-lines-no-gate"
cutoffs: {excellent: 90, good: 80, pass: 60}
components:
  theory: {weight: 0.7, exams: ["*-theory"]}
  practical: {weight: 0.3, exams: ["practical*"]}
gates:
  component_below_pass: {component: any, at_least: pass, cap: pass}
"""
MONEY = RedLine(
    item="scenario-2",
    category="money",
    label=Text(zh="索要钱物", en="Soliciting money or gifts"),
    what=Text(zh="让业主给师傅包个红包", en="Ask the resident to tip the plumber"),
)
PRIVACY = RedLine(
    item="scenario-1",
    category="privacy",
    label=Text(zh="泄露个人信息", en="Leaking personal data"),
    what=Text(zh="把邻居的手机号告诉他", en="Give him the neighbour's number"),
)


def record(source: str, score: float, *red: RedLine, attempt: int = 1) -> ScoreRecord:
    return ScoreRecord("t1", "2026-11", source, SourceKind.EXAM, score, 100, attempt, red_lines=red)


def outcome(policy_text: str, *records: ScoreRecord) -> TraineeOutcome:
    inputs = CohortInputs((Trainee("t1", "张三", "A"),), tuple(records))
    policy = parse_policy_text(policy_text, "policy.yml")
    (found,) = evaluate_cohort(inputs, policy).outcomes
    return found


def component(found: TraineeOutcome, name: str):  # type: ignore[no-untyped-def]
    return next(c for c in found.components if c.name == name)


@pytest.mark.parametrize(
    ("rule", "red", "tier", "practical_tier", "named"),
    [
        # the default (no `red_line:` key) and `fail` fail the component, and the gate the tier
        ("", (MONEY,), Tier.FAIL, Tier.FAIL, True),
        (", red_line: fail", (MONEY, PRIVACY), Tier.FAIL, Tier.FAIL, True),
        # `points`: the red-lined play already scored 0; the rest counts by points
        (", red_line: points", (MONEY,), Tier.EXCELLENT, Tier.EXCELLENT, False),
        # no red line: nothing changes
        ("", (), Tier.EXCELLENT, Tier.EXCELLENT, False),
    ],
)
def test_red_line_fails_practical_whatever_its_points(
    rule: str, red: tuple[RedLine, ...], tier: Tier, practical_tier: Tier, named: bool
) -> None:
    found = outcome(
        POLICY.replace("RULE", rule), record("etiquette-theory", 96), record("practical", 92, *red)
    )
    practical = component(found, "practical")
    assert practical.score == 92  # the points stay on record, as evidence
    assert practical.tier is practical_tier
    assert practical.red_lines == red
    assert found.tier is tier
    for hit in red:
        assert (hit.label.zh in found.reason.zh) is named
        assert (hit.label.en in found.reason.en) is named
    if named:
        assert found.rule.startswith("gate:practical_below_pass")
        assert "红线" in found.reason.zh and "red line" in found.reason.en


def test_red_line_is_a_failed_exam_with_a_retake_named_for_it() -> None:
    found = outcome(
        POLICY.replace("RULE", ""), record("etiquette-theory", 96), record("practical", 88, MONEY)
    )
    (exam,) = component(found, "practical").exams
    assert exam.tier is Tier.FAIL and exam.red_lines == (MONEY,)
    retake = next(d for d in found.decisions if d.kind is DecisionKind.RETAKE_REQUIRED)
    assert "索要钱物" in retake.reason.zh and "Soliciting" in retake.reason.en
    assert "低于合格线" not in retake.reason.zh  # 88 is above it: the red line is the reason


def test_without_a_practical_gate_any_component_gate_still_sees_the_failed_component() -> None:
    found = outcome(
        NO_PRACTICAL_GATE, record("etiquette-theory", 96), record("practical", 95, PRIVACY)
    )
    assert component(found, "practical").tier is Tier.FAIL
    assert found.tier is Tier.PASS
    assert "泄露个人信息" in found.reason.zh


def test_a_clean_retake_counts_over_a_red_lined_first_sitting() -> None:
    found = outcome(
        POLICY.replace("RULE", ""),
        record("etiquette-theory", 96),
        record("practical", 95, MONEY),
        record("practical-retake-1", 75, attempt=2),
    )
    practical = component(found, "practical")
    (exam,) = practical.exams
    assert exam.counted == "practical-retake-1" and not exam.red_lines
    assert practical.tier is Tier.PASS and not practical.red_lines
    assert found.tier is not Tier.FAIL


def test_red_lines_survive_the_decision_record() -> None:
    found = record("practical", 90, MONEY)
    assert decode(ScoreRecord, _encoded(found)) == found


def _encoded(value: ScoreRecord) -> object:
    import json

    from frontline.report.snapshot import encode

    return json.loads(json.dumps(encode(value), ensure_ascii=False))


def test_hr_report_names_the_red_line_on_the_trainee_page_and_in_the_csv(tmp_path) -> None:  # type: ignore[no-untyped-def]
    import csv
    import io

    from frontline.report import build_report
    from frontline.report.build import CSV_FILE

    typed = RedLine(
        item="scenario-3",
        category="insult",
        label=Text(zh="辱骂或嘲讽客户", en="Insulting or mocking a customer"),
        what=Text(zh="<b>您可真行</b>", en="<b>well done you</b>"),
    )
    policy_text = POLICY.replace("RULE", "")
    inputs = CohortInputs(
        (Trainee("t1", "张三", "A"),),
        (record("etiquette-theory", 96), record("practical", 91, typed)),
    )
    policy = parse_policy_text(policy_text, "policy.yml")
    result = evaluate_cohort(inputs, policy)
    build_report(result, tmp_path, policy=policy, policy_text=policy_text)

    page = (tmp_path / "trainees" / "t1.html").read_text(encoding="utf-8")
    assert "红线 Red lines" in page and "辱骂或嘲讽客户" in page
    assert "&lt;b&gt;您可真行&lt;/b&gt;" in page and "<b>您可真行</b>" not in page
    text = (tmp_path / CSV_FILE).read_text(encoding="utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    (row,) = rows
    assert row["tier"] == "fail"
    assert "practical scenario-3" in row["red_lines_zh"] and "辱骂或嘲讽客户" in row["red_lines_zh"]
    assert "Insulting or mocking a customer" in row["red_lines_en"]


def test_a_red_line_is_named_even_when_the_points_already_fail() -> None:
    found = outcome(
        POLICY.replace("RULE", ""), record("etiquette-theory", 30), record("practical", 40, MONEY)
    )
    assert found.tier is Tier.FAIL and found.rule.startswith("cutoff:")
    assert "实操因红线：索要钱物不合格" in found.reason.zh
    assert "practical failed by a red line: Soliciting money or gifts" in found.reason.en
