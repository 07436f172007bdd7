"""A course module as a trainee meets it: real JupyterLab, Debian chromium, real clicks.

Opens the complaints module (English), runs all cells, answers one drill case and
one self-check question, and saves a screenshot in the test's temp folder. Skips
only when chromium is missing; `.ci/run` installs it.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from frontline.practice.modulefile import MODULES_DIR
from tests.browser import (
    chromium_page,
    jupyter_lab,
    open_notebook,
    requires_chromium,
    run_all_cells,
)

pytestmark = [pytest.mark.browser, requires_chromium]


def test_trainee_drills_and_checks_a_quiz_answer(tmp_path: Path) -> None:
    home = tmp_path / "home"
    shutil.copytree(MODULES_DIR / "03-complaints", home / "03-complaints")
    env = {"FRONTLINE_TRAINEE": "t102", "FRONTLINE_HOME": str(tmp_path / "fl")}
    with jupyter_lab(home, tmp_path, **env) as url, chromium_page() as page:
        try:
            open_notebook(page, url, "03-complaints/complaints.en.ipynb")
            run_all_cells(page)
            outputs = page.locator(".jp-OutputArea-output")
            # The header: module title and the progress banner.
            header = outputs.filter(has=page.locator("h2", has_text="Module 3: Complaint"))
            header.wait_for(timeout=120_000)
            header.get_by_text("scenarios played").wait_for(timeout=60_000)
            # The drill: answer the case on screen, whatever it is.
            drill = outputs.filter(has_text="Time-limit drill")
            drill.scroll_into_view_if_needed(timeout=60_000)
            drill.locator("button:not([disabled])").first.click()
            drill.get_by_text("of 1", exact=False).wait_for(timeout=20_000)
            assert drill.get_by_text("Right!").count() + drill.get_by_text("Not quite").count()
            # The self-check: pick the right first step and check it.
            quiz = outputs.filter(has_text="Self-check: complaint handling")
            quiz.scroll_into_view_if_needed(timeout=60_000)
            quiz.get_by_text("A. Calm the customer at once").click()
            quiz.get_by_role("button", name="Check").first.click()
            quiz.get_by_text("Right.").wait_for(timeout=20_000)
            quiz.get_by_text("1 of 8 checked").wait_for(timeout=20_000)  # drawn just after
        finally:
            page.screenshot(path=str(tmp_path / "module.png"), full_page=True)
    assert (tmp_path / "module.png").stat().st_size > 10_000
