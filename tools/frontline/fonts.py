"""Chinese text in matplotlib charts.

matplotlib's default font (DejaVu Sans) has no CJK glyphs, so Chinese labels would
come out as empty boxes. Debian's `fonts-noto-cjk` package (listed in `.ci/run`)
ships Noto Sans CJK; this module finds it through matplotlib's own font manager and
puts it first, and warns (rather than fails) when it is missing, since a chart with
boxes is still better than no report.
"""

from __future__ import annotations

import warnings

# Simplified Chinese first: the course is written in Simplified Chinese, and the
# SC face draws some shared code points differently from JP/KR/TC.
PREFERRED = (
    "Noto Sans CJK SC",
    "Noto Sans SC",
    "Noto Sans CJK JP",
    "Noto Sans CJK TC",
    "Noto Sans CJK KR",
    "Source Han Sans SC",
    "WenQuanYi Zen Hei",
)


class MissingCJKFontWarning(UserWarning):
    """Charts will show Chinese as boxes: install Debian's fonts-noto-cjk."""


def find_cjk_font() -> str | None:
    """The family name of an installed CJK sans font matplotlib can use, or None."""
    from matplotlib import font_manager

    names = {entry.name for entry in font_manager.fontManager.ttflist}
    for name in PREFERRED:
        if name in names:
            return name
    # A font cache built before the package was installed does not list it; look at
    # the files themselves once (slow, so only when the cache missed).
    for path in font_manager.findSystemFonts():
        if "NotoSansCJK" in path or "NotoSansSC" in path:
            try:
                font_manager.fontManager.addfont(path)
                return font_manager.FontProperties(fname=path).get_name()
            except (OSError, RuntimeError):
                continue
    return None


def configure_cjk_font() -> str | None:
    """Make matplotlib draw Chinese; returns the font family used, or None with a warning."""
    import matplotlib

    name = find_cjk_font()
    if name is None:
        warnings.warn(
            "no Chinese font found for charts (install Debian's fonts-noto-cjk); "
            "Chinese labels will show as boxes",
            MissingCJKFontWarning,
            stacklevel=2,
        )
        return None
    current = [f for f in matplotlib.rcParams["font.sans-serif"] if f != name]
    matplotlib.rcParams["font.sans-serif"] = [name, *current]
    matplotlib.rcParams["font.family"] = "sans-serif"
    # The CJK fonts lack the Unicode minus sign; use the ASCII hyphen for negatives.
    matplotlib.rcParams["axes.unicode_minus"] = False
    return name
