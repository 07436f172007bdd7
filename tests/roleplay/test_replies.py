"""Reply analysis: a table of replies a trainee might type, with what must be found."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from frontline.roleplay import Lexicon, analyse, load_lexicon
from frontline.roleplay.lexicon import DEFAULT_LEXICON, lexicon_problems


@pytest.fixture(scope="module")
def lexicon() -> Lexicon:
    return load_lexicon()


# text, forbidden entries, moves that must be found
CASES: list[tuple[str, set[str], set[str]]] = [
    # simplified Chinese: forbidden
    ("喂,找谁?", {"wei", "blunt-phone-opening"}, set()),
    ("喊什么,等一下", {"shouting"}, set()),
    ("喊 什么 ， 等一下", {"shouting"}, set()),
    ("不知道。", {"dont-know"}, set()),
    ("我也不知道,你问别人吧", {"dont-know", "not-my-job"}, set()),  # and sends them on
    ("墙上贴着,没长眼睛呀", {"on-the-wall"}, set()),
    ("急什么,烦死人了", {"rush-annoyed"}, set()),
    ("急什么,没看到我在忙着吗?", {"rush-busy"}, set()),
    ("哪个?他不在", {"not-here"}, set()),
    ("要下班了,有事明天再来", {"closing-time"}, set()),
    ("不舒服,你别来了", {"unwell"}, set()),
    ("快点,说完了没有", {"hurry-up"}, set()),
    ("就这么说,怎么样?", {"take-it-or-leave-it"}, set()),
    ("有本事你去告", {"go-complain"}, set()),
    ("讲了半天,你还没听懂?", {"still-not-get-it"}, set()),
    ("讲话!", {"blunt-phone-opening"}, set()),
    ("哪里?", {"blunt-phone-opening"}, set()),
    # traditional Chinese and full-width forms
    ("喊什麼,等一下", {"shouting"}, set()),
    ("喂,找誰?", {"wei", "blunt-phone-opening"}, set()),
    ("要下班了，有事明天再來", {"closing-time"}, set()),
    ("講了半天，你還沒聽懂？", {"still-not-get-it"}, set()),
    ("ＨＵＲＲＹ ＵＰ", {"hurry-up"}, set()),
    (
        "您好，這裡是服務中心，我是小李，請問有什麼可以幫您？",
        set(),
        {"greet", "introduce", "offer_help"},
    ),
    ("對不起，讓您久等了，30分鐘內給您回覆。", set(), {"apologise", "promise_time"}),
    # polite Chinese that must not be flagged
    (
        "您好,这里是服务中心,我是小李,请问有什么可以帮您?",
        set(),
        {"greet", "introduce", "offer_help"},
    ),
    ("我不知道怎么感谢您才好", set(), {"thank"}),
    ("您不知道也没关系,我来说明", set(), set()),
    ("不知道您现在方便吗?", set(), set()),
    ("家里的猫要按时喂养", set(), set()),
    ("请问您哪里不舒服?我帮您叫医生", set(), set()),
    ("给您带来不便,非常抱歉,我们两个小时内派人上门", set(), {"apologise", "promise_time"}),
    ("感谢您的来电,请问还有什么可以帮您?", set(), {"thank", "offer_help"}),
    ("请您不要着急,我马上为您处理", set(), {"promise_time"}),
    # a polite opening does not excuse passing the buck
    ("不好意思,我这边管不了这个,您自己去物业办公室问吧", {"not-my-job"}, {"apologise"}),
    ("这个我来处理,您不用自己去问", set(), set()),
    # English forbidden
    ("I don't know.", {"dont-know"}, set()),
    ("I DON’T KNOW", {"dont-know"}, set()),
    ("Hurry up, are you done yet?", {"hurry-up"}, set()),
    ("Go ahead and complain.", {"go-complain"}, set()),
    ("It's on the wall, are you blind?", {"on-the-wall"}, set()),
    ("We're closing, come back tomorrow.", {"closing-time"}, set()),
    ("Yeah, who do you want?", {"blunt-phone-opening"}, set()),
    ("What are you shouting for? Wait.", {"shouting"}, set()),
    # English polite
    (
        "Good morning, this is the service centre, Li speaking. How can I help you?",
        set(),
        {"greet", "introduce", "offer_help"},
    ),
    ("I'm so sorry, I will call you back within 30 minutes.", set(), {"apologise", "promise_time"}),
    ("I don't know how to thank you enough!", set(), {"thank"}),
    ("Thank you for calling. Is there anything else?", set(), {"thank", "offer_help"}),
    ("This is a sheltered area, please wait here.", set(), set()),
    # paraphrases and sarcasm, by intent (the rule is reported as well)
    ("这事不归我管", {"not-my-job"}, set()),
    ("墙上写得清清楚楚,自己看", {"on-the-wall"}, set()),
    ("我哪知道,你问别人去", {"dont-know", "not-my-job"}, set()),
    ("That's not my department.", {"not-my-job"}, set()),
    ("您可真行,这么简单的表都填不对", {"sarcasm"}, set()),
    ("都几点了才来,我们下班了,明天上午再说吧", {"rush-annoyed", "send-away"}, set()),
    # a trigger inside another word, or asked politely
    ("请不要在楼道里喂流浪猫", set(), set()),
    ("不知道您贵姓?", set(), set()),
    ("请问您急什么时候要?", set(), set()),
    ("哪里哪里,这是我们应该做的", set(), set()),
    ("So what time would suit you?", set(), set()),
    ("请您不要著急", set(), set()),
    # clock times, durations and self-introductions
    ("下午四点前给您回电话", set(), {"promise_time"}),
    ("半小时内给您答复", set(), {"promise_time"}),
    ("I'll call you back by 5 pm.", set(), {"promise_time"}),
    ("Someone will be there within 30 minutes.", set(), {"promise_time"}),
    ("您好,小陈为您服务", set(), {"greet", "introduce"}),
    ("我是前台小王", set(), {"introduce"}),
    ("Hello, this is Chen speaking.", set(), {"greet", "introduce"}),
]


@pytest.mark.parametrize(("text", "forbidden", "moves"), CASES, ids=[c[0] for c in CASES])
def test_reply_findings(lexicon: Lexicon, text: str, forbidden: set[str], moves: set[str]) -> None:
    analysis = analyse(text, lexicon)
    assert {f.entry for f in analysis.forbidden} == forbidden
    assert moves <= set(analysis.moves_found)
    for finding in (*analysis.forbidden, *analysis.polite, *analysis.moves):
        # Offsets point at the trainee's own words.
        assert text[finding.start : finding.end] == finding.matched
        assert finding.matched.strip()


def test_at_least_forty_cases_in_three_scripts() -> None:
    assert len(CASES) >= 40


def test_traditional_and_spaced_forms_point_at_the_original_text(lexicon: Lexicon) -> None:
    [finding] = analyse("先生,喊 什麼 ， 等一下!", lexicon).forbidden
    assert finding.matched == "喊 什麼 ， 等一下"
    assert finding.phrase == "喊什么等一下"


def test_blunt_openers_count_only_at_the_start(lexicon: Lexicon) -> None:
    assert analyse("找谁?", lexicon).forbidden
    assert not analyse("您好,请问您找谁?", lexicon).forbidden
    assert not analyse("找谁?", lexicon, opening=False).forbidden


def test_a_promise_inside_a_forbidden_phrase_is_no_promise(lexicon: Lexicon) -> None:
    analysis = analyse("要下班了,有事明天再来", lexicon)
    assert "promise_time" not in analysis.moves_found


def test_traditional_zhe_folds_to_simplified() -> None:
    from frontline.roleplay.normalise import fold_zh

    assert fold_zh("急著、看著").text == "急着,看着"


def test_moves_are_not_found_inside_other_words(lexicon: Lexicon) -> None:
    assert "introduce" not in analyse("请告诉我姓名和房号", lexicon).moves_found
    assert "promise_time" not in analyse("不知道您明天上午方便吗?", lexicon).moves_found
    assert "promise_time" in analyse("明天一早就给您换新的", lexicon).moves_found


def test_the_segmenter_loads_silently_and_without_warnings() -> None:
    code = (
        "from frontline.roleplay.segment import cuts_word\n"
        "assert cuts_word('告诉我姓名', 2, 4)\n"
    )
    result = subprocess.run([sys.executable, "-W", "error", "-c", code],
                            capture_output=True, text=True, check=False)  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert result.stdout == "" and result.stderr == ""


def test_lang_limits_matching(lexicon: Lexicon) -> None:
    assert analyse("I don't know", lexicon, lang="zh").forbidden == ()
    assert analyse("I don't know", lexicon, lang="en").forbidden


@pytest.mark.parametrize(
    "text", ["我们要下班了，您明天上午再来吧。", "We close at six, so come back tomorrow morning."]
)
def test_a_time_said_while_sending_the_customer_away_is_no_promise(
    text: str, lexicon: Lexicon
) -> None:
    analysis = analyse(text, lexicon)
    assert analysis.forbidden and "promise_time" not in analysis.moves_found


def test_cancels_must_name_moves_found_in_typed_text(tmp_path: Path) -> None:
    folder = tmp_path / "lexicon"
    shutil.copytree(DEFAULT_LEXICON, folder)
    path = folder / "forbidden.yml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("cancels: [promise_time]", "cancels: [calm]", 1), encoding="utf-8")
    lexicon, problems = lexicon_problems(folder)
    assert lexicon is None and any("'calm' is no move found in typed text" in str(p)
                                   for p in problems)  # fmt: skip
