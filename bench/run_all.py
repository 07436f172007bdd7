"""Run every benchmark in this folder, one after another."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).parent

if __name__ == "__main__":
    # grading.py ends with the CLI start-up ratio too (cli_startup.py)
    for script in ("grading.py", "report.py"):
        print(f"== {script}")
        subprocess.run([sys.executable, str(HERE / script)], check=True)
