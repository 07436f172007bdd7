"""A role-play as a trainee meets it: real JupyterLab, real Debian chromium, real clicks.

Skips only when chromium or Playwright is missing; `.ci/run` installs both.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import nbformat
import pytest

from tests.exams.test_browser import CHROMIUM, TOKEN, _free_port

pytestmark = pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian chromium not installed")
FIXTURES = Path(__file__).parents[1] / "data" / "scenarios"


@pytest.fixture()
def lab(tmp_path: Path) -> Iterator[str]:
    home = tmp_path / "home"
    home.mkdir()
    notebook = nbformat.v4.new_notebook()
    notebook.cells = [
        nbformat.v4.new_markdown_cell("# Role-play"),
        nbformat.v4.new_code_cell(
            "from frontline.roleplay import play\n"
            f"play('fixture-repair', lang='en', scenarios_dir={str(FIXTURES)!r})"
        ),
    ]
    notebook.metadata["kernelspec"] = {
        "name": "python3", "display_name": "Python 3", "language": "python"
    }  # fmt: skip
    nbformat.write(notebook, home / "roleplay.ipynb")
    port = _free_port()
    bin_dir = Path(sys.executable).parent
    env = dict(os.environ, FRONTLINE_TRAINEE="t101", FRONTLINE_HOME=str(tmp_path / "fl"),
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


def test_trainee_plays_a_scenario_to_the_result_card(lab: str, tmp_path: Path) -> None:
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        try:
            page = browser.new_page(viewport={"width": 1300, "height": 1000})
            page.goto(f"{lab}/lab/tree/roleplay.ipynb?token={TOKEN}")
            page.wait_for_selector(".jp-Notebook", timeout=120_000)
            # A fresh notebook may ask which kernel to start; the default is the right one.
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
            page.get_by_text("Do you care at all?").wait_for(timeout=120_000)
            page.get_by_role("button", name="Offer a seat").click()
            page.get_by_text("Calming first").wait_for(timeout=20_000)
            page.locator("textarea").first.fill("I'm so sorry, a technician within 10 minutes.")
            page.get_by_role("button", name="Send").click()
            page.get_by_role("button", name="Note the time").click()
            page.get_by_role("button", name="Raise an emergency").click()
            page.get_by_text("Total: 100 / 100").wait_for(timeout=20_000)
            assert page.get_by_role("button", name="Play again").is_visible()
            page.screenshot(path=str(tmp_path / "roleplay.png"), full_page=True)
        finally:
            browser.close()
    assert (tmp_path / "roleplay.png").stat().st_size > 10_000
    assert list((tmp_path / "home").glob("roleplay-fixture-repair-t101-*.json"))
