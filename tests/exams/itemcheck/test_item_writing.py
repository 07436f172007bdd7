"""The item-writing check: each rule once failing and once passing, waivers with and
without a reason, per variant of a pooled slot, and the findings' file and line."""

from __future__ import annotations

from pathlib import Path

import pytest

from frontline.check import check_content
from frontline.core.course import REPO_ROOT
from frontline.core.i18n import Text
from frontline.exams.itemcheck.bank import read_items
from frontline.exams.itemcheck.check import ITEM_RULES, Finding, item_findings
from frontline.exams.itemcheck.shape import Choice, shape_cues

# A single-choice item whose options are alike in length, with no cue.
PLAIN = [
    ("a", "先问清业主要办什么事", "Ask what the owner needs first"),
    ("b", "请业主到旁边坐下稍等", "Ask the owner to sit and wait"),
    ("c", "马上打电话给工程部门", "Ring the engineers straight away"),
    ("d", "把业主的房号记在本上", "Write the flat number in a book"),
]


def _options(options: list[tuple[str, str, str]]) -> str:
    return "".join(f'      - {{id: {i}, zh: "{zh}", en: "{en}"}}\n' for i, zh, en in options)


def write_exam(root: Path, exam: str, slots: list[str], keys: list[str]) -> Path:
    """exams/source/<exam>/questions.yml and exams/trainer/<exam>.yml under `root`."""
    source = root / "source" / exam
    source.mkdir(parents=True, exist_ok=True)
    questions = source / "questions.yml"
    questions.write_text(f"exam: {exam}\ntitle: {{zh: 考试, en: Exam}}\nquestions:\n"
                         + "".join(slots), encoding="utf-8")  # fmt: skip
    (root / "trainer").mkdir(exist_ok=True)
    (root / "trainer" / f"{exam}.yml").write_text(
        f"exam: {exam}\nquestions:\n" + "".join(keys), encoding="utf-8"
    )
    return questions


def slot(qid: str, options: list[tuple[str, str, str]], kind: str = "single",
         prompt: str = "业主来到前台，你先做什么？") -> str:  # fmt: skip
    return (f"  - id: {qid}\n    kind: {kind}\n"
            f"    prompt: {{zh: \"{prompt}\", en: \"What first?\"}}\n"
            f"    options:\n{_options(options)}")  # fmt: skip


def key(qid: str, value: str, waive: str = "") -> str:
    extra = f"    waive: {waive}\n" if waive else ""
    return (f"  {qid}:\n    points: 2\n    key: {value}\n"
            f"    explain: {{zh: 因为如此。, en: Because.}}\n{extra}")  # fmt: skip


def findings(root: Path) -> list[Finding]:
    items = [it for p in sorted(root.glob("source/*/questions.yml")) for it in read_items(p)]
    return item_findings(items)


def rules(root: Path) -> set[str]:
    return {f.rule for f in findings(root)}


def test_a_plain_item_has_no_finding(tmp_path: Path) -> None:
    write_exam(tmp_path, "e1", [slot("q01", PLAIN)], [key("q01", "a")])
    assert findings(tmp_path) == []


LONG_KEY = [("a", "先请业主坐下，向他道歉，再问清他要办的事情，记下房号和电话",
             "Seat the owner, apologise, ask what he needs, and note his flat and phone"),
            *PLAIN[1:]]  # fmt: skip


@pytest.mark.parametrize(
    ("options", "value", "rule"),
    [
        (LONG_KEY, "a", "longest-key"),
        ([*PLAIN[:3], ("d", "记房号", "Note it")], "a", "length-imbalance"),
        ([*PLAIN[:3], ("d", "先问清业主要办什么事。", "Ask what the owner needs first!")], "b",
         "duplicate-options"),
        ([*PLAIN[:3], ("d", "总是先把业主房号记下", "Always write the flat down")], "a",
         "absolute-words"),
        ([("calm", *PLAIN[0][1:]), *PLAIN[1:]], "calm", "option-ids"),
    ],
    ids=["longest-key", "length-imbalance", "duplicate-options", "absolute-words", "option-ids"],
)  # fmt: skip
def test_each_rule_flags_its_cue(
    tmp_path: Path, options: list[tuple[str, str, str]], value: str, rule: str
) -> None:
    write_exam(tmp_path, "e1", [slot("q01", options)], [key("q01", value)])
    found = [f for f in findings(tmp_path) if f.rule == rule]
    assert found, rules(tmp_path)
    assert all(f.item == "e1 q01" and f.line and f.line >= 5 for f in found)
    error = str(found[0].error())
    assert "questions.yml, line " in error and f"[{rule}] e1 q01" in error


def test_the_longest_option_is_no_cue_when_it_is_wrong(tmp_path: Path) -> None:
    write_exam(tmp_path, "e1", [slot("q01", LONG_KEY)], [key("q01", "b")])
    assert "longest-key" not in rules(tmp_path)


def test_absolute_words_in_the_key_too_are_no_cue(tmp_path: Path) -> None:
    options = [("a", "总是先问清业主要办的事", "Always ask what is needed"), *PLAIN[1:3],
               ("d", "从不让业主在前台等候", "Never let the owner wait")]  # fmt: skip
    write_exam(tmp_path, "e1", [slot("q01", options)], [key("q01", "a")])
    assert "absolute-words" not in rules(tmp_path)


def test_an_absolute_word_inside_a_longer_word_does_not_count() -> None:
    # 所有 inside 所有权 (ownership): jieba reads one word
    choices = [Choice("a", Text("问清业主要办什么", "Ask"), key=True),
               Choice("b", Text("先查房屋所有权证", "Check"))]  # fmt: skip
    assert not [c for c in shape_cues(choices) if c[0] == "absolute-words"]


def test_several_keys_longer_on_average_are_a_cue() -> None:
    long = "先请业主坐下再慢慢问清楚他要办理的所有事情"
    choices = [Choice("a", Text(long, "Seat and ask everything in full detail"), key=True),
               Choice("b", Text(long + "并记录", "Seat, ask and record it in full detail"),
                      key=True),
               Choice("c", Text("让他等", "Make him wait")),
               Choice("d", Text("叫保安", "Call security"))]  # fmt: skip
    assert ("longest-key" in {rule for rule, _ in shape_cues(choices)})


GIVER = ("  - id: q01\n    kind: ordering\n    prompt: {zh: 排列步骤。, en: Order the steps.}\n"
         "    items:\n" + _options([
             ("a", "请业主坐下，向他道歉，表示重视", "Ask him to sit, apologise, show you care"),
             ("b", "记下业主的房号", "Note the flat"),
         ]))  # fmt: skip
GIVEN = [("a", "请她坐下，向她道歉，表示重视", "Ask her to sit, apologise, show you care"),
         ("b", "先请她填写一张投诉单", "Ask her to fill in a complaint form"),
         ("c", "马上打电话给保洁主管", "Ring the cleaning supervisor now"),
         ("d", "告诉她下班前给她答复", "Say she will hear back by evening")]  # fmt: skip


def test_a_key_repeated_by_another_exams_item_is_given_away(tmp_path: Path) -> None:
    write_exam(tmp_path, "e1", [GIVER], ["  q01:\n    points: 2\n    key: [a, b]\n"
                                        "    explain: {zh: 因为。, en: Because.}\n"])  # fmt: skip
    write_exam(tmp_path, "e2", [slot("q01", GIVEN)], [key("q01", "a")])
    found = [f for f in findings(tmp_path) if f.rule == "give-away"]
    assert found and found[0].item == "e2 q01" and "e1 q01" in found[0].message
    assert "e1/questions.yml line 4" in found[0].message  # the slot's line


def test_a_key_whose_words_nobody_repeats_is_not_given_away(tmp_path: Path) -> None:
    write_exam(tmp_path, "e1", [slot("q01", PLAIN)], [key("q01", "a")])
    write_exam(tmp_path, "e2", [slot("q01", GIVEN)], [key("q01", "a")])
    assert "give-away" not in rules(tmp_path)


def test_a_reasoned_waiver_excuses_the_finding(tmp_path: Path) -> None:
    reason = '{longest-key: "the full key is the standard\'s own wording, kept on purpose"}'
    write_exam(tmp_path, "e1", [slot("q01", LONG_KEY)], [key("q01", "a", reason)])
    assert findings(tmp_path) == []


@pytest.mark.parametrize("reason", ['""', '"ok"', "null"])
def test_a_waiver_without_a_reason_is_itself_a_finding(tmp_path: Path, reason: str) -> None:
    write_exam(tmp_path, "e1", [slot("q01", LONG_KEY)],
               [key("q01", "a", f"{{longest-key: {reason}}}")])  # fmt: skip
    found = {f.rule: f for f in findings(tmp_path)}
    assert {"longest-key", "waiver"} <= set(found)
    waiver = str(found["waiver"].error())
    assert "trainer" in waiver and "e1.yml, line 7" in waiver and "reason" in waiver


@pytest.mark.parametrize(
    ("waive", "says"),
    [('{longest-key: "kept on purpose for a reason"}', "nothing to waive"),
     ('{shortest: "kept on purpose for a reason"}', "must map rules"),
     ('"longest-key"', "must map rules")],
)  # fmt: skip
def test_a_waiver_of_nothing_or_of_no_rule_is_a_finding(
    tmp_path: Path, waive: str, says: str
) -> None:
    write_exam(tmp_path, "e1", [slot("q01", PLAIN)], [key("q01", "a", waive)])
    found = findings(tmp_path)
    assert [f.rule for f in found] == ["waiver"] and says in found[0].message


POOLED = (
    "  - id: q01\n    kind: single\n    variants:\n"
    "      - id: v1\n        prompt: {zh: 你先做什么？, en: What first?}\n        options:\n"
    + _options(PLAIN).replace("      - ", "          - ")
    + "      - id: v2\n        prompt: {zh: 你先做什么？, en: What first?}\n        options:\n"
    + _options(LONG_KEY).replace("      - ", "          - ")
)
POOLED_KEYS = ("  q01:\n    points: 2\n    variants:\n"
               "      v1: {key: b, explain: {zh: 因为。, en: Because.}}\n"
               "      v2: {key: a, explain: {zh: 因为。, en: Because.}%s}\n")  # fmt: skip


def test_a_pooled_slot_is_checked_per_variant(tmp_path: Path) -> None:
    questions = write_exam(tmp_path, "e1", [POOLED], [POOLED_KEYS % ""])
    found = findings(tmp_path)
    assert {(f.rule, f.item) for f in found} == {("longest-key", "e1 q01/v2")}
    lines = questions.read_text(encoding="utf-8").splitlines()
    assert "id: a" in lines[found[0].line - 1] and "坐下" in lines[found[0].line - 1]


def test_a_variant_carries_its_own_waiver(tmp_path: Path) -> None:
    waive = ', waive: {longest-key: "the standard words it so, kept whole"}'
    write_exam(tmp_path, "e1", [POOLED], [POOLED_KEYS % waive])
    assert findings(tmp_path) == []


def test_a_variant_id_must_be_neutral(tmp_path: Path) -> None:
    write_exam(tmp_path, "e1", [POOLED.replace("id: v2", "id: hard")],
               [POOLED_KEYS.replace("v2:", "hard:") % ""])  # fmt: skip
    assert ("option-ids", "e1 q01/hard") in {(f.rule, f.item) for f in findings(tmp_path)}


def test_frontline_check_fails_on_a_finding_with_file_and_line(tmp_path: Path) -> None:
    questions = write_exam(tmp_path, "e1", [slot("q01", LONG_KEY)], [key("q01", "a")])
    report = check_content(tmp_path / "source")
    found = [p for p in report.problems if "item-writing [longest-key]" in str(p)]
    assert not report.ok and found and found[0].path == questions and found[0].line


def test_the_rules_are_the_documented_ones() -> None:
    assert set(ITEM_RULES) == {"longest-key", "length-imbalance", "duplicate-options",
                               "absolute-words", "option-ids", "give-away"}  # fmt: skip


def test_the_repositorys_exams_pass_the_check() -> None:
    items = [it for p in sorted((REPO_ROOT / "exams" / "source").glob("*/questions.yml"))
             for it in read_items(p)]  # fmt: skip
    assert len(items) > 40
    assert [str(f.error()) for f in item_findings(items)] == []


def test_a_waiver_on_a_pooled_slot_covers_the_variant_that_needs_it(tmp_path: Path) -> None:
    waive = '    waive: {longest-key: "the long key is the standard\'s own wording"}\n'
    keys = POOLED_KEYS.replace("    variants:\n", waive + "    variants:\n") % ""
    write_exam(tmp_path, "e1", [POOLED], [keys])
    assert findings(tmp_path) == []  # v2 raises it, v1 does not: the waiver is used once
    plain = POOLED.replace(_options(LONG_KEY).replace("      - ", "          - "),
                           _options(PLAIN).replace("      - ", "          - "))  # fmt: skip
    write_exam(tmp_path, "e1", [plain], [keys])
    [unused] = findings(tmp_path)
    assert (unused.rule, unused.item) == ("waiver", "e1 q01")
    assert "nothing to waive" in unused.message
