"""The HR report: HTML with charts, Excel, CSV, a decision record and per-trainee pages.

`build_report(result, out_dir, policy=...)` is the one entry point; `frontline report`
(see `command.py`) reads the inputs, evaluates them and calls it.
"""

from __future__ import annotations

from frontline.report.build import ReportFiles, build_report

__all__ = ["ReportFiles", "build_report"]
