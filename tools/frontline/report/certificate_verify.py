"""`frontline certificate verify CODE`: is this a certificate a decision record backs?

The code is looked up in the decision records under the given folders; the one
that lists it must also (1) recompute the same code from what it says, (2) carry
the policy text whose hash the certificate names, and (3) back the claim with
its own results: the trainee's tier that cycle was excellent, or the new hire's
onboarding status was cleared on that day. Anything else is refused with the
reason.
"""

from __future__ import annotations

import argparse
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from frontline.core.course import REPO_ROOT

REPORTS = REPO_ROOT / "gradebook" / "reports"


@dataclass(frozen=True)
class Verdict:
    valid: bool
    reason: str
    record: Path | None = None
    summary: str = ""  # who, what and when, for a valid certificate


def _check(code: str, path: Path) -> Verdict | None:
    from frontline.hr.certificates.code import certificate_code
    from frontline.hr.policy.model import Tier
    from frontline.hr.policy.schema import parse_policy_text
    from frontline.report.snapshot import load_record

    record = load_record(path)
    sections = record.sections
    cert = next((c for c in sections.certificates if c.code == code), None) if sections else None
    if cert is None or sections is None:
        return None
    again = certificate_code(
        cert.trainee_id, cert.kind, cert.what, cert.day, record.policy.digest, record.record_id
    )
    if again != code or cert.record_id != record.record_id:
        return Verdict(False, "the record's certificate does not hash to this code: the "
                       "record was changed after it was written", path)  # fmt: skip
    if parse_policy_text(record.policy.text).digest != record.policy.digest:
        return Verdict(False, "the policy text in the record does not match its hash", path)
    if cert.kind == "excellent":
        backed = (
            any(
                o.trainee.trainee_id == cert.trainee_id and o.tier is Tier.EXCELLENT
                for o in record.result.outcomes
            )
            and record.cycle == cert.what
        )
    else:
        backed = any(
            row.trainee_id == cert.trainee_id and row.programme == cert.what
            and row.status == "cleared" and row.cleared_on == cert.day
            for row in sections.onboarding
        )  # fmt: skip
    if not backed:
        return Verdict(False, f"the record's results do not show {cert.kind} for "
                       f"{cert.trainee_id}", path)  # fmt: skip
    summary = (
        f"{cert.name} ({cert.trainee_id}): {cert.title.zh} / {cert.title.en}; "
        f"{cert.day.isoformat()}; policy {record.policy.version} ({record.policy.digest}); "
        f"decision record {record.record_id}"
    )
    return Verdict(True, "valid", path, summary)


def verify_code(text: str, roots: Iterable[Path]) -> Verdict:
    from frontline.hr.certificates.code import normalise_code

    code = normalise_code(text)
    if code is None:
        return Verdict(
            False,
            f"{text!r} is not a certificate code: it is printed on the certificate as FL- and "
            "four groups of five letters or digits, e.g. FL-5711A-4386D-EF261-FEC1E",
        )
    searched = 0
    for root in roots:
        for path in sorted(root.rglob("decision-record.json")) if root.is_dir() else []:
            searched += 1
            # A cheap text search first: most records do not list this code at all.
            if code not in path.read_text(encoding="utf-8"):
                continue
            verdict = _check(code, path)
            if verdict is not None:
                return verdict
    where = ", ".join(str(r) for r in roots)
    return Verdict(False, f"no decision record under {where} lists {code} "
                   f"({searched} record(s) searched)")  # fmt: skip


def _verify(args: argparse.Namespace) -> int:
    verdict = verify_code(args.code, args.reports or [REPORTS])
    if verdict.valid:
        print(f"有效 VALID：{verdict.summary}\n  {verdict.record}")
        return 0
    print(f"无效 REFUSED：{verdict.reason}" + (f"\n  {verdict.record}" if verdict.record else ""))
    return 1


def add_certificate_commands(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    cert = commands.add_parser(
        "certificate", help="check a certificate's verification code against the decision records"
    )
    steps = cert.add_subparsers(dest="certificate_command", metavar="STEP", required=True)
    verify = steps.add_parser("verify", help="exit 0 when a decision record backs the code")
    verify.add_argument("code", help="the code printed on the certificate")
    verify.add_argument(
        "--reports", type=Path, action="append",
        help="folder searched for decision-record.json (repeatable; default gradebook/reports)",
    )  # fmt: skip
    verify.set_defaults(func=_verify)
