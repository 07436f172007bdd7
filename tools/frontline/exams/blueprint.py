"""The exam blueprint: which questions examine which service-standard fact.

`exams/blueprint.yml` lists every fact the course must examine with the questions
(`exam/question-id`) that do; `check_blueprint` names each fact left unexamined
and each reference to a question that does not exist, with file and line.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..errors import InputFileError
from ..yamlfile import read_yaml
from .questions import QUESTIONS_FILE, load_questions
from .trainer_file import load_trainer_file, trainer_file_path

BLUEPRINT_FILE = "blueprint.yml"


@dataclass(frozen=True)
class Fact:
    id: str
    section: int
    text: str
    questions: tuple[str, ...]
    line: int | None


def load_blueprint(path: Path) -> tuple[Fact, ...]:
    doc = read_yaml(path)
    raw = doc.data.get("facts") if isinstance(doc.data, dict) else None
    if not isinstance(raw, list) or not raw:
        raise InputFileError(path, "expected 'facts:' with a list of facts")
    facts, seen = [], set()
    for i, entry in enumerate(raw):
        if not isinstance(entry, dict) or set(entry) != {"id", "section", "fact", "questions"}:
            raise doc.error("a fact needs exactly id, section, fact and questions", "facts", i)
        if entry["id"] in seen:
            raise doc.error(f"duplicate fact id {entry['id']!r}", "facts", i, "id")
        seen.add(entry["id"])
        questions = entry["questions"]
        if not isinstance(questions, list):
            raise doc.error("questions must be a list of exam/question ids", "facts", i)
        facts.append(
            Fact(
                id=str(entry["id"]),
                section=int(entry["section"]),
                text=str(entry["fact"]),
                questions=tuple(map(str, questions)),
                line=doc.line_of("facts", i),
            )
        )
    return tuple(facts)


def exam_item_ids(course_root: Path, exam_id: str) -> set[str]:
    """Question and written-answer ids of one exam."""
    bank = load_questions(course_root / "source" / exam_id / QUESTIONS_FILE)
    ids = {q.id for q in bank.questions}
    trainer_path = trainer_file_path(course_root, exam_id)
    if trainer_path.is_file():
        ids |= {w.id for w in load_trainer_file(trainer_path, bank).written}
    return ids


def check_blueprint(path: Path, course_root: Path) -> list[str]:
    """Problems found: facts with no question, references to missing questions."""
    problems: list[str] = []
    items: dict[str, set[str]] = {}
    for fact in load_blueprint(path):
        where = f"{path}, line {fact.line}"
        if not fact.questions:
            problems.append(f"{where}: fact {fact.id!r} is examined by no question")
        for reference in fact.questions:
            exam, _, item = reference.partition("/")
            if exam not in items:
                folder = course_root / "source" / exam
                items[exam] = exam_item_ids(course_root, exam) if folder.is_dir() else set()
            if item not in items[exam]:
                problems.append(
                    f"{where}: fact {fact.id!r} names {reference}, which does not exist"
                )
    return problems
