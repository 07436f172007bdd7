"""Stable pseudonyms for sharing a report outside HR.

A trainee's pseudonym is `P` + the first hex digits of HMAC-SHA256(course secret, id).
The secret is a random key kept beside the course (`.frontline-pseudonym.key`, made on
first use, readable by its owner only) and never written into any report or record:
with it, HR gets the same pseudonym for the same trainee in every cycle; without it,
nobody can test a guessed id against a pseudonym, as they could with a plain hash or a
salt shipped inside the record.

Everything that names a trainee is replaced: ids in every score record, item and
outcome, the names, and any mention of an id or name in reason texts. Hire dates are
dropped (with a team they can single a person out); teams and roles are kept.
"""

from __future__ import annotations

import dataclasses
import hashlib
import hmac
import os
import secrets
from pathlib import Path
from typing import Any

from frontline.core.atomic import write_bytes_atomic
from frontline.core.errors import FrontlineError
from frontline.core.i18n import Text
from frontline.hr.inputs.roster import Trainee
from frontline.hr.rules.outcomes import CohortResult

KEY_FILE = ".frontline-pseudonym.key"
KEY_BYTES = 32
PREFIX = "P"


def load_or_create_key(folder: Path) -> bytes:
    path = folder / KEY_FILE
    if path.exists():
        key = bytes.fromhex(path.read_text(encoding="ascii").strip())
        if len(key) != KEY_BYTES:
            raise FrontlineError(f"{path}: not a pseudonym key (expected {KEY_BYTES} bytes hex)")
        return key
    key = secrets.token_bytes(KEY_BYTES)
    write_bytes_atomic(path, key.hex().encode("ascii") + b"\n")
    os.chmod(path, 0o600)
    return key


def pseudonyms(ids: list[str], key: bytes) -> dict[str, str]:
    """One pseudonym per id, lengthened until no two ids share one."""
    for length in range(8, 65, 4):
        mapping = {
            i: PREFIX
            + hmac.new(key, i.encode("utf-8"), hashlib.sha256).hexdigest()[:length].upper()
            for i in ids
        }
        if len(set(mapping.values())) == len(mapping):
            return mapping
    raise FrontlineError("could not make distinct pseudonyms")  # pragma: no cover


def _words(old: Trainee, new: Trainee) -> dict[str, str]:
    pairs = ((old.trainee_id, new.trainee_id), (old.name, new.name), (old.name_en, new.name_en))
    return {a: b for a, b in pairs if a}


class _Scrubber:
    def __init__(self, trainees: list[Trainee], mapping: dict[str, str], key: bytes) -> None:
        self.mapping = mapping
        self.key = key
        self.trainees = {
            t.trainee_id: Trainee(
                trainee_id=mapping[t.trainee_id],
                name=f"学员 {mapping[t.trainee_id]}",
                name_en=f"Trainee {mapping[t.trainee_id]}",
                team=t.team,
                role=t.role,
            )
            for t in trainees
        }
        self.all_words: dict[str, str] = {}
        for t in trainees:
            self.all_words.update(_words(t, self.trainees[t.trainee_id]))

    def other_id(self, value: str) -> str:
        """An id that names someone off the roster (a rater, a stranger): pseudonymised too."""
        if not value:
            return value
        if value not in self.mapping:
            digest = hmac.new(self.key, value.encode("utf-8"), hashlib.sha256).hexdigest()
            self.mapping[value] = "R" + digest[:10].upper()
        return self.mapping[value]

    def words_for(self, trainee: Trainee) -> dict[str, str]:
        return _words(trainee, self.trainees[trainee.trainee_id])

    @staticmethod
    def text(value: str, words: dict[str, str]) -> str:
        # Longest first, so "王芳芳" is replaced before "王芳" could split it.
        for old in sorted((w for w in words if w in value), key=len, reverse=True):
            value = value.replace(old, words[old])
        return value

    def walk(self, value: Any, words: dict[str, str]) -> Any:
        if isinstance(value, Trainee):
            return self.trainees[value.trainee_id]
        if isinstance(value, Text):
            return Text(zh=self.text(value.zh, words), en=self.text(value.en, words))
        if dataclasses.is_dataclass(value) and not isinstance(value, type):
            changes = {}
            for f in dataclasses.fields(value):
                old = getattr(value, f.name)
                if f.name.endswith("_id") and isinstance(old, str):
                    # trainee_id, rater_id, ...: every id of a person is replaced.
                    new: Any = self.other_id(old)
                else:
                    new = self.walk(old, words)
                if new is not old:
                    changes[f.name] = new
            return dataclasses.replace(value, **changes) if changes else value
        if isinstance(value, tuple):
            return tuple(self.walk(v, words) for v in value)
        if isinstance(value, dict):
            return {k: self.walk(v, words) for k, v in value.items()}
        return value


def anonymize_result(result: CohortResult, key: bytes) -> CohortResult:
    """The same result with every trainee id and name replaced by a stable pseudonym.

    A trainee's own texts are searched for their own id and names; cohort-wide texts
    (the reader's assumptions) for everyone's.
    """
    trainees = {t.trainee_id: t for t in result.inputs.trainees}
    for outcome in result.outcomes:
        trainees.setdefault(outcome.trainee.trainee_id, outcome.trainee)
    # Scores of people not on the roster get a pseudonym as if they were trainees.
    ids = [r.trainee_id for r in result.inputs.scores] + [i.trainee_id for i in result.inputs.items]
    for tid in ids:
        if tid not in trainees:
            trainees[tid] = Trainee(tid, "", "")
    scrubber = _Scrubber(list(trainees.values()), pseudonyms(sorted(trainees), key), key)
    outcomes = tuple(scrubber.walk(o, scrubber.words_for(o.trainee)) for o in result.outcomes)
    inputs = result.inputs
    # The whole of the inputs is walked, so fields added to the contract later that
    # carry a trainee_id or a Trainee are covered too.
    anonymous_inputs = dataclasses.replace(
        scrubber.walk(inputs, {}),
        assumptions=tuple(scrubber.walk(a, scrubber.all_words) for a in inputs.assumptions),
    )
    # Notes may list people by id, e.g. "trainees with scores but not on the roster: ...".
    notes = tuple(scrubber.walk(n, scrubber.all_words) for n in result.notes)
    return dataclasses.replace(result, outcomes=outcomes, inputs=anonymous_inputs, notes=notes)
