"""A grading worker's kernels: a fresh sandboxed kernel per notebook, never reused.

What a plain `nbgrader autograde` waits for per notebook, and what happens here instead:
- booting a kernel (Python, ipykernel, the exam's widget modules): the next kernel
  boots, in its own sandbox, while the current notebook runs;
- the client handshake (`wait_for_ready`: a kernel_info round trip, then at least
  0.2 s spent flushing IOPub): done for the spare kernel in the background, on the
  same event loop that runs the current notebook's cells;
- the shutdown (a shutdown request, then polling until the process has gone): a
  finished kernel is killed at once (SIGKILL to its sandbox; nothing in it is kept)
  and reaped in the background while the next notebook runs;
- a zmq context per kernel, whose destruction lingers up to 100 ms: one context for
  the worker's lifetime (sockets stay per kernel).
Each kernel still has its own sandbox, run folder and socket folder; a kernel that
has run a trainee's code is never used for another notebook.
"""

from __future__ import annotations

import asyncio
import contextlib
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from frontline.exams.grading.grading_kernel import SandboxedKernelManager
from frontline.exams.grading.sandbox import Sandbox

# Modules every theory exam kernel imports while autograding. Imported as it boots:
# before the previous submission is finished (off the critical path), and before
# the submission's folder is on sys.path (see grading_kernel.lean_kernel_cmd).
PRELOAD = ("frontline.exams.trainee.answer_record", "frontline.exams.grading")


@dataclass
class Kernel:
    km: SandboxedKernelManager
    run_dir: Path
    home: Path
    #: the connected client, once the kernel has answered kernel_info
    client: asyncio.Task[Any]


class KernelPool:
    """At most one spare kernel, booting and handshaking in the background."""

    def __init__(self, sandbox: Sandbox, scratch: Path, startup_timeout: float = 60) -> None:
        import zmq.asyncio
        from jupyter_core.utils import ensure_event_loop

        self.sandbox = sandbox
        self.scratch = scratch
        self.startup_timeout = startup_timeout
        self.loop = ensure_event_loop()  # the loop nbclient's run_sync drives
        self.context = zmq.asyncio.Context()
        self.spare: Kernel | None = None
        #: boot a spare kernel while the current notebook runs (off for a batch's last jobs)
        self.boot_spare = True
        self.current: Kernel | None = None
        self.count = 0
        self._reaping: set[asyncio.Task[None]] = set()

    def start(self) -> Kernel:
        from jupyter_core.utils import run_sync

        self.count += 1
        home = Path(tempfile.mkdtemp(prefix=f"k{self.count}-", dir=self.scratch))
        run_dir, sockets = home / "run", home / "sockets"
        run_dir.mkdir()
        sockets.mkdir(mode=0o700)
        km = SandboxedKernelManager(
            sandbox=self.sandbox,
            socket_dir=str(sockets),
            preload=list(PRELOAD),
            context=self.context,
        )
        # A socket folder per kernel: a kernel must never reach the spare kernel's
        # sockets (it could run code in the next trainee's notebook).
        km.transport = "ipc"
        km.ip = str(sockets / "kernel")
        km.connection_file = str(sockets / "connection.json")
        run_sync(km.start_kernel)(
            cwd=str(run_dir),
            extra_arguments=["--HistoryManager.hist_file=:memory:"],
        )
        return Kernel(km, run_dir, home, self.loop.create_task(self._connect(km)))

    async def _connect(self, km: SandboxedKernelManager) -> Any:
        client = km.client()
        client.start_channels()
        try:
            await client.wait_for_ready(timeout=self.startup_timeout)
        except BaseException:
            client.stop_channels()
            raise
        return client

    def take(self, files_from: Path) -> Kernel:
        """The spare kernel, given a copy of the submission's files (not its notebooks)."""
        kernel = self.spare or self.start()
        self.spare = None
        for item in files_from.iterdir():
            if item.suffix == ".ipynb":
                continue
            target = kernel.run_dir / item.name
            if item.is_dir():
                shutil.copytree(item, target, dirs_exist_ok=True)
            else:
                shutil.copy2(item, target)
        self.current = kernel
        if self.boot_spare:
            self.spare = self.start()  # boots while this notebook runs
        return kernel

    def kill_current(self) -> None:
        """SIGKILL the current kernel's sandbox (safe from another thread)."""
        kernel = self.current
        if kernel is not None:
            self._kill(kernel.km)

    def finish(self, kernel: Kernel) -> None:
        """Kill a used kernel now; reap it and delete its folders in the background."""
        if self.current is kernel:
            self.current = None
        self._kill(kernel.km)
        task = self.loop.create_task(self._reap(kernel))
        self._reaping.add(task)
        task.add_done_callback(self._reaping.discard)

    def _kill(self, km: SandboxedKernelManager) -> None:
        pid = getattr(km.provisioner, "pid", None) if km.provisioner is not None else None
        if pid:
            self.sandbox.kill(pid)

    async def _reap(self, kernel: Kernel) -> None:
        with contextlib.suppress(Exception):
            if kernel.client.done() and not kernel.client.cancelled():
                if kernel.client.exception() is None:
                    kernel.client.result().stop_channels()
            else:
                kernel.client.cancel()
            if await kernel.km.is_alive():
                await kernel.km.shutdown_kernel(now=True)
            await kernel.km.cleanup_resources()
        shutil.rmtree(kernel.home, ignore_errors=True)

    def close(self) -> None:
        from jupyter_core.utils import run_sync

        if self.spare is not None:
            self.finish(self.spare)
            self.spare = None
        if self.current is not None:
            self.finish(self.current)

        async def drain() -> None:
            while self._reaping:
                await asyncio.gather(*self._reaping, return_exceptions=True)

        run_sync(drain)()
        self.context.destroy(linger=0)
