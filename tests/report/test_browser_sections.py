"""The HR report's onboarding, ranking and certificate sections, in Chinese, in chromium."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.browser import chromium_page, requires_chromium
from tests.hr.certificates.sample import report_with_sections
from tests.report.cohort import XSS_NAME

pytestmark = [pytest.mark.browser, requires_chromium]


def test_new_sections_show_in_chinese_and_link_their_certificates(tmp_path: Path) -> None:
    out, sections = report_with_sections(tmp_path)
    dialogs: list[str] = []
    with chromium_page(1400, 1000) as page:
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        page.goto((out / "report.html").as_uri())
        page.wait_for_load_state("load")
        assert page.locator("#onboarding h2").inner_text().startswith("岗前培训")
        cleared = page.locator("#onboarding-table tr[data-status='cleared']")
        assert "可独立上岗" in cleared.inner_text() and "2026-10-20" in cleared.inner_text()
        overdue = page.locator("#onboarding-table tr[data-status='overdue']")
        assert "已逾期" in overdue.inner_text() and "尚缺：实操" in overdue.inner_text()
        assert page.get_by_text(XSS_NAME, exact=False).count() >= 1  # shown, never run
        ranking = page.locator("#kpi-ranking")
        assert "月度考核排名" in ranking.locator("h2").inner_text()
        assert "后三名（含并列）须作原因分析并制定改进计划，截止 2026-12-04" in ranking.inner_text()
        bottom = page.locator("#ranking-table tr[data-flag='bottom']")
        assert bottom.count() == 1 and "改进计划" in bottom.inner_text()
        assert "奖励" in page.locator("#quarter-table tr[data-flag='top']").inner_text()
        links = page.locator("#certificate-table a")
        assert links.count() == len(sections.certificates) == 2
        for index in range(links.count()):
            href = links.nth(index).get_attribute("href") or ""
            assert (out / href).is_file()
        assert "成绩优秀" in page.locator("#certificate-table").inner_text()
        page.screenshot(path=str(tmp_path / "sections.png"), full_page=True)
    assert dialogs == []
    assert (tmp_path / "sections.png").stat().st_size > 10_000
