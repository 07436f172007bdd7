"""Errors that point a trainer at the exact place to fix."""

from __future__ import annotations

from pathlib import Path


class FrontlineError(Exception):
    """Base for errors the CLI shows to the user without a traceback."""


class InputFileError(FrontlineError):
    """A file a trainer or HR wrote (roster, policy, scores, questions) is wrong.

    The message always names the file and, where known, the line or key, so the
    person can open the file and fix it without reading code.
    """

    def __init__(
        self, path: Path | str, message: str, *, line: int | None = None, key: str | None = None
    ) -> None:
        self.path = Path(path)
        self.line = line
        self.key = key
        self.reason = message
        where = str(self.path)
        if line is not None:
            where += f", line {line}"
        if key is not None:
            where += f", key '{key}'"
        super().__init__(f"{where}: {message}")
