"""The demo cohort's practice history: what each trainee did in the course modules.

Simulated only where a person would click: each trainee's own progress file is
written by the same functions the module notebooks call (`practice.activity`,
`roleplay.progress.record_play`), with moments in the past after the hire date,
so HR's reader sees exactly what a real trainee's kernel would have left. Seeded
by trainee id: every run writes the same files.
"""

from __future__ import annotations

import random
import shutil
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from frontline.demo.cohort import DemoTrainee
from frontline.practice.activity import record_quiz, touch_module
from frontline.roleplay.progress import PROGRESS_FILE, record_play

MODULES = {"01-etiquette": "etiquette", "02-communication": "communication",
           "03-complaints": "complaints"}  # fmt: skip
SCENARIOS = {
    "etiquette": ("front-desk-reception", "impatient-walk-in"),
    "communication": ("declined-request", "phone-routed-inquiry"),
    "complaints": ("repair-angry-customer", "staff-attitude-complaint", "emergency-repair-call"),
}
QUIZ_QUESTIONS = 5
#: modules a trainee never finished, so the demo shows an overdue new hire
UNFINISHED = {"t013": ("03-complaints",), "t022": ("03-complaints",)}
RED_LINES = ("privacy", "money", "insult")  # keys of roleplay.model.RED_LINES
#: staff hired before this did the course when it started, not after their hire date
COURSE_START = date(2024, 6, 3)


def _start(member: DemoTrainee) -> date:
    hired = member.trainee.hire_date
    return max(hired, COURSE_START) + timedelta(days=2) if hired else COURSE_START


def simulate_member(member: DemoTrainee, path: Path) -> None:
    tid = member.trainee.trainee_id
    rng = random.Random(f"frontline-demo:records:{tid}")
    day = _start(member)
    skipped = UNFINISHED.get(tid, ())
    for week, (module_id, topic) in enumerate(MODULES.items()):
        moment = datetime.combine(day + timedelta(days=7 * week), datetime.min.time(), UTC)
        moment += timedelta(hours=9 + rng.randrange(3))
        touch_module(module_id, now=moment, path=path)
        for scenario in SCENARIOS[topic]:
            for _ in range(1 + rng.randrange(3)):
                moment += timedelta(minutes=rng.randrange(4, 13))
                crossed = rng.random() > member.skill + 0.35
                total = 0 if crossed else min(100, int(member.skill * 100) + rng.randrange(-8, 9))
                lines = (rng.choice(RED_LINES),) if crossed else ()
                record_play(scenario, topic, total, path, red_lines=lines, now=moment)
                touch_module(module_id, now=moment, path=path)
        if module_id in skipped:
            continue
        for _ in range(QUIZ_QUESTIONS):
            moment += timedelta(minutes=rng.randrange(1, 4))
            touch_module(module_id, now=moment, path=path)
        right = max(1, min(QUIZ_QUESTIONS, round(member.skill * QUIZ_QUESTIONS)))
        record_quiz(module_id, right, QUIZ_QUESTIONS, now=moment, path=path)


def simulate_progress(cohort: list[DemoTrainee], folder: Path) -> int:
    """Write every trainee's progress file afresh under folder/<trainee_id>/."""
    shutil.rmtree(folder, ignore_errors=True)
    for member in cohort:
        simulate_member(member, folder / member.trainee.trainee_id / PROGRESS_FILE)
    return len(cohort)
