"""The tier policy (`gradebook/policy.yml`): cut-offs, weights, what to do when a score is missing.

Every number is a setting, and a policy that cannot be applied fairly (cut-offs
out of order, weights not adding up to 1, a typo in a key) is refused with the
file, the key, the line and the reason, before any trainee is tiered by it.
"""

from __future__ import annotations

import hashlib
import math
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Any, Literal

from .i18n import Text
from .yamlfile import YamlDocument, read_yaml

MissingRule = Literal["incomplete", "zero", "reweight"]
MISSING_RULES: tuple[MissingRule, ...] = ("incomplete", "zero", "reweight")
TOP_LEVEL_KEYS = ("version", "cutoffs", "weights", "missing_component")
WEIGHT_TOLERANCE = 1e-6


class Tier(StrEnum):
    EXCELLENT = "excellent"
    GOOD = "good"
    PASS = "pass"
    FAIL = "fail"

    @property
    def label(self) -> Text:
        return TIER_LABELS[self]


TIER_LABELS = {
    Tier.EXCELLENT: Text(zh="优秀", en="excellent"),
    Tier.GOOD: Text(zh="良好", en="good"),
    Tier.PASS: Text(zh="合格", en="pass"),
    Tier.FAIL: Text(zh="不合格", en="fail"),
}

COMPONENT_LABELS = {
    "theory": Text(zh="理论", en="theory"),
    "practical": Text(zh="实操", en="practical"),
    "appraisal": Text(zh="考评", en="appraisal"),
}


def component_label(component: str) -> Text:
    return COMPONENT_LABELS.get(component, Text(zh=component, en=component))


@dataclass(frozen=True)
class Cutoffs:
    excellent: float = 90.0
    good: float = 80.0
    pass_mark: float = 60.0

    def minimum(self, tier: Tier) -> float | None:
        return {
            Tier.EXCELLENT: self.excellent,
            Tier.GOOD: self.good,
            Tier.PASS: self.pass_mark,
            Tier.FAIL: None,
        }[tier]


@dataclass(frozen=True)
class Policy:
    version: str = "default"
    cutoffs: Cutoffs = field(default_factory=Cutoffs)
    weights: dict[str, float] = field(default_factory=lambda: {"theory": 1.0})
    missing_component: MissingRule = "incomplete"
    digest: str = ""
    source: str = ""


def _number(doc: YamlDocument, value: Any, *where: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise doc.error(f"must be a number, not {value!r}", *where)
    return float(value)


def _cutoffs(doc: YamlDocument, raw: Any) -> Cutoffs:
    if not isinstance(raw, dict):
        raise doc.error("must be a mapping with excellent, good and pass", "cutoffs")
    allowed = {"excellent", "good", "pass"}
    for key in raw:
        if key not in allowed:
            raise doc.error(f"unknown cut-off; expected {sorted(allowed)}", "cutoffs", str(key))
    for key in ("excellent", "good", "pass"):
        if key not in raw:
            raise doc.error("missing", "cutoffs", key)
    excellent = _number(doc, raw["excellent"], "cutoffs", "excellent")
    good = _number(doc, raw["good"], "cutoffs", "good")
    pass_mark = _number(doc, raw["pass"], "cutoffs", "pass")
    if not 0 < excellent <= 100:
        raise doc.error(
            f"must be above 0 and at most 100, not {excellent:g}", "cutoffs", "excellent"
        )
    if not good < excellent:
        raise doc.error(
            f"must be below cutoffs.excellent ({good:g} is not below {excellent:g})",
            "cutoffs",
            "good",
        )
    if not pass_mark < good:
        raise doc.error(
            f"must be below cutoffs.good ({pass_mark:g} is not below {good:g})", "cutoffs", "pass"
        )
    if not pass_mark > 0:
        raise doc.error(f"must be above 0, not {pass_mark:g}", "cutoffs", "pass")
    return Cutoffs(excellent=excellent, good=good, pass_mark=pass_mark)


def _weights(doc: YamlDocument, raw: Any) -> dict[str, float]:
    if not isinstance(raw, dict) or not raw:
        raise doc.error("must map each component (theory, practical, ...) to a weight", "weights")
    weights: dict[str, float] = {}
    for key, value in raw.items():
        weight = _number(doc, value, "weights", str(key))
        if not 0 < weight <= 1:
            raise doc.error(f"must be above 0 and at most 1, not {weight:g}", "weights", str(key))
        weights[str(key)] = weight
    total = sum(weights.values())
    if abs(total - 1.0) > WEIGHT_TOLERANCE:
        raise doc.error(f"weights must add up to 1, but they add up to {total:g}", "weights")
    return weights


def parse_policy(doc: YamlDocument, digest: str = "") -> Policy:
    raw = doc.data
    if not isinstance(raw, dict):
        raise doc.error("expected a mapping with " + ", ".join(TOP_LEVEL_KEYS))
    for key in raw:
        if key not in TOP_LEVEL_KEYS:
            raise doc.error(f"unknown key; expected one of {list(TOP_LEVEL_KEYS)}", str(key))
    missing = raw.get("missing_component", "incomplete")
    if missing not in MISSING_RULES:
        raise doc.error(
            f"must be one of {list(MISSING_RULES)}, not {missing!r}", "missing_component"
        )
    version = raw.get("version", "")
    if isinstance(version, date):
        version = version.isoformat()  # an unquoted 2026-11-01 is read by YAML as a date
    if not isinstance(version, str | int | float) or not str(version).strip():
        raise doc.error('must name this policy\'s version, e.g. "2026-11"', "version")
    return Policy(
        version=str(version),
        cutoffs=_cutoffs(doc, raw.get("cutoffs")),
        weights=_weights(doc, raw.get("weights")),
        missing_component=missing,
        digest=digest,
        source=str(doc.path),
    )


def load_policy(path: Path) -> Policy:
    """Read and validate a policy file; the digest lets a report name the exact policy used."""
    doc = read_yaml(path)
    digest = hashlib.sha256(path.read_bytes()).hexdigest()[:12]
    return parse_policy(doc, digest)
