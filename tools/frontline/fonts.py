"""Chinese text in matplotlib charts: find a CJK font or say clearly that none is there.

matplotlib's default font (DejaVu Sans) has no Chinese glyphs: without a CJK font
every name and label in a chart becomes empty boxes. Debian's `fonts-noto-cjk`
(installed by `.ci/run`) provides Noto Sans CJK; it is put first in the sans-serif
list so Latin text keeps working through the fallbacks after it.
"""

from __future__ import annotations

import logging
import warnings

logger = logging.getLogger(__name__)

# In order of preference: the simplified-Chinese cut first, as trainees read zh-CN.
CJK_FAMILIES = (
    "Noto Sans CJK SC",
    "Noto Sans CJK JP",
    "Noto Sans SC",
    "Source Han Sans SC",
    "WenQuanYi Zen Hei",
    "Microsoft YaHei",
    "SimHei",
)
MISSING_FONT_ADVICE = (
    "no Chinese (CJK) font found: Chinese text in charts will show as empty boxes. "
    "Install Debian's fonts-noto-cjk (apt-get install fonts-noto-cjk) and run again."
)

_configured: str | None = None


class MissingCJKFontWarning(UserWarning):
    """Charts will be drawn, but Chinese characters in them will not be readable."""


def find_cjk_font() -> str | None:
    """The family name of the first installed CJK font, or None."""
    from matplotlib import font_manager

    installed = {entry.name for entry in font_manager.fontManager.ttflist}
    for family in CJK_FAMILIES:
        if family in installed:
            return family
    return None


def configure_cjk_font() -> str | None:
    """Make matplotlib draw Chinese; returns the family used, or None with a warning."""
    global _configured
    import matplotlib

    family = _configured or find_cjk_font()
    if family is None:
        logger.warning(MISSING_FONT_ADVICE)
        warnings.warn(MISSING_FONT_ADVICE, MissingCJKFontWarning, stacklevel=2)
        return None
    sans = [f for f in matplotlib.rcParams["font.sans-serif"] if f != family]
    matplotlib.rcParams["font.family"] = "sans-serif"
    matplotlib.rcParams["font.sans-serif"] = [family, *sans]
    # The CJK font's minus sign is fine, but the Unicode minus falls back noisily.
    matplotlib.rcParams["axes.unicode_minus"] = False
    _configured = family
    return family
