"""Tiers for a plain score table (`frontline tiers`), through the one evaluation HR uses.

A table of `trainee_id, component, score, max_score` (paper exams, observed
role-plays) has no cycles, exam ids or ratings. Each row becomes an external score
record naming its component, in one cycle, and goes through `evaluate_cohort`,
so a table is tiered by exactly the rules, rounding and reasons of the HR report.
Gates on single exams need exam ids, which such a table does not have, so only
the policy's component gates apply.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace

from frontline.core.i18n import Text
from frontline.hr.inputs.roster import Trainee
from frontline.hr.inputs.scores import ScoreRow
from frontline.hr.policy.model import Policy, Tier
from frontline.hr.rules.evaluate import evaluate_cohort
from frontline.hr.rules.outcomes import CohortInputs, ScoreRecord, SourceKind, TraineeOutcome

#: the one cycle a score table is evaluated in; it appears in no output
TABLE_CYCLE = "table"


@dataclass(frozen=True)
class TierResult:
    """One trainee's tier from a score table, with the numbers and weights behind it."""

    trainee_id: str
    tier: Tier | None
    overall: float | None
    components: dict[str, float]
    rule: str
    reason: Text
    policy_version: str
    inputs: dict[str, tuple[float, float]] = field(default_factory=dict)
    #: the weights actually applied (after any re-sharing for a missing component)
    weights: dict[str, float] = field(default_factory=dict)

    @property
    def status(self) -> str:
        return self.tier.value if self.tier is not None else "incomplete"


def _validate(row: ScoreRow, policy: Policy) -> None:
    if row.component not in policy.weights:
        raise ValueError(
            f"{row.trainee_id}: component {row.component!r} has no weight in the policy "
            f"(known: {', '.join(policy.weights)})"
        )
    if not row.max_score > 0:
        raise ValueError(f"{row.trainee_id}: max_score must be above 0, not {row.max_score:g}")
    if not 0 <= row.score <= row.max_score:
        raise ValueError(f"{row.trainee_id}: score {row.score:g} is outside 0..{row.max_score:g}")


def table_inputs(rows: Sequence[ScoreRow]) -> CohortInputs:
    """The rows as cohort inputs: trainees in first-seen order, one record per row.

    A row's source is its component, so rows of one component are parts of one
    sitting and add up by their points, as the table means them to.
    """
    trainees = {row.trainee_id: Trainee(row.trainee_id, row.trainee_id, "") for row in rows}
    records = tuple(
        ScoreRecord(
            trainee_id=row.trainee_id,
            cycle=TABLE_CYCLE,
            source=row.component,
            kind=SourceKind.EXTERNAL,
            score=row.score,
            max_score=row.max_score,
            component=row.component,
        )
        for row in rows
    )
    return CohortInputs(trainees=tuple(trainees.values()), scores=records)


def _result(outcome: TraineeOutcome, seen: list[str], policy: Policy) -> TierResult:
    """An outcome as a table result; components and inputs keep the table's order."""
    present = {c.name: c.score for c in outcome.components if c.score is not None}
    if outcome.tier is None:
        components = {name: present[name] for name in seen if name in present}
    else:
        # What was weighed: the present components, then any counted as 0 by the policy.
        zeros = {name: 0.0 for name in outcome.weights if name not in present}
        components = present | zeros
    inputs: dict[str, tuple[float, float]] = {}
    used = {c.name: c.used for c in outcome.components}
    for name in seen:
        records = used.get(name, ())
        inputs[name] = (
            sum((r.score for r in records), 0.0),
            sum((r.max_score for r in records), 0.0),
        )
    return TierResult(
        trainee_id=outcome.trainee.trainee_id,
        tier=outcome.tier,
        overall=outcome.overall,
        components=components,
        rule=outcome.rule,
        reason=outcome.reason,
        policy_version=policy.version,
        inputs=inputs,
        weights=outcome.weights,
    )


def assign_tiers(scores: Iterable[ScoreRow], policy: Policy) -> list[TierResult]:
    """One result per trainee, in the order trainees first appear in `scores`.

    The policy's gates on components apply; gates on single exams need exam ids,
    which a component score table does not have.
    """
    rows = list(scores)
    for row in rows:
        _validate(row, policy)
    if not rows:
        return []
    policy = replace(policy, gates=tuple(g for g in policy.gates if g.component is not None))
    seen: dict[str, list[str]] = {}
    for row in rows:
        names = seen.setdefault(row.trainee_id, [])
        if row.component not in names:
            names.append(row.component)
    result = evaluate_cohort(table_inputs(rows), policy, TABLE_CYCLE)
    return [_result(o, seen[o.trainee.trainee_id], policy) for o in result.outcomes]
