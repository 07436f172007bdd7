"""The drill and the self-check quiz, driven as a trainee would: clicks and values."""

from __future__ import annotations

from pathlib import Path

import pytest

from frontline import learn
from frontline.core.i18n import Text
from frontline.practice.drill import DrillSession, DrillView, drill_cases
from frontline.practice.quiz import QuizView
from frontline.practice.quizfile import Quiz, QuizOption, QuizQuestion
from frontline.practice.timelimits import TimeLimit, TimeLimitTable, load_time_limits
from frontline.roleplay import load_scenarios


def _button(view: DrillView, limit: Text):
    for button, option in zip(view.option_buttons, view.session.options, strict=True):
        if option == limit:
            return button
    raise AssertionError(f"{limit.en} not offered")


def _wrong(view: DrillView) -> Text:
    return next(o for o in view.session.options if o != view.session.current.row.limit)


def test_drill_right_answer_is_praised_and_scored() -> None:
    view = DrillView(DrillSession(load_time_limits(), seed=3), "en")
    right = view.session.current.row.limit
    assert view.next_button.disabled
    _button(view, right).click()
    assert "Right" in view.feedback.value
    assert right.en in view.feedback.value
    assert "Score: 1 of 1" in view.score.value
    assert all(button.disabled for button in view.option_buttons)
    assert _button(view, right).button_style == "success"
    assert not view.next_button.disabled


def test_drill_wrong_answer_names_the_right_limit() -> None:
    view = DrillView(DrillSession(load_time_limits(), seed=5), "zh")
    current = view.session.current.row
    wrong = _wrong(view)
    _button(view, wrong).click()
    assert "不对" in view.feedback.value
    assert current.limit.zh in view.feedback.value
    assert "得分:0 / 1" in view.score.value
    assert _button(view, wrong).button_style == "danger"
    assert _button(view, current.limit).button_style == "success"
    # Clicking again cannot change the mark of a case already answered.
    _button(view, current.limit).click()
    assert "得分:0 / 1" in view.score.value


def test_drill_runs_through_every_case_and_keeps_a_running_score() -> None:
    table = load_time_limits()
    view = DrillView(DrillSession(table, seed=11), "en")
    total = len(drill_cases(table))
    seen = set()
    for n in range(total):
        seen.add((view.session.current.row.id, view.session.current.prompt))
        choice = view.session.current.row.limit if n % 2 == 0 else _wrong(view)
        _button(view, choice).click()
        view.next_button.click()
        assert view.feedback.value == "" or "new round" in view.feedback.value
        assert len(view.session.options) == 4
        assert view.session.current.row.limit in view.session.options
    assert len(seen) == total, "each case comes once per round"
    assert f"Score: {(total + 1) // 2} of {total}" in view.score.value
    assert "new round" in view.feedback.value


def test_drill_escapes_text_from_the_table() -> None:
    row = TimeLimit("x", Text("<b>案</b>", "<b>case</b>"), Text("一天", "a day"), ())
    other = TimeLimit("y", Text("别的", "other"), Text("两天", "two days"), ())
    view = DrillView(DrillSession(TimeLimitTable(Path("t.yml"), (row, other)), seed=1), "en")
    if view.session.current.row.id != "x":
        _button(view, view.session.current.row.limit).click()
        view.next_button.click()
    assert "&lt;b&gt;case" in view.case.value


def _quiz() -> Quiz:
    single = QuizQuestion(
        id="s", kind="single", prompt=Text("几分钟?", "How many minutes?"),
        options=(
            QuizOption("ten", Text("10 分钟", "10 minutes"), right=True),
            QuizOption("thirty", Text("30 分钟", "30 minutes"), right=False),
        ),
        explain=Text("紧急维修 10 分钟到场。", "Emergency repairs: on site in 10 minutes."),
    )  # fmt: skip
    multiple = QuizQuestion(
        id="m", kind="multiple", prompt=Text("哪些是忌语?", "Which are forbidden?"),
        options=(
            QuizOption("dunno", Text("不知道", "don't know"), right=True),
            QuizOption("sue", Text("有本事你去告", "sue us"), right=True),
            QuizOption("wait", Text("请稍等", "one moment"), right=False),
        ),
        explain=Text("“请稍等”是文明用语。", "\"One moment\" is polite."),
    )  # fmt: skip
    return Quiz(id="t", title=Text("自测", "Self-check"), questions=(single, multiple))


def test_quiz_right_and_wrong_answers_with_explanations_and_score() -> None:
    view = QuizView(_quiz(), "en")
    single, multiple = view.questions
    assert "0 of 2 checked" in view.summary.value
    assert single.radio is not None
    single.radio.value = "ten"
    single.check_button.click()
    assert "Right" in single.feedback.value
    assert "on site in 10 minutes" in single.feedback.value
    assert single.check_button.disabled and single.radio.disabled
    multiple.boxes["dunno"].value = True  # one right option missing: not right
    multiple.check_button.click()
    assert "Not right" in multiple.feedback.value
    assert "A, B" in multiple.feedback.value
    assert "is polite" in multiple.feedback.value
    assert "1 of 2 right" in view.summary.value
    assert not view.again_button.disabled


def test_quiz_asks_for_an_answer_before_checking_and_can_start_again() -> None:
    view = QuizView(_quiz(), "zh")
    single, multiple = view.questions
    single.check_button.click()
    assert "请先选择答案" in single.feedback.value
    assert single.result is None and not single.check_button.disabled
    multiple.boxes["dunno"].value = True
    multiple.boxes["sue"].value = True
    multiple.check_button.click()
    assert "回答正确" in multiple.feedback.value
    assert single.radio is not None
    single.radio.value = "thirty"
    single.check_button.click()
    assert "正确答案:A" in single.feedback.value
    assert "答对 1 / 2" in view.summary.value
    view.again_button.click()
    assert all(q.result is None for q in view.questions)
    assert "已核对 0 / 2" in view.summary.value


def test_facade_drill_quiz_and_table_use_the_course_files() -> None:
    drill_view = learn.drill("en", seed=1)
    assert drill_view.session.total == len(drill_cases(load_time_limits()))
    quiz_view = learn.quiz("03-complaints", "zh")
    assert quiz_view.quiz.id == "03-complaints"
    assert "自测" in quiz_view.widget.children[0].value
    table = learn.limits_table("en").value
    assert table.count("<tr>") == 1 + len(load_time_limits().limits)
    assert "Staff arrive within 15 minutes" in table
    # A notebook cell ending in a view shows the widget.
    bundle = drill_view._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in bundle


def test_facade_quiz_prefers_the_notebook_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import shutil

    from frontline.practice.modulefile import MODULES_DIR

    folder = tmp_path / "02-communication"
    shutil.copytree(MODULES_DIR / "02-communication", folder)
    text = (folder / "quiz.yml").read_text(encoding="utf-8")
    (folder / "quiz.yml").write_text(text.replace("自测：沟通技巧", "本地副本"), encoding="utf-8")
    monkeypatch.chdir(folder)
    assert learn.quiz("02-communication", "zh").quiz.title.zh == "本地副本"


def test_facade_header_roleplay_and_rewrite(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FRONTLINE_HOME", str(tmp_path / "home"))
    monkeypatch.chdir(tmp_path)
    head = learn.header("03-complaints", "en")
    title, banner = head.children
    assert "Module 3: Complaint handling" in title.value
    assert "An angry owner whose repair was ignored twice" in banner.value
    assert "Declining a request" not in banner.value  # another module's scenario

    root = learn.roleplay("neighbour-noise", "en")
    view = root.roleplay
    assert view.scenario.id == "neighbour-noise" and view.mode == "practice"
    for choice in ("proper-opening", "soothe-and-note", "fifteen-minutes", "polite-request"):
        view.choose(choice)
    view.reply_text.value = "Thank you for your patience. Is there anything else I can do?"
    view.send.click()
    assert view.play.finished
    assert view.play.result().total >= 90

    exercise = learn.rewrite("shouting", "zh").rewrite
    exercise.text.value = "非常抱歉让您久等了,请稍等,两分钟后我马上为您处理。"
    exercise.check.click()
    assert exercise.passed
    # The play was recorded in the temporary home, so the banner now counts it.
    count = sum(s.module == "complaints" for s in load_scenarios().values())
    assert f"0 of {count} scenarios played" in banner.value
    after = learn.header("03-complaints", "en").children[1].value
    assert f"1 of {count} scenarios played" in after
    assert (tmp_path / "home").is_dir()
