"""The demo's simulated trainees answer the variant their sitting shows, and say so."""

from __future__ import annotations

import random

from frontline.demo.cohort import simulate_sheet
from frontline.exams.model.draw import draw
from frontline.exams.model.kinds.registry import kind_of
from tests.exams.pools import pooled_data


def test_a_skilled_simulated_trainee_earns_every_point_of_their_own_variants() -> None:
    bank, trainer = pooled_data()
    for trainee in ("t01", "t02", "t03", "t04", "t05", "t06"):
        drawn = draw(bank, trainee, bank.exam_id)
        sheet = simulate_sheet(bank, trainer, 1.0, random.Random(trainee), trainee)
        assert sheet.variants == {slot: drawn[slot] for slot in bank.pools if slot in sheet.answers}
        for slot, answer in sheet.answers.items():
            item = trainer.keyed(slot, drawn[slot])
            assert kind_of(item.kind).points(answer, item.key, item.points) == item.points


def test_a_weak_simulated_trainee_slips_on_the_variant_shown() -> None:
    bank, trainer = pooled_data()
    sheet = simulate_sheet(bank, trainer, 0.0, random.Random(3), "t07")
    drawn = draw(bank, "t07", bank.exam_id)
    for slot, answer in sheet.answers.items():
        shown = bank.variant(slot, drawn[slot])
        ids = set(shown.option_ids) | set(shown.item_ids)
        chosen = set(answer.values()) | set(answer) if isinstance(answer, dict) else set(answer)
        assert chosen <= ids, slot
