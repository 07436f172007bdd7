"""The tier policy file: the repository's own loads, a broken one is refused precisely."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from frontline.course import REPO_ROOT
from frontline.errors import InputFileError
from frontline.policy import Cutoffs, load_policy

GOOD_POLICY = """\
version: "2026-test"
cutoffs:
  excellent: 90
  good: 80
  pass: 60
weights:
  theory: 0.6
  practical: 0.4
missing_component: zero
"""


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "policy.yml"
    path.write_text(text, encoding="utf-8")
    return path


def test_the_repository_policy_loads() -> None:
    path = REPO_ROOT / "gradebook" / "policy.yml"
    policy = load_policy(path)
    assert policy.version == "2026-11"
    assert re.fullmatch(r"[0-9a-f]{12}", policy.digest)
    assert policy.cutoffs == Cutoffs(excellent=90, good=80, pass_mark=60)
    assert policy.weights == {"theory": 1.0}
    assert policy.missing_component == "incomplete"
    assert policy.source == str(path)


def test_a_valid_policy_file_is_read_in_full(tmp_path: Path) -> None:
    policy = load_policy(_write(tmp_path, GOOD_POLICY))
    assert policy.version == "2026-test"
    assert policy.weights == {"theory": 0.6, "practical": 0.4}
    assert policy.missing_component == "zero"


def test_the_digest_changes_with_the_file(tmp_path: Path) -> None:
    first = load_policy(_write(tmp_path, GOOD_POLICY)).digest
    second = load_policy(_write(tmp_path, GOOD_POLICY.replace("pass: 60", "pass: 65"))).digest
    assert first != second


@pytest.mark.parametrize(
    ("old", "new", "where", "reason"),
    [
        (
            "good: 80",
            "good: 90",
            "line 4, key 'cutoffs.good'",
            "must be below cutoffs.excellent (90 is not below 90)",
        ),
        (
            "pass: 60",
            "pass: 85",
            "line 5, key 'cutoffs.pass'",
            "must be below cutoffs.good (85 is not below 80)",
        ),
        (
            "practical: 0.4",
            "practical: 0.3",
            "line 6, key 'weights'",
            "weights must add up to 1, but they add up to 0.9",
        ),
        ("cutoffs:", "cutof:", "line 2, key 'cutof'", "unknown key"),
        ("good: 80", "gut: 80", "line 4, key 'cutoffs.gut'", "unknown cut-off"),
        (
            "good: 80",
            "good: eighty",
            "line 4, key 'cutoffs.good'",
            "must be a number, not 'eighty'",
        ),
        ("good: 80", "good: true", "line 4, key 'cutoffs.good'", "must be a number, not True"),
        (
            "excellent: 90",
            "excellent: 120",
            "line 3, key 'cutoffs.excellent'",
            "must be above 0 and at most 100, not 120",
        ),
        ("pass: 60", "pass: 0", "line 5, key 'cutoffs.pass'", "must be above 0, not 0"),
        ("  pass: 60\n", "", "line 2, key 'cutoffs.pass'", "missing"),
        (
            "theory: 0.6\n  practical: 0.4",
            "theory: 1.0\n  practical: 0",
            "line 8, key 'weights.practical'",
            "must be above 0 and at most 1, not 0",
        ),
        (
            "theory: 0.6\n  practical: 0.4",
            "theory: 1.5\n  practical: -0.5",
            "line 7, key 'weights.theory'",
            "must be above 0 and at most 1, not 1.5",
        ),
        (
            "missing_component: zero",
            "missing_component: skip",
            "line 9, key 'missing_component'",
            "must be one of ['incomplete', 'zero', 'reweight'], not 'skip'",
        ),
        (
            'version: "2026-test"',
            'version: ""',
            "line 1, key 'version'",
            "must name this policy's version",
        ),
    ],
)
def test_a_bad_policy_names_file_line_and_key(
    tmp_path: Path, old: str, new: str, where: str, reason: str
) -> None:
    assert old in GOOD_POLICY
    path = _write(tmp_path, GOOD_POLICY.replace(old, new, 1))
    with pytest.raises(InputFileError) as excinfo:
        load_policy(path)
    message = str(excinfo.value)
    assert message.startswith(f"{path}, {where}: "), message
    assert reason in message


def test_invalid_yaml_names_the_line(tmp_path: Path) -> None:
    path = _write(tmp_path, GOOD_POLICY.replace("good: 80", "good: 80: 1"))
    with pytest.raises(InputFileError) as excinfo:
        load_policy(path)
    assert str(excinfo.value) == (
        f"{path}, line 4: invalid YAML: mapping values are not allowed here"
    )


def test_yaml_indentation_error_names_its_line(tmp_path: Path) -> None:
    path = _write(tmp_path, "version: x\ncutoffs:\n  excellent: 90\n good: 80\n")
    with pytest.raises(InputFileError) as excinfo:
        load_policy(path)
    assert str(excinfo.value).startswith(f"{path}, line 4: invalid YAML")


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("", "expected a mapping"),
        ("- a list\n", "expected a mapping"),
    ],
)
def test_a_policy_that_is_not_a_mapping_is_refused(tmp_path: Path, text: str, reason: str) -> None:
    path = _write(tmp_path, text)
    with pytest.raises(InputFileError, match=reason) as excinfo:
        load_policy(path)
    assert str(excinfo.value).startswith(str(path))


def test_a_missing_policy_file_is_named(tmp_path: Path) -> None:
    path = tmp_path / "nope.yml"
    with pytest.raises(InputFileError) as excinfo:
        load_policy(path)
    assert str(excinfo.value) == f"{path}: file not found"


def test_a_key_written_twice_is_refused_with_both_lines(tmp_path: Path) -> None:
    path = tmp_path / "policy.yml"
    path.write_text(
        "version: '1'\ncutoffs:\n  excellent: 90\n  good: 80\n  good: 70\n  pass: 60\n"
        "weights:\n  theory: 1.0\n",
        encoding="utf-8",
    )
    with pytest.raises(InputFileError) as caught:
        load_policy(path)
    message = str(caught.value)
    assert "line 5" in message and "cutoffs.good" in message and "first on line 4" in message


def test_an_unquoted_date_is_a_valid_version(tmp_path: Path) -> None:
    path = tmp_path / "policy.yml"
    path.write_text(
        "version: 2026-11-01\ncutoffs: {excellent: 90, good: 80, pass: 60}\nweights: {theory: 1}\n",
        encoding="utf-8",
    )
    assert load_policy(path).version == "2026-11-01"
