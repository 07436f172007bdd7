"""A CJK font for matplotlib, so Chinese labels are drawn rather than shown as boxes."""

from __future__ import annotations

import warnings
from functools import lru_cache

# Debian's fonts-noto-cjk first; the others are what macOS and Windows machines have.
CJK_FONTS = (
    "Noto Sans CJK SC", "Noto Sans CJK JP", "Noto Sans SC", "Source Han Sans SC",
    "WenQuanYi Zen Hei", "PingFang SC", "Heiti SC", "Microsoft YaHei", "SimHei",
)  # fmt: skip


class MissingFontWarning(UserWarning):
    """No CJK font: Chinese text in charts will show as empty boxes."""


@lru_cache(maxsize=1)
def configure_cjk_font() -> str | None:
    """Put the first installed CJK font first in matplotlib's sans-serif list.

    Returns the font's name, or None (with a MissingFontWarning) when none is
    installed; on Debian, `apt-get install fonts-noto-cjk` fixes that.
    """
    from matplotlib import font_manager, rcParams

    installed = {font.name for font in font_manager.fontManager.ttflist}
    for name in CJK_FONTS:
        if name in installed:
            rcParams["font.sans-serif"] = [name, *rcParams["font.sans-serif"]]
            rcParams["font.family"] = "sans-serif"
            rcParams["axes.unicode_minus"] = False
            return name
    warnings.warn(
        "no Chinese font found for charts (install fonts-noto-cjk); Chinese labels will "
        "show as boxes",
        MissingFontWarning,
        stacklevel=2,
    )
    return None
