"""Atomic writes: a rewritten file keeps its permissions, a new one starts private."""

from __future__ import annotations

from pathlib import Path

import pytest

from frontline.core.atomic import write_text_atomic
from frontline.core.numbers import finite_number


def test_a_rewritten_file_keeps_who_may_read_it(tmp_path: Path) -> None:
    shared = tmp_path / "forbidden.yml"
    shared.write_text("old", encoding="utf-8")
    shared.chmod(0o644)
    write_text_atomic(shared, "new")
    assert shared.read_text(encoding="utf-8") == "new"
    assert shared.stat().st_mode & 0o777 == 0o644


def test_a_new_file_starts_private(tmp_path: Path) -> None:
    fresh = tmp_path / "passwords.txt"
    write_text_atomic(fresh, "secret")
    assert fresh.stat().st_mode & 0o777 == 0o600
    assert [p.name for p in tmp_path.iterdir()] == ["passwords.txt"]  # no temp file left


@pytest.mark.parametrize(("text", "message"), [
    ("12,5", "score '12,5' is not a number"),
    ("nan", "score 'nan' is not a finite number"),
    ("inf", "score 'inf' is not a finite number"),
])  # fmt: skip
def test_numbers_typed_by_people(text: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        finite_number(text, "score")
    assert finite_number(" 7.5 ", "score") == 7.5
