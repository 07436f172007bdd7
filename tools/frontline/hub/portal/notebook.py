"""The portal notebook in a trainee's home: one code cell that Voilà runs and hides."""

from __future__ import annotations

import os
from pathlib import Path

PORTAL_NOTEBOOK = "frontline-portal.ipynb"
DEFAULT_URL = f"/voila/render/{PORTAL_NOTEBOOK}"


def portal_notebook() -> str:
    import nbformat

    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell("from frontline.hub.portal.view import show_portal\n"
                                          "show_portal()")]  # fmt: skip
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                 "language": "python"}  # fmt: skip
    text: str = nbformat.writes(nb)
    return text


def place_portal(home: Path, uid: int, gid: int) -> Path:
    """Write (or renew) the portal notebook in `home`, owned by the trainee (run as root)."""
    from frontline.core.atomic import write_text_atomic

    path = home / PORTAL_NOTEBOOK
    write_text_atomic(path, portal_notebook())
    os.chown(path, uid, gid)
    path.chmod(0o644)
    return path
