"""How a grading kernel is confined: one small interface, bubblewrap or none behind it.

`frontline exams grade` picks the sandbox once (`select_sandbox`: bubblewrap, or none
with --no-sandbox) and everything else asks that object: whether it can run here
and why not, what it wraps a kernel command with, how it kills a kernel, and how
it travels to a worker (`to_dict` / `sandbox_from_dict`). No other module branches
on which sandbox it is.

Bubblewrap: a kernel sees the Python environment read-only, its own run folder (a
copy of one submission, writable: it is the scratch folder), a private tmpfs for
/tmp and HOME, and the folder holding its own connection file and Unix sockets.
Everything else on the machine (exam sources with the answer keys, the gradebook,
other trainees' submissions, the network) does not exist inside the sandbox. The
kernel manager that launches kernels this way is in grading_kernel.py.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import subprocess
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from frontline.core.errors import FrontlineError

#: where the run folder appears inside the sandbox
RUN_DIR = "/submission"

# Environment the kernel may see; everything else (e.g. FRONTLINE_DB_URL with a
# database password) is cleared.
_PASS_ENV = ("LANG", "LANGUAGE", "NBGRADER_EXECUTION", "FRONTLINE_LANG", "PYTHONHASHSEED")


class SandboxUnavailable(FrontlineError):
    pass


@dataclass(frozen=True)
class Launch:
    """A kernel command as a sandbox runs it."""

    command: tuple[str, ...]
    cwd: Path
    #: the sandbox sets the kernel's whole environment: the launcher's is not passed on
    own_environment: bool
    #: a signal from outside cannot reach the kernel: interrupt it over the control channel
    interrupt_by_message: bool


class Sandbox(Protocol):
    """What grading needs to know of a sandbox."""

    @property
    def name(self) -> str:
        """For the summary line: "bubblewrap", or "none"."""
        ...

    def why_unavailable(self) -> str | None:
        """Why it cannot confine kernels on this machine (and what to do); None if it can."""
        ...

    def for_course(self, secrets: Sequence[Path]) -> Sandbox:
        """This sandbox, set up to hide `secrets` (course folder, gradebook) from kernels."""
        ...

    def launch(self, kernel_cmd: Sequence[str], run_dir: Path, socket_dir: Path) -> Launch:
        """The kernel command wrapped, for a kernel working in `run_dir`."""
        ...

    def kill(self, pid: int) -> None:
        """End the kernel launched as `pid` and everything it started, at once."""
        ...

    def to_dict(self) -> dict[str, Any]:
        """For the worker's configuration (see `sandbox_from_dict`)."""
        ...


def _kill_group(pid: int) -> None:
    # Kernels run in a session and process group of their own (jupyter_client starts
    # them with start_new_session); for bubblewrap, --die-with-parent and the pid
    # namespace then end everything inside it.
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pid, signal.SIGKILL)
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGKILL)


@dataclass(frozen=True)
class NoSandbox:
    """--no-sandbox: kernels run with the grader's own rights, network and files."""

    name = "none"

    def why_unavailable(self) -> str | None:
        return None

    def for_course(self, secrets: Sequence[Path]) -> NoSandbox:
        return self

    def launch(self, kernel_cmd: Sequence[str], run_dir: Path, socket_dir: Path) -> Launch:
        return Launch(
            tuple(kernel_cmd), run_dir, own_environment=False, interrupt_by_message=False
        )

    def kill(self, pid: int) -> None:
        _kill_group(pid)

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name}


@dataclass(frozen=True)
class Bubblewrap:
    """Kernels inside bubblewrap (Debian package `bubblewrap`)."""

    bwrap: str = "bwrap"
    #: read-only: the Python environment
    environment: tuple[Path, ...] = ()
    #: must never be visible (course folder, gradebook); checked against `environment`
    secrets: tuple[Path, ...] = ()

    name = "bubblewrap"

    def __post_init__(self) -> None:
        for root in self.environment:
            for secret in self.secrets:
                if secret.is_relative_to(root) or root == secret:
                    raise SandboxUnavailable(
                        f"the Python environment folder {root} contains {secret}; a "
                        "sandboxed kernel would see it. Install Frontline (or the venv) "
                        "outside the course folder"
                    )

    def why_unavailable(self) -> str | None:
        path = shutil.which(self.bwrap)
        if path is None:
            return (
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
            return (
                f"bwrap cannot create a sandbox on this machine ({probe.stderr.strip()}); "
                "user namespaces may be disabled (sysctl kernel.unprivileged_userns_clone=1) "
                "or pass --no-sandbox"
            )
        return None

    def for_course(self, secrets: Sequence[Path]) -> Bubblewrap:
        return Bubblewrap(
            shutil.which(self.bwrap) or self.bwrap, tuple(python_environment()), tuple(secrets)
        )

    def launch(self, kernel_cmd: Sequence[str], run_dir: Path, socket_dir: Path) -> Launch:
        # The kernel works in RUN_DIR inside; bwrap itself starts in the socket folder.
        command = bwrap_command(self, list(kernel_cmd), run_dir, socket_dir)
        return Launch(
            tuple(command), socket_dir, own_environment=True, interrupt_by_message=True
        )

    def kill(self, pid: int) -> None:
        _kill_group(pid)

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "bwrap": self.bwrap,
            "environment": [str(p) for p in self.environment],
            "secrets": [str(p) for p in self.secrets],
        }


def sandbox_from_dict(data: dict[str, Any]) -> Sandbox:
    """The sandbox a worker was configured with (`Sandbox.to_dict`)."""
    if data["name"] == NoSandbox.name:
        return NoSandbox()
    if data["name"] == Bubblewrap.name:
        return Bubblewrap(
            str(data["bwrap"]),
            tuple(Path(p) for p in data["environment"]),
            tuple(Path(p) for p in data["secrets"]),
        )
    raise ValueError(f"unknown sandbox {data['name']!r}")


def select_sandbox(wanted: bool) -> Sandbox:
    """The sandbox `frontline exams grade` uses: bubblewrap, or none (--no-sandbox)."""
    return Bubblewrap() if wanted else NoSandbox()


def require_available(sandbox: Sandbox) -> None:
    """Refuse to grade with a sandbox that cannot work here, saying why."""
    problem = sandbox.why_unavailable()
    if problem is not None:
        raise SandboxUnavailable(problem)


def bwrap_path() -> str | None:
    return shutil.which("bwrap")


def check_sandbox() -> str:
    """The bwrap binary, after proving it can make a sandbox without network here."""
    require_available(Bubblewrap())
    return shutil.which("bwrap") or "bwrap"


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


def bwrap_command(
    spec: Bubblewrap, kernel_cmd: list[str], run_dir: Path, socket_dir: Path
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
