"""`frontline check` on trainer files: each broken copy names file, line, key and the fix."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from frontline.check import check_content
from frontline.cli import main
from tests.content_copy import copy_content, line_of, replace_once

# (exam, text to replace, replacement, key of the finding, text on its line, what it says)
CASES = [
    ("etiquette-theory", "key: c", "key: cc",
     "questions.q01.variants.v1.key", "key: cc", "'cc' is not one of this question's ids"),
    ("etiquette-theory", "key: [b, c, e]", "key: [b, c, е]",
     "questions.q02.variants.v1.key.2", "key: [b, c", "'е' is not one of this question's ids"),
    ("etiquette-theory", "key: c", "key: [c]",
     "questions.q01.variants.v1.key", "key: [c]", "a single-choice key is one option id"),
    ("etiquette-theory", "key: [b, c, e]", "key: b",
     "questions.q02.variants.v1.key", "key: b", "a multiple-choice key is a list of option ids"),
    ("final-exam", "key: [b, d, e, a, c]", "key: {b: 1}",
     "questions.q05.variants.v1.key", "key: {b", "an ordering key is the list of every item id"),
    ("final-exam", "key: [b, d, e, a, c]", "key: [b, d, e, a]",
     "questions.q05.variants.v1.key", "key: [b, d, e, a]", "must list every item once"),
    ("final-exam", "key: {x1: b, x2: e, x3: d}", "key: [b, e, d]",
     "questions.q07.variants.v1.key", "key: [b, e, d]",
     "a matching key maps every item id to an option id"),
    ("final-exam", "x3: d}", "x3: z}",
     "questions.q07.variants.v1.key.x3", "x3: z}", "'z' is not an option of q07"),
    ("etiquette-theory", "  q04:\n", "  q99:\n    points: 1\n    key: x\n"
     "    explain: {zh: 甲, en: A}\n  q04:\n",
     "questions.q99", "q99:", "no such question in questions.yml"),
    ("etiquette-theory", "  q03:\n    points: 2", "  q03:\n    points: 4",
     "questions.q03.points", "points: 4",
     "points 4 here, but etiquette-theory.ipynb cell 5 gives 2 (nbgrader points) and 2 "
     "(the hidden test's points=); run `frontline exams author etiquette-theory`"),
    ("etiquette-theory", "  - id: w01\n    points: 5", "  - id: w01\n    points: 6",
     "written.0.points", "points: 6", "gives 5 (nbgrader points)"),
    ("etiquette-theory", "  q01:\n    points: 2", "  q01:\n    points: 0",
     "questions.q01.points", "points: 0", "points must be a number above zero"),
    ("etiquette-theory", "        key: c\n", "",
     "questions.q01.variants.v1", "v1:",
     "the key is missing: a single-choice key is one option id"),
    ("etiquette-theory", "          en: \"A standard opening", "          fr: \"A standard opening",
     "questions.q01.variants.v1.explain", "explain:", "missing 'en' text"),
    ("etiquette-theory", "        key: c\n", "        key: c\n        answer: c\n",
     "questions.q01.variants.v1.answer", "answer: c", "unknown key"),
    ("etiquette-theory", "exam: etiquette-theory", "exam: etiquette",
     "exam", "exam: etiquette", "exam must be 'etiquette-theory'"),
]  # fmt: skip


@pytest.mark.parametrize(("exam", "old", "new", "key", "needle", "says"), CASES)
def test_a_broken_trainer_file_is_named_with_line_key_and_fix(
    tmp_path: Path, exam: str, old: str, new: str, key: str, needle: str, says: str
) -> None:
    exams = copy_content(tmp_path)
    path = exams / "trainer" / f"{exam}.yml"
    replace_once(path, old, new)
    report = check_content(exams / "trainer")
    assert [(p.path, p.line, p.key) for p in report.problems] == [
        (path, line_of(path, needle), key)
    ], report.problems
    assert says in report.problems[0].reason


def test_a_question_without_key_is_named(tmp_path: Path) -> None:
    exams = copy_content(tmp_path)
    path = exams / "trainer" / "etiquette-theory.yml"
    text = path.read_text(encoding="utf-8")
    start, end = text.index("  q04:\n"), text.index("  q05:\n")
    path.write_text(text[:start] + text[end:], encoding="utf-8")
    [problem] = check_content(exams / "trainer").problems
    assert (problem.path, problem.line, problem.key) == (path, line_of(path, "questions:"),
                                                         "questions")  # fmt: skip
    assert "no key for question q04" in problem.reason


def test_the_repositorys_trainer_files_pass(tmp_path: Path) -> None:
    exams = copy_content(tmp_path)
    report = check_content(exams / "trainer")
    assert report.ok, report.problems
    assert len(report.files["trainer"]) == 4


def test_notebook_points_that_differ_are_named_on_the_trainer_files_line(tmp_path: Path) -> None:
    exams = copy_content(tmp_path)
    notebook = exams / "source" / "etiquette-theory" / "etiquette-theory.ipynb"
    data = json.loads(notebook.read_text(encoding="utf-8"))
    cell = next(
        c for c in data["cells"] if c["metadata"].get("nbgrader", {}).get("grade_id") == "q02"
    )
    cell["metadata"]["nbgrader"]["points"] = 1
    notebook.write_text(json.dumps(data), encoding="utf-8")
    [problem] = check_content(exams / "trainer").problems
    path = exams / "trainer" / "etiquette-theory.yml"
    assert (problem.path, problem.key) == (path, "questions.q02.points")
    assert problem.line == line_of(path, "q02:") + 1
    assert "points 3 here, but etiquette-theory.ipynb cell 4 gives 1 (nbgrader points)" in (
        problem.reason
    )


def test_an_exam_without_trainer_file_is_named_unless_it_is_a_retake(tmp_path: Path) -> None:
    exams = copy_content(tmp_path)
    shutil.copytree(exams / "source" / "final-exam", exams / "source" / "final-exam-retake-1")
    (exams / "trainer" / "complaints-theory.yml").unlink()
    [problem] = check_content(exams / "trainer").problems
    assert problem.path == exams / "source" / "complaints-theory" / "questions.yml"
    assert "no trainer file trainer/complaints-theory.yml" in problem.reason


def test_a_trainer_file_for_no_exam_is_named(tmp_path: Path) -> None:
    exams = copy_content(tmp_path)
    shutil.copy(exams / "trainer" / "final-exam.yml", exams / "trainer" / "finale.yml")
    [problem] = check_content(exams / "trainer").problems
    assert problem.path == exams / "trainer" / "finale.yml"
    assert "no exam 'finale'" in problem.reason


def test_the_command_fails_and_prints_file_and_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    exams = copy_content(tmp_path)
    path = exams / "trainer" / "etiquette-theory.yml"
    replace_once(path, "key: c", "key: cc")
    assert main(["check", str(exams / "trainer")]) == 1
    out = capsys.readouterr().out
    where = f"line {line_of(path, 'key: cc')}, key 'questions.q01.variants.v1.key'"
    assert f"{path}, {where}: 'cc'" in out
    assert "4 files, 1 problem" in out


def test_a_notebook_cell_grading_an_unknown_item_is_named(tmp_path: Path) -> None:
    exams = copy_content(tmp_path)
    notebook = exams / "source" / "final-exam" / "final-exam.ipynb"
    replace_once(notebook, '"grade_id": "w01"', '"grade_id": "w02"')
    problems = check_content(exams / "trainer").problems
    # sorted by file: exams/source/... before exams/trainer/...
    assert [p.path for p in problems] == [notebook, exams / "trainer" / "final-exam.yml"]
    assert "grades 'w02', which final-exam.yml does not key" in problems[0].reason
    assert "has no grade cell for w01" in problems[1].reason


def test_a_key_changed_without_authoring_is_named_without_parsing_the_hidden_test(
    tmp_path: Path,
) -> None:
    """The hidden test is compared with the one the trainer file's key writes."""
    exams = copy_content(tmp_path)
    path = exams / "trainer" / "etiquette-theory.yml"
    replace_once(path, "key: [b, c, e]", "key: [b, c]")
    [problem] = check_content(exams / "trainer").problems
    assert (problem.path, problem.key) == (path, "questions.q02")
    assert "the hidden test in etiquette-theory.ipynb cell 4 is not the one this key" in (
        problem.reason
    )
    assert "frontline exams author etiquette-theory" in problem.reason
