"""Per-trainee option order: stable for one trainee, different between trainees."""

from __future__ import annotations

import hashlib
import random
from collections.abc import Sequence


def shuffled_options(
    option_ids: Sequence[str], *, trainee_id: str, exam_id: str, question_id: str
) -> list[str]:
    # A hash, not Python's hash(), so the order survives kernel restarts
    # (PYTHONHASHSEED) and is the same on the trainer's machine.
    seed = hashlib.sha256(f"{exam_id}\x1f{question_id}\x1f{trainee_id}".encode()).digest()
    order = list(option_ids)
    random.Random(seed).shuffle(order)
    return order
