"""Chinese in charts: a font file registered directly, never one hidden by a stale cache."""

from __future__ import annotations

import io
import warnings
from pathlib import Path

import matplotlib
import pytest

matplotlib.use("Agg")

from matplotlib import font_manager, rc_context
from matplotlib.figure import Figure

from frontline.core import fonts


def _draw_chinese() -> None:
    figure = Figure(figsize=(2, 1))
    figure.add_subplot().set_title("合格率与不合格人数")
    figure.savefig(io.BytesIO(), format="png")


def test_the_bundled_font_ships_with_every_install() -> None:
    bundled = fonts.bundled_font_file()
    assert bundled is not None and bundled.stat().st_size > 1_000_000
    assert fonts.cjk_font_files()[0] == bundled


def test_a_font_missing_from_a_stale_cache_is_still_used(monkeypatch: pytest.MonkeyPatch) -> None:
    # A cache built before any CJK font existed: only the fonts matplotlib ships.
    stale = font_manager.FontManager()
    stale.ttflist = [f for f in stale.ttflist if "CJK" not in f.name and "Hei" not in f.name]
    monkeypatch.setattr(font_manager, "fontManager", stale)
    with rc_context():
        name = fonts.configure_cjk_font.__wrapped__()
        assert name is not None and name.startswith("Noto Sans CJK SC")
        _draw_chinese()  # a missing glyph would be a warning, and warnings are errors here


def test_a_company_font_named_by_the_environment_comes_first(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    bundled = fonts.bundled_font_file()
    assert bundled is not None
    own = tmp_path / "company.otf"
    own.symlink_to(bundled)
    monkeypatch.setenv("FRONTLINE_CJK_FONT", str(own))
    assert fonts.cjk_font_files()[0] == own


def test_no_cjk_font_at_all_gives_one_line_not_a_warning_per_glyph(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(fonts, "cjk_font_files", lambda: [])
    monkeypatch.setattr(fonts, "_known_name", lambda manager: None)
    with rc_context(), warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        assert fonts.configure_cjk_font.__wrapped__() is None
        _draw_chinese()
    assert [type(w.message) for w in caught] == [fonts.MissingFontWarning]
    assert "FRONTLINE_CJK_FONT" in str(caught[0].message)
