"""The grading kernel itself: launched inside its sandbox (see sandbox.py), started lean.

Apart from sandbox.py because it needs jupyter_client, which `frontline exams grade`
should not import before its workers are started.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from jupyter_client.manager import AsyncKernelManager
from traitlets import Any as AnyTrait
from traitlets import List, Unicode

from frontline.exams.grading.sandbox import NoSandbox, Sandbox

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
    """An AsyncKernelManager that launches the kernel the way its sandbox says.

    `cwd` (which nbclient sets to the notebook's folder) becomes the kernel's run
    folder; the connection file and sockets live in `socket_dir`, one per kernel.
    """

    #: a `sandbox.Sandbox`: what wraps the kernel command
    sandbox = AnyTrait(NoSandbox())
    socket_dir = Unicode("")
    #: modules the kernel imports as it starts (before the submission is on sys.path)
    preload = List(Unicode())

    async def _async_launch_kernel(self, kernel_cmd: list[str], **kw: Any) -> None:
        sandbox: Sandbox = self.sandbox
        run_dir = Path(kw.pop("cwd", None) or os.getcwd())
        launch = sandbox.launch(
            lean_kernel_cmd(kernel_cmd, self.preload), run_dir, Path(self.socket_dir)
        )
        kw["cwd"] = str(launch.cwd)
        if launch.own_environment:
            kw.pop("env", None)
        if launch.interrupt_by_message and self.kernel_spec is not None:
            self.kernel_spec.interrupt_mode = "message"
        await super()._async_launch_kernel(list(launch.command), **kw)
