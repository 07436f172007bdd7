"""Reading `onboarding:` and `kpi:` in `policy.yml`; each refusal names key and line."""

from __future__ import annotations

from datetime import date
from typing import Any

from frontline.core.i18n import Text
from frontline.core.yamlcheck import check_name, choice, mapping, number, patterns, whole_number
from frontline.core.yamlfile import YamlDocument, text_field
from frontline.hr.policy.model import RATER_ROLES, Tier
from frontline.hr.policy.programmes import KpiPolicy, Programme, Refresher

PROGRAMME_KEYS = (
    "title", "applies_to", "within_days", "modules", "practical", "exams", "sessions",
    "refresher",
)  # fmt: skip
KPI_KEYS = (
    "items", "spot_check_deduction", "satisfaction_bands", "bonuses", "penalties", "top",
    "bottom", "plan_days", "appraisal_role", "sample_rate",
)  # fmt: skip


def _tier(doc: YamlDocument, value: Any, *where: str) -> str:
    tier = Tier(choice(doc, value, [t.value for t in Tier], *where))
    if tier is Tier.FAIL:
        raise doc.error("'fail' is no requirement; name pass, good or excellent", *where)
    return tier.value


def _names(doc: YamlDocument, raw: Any, *where: str) -> tuple[str, ...]:
    if not isinstance(raw, list) or not all(isinstance(x, str) and x.strip() for x in raw):
        raise doc.error("must be a list of names", *where)
    return tuple(x.strip() for x in raw)


def _programme(doc: YamlDocument, name: str, raw: Any) -> Programme:
    where = ("onboarding", name)
    spec = mapping(doc, raw, PROGRAMME_KEYS, *where, required=("within_days",))
    title = text_field(doc, spec["title"], *where, "title") if "title" in spec else Text(name, name)
    fields: dict[str, Any] = {}
    if "applies_to" in spec:
        scope = mapping(
            doc, spec["applies_to"], ("roles", "teams", "hired_on_or_after"), *where, "applies_to"
        )
        if "roles" in scope:
            fields["roles"] = _names(doc, scope["roles"], *where, "applies_to", "roles")
        if "teams" in scope:
            fields["teams"] = _names(doc, scope["teams"], *where, "applies_to", "teams")
        if "hired_on_or_after" in scope:
            since = scope["hired_on_or_after"]
            if not isinstance(since, date):
                raise doc.error(
                    "must be a date like 2025-01-01", *where, "applies_to", "hired_on_or_after"
                )
            fields["hired_on_or_after"] = since
    if "modules" in spec:
        fields["modules"] = _names(doc, spec["modules"], *where, "modules")
    if "practical" in spec:
        fields["practical"] = _tier(doc, spec["practical"], *where, "practical")
    if "exams" in spec:
        exams = spec["exams"]
        if not isinstance(exams, dict) or not exams:
            raise doc.error("must map each exam id to the tier it needs", *where, "exams")
        fields["exams"] = {str(k): _tier(doc, v, *where, "exams", str(k)) for k, v in exams.items()}
    if "sessions" in spec:
        fields["sessions"] = patterns(doc, spec["sessions"], *where, "sessions")
    if "refresher" in spec:
        fresh = mapping(
            doc, spec["refresher"], ("every_days", "sessions", "exams"), *where, "refresher",
            required=("every_days",),
        )  # fmt: skip
        fields["refresher"] = Refresher(
            whole_number(doc, fresh["every_days"], *where, "refresher", "every_days", minimum=1),
            patterns(doc, fresh["sessions"], *where, "refresher", "sessions")
            if "sessions" in fresh else (),
            patterns(doc, fresh["exams"], *where, "refresher", "exams") if "exams" in fresh else (),
        )  # fmt: skip
    if not any(k in spec for k in ("modules", "practical", "exams", "sessions")):
        raise doc.error("requires nothing: list modules, practical, exams or sessions", *where)
    days = whole_number(doc, spec["within_days"], *where, "within_days", minimum=1)
    return Programme(name=name, title=title, within_days=days, **fields)


def parse_onboarding(doc: YamlDocument, raw: Any) -> tuple[Programme, ...]:
    if raw is None:
        return ()
    if not isinstance(raw, dict):
        raise doc.error("must map each programme's name to its requirements", "onboarding")
    return tuple(
        _programme(doc, check_name(doc, name, "onboarding", str(name)), spec)
        for name, spec in raw.items()
    )


def _points(
    doc: YamlDocument, raw: Any, defaults: dict[str, float], *where: str
) -> dict[str, float]:
    table = mapping(doc, raw, list(defaults), *where)
    found = dict(defaults)
    for key, value in table.items():
        points = number(doc, value, *where, key)
        if points < 0:
            raise doc.error(f"must be 0 or more points, not {points:g}", *where, key)
        found[key] = points
    return found


def _bands(doc: YamlDocument, raw: Any) -> tuple[tuple[float, float], ...]:
    where = ("kpi", "satisfaction_bands")
    if not isinstance(raw, list) or not raw:
        raise doc.error("must list [at_least_percent, deduct] pairs, highest first", *where)
    bands: list[tuple[float, float]] = []
    for i, pair in enumerate(raw):
        if not isinstance(pair, list) or len(pair) != 2:
            raise doc.error("must be a pair [at_least_percent, deduct]", *where, i)
        floor = number(doc, pair[0], *where, str(i))
        deduct = number(doc, pair[1], *where, str(i))
        if not 0 <= floor <= 100 or deduct < 0:
            raise doc.error("percent must be 0..100 and the deduction 0 or more", *where, i)
        if bands and not (floor < bands[-1][0] and deduct >= bands[-1][1]):
            raise doc.error(
                "bands go from the highest percent down, deducting more as they go", *where, i
            )
        bands.append((floor, deduct))
    if bands[-1][0] != 0:
        raise doc.error("the last band must start at 0, so every percent has a band", *where)
    return tuple(bands)


def parse_kpi(doc: YamlDocument, raw: Any) -> KpiPolicy:
    if raw is None:
        return KpiPolicy()
    spec = mapping(doc, raw, KPI_KEYS, "kpi")
    defaults = KpiPolicy()
    fields: dict[str, Any] = {}
    if "items" in spec:
        fields["items"] = _points(doc, spec["items"], defaults.items, "kpi", "items")
        total = sum(fields["items"].values())
        if abs(total - 100) > 1e-6:
            raise doc.error(f"item points must add up to 100, not {total:g}", "kpi", "items")
    for key in ("bonuses", "penalties"):
        if key in spec:
            fields[key] = _points(doc, spec[key], getattr(defaults, key), "kpi", key)
    if "spot_check_deduction" in spec:
        fields["spot_check_deduction"] = number(
            doc, spec["spot_check_deduction"], "kpi", "spot_check_deduction"
        )
    if "satisfaction_bands" in spec:
        fields["satisfaction_bands"] = _bands(doc, spec["satisfaction_bands"])
    for key in ("top", "bottom", "plan_days"):
        if key in spec:
            fields[key] = whole_number(doc, spec[key], "kpi", key, minimum=1)
    if "appraisal_role" in spec:
        role = spec["appraisal_role"]
        fields["appraisal_role"] = (
            None
            if role in (None, "none")
            else choice(doc, role, RATER_ROLES, "kpi", "appraisal_role")
        )
    if "sample_rate" in spec:
        rate = number(doc, spec["sample_rate"], "kpi", "sample_rate")
        if not 0 < rate <= 1:
            raise doc.error(f"must be above 0 and at most 1, not {rate:g}", "kpi", "sample_rate")
        fields["sample_rate"] = rate
    return KpiPolicy(**fields)
