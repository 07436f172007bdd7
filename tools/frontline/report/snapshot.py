"""The decision record: inputs, policy text and hash, software version, cycle and results.

Everything a report was computed from, as JSON, so `frontline report --rebuild` can
reproduce the same table later. The codec follows the dataclasses' own type hints,
so fields added to the contract (with defaults) are stored without changes here,
and a record written before a field existed still loads (the default applies).
"""

from __future__ import annotations

import dataclasses
import json
import types
import typing
from datetime import date
from enum import Enum
from pathlib import Path
from typing import Any

from frontline.core.errors import InputFileError
from frontline.hr.rules.outcomes import CohortInputs, CohortResult
from frontline.report.sections import HrSections

FORMAT = "frontline-decision-record"
FORMAT_VERSION = 1


@dataclasses.dataclass(frozen=True)
class PolicyRecord:
    version: str
    digest: str
    text: str  # the policy file exactly as it was read
    filename: str = "policy.yml"


@dataclasses.dataclass(frozen=True)
class DecisionRecord:
    cycle: str
    software_version: str
    generated: str
    policy: PolicyRecord
    result: CohortResult  # its `inputs` are the CohortInputs the result came from
    team: str | None = None
    anonymized: bool = False
    record_id: str = ""  # what certificate codes name (`certificates.code.record_id_of`)
    #: onboarding, KPI ranking and certificates, when the report was given their inputs
    sections: HrSections | None = None

    @property
    def inputs(self) -> CohortInputs:
        return self.result.inputs


_PLAIN = (str, int, float, bool, type(None))
_FIELDS: dict[type, tuple[str, ...]] = {}


def encode(value: Any) -> Any:
    kind = type(value)
    if kind in _PLAIN:
        return value
    names = _FIELDS.get(kind)
    if names is None and dataclasses.is_dataclass(value) and not isinstance(value, type):
        names = _FIELDS[kind] = tuple(f.name for f in dataclasses.fields(value))
    if names is not None:
        # A record holds ~10 values per score and 100,000s of scores: keep this loop lean.
        return {name: encode(getattr(value, name)) for name in names}
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, tuple | list):
        return [encode(v) for v in value]
    if isinstance(value, dict):
        return {str(k): encode(v) for k, v in value.items()}
    return value


def decode(kind: Any, raw: Any) -> Any:
    """Rebuild a value of type `kind` (a resolved type hint) from its JSON form."""
    origin = typing.get_origin(kind)
    if origin in (typing.Union, types.UnionType):
        options = [a for a in typing.get_args(kind) if a is not type(None)]
        if raw is None:
            return None
        return decode(options[0], raw)
    if origin is tuple:
        (item, *_) = typing.get_args(kind)
        return tuple(decode(item, v) for v in raw)
    if origin is dict:
        _, value_type = typing.get_args(kind)
        return {str(k): decode(value_type, v) for k, v in raw.items()}
    if isinstance(kind, type) and dataclasses.is_dataclass(kind):
        hints = typing.get_type_hints(kind)
        known = {f.name for f in dataclasses.fields(kind) if f.init}
        return kind(**{k: decode(hints[k], v) for k, v in raw.items() if k in known})
    if isinstance(kind, type) and issubclass(kind, Enum):
        return kind(raw)
    if kind is date:
        return date.fromisoformat(raw)
    if kind is float:
        return float(raw)
    return raw


def record_to_json(record: DecisionRecord) -> str:
    payload = {"format": FORMAT, "format_version": FORMAT_VERSION, **encode(record)}
    # No indent: only then does json use its C encoder, ~10x faster on a large cohort.
    return json.dumps(payload, ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n"


def load_record(path: Path) -> DecisionRecord:
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputFileError(path, "no such decision record") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        line = getattr(exc, "lineno", None)
        raise InputFileError(
            path, f"not a decision record (not valid JSON: {exc})", line=line
        ) from None
    if not isinstance(raw, dict) or raw.get("format") != FORMAT:
        raise InputFileError(path, f'not a decision record (no "format": "{FORMAT}")')
    if raw.get("format_version") != FORMAT_VERSION:
        raise InputFileError(
            path,
            f"written in record format {raw.get('format_version')!r}; this frontline reads "
            f"format {FORMAT_VERSION}",
            key="format_version",
        )
    try:
        record: DecisionRecord = decode(DecisionRecord, raw)
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise InputFileError(path, f"decision record is damaged: {exc!r}") from None
    return record
