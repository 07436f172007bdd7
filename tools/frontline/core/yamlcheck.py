"""Checks for values in YAML settings files, each naming the file, key and line when it fails."""

from __future__ import annotations

import math
from collections.abc import Collection
from typing import Any

from frontline.core.yamlfile import YamlDocument

WEIGHT_TOLERANCE = 1e-6


def number(doc: YamlDocument, value: Any, *where: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise doc.error(f"must be a number, not {value!r}", *where)
    return float(value)


def whole_number(doc: YamlDocument, value: Any, *where: str, minimum: int = 0) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise doc.error(f"must be a whole number, not {value!r}", *where)
    if value < minimum:
        raise doc.error(f"must be at least {minimum}, not {value}", *where)
    return value


def choice(doc: YamlDocument, value: Any, options: Collection[str], *where: str) -> str:
    if not isinstance(value, str) or value not in options:
        raise doc.error(f"must be one of {list(options)}, not {value!r}", *where)
    return value


def mapping(
    doc: YamlDocument,
    raw: Any,
    allowed: Collection[str],
    *where: str,
    required: Collection[str] = (),
    what: str = "key",
) -> dict[str, Any]:
    """A mapping whose keys are all known; a typo is refused, never silently ignored."""
    if not isinstance(raw, dict):
        raise doc.error(f"must be a mapping with {', '.join(allowed)}", *where)
    for key in raw:
        if str(key) not in allowed:
            raise doc.error(f"unknown {what}; expected one of {sorted(allowed)}", *where, str(key))
    for key in required:
        if key not in raw:
            raise doc.error("missing", *where, key)
    return {str(key): value for key, value in raw.items()}


def weight_table(doc: YamlDocument, raw: dict[str, Any], *where: str) -> dict[str, float]:
    """Weights above 0 and at most 1 that add up to 1 (the key path names the table)."""
    weights: dict[str, float] = {}
    for key, value in raw.items():
        weight = number(doc, value, *where, key)
        if not 0 < weight <= 1:
            raise doc.error(f"must be above 0 and at most 1, not {weight:g}", *where, key)
        weights[key] = weight
    total = sum(weights.values())
    if abs(total - 1.0) > WEIGHT_TOLERANCE:
        raise doc.error(f"weights must add up to 1, but they add up to {total:g}", *where)
    return weights


def component_weights(
    doc: YamlDocument, raw: Any, *where: str, weight_key: str | None = None
) -> dict[str, float]:
    """Weights of `weights: {theory: 0.6}` or of `components: {theory: {weight: 0.6}}`."""
    if not isinstance(raw, dict) or not raw:
        raise doc.error("must map each component (theory, practical, ...) to a weight", *where)
    if weight_key is None:
        return weight_table(doc, {str(k): v for k, v in raw.items()}, *where)
    weights: dict[str, float] = {}
    for name, spec in raw.items():
        if not isinstance(spec, dict) or weight_key not in spec:
            raise doc.error(f"needs a {weight_key}", *where, str(name))
        weight = number(doc, spec[weight_key], *where, str(name), weight_key)
        if not 0 < weight <= 1:
            raise doc.error(
                f"must be above 0 and at most 1, not {weight:g}", *where, str(name), weight_key
            )
        weights[str(name)] = weight
    total = sum(weights.values())
    if abs(total - 1.0) > WEIGHT_TOLERANCE:
        raise doc.error(f"weights must add up to 1, but they add up to {total:g}", *where)
    return weights


def patterns(doc: YamlDocument, raw: Any, *where: str) -> tuple[str, ...]:
    """Exam ids or glob patterns (`*-theory`, `practical*`), as a list of strings."""
    items = [raw] if isinstance(raw, str) else raw
    if not isinstance(items, list) or not items:
        raise doc.error('must list exam ids or patterns, e.g. ["*-theory", "final-exam"]', *where)
    found: list[str] = []
    for index, item in enumerate(items):
        if not isinstance(item, str) or not item.strip():
            raise doc.error(f"must be an exam id or pattern, not {item!r}", *where, index)
        found.append(item.strip())
    return tuple(found)


def check_name(doc: YamlDocument, value: Any, *where: str) -> str:
    if not isinstance(value, str) or not value.strip() or any(c.isspace() for c in value):
        raise doc.error(f"must be a short name without spaces, not {value!r}", *where)
    return value


def expect(condition: bool, doc: YamlDocument, message: str, *where: str) -> None:
    if not condition:
        raise doc.error(message, *where)
