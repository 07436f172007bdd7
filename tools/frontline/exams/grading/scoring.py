"""Scoring used by the hidden tests of exam notebooks.

The hidden test of a question is one call, e.g. ``score_single("q03", "b", points=2)``,
``score_ordering("q16", ["calm", "listen", "promise"], points=3)`` or
``score_matching("q17", {"same-centre": "same-day", "other-dept": "3-days"}, points=4)``,
whose value nbgrader reads as partial credit. The score is recomputed from the
answers file on the grading side; nothing the trainee's kernel computed is trusted.
These functions never print: any stderr output would zero the cell.

A pooled slot's hidden test is ``score_pooled("q01", "single", {"v1": "c", "v2": "a"},
points=2)``: every variant's key, of which the one the grading side draws for this
trainee and sitting (`identity`, `frontline.exams.model.draw`) scores the answer. An
answers file that claims another variant earns 0 for the slot (and the grader flags
it, `tamper.variant_findings`).

Each rule is its item kind's (`frontline.exams.model.kinds`); these names are the
ones committed notebooks call, so they stay, each the kind's rule on the saved answer.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import TypeVar

from frontline.exams.grading.identity import GradingIdentity, grading_identity
from frontline.exams.model.answers import ANSWERS_FILE, read_answer, read_variant_claim
from frontline.exams.model.draw import draw_variant
from frontline.exams.model.kinds.base import ItemKind
from frontline.exams.model.kinds.matching import MATCHING, matching_points
from frontline.exams.model.kinds.multiple import MULTIPLE, multiple_choice_points
from frontline.exams.model.kinds.ordering import ORDERING, ordering_points
from frontline.exams.model.kinds.registry import kind_of
from frontline.exams.model.kinds.single import SINGLE, single_choice_points

__all__ = [
    "matching_points", "multiple_choice_points", "ordering_points", "score_item",
    "score_matching", "score_multiple", "score_ordering", "score_pooled", "score_single",
    "single_choice_points",
]  # fmt: skip

K = TypeVar("K")


def _answers_path(answers_file: str | Path | None) -> Path:
    return Path(answers_file) if answers_file is not None else Path.cwd() / ANSWERS_FILE


def score_item(
    kind: ItemKind[K],
    question_id: str,
    key: K,
    points: float = 1.0,
    answers_file: str | Path | None = None,
) -> float:
    """The points the saved answer to one question earns by its kind's rule (silent)."""
    return kind.points(read_answer(_answers_path(answers_file), question_id), key, points)


def score_single(
    question_id: str, correct: str, points: float = 1.0, answers_file: str | Path | None = None
) -> float:
    return score_item(SINGLE, question_id, correct, points, answers_file)


def score_multiple(
    question_id: str,
    correct: Iterable[str],
    points: float = 1.0,
    answers_file: str | Path | None = None,
) -> float:
    return score_item(MULTIPLE, question_id, tuple(correct), points, answers_file)


def score_ordering(
    question_id: str,
    correct: Sequence[str],
    points: float = 1.0,
    answers_file: str | Path | None = None,
) -> float:
    return score_item(ORDERING, question_id, tuple(correct), points, answers_file)


def score_matching(
    question_id: str,
    correct: Mapping[str, str],
    points: float = 1.0,
    answers_file: str | Path | None = None,
) -> float:
    return score_item(MATCHING, question_id, tuple(dict(correct).items()), points, answers_file)


def score_pooled(
    question_id: str,
    kind: str,
    keys: Mapping[str, object],
    points: float = 1.0,
    answers_file: str | Path | None = None,
    identity: GradingIdentity | None = None,
) -> float:
    """A pooled slot's points: the answer scored against the variant drawn for the
    trainee and exam that grading names (`identity`; from the kernel's folder by
    default). 0 outside grading, and 0 when the answers file claims another variant."""
    who = identity or grading_identity()
    if who is None or not keys:
        return 0.0
    variant = draw_variant(keys, question_id=question_id, trainee_id=who.trainee, exam_id=who.exam)
    path = _answers_path(answers_file)
    if read_variant_claim(path, question_id) != variant:
        return 0.0
    item_kind = kind_of(kind)
    return item_kind.points(
        read_answer(path, question_id), item_kind.key_from_literal(keys[variant]), points
    )
