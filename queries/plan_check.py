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

Providers = dict[tuple[str, str], tuple[ConceptRef, ...]]


def providers(package: Sequence[TeamRecommendation]) -> Providers:
    """(kind, id) -> the package's teams that provide it, in package order: ("capability",
    a capability they cover), ("teamType", their type), ("team", their id)."""
    found: dict[tuple[str, str], list[ConceptRef]] = {}
    for r in package:
        ref = ConceptRef(r.team.id, r.team.name_zh, r.team.name_en)
        keys = dict.fromkeys([*(("capability", c.id) for c in r.covers), ("team", r.team.id)])
        if r.team.team_type is not None:
            keys[("teamType", r.team.team_type)] = None
        for key in keys:
            found.setdefault(key, []).append(ref)
    return {k: tuple(v) for k, v in found.items()}


def _providers(x: Prescription, by: Providers) -> tuple[ConceptRef, ...]:
    kind = x.kind if x.kind in ("capability", "teamType") else "team"
    return by.get((kind, x.item.id), ())


def assess_plan(
    p: PlanMatch, package: Sequence[TeamRecommendation], by: Providers | None = None
) -> PlanMatch:
    """`p` checked against the package (`by`: its `providers`, when known already)."""
    index = providers(package) if by is None else by
    checked = tuple(
        replace(x, met=bool(teams), provided_by=teams)
        for x in p.prescriptions
        for teams in [_providers(x, index)]
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
    by = providers(package)
    return tuple(assess_plan(p, package, by) for p in plans)
