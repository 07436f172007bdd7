"""The registered item kinds, in the order exam instructions list them.

Adding a kind: write its module (an `ItemKind` object, see `base`) and add the object
here; tests/exams/model/test_kinds.py then runs every part of it on its example.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from frontline.exams.model.kinds.base import ItemKind
from frontline.exams.model.kinds.matching import MATCHING
from frontline.exams.model.kinds.multiple import MULTIPLE
from frontline.exams.model.kinds.ordering import ORDERING
from frontline.exams.model.kinds.single import SINGLE

KINDS: Mapping[str, ItemKind[Any]] = {
    kind.name: kind for kind in (SINGLE, MULTIPLE, ORDERING, MATCHING)
}


def kind_of(name: str) -> ItemKind[Any]:
    """The kind a question names (questions.yml's loader refuses any other)."""
    try:
        return KINDS[name]
    except KeyError:
        raise KeyError(f"no item kind {name!r}; the kinds are {list(KINDS)}") from None
