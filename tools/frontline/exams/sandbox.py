"""Run grading kernels inside bubblewrap: no network, and only the files they need.

A kernel sees the Python environment read-only, its own run folder (a copy of one
submission, writable: it is the scratch folder), a private tmpfs for /tmp and HOME,
and the folder holding its own connection file and Unix sockets. Everything else
on the machine (exam sources with the answer keys, the gradebook, other trainees'
submissions, the network) does not exist inside the sandbox.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jupyter_client.manager import AsyncKernelManager
from traitlets import Bool, List, Unicode

from ..errors import FrontlineError

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


# ipykernel imports debugpy (the notebook debugger) as it starts: some 30 ms of CPU
# per kernel, paid for every notebook graded, and nothing debugs a grading kernel.
# What it does import is frozen, so the kernel's garbage collections skip it.
# Otherwise as ipykernel_launcher: the submission folder (the working directory) is
# not on sys.path while ipykernel and the `preload` modules load. IPython puts it
# back for the notebook, but by then the grading code is imported: a file in a
# submission can no longer stand in for it.
_LEAN_LAUNCHER = """\
import sys
if sys.path and sys.path[0] in ('', '.'):
    del sys.path[0]
sys.modules['debugpy'] = None
import gc
from ipykernel import ipkernel, kernelapp
{preload}
gc.freeze()
kernelapp.launch_new_instance()
"""


def lean_kernel_cmd(kernel_cmd: list[str], preload: Sequence[str] = ()) -> list[str]:
    """`python -m ipykernel_launcher ARGS` as `python -c LEAN ARGS`; other kernels as given."""
    for name in preload:
        if not all(part.isidentifier() for part in name.split(".")):
            raise ValueError(f"not a module name: {name!r}")
    code = _LEAN_LAUNCHER.format(preload="".join(f"import {name}\n" for name in preload))
    for i in range(len(kernel_cmd) - 1):
        if kernel_cmd[i : i + 2] == ["-m", "ipykernel_launcher"]:
            return [*kernel_cmd[:i], "-c", code, *kernel_cmd[i + 2 :]]
    return kernel_cmd


class SandboxedKernelManager(AsyncKernelManager):
    """An AsyncKernelManager that launches the kernel inside bwrap.

    `cwd` (which nbclient sets to the notebook's folder) becomes the sandbox's run
    folder; the connection file and sockets live in `socket_dir`, one per kernel.
    """

    sandbox = Bool(True).tag(config=True)
    bwrap = Unicode("bwrap").tag(config=True)
    environment = List(Unicode()).tag(config=True)
    secrets = List(Unicode()).tag(config=True)
    socket_dir = Unicode("").tag(config=True)
    #: modules the kernel imports as it starts (before the submission is on sys.path)
    preload = List(Unicode()).tag(config=True)

    async def _async_launch_kernel(self, kernel_cmd: list[str], **kw: Any) -> None:
        kernel_cmd = lean_kernel_cmd(kernel_cmd, self.preload)
        if self.sandbox:
            run_dir = Path(kw.pop("cwd", None) or os.getcwd())
            spec = SandboxSpec(
                self.bwrap,
                tuple(Path(p) for p in self.environment),
                tuple(Path(p) for p in self.secrets),
            )
            kernel_cmd = bwrap_command(spec, kernel_cmd, run_dir, Path(self.socket_dir))
            kw["cwd"] = self.socket_dir
            kw.pop("env", None)  # bwrap --clearenv sets the kernel's environment
            # A signal from outside cannot reach the kernel in its own session and pid
            # namespace; ipykernel interrupts itself when asked over the control channel.
            if self.kernel_spec is not None:
                self.kernel_spec.interrupt_mode = "message"
        await super()._async_launch_kernel(kernel_cmd, **kw)
