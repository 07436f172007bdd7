"""The draw: which variant of a pooled question each trainee's sitting shows.

Table-driven against the contract's own formula, stable across processes (no
Python hash()), a retake shows another variant wherever the pool has two or more,
and a cohort spreads roughly evenly over a pool.
"""

from __future__ import annotations

import hashlib
import json
import os
import random
import subprocess
import sys
from collections import Counter

import pytest

from frontline.exams.model.draw import draw, draw_variant, drawn_paper, sitting_of
from tests.exams.pools import pooled_data


def contract(ids: list[str], slot: str, trainee: str, exam: str) -> str:
    """The draw exactly as variants.md writes it, for the table below."""
    base, n = exam, 0
    if "-retake-" in exam:
        base, number = exam.rsplit("-retake-", 1)
        n = int(number)
    perm = sorted(ids, key=lambda v: (len(v), v))
    random.Random(hashlib.sha256(f"{base}\x1f{slot}\x1f{trainee}".encode()).digest()).shuffle(perm)
    return perm[n % len(perm)]


@pytest.mark.parametrize(
    ("exam", "expected"),
    [
        ("final-exam", ("final-exam", 0)),
        ("final-exam-retake-1", ("final-exam", 1)),
        ("complaints-theory-retake-12", ("complaints-theory", 12)),
        ("exam-retake-x", ("exam-retake-x", 0)),
        ("retake-2", ("retake-2", 0)),
    ],
)
def test_the_sitting_is_the_base_exam_and_the_retake_number(
    exam: str, expected: tuple[str, int]
) -> None:
    assert sitting_of(exam) == expected


CASES = [
    (ids, slot, trainee, exam)
    for ids in (["v1"], ["v1", "v2"], ["v1", "v2", "v3"], [f"v{i}" for i in range(1, 12)])
    for slot in ("q01", "q17")
    for trainee in ("t001", "李小明", "alice")
    for exam in ("final-exam", "final-exam-retake-1", "final-exam-retake-2")
]


@pytest.mark.parametrize(("ids", "slot", "trainee", "exam"), CASES)
def test_the_draw_is_the_contracts_formula(
    ids: list[str], slot: str, trainee: str, exam: str
) -> None:
    drawn = draw_variant(ids, question_id=slot, trainee_id=trainee, exam_id=exam)
    assert drawn == contract(ids, slot, trainee, exam)
    # the order of the variants in the file changes nothing
    backwards = draw_variant(ids[::-1], question_id=slot, trainee_id=trainee, exam_id=exam)
    assert backwards == drawn


def test_the_draw_is_the_same_in_another_process_with_another_hash_seed() -> None:
    bank, _ = pooled_data()
    here = {t: draw(bank, t, "pooled") for t in ("t1", "t2", "t3", "王芳")}
    code = (
        "import json; from frontline.exams.model.draw import draw; "
        "from tests.exams.pools import pooled_data; bank, _ = pooled_data(); "
        "print(json.dumps({t: draw(bank, t, 'pooled') for t in ('t1', 't2', 't3', '王芳')}))"
    )
    for seed in ("1", "12345"):
        env = dict(os.environ, PYTHONHASHSEED=seed)
        out = subprocess.run(
            [sys.executable, "-c", code], env=env, check=True, capture_output=True, text=True
        )
        assert json.loads(out.stdout) == here


@pytest.mark.parametrize("size", [2, 3, 5])
def test_a_retake_shows_another_variant_whenever_the_pool_has_two(size: int) -> None:
    ids = [f"v{i}" for i in range(1, size + 1)]
    for number in range(200):
        trainee = f"t{number:03}"
        sittings = [
            draw_variant(ids, question_id="q05", trainee_id=trainee, exam_id=exam)
            for exam in ("final-exam", "final-exam-retake-1", "final-exam-retake-2")
        ]
        assert sittings[0] != sittings[1] and sittings[1] != sittings[2], trainee
        if size >= 3:
            assert len(set(sittings)) == 3, trainee  # three sittings, three variants


def test_a_pool_of_one_always_shows_its_variant() -> None:
    for exam in ("e", "e-retake-1", "e-retake-7"):
        assert draw_variant(["v1"], question_id="q01", trainee_id="t", exam_id=exam) == "v1"


@pytest.mark.parametrize("size", [2, 3, 4])
def test_a_cohort_spreads_roughly_evenly_over_a_pool(size: int) -> None:
    ids = [f"v{i}" for i in range(1, size + 1)]
    trainees = 600
    counts = Counter(
        draw_variant(ids, question_id="q03", trainee_id=f"s{n}", exam_id="etiquette-theory")
        for n in range(trainees)
    )
    assert set(counts) == set(ids)
    share = trainees / size
    for variant, count in counts.items():
        assert 0.8 * share <= count <= 1.2 * share, (variant, counts)


def test_different_slots_draw_independently() -> None:
    """The slot is in the seed: one trainee does not get v1 everywhere."""
    ids = ["v1", "v2", "v3"]
    pairs = Counter(
        tuple(
            draw_variant(ids, question_id=slot, trainee_id=f"t{n}", exam_id="x")
            for slot in ("q01", "q02")
        )
        for n in range(900)
    )
    assert len(pairs) == 9 and min(pairs.values()) > 60


def test_the_paper_is_the_drawn_variant_of_every_slot_in_order() -> None:
    bank, _ = pooled_data()
    drawn = draw(bank, "t9", "pooled")
    assert list(drawn) == ["q01", "q02", "q03", "q04"]
    assert drawn["q03"] == "v1"  # flat: a pool of one
    paper = drawn_paper(bank, "t9")
    assert [(q.id, q.variant) for q in paper] == list(drawn.items())
    assert paper[0].prompt == bank.variant("q01", drawn["q01"]).prompt
