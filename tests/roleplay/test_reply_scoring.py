"""Typed replies are scored as a trainer would: natural wording earns full credit,
keywords stuffed around a rude or sarcastic core do not, and a rewrite that is still
rude fails."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from frontline.core.course import REPO_ROOT
from frontline.core.cutoffs import STANDARD_CUTOFFS
from frontline.exams.grading.practical import LEXICON_DIR, SCENARIOS_DIR
from frontline.roleplay import Lexicon, Play, load_lexicon, load_scenario
from frontline.roleplay.lexicon import FILES
from frontline.roleplay.rewrites import judge_rewrite, load_rewrites

PRACTICAL = REPO_ROOT / "exams" / "source" / "practical"

# What a capable trainee types, in their own words, at each reply step of the exam.
NATURAL = {
    "building-water-cut": [
        "您好，物业服务中心，小陈为您服务，请问有什么需要帮忙的？",
        "您先到服务中心领两桶桶装水，家里的水龙头记得先关好。师傅查清原因后，我八点前给您回电话。"
        "您看还有什么需要帮忙的吗？",
    ],
    "broken-windscreen": [
        "真的很对不起，让您白等了一个星期。这件事从现在起由我负责跟进，今天下午四点前给您答复。",
    ],
}
# The same steps, the moves' keywords wrapped around a sarcastic or rude core.
STUFFED = {
    "building-water-cut": [
        "您好，我是小陈，有什么可以帮您？",
        "您可真行，停个水也要打电话。对不起，30分钟内给您回复，谢谢，还有什么可以帮您？",
    ],
    "broken-windscreen": [
        "对不起，这不归我管，谁让你把车停树下的？30分钟内回复您，谢谢。",
    ],
}


@pytest.fixture(scope="module")
def exam_lexicon() -> Lexicon:
    return load_lexicon(PRACTICAL / LEXICON_DIR)


def _play(scenario_id: str, replies: list[str], lexicon: Lexicon) -> int:
    """Best choices, the given typed replies: the total out of 100."""
    play = Play(load_scenario(PRACTICAL / SCENARIOS_DIR / f"{scenario_id}.yml"), lexicon)
    typed = iter(replies)
    while not play.finished:
        step = play.current
        assert step is not None
        if step.reply is not None:
            play.reply(next(typed))
        else:
            play.choose(min(step.choices, key=lambda c: (c.cost.total, c.mood, c.id)).id)
    return play.result().total


@pytest.mark.parametrize("scenario_id", list(NATURAL))
def test_a_natural_correct_reply_scores_at_least_90(
    scenario_id: str, exam_lexicon: Lexicon
) -> None:
    assert _play(scenario_id, NATURAL[scenario_id], exam_lexicon) >= 90


@pytest.mark.parametrize("scenario_id", list(STUFFED))
def test_keywords_around_a_rude_core_do_not_earn_the_moves(
    scenario_id: str, exam_lexicon: Lexicon
) -> None:
    stuffed = _play(scenario_id, STUFFED[scenario_id], exam_lexicon)
    assert stuffed < STANDARD_CUTOFFS.pass_mark  # below pass, not merely below full marks
    assert stuffed < _play(scenario_id, NATURAL[scenario_id], exam_lexicon)


def test_the_exams_lexicon_is_the_courses() -> None:
    for name in FILES.values():
        course = (REPO_ROOT / "course" / "lexicon" / name).read_text(encoding="utf-8")
        copy = (PRACTICAL / LEXICON_DIR / name).read_text(encoding="utf-8")
        assert copy.startswith("# GENERATED from course/lexicon/") and copy.endswith(course), name


@pytest.mark.parametrize(
    ("exercise", "text", "passes"),
    [
        ("closing-time", "都几点了才来，我们下班了，明天上午再说吧", False),
        ("closing-time", "您好，您别着急，我现在就帮您办，十分钟就好。", True),
        ("dont-know", "我哪知道，你问别人去。", False),
        ("dont-know", "抱歉，这个我得核实一下，30分钟内给您回复。", True),
        ("shouting", "您可真行，对不起，我马上处理。", False),
        ("phone-opening", "您好，物业服务中心，小陈为您服务，请问有什么需要帮忙的？", True),
    ],
)
def test_a_rewrite_that_is_still_rude_fails(exercise: str, text: str, passes: bool) -> None:
    lexicon = load_lexicon()
    verdict = judge_rewrite(load_rewrites()[exercise], text, lexicon)
    assert verdict.passed is passes, verdict.analysis.to_json()


def test_reply_check_json_names_entry_rule_and_span() -> None:
    text = "您好，您可真行，这么简单的表都填不对。"
    result = subprocess.run(
        [sys.executable, "-m", "frontline.cli", "reply-check", "--json", text],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    data = json.loads(result.stdout)
    assert result.returncode == 1
    assert {"forbidden", "polite", "moves", "sarcasm"} <= set(data)
    assert data["moves"][0]["entry"] == "greet"
    for finding in data["forbidden"]:
        assert finding["rule"].startswith(finding["entry"] + ".")
        assert text[finding["start"] : finding["end"]] == finding["matched"]
    assert data["sarcasm"]
