"""The tier policy file: the repository's own loads, a broken one is refused precisely."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from frontline.core.course import REPO_ROOT
from frontline.core.errors import InputFileError
from frontline.hr.policy.model import (
    Cutoffs,
    CyclePolicy,
    DecisionPolicy,
    RetakePolicy,
    Tier,
)
from frontline.hr.policy.schema import load_policy, parse_policy_text

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
    assert policy.weights == {"theory": 0.6, "practical": 0.25, "appraisal": 0.15}
    assert policy.exams["theory"] == ("*-theory", "final*")
    assert policy.missing_component == "incomplete"
    assert policy.missing_rule("practical") == "reweight"
    assert policy.missing_rule("theory") == "incomplete"
    assert policy.raters == {"supervisor": 0.60, "peer": 0.25, "self": 0.15}
    assert [g.name for g in policy.gates] == [
        "complaints_for_excellent", "practical_below_pass", "component_below_pass",
    ]
    assert policy.retakes == RetakePolicy(count="capped", max_retakes=2)
    assert policy.decisions == DecisionPolicy(second_look_sem=1.0)
    assert policy.cycles == CyclePolicy(timezone="Asia/Shanghai")
    assert policy.source == str(path)
    assert policy.text == path.read_text(encoding="utf-8")


def test_the_short_weights_form_still_counts_every_exam_as_theory(tmp_path: Path) -> None:
    policy = load_policy(_write(tmp_path, GOOD_POLICY))
    assert policy.exams == {"theory": ("*",)}
    assert policy.gates == ()


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


FULL_POLICY = """\
version: "2026-full"
cutoffs: {excellent: 90, good: 80, pass: 60}
components:
  theory:
    weight: 0.6
    exams: ["*-theory", final-exam]
  practical:
    weight: 0.25
    exams: ["practical*"]
    missing: reweight
  appraisal:
    weight: 0.15
    raters: {supervisor: 0.6, peer: 0.25, self: 0.15}
    missing_rater: reweight
gates:
  complaints_for_excellent:
    exam: complaints-theory
    at_least: pass
    cap: good
retakes:
  count: best
  max: 2
  retake_of: {etiquette-makeup: etiquette-theory}
decisions:
  promotion: {tier: excellent, no_fail_in_last: 3}
  hr_review: {consecutive_fails: 3}
  second_look: {margin: 1.0, compare: [theory, practical], tiers_apart: 2}
cycles:
  length: quarterly
  date: submitted
  timezone: Asia/Shanghai
"""


def test_every_section_is_read() -> None:
    policy = parse_policy_text(FULL_POLICY, "p.yml")
    assert policy.exams == {"theory": ("*-theory", "final-exam"), "practical": ("practical*",)}
    assert policy.retakes.retake_of == {"etiquette-makeup": "etiquette-theory"}
    assert policy.gates[0].cap is Tier.GOOD and policy.gates[0].exam == "complaints-theory"
    assert policy.cycles == CyclePolicy("quarterly", "submitted", "Asia/Shanghai")
    assert policy.decisions.second_look_margin == 1.0


@pytest.mark.parametrize(
    ("old", "new", "where", "reason"),
    [
        (
            "weight: 0.25",
            "weight: 0.3",
            "line 3, key 'components'",
            "add up to 1, but they add up to 1.05",
        ),
        (
            "    missing: reweight",
            "    missing: skip",
            "line 10, key 'components.practical.missing'",
            "must be one of ['incomplete', 'zero', 'reweight'], not 'skip'",
        ),
        (
            '    exams: ["practical*"]',
            '    exam: ["practical*"]',
            "line 9, key 'components.practical.exam'",
            "unknown key",
        ),
        (
            "peer: 0.25",
            "peers: 0.25",
            "line 13, key 'components.appraisal.raters.peers'",
            "unknown rater role",
        ),
        (
            "self: 0.15}",
            "self: 0.25}",
            "line 13, key 'components.appraisal.raters'",
            "weights must add up to 1, but they add up to 1.1",
        ),
        (
            "    at_least: pass",
            "    at_least: passed",
            "line 18, key 'gates.complaints_for_excellent.at_least'",
            "must be one of ['excellent', 'good', 'pass', 'fail'], not 'passed'",
        ),
        (
            "    exam: complaints-theory",
            "    component: complaints",
            "line 17, key 'gates.complaints_for_excellent.component'",
            "must be a component of this policy",
        ),
        (
            "    cap: good",
            "    cap: excellent",
            "line 19, key 'gates.complaints_for_excellent.cap'",
            "caps nothing",
        ),
        (
            "  count: best",
            "  count: worst",
            "line 21, key 'retakes.count'",
            "must be one of ['best', 'latest', 'capped']",
        ),
        ("  max: 2", "  max: -1", "line 22, key 'retakes.max'", "must be at least 0, not -1"),
        ("  max: 2", "  max: 1.5", "line 22, key 'retakes.max'", "must be a whole number, not 1.5"),
        (
            "no_fail_in_last: 3",
            "no_fail_in_last: 0",
            "line 25, key 'decisions.promotion.no_fail_in_last'",
            "must be at least 1, not 0",
        ),
        (
            "consecutive_fails: 3",
            "consecutive_fails: three",
            "line 26, key 'decisions.hr_review.consecutive_fails'",
            "must be a whole number",
        ),
        (
            "margin: 1.0",
            "margin: 20",
            "line 27, key 'decisions.second_look.margin'",
            "must be from 0 to 10 points",
        ),
        (
            "compare: [theory, practical]",
            "compare: [theory, theory]",
            "line 27, key 'decisions.second_look.compare'",
            "two different components",
        ),
        (
            "tiers_apart: 2",
            "tiers_apart: 4",
            "line 27, key 'decisions.second_look.tiers_apart'",
            "at most 3",
        ),
        (
            "  length: quarterly",
            "  length: weekly",
            "line 29, key 'cycles.length'",
            "must be one of ['monthly', 'quarterly'], not 'weekly'",
        ),
        (
            "timezone: Asia/Shanghai",
            "timezone: Mars/Base",
            "line 31, key 'cycles.timezone'",
            "unknown time zone",
        ),
        (
            "  date: submitted",
            "  date: graded",
            "line 30, key 'cycles.date'",
            "must be one of ['due_date', 'submitted']",
        ),
        ("retakes:", "retake:", "line 20, key 'retake'", "unknown key"),
    ],
)
def test_a_bad_section_names_file_line_and_key(old: str, new: str, where: str, reason: str) -> None:
    assert old in FULL_POLICY, old
    with pytest.raises(InputFileError) as excinfo:
        parse_policy_text(FULL_POLICY.replace(old, new, 1), "p.yml")
    message = str(excinfo.value)
    assert message.startswith(f"p.yml, {where}: "), message
    assert reason in message, message


def test_weights_and_components_together_are_refused() -> None:
    text = FULL_POLICY + "weights: {theory: 1.0}\n"
    with pytest.raises(InputFileError, match=r"either weights .* or components"):
        parse_policy_text(text, "p.yml")


def test_a_policy_without_components_says_what_to_add(tmp_path: Path) -> None:
    text = GOOD_POLICY[: GOOD_POLICY.index("weights:")]
    with pytest.raises(InputFileError) as caught:
        load_policy(_write(tmp_path, text))
    message = str(caught.value)
    assert message.startswith(f"{tmp_path / 'policy.yml'}: no components section: add one")
    assert "components:\n  theory: {weight: 0.6" in message and "weights: {theory: 1.0}" in message
    assert "key 'weights'" not in message  # the file has no such key to point at
