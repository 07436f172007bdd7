"""What an exam notebook shows while nbgrader autogrades it: the trainee's recorded answers.

During autograding nobody clicks, so building the answer widgets (and importing
ipywidgets) in every grading kernel is wasted work, and formgrader cannot show a
widget anyway: it showed "VBox(...)" where the question was. Instead each question
cell prints, as escaped text, what the trainee chose. The trainer sees it beside
the hidden test's score in formgrader. The hidden tests read the same answers file,
so the scores do not depend on this view.

nbgrader sets NBGRADER_EXECUTION=autograde for exactly this kind of switch.
Nothing here writes a file: a damaged answers file is reported, not moved aside
(the grader flags it, see tamper.answers_problem).
"""

from __future__ import annotations

import html
import os
from dataclasses import dataclass
from pathlib import Path

from frontline.core.i18n import Lang, Text, parse_lang, preferred_lang
from frontline.exams.grading.identity import grading_identity
from frontline.exams.model.answers import ANSWERS_FILE, AnswerFileError, AnswerSheet, load_sheet
from frontline.exams.model.draw import drawn_question
from frontline.exams.model.kinds.base import Named
from frontline.exams.model.kinds.registry import kind_of
from frontline.exams.model.questions import QUESTIONS_FILE, Question, QuestionBank, load_questions

UI = {
    "record": Text(zh="已记录的答案(自动评分)", en="Recorded answers (autograding)"),
    "answered": Text(zh="已作答 {done} / {total} 题", en="{done} of {total} answered"),
    "answer": Text(zh="答案", en="Answer"),
    "not_answered": Text(zh="未作答", en="not answered"),
    "unknown": Text(zh="(不是本题的选项)", en="(not an option of this question)"),
    "unreadable": Text(
        zh="答案文件无法读取:{problem}", en="The answers file could not be read: {problem}"
    ),
}


def answered_line(bank: QuestionBank, sheet: AnswerSheet | None, lang: Lang) -> str:
    """"3 of 15 answered": for the exam widgets' header and the autograde record."""
    done = bank.count_answered(sheet.answers if sheet else ())
    return UI["answered"].get(lang).format(done=done, total=len(bank.questions))


def autograding() -> bool:
    """True inside nbgrader's autograder (plain `nbgrader autograde` or `frontline exams grade`)."""
    return os.environ.get("NBGRADER_EXECUTION") == "autograde"


@dataclass(frozen=True)
class Shown:
    """One display: HTML for the notebook and formgrader, plain text for the rest."""

    html: str
    text: str

    def _repr_html_(self) -> str:
        return self.html

    def __repr__(self) -> str:
        return self.text


def answer_lines(question: Question, sheet: AnswerSheet | None, lang: Lang) -> list[str]:
    """The trainee's answer to one question, one line per choice, item or pair."""
    if sheet is None:
        return []
    answer = kind_of(question.kind).recorded(question, sheet)

    def label(named: Named) -> str:
        if named.text is None:
            return f"{named.id} {UI['unknown'].get(lang)}"
        return named.text.get(lang)

    return [
        (f"{n}. " if answer.numbered else "") + " → ".join(label(part) for part in line)
        for n, line in enumerate(answer.lines, start=1)
    ]


class AnswerRecord:
    """Stands in for ExamSession while autograding; `ask` shows the recorded answer."""

    def __init__(self, bank: QuestionBank, answers_path: Path, lang: Lang | None = None) -> None:
        self.bank = bank
        self.problem = ""
        try:
            self.sheet = load_sheet(answers_path)
        except AnswerFileError as exc:
            self.sheet, self.problem = None, str(exc).removeprefix(f"{answers_path}: ")
        self.lang: Lang = lang or (self.sheet.lang if self.sheet else preferred_lang())
        self.header = self._header()

    def _header(self) -> Shown:
        lang = self.lang
        # No trainee id: the one in the answers file is the trainee's to write, and
        # formgrader names the submission's owner anyway.
        lines = [
            f"{self.bank.title.get(lang)} · {UI['record'].get(lang)}",
            answered_line(self.bank, self.sheet, lang),
        ]
        if self.problem:
            lines.append(UI["unreadable"].get(lang).format(problem=self.problem))
        return Shown(
            "<div class='frontline-record'>"
            + "<br>".join(html.escape(line) for line in lines)
            + "</div>",
            "\n".join(lines),
        )

    def question(self, question_id: str) -> Question:
        """The variant to show: the one grading draws for this submission's trainee and
        exam; outside grading, the one the answers file names (display only: scores
        come from the hidden tests)."""
        if not self.bank.pooled(question_id):
            return self.bank.get(question_id)
        identity = grading_identity()
        if identity is not None:
            return drawn_question(self.bank, question_id, identity.trainee, identity.exam)
        claim = self.sheet.variants.get(question_id) if self.sheet else None
        try:
            return self.bank.variant(question_id, claim or "")
        except KeyError:
            return self.bank.get(question_id)

    def shown(self, question_id: str) -> Shown:
        lang = self.lang
        question = self.question(question_id)
        title = f"{self.bank.number(question_id)}. {question.prompt.get(lang)}"
        answer = answer_lines(question, self.sheet, lang) or [UI["not_answered"].get(lang)]
        items = "".join(f"<li>{html.escape(line)}</li>" for line in answer)
        return Shown(
            f"<div class='frontline-record'><b>{html.escape(title)}</b><br>"
            f"{html.escape(UI['answer'].get(lang))}:<ul>{items}</ul></div>",
            "\n".join([title, f"{UI['answer'].get(lang)}:", *(f"  - {a}" for a in answer)]),
        )

    def ask(self, question_id: str) -> None:
        """Show one question's recorded answer (the notebook's call per question)."""
        from IPython.display import display

        display(self.shown(question_id))

    @classmethod
    def open(cls, folder: str | Path | None = None, *, lang: str | None = None) -> AnswerRecord:
        base = Path(folder) if folder is not None else Path.cwd()
        return cls(
            load_questions(base / QUESTIONS_FILE),
            base / ANSWERS_FILE,
            lang=parse_lang(lang) if lang else None,
        )


def open_record(folder: str | Path | None = None, *, lang: str | None = None) -> AnswerRecord:
    """`start_exam` while autograding: the record, with its header shown."""
    from IPython.display import display

    record = AnswerRecord.open(folder, lang=lang)
    display(record.header)
    return record
