"""A course module as a trainee meets it: real JupyterLab, Debian chromium, real clicks.

Opens the complaints module (English), runs all cells, answers one drill case and
one self-check question, and saves a screenshot in the test's temp folder. Skips
only when chromium or Playwright is missing; `.ci/run` installs both.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from frontline.practice.modulefile import MODULES_DIR
from tests.exams.test_browser import CHROMIUM, TOKEN, _free_port

pytestmark = pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian chromium not installed")


@pytest.fixture()
def module_lab(tmp_path: Path) -> Iterator[str]:
    home = tmp_path / "home"
    shutil.copytree(MODULES_DIR / "03-complaints", home / "03-complaints")
    port = _free_port()
    bin_dir = Path(sys.executable).parent
    env = dict(os.environ, FRONTLINE_TRAINEE="t102", FRONTLINE_HOME=str(tmp_path / "fl"),
               PATH=f"{bin_dir}:{os.environ['PATH']}")  # fmt: skip
    log = (tmp_path / "lab.log").open("w")
    server = subprocess.Popen(
        [str(bin_dir / "jupyter"), "lab", "--no-browser", "--allow-root", f"--port={port}",
         f"--ServerApp.token={TOKEN}", f"--ServerApp.root_dir={home}"],
        cwd=home, env=env, stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(f"{url}/api/status?token={TOKEN}", timeout=2)
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.3)
        yield url
    finally:
        server.terminate()
        server.wait(timeout=20)
        log.close()


def test_trainee_drills_and_checks_a_quiz_answer(module_lab: str, tmp_path: Path) -> None:
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        try:
            page = browser.new_page(viewport={"width": 1300, "height": 1000})
            page.goto(f"{module_lab}/lab/tree/03-complaints/complaints.en.ipynb?token={TOKEN}")
            page.wait_for_selector(".jp-Notebook", timeout=120_000)
            select = page.locator(".jp-Dialog").get_by_role("button", name="Select")
            try:
                select.wait_for(timeout=15_000)
                select.click()
            except sync_api.TimeoutError:
                pass
            page.wait_for_selector(
                ".jp-Notebook-ExecutionIndicator[data-status='idle']", timeout=120_000
            )
            page.locator(".lm-MenuBar-itemLabel", has_text="Run").first.click()
            page.locator(".lm-Menu-itemLabel", has_text="Run All Cells").first.click()
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
            assert quiz.get_by_text("1 of 8 checked").is_visible()
        finally:
            page.screenshot(path=str(tmp_path / "module.png"), full_page=True)
            browser.close()
    assert (tmp_path / "module.png").stat().st_size > 10_000
