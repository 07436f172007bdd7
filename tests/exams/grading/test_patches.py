"""The guard on the third-party internals that grading patches."""

from __future__ import annotations

import pytest

from frontline.exams.grading import patches as third_party
from frontline.exams.grading.patches import (
    INTERNALS,
    Internal,
    PatchedInternalChanged,
    changed_internals,
    require_internals,
)


def test_every_patched_internal_is_the_one_we_read() -> None:
    # Fails after an upgrade that changed one: re-read it, adapt the patch, update the table.
    assert changed_internals() == []
    require_internals()


def test_the_table_names_each_internal_once_with_a_reason() -> None:
    targets = [i.target for i in INTERNALS]
    assert len(targets) == len(set(targets))
    assert all(i.why and i.used_by for i in INTERNALS)


def test_a_changed_internal_stops_grading_and_says_what_to_do(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    real = INTERNALS[0]
    edited = Internal(real.distribution, real.target, "0123456789abcdef", real.used_by, real.why)
    monkeypatch.setattr(third_party, "INTERNALS", (edited, *INTERNALS[1:]))
    with pytest.raises(PatchedInternalChanged) as raised:
        third_party.require_internals()
    message = str(raised.value)
    assert real.target in message
    assert "expected 0123456789abcdef" in message
    assert "requirements.lock" in message


def test_a_vanished_internal_is_reported_not_crashed_on() -> None:
    gone = Internal("nbgrader", "nbgrader.api:Gradebook.no_such_method", "0" * 16, "x", "y")
    [problem] = changed_internals((gone,))
    assert "cannot be read" in problem and "nbgrader.api:Gradebook.no_such_method" in problem
