"""The demo cohort's simulated trainees: who is how skilled, and what they answer.

Only what a person would do is simulated (clicks in the exam widgets, typed text,
choices in a role-play); the files written are the ones the widgets write.
"""

from __future__ import annotations

import hashlib
import random
from dataclasses import dataclass
from pathlib import Path

import nbformat

from frontline.exams.model.answers import AnswerSheet, AnswerValue
from frontline.exams.model.draw import drawn_paper
from frontline.exams.model.kinds.registry import kind_of
from frontline.exams.model.questions import QuestionBank
from frontline.exams.model.trainer_file import TrainerFile
from frontline.hr.inputs.roster import Trainee

WRITTEN_ANSWERS = [
    # (minimum skill, text): better trainees write fuller answers.
    (
        0.85,
        "您好!办理停车证除了身份证,还需要带上房产证明和车辆行驶证,费用可以在前台扫码缴纳。"
        "材料齐全后当场就能办好。请问还有什么可以帮您的吗?",
    ),
    (0.65, "您好,还需要带房产证明和行驶证,带齐了再来办理就可以。谢谢!"),
    (0.45, "身份证不够,还要别的材料,您回去准备一下再来。"),
    (0.0, "材料不全,办不了。"),
]


RED_LINE_IN_DEMO = "emergency-refusal"


@dataclass(frozen=True)
class DemoTrainee:
    trainee: Trainee
    skill: float
    broken: bool = False
    #: a red line this trainee crosses in the practical exam where offered (None: none)
    red_line: str | None = None


def plan_cohort(trainees: list[Trainee]) -> list[DemoTrainee]:
    """Spread skill evenly from weak to strong, in an order fixed by the ids (not the file)."""
    ranked = sorted(trainees, key=lambda t: hashlib.sha256(t.trainee_id.encode()).hexdigest())
    count = max(1, len(ranked) - 1)
    skills = {t.trainee_id: 0.30 + 0.70 * i / count for i, t in enumerate(ranked)}
    broken = trainees[len(trainees) // 4].trainee_id if len(trainees) > 1 else None
    # One of the stronger trainees refuses an emergency in the practical exam, so the HR
    # report shows a red line failing a trainee whose points alone would pass.
    careless = ranked[-3].trainee_id if len(ranked) > 3 else None
    return [
        DemoTrainee(
            t,
            round(skills[t.trainee_id], 3),
            t.trainee_id == broken,
            RED_LINE_IN_DEMO if t.trainee_id == careless else None,
        )
        for t in trainees
    ]


def simulate_sheet(
    bank: QuestionBank, trainer: TrainerFile, skill: float, rng: random.Random, trainee_id: str
) -> AnswerSheet:
    """What one simulated trainee clicks on the paper their sitting shows (the drawn
    variant of each pooled question): right with probability `skill`, else a slip of
    the question's kind; now and then a question is left blank. The sheet records the
    variant beside each answer to a pooled question, as the exam widgets do."""
    answers: dict[str, AnswerValue] = {}
    variants: dict[str, str] = {}
    for question in drawn_paper(bank, trainee_id):
        roll = rng.random()
        if question.id not in trainer.items or roll > 0.97:
            continue
        item = trainer.keyed(question.id, question.variant)
        kind = kind_of(question.kind)
        answers[question.id] = kind.simulated_answer(question, item.key, roll < skill, rng)
        if bank.pooled(question.id):
            variants[question.id] = question.variant
    return AnswerSheet(bank.exam_id, trainee_id, answers=answers, variants=variants)


def written_answer(skill: float) -> str:
    return next(text for minimum, text in WRITTEN_ANSWERS if skill >= minimum)


def fill_written_answer(notebook_path: Path, text: str) -> None:
    notebook = nbformat.read(notebook_path, as_version=4)
    for cell in notebook.cells:
        meta = cell.metadata.get("nbgrader", {})
        if cell.cell_type == "markdown" and meta.get("solution"):
            cell.source = text
    nbformat.write(notebook, notebook_path)
