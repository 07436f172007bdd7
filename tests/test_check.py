"""`frontline check`: the repository's content passes; broken files fail with file and line."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from frontline.check import check_content
from frontline.cli import main
from frontline.core.course import REPO_ROOT
from frontline.roleplay import load_lexicon, load_scenarios
from tests.roleplay.walk import all_results

FIXTURE = Path(__file__).parent / "data" / "scenarios" / "fixture-repair.yml"
SCENARIOS = REPO_ROOT / "course" / "scenarios"
EXAM_SCENARIOS = REPO_ROOT / "exams" / "source" / "practical" / "scenarios"


def test_repository_content_passes(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check"]) == 0
    out = capsys.readouterr().out
    assert "0 problems" in out and "lexicon" in out
    # the default run covers the practical exam's trainer-side scenarios too
    exam = sorted(EXAM_SCENARIOS.glob("*.yml"))
    assert exam and set(exam) <= set(check_content().files["scenario"])
    # and the trainer files, the blueprint and the HR policy
    files = check_content().files
    assert len(files["trainer"]) == 4
    assert files["blueprint"] == [REPO_ROOT / "exams" / "blueprint.yml"]
    assert files["policy"] == [REPO_ROOT / "gradebook" / "policy.yml"]


def test_the_exams_scenarios_are_checked_on_their_own(capsys: pytest.CaptureFixture[str]) -> None:
    count = len(list(EXAM_SCENARIOS.glob("*.yml")))
    assert main(["check", str(EXAM_SCENARIOS)]) == 0
    out = capsys.readouterr().out
    assert f"checked {count} scenario files" in out and f"{count} files, 0 problems" in out


def test_an_exam_scenario_reusing_a_course_id_is_reported(tmp_path: Path) -> None:
    exam = tmp_path / "practical" / "scenarios"
    exam.mkdir(parents=True)
    reused = next(iter(sorted(SCENARIOS.glob("*.yml"))))
    shutil.copy(reused, exam / reused.name)
    report = check_content(SCENARIOS, exam.parent)
    [problem] = report.problems
    assert problem.path == exam / reused.name and problem.key == "id" and problem.line == 1
    assert f"is also used by {reused}" in problem.reason
    assert "an exam needs scenarios of its own" in problem.reason
    # checking one folder twice is not a duplicate
    assert check_content(SCENARIOS, SCENARIOS / reused.name).ok


def _broken(tmp_path: Path, old: str, new: str) -> Path:
    folder = tmp_path / "scenarios"
    folder.mkdir()
    text = FIXTURE.read_text(encoding="utf-8")
    assert old in text
    (folder / FIXTURE.name).write_text(text.replace(old, new, 1), encoding="utf-8")
    return folder


def _line(folder: Path, needle: str) -> int:
    lines = (folder / FIXTURE.name).read_text(encoding="utf-8").splitlines()
    return [i for i, line in enumerate(lines, 1) if needle in line][-1]


@pytest.mark.parametrize(
    ("old", "new", "needle", "message"),
    [
        (
            "        next: apologise\n      - id: blame",
            "        next: apologize\n      - id: blame",
            "next: apologize",
            "next 'apologize' is neither a step nor an ending",
        ),
        (
            'say: {zh: "好吧，你记一下。", en: "Fine, write it down."}',
            'say: {zh: "好吧，你记一下。"}',
            "好吧，你记一下",
            "missing the English text (en)",
        ),
        ("customer: {zh:", "customer: {zh: [", "customer:", "invalid YAML"),
        ("      - id: blame", "      - id: calm", "- id: calm\n", "duplicate choice id 'calm'"),
    ],
    ids=["dangling", "translation", "yaml", "duplicate"],
)
def test_broken_scenario_is_reported_with_file_and_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], old: str, new: str, needle: str,
    message: str,
) -> None:  # fmt: skip
    folder = _broken(tmp_path, old, new)
    assert main(["check", str(folder)]) == 1
    out = capsys.readouterr().out
    [problem] = [line for line in out.splitlines() if message in line]
    assert str(folder / FIXTURE.name) in problem
    assert f"line {_line(folder, needle.splitlines()[0])}" in problem
    assert "1 file, 1 problem\n" in out  # no "1 files", "1 problems"


def test_unreachable_step_and_dead_end(tmp_path: Path) -> None:
    folder = _broken(tmp_path, "endings:\n", "  orphan:\n    say: {zh: 孤立, en: alone}\n"
                     "    choices:\n      - {id: loop, text: {zh: 绕, en: loop}, next: orphan}\n"
                     "endings:\n")  # fmt: skip
    report = check_content(folder)
    messages = [p.reason for p in report.problems]
    assert "step 'orphan' cannot be reached from the start" in messages
    [problem] = [p for p in report.problems if "cannot be reached" in p.reason]
    assert problem.line == _line(folder, "  orphan:")


def test_lexicon_duplicates_are_reported(tmp_path: Path) -> None:
    lexicon = tmp_path / "lexicon"
    shutil.copytree(REPO_ROOT / "course" / "lexicon", lexicon)
    polite = lexicon / "polite.yml"
    extra = "  - id: bad\n    label: {zh: 不, en: nope}\n    phrases: {zh: [不知道]}\n"
    polite.write_text(polite.read_text(encoding="utf-8") + extra, encoding="utf-8")
    report = check_content(lexicon)
    [problem] = report.problems
    assert problem.path == polite and "phrase '不知道' is already in forbidden 'dont-know'" in str(
        problem
    )
    assert problem.line is not None


def test_every_course_scenario_is_playable_best_high_worst_low() -> None:
    """Each scenario the course ships: every path ends; the best >= 90, the worst < 60."""
    scenarios = load_scenarios(SCENARIOS)
    if not scenarios:
        pytest.skip("course/scenarios/ holds no scenario yet")
    lexicon = load_lexicon()
    for scenario in scenarios.values():
        totals = [r.total for r in all_results(scenario, lexicon)]
        assert totals, f"{scenario.id}: no path reaches an ending"
        assert max(totals) >= 90, f"{scenario.id}: best path scores {max(totals)}"
        assert min(totals) < 60, f"{scenario.id}: worst path scores {min(totals)}"
