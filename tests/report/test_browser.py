"""The HR report as HR sees it: opened from disk in headless Debian chromium, offline.

Skips only when chromium or Playwright is missing; `.ci/run` installs both.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from frontline.report import build_report
from tests.browser import chromium_page, requires_chromium
from tests.report.cohort import POLICY, POLICY_TEXT, XSS_NAME, sample_result

pytestmark = [pytest.mark.browser, requires_chromium]


def test_report_opens_offline_with_charts_chinese_names_and_no_script_run(
    tmp_path: Path,
) -> None:
    files = build_report(sample_result(), tmp_path / "out", policy=POLICY, policy_text=POLICY_TEXT)
    assert files.html is not None
    dialogs: list[str] = []
    requests: list[str] = []
    with chromium_page(1400, 1000) as page:
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        page.on("request", lambda r: requests.append(r.url))
        page.goto(files.html.as_uri())
        page.wait_for_load_state("load")

        images = page.locator("figure img")
        assert images.count() == 5
        widths = images.evaluate_all("imgs => imgs.map(i => i.complete && i.naturalWidth)")
        assert all(isinstance(w, int) and w > 100 for w in widths), widths

        name = page.locator("#trainees td.name span.zh", has_text="王芳")
        assert name.count() == 1
        # Chinese is drawn with a real CJK font, not empty boxes: ask chromium which
        # platform font rendered the name's glyphs.
        cdp = page.context.new_cdp_session(page)
        cdp.send("DOM.enable")
        cdp.send("CSS.enable")
        root = cdp.send("DOM.getDocument")["root"]["nodeId"]
        node = cdp.send(
            "DOM.querySelector", {"nodeId": root, "selector": "#trainees td.name span.zh"}
        )["nodeId"]
        fonts = cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]
        assert any("CJK" in f["familyName"] and f["glyphCount"] > 0 for f in fonts), fonts
        # The hostile name is shown as its characters, and no dialog ever opened.
        assert page.get_by_text(XSS_NAME, exact=True).count() == 1
        assert page.locator("#trainees script").count() == 0

        # Sorting by overall (a click on its heading) puts the best first on 2nd click.
        heading = page.locator("#trainees th", has_text="综合 Overall")
        heading.click()
        heading.click()
        first = page.locator("#trainees tbody tr").first.locator("td.name").inner_text()
        assert first.startswith("王芳")
        page.screenshot(path=str(tmp_path / "report.png"), full_page=True)

        page.goto((files.out_dir / "trainees" / "zq-7784.html").as_uri())
        assert page.get_by_text(XSS_NAME, exact=True).count() == 1
        page.screenshot(path=str(tmp_path / "trainee.png"), full_page=True)
    assert dialogs == []
    # Self-contained: nothing but the files themselves was requested.
    assert all(url.startswith(("file:", "data:")) for url in requests), requests
    assert (tmp_path / "report.png").stat().st_size > 10_000
