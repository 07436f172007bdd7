"""The practice data files: the repo's own load, and bad ones name file and line."""

from __future__ import annotations

from pathlib import Path

import pytest

from frontline.core.course import REPO_ROOT
from frontline.core.errors import InputFileError
from frontline.exams.model.questions import load_questions
from frontline.practice.modulefile import MODULES_DIR, load_module_info
from frontline.practice.quizfile import load_quiz
from frontline.practice.timelimits import DEFAULT_TIME_LIMITS, load_time_limits

MODULE_IDS = ("01-etiquette", "02-communication", "03-complaints")

GOOD_LIMITS = """\
limits:
  - id: a
    case: {zh: 甲, en: A}
    limit: {zh: 一天, en: a day}
  - id: b
    case: {zh: 乙, en: B}
    limit: {zh: 两天, en: two days}
    examples:
      - {zh: 例子, en: example}
"""


def test_repo_time_limits_hold_every_domain_row() -> None:
    table = load_time_limits(DEFAULT_TIME_LIMITS)
    ids = {row.id for row in table.limits}
    assert len(table.limits) == 15  # the rows of DOMAIN.md §4
    assert {"emergency-repair", "neighbour-complaint", "fee-question"} <= ids
    assert table.get("neighbour-complaint").limit.en == "Staff arrive within 15 minutes"
    assert table.get("emergency-repair").limit == table.get("public-hazard").limit
    assert "SETTING" in DEFAULT_TIME_LIMITS.read_text(encoding="utf-8")


def _limits(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "time-limits.yml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        (GOOD_LIMITS.replace("id: b", "id: a"), 5, "duplicate id 'a'"),
        (GOOD_LIMITS.replace("en: two days", "xx: two days"), 7, "missing 'en'"),
        (GOOD_LIMITS.replace("    examples:", "    example:"), 8, "unknown key"),
        (GOOD_LIMITS.replace("limit: {zh: 两天, en: two days}", "limit: [oops"), 8, "invalid YAML"),
        (GOOD_LIMITS.replace("      - {zh: 例子, en: example}", "      - {zh: 例子}"), 9, "'en'"),
        (GOOD_LIMITS.replace("{zh: 两天, en: two days}", "{zh: 一天, en: one day}"), 7,
         "different English"),
        (GOOD_LIMITS.replace("id: b", "id: 'b c'"), 5, "letters, digits"),
    ],
)  # fmt: skip
def test_bad_time_limits_name_file_and_line(
    tmp_path: Path, text: str, line: int, words: str
) -> None:
    path = _limits(tmp_path, text)
    with pytest.raises(InputFileError) as caught:
        load_time_limits(path)
    assert caught.value.path == path
    assert caught.value.line == line, str(caught.value)
    assert words in str(caught.value)
    assert str(path) in str(caught.value)


def test_good_time_limits_fixture_loads(tmp_path: Path) -> None:
    table = load_time_limits(_limits(tmp_path, GOOD_LIMITS))
    assert [row.id for row in table.limits] == ["a", "b"]
    assert table.get("b").examples[0].en == "example"


@pytest.mark.parametrize("module_id", MODULE_IDS)
def test_each_module_has_a_quiz_and_module_file(module_id: str) -> None:
    quiz = load_quiz(MODULES_DIR / module_id / "quiz.yml")
    assert quiz.id == module_id
    assert len(quiz.questions) >= 5
    assert {q.kind for q in quiz.questions} == {"single", "multiple"}
    info = load_module_info(MODULES_DIR / module_id / "module.yml")
    assert info.id == module_id


def test_a_quiz_file_is_never_taken_for_exam_questions() -> None:
    """The quiz carries its key; the exam loader must refuse it outright."""
    with pytest.raises(InputFileError, match="unknown key"):
        load_questions(MODULES_DIR / "01-etiquette" / "quiz.yml")


GOOD_QUIZ = """\
quiz: q
title: {zh: 自测, en: Self-check}
questions:
  - id: one
    kind: single
    prompt: {zh: 问, en: Q}
    options:
      - {id: a, zh: 甲, en: A, right: true}
      - {id: b, zh: 乙, en: B}
    explain: {zh: 因为, en: because}
"""


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        (GOOD_QUIZ.replace("en: B}", "en: B, right: true}"), 7, "exactly one"),
        (GOOD_QUIZ.replace("    explain: {zh: 因为, en: because}\n", ""), 4,
         "'explain' is missing"),
        (GOOD_QUIZ.replace("right: true", "right: yes please"), 8, "true or false"),
        (GOOD_QUIZ.replace("id: b", "id: a"), 9, "duplicate option id"),
        (GOOD_QUIZ.replace("kind: single", "kind: essay"), 5, "kind must be"),
        (GOOD_QUIZ.replace("answer", "x").replace("right: true", "answer: true"), 8, "unknown key"),
    ],
)  # fmt: skip
def test_bad_quiz_names_file_and_line(tmp_path: Path, text: str, line: int, words: str) -> None:
    path = tmp_path / "quiz.yml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputFileError) as caught:
        load_quiz(path)
    assert caught.value.line == line, str(caught.value)
    assert words in str(caught.value)
    assert str(path) in str(caught.value)


def test_module_file_must_match_its_folder(tmp_path: Path) -> None:
    folder = tmp_path / "04-other"
    folder.mkdir()
    (folder / "module.yml").write_text(
        "module: 01-etiquette\ntopic: etiquette\ntitle: {zh: 标题, en: Title}\n", encoding="utf-8"
    )
    with pytest.raises(InputFileError, match="folder name") as caught:
        load_module_info(folder / "module.yml")
    assert caught.value.line == 1


def test_coverage_names_every_module_section() -> None:
    text = (REPO_ROOT / "course" / "modules" / "COVERAGE.md").read_text(encoding="utf-8")
    for section in ("§2", "§3", "§4", "01-etiquette", "02-communication", "03-complaints"):
        assert section in text


def test_frontline_check_validates_practice_files(tmp_path: Path) -> None:
    from frontline.check import check_content

    report = check_content(REPO_ROOT / "course")
    assert report.ok, [str(p) for p in report.problems]
    assert len(report.files["quiz"]) == 3
    assert len(report.files["time-limits"]) == 1
    assert len(report.files["module"]) == 3

    folder = tmp_path / "course"
    (folder / "modules" / "01-etiquette").mkdir(parents=True)
    (folder / "modules" / "01-etiquette" / "quiz.yml").write_text(
        GOOD_QUIZ.replace("en: B}", "en: B, right: true}"), encoding="utf-8"
    )
    _limits(folder, GOOD_LIMITS.replace("id: b", "id: a"))
    broken = check_content(folder)
    assert {(p.path.name, p.line) for p in broken.problems} == {
        ("quiz.yml", 7),
        ("time-limits.yml", 5),
    }
