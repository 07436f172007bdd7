"""`frontline check` on exams/blueprint.yml: every broken fact or reference, with its line."""

from __future__ import annotations

from pathlib import Path

import pytest

from frontline.check import check_content
from tests.content_copy import copy_content, line_of, replace_once

FIRST = "{id: appearance-uniform, section: 2,"
FIRST_LINE = "{id: appearance-uniform,"
# (text to replace, replacement, key of the finding, text on its line, what it says)
CASES = [
    ("questions: [etiquette-theory/q02, etiquette-theory/q07]}",
     "questions: [etiquette-theory/q55, etiquette-theory/q07]}",
     "facts.0.questions.0", FIRST, "etiquette-theory has no question or written answer 'q55'"),
    ("questions: [etiquette-theory/q02, etiquette-theory/q07]}",
     "questions: [etiquette-theory/q02, final/q07]}",
     "facts.0.questions.1", FIRST, "there is no exam 'final'"),
    ("questions: [etiquette-theory/q02, etiquette-theory/q07]}",
     "questions: [etiquette-theory/q02, q07]}",
     "facts.0.questions.1", FIRST, "write it as exam/question-id"),
    ("questions: [etiquette-theory/q07]}", "questions: []}",
     "facts.8.questions", "id: video-service", "fact 'video-service' is examined by no question"),
    (FIRST, "{id: appearance-uniform, section: two,",
     "facts.0.section", FIRST_LINE, "section must be a DOMAIN.md section number"),
    ("{id: appearance-hygiene,", "{id: appearance-uniform,",
     "facts.1.id", "fact: \"Personal hygiene", "duplicate fact id 'appearance-uniform'"),
    (FIRST, "{id: appearance-uniform, sektion: 2, section: 2,",
     "facts.0.sektion", FIRST_LINE, "unknown key"),
    ("facts:\n", "facts:\n  - just a text\n",
     "facts.0", "just a text", "a fact needs exactly id, section, fact and questions"),
    ("facts:\n", "facts: [\n", "", "", "invalid YAML"),
]  # fmt: skip


@pytest.mark.parametrize(("old", "new", "key", "needle", "says"), CASES)
def test_a_broken_blueprint_is_named_with_line_key_and_fix(
    tmp_path: Path, old: str, new: str, key: str, needle: str, says: str
) -> None:
    exams = copy_content(tmp_path)
    path = exams / "blueprint.yml"
    replace_once(path, old, new)
    [problem] = check_content(path).problems
    assert problem.path == path and says in problem.reason, problem
    if key:
        assert (problem.line, problem.key) == (line_of(path, needle), key), problem


def test_the_repositorys_blueprint_passes(tmp_path: Path) -> None:
    exams = copy_content(tmp_path)
    report = check_content(exams / "blueprint.yml")
    assert report.ok and report.files == {"blueprint": [exams / "blueprint.yml"]}


def test_written_answers_count_as_items(tmp_path: Path) -> None:
    exams = copy_content(tmp_path)
    path = exams / "blueprint.yml"
    replace_once(path, "final-exam/q17]}", "final-exam/w01]}")
    assert check_content(path).ok
