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

from frontline.exams.model.keys import ExamKey
from frontline.exams.model.questions import QuestionBank
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


@dataclass(frozen=True)
class DemoTrainee:
    trainee: Trainee
    skill: float
    broken: bool = False


def plan_cohort(trainees: list[Trainee]) -> list[DemoTrainee]:
    """Spread skill evenly from weak to strong, in an order fixed by the ids (not the file)."""
    ranked = sorted(trainees, key=lambda t: hashlib.sha256(t.trainee_id.encode()).hexdigest())
    count = max(1, len(ranked) - 1)
    skills = {t.trainee_id: 0.30 + 0.70 * i / count for i, t in enumerate(ranked)}
    broken = trainees[len(trainees) // 4].trainee_id if len(trainees) > 1 else None
    return [
        DemoTrainee(t, round(skills[t.trainee_id], 3), t.trainee_id == broken) for t in trainees
    ]


def simulate_answers(
    bank: QuestionBank, key: ExamKey, skill: float, rng: random.Random
) -> dict[str, tuple[str, ...]]:
    answers: dict[str, tuple[str, ...]] = {}
    for question in bank.questions:
        item = key.items.get(question.id)
        roll = rng.random()
        if item is None or roll > 0.97:
            continue  # now and then a question is left blank
        wrong = [o for o in question.option_ids if o not in item.correct]
        if roll < skill:
            answers[question.id] = tuple(sorted(item.correct))
        elif question.kind == "single":
            answers[question.id] = (rng.choice(wrong),)
        else:
            right = sorted(item.correct)
            keep = rng.sample(right, k=rng.randint(1, len(right)))
            extra = rng.sample(wrong, k=min(len(wrong), rng.randint(0, 1)))
            answers[question.id] = tuple(keep + extra)
    return answers


def written_answer(skill: float) -> str:
    return next(text for minimum, text in WRITTEN_ANSWERS if skill >= minimum)


def fill_written_answer(notebook_path: Path, text: str) -> None:
    notebook = nbformat.read(notebook_path, as_version=4)
    for cell in notebook.cells:
        meta = cell.metadata.get("nbgrader", {})
        if cell.cell_type == "markdown" and meta.get("solution"):
            cell.source = text
    nbformat.write(notebook, notebook_path)
