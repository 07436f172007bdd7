"""How fast `frontline --help` answers, as a ratio of `nbgrader --version` in the same run.

The CLI imports heavy libraries only inside the command that needs them, so its
help should cost a fraction of starting nbgrader.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

BIN = Path(sys.executable).parent


def best_of(command: list[str], runs: int = 5) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True)
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    ours = best_of([str(BIN / "frontline"), "--help"])
    theirs = best_of([str(BIN / "nbgrader"), "--version"])
    print(f"frontline --help     {ours * 1000:7.0f} ms")
    print(f"nbgrader --version   {theirs * 1000:7.0f} ms")
    print(f"ratio (ours / nbgrader): {ours / theirs:.2f}  (goal <= 0.3)")


if __name__ == "__main__":
    main()
