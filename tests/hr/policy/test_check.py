"""`frontline check` on gradebook/policy.yml: loader refusals and unknown exams as findings."""

from __future__ import annotations

from pathlib import Path

import pytest

from frontline.check import check_content
from frontline.cli import main
from tests.content_copy import copy_content, line_of, replace_once

# (text to replace, replacement, key of the finding, text on its line, what it says)
CASES = [
    ("  good: 80", "  good: 95",
     "cutoffs.good", "good: 95", "must be below cutoffs.excellent (95 is not below 90)"),
    ("  pass: 60", "  pass: 85",
     "cutoffs.pass", "pass: 85", "must be below cutoffs.good"),
    ("    weight: 0.25", "    weight: 0.35",
     "components", "components:", "weights must add up to 1, but they add up to 1.1"),
    ("missing_component: incomplete", "missing_component: incomplete\nmising_rater: zero",
     "mising_rater", "mising_rater", "unknown key"),
    ("    cap: good", "    cap: great",
     "gates.complaints_for_excellent.cap", "cap: great", "must be one of"),
    ('exams: ["practical*"]', 'exams: ["practicals*"]',
     "components.practical.exams.0", "practicals*",
     "'practicals*' matches no exam, so practical would count nothing"),
    ("    exam: complaints-theory", "    exam: complaint-theory",
     "gates.complaints_for_excellent.exam", "exam: complaint-theory",
     "no exam matches 'complaint-theory', so this gate never applies"),
    ("retake_of: {}", "retake_of: {final-exam-retake: final-exam}",
     "retakes.retake_of.final-exam-retake", "retake_of:",
     "the retake 'final-exam-retake' is not an exam of this course"),
    ("  timezone: Asia/Shanghai", "  timezone: Asia/Beijing",
     "cycles.timezone", "timezone:", "unknown time zone"),
    ("cutoffs:\n", "cutoffs: [\n", None, "", "invalid YAML"),
]  # fmt: skip


@pytest.mark.parametrize(("old", "new", "key", "needle", "says"), CASES)
def test_a_broken_policy_is_a_finding_with_line_key_and_fix(
    tmp_path: Path, old: str, new: str, key: str | None, needle: str, says: str
) -> None:
    copy_content(tmp_path)
    path = tmp_path / "gradebook" / "policy.yml"
    replace_once(path, old, new)
    [problem] = check_content(path).problems
    assert problem.path == path and says in problem.reason, problem
    if key is not None:
        assert (problem.line, problem.key) == (line_of(path, needle), key), problem


def test_the_repositorys_policy_passes(tmp_path: Path) -> None:
    copy_content(tmp_path)
    path = tmp_path / "gradebook" / "policy.yml"
    report = check_content(path)
    assert report.ok and report.files == {"policy": [path]}


def test_without_a_course_beside_it_only_the_loader_checks(tmp_path: Path) -> None:
    copy_content(tmp_path)
    path = tmp_path / "gradebook" / "policy.yml"
    replace_once(path, "    exam: complaints-theory", "    exam: complaint-theory")
    moved = tmp_path / "policy.yml"
    path.rename(moved)
    assert check_content(moved).ok


def test_the_command_prints_the_finding_and_fails(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    copy_content(tmp_path)
    path = tmp_path / "gradebook" / "policy.yml"
    replace_once(path, "  good: 80", "  good: 95")
    assert main(["check", str(path)]) == 1
    out = capsys.readouterr().out
    assert f"✗ {path}, line {line_of(path, 'good: 95')}, key 'cutoffs.good': must be below" in out
    assert "1 file, 1 problem" in out
