"""The grading kernel itself: launched inside bwrap (see sandbox.py), started lean.

Apart from sandbox.py because it needs jupyter_client, which `frontline exams grade`
should not import before its workers are started.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from jupyter_client.manager import AsyncKernelManager
from traitlets import Bool, List, Unicode

from frontline.exams.grading.sandbox import SandboxSpec, bwrap_command

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
