"""Cues across a scenario's choice steps: the right choice always in the same place, and
choice ids that mean something in a scenario an exam releases."""

from __future__ import annotations

from pathlib import Path

import pytest

from frontline.check import check_content
from frontline.core.course import DEFAULT_CONTENT, REPO_ROOT
from frontline.roleplay.cues import id_problems, position_problems
from frontline.roleplay.lint import released
from frontline.roleplay.loader import load_scenario

HEAD = """\
id: three-asks
module: communication
channel: front-desk
title: {zh: "三个问题", en: "Three questions"}
brief: {zh: "业主来问事。", en: "An owner asks."}
customer: {zh: "钱女士", en: "Ms Qian"}
mood: 50
procedure: [listen]
start: s0
steps:
"""
RIGHT = ('{id: %s, text: {zh: "我现在就帮您查一下", en: "I will check it for you now"}, '
         'moves: [listen], cost: {}, next: %s}')  # fmt: skip
WRONG = ('{id: %s, text: {zh: "您去别的窗口问问吧", en: "Ask at another window, please"}, '
         'cost: {empathy: 5}, mood: 10, next: %s}')  # fmt: skip


def scenario(places: list[int], ids: str = "abc") -> str:
    steps = []
    for n, place in enumerate(places):
        nxt = f"s{n + 1}" if n + 1 < len(places) else "done"
        rows = [(RIGHT if i == place else WRONG) % (ids[i] if len(ids) == 3 else f"{ids}{i}", nxt)
                for i in range(3)]  # fmt: skip
        steps.append(f"  s{n}:\n    say: {{zh: \"请问？\", en: \"Excuse me?\"}}\n    choices:\n"
                     + "".join(f"      - {r}\n" for r in rows))  # fmt: skip
    ending = "endings:\n  done: {outcome: resolved, text: {zh: \"好的。\", en: \"Fine.\"}}\n"
    return HEAD + "".join(steps) + ending


def write(folder: Path, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "three-asks.yml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("places", "flagged"),
    [([0, 0, 0], True), ([2, 2, 2], True), ([0, 2, 1], False), ([0, 0], False)],
)
def test_the_right_choice_always_in_one_place_is_a_cue(
    tmp_path: Path, places: list[int], flagged: bool
) -> None:
    scenario_ = load_scenario(write(tmp_path / "scenarios", scenario(places)))
    found = position_problems(scenario_)
    assert bool(found) == flagged
    if flagged:
        assert f"number {places[0] + 1} in all 3 choice steps" in found[0][0]


def test_frontline_check_reports_the_position_with_file_and_line(tmp_path: Path) -> None:
    path = write(tmp_path / "scenarios", scenario([1, 1, 1]))
    found = [p for p in check_content(path).problems if "[key-position]" in str(p)]
    assert found and found[0].path == path and found[0].line == 10  # the `steps:` line


def test_meaningful_choice_ids_are_a_cue_only_where_an_exam_releases_them(tmp_path: Path) -> None:
    text = scenario([0, 2, 1], ids="pick")
    course = write(tmp_path / "course" / "scenarios", text)
    exam = write(tmp_path / "exams" / "source" / "practical" / "scenarios", text)
    assert not released(course) and released(exam)
    in_course = [p for p in check_content(course).problems if "[option-ids]" in str(p)]
    in_exam = [p for p in check_content(exam).problems if "[option-ids]" in str(p)]
    assert not in_course and len(in_exam) == 9 and all(p.line for p in in_exam)
    assert "choice id 'pick0'" in str(in_exam[0])
    neutral = write(tmp_path / "exams" / "source" / "practical" / "scenarios", scenario([0, 2, 1]))
    assert id_problems(load_scenario(neutral)) == []


def test_no_scenario_of_the_repository_keeps_its_right_choice_in_one_place() -> None:
    paths = [*DEFAULT_CONTENT.glob("scenarios/*.yml"),
             *REPO_ROOT.glob("exams/source/*/scenarios/*.yml")]  # fmt: skip
    assert len(paths) >= 11
    for path in paths:
        assert position_problems(load_scenario(path)) == [], path
