"""Grading from the server's record: the submission's transcripts are replaced by the
recorded plays, on a copy, and every difference is flagged."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from frontline.exams.grading.recorded import recorded_copy, recorded_store

EXAM = "practical"
NAME = "roleplay-s01-amy-20261201T1000.json"


def _play(choice: str, finished: bool = True) -> dict[str, object]:
    return {"format": "frontline-roleplay-transcript/1", "scenario_id": "s01",
            "scenario_sha256": "ab" * 32, "mode": "assessment", "lang": "zh",
            "trainee": "amy", "started_at": "2026-12-01T10:00:00", "finished": finished,
            "events": [{"step": "greet", "choice": choice, "at": "t1"}]}  # fmt: skip


def _write(path: Path, data: object) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


# case -> (submitted play or None, recorded play or None, finding kind or None, graded play)
CASES = {
    "same": (_play("c1"), _play("c1"), None, _play("c1")),
    "differs": (_play("c9"), _play("c1"), "transcript_differs", _play("c1")),
    "score written in": (dict(_play("c1"), result={"total": 100}), _play("c1"), None,
                         dict(_play("c1"), result={"total": 100})),
    "unrecorded": (_play("c1"), None, "transcript_unrecorded", None),
    "missing": (None, _play("c1"), "transcript_missing", _play("c1")),
    "unreadable": ("{not json", _play("c1"), "transcript_differs", _play("c1")),
}  # fmt: skip


@pytest.mark.parametrize("case", list(CASES))
def test_the_graded_copy_holds_the_recorded_plays(case: str, tmp_path: Path) -> None:
    sent, kept, kind, expected = CASES[case]
    submitted = tmp_path / "submitted" / "amy" / EXAM
    _write(submitted / "practical.ipynb", {"cells": []})
    if sent is not None:
        path = submitted / "transcripts" / NAME
        if isinstance(sent, str):
            path.parent.mkdir(parents=True)
            path.write_text(sent, encoding="utf-8")
        else:
            _write(path, sent)
    store = tmp_path / "store"
    if kept is not None:
        _write(store / "amy" / EXAM / NAME, kept)
    before = {p: p.read_bytes() for p in submitted.rglob("*") if p.is_file()}

    copy = tmp_path / "copy" / "amy" / EXAM
    findings = recorded_copy(submitted, copy, store, "amy", EXAM)

    assert [(f.kind, f.cell) for f in findings] == ([(kind, NAME)] if kind else [])
    graded = copy / "transcripts" / NAME
    if expected is None:
        assert not graded.exists()
    else:
        assert json.loads(graded.read_text(encoding="utf-8")) == expected
    assert (copy / "practical.ipynb").is_file()
    # the submission itself is untouched, and a flag names the file that was sent
    assert {p: p.read_bytes() for p in submitted.rglob("*") if p.is_file()} == before
    if kind in ("transcript_differs", "transcript_unrecorded"):
        assert str(submitted / "transcripts" / NAME) in findings[0].detail


def test_another_trainees_record_is_never_used(tmp_path: Path) -> None:
    submitted = _write(tmp_path / "sub" / "transcripts" / NAME, _play("c1")).parent.parent
    _write(tmp_path / "store" / "bob" / EXAM / NAME, _play("c1"))
    findings = recorded_copy(submitted, tmp_path / "copy", tmp_path / "store", "amy", EXAM)
    assert [f.kind for f in findings] == ["transcript_unrecorded"]
    assert not (tmp_path / "copy" / "transcripts" / NAME).exists()


def test_the_store_is_named_by_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("FRONTLINE_RECORDED_TRANSCRIPTS", raising=False)
    assert recorded_store() is None
    monkeypatch.setenv("FRONTLINE_RECORDED_TRANSCRIPTS", "/srv/hub/transcripts")
    assert recorded_store() == Path("/srv/hub/transcripts")
