"""A role-play as a trainee meets it: real JupyterLab, real Debian chromium, real clicks.

Skips only when chromium is missing; `.ci/run` installs it.
"""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest

from tests.browser import (
    chromium_page,
    jupyter_lab,
    open_notebook,
    requires_chromium,
    run_all_cells,
)

pytestmark = [pytest.mark.browser, requires_chromium]
FIXTURES = Path(__file__).parents[1] / "data" / "scenarios"


def _write_notebook(home: Path) -> None:
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


def test_trainee_plays_a_scenario_to_the_result_card(tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    _write_notebook(home)
    env = {"FRONTLINE_TRAINEE": "t101", "FRONTLINE_HOME": str(tmp_path / "fl")}
    with jupyter_lab(home, tmp_path, **env) as url, chromium_page() as page:
        open_notebook(page, url, "roleplay.ipynb")
        run_all_cells(page)
        page.get_by_text("Do you care at all?").wait_for(timeout=120_000)
        page.get_by_role("button", name="Offer a seat").click()
        page.get_by_text("Calming first").wait_for(timeout=20_000)
        page.locator("textarea").first.fill("I'm so sorry, a technician within 10 minutes.")
        page.get_by_role("button", name="Send").click()
        page.get_by_role("button", name="Note the time").click()
        page.get_by_role("button", name="Raise an emergency").click()
        page.get_by_text("Total: 100 / 100").wait_for(timeout=20_000)
        page.get_by_role("button", name="Play again").wait_for(timeout=20_000)
        # The per-dimension bars: a real picture, drawn, not a broken-image icon.
        page.wait_for_function(
            "[...document.querySelectorAll('.jp-OutputArea-output img')]"
            ".some(img => img.complete && img.naturalWidth > 100)",
            timeout=20_000,
        )
        page.screenshot(path=str(tmp_path / "roleplay.png"), full_page=True)
    assert (tmp_path / "roleplay.png").stat().st_size > 10_000
    assert list(home.glob("roleplay-fixture-repair-t101-*.json"))
