"""Training records as xAPI statements, for an HR system or learning record store.

One statement per fact the records hold (a module completed, a self-check, a
role-play's best result, an exam sitting, a class attended or missed), with the
verbs of ADL's vocabulary. Actors are accounts named by trainee id on a
`urn:frontline` home page, and activities are `urn:frontline:...` ids, so nothing
points at a server that does not exist; an LRS importer maps them as it likes.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from frontline.hr.records.record import TrainingRecord

VERBS = {
    "completed": "http://adlnet.gov/expapi/verbs/completed",
    "experienced": "http://adlnet.gov/expapi/verbs/experienced",
    "attempted": "http://adlnet.gov/expapi/verbs/attempted",
    "passed": "http://adlnet.gov/expapi/verbs/passed",
    "failed": "http://adlnet.gov/expapi/verbs/failed",
    "attended": "http://adlnet.gov/expapi/verbs/attended",
    "absent": "http://id.tincanapi.com/verb/skipped",
}
HOME = "urn:frontline"


def _statement(
    record: TrainingRecord, verb: str, kind: str, item: str, day: date | None,
    result: dict[str, Any] | None = None,
) -> dict[str, Any]:  # fmt: skip
    t = record.trainee
    statement: dict[str, Any] = {
        "actor": {"objectType": "Agent", "name": t.name,
                  "account": {"homePage": HOME, "name": t.trainee_id}},
        "verb": {"id": VERBS[verb], "display": {"en-US": verb}},
        "object": {"objectType": "Activity", "id": f"{HOME}:{kind}:{item}",
                   "definition": {"name": {"en-US": item}}},
    }  # fmt: skip
    if day is not None:
        statement["timestamp"] = f"{day.isoformat()}T00:00:00Z"
    if result is not None:
        statement["result"] = result
    return statement


def _scaled(score: float, maximum: float) -> dict[str, Any]:
    return {"score": {"raw": score, "max": maximum, "min": 0,
                      "scaled": round(score / maximum, 4) if maximum else 0}}  # fmt: skip


def statements(records: list[TrainingRecord]) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    for r in records:
        for m in r.modules:
            verb = "completed" if m.completed else "experienced"
            found.append(_statement(r, verb, "module", m.module_id, m.completed_on or m.opened_on,
                                    {"duration": f"PT{m.seconds}S"}))  # fmt: skip
            if m.quiz_attempts and m.quiz_best is not None and m.quiz_total:
                scored = _scaled(m.quiz_best, m.quiz_total)
                found.append(
                    _statement(r, "attempted", "self-check", m.module_id, m.completed_on, scored)
                )
        for p in r.roleplays:
            result = _scaled(p.best, 100)
            result["success"] = p.red_line_plays == 0
            found.append(_statement(r, "attempted", "roleplay", p.scenario_id, p.last_played,
                                    result))  # fmt: skip
        for s in r.sittings:
            if s.pending:
                continue  # not marked yet: no result to state
            result = {**_scaled(s.score, s.max_score), "success": s.passed}
            found.append(_statement(r, "passed" if s.passed else "failed", "exam", s.exam,
                                    s.day, result))  # fmt: skip
        for a in r.attendance:
            if a.status in ("present", "late", "absent"):
                verb = "attended" if a.attended else "absent"
                found.append(_statement(r, verb, "class", a.session_id, a.day))
    return found
