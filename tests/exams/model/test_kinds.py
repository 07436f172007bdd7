"""Every registered item kind has every part, and each part works on the kind's example.

A kind is registered by adding its object to `frontline.exams.model.kinds.registry`;
this module then builds a questions.yml and a trainer file from every kind's own
tiny example and runs each part on it: questions.yml, the trainer file's key and
its shape check, the hidden test's call and the scoring function it names, the
points rule, the widget, the autograder's record, the feedback, the demo's answer
and the labels. A kind missing a part fails here, not on a trainee's screen.
"""

from __future__ import annotations

import ast
import random
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml

import frontline.exams.grading as grading
from frontline.core.errors import InputFileError
from frontline.core.i18n import LANGUAGES
from frontline.exams.authoring.notebook import hidden_test
from frontline.exams.feedback.theory import chosen_answer
from frontline.exams.model.answers import ANSWERS_FILE, AnswerSheet, save_sheet
from frontline.exams.model.bank import Question
from frontline.exams.model.kinds.base import ItemKind
from frontline.exams.model.kinds.registry import KINDS, kind_of
from frontline.exams.model.questions import load_questions
from frontline.exams.model.trainer_file import KeyedItem, load_trainer_file
from frontline.exams.trainee.answer_record import AnswerRecord, answer_lines
from frontline.exams.trainee.widgets import start_exam

EXAM = "kinds"
POINTS = 4.0
NAMES = sorted(KINDS)


def _entry(ident: str) -> dict[str, str]:
    return {"id": ident, "zh": f"{ident}(中)", "en": f"{ident} (en)"}


def _question(kind: ItemKind[Any]) -> dict[str, Any]:
    raw: dict[str, Any] = {
        "id": f"q-{kind.name}",
        "kind": kind.name,
        "prompt": {"zh": f"{kind.name} 题", "en": f"A {kind.name} question"},
    }
    for part in kind.parts:
        raw[part] = [_entry(i) for i in getattr(kind.example, part)]
    return raw


def _write_exam(folder: Path, keys: dict[str, Any] | None = None) -> tuple[Path, Path]:
    questions = {
        "exam": EXAM,
        "title": {"zh": "题型", "en": "Kinds"},
        "questions": [_question(kind) for kind in KINDS.values()],
    }
    trainer = {
        "exam": EXAM,
        "questions": {
            f"q-{name}": {
                "points": POINTS,
                "key": (keys or {}).get(name, kind.example.key),
                "explain": {"zh": "因为", "en": "because"},
            }
            for name, kind in KINDS.items()
        },
    }
    q = folder / "questions.yml"
    q.write_text(yaml.safe_dump(questions, allow_unicode=True), encoding="utf-8")
    t = folder / f"{EXAM}.yml"
    t.write_text(yaml.safe_dump(trainer, allow_unicode=True), encoding="utf-8")
    return q, t


@dataclass(frozen=True)
class Case:
    """One kind's example, written as an exam folder and read back."""

    folder: Path
    kind: ItemKind[Any]
    question: Question
    item: KeyedItem

    @property
    def key(self) -> Any:
        return self.item.key


@pytest.fixture(params=NAMES)
def case(request: pytest.FixtureRequest, tmp_path: Path) -> Case:
    q, t = _write_exam(tmp_path)
    bank = load_questions(q)
    trainer = load_trainer_file(t, bank)
    name = str(request.param)
    return Case(tmp_path, kind_of(name), bank.get(f"q-{name}"), trainer.items[f"q-{name}"])


def test_the_four_kinds_are_registered_in_the_instructions_order() -> None:
    assert list(KINDS) == ["single", "multiple", "ordering", "matching"]
    for name, kind in KINDS.items():
        assert kind_of(name) is kind and kind.name == name
    with pytest.raises(KeyError, match="no item kind 'essay'"):
        kind_of("essay")


@pytest.mark.parametrize("name", NAMES)
def test_every_kind_has_its_data_parts_and_labels(name: str) -> None:
    kind = kind_of(name)
    assert isinstance(kind, ItemKind)
    assert kind.parts and set(kind.parts) <= {"options", "items"}
    assert kind.key_yaml in (str, list, dict)
    for text in (kind.labels.name, kind.labels.hint, kind.labels.rule):
        if text is not None:
            assert all(text.get(lang).strip() for lang in LANGUAGES), (name, text)
    assert kind.labels.key_shape.strip()
    # The hidden test imports its function from the light grading package by name.
    assert callable(getattr(grading, kind.score_function)), kind.score_function
    for part in ("options", "items"):
        assert bool(getattr(kind.example, part)) == (part in kind.parts), (name, part)


def test_every_kind_reads_its_question_and_key(case: Case) -> None:
    assert case.question.kind == case.kind.name
    assert case.question.option_ids == case.kind.example.options
    assert case.question.item_ids == case.kind.example.items
    assert case.kind.question_problem(case.question) is None
    assert case.key


@pytest.mark.parametrize("name", NAMES)
def test_every_kind_refuses_a_key_of_another_shape(tmp_path: Path, name: str) -> None:
    kind = kind_of(name)
    wrong = {str: ["x"], list: "x", dict: ["x"]}[kind.key_yaml]
    q, t = _write_exam(tmp_path, keys={name: wrong})
    with pytest.raises(InputFileError) as excinfo:
        load_trainer_file(t, load_questions(q))
    assert excinfo.value.key == f"questions.q-{name}.key"
    assert kind.labels.key_shape in excinfo.value.reason


def test_every_kind_writes_a_hidden_test_that_scores_the_saved_answer(case: Case) -> None:
    kind, qid = case.kind, case.question.id
    cell = hidden_test(case.item)
    assert f"from frontline.exams.grading import {kind.score_function}" in cell
    call = kind.hidden_test_call(qid, case.key, POINTS)
    assert call in cell and call.startswith(f'{kind.score_function}("{qid}", ')
    node = ast.parse(call, mode="eval").body
    assert isinstance(node, ast.Call)
    literal = ast.literal_eval(node.args[1])  # the key is a plain literal, never code
    function = getattr(grading, kind.score_function)
    answers = case.folder / ANSWERS_FILE
    save_sheet(answers, AnswerSheet(EXAM, "t1", answers={qid: case.item.perfect_answer()}))
    assert function(qid, literal, points=POINTS, answers_file=answers) == POINTS
    save_sheet(answers, AnswerSheet(EXAM, "t1", answers={}))
    assert function(qid, literal, points=POINTS, answers_file=answers) == 0


def test_every_kinds_points_rule_is_pure_and_bounded(case: Case) -> None:
    kind, key = case.kind, case.key
    assert kind.points(kind.perfect_answer(key), key, POINTS) == POINTS
    assert kind.points(None, key, POINTS) == 0
    other_shape = {"x": "y"} if isinstance(kind.perfect_answer(key), tuple) else ("x",)
    assert kind.points(other_shape, key, POINTS) == 0
    rng = random.Random(7)
    slips = [kind.simulated_answer(case.question, key, False, rng) for _ in range(20)]
    earned = [kind.points(slip, key, POINTS) for slip in slips]
    assert all(0 <= points <= POINTS for points in earned)
    assert min(earned) < POINTS, "a demo trainee's slip costs points now and then"


def test_every_kind_simulates_a_right_answer_for_the_demo(case: Case) -> None:
    right = case.kind.simulated_answer(case.question, case.key, True, random.Random(1))
    assert right == case.kind.perfect_answer(case.key) == case.item.perfect_answer()


def test_every_kind_shows_a_recorded_answer_and_its_feedback(case: Case) -> None:
    question = case.question
    sheet = AnswerSheet(EXAM, "t1", answers={question.id: case.item.perfect_answer()})
    recorded = case.kind.recorded(question, sheet)
    assert recorded.lines and all(part.text for line in recorded.lines for part in line)
    lines = answer_lines(question, sheet, "en")
    assert len(lines) == len(recorded.lines)
    assert all("(en)" in line for line in lines)
    chosen = chosen_answer(question, sheet)  # what the feedback page lists
    assert chosen.ordered == recorded.numbered
    assert len(chosen.lines) == len(recorded.lines)
    first_line = lines[0].split(". ", 1)[-1].split(" → ")[0]
    assert first_line in [text.en for text in chosen.lines[0]]
    unknown = AnswerSheet(EXAM, "t1", answers={question.id: ("nope",)})
    if isinstance(case.item.perfect_answer(), tuple):
        assert "not an option of this question" in answer_lines(question, unknown, "en")[0]
        assert chosen_answer(question, unknown).lines == ()


def test_every_kind_has_a_widget_that_saves_and_switches_language(case: Case) -> None:
    hint = case.kind.labels.hint
    session = start_exam(case.folder, trainee="t1", lang="zh")
    view = session.view(case.question.id)
    assert view.widget is not None
    assert hint.zh in str(view.widget.children[0].value)
    view.set_lang("en")
    assert hint.en in str(view.widget.children[0].value)
    record = AnswerRecord.open(case.folder, lang="en")
    assert "not answered" in repr(record.shown(case.question.id))


def test_no_kind_imports_widgets_while_grading() -> None:
    """The registry is imported by hidden tests' scoring and the autograder's record;
    a kind's widget module must load only when a trainee's notebook asks for it."""
    code = (
        "import sys\n"
        "import frontline.exams.grading, frontline.exams.trainee.answer_record\n"
        "from frontline.exams.model.kinds.registry import KINDS\n"
        "names = ('ipywidgets', 'frontline.exams.trainee.widgets',\n"
        "         'frontline.exams.trainee.choice_view', 'frontline.exams.trainee.arrange_views')\n"
        "print(sorted(m for m in sys.modules if m.startswith(names)))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]", done.stdout


def test_every_kinds_pooled_hidden_test_scores_the_drawn_variant(case: Case) -> None:
    """A pooled hidden test passes every variant's key as a literal and gets it back."""
    from frontline.exams.grading.identity import GradingIdentity
    from frontline.exams.model.draw import draw_variant

    kind, qid = case.kind, case.question.id
    call = kind.pooled_test_call(qid, {"v1": case.key, "v2": case.key}, POINTS)
    node = ast.parse(call, mode="eval").body
    assert isinstance(node, ast.Call)
    assert ast.literal_eval(node.args[1]) == kind.name
    literals = ast.literal_eval(node.args[2])
    assert kind.key_from_literal(literals["v1"]) == case.key
    who = GradingIdentity("t1", EXAM)
    shown = draw_variant(["v1", "v2"], question_id=qid, trainee_id="t1", exam_id=EXAM)
    answers = case.folder / ANSWERS_FILE
    perfect = case.item.perfect_answer()
    save_sheet(answers, AnswerSheet(EXAM, "t1").with_answer(qid, perfect, shown))
    assert grading.score_pooled(qid, kind.name, literals, POINTS, answers, who) == POINTS
