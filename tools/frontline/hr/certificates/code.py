"""What a certificate states, and the code that binds it to one decision record.

The code is a SHA-256 digest over the trainee, what was achieved, the day, the
policy hash and the decision record's id, cut to 20 hex digits and grouped for
reading aloud. It is no secret: it proves nothing alone. `verify` finds the
decision record that lists the certificate, recomputes the code from what the
record says and checks that the record's own results back it (the tier, or the
onboarding status), so a code changed by one digit, or a record edited after the
fact, is refused.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import date

from frontline.core.i18n import Text

PREFIX = "FL"
KINDS = ("excellent", "onboarding")
_CODE = re.compile(r"^FL(-[0-9A-F]{5}){4}$")


@dataclass(frozen=True)
class Certificate:
    trainee_id: str
    name: str
    name_en: str
    kind: str  # excellent | onboarding
    what: str  # the cycle (excellent) or the programme's name (onboarding)
    title: Text  # what it certifies, as printed
    day: date
    policy_digest: str
    record_id: str
    code: str

    @property
    def file_name(self) -> str:
        return f"certificate-{self.code}.pdf"


def certificate_code(
    trainee_id: str, kind: str, what: str, day: date, policy_digest: str, record_id: str
) -> str:
    payload = "\x1f".join(
        ("frontline-certificate-v1", trainee_id, kind, what, day.isoformat(), policy_digest,
         record_id)
    )  # fmt: skip
    digest = hashlib.sha256(payload.encode("utf-8")).hexdigest()[:20].upper()
    return PREFIX + "".join(f"-{digest[i : i + 5]}" for i in range(0, 20, 5))


def normalise_code(text: str) -> str | None:
    """A code as printed, typed with any case and spacing; None when it cannot be one."""
    compact = re.sub(r"[\s-]", "", text.strip().upper())
    if not compact.startswith(PREFIX) or len(compact) != len(PREFIX) + 20:
        return None
    body = compact[len(PREFIX) :]
    code = PREFIX + "".join(f"-{body[i : i + 5]}" for i in range(0, 20, 5))
    return code if _CODE.match(code) else None


def record_id_of(generated: str, cycle: str, policy_digest: str, team: str | None) -> str:
    """A decision record's id: its moment, cycle, policy and scope, hashed."""
    payload = "\x1f".join(("frontline-record-v1", generated, cycle, policy_digest, team or ""))
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()[:16]


def issue(
    trainee_id: str,
    name: str,
    name_en: str,
    kind: str,
    what: str,
    title: Text,
    day: date,
    policy_digest: str,
    record_id: str,
) -> Certificate:
    if kind not in KINDS:
        raise ValueError(f"no certificate kind {kind!r}; kinds are {list(KINDS)}")
    code = certificate_code(trainee_id, kind, what, day, policy_digest, record_id)
    return Certificate(
        trainee_id, name, name_en, kind, what, title, day, policy_digest, record_id, code
    )
