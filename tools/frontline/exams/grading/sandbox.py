"""Run grading kernels inside bubblewrap: no network, and only the files they need.

A kernel sees the Python environment read-only, its own run folder (a copy of one
submission, writable: it is the scratch folder), a private tmpfs for /tmp and HOME,
and the folder holding its own connection file and Unix sockets. Everything else
on the machine (exam sources with the answer keys, the gradebook, other trainees'
submissions, the network) does not exist inside the sandbox. The kernel manager
that launches kernels this way is in grading_kernel.py.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from frontline.core.errors import FrontlineError

#: where the run folder appears inside the sandbox
RUN_DIR = "/submission"

# Environment the kernel may see; everything else (e.g. FRONTLINE_DB_URL with a
# database password) is cleared.
_PASS_ENV = ("LANG", "LANGUAGE", "NBGRADER_EXECUTION", "FRONTLINE_LANG", "PYTHONHASHSEED")


class SandboxUnavailable(FrontlineError):
    pass


def bwrap_path() -> str | None:
    return shutil.which("bwrap")


def check_sandbox() -> str:
    """The bwrap binary, after proving it can make a sandbox without network here."""
    path = bwrap_path()
    if path is None:
        raise SandboxUnavailable(
            "bubblewrap (bwrap) is not installed, so trainee code cannot be sandboxed. "
            "Install it (Debian: apt-get install bubblewrap) or, knowing that submissions "
            "would then run with your own rights, pass --no-sandbox"
        )
    probe = subprocess.run(
        [path, "--ro-bind", "/", "/", "--unshare-net", "--unshare-pid", "--proc", "/proc",
         "--dev", "/dev", "true"],
        capture_output=True,
        text=True,
        check=False,
    )
    if probe.returncode != 0:
        raise SandboxUnavailable(
            f"bwrap cannot create a sandbox on this machine ({probe.stderr.strip()}); "
            "user namespaces may be disabled (sysctl kernel.unprivileged_userns_clone=1) "
            "or pass --no-sandbox"
        )
    return path


def python_environment() -> list[Path]:
    """Folders a kernel needs to import what the grader can: venv, base Python, sys.path."""
    # The kernel's own sys.path (as a fresh interpreter without PYTHONPATH sees it,
    # like the kernel under --clearenv), not this process's, which may hold a script dir.
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    probe = subprocess.run(
        [sys.executable, "-c", "import sys, json; print(json.dumps(sys.path))"],
        capture_output=True, text=True, check=True, cwd="/", env=env,
    )
    candidates = [Path(sys.prefix), Path(sys.base_prefix)]
    candidates += [Path(p) for p in json.loads(probe.stdout) if p and Path(p).is_dir()]
    candidates.append(Path(os.path.realpath(sys.executable)).parent.parent)
    return minimal_roots(candidates)


def minimal_roots(paths: list[Path]) -> list[Path]:
    """Resolved paths with those inside another one dropped, sorted."""
    resolved = sorted({Path(os.path.realpath(p)) for p in paths})
    roots: list[Path] = []
    for path in resolved:
        if not any(path.is_relative_to(root) for root in roots):
            roots.append(path)
    return roots


@dataclass(frozen=True)
class SandboxSpec:
    bwrap: str
    #: read-only: the Python environment
    environment: tuple[Path, ...]
    #: must never be visible (course folder, gradebook); checked against `environment`
    secrets: tuple[Path, ...]

    def __post_init__(self) -> None:
        for root in self.environment:
            for secret in self.secrets:
                if secret.is_relative_to(root) or root == secret:
                    raise SandboxUnavailable(
                        f"the Python environment folder {root} contains {secret}; a "
                        "sandboxed kernel would see it. Install Frontline (or the venv) "
                        "outside the course folder"
                    )


def bwrap_command(
    spec: SandboxSpec, kernel_cmd: list[str], run_dir: Path, socket_dir: Path
) -> list[str]:
    """The kernel command wrapped in bwrap (a pure function: easy to read and test)."""
    args = [
        spec.bwrap,
        "--unshare-all",  # network, pid, ipc, uts, cgroup (user where needed)
        "--die-with-parent",
        "--new-session",
        "--clearenv",
        "--proc", "/proc",
        "--dev", "/dev",
        "--tmpfs", "/tmp",
    ]
    for system in ("/usr", "/lib", "/lib32", "/lib64", "/bin", "/sbin"):
        path = Path(system)
        if path.is_symlink():
            args += ["--symlink", os.readlink(path), system]
        elif path.is_dir():
            args += ["--ro-bind", system, system]
    for root in spec.environment:
        args += ["--ro-bind", str(root), str(root)]
    args += [
        "--bind", str(socket_dir), str(socket_dir),
        "--bind", str(run_dir), RUN_DIR,
        "--chdir", RUN_DIR,
        "--setenv", "HOME", "/tmp",
        # no /etc/passwd inside: getpass.getuser() reads these instead
        "--setenv", "USER", "grader",
        "--setenv", "LOGNAME", "grader",
        "--setenv", "TMPDIR", "/tmp",
        "--setenv", "MPLCONFIGDIR", "/tmp/matplotlib",
        "--setenv", "IPYTHONDIR", "/tmp/ipython",
        "--setenv", "PATH", f"{Path(sys.executable).parent}:/usr/bin:/bin",
    ]
    for name in _PASS_ENV:
        if name in os.environ:
            args += ["--setenv", name, os.environ[name]]
    return [*args, "--", *kernel_cmd]
