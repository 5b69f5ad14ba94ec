"""Does the force package meet what each applicable plan prescribes at this level? (pure)

For every prescription of a plan (queries/plans.py): a capability is met when a team in
the package covers it, a team type when a package team is of that type, a named team
when it is in the package. The plan's PLAN_PRESCRIBES reason becomes PLAN_MET_ALL or
PLAN_MET_PART (naming what is missing), so the plan's reasons say once what it asks
and whether the package meets it; the UI's plan box lists the prescriptions side by side
with the teams that provide them.

Example::

    plans = assess_plans(plans, package)
    [(x.item.id, x.met) for x in plans[0].prescriptions]
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from queries.models import ConceptRef, PlanMatch, Prescription, Reason, TeamRecommendation


def _providers(x: Prescription, package: Sequence[TeamRecommendation]) -> tuple[ConceptRef, ...]:
    def ref(r: TeamRecommendation) -> ConceptRef:
        return ConceptRef(r.team.id, r.team.name_zh, r.team.name_en)

    if x.kind == "capability":
        return tuple(ref(r) for r in package if any(c.id == x.item.id for c in r.covers))
    if x.kind == "teamType":
        return tuple(ref(r) for r in package if r.team.team_type == x.item.id)
    return tuple(ref(r) for r in package if r.team.id == x.item.id)


def assess_plan(p: PlanMatch, package: Sequence[TeamRecommendation]) -> PlanMatch:
    checked = tuple(
        replace(x, met=bool(by), provided_by=by)
        for x in p.prescriptions
        for by in [_providers(x, package)]
    )
    reasons: list[Reason] = []
    for r in p.reasons:
        if r.code != "PLAN_PRESCRIBES":
            reasons.append(r)
            continue
        missing = tuple(x.item for x in checked if not x.met)
        level, items = r.param("level"), r.param("prescribes")
        if not missing:
            reasons.append(Reason.of("PLAN_MET_ALL", level=level, prescribes=items))
        else:
            reasons.append(
                Reason.of(
                    "PLAN_MET_PART",
                    level=level,
                    prescribes=items,
                    met=len(checked) - len(missing),
                    total=len(checked),
                    missing=missing,
                )
            )
    return replace(p, prescriptions=checked, reasons=tuple(reasons), assessed=True)


def assess_plans(
    plans: Sequence[PlanMatch], package: Sequence[TeamRecommendation]
) -> tuple[PlanMatch, ...]:
    """Each plan with its prescriptions checked against the package (same order)."""
    return tuple(assess_plan(p, package) for p in plans)
