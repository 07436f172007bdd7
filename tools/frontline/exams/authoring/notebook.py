"""Write an exam's source notebook from `questions.yml` and the trainer file.

The notebook has the shape nbgrader expects and the etiquette exam set: locked
instructions, `exam = start_exam()`, one locked grade cell per question whose
hidden test holds the key, then written answers as markdown solution cells whose
source is the marking guide. Writing it from data keeps 60-odd hidden tests free
of copy-and-paste slips; a test checks the committed notebooks match their data.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from pathlib import Path
from typing import cast

import nbformat
from nbformat.notebooknode import NotebookNode

from frontline.core.atomic import write_text_atomic
from frontline.exams.model.kinds.base import points_literal
from frontline.exams.model.kinds.registry import KINDS, kind_of
from frontline.exams.model.questions import QUESTIONS_FILE, QuestionBank, load_questions
from frontline.exams.model.trainer_file import (
    KeyedItem,
    TrainerFile,
    WrittenItem,
    load_trainer_file,
    trainer_file_path,
)

_KERNEL = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}


def _meta(
    grade_id: str, *, grade: bool = False, solution: bool = False, points: float = 0
) -> dict[str, object]:
    meta: dict[str, object] = {
        "grade": grade,
        "grade_id": grade_id,
        "locked": not solution,
        "schema_version": 3,
        "solution": solution,
        "task": False,
    }
    if grade:
        meta["points"] = int(points) if float(points).is_integer() else points
    return {"nbgrader": meta}


def hidden_test(item: KeyedItem, pool: Mapping[str, KeyedItem] | None = None) -> str:
    """A question's cell: the widget, then the hidden test its kind writes for the key.

    A pooled slot's (`pool`: every variant's key) holds every key: the grading side
    draws the trainee's variant and scores against that key only.
    """
    kind = kind_of(item.kind)
    if pool is None:
        function = kind.score_function
        call = kind.hidden_test_call(item.question_id, item.key, item.points)
    else:
        function = "score_pooled"
        keys = {variant: keyed.key for variant, keyed in pool.items()}
        call = kind.pooled_test_call(item.question_id, keys, item.points)
    return (
        f'exam.ask("{item.question_id}")\n'
        "### BEGIN HIDDEN TESTS\n"
        f"from frontline.exams.grading import {function}\n\n"
        f"{call}\n"
        "### END HIDDEN TESTS"
    )


def slot_test(trainer: TrainerFile, question_id: str) -> str:
    """The cell of one slot as the trainer file keys it (flat or pooled)."""
    pool = trainer.pools.get(question_id) if trainer.pooled(question_id) else None
    return hidden_test(trainer.items[question_id], pool)


def _instructions(bank: QuestionBank, trainer: TrainerFile) -> str:
    kinds = Counter(q.kind for q in bank.questions)
    total = trainer.auto_points + sum(trainer.manual_points.values())
    names = {kind: kind_of(kind).labels.name for kind in kinds}
    zh_kinds = "、".join(f"{names[k].zh} {n} 道" for k, n in kinds.items())
    en_kinds = ", ".join(f"{n} {names[k].en}" for k, n in kinds.items())
    written = len(trainer.written)
    # How each partial-credit rule reads to a trainee, only for kinds the exam has.
    rules = [kind.labels.rule for kind in KINDS.values() if kind.name in kinds and kind.labels.rule]
    rules_zh = "".join(f"- {rule.zh}\n" for rule in rules)
    rules_en = "".join(f"- {rule.en}\n" for rule in rules)
    plural = "" if written == 1 else "s"
    full = points_literal(total)
    summary_en = (
        f"{len(bank.questions)} questions to click ({en_kinds}) and {written} written "
        f"answer{plural}, {full} points in all."
    )
    run_all_en = (
        "First run all cells (*Run → Run All Cells*), then answer the questions. "
        "Switch between Chinese and English at the top at any time."
    )
    return f"""# {bank.title.zh}
# {bank.title.en}

**考试说明**

- 共 {len(bank.questions)} 道客观题({zh_kinds})和 {written} 道简答题,满分 {full} 分。
- 客观题只需点击,答案会**自动保存**,无需编写任何代码。
- 请先运行全部单元格(菜单 *Run → Run All Cells*),然后逐题作答。可以随时在顶部切换中文或英文。
{rules_zh}- 简答题请在指定的文本框内直接书写,由培训师评分。
- 完成后在 *Assignments* 页面点击 **Submit** 提交。

**How this exam works**

- {summary_en}
- Just click: every answer is **saved automatically**; you never write code.
- {run_all_en}
{rules_en}- Write each written answer in the box provided; your trainer marks it.
- When you are done, click **Submit** on the *Assignments* page."""


def _written_cells(item: WrittenItem, number: int) -> list[NotebookNode]:
    points = points_literal(item.points)
    prompt = (
        f"### {number}. 简答题({points} 分)· Written answer ({points} points)\n\n"
        f"{item.prompt.zh}\n\n{item.prompt.en}"
    )
    guide = f"**评分要点(仅培训师可见)· Marking guide (trainers only)**\n\n{item.guide}"
    return [
        nbformat.v4.new_markdown_cell(
            prompt, metadata=_meta(f"{item.id}_prompt"), id=f"{item.id}-prompt"
        ),
        nbformat.v4.new_markdown_cell(
            guide,
            metadata=_meta(item.id, grade=True, solution=True, points=item.points),
            id=item.id,
        ),
    ]


def render_notebook(bank: QuestionBank, trainer: TrainerFile) -> NotebookNode:
    cells = [
        nbformat.v4.new_markdown_cell(
            _instructions(bank, trainer), metadata=_meta("instructions"), id="instructions"
        ),
        nbformat.v4.new_code_cell(
            "from frontline.exams import start_exam\n\nexam = start_exam()",
            metadata=_meta("start"),
            id="start",
        ),
    ]
    for question in bank.questions:
        item = trainer.items[question.id]
        cells.append(
            nbformat.v4.new_code_cell(
                slot_test(trainer, question.id),
                metadata=_meta(question.id, grade=True, points=item.points),
                id=question.id,
            )
        )
    for offset, written in enumerate(trainer.written, start=len(bank.questions) + 1):
        cells.extend(_written_cells(written, offset))
    cells.append(
        nbformat.v4.new_markdown_cell(
            "---\n全部完成后请提交。祝你顺利!· Submit when you have finished. Good luck!",
            metadata=_meta("end"),
            id="end",
        )
    )
    notebook = nbformat.v4.new_notebook(cells=cells)
    notebook.metadata = NotebookNode({"kernelspec": _KERNEL, "language_info": {"name": "python"}})
    return cast(NotebookNode, notebook)


def notebook_text(bank: QuestionBank, trainer: TrainerFile) -> str:
    notebook = render_notebook(bank, trainer)
    nbformat.validate(notebook)
    return str(nbformat.writes(notebook)) + "\n"


def load_exam_data(
    course_root: Path, exam_id: str, source_exam: str | None = None
) -> tuple[QuestionBank, TrainerFile]:
    """The questions of `exam_id` and the trainer file they are keyed in.

    `source_exam` names the exam the trainer file belongs to when it differs (a
    retake is keyed by its original exam's file).
    """
    bank = load_questions(course_root / "source" / exam_id / QUESTIONS_FILE)
    keyed_by = trainer_file_path(course_root, source_exam or exam_id)
    trainer = load_trainer_file(keyed_by, _as_exam(bank, source_exam or exam_id))
    return bank, trainer


def _as_exam(bank: QuestionBank, exam_id: str) -> QuestionBank:
    from dataclasses import replace

    return replace(bank, exam_id=exam_id)


def write_exam_notebook(course_root: Path, exam_id: str) -> Path:
    """Write `source/<exam>/<exam>.ipynb` from its data; returns the notebook's path."""
    bank, trainer = load_exam_data(course_root, exam_id)
    path = course_root / "source" / exam_id / f"{exam_id}.ipynb"
    write_text_atomic(path, notebook_text(bank, trainer))
    return path
