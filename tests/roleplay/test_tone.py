"""The tone model: what it reads, what it reports, how it is learnt and how a broken
model file is refused."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from frontline.core.errors import InputFileError
from frontline.roleplay import Lexicon, analyse, load_lexicon
from frontline.roleplay.lexicon import DEFAULT_LEXICON, lexicon_problems
from frontline.roleplay.tone.features import feature_names
from frontline.roleplay.tone.labelled import read_labelled
from frontline.roleplay.tone.model import MODEL_FILE, read_model
from frontline.roleplay.tone.train import Example, digest, train
from tests.roleplay.tone_training import trained_on_set

DATA = Path(__file__).resolve().parents[1] / "data"
# Said by nobody in the labelled sets, matched by no phrase or pattern of the lexicon.
UNLISTED_RUDE = "修电梯又不是我们前台的活儿，跟我说有什么用。"


@pytest.fixture(scope="module")
def lexicon() -> Lexicon:
    return load_lexicon()


def test_a_rude_reply_no_phrase_matches_is_found_with_its_clause_and_pieces(
    lexicon: Lexicon,
) -> None:
    analysis = analyse(UNLISTED_RUDE, lexicon)
    (finding,) = analysis.forbidden
    assert finding.entry == "dismissive-tone" and finding.rule == "dismissive-tone.model"
    assert finding.matched == UNLISTED_RUDE[finding.start : finding.end]
    assert finding.matched == "修电梯又不是我们前台的活儿"  # the clause that weighed most
    assert analysis.tone is not None and analysis.tone.rude
    assert finding.phrase == analysis.tone.because() and "+" in finding.phrase
    assert analysis.to_json()["tone"]["chance"] >= lexicon.tone.threshold  # type: ignore[union-attr]


def test_the_tone_model_adds_nothing_when_a_phrase_already_matched(lexicon: Lexicon) -> None:
    found = analyse("这事不归我管，你找别人去。", lexicon).forbidden
    assert found and all(f.entry != "dismissive-tone" for f in found)


@pytest.mark.parametrize("text", [
    "这件事交给我来跟进，您不用再跑一趟了。",
    "您慢慢说，不着急，我都记下来了，今天下班前给您回电话。",
    "Thanks for your patience; I'll ring the contractor now and call you back by four.",
])  # fmt: skip
def test_courteous_replies_are_not_found_rude(text: str, lexicon: Lexicon) -> None:
    assert not analyse(text, lexicon).forbidden


def test_sparing_words_turn_what_follows_around() -> None:
    kind, curt = feature_names("您不用自己去问"), feature_names("您自己去问")
    assert "zh:~自己去" in kind and "zh:自己去" not in kind
    assert "zh:自己去" in curt
    assert "en:~yourself" in feature_names("No need to chase them yourself.")


def test_short_replies_are_left_to_the_phrase_lists(lexicon: Lexicon) -> None:
    assert analyse("找谁?", lexicon, opening=False).tone is None
    assert analyse("I'm very sorry,", lexicon).tone is None
    assert not analyse("I'm very sorry,", lexicon).forbidden
    assert analyse("这么点小事也要来问我？", lexicon).tone is not None


def test_traditional_and_simplified_read_the_same(lexicon: Lexicon) -> None:
    simplified = analyse("这个您得自己去找开发商，我们这里办不了。", lexicon).tone
    traditional = analyse("這個您得自己去找開發商，我們這裡辦不了。", lexicon).tone
    assert simplified is not None and traditional is not None
    assert simplified.chance == pytest.approx(traditional.chance)


@pytest.mark.slow  # learns the model from the whole set: seconds, not milliseconds
def test_the_shipped_model_is_the_one_the_labelled_set_gives() -> None:
    replies = read_labelled(DATA / "replies.yml")
    shipped = read_model(DEFAULT_LEXICON / MODEL_FILE)
    assert digest([r.example for r in replies]) in shipped.trained_on, (
        "tests/data/replies.yml changed: run `frontline reply-model train`")
    trained = trained_on_set().model
    assert trained.threshold == pytest.approx(shipped.threshold)
    assert set(trained.weights) == set(shipped.weights)
    assert max(abs(trained.weights[k] - w) for k, w in shipped.weights.items()) < 1e-3


def test_cross_validation_keeps_each_writer_apart() -> None:
    examples = [Example(f"第{i}句，你自己去问吧。", True, "a") for i in range(6)]
    examples += [Example(f"第{i}句，您好，我马上帮您查。", False, "b") for i in range(6)]
    examples += [Example(f"第{i}句，这个不归我管。", True, "c") for i in range(3)]
    trained = train(examples, "tiny")
    assert [f.writer for f in trained.folds] == ["a", "b", "c"]
    assert [f.replies for f in trained.folds] == [6, 6, 3]


@pytest.mark.parametrize(("line", "message"), [
    ("0.5 zh:你", "expected 'name<TAB>value'"),
    ("abc\tzh:你", "is not a number"),
    ("0.5\tzh:您", "listed twice"),
])  # fmt: skip
def test_a_broken_model_line_is_refused_with_its_line(
    tmp_path: Path, line: str, message: str
) -> None:
    folder = tmp_path / "lexicon"
    shutil.copytree(DEFAULT_LEXICON, folder)
    path = folder / MODEL_FILE
    lines = path.read_text(encoding="utf-8").splitlines()
    at = next(i for i, text in enumerate(lines) if "\tzh:您" in text) + 1
    lines.insert(at, line)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(InputFileError, match=message) as caught:
        read_model(path)
    assert caught.value.line == at + 1
    lexicon, problems = lexicon_problems(folder)
    assert lexicon is None and any(MODEL_FILE in str(p) for p in problems)


def test_a_model_for_other_pieces_must_be_retrained(tmp_path: Path) -> None:
    path = tmp_path / MODEL_FILE
    text = (DEFAULT_LEXICON / MODEL_FILE).read_text(encoding="utf-8")
    path.write_text(text.replace("features\t", "features\t0", 1), encoding="utf-8")
    with pytest.raises(InputFileError, match="reply-model train"):
        read_model(path)


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "frontline.cli", "reply-model", *args],
                          capture_output=True, text=True, check=False)  # fmt: skip


def test_train_writes_a_readable_model_and_reports_each_unseen_writer(tmp_path: Path) -> None:
    folder = tmp_path / "lexicon"
    shutil.copytree(DEFAULT_LEXICON, folder)
    (folder / MODEL_FILE).unlink()
    # a small set by three writers: the command, not the model, is under test here
    lines = (DATA / "replies.yml").read_text(encoding="utf-8").splitlines()
    writers = ("writer-1", "writer-2", "writer-4")
    keep = [ln for ln in lines if any(f"by: {w}}}" in ln for w in writers)]
    small = tmp_path / "small.yml"
    small.write_text("replies:\n" + "\n".join(keep[:60] + keep[-60:]) + "\n", encoding="utf-8")
    result = _cli("train", "--replies", str(small), "--lexicon", str(folder))
    assert result.returncode == 0, result.stderr
    assert "cross-validation 1/" in result.stdout and "writer-1:" in result.stdout
    assert "all unseen writers: precision" in result.stdout
    assert (folder / MODEL_FILE).stat().st_mode & 0o777 == 0o644
    assert load_lexicon(folder).tone is not None
    measured = _cli("measure", str(DATA / "replies-holdout.yml"), "--lexicon", str(folder))
    assert "rude precision" in measured.stdout


def test_a_bad_labelled_set_is_refused_with_its_line_and_nothing_written(tmp_path: Path) -> None:
    folder = tmp_path / "lexicon"
    shutil.copytree(DEFAULT_LEXICON, folder)
    before = (folder / MODEL_FILE).read_bytes()
    bad = tmp_path / "set.yml"
    bad.write_text('replies:\n  - {text: "好的", rude: true}\n  - {text: "行", rude: maybe}\n',
                   encoding="utf-8")  # fmt: skip
    result = _cli("train", "--replies", str(bad), "--lexicon", str(folder))
    assert result.returncode != 0
    assert "set.yml" in result.stderr and "line 3" in result.stderr and "rude" in result.stderr
    assert (folder / MODEL_FILE).read_bytes() == before


def test_reply_check_shows_the_tone_reading() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "frontline.cli", "reply-check", UNLISTED_RUDE],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert result.returncode == 1
    assert "dismissive-tone.model" in result.stdout
    assert "tone model 语气: chance of rude" in result.stdout


def test_a_tone_finding_costs_points_and_says_why_in_both_languages(lexicon: Lexicon) -> None:
    from frontline.roleplay.scoring import reply_moments

    analysis = analyse(UNLISTED_RUDE, lexicon)
    (moment,) = reply_moments("step", analysis, (), lexicon)
    assert sum(moment.lost.values()) > 0
    assert moment.reason.zh.startswith("说了推诿、怠慢的说法“修电梯又不是我们前台的活儿”：")
    assert "a dismissive way of speaking" in moment.reason.en
    assert moment.tip is not None and moment.tip.zh.startswith("可以这样说：“")
