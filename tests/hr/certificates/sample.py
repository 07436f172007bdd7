"""A report with every HR section: two new hires, a ranking, two certificates."""

from __future__ import annotations

import dataclasses
from datetime import date
from pathlib import Path

from frontline.core.i18n import Text
from frontline.hr.policy.schema import parse_policy_text
from frontline.report.build import build_report
from frontline.report.sections import HrSections, OnboardingRow, RankingRow, RequirementRow
from tests.report.cohort import POLICY_TEXT, XSS_NAME, sample_result


def report_with_sections(
    tmp_path: Path, generated: str = "2026-12-01 08:00 UTC"
) -> tuple[Path, HrSections]:
    policy = parse_policy_text(POLICY_TEXT)
    result = dataclasses.replace(sample_result(), policy_digest=policy.digest)
    cleared = OnboardingRow(
        "zq-7782", "李娜 (Li Na)", "desk", Text("前台入职", "Front-desk onboarding"), "cleared",
        Text("可独立上岗", "cleared to work alone"), Text("全部完成", "all met"),
        date(2026, 9, 1), date(2026, 10, 31), date(2026, 10, 20), None,
        (RequirementRow(Text("完成模块 01-etiquette", "complete module 01-etiquette"),
                        date(2026, 10, 20), "self-check finished"),),
    )  # fmt: skip
    overdue = dataclasses.replace(
        cleared, trainee_id="zq-7784", name=XSS_NAME, status="overdue", cleared_on=None,
        status_label=Text("已逾期", "overdue"), reason=Text("尚缺：实操", "missing: practical"),
    )  # fmt: skip
    sections = HrSections(
        as_of=date(2026, 12, 1), onboarding=(cleared, overdue), month="2026-11",
        ranking=(RankingRow("zq-7781", "王芳", 99.0, 1, ""),
                 RankingRow("zq-7784", XSS_NAME, 80.0, 2, "bottom")),
        plan_due=date(2026, 12, 4), quarter="2026-Q4",
        quarter_ranking=(RankingRow("zq-7781", "王芳", 190.0, 1, "top"),),
    )  # fmt: skip
    out = tmp_path / "reports" / "hr-2026-11"
    files = build_report(result, out, policy=policy, policy_text=POLICY_TEXT, sections=sections,
                         generated=generated, trainee_pages=False)  # fmt: skip
    assert files.sections is not None
    return out, files.sections
