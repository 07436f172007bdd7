"""The tone model learnt from the labelled set, once per test process (a few seconds)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from frontline.roleplay.tone.labelled import read_labelled
from frontline.roleplay.tone.train import Trained, train

SET = Path(__file__).resolve().parents[1] / "data" / "replies.yml"


@lru_cache(maxsize=1)
def trained_on_set() -> Trained:
    return train([r.example for r in read_labelled(SET)], SET.name)
