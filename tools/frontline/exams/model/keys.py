"""Read the answer key out of an exam's source notebook (trainer side only).

The key is written once, in the hidden tests, as calls like
``score_single("q03", "standard", points=2)``, ``score_ordering("q16", [...])`` or
``score_matching("q17", {...})``. Parsing those calls (never executing
them) gives the demo its simulated trainees and the tests their expected points,
without a second copy of the key that could drift or leak.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

import nbformat

from frontline.core.errors import InputFileError

_KINDS = {
    "score_single": "single",
    "score_multiple": "multiple",
    "score_ordering": "ordering",
    "score_matching": "matching",
}


@dataclass(frozen=True)
class KeyItem:
    question_id: str
    kind: str
    #: right options (choice), every item (ordering), every right option (matching)
    correct: frozenset[str]
    points: float
    #: ordering: the items in their right order
    order: tuple[str, ...] = ()
    #: matching: (item id, option id) pairs
    pairs: tuple[tuple[str, str], ...] = ()

    @property
    def matches(self) -> dict[str, str]:
        return dict(self.pairs)

    def perfect_answer(self) -> tuple[str, ...] | dict[str, str]:
        """What an answers file holds for this item when it earns every point."""
        if self.kind == "ordering":
            return self.order
        if self.kind == "matching":
            return self.matches
        return tuple(sorted(self.correct))


@dataclass(frozen=True)
class ExamKey:
    items: dict[str, KeyItem]
    manual_points: dict[str, float]

    @property
    def auto_points(self) -> float:
        return sum(item.points for item in self.items.values())

    @property
    def total_points(self) -> float:
        return self.auto_points + sum(self.manual_points.values())


def _literal(node: ast.expr, where: str) -> object:
    try:
        return ast.literal_eval(node)
    except ValueError:
        raise ValueError(f"{where}: arguments of score_* calls must be literals") from None


def _key_item(kind: str, question_id: str, correct: object, points: object) -> KeyItem:
    if not isinstance(points, int | float):
        raise TypeError("points must be a number")
    if kind == "matching":
        if not isinstance(correct, dict):
            raise TypeError("score_matching needs a mapping of item id to option id")
        pairs = tuple((str(k), str(v)) for k, v in correct.items())
        return KeyItem(
            question_id, kind, frozenset(v for _, v in pairs), float(points), pairs=pairs
        )
    if isinstance(correct, str):
        ids: tuple[str, ...] = (correct,)
    elif isinstance(correct, list | tuple | set | frozenset):
        ids = tuple(map(str, correct))
    else:
        raise TypeError("the key must be an option id or a list of ids")
    order = ids if kind == "ordering" else ()
    return KeyItem(question_id, kind, frozenset(ids), float(points), order=order)


def key_items(source: str, where: str) -> list[KeyItem]:
    """The keys of the score_* calls in one hidden test's source (parsed, never run)."""
    items: list[KeyItem] = []
    for node in ast.walk(ast.parse(source)):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)):
            continue
        kind = _KINDS.get(node.func.id)
        if kind is None:
            continue
        args = [_literal(arg, where) for arg in node.args]
        kwargs = {kw.arg: _literal(kw.value, where) for kw in node.keywords if kw.arg}
        question_id = str(args[0] if args else kwargs["question_id"])
        correct = args[1] if len(args) > 1 else kwargs["correct"]
        points = args[2] if len(args) > 2 else kwargs.get("points", 1.0)
        try:
            items.append(_key_item(kind, question_id, correct, points))
        except TypeError as exc:
            raise ValueError(f"{where}: {exc}") from None
    return items


def read_exam_key(notebook_path: Path) -> ExamKey:
    try:
        notebook = nbformat.read(notebook_path, as_version=4)
    except Exception as exc:  # nbformat raises several unrelated types for bad files
        raise InputFileError(notebook_path, f"cannot read notebook: {exc}") from None
    items: dict[str, KeyItem] = {}
    manual: dict[str, float] = {}
    for index, cell in enumerate(notebook.cells):
        meta = cell.metadata.get("nbgrader", {})
        if not meta.get("grade"):
            continue
        where = f"{notebook_path}, cell {index + 1}"
        if meta.get("solution"):
            manual[meta["grade_id"]] = float(meta.get("points", 0))
            continue
        try:
            found = key_items(cell.source, where)
        except SyntaxError as exc:
            raise InputFileError(notebook_path, f"cell {index + 1}: {exc.msg}") from None
        for item in found:
            items[item.question_id] = item
    return ExamKey(items=items, manual_points=manual)
