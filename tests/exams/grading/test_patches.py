"""The guard on the third-party internals that grading patches."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

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


# --- the patches themselves --------------------------------------------------------


def _changed(patch: str) -> tuple[Internal, ...]:
    """The table with every internal `patch` relies on edited, as after an upgrade."""
    return tuple(
        Internal(i.distribution, i.target, "0123456789abcdef", i.used_by, i.why)
        if i.used_by == f"patches.{patch}"
        else i
        for i in INTERNALS
    )


@pytest.mark.parametrize(
    ("patch", "call"),
    [
        ("share_engine", lambda: third_party.share_engine("sqlite:///never.db")),
        ("reuse_metadata_validators", third_party.reuse_metadata_validators),
        ("pooled_execute", lambda: third_party.pooled_execute(None)),  # type: ignore[arg-type]
    ],
)
def test_each_patch_refuses_to_apply_over_a_changed_internal(
    monkeypatch: pytest.MonkeyPatch, patch: str, call: Callable[[], object]
) -> None:
    assert any(i.used_by == f"patches.{patch}" for i in INTERNALS), "a patch with no guard"
    monkeypatch.setattr(third_party, "INTERNALS", _changed(patch))
    monkeypatch.setattr(third_party, "_verified", set())
    with pytest.raises(PatchedInternalChanged, match="expected 0123456789abcdef"):
        call()


SHARED_ENGINE = """
import sys
import nbgrader.api
from frontline.core.course import prepare_nbgrader
from frontline.exams.grading.patches import share_engine

prepare_nbgrader()  # a new gradebook runs nbgrader's `alembic`
url = f"sqlite:///{sys.argv[1]}"
share_engine(url)
with nbgrader.api.Gradebook(url, "c") as first:
    engine = first.engine
with nbgrader.api.Gradebook(url, "c") as second:
    again = second.engine
with nbgrader.api.Gradebook(f"sqlite:///{sys.argv[1]}.other", "c") as other:
    print(engine is again, other.engine is engine)
"""


@pytest.mark.nbgrader
def test_share_engine_gives_every_gradebook_of_the_url_one_engine(tmp_path: Path) -> None:
    # In a child process: the patch changes nbgrader for its own process only.
    done = subprocess.run(
        [sys.executable, "-c", SHARED_ENGINE, str(tmp_path / "private.db")],
        capture_output=True,
        text=True,
        check=True,
    )
    assert done.stdout.split() == ["True", "False"], done.stderr
