"""Cells that other systems open: CSV and Excel must show a name, never run it."""

from __future__ import annotations


def spreadsheet_safe(text: str) -> str:
    """Keep Excel from running a name such as `=HYPERLINK(...)` as a formula."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text
