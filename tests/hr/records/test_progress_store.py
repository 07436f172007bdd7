"""The trainee-side progress writers and the HR-side reader agree, and never clobber."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from frontline.hr.records.progress_reader import collect_progress, read_progress_file
from frontline.practice.activity import IDLE_LIMIT, record_quiz, touch_module
from frontline.roleplay.progress import load_progress, record_play

T0 = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)


def test_play_and_quiz_writers_keep_each_others_sections(tmp_path: Path) -> None:
    path = tmp_path / "progress.json"
    touch_module("01-etiquette", now=T0, path=path)
    record_play("s1", "etiquette", 80, path, now=T0)
    record_quiz("01-etiquette", 4, 5, now=T0 + timedelta(minutes=5), path=path)
    record_play("s1", "etiquette", 0, path, red_lines=("money",), now=T0)
    raw = json.loads(path.read_text(encoding="utf-8"))
    assert set(raw) == {"scenarios", "modules"}
    found = read_progress_file("t1", path)
    s1 = found.scenarios["s1"]
    assert (s1.plays, s1.best, s1.latest, s1.red_line_plays, s1.red_lines) == (
        2,
        80,
        0,
        1,
        ("money",),
    )
    module = found.modules["01-etiquette"]
    assert module.quiz is not None and (module.quiz.best, module.quiz.total) == (4, 5)
    assert module.seconds == 300


@pytest.mark.parametrize(
    ("gaps_minutes", "expected_seconds"),
    [
        ([], 0),  # opened once: no time measured yet
        ([5], 300),
        ([5, 10], 900),
        ([5, 60], 300),  # an hour away is no study time
        ([16], 0),  # just past the idle limit
    ],
)
def test_time_spent_counts_only_gaps_within_the_idle_limit(
    tmp_path: Path, gaps_minutes: list[int], expected_seconds: int
) -> None:
    path = tmp_path / "progress.json"
    moment = T0
    touch_module("m", now=moment, path=path)
    for gap in gaps_minutes:
        moment += timedelta(minutes=gap)
        entry = touch_module("m", now=moment, path=path)
    assert read_progress_file("t", path).modules["m"].seconds == expected_seconds
    assert timedelta(minutes=15) == IDLE_LIMIT
    if gaps_minutes:
        assert entry.seconds == expected_seconds


def test_a_file_written_before_latest_scores_were_kept_still_reads(tmp_path: Path) -> None:
    path = tmp_path / "progress.json"
    old = {"module": "complaints", "plays": 3, "best": 70, "last_played": "2026-10-01T08:00:00"}
    path.write_text(json.dumps({"scenarios": {"s9": old}}), encoding="utf-8")
    s9 = read_progress_file("t", path).scenarios["s9"]
    assert (s9.best, s9.latest, s9.red_line_plays) == (70, None, 0)
    assert load_progress(path).scenarios["s9"].plays == 3


def test_a_modules_only_file_is_not_taken_for_damaged(tmp_path: Path) -> None:
    path = tmp_path / "progress.json"
    touch_module("m", now=T0, path=path)
    assert load_progress(path).damaged_backup is None
    assert path.exists()


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        ("{not json", "unreadable"),
        ('{"scenarios": {"s": {"plays": "x"}}}', "damaged"),
        ('{"modules": {"m": {"seconds": -1}}}', "damaged"),
    ],
)
def test_the_reader_reports_a_bad_file_and_leaves_it_alone(
    tmp_path: Path, content: str, problem: str
) -> None:
    home = tmp_path / "t1" / ".frontline"
    home.mkdir(parents=True)
    (home / "progress.json").write_text(content, encoding="utf-8")
    found = collect_progress(tmp_path, ["t1", "t2"])
    assert found["t1"].problem.startswith(problem)
    assert (home / "progress.json").read_text(encoding="utf-8") == content
    assert found["t2"].path is None and found["t2"].problem == ""


def test_a_finished_module_quiz_lands_in_the_trainees_record(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from frontline import learn

    monkeypatch.setenv("FRONTLINE_HOME", str(tmp_path / "home"))
    learn.header("01-etiquette", "zh")
    view = learn.quiz("01-etiquette", "en")
    for number, question in enumerate(view.questions):
        right = {o.id for o in question.question.options if o.right}
        if number == 0:  # one wrong answer: pick the options that are not right
            right = {o.id for o in question.question.options if not o.right}
        if question.radio is not None:
            question.radio.value = sorted(right)[0]
        else:
            for option_id, box in question.boxes.items():
                box.value = option_id in right
        question.check()
    found = read_progress_file("me", tmp_path / "home" / "progress.json")
    quiz = found.modules["01-etiquette"].quiz
    assert quiz is not None
    assert (quiz.attempts, quiz.latest, quiz.total) == (1, len(view.questions) - 1,
                                                        len(view.questions))  # fmt: skip
