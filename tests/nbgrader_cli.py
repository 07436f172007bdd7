"""nbgrader's own command line, as a trainer runs it, for tests on courses we did not write."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path


def run_nbgrader(*args: str, cwd: Path) -> None:
    """`nbgrader ARGS` from the venv, with its bin folder on PATH (nbgrader calls alembic)."""
    bin_dir = Path(sys.executable).parent
    env = dict(os.environ, PATH=f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    subprocess.run(
        [str(bin_dir / "nbgrader"), *args],
        cwd=cwd, env=env, check=True, capture_output=True, timeout=600,
    )  # fmt: skip
