"""Step 2: the capabilities the scenario needs, with weights, sources and the response level.

- Each hazard's `REQUIRES {weight, minLevel}`, inherited along `BROADER` (a type
  needs what its subcategory and category need), kept when the scenario's level
  is at least `minLevel` (so level I asks for more capabilities than level IV).
  Weight = REQUIRES weight x the hazard's confidence (cascades and uncertain
  search hits count less); a capability needed for several reasons keeps the
  largest weight.
- What applicable plans PRESCRIBE at the scenario's level (weight PLAN_WEIGHT
  unless a hazard already asks for more).
- Capabilities the commander asks for explicitly (weight 1.0, "requested").

The response level also sets, per need, the capability level a team should hold
(`NEEDED_LEVEL`: level I wants level-1 forces, level IV accepts level 4) and,
for critical needs (weight >= CRITICAL_WEIGHT), how many teams should bring it
(`UNITS_FOR_CRITICAL`: two at level I, so one unit's failure is not fatal).

Example::

    needs = await hazard_needs(runner, [ResolvedHazard(...)], ResponseLevel.II)
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import LiteralString

from kg.cypher import CypherRunner
from kg.errors import UnknownConceptError
from kg.plan_cache import varying
from queries.collected import collected_rows
from queries.hazards import CASCADE_MIN_LIKELIHOOD
from queries.models import CapabilityNeed, ConceptRef, PlanMatch, ResolvedHazard, ResponseLevel

PLAN_WEIGHT = 0.6  # a capability a plan prescribes, when no hazard asks for more
REQUESTED_WEIGHT = 1.0  # a capability the commander asked for
CRITICAL_WEIGHT = 0.8  # needs at least this heavy may want more than one team
NEEDED_LEVEL = {ResponseLevel.I: 1, ResponseLevel.II: 2, ResponseLevel.III: 3, ResponseLevel.IV: 4}
UNITS_FOR_CRITICAL = {
    ResponseLevel.I: 2,
    ResponseLevel.II: 1,
    ResponseLevel.III: 1,
    ResponseLevel.IV: 1,
}

# Needs of each hazard and of the cascades it may trigger (likelihood >= $minLikelihood, the
# same rule as hazards.py, so both run at once), inherited along BROADER, applicable at the
# scenario's level (minLevel severity <= scenario severity).
HAZARD_REQUIREMENTS: LiteralString = """
UNWIND $varying.hazards AS hz
MATCH (p:HazardType {id: hz})
CALL (p) {
  RETURN p AS h
  UNION
  MATCH (p)-[m:MAY_TRIGGER]->(h:HazardType)
  WHERE m.likelihood >= $minLikelihood AND NOT coalesce(h.retired, false)
  RETURN h
}
MATCH (h)-[:BROADER*0..3]->(a:HazardType)-[r:REQUIRES]->(c:Capability)
WHERE NOT coalesce(c.retired, false) AND NOT coalesce(a.retired, false)
  AND CASE r.minLevel WHEN 'I' THEN 4 WHEN 'II' THEN 3 WHEN 'III' THEN 2 ELSE 1 END <= $severity
WITH DISTINCT h.id AS hazard, a.id AS via, c.id AS id, c.nameZh AS nameZh,
     c.nameEn AS nameEn, r.weight AS weight
ORDER BY hazard, id, via
RETURN collect({hazard: hazard, via: via, id: id, nameZh: nameZh, nameEn: nameEn,
                weight: weight}) AS rows
"""

CAPABILITIES_BY_ID: LiteralString = """
UNWIND $varying.ids AS id
MATCH (c:Capability {id: id}) WHERE NOT coalesce(c.retired, false)
RETURN c.id AS id, c.nameZh AS nameZh, c.nameEn AS nameEn
"""

ALL_CAPABILITY_NAMES: LiteralString = """
MATCH (c:Capability) WHERE NOT coalesce(c.retired, false)
RETURN c.id AS id, c.nameZh + ' ' + c.nameEn AS name
"""


async def hazard_requirements(
    runner: CypherRunner, hazard_ids: list[str], level: ResponseLevel
) -> list[tuple[str, str, ConceptRef, float]]:
    """(hazard, the ancestor that REQUIRES it, capability, REQUIRES weight) rows for the
    hazards and their likely cascades."""
    rows = await collected_rows(
        runner,
        HAZARD_REQUIREMENTS,
        {
            "varying": varying(hazards=hazard_ids),
            "severity": level.severity,
            "minLikelihood": CASCADE_MIN_LIKELIHOOD,
        },
    )
    return [
        (
            r["hazard"],
            r["via"],
            ConceptRef.of(r),
            float(r["weight"]),
        )
        for r in rows
    ]


async def capabilities_by_id(
    runner: CypherRunner, requested: list[str], optional: Sequence[str] = ()
) -> tuple[list[ConceptRef], list[ConceptRef]]:
    """In one read: the Capabilities the commander named (an unknown id raises with close
    matches), and those of `optional` the graph holds (others left out), each in order."""
    ids = list(dict.fromkeys([*requested, *optional]))
    if not ids:
        return [], []
    rows = await runner.read(CAPABILITIES_BY_ID, {"varying": varying(ids=ids)})
    found = {r["id"]: ConceptRef.of(r) for r in rows}
    missing = [i for i in requested if i not in found]
    if missing:
        known = await runner.read(ALL_CAPABILITY_NAMES, {})
        raise UnknownConceptError("capability", missing[0], [(r["id"], r["name"]) for r in known])
    named = [found[i] for i in dict.fromkeys(requested)]
    return named, [found[i] for i in dict.fromkeys(optional) if i in found]


def merge_needs(
    hazards: list[ResolvedHazard],
    requirements: list[tuple[str, str, ConceptRef, float]],
    plans: list[PlanMatch],
    requested: list[ConceptRef],
    level: ResponseLevel,
) -> list[CapabilityNeed]:
    """One need per capability: the largest weight over its reasons; heaviest first, ties by id."""
    confidence = {h.hazard.id: h.confidence for h in hazards}
    order = {h.hazard.id: i for i, h in enumerate(hazards)}
    weight: dict[str, float] = {}
    sources: dict[str, list[str]] = {}
    refs: dict[str, ConceptRef] = {}

    def add(cap: ConceptRef, w: float, source: str) -> None:
        refs[cap.id] = cap
        weight[cap.id] = max(weight.get(cap.id, 0.0), w)
        if source not in sources.setdefault(cap.id, []):
            sources[cap.id].append(source)

    for hazard, _via, cap, w in sorted(requirements, key=lambda r: (order.get(r[0], 99), r[0])):
        if hazard in confidence:  # most important hazard first in each need's sources
            add(cap, w * confidence[hazard], hazard)
    for p in plans:
        for cap in p.prescribed_capabilities:
            add(cap, PLAN_WEIGHT, p.plan.id)
    for cap in requested:
        add(cap, REQUESTED_WEIGHT, "requested")
    needs = [
        CapabilityNeed(
            capability=refs[c],
            weight=round(min(1.0, weight[c]), 4),
            sources=tuple(sources[c]),
            needed_level=NEEDED_LEVEL[level],
            units=UNITS_FOR_CRITICAL[level] if weight[c] >= CRITICAL_WEIGHT else 1,
        )
        for c in refs
    ]
    return sorted(needs, key=lambda n: (-n.weight, n.capability.id))
