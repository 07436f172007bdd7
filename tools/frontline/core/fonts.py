"""A CJK font for matplotlib, so Chinese labels are drawn rather than shown as boxes.

matplotlib finds system fonts through a cache (`~/.cache/matplotlib/fontlist-*.json`)
built the first time it runs: a font installed later stays invisible until someone
deletes that file. So the chart code never relies on the cache. It registers a font
*file* it knows directly with the font manager: first the Noto Sans CJK SC that the
`mplfonts` wheel ships (a dependency, so every install has it), then the files that
Debian, macOS and Windows put on disk. Only when none exists does it fall back to
the cached list, and when that has no CJK font either it says so once, in one line,
instead of one "Glyph ... missing" warning per character drawn.
"""

from __future__ import annotations

import glob
import importlib.util
import os
import warnings
from functools import lru_cache
from pathlib import Path

# Font files in the order they are tried. The wheel's copy comes first so charts look
# the same on every machine; the system files cover an install without that wheel.
SYSTEM_FONT_FILES = (
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",  # Debian fonts-noto-cjk
    "/usr/share/fonts/opentype/noto/NotoSansCJKsc-Regular.otf",
    "/usr/share/fonts/google-noto-cjk/NotoSansCJK-Regular.ttc",  # Fedora
    "/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc",  # Arch
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",  # Debian fonts-wqy-zenhei
    "/System/Library/Fonts/PingFang.ttc",  # macOS
    "/Library/Fonts/Arial Unicode.ttf",
    "C:/Windows/Fonts/msyh.ttc",  # Windows: Microsoft YaHei
    "C:/Windows/Fonts/simhei.ttf",
)
BUNDLED_FONT = "NotoSansCJKsc-Regular.otf"  # inside the mplfonts wheel, under fonts/

# Names matplotlib may already know from its cache (a font installed long ago).
CJK_FONT_NAMES = (
    "Noto Sans CJK SC", "Noto Sans CJK JP", "Noto Sans SC", "Source Han Sans SC",
    "WenQuanYi Zen Hei", "PingFang SC", "Heiti SC", "Microsoft YaHei", "SimHei",
)  # fmt: skip

# matplotlib's own per-character warning when a glyph is missing.
_GLYPH_WARNING = r"Glyph .* missing from font\(s\)"


class MissingFontWarning(UserWarning):
    """No CJK font: Chinese text in charts will show as empty boxes."""


def bundled_font_file() -> Path | None:
    """The Noto Sans CJK SC file of the `mplfonts` wheel, found without importing it."""
    spec = importlib.util.find_spec("mplfonts")
    if spec is None or not spec.submodule_search_locations:
        return None
    for folder in spec.submodule_search_locations:
        candidate = Path(folder) / "fonts" / BUNDLED_FONT
        if candidate.is_file():
            return candidate
    return None


def cjk_font_files() -> list[Path]:
    """Every CJK font file this machine has that we know of, best first.

    `FRONTLINE_CJK_FONT` names a file to try before all others (a company font).
    """
    found: list[Path] = []
    own = os.environ.get("FRONTLINE_CJK_FONT")
    if own and Path(own).is_file():
        found.append(Path(own))
    bundled = bundled_font_file()
    if bundled is not None:
        found.append(bundled)
    for pattern in SYSTEM_FONT_FILES:
        found.extend(Path(p) for p in sorted(glob.glob(pattern)))
    return found


@lru_cache(maxsize=1)
def configure_cjk_font() -> str | None:
    """Make the first usable CJK font matplotlib's first sans-serif font.

    Returns the font's family name, or None when no CJK font exists at all; then one
    MissingFontWarning says how to get one and matplotlib's per-glyph warnings are
    silenced (they would repeat the same news once per character).
    """
    from matplotlib import font_manager, rcParams

    name = _register_first_file(font_manager) or _known_name(font_manager)
    if name is None:
        warnings.filterwarnings("ignore", message=_GLYPH_WARNING, category=UserWarning)
        warnings.warn(
            "no Chinese font for charts: Chinese labels will show as boxes. Reinstall "
            "Frontline's dependencies (`make demo` does) to get the bundled Noto Sans CJK, "
            "or set FRONTLINE_CJK_FONT to a .ttf/.otf/.ttc file",
            MissingFontWarning,
            stacklevel=2,
        )
        return None
    rcParams["font.sans-serif"] = [name, *rcParams["font.sans-serif"]]
    rcParams["font.family"] = "sans-serif"
    rcParams["axes.unicode_minus"] = False
    return name


def _register_first_file(font_manager: object) -> str | None:
    manager = font_manager.fontManager  # type: ignore[attr-defined]
    for path in cjk_font_files():
        try:
            manager.addfont(str(path))
            # addfont appends the new entry; its name is what rcParams must say.
            return str(manager.ttflist[-1].name)
        except (OSError, RuntimeError, ValueError):
            continue  # unreadable or not a font after all: try the next one
    return None


def _known_name(font_manager: object) -> str | None:
    installed = {font.name for font in font_manager.fontManager.ttflist}  # type: ignore[attr-defined]
    return next((name for name in CJK_FONT_NAMES if name in installed), None)
