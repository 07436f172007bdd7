"""Reading each section of `policy.yml`: one small checker per section.

Every checker takes the parsed document (which knows the line of each key) and
raises `InputFileError` naming the file, the key and the line, so HR can fix a
policy without reading code. `load_policy` and `parse_policy_text` are the way in;
`model` holds the types they build.
"""

from __future__ import annotations

import hashlib
from datetime import date
from pathlib import Path
from typing import Any, Literal, cast

from frontline.core.yamlcheck import (
    check_name,
    choice,
    component_weights,
    expect,
    mapping,
    number,
    patterns,
    weight_table,
    whole_number,
)
from frontline.core.yamlfile import YamlDocument, parse_yaml_text, read_text_file
from frontline.hr.policy.model import (
    ANY_COMPONENT,
    APPRAISAL,
    MISSING_RULES,
    RATER_ROLES,
    RED_LINE_RULES,
    RETAKE_COUNTS,
    TOP_LEVEL_KEYS,
    Cutoffs,
    CycleDate,
    CycleLength,
    CyclePolicy,
    DecisionPolicy,
    Gate,
    MissingRule,
    Policy,
    RedLineRule,
    RetakeCount,
    RetakePolicy,
    Tier,
)
from frontline.hr.policy.programmes_schema import parse_kpi, parse_onboarding


def _cutoffs(doc: YamlDocument, raw: Any) -> Cutoffs:
    if not isinstance(raw, dict):
        raise doc.error("must be a mapping with excellent, good and pass", "cutoffs")
    raw = mapping(
        doc,
        raw,
        ("excellent", "good", "pass"),
        "cutoffs",
        required=("excellent", "good", "pass"),
        what="cut-off",
    )
    excellent = number(doc, raw["excellent"], "cutoffs", "excellent")
    good = number(doc, raw["good"], "cutoffs", "good")
    pass_mark = number(doc, raw["pass"], "cutoffs", "pass")
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


def _tier(doc: YamlDocument, value: Any, *where: str) -> Tier:
    return Tier(choice(doc, value, [t.value for t in Tier], *where))


def _components(doc: YamlDocument, raw: Any, fields: dict[str, Any]) -> None:
    """`components:` — weight, the exams that feed it, its missing rule, appraisal raters."""
    fields["weights"] = component_weights(doc, raw, "components", weight_key="weight")
    exams: dict[str, tuple[str, ...]] = {}
    missing: dict[str, MissingRule] = {}
    red_line: dict[str, RedLineRule] = {}
    for name, spec in raw.items():
        name = check_name(doc, name, "components", str(name))
        if name == ANY_COMPONENT:
            raise doc.error(f"'{ANY_COMPONENT}' is reserved for gates", "components", name)
        allowed = ["weight", "exams", "missing", "red_line"]
        if name == APPRAISAL:
            allowed += ["raters", "missing_rater"]
        spec = mapping(doc, spec, allowed, "components", name)
        if "exams" in spec:
            if name == APPRAISAL:
                raise doc.error("appraisal comes from ratings, not exams", "components", name)
            exams[name] = patterns(doc, spec["exams"], "components", name, "exams")
        if "missing" in spec:
            rule = choice(doc, spec["missing"], MISSING_RULES, "components", name, "missing")
            missing[name] = cast(MissingRule, rule)
        if "red_line" in spec:
            rule = choice(doc, spec["red_line"], RED_LINE_RULES, "components", name, "red_line")
            red_line[name] = cast(RedLineRule, rule)
        if "raters" in spec:
            raters = mapping(
                doc, spec["raters"], RATER_ROLES, "components", name, "raters", what="rater role"
            )
            fields["raters"] = weight_table(doc, raters, "components", name, "raters")
        if "missing_rater" in spec:
            fields["missing_rater"] = choice(
                doc,
                spec["missing_rater"],
                ("reweight", "incomplete"),
                "components",
                name,
                "missing_rater",
            )
    fields["exams"] = exams
    fields["component_missing"] = missing
    fields["red_line"] = red_line


def _gates(doc: YamlDocument, raw: Any, components: dict[str, float]) -> tuple[Gate, ...]:
    if raw is None:
        return ()
    if not isinstance(raw, dict):
        raise doc.error("must map each gate's name to its rule", "gates")
    gates: list[Gate] = []
    for name, spec in raw.items():
        name = check_name(doc, name, "gates", str(name))
        spec = mapping(
            doc,
            spec,
            ("component", "exam", "at_least", "cap", "when_missing"),
            "gates",
            name,
            required=("at_least", "cap"),
        )
        if ("component" in spec) == ("exam" in spec):
            raise doc.error("needs either a component or an exam (not both)", "gates", name)
        component = spec.get("component")
        if component is not None and component != ANY_COMPONENT and component not in components:
            raise doc.error(
                f"must be a component of this policy ({', '.join(components)}) or "
                f"'{ANY_COMPONENT}', not {component!r}",
                "gates",
                name,
                "component",
            )
        exam = patterns(doc, spec["exam"], "gates", name, "exam")[0] if "exam" in spec else None
        at_least = _tier(doc, spec["at_least"], "gates", name, "at_least")
        cap = _tier(doc, spec["cap"], "gates", name, "cap")
        expect(
            at_least != Tier.FAIL, doc, "a gate of 'fail' can never fail", "gates", name, "at_least"
        )
        expect(
            cap != Tier.EXCELLENT, doc, "a cap of 'excellent' caps nothing", "gates", name, "cap"
        )
        when = choice(
            doc, spec.get("when_missing", "skip"), ("skip", "apply"), "gates", name, "when_missing"
        )
        gates.append(
            Gate(
                name,
                at_least,
                cap,
                component=component,
                exam=exam,
                when_missing=cast(Literal["skip", "apply"], when),
            )
        )
    return tuple(gates)


def _retakes(doc: YamlDocument, raw: Any) -> RetakePolicy:
    if raw is None:
        return RetakePolicy()
    raw = mapping(doc, raw, ("count", "max", "retake_of"), "retakes")
    count = choice(doc, raw.get("count", "best"), RETAKE_COUNTS, "retakes", "count")
    most = whole_number(doc, raw.get("max", 2), "retakes", "max")
    links: dict[str, str] = {}
    given = raw.get("retake_of") or {}
    if not isinstance(given, dict):
        raise doc.error(
            "must map each retake exam to the exam it stands in for", "retakes", "retake_of"
        )
    for retake, original in given.items():
        if not isinstance(original, str) or not original.strip() or original == retake:
            raise doc.error(
                f"must name another exam, not {original!r}", "retakes", "retake_of", str(retake)
            )
        links[str(retake)] = original.strip()
    return RetakePolicy(count=cast(RetakeCount, count), max_retakes=most, retake_of=links)


def _decisions(doc: YamlDocument, raw: Any, components: dict[str, float]) -> DecisionPolicy:
    if raw is None:
        return DecisionPolicy()
    raw = mapping(doc, raw, ("promotion", "hr_review", "second_look"), "decisions")
    found: dict[str, Any] = {}
    if "promotion" in raw:
        promo = mapping(
            doc, raw["promotion"], ("tier", "no_fail_in_last"), "decisions", "promotion"
        )
        if "tier" in promo:
            found["promotion_tier"] = _tier(doc, promo["tier"], "decisions", "promotion", "tier")
            expect(
                found["promotion_tier"] != Tier.FAIL,
                doc,
                "promotion needs a tier above fail",
                "decisions",
                "promotion",
                "tier",
            )
        if "no_fail_in_last" in promo:
            found["promotion_no_fail_cycles"] = whole_number(
                doc,
                promo["no_fail_in_last"],
                "decisions",
                "promotion",
                "no_fail_in_last",
                minimum=1,
            )
    if "hr_review" in raw:
        review = mapping(doc, raw["hr_review"], ("consecutive_fails",), "decisions", "hr_review")
        if "consecutive_fails" in review:
            found["hr_review_fail_cycles"] = whole_number(
                doc,
                review["consecutive_fails"],
                "decisions",
                "hr_review",
                "consecutive_fails",
                minimum=1,
            )
    if "second_look" in raw:
        where = ("decisions", "second_look")
        look = mapping(
            doc, raw["second_look"], ("margin", "margin_sem", "compare", "tiers_apart"), *where
        )
        if "margin" in look:
            margin = number(doc, look["margin"], *where, "margin")
            expect(
                0 <= margin <= 10,
                doc,
                f"must be from 0 to 10 points, not {margin:g}",
                *where,
                "margin",
            )
            found["second_look_margin"] = margin
        if "margin_sem" in look:
            # In units of the overall's standard error of measurement (hr.rules.sem).
            sems = number(doc, look["margin_sem"], *where, "margin_sem")
            expect(
                0 < sems <= 3,
                doc,
                f"must be above 0 and at most 3 SEM, not {sems:g}",
                *where,
                "margin_sem",
            )
            found["second_look_sem"] = sems
        if "compare" in look:
            pair = look["compare"]
            if not isinstance(pair, list) or len(pair) != 2 or pair[0] == pair[1]:
                raise doc.error(
                    "must name two different components, e.g. [theory, practical]",
                    *where,
                    "compare",
                )
            for index, name in enumerate(pair):
                if name not in components:
                    raise doc.error(
                        f"{name!r} is not a component of this policy", *where, "compare", str(index)
                    )
            found["mismatch_components"] = (str(pair[0]), str(pair[1]))
        if "tiers_apart" in look:
            found["mismatch_tiers"] = whole_number(
                doc, look["tiers_apart"], *where, "tiers_apart", minimum=1
            )
            expect(
                found["mismatch_tiers"] <= 3,
                doc,
                "tiers are at most 3 steps apart",
                *where,
                "tiers_apart",
            )
    return DecisionPolicy(**found)


def _cycles(doc: YamlDocument, raw: Any) -> CyclePolicy:
    if raw is None:
        return CyclePolicy()
    raw = mapping(doc, raw, ("length", "date", "timezone"), "cycles")
    length = choice(doc, raw.get("length", "monthly"), ("monthly", "quarterly"), "cycles", "length")
    when = choice(doc, raw.get("date", "due_date"), ("due_date", "submitted"), "cycles", "date")
    zone = raw.get("timezone", "UTC")
    try:
        from zoneinfo import ZoneInfo

        ZoneInfo(str(zone))
    except (ValueError, KeyError, OSError):
        raise doc.error(
            f"unknown time zone {zone!r}; use a name like Asia/Shanghai", "cycles", "timezone"
        ) from None
    return CyclePolicy(
        length=cast(CycleLength, length), date=cast(CycleDate, when), timezone=str(zone)
    )


def parse_policy(doc: YamlDocument, digest: str = "", text: str = "") -> Policy:
    """Check every section of a parsed policy file."""
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
    fields: dict[str, Any] = {}
    if "components" in raw and "weights" in raw:
        raise doc.error("write either weights (the short form) or components, not both", "weights")
    if "components" in raw:
        _components(doc, raw["components"], fields)
    elif "weights" not in raw:
        # Said as what to add: the short form's "key 'weights'" named a key the file
        # never had, and most policies are written in the components form.
        raise doc.error(
            "no components section: add one giving each part of the overall score a weight "
            "(they add up to 1) and the exams that feed it, e.g.\n"
            "components:\n"
            '  theory: {weight: 0.6, exams: ["*-theory", "final*"]}\n'
            '  practical: {weight: 0.4, exams: ["practical*"]}\n'
            "(or the short form `weights: {theory: 1.0}`, where every exam counts as theory)"
        )
    else:
        # The short form `weights: {theory: 1.0}`: every exam feeds theory, as before
        # components had exam lists.
        fields["weights"] = component_weights(doc, raw.get("weights"), "weights")
        fields["exams"] = {"theory": ("*",)} if "theory" in fields["weights"] else {}
    weights = fields["weights"]
    return Policy(
        version=str(version),
        cutoffs=_cutoffs(doc, raw.get("cutoffs")),
        missing_component=missing,
        digest=digest,
        source=str(doc.path),
        gates=_gates(doc, raw.get("gates"), weights),
        retakes=_retakes(doc, raw.get("retakes")),
        decisions=_decisions(doc, raw.get("decisions"), weights),
        cycles=_cycles(doc, raw.get("cycles")),
        onboarding=parse_onboarding(doc, raw.get("onboarding")),
        kpi=parse_kpi(doc, raw.get("kpi")),
        text=text,
        **fields,
    )


def parse_policy_text(text: str, source: Path | str = "policy.yml") -> Policy:
    """A policy from its text (e.g. the copy kept in a decision record)."""
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]
    return parse_policy(parse_yaml_text(text, Path(source)), digest, text)


def load_policy(path: Path) -> Policy:
    """Read and validate a policy file; the digest lets a report name the exact policy used."""
    return parse_policy_text(read_text_file(path), path)
