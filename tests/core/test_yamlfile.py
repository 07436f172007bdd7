"""Content YAML: one parse gives the data and the line of every key."""

from __future__ import annotations

from pathlib import Path

import pytest

from frontline.core.errors import InputFileError
from frontline.core.yamlfile import parse_yaml_text

PATH = Path("questions.yml")


def test_lines_of_keys_and_items() -> None:
    doc = parse_yaml_text("title: x\nquestions:\n  - id: q1\n  - id: q2\n", PATH)
    assert doc.data == {"title": "x", "questions": [{"id": "q1"}, {"id": "q2"}]}
    assert doc.line_of("questions", 1, "id") == 4
    assert doc.line_of("questions", 1, "nothing-here") == 4  # the deepest known part


def test_a_key_written_twice_names_both_lines() -> None:
    with pytest.raises(InputFileError, match=r"'good' appears twice \(first on line 1\)"):
        parse_yaml_text("good: 1\nbad: 2\ngood: 3\n", PATH)


def test_merge_keys_are_not_mistaken_for_repeats() -> None:
    doc = parse_yaml_text("base: &b {points: 1, lang: zh}\nq1: {<<: *b, points: 2}\n", PATH)
    assert doc.data["q1"] == {"points": 2, "lang": "zh"}
    assert doc.line_of("q1", "points") == 2


@pytest.mark.parametrize("text", ["", "# only a comment\n", "~\n"])
def test_an_empty_file_is_none(text: str) -> None:
    assert parse_yaml_text(text, PATH).data is None


def test_a_syntax_error_names_the_line_in_pythons_words() -> None:
    with pytest.raises(InputFileError) as excinfo:
        parse_yaml_text("a: 1\nb: [1, 2\nc: 3\n", PATH)
    assert excinfo.value.line == 3 and "invalid YAML" in str(excinfo.value)
