"""The exam as a trainee meets it: real JupyterLab, real Debian chromium, real clicks.

Skips only when chromium is missing; `.ci/run` installs it.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from frontline.exams.grading import pipeline
from frontline.exams.model.questions import load_questions
from tests.browser import (
    chromium_page,
    jupyter_lab,
    open_notebook,
    requires_chromium,
    run_all_cells,
)
from tests.conftest import EXAM, ReleasedCourse

pytestmark = [pytest.mark.browser, requires_chromium]


def test_trainee_answers_the_exam_by_clicking_in_jupyterlab(
    released_course: ReleasedCourse, tmp_path: Path
) -> None:
    home = tmp_path / "home"
    pipeline.fetch(released_course.course, EXAM, "t101", home)
    folder = home / EXAM
    with (
        jupyter_lab(home, tmp_path, FRONTLINE_TRAINEE="t101") as url,
        chromium_page(height=900) as page,
    ):
        open_notebook(page, url, f"{EXAM}/{EXAM}.ipynb")
        run_all_cells(page)
        try:
            page.wait_for_selector(".widget-radio-box", timeout=120_000)
        except Exception:
            # What the trainee would see is the quickest way to tell why.
            page.screenshot(path=str(tmp_path / "stuck.png"), full_page=True)
            raise
        # Widgets arrive one cell at a time: wait for all of them, 10 single-choice
        # questions and 5 multiple-choice questions of 5 options each.
        page.wait_for_function(
            "document.querySelectorAll('.widget-radio-box').length === 10"
            " && document.querySelectorAll('.widget-checkbox').length === 25",
            timeout=120_000,
        )
        assert page.get_by_text("哪一句开场白符合规范").count() == 1

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
        page.get_by_text("Which opening meets the standard").wait_for(timeout=10_000)
        # The same option stays chosen after the switch, now labelled in English.
        checked = first_radio.locator("input:checked").locator("xpath=..").inner_text()
        assert checked == "B. " + bank.get("q01").option(option_id).text.en
        page.screenshot(path=str(tmp_path / "exam.png"), full_page=False)
