"""The record store: one event at a time, into the authenticated trainee's own folder."""

from __future__ import annotations

from pathlib import Path

import pytest

from frontline.hub.services.transcript_store import RecordError, Step, append_event, recorded
from frontline.roleplay import load_transcript

NAME = "roleplay-s01-amy-20261201T1000.json"
HEADER = {"scenario_id": "s01", "scenario_sha256": "ab" * 32, "mode": "assessment",
          "lang": "zh", "started_at": "2026-12-01T10:00:00"}  # fmt: skip


def step(event: dict[str, str], *, name: str = NAME, finished: bool = False, index: int = 0,
         exam: str = "practical", header: dict[str, str] | None = None) -> Step:  # fmt: skip
    return Step.from_json({"exam": exam, "name": name, "transcript": header or HEADER,
                           "event": event, "finished": finished, "index": index})  # fmt: skip


def test_events_are_appended_as_a_transcript_of_the_authenticated_trainee(tmp_path: Path) -> None:
    append_event(tmp_path, "amy", step({"step": "greet", "choice": "c1", "at": "t1"}))
    path = append_event(
        tmp_path, "amy", step({"step": "ask", "text": "您好", "at": "t2"}, finished=True, index=1)
    )
    assert path == tmp_path / "amy" / "practical" / NAME
    transcript = load_transcript(path)
    assert transcript.trainee == "amy"
    assert [(e.step, e.choice, e.text) for e in transcript.events] == [
        ("greet", "c1", None), ("ask", None, "您好"),
    ]  # fmt: skip
    assert transcript.finished
    assert recorded(tmp_path, "amy", "practical") == {NAME: path}
    assert recorded(tmp_path, "bob", "practical") == {}


def test_a_trainee_field_in_the_body_is_ignored(tmp_path: Path) -> None:
    raw = {"exam": "practical", "name": NAME, "transcript": dict(HEADER, trainee="bob"),
           "event": {"step": "greet", "choice": "c1", "at": "t1"}, "trainee": "bob",
           "index": 0}  # fmt: skip
    path = append_event(tmp_path, "amy", Step.from_json(raw))
    assert load_transcript(path).trainee == "amy"
    assert not (tmp_path / "bob").exists()


@pytest.mark.parametrize(
    "name", ["../x.json", "roleplay-a/../../b.json", "roleplay-a\\b.json", "notes.json", ""]
)
def test_names_that_are_not_a_transcript_file_are_refused(name: str) -> None:
    with pytest.raises(RecordError):
        step({"step": "greet", "choice": "c1", "at": "t1"}, name=name)


@pytest.mark.parametrize("exam", ["..", "a/b", "", "/etc"])
def test_exam_ids_that_are_not_a_folder_name_are_refused(exam: str) -> None:
    with pytest.raises(RecordError):
        step({"step": "greet", "choice": "c1", "at": "t1"}, exam=exam)


def test_bad_trainee_ids_and_events_are_refused(tmp_path: Path) -> None:
    good = step({"step": "greet", "choice": "c1", "at": "t1"})
    with pytest.raises(RecordError):
        append_event(tmp_path, "../amy", good)
    with pytest.raises(RecordError):
        step({"step": "greet", "choice": "c1", "text": "x", "at": "t1"})
    with pytest.raises(RecordError):
        step({"step": "greet", "choice": "c1"})
    with pytest.raises(RecordError):
        Step.from_json(["not", "an", "object"])


def test_a_finished_or_changed_play_takes_no_more_events(tmp_path: Path) -> None:
    append_event(tmp_path, "amy", step({"step": "greet", "choice": "c1", "at": "t1"}))
    with pytest.raises(RecordError, match="scenario_sha256"):
        append_event(tmp_path, "amy", step({"step": "ask", "text": "x", "at": "t2"}, index=1,
                                           header=dict(HEADER, scenario_sha256="cd" * 32)))
    last = step({"step": "ask", "text": "x", "at": "t2"}, finished=True, index=1)
    append_event(tmp_path, "amy", last)
    append_event(tmp_path, "amy", last)  # resent after a lost answer: not doubled
    with pytest.raises(RecordError, match="finished"):
        append_event(tmp_path, "amy", step({"step": "ask", "text": "y", "at": "t3"}, index=2))
    assert len(load_transcript(tmp_path / "amy" / "practical" / NAME).events) == 2


def test_a_step_out_of_order_is_refused(tmp_path: Path) -> None:
    with pytest.raises(RecordError, match="event 0 is next, not 1"):
        append_event(tmp_path, "amy", step({"step": "ask", "text": "x", "at": "t2"}, index=1))
    append_event(tmp_path, "amy", step({"step": "greet", "choice": "c1", "at": "t1"}))
    with pytest.raises(RecordError, match="event 1 is next, not 0"):
        append_event(tmp_path, "amy", step({"step": "greet", "choice": "c2", "at": "t1"}))
    with pytest.raises(RecordError, match="index"):
        Step.from_json({"exam": "practical", "name": NAME, "transcript": HEADER,
                        "event": {"step": "greet", "choice": "c1", "at": "t1"}})  # fmt: skip
