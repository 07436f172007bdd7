"""The exam as a trainee meets it: real JupyterLab, real Debian chromium, real clicks.

Skips only when chromium or Playwright is missing; `.ci/run` installs both.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from frontline.exams import pipeline
from frontline.exams.questions import load_questions
from tests.conftest import EXAM, ReleasedCourse

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
pytestmark = pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian chromium not installed")
TOKEN = "frontline-test"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture()
def lab(released_course: ReleasedCourse, tmp_path: Path) -> Iterator[tuple[str, Path]]:
    """A trainee's JupyterLab with the exam fetched from the exchange."""
    home = tmp_path / "home"
    pipeline.fetch(released_course.course, EXAM, "t101", home)
    port = _free_port()
    bin_dir = Path(sys.executable).parent
    env = dict(os.environ, FRONTLINE_TRAINEE="t101", PATH=f"{bin_dir}:{os.environ['PATH']}")
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
        yield url, home / EXAM
    finally:
        server.terminate()
        server.wait(timeout=20)
        log.close()


def test_trainee_answers_the_exam_by_clicking_in_jupyterlab(
    lab: tuple[str, Path], tmp_path: Path
) -> None:
    sync_api = pytest.importorskip("playwright.sync_api")
    url, folder = lab
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        try:
            page = browser.new_page(viewport={"width": 1300, "height": 900})
            page.goto(f"{url}/lab/tree/{EXAM}/{EXAM}.ipynb?token={TOKEN}")
            page.wait_for_selector(".jp-Notebook", timeout=120_000)
            page.wait_for_selector(
                ".jp-Notebook-ExecutionIndicator[data-status='idle']", timeout=120_000
            )
            # What the instructions tell trainees to do: Run -> Run All Cells.
            page.locator(".lm-MenuBar-itemLabel", has_text="Run").first.click()
            page.locator(".lm-Menu-itemLabel", has_text="Run All Cells").first.click()
            page.wait_for_selector(".widget-radio-box", timeout=120_000)
            page.wait_for_function(
                "document.querySelectorAll('.widget-radio-box').length === 10", timeout=120_000
            )
            assert page.locator(".widget-checkbox").count() == 25  # 5 questions x 5 options
            assert page.get_by_text("以下哪一句属于服务忌语").count() == 1

            first_radio = page.locator(".widget-radio-box").first
            first_radio.locator("input").nth(1).click()  # the second option as shown
            page.get_by_text("✓ 已保存").first.wait_for(timeout=10_000)
            chosen = first_radio.locator("input:checked").locator("xpath=..").inner_text()
            saved = json.loads((folder / "answers.json").read_text(encoding="utf-8"))
            assert saved["trainee"] == "t101"
            # The id saved is the id of the option whose text the trainee clicked.
            bank = load_questions(folder / "questions.yml")
            [option_id] = saved["answers"]["q01"]
            assert chosen.startswith("B. ")
            assert bank.get("q01").option(option_id).text.zh in chosen

            page.get_by_role("button", name="English").click()
            page.get_by_text("Which of these is a forbidden phrase").wait_for(timeout=10_000)
            # The same option stays chosen after the switch, now labelled in English.
            checked = first_radio.locator("input:checked").locator("xpath=..").inner_text()
            assert checked == "B. " + bank.get("q01").option(option_id).text.en
            page.screenshot(path=str(tmp_path / "exam.png"), full_page=False)
        finally:
            browser.close()
