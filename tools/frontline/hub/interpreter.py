"""A Python that every account can run, for the servers the hub spawns.

Servers run as trainees and trainers, not root, so the interpreter, its standard
library and the installed packages must be readable by them. A virtual environment
made from a Python under /root (pyenv's default place, mode 0700) is not: its
`python` is a link into that folder. Then this builds a small environment in the
hub's folder from a system Python of the same version (same ABI, so the compiled
packages load), which adds the project's site-packages with `site.addsitedir`
(nested .pth files, the editable install's among them, are read too) and wraps the
project's commands (nbgrader, alembic, jupyter ...) to run with it.
"""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
import sysconfig
from pathlib import Path

from frontline.core.errors import FrontlineError

VENV_BIN = Path(sys.executable).parent
_CANDIDATES = ("/usr/bin", "/usr/local/bin", "/opt/python/bin")


def others_can_run(path: Path) -> bool:
    """Whether an account that is neither owner nor group can execute `path`."""
    path = path.resolve()
    try:
        if path.stat().st_mode & (stat.S_IROTH | stat.S_IXOTH) != (stat.S_IROTH | stat.S_IXOTH):
            return False
        return all(parent.stat().st_mode & stat.S_IXOTH for parent in path.parents)
    except OSError:
        return False


def _usable_by_all() -> bool:
    stdlib = Path(sysconfig.get_paths()["stdlib"])
    site = Path(sysconfig.get_paths()["purelib"])
    return (
        others_can_run(Path(sys.executable))
        and others_can_run(stdlib)
        and others_can_run(site)
    )


def _system_python() -> Path:
    version = f"python{sys.version_info.major}.{sys.version_info.minor}"
    for folder in _CANDIDATES:
        candidate = Path(folder) / version
        if candidate.exists() and others_can_run(candidate):
            return candidate
    raise FrontlineError(
        f"{sys.executable} is inside a folder other accounts cannot enter, and no "
        f"{version} for everyone is in {', '.join(_CANDIDATES)}: make the virtual "
        f"environment with a system Python (make PYTHON=/usr/bin/{version} hub)"
    )


def _wrap_commands(bin_dir: Path, python: Path) -> None:
    """Each project command, run by the shared interpreter instead of its shebang's."""
    shebang = f"#!{sys.executable}".encode()
    for script in VENV_BIN.iterdir():
        if not script.is_file() or script.name.startswith(("python", "activate")):
            continue
        with script.open("rb") as handle:
            if not handle.readline().rstrip().startswith(shebang):
                continue
        wrapper = bin_dir / script.name
        if wrapper.exists():
            continue
        wrapper.write_text(f'#!/bin/sh\nexec {python} {script} "$@"\n', encoding="utf-8")
        wrapper.chmod(0o755)


def server_bin(state: Path) -> Path:
    """The bin/ folder whose `python` and commands the spawned servers use."""
    if _usable_by_all():
        return VENV_BIN
    target = state / "server-python"
    python = target / "bin" / "python"
    site = Path(sysconfig.get_paths()["purelib"])
    if not python.exists():
        shutil.rmtree(target, ignore_errors=True)
        subprocess.run(
            [str(_system_python()), "-m", "venv", "--without-pip", str(target)], check=True
        )
    inner = Path(
        subprocess.run(
            [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
            capture_output=True, text=True, check=True,
        ).stdout.strip()
    )  # fmt: skip
    (inner / "frontline-site.pth").write_text(f"import site; site.addsitedir({str(site)!r})\n")
    _wrap_commands(target / "bin", python)
    for folder, _dirs, files in os.walk(target):
        os.chmod(folder, 0o755)
        for name in files:
            path = Path(folder) / name
            if not path.is_symlink():
                path.chmod(path.stat().st_mode | 0o044)
    return target / "bin"
