"""A module's self-check quiz (`quiz.yml` beside the module's notebooks).

Unlike an exam's `questions.yml`, this file carries its key: each right option
is marked `right: true`. That is deliberate and safe: self-check quizzes are
practice with instant feedback, never graded, and never feed an exam or the
gradebook. The key word differs from those `frontline.exams.model.questions` refuses
(`answer`, `correct`, ...), so a quiz file can never be passed off as exam
questions by mistake: the exam loader rejects it as an unknown key.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from frontline.core.i18n import LANGUAGES, Text
from frontline.core.yamlfile import YamlDocument, read_yaml, text_field
from frontline.practice.content import check_keys, ident

QUIZ_FILE = "quiz.yml"
QuizKind = Literal["single", "multiple"]


@dataclass(frozen=True)
class QuizOption:
    id: str
    text: Text
    right: bool


@dataclass(frozen=True)
class QuizQuestion:
    id: str
    kind: QuizKind
    prompt: Text
    options: tuple[QuizOption, ...]
    explain: Text

    @property
    def right_ids(self) -> frozenset[str]:
        return frozenset(option.id for option in self.options if option.right)

    def is_right(self, selected: set[str] | frozenset[str]) -> bool:
        """All right options ticked and nothing else."""
        return frozenset(selected) == self.right_ids


@dataclass(frozen=True)
class Quiz:
    id: str
    title: Text
    questions: tuple[QuizQuestion, ...]


def _option(doc: YamlDocument, raw: Any, *where: str | int) -> QuizOption:
    item = check_keys(
        doc, raw, required={"id", *LANGUAGES}, optional=frozenset({"right"}), where=where
    )
    right = item.get("right", False)
    if not isinstance(right, bool):
        raise doc.error("'right' must be true or false", *where, "right")
    return QuizOption(
        id=ident(doc, item["id"], "an option id", *where, "id"),
        text=text_field(doc, {lang: item[lang] for lang in LANGUAGES}, *where),
        right=right,
    )


def _question(doc: YamlDocument, raw: Any, index: int) -> QuizQuestion:
    where: tuple[str | int, ...] = ("questions", index)
    item = check_keys(
        doc, raw, required={"id", "kind", "prompt", "options", "explain"}, where=where
    )
    kind = item["kind"]
    if kind not in ("single", "multiple"):
        raise doc.error(f"kind must be 'single' or 'multiple', not {kind!r}", *where, "kind")
    raw_options = item["options"]
    if not isinstance(raw_options, list) or len(raw_options) < 2:
        raise doc.error("a question needs a list of at least two options", *where, "options")
    options = tuple(
        _option(doc, option, *where, "options", i) for i, option in enumerate(raw_options)
    )
    ids = [option.id for option in options]
    for i, option_id in enumerate(ids):
        if option_id in ids[:i]:
            raise doc.error(f"duplicate option id {option_id!r}", *where, "options", i)
    right = sum(option.right for option in options)
    if kind == "single" and right != 1:
        raise doc.error(
            f"a single-choice question needs exactly one 'right: true' option, not {right}",
            *where,
            "options",
        )
    if kind == "multiple" and right < 1:
        raise doc.error("mark at least one option 'right: true'", *where, "options")
    return QuizQuestion(
        id=ident(doc, item["id"], "a question id", *where, "id"),
        kind=kind,
        prompt=text_field(doc, item["prompt"], *where, "prompt"),
        options=options,
        explain=text_field(doc, item["explain"], *where, "explain"),
    )


def load_quiz(path: Path) -> Quiz:
    """Load and validate a quiz; every error names the file, line and key."""
    doc = read_yaml(path)
    top = check_keys(doc, doc.data, required={"quiz", "title", "questions"})
    raw_questions = top["questions"]
    if not isinstance(raw_questions, list) or not raw_questions:
        raise doc.error("'questions' must be a non-empty list", "questions")
    questions = tuple(_question(doc, raw, i) for i, raw in enumerate(raw_questions))
    ids = [question.id for question in questions]
    for i, question_id in enumerate(ids):
        if question_id in ids[:i]:
            raise doc.error(f"duplicate question id {question_id!r}", "questions", i)
    return Quiz(
        id=ident(doc, top["quiz"], "the quiz id", "quiz"),
        title=text_field(doc, top["title"], "title"),
        questions=questions,
    )
