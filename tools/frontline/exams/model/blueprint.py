"""The exam blueprint: which questions examine which service-standard fact.

`exams/blueprint.yml` lists every fact the course must examine with the questions
(`exam/question-id`) that do; `check_blueprint` (run by `frontline check`) names
every malformed fact, each fact left unexamined and each reference to an exam or
item that does not exist, with file and line.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from frontline.core.errors import InputFileError
from frontline.core.yamlfile import YamlDocument, read_yaml
from frontline.exams.model.questions import QUESTIONS_FILE, load_questions
from frontline.exams.model.trainer_file import trainer_file_path

BLUEPRINT_FILE = "blueprint.yml"
FACT_KEYS = ("id", "section", "fact", "questions")


@dataclass(frozen=True)
class Fact:
    id: str
    section: int
    text: str
    questions: tuple[str, ...]
    line: int | None
    index: int = 0  # position in `facts:`, for the key path of a finding


def blueprint_facts(doc: YamlDocument) -> tuple[list[Fact], list[InputFileError]]:
    """The facts that are well formed, and a finding for everything that is not."""
    problems: list[InputFileError] = []
    data = doc.data if isinstance(doc.data, dict) else {}
    for key in data:
        if key != "facts":
            problems.append(doc.error("unknown key; the blueprint has only 'facts'", str(key)))
    raw = data.get("facts")
    if not isinstance(raw, list) or not raw:
        problems.append(doc.error("expected 'facts:' with a list of facts", "facts"))
        return [], problems
    facts: list[Fact] = []
    seen: dict[str, int] = {}
    for i, entry in enumerate(raw):
        fact, found = _fact(doc, entry, i)
        problems.extend(found)
        if fact is None:
            continue
        if fact.id in seen:
            problems.append(doc.error(
                f"duplicate fact id {fact.id!r} (first in fact {seen[fact.id] + 1})",
                "facts", i, "id"))  # fmt: skip
            continue
        seen[fact.id] = i
        facts.append(fact)
    return facts, problems


def _fact(doc: YamlDocument, entry: Any, i: int) -> tuple[Fact | None, list[InputFileError]]:
    where = ("facts", i)
    if not isinstance(entry, dict):
        return None, [doc.error("a fact needs exactly id, section, fact and questions", *where)]
    problems = [
        doc.error(f"'{key}' is missing", *where) for key in FACT_KEYS if key not in entry
    ] + [
        doc.error(f"unknown key; expected one of {list(FACT_KEYS)}", *where, str(key))
        for key in entry if key not in FACT_KEYS
    ]  # fmt: skip
    fact_id, section, text = entry.get("id"), entry.get("section", 0), entry.get("fact", "")
    questions = entry.get("questions", [])
    if "id" in entry and (not isinstance(fact_id, str) or not fact_id.strip()):
        problems.append(doc.error("the fact id must be a short text", *where, "id"))
    if isinstance(section, bool) or not isinstance(section, int) or section < 1:
        problems.append(doc.error(f"section must be a DOMAIN.md section number, not {section!r}",
                                  *where, "section"))  # fmt: skip
    if not isinstance(text, str) or ("fact" in entry and not text.strip()):
        problems.append(doc.error("the fact must be a text saying what is examined",
                                  *where, "fact"))  # fmt: skip
    if not isinstance(questions, list) or not all(isinstance(q, str) for q in questions):
        problems.append(doc.error("questions must be a list of exam/question ids",
                                  *where, "questions"))  # fmt: skip
    # A fact with another flaw still has its references checked, so one run lists all.
    if not isinstance(questions, list) or not all(isinstance(q, str) for q in questions):
        return None, problems
    fact = Fact(
        id=str(fact_id),
        section=section if isinstance(section, int) else 0,
        text=str(text),
        questions=tuple(questions),
        line=doc.line_of(*where),
        index=i,
    )
    return fact, problems


def load_blueprint(path: Path) -> tuple[Fact, ...]:
    """The blueprint's facts; refuses a malformed file, naming the first problem."""
    doc = read_yaml(path)
    facts, problems = blueprint_facts(doc)
    if problems:
        raise problems[0]
    return tuple(facts)


def exam_item_ids(course_root: Path, exam_id: str) -> set[str]:
    """Question and written-answer ids of one exam.

    Written ids are read leniently from the trainer file: that file's own problems
    are its check's findings, and must not hide which items exist.
    """
    bank = load_questions(course_root / "source" / exam_id / QUESTIONS_FILE)
    ids = {q.id for q in bank.questions}
    trainer_path = trainer_file_path(course_root, exam_id)
    if trainer_path.is_file():
        try:
            data = read_yaml(trainer_path).data
        except InputFileError:
            return ids
        written = data.get("written") if isinstance(data, dict) else None
        for entry in written if isinstance(written, list) else []:
            if isinstance(entry, dict) and entry.get("id") is not None:
                ids.add(str(entry["id"]))
    return ids


def check_blueprint(path: Path, course_root: Path) -> list[InputFileError]:
    """Every problem of the blueprint: malformed facts, facts with no question,
    references to exams or items that do not exist."""
    try:
        doc = read_yaml(path)
    except InputFileError as exc:
        return [exc]
    facts, problems = blueprint_facts(doc)
    items: dict[str, set[str] | InputFileError] = {}
    for fact in facts:
        where = ("facts", fact.index, "questions")
        if not fact.questions:
            problems.append(doc.error(
                f"fact {fact.id!r} is examined by no question; name the questions that "
                "examine it, as exam/question-id", *where))  # fmt: skip
        for j, reference in enumerate(fact.questions):
            problem = _reference_problem(reference, course_root, items)
            if problem:
                problems.append(doc.error(f"fact {fact.id!r} names {reference}: {problem}",
                                          *where, j))  # fmt: skip
    return problems


def _reference_problem(
    reference: str, course_root: Path, items: dict[str, set[str] | InputFileError]
) -> str | None:
    exam, slash, item = reference.partition("/")
    if not (exam and slash and item):
        return "write it as exam/question-id, e.g. final-exam/q01"
    if exam not in items:
        if not (course_root / "source" / exam / QUESTIONS_FILE).is_file():
            return f"there is no exam {exam!r} in {course_root / 'source'}"
        try:
            items[exam] = exam_item_ids(course_root, exam)
        except InputFileError as exc:
            items[exam] = exc
    known = items[exam]
    if isinstance(known, InputFileError):
        return f"cannot tell, {exam}'s questions.yml does not load ({known.reason})"
    if item not in known:
        return f"{exam} has no question or written answer {item!r}"
    return None
