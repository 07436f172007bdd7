"""The hub in Debian chromium: a trainee signs in, lands on the portal and fetches and
submits an exam with clicks; HR signs in, sees the view and downloads the Excel."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.browser import chromium_page, requires_chromium
from tests.hub.live import LiveHub

pytestmark = [pytest.mark.hub, pytest.mark.browser, pytest.mark.nbgrader, pytest.mark.slow,
              requires_chromium]  # fmt: skip


def _sign_in(page: object, hub: LiveHub, user: str) -> None:
    page.goto(f"{hub.url}hub/login")  # type: ignore[attr-defined]
    page.fill("#username_input", user)  # type: ignore[attr-defined]
    page.fill("#password_input", hub.passwords()[user])  # type: ignore[attr-defined]
    page.click("#login_submit")  # type: ignore[attr-defined]


def test_a_trainee_sits_an_exam_from_the_portal_without_code(
    live_hub: LiveHub, released_exam: str
) -> None:
    user = live_hub.browser_trainee
    with chromium_page() as page:
        _sign_in(page, live_hub, user)
        page.wait_for_url(re.compile(r".*/voila/render/frontline-portal\.ipynb.*"), timeout=120_000)
        page.get_by_text("我的培训").wait_for(timeout=120_000)
        page.get_by_text(released_exam).wait_for(timeout=60_000)
        page.get_by_role("button", name="领取考试").click()
        page.get_by_role("button", name="提交").wait_for(timeout=60_000)
        assert page.get_by_role("link", name="打开考试").count() == 1
        page.get_by_role("button", name="提交").click()
        page.get_by_text(re.compile("已于 .* 提交")).wait_for(timeout=60_000)
        text = page.inner_text("body")
        assert "show_portal" not in text and "import" not in text  # no code anywhere
        page.get_by_role("button", name="English").click()
        page.get_by_text("My training").wait_for(timeout=30_000)
    inbound = live_hub.state / "exchange" / "frontline" / "inbound"
    assert any(p.name.startswith(f"{user}+{released_exam}+") for p in inbound.iterdir())


def test_hr_signs_in_and_downloads_the_excel(live_hub: LiveHub, tmp_path: Path) -> None:
    import openpyxl

    with chromium_page() as page:
        _sign_in(page, live_hub, live_hub.hr)
        page.get_by_text("人事视图 HR view").first.wait_for(timeout=120_000)
        assert live_hub.trainees[0] in page.inner_text("table")
        with page.expect_download() as download:
            page.get_by_role("link", name="report.xlsx").click()
        assert download.value.suggested_filename == "report.xlsx"
        saved = tmp_path / "report.xlsx"
        download.value.save_as(saved)
    workbook = openpyxl.load_workbook(saved)
    cells = [str(c.value) for row in workbook.worksheets[0].iter_rows() for c in row]
    assert any(live_hub.trainees[0] in c for c in cells)
