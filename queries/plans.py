"""Applicable emergency plans (应急预案) for hazards, a place and a response level.

A plan applies when it COVERS one of the hazards (or a broader hazard they fall
under) and either has no `APPLIES_TO` (a national plan: it applies everywhere) or
applies to a region that holds the scene: the county, prefecture and province whose
boundaries contain it (queries.geography.regions_at), so a Sichuan provincial plan
(APPLIES_TO 510000) applies in every corner of Sichuan and never across its border.
In a graph whose regions carry no boundaries, the nearest Region point within
REGION_MATCH_KM and every region it is PART_OF stand in for them. What the plan
PRESCRIBES at the scenario's level (capabilities, team types, named teams) feeds
needs.py and scoring.py.

Example::

    plans = await applicable_plans(runner, ["11C02"], GeoPoint(31.0, 103.6),
                                   ResponseLevel.I)
    [(p.plan.id, p.reasons) for p in plans]
"""

from __future__ import annotations

from typing import Any, LiteralString

from kg.cypher import CypherRunner
from kg.plan_cache import varying
from queries.collected import collected_rows
from queries.geography import regions_at
from queries.models import (
    ConceptRef,
    GeoPoint,
    PlanMatch,
    PlanSummary,
    Prescription,
    Reason,
    ResponseLevel,
)

REGION_MATCH_KM = 150.0  # a scene farther than this from every Region point has no region
PLAN_LEVEL_ORDER = {"national": 0, "provincial": 1, "municipal": 2, "county": 3}

# The scene's regions: those whose boundary holds it ($varying.chain, innermost first, from
# queries.geography.regions_at); or, in a graph whose regions have no boundaries (an
# external graph loaded without them), the nearest Region point and its parents.
APPLICABLE_PLANS: LiteralString = """
OPTIONAL MATCH (r:Region)
WHERE size($varying.chain) = 0 AND r.boundary IS NULL AND NOT coalesce(r.retired, false)
  AND point.distance(r.location, point({latitude: $lat, longitude: $lon})) <= $regionMeters
WITH r, point.distance(r.location, point({latitude: $lat, longitude: $lon})) AS meters
ORDER BY meters, r.id
LIMIT 1
OPTIONAL MATCH (c:Region) WHERE c.id IN $varying.chain
WITH r, meters, collect(c) AS contained
WITH CASE WHEN size(contained) > 0 THEN [x IN contained WHERE x.id = $varying.chain[0]][0]
          ELSE r END AS r,
     CASE WHEN size(contained) > 0 THEN null ELSE meters END AS meters,
     CASE WHEN size(contained) > 0 THEN contained
          WHEN r IS NULL THEN [] ELSE [(r)-[:PART_OF*0..4]->(a:Region) | a] END AS chain
UNWIND $varying.hazards AS hid
MATCH (h:HazardType {id: hid})-[:BROADER*0..3]->(:HazardType)<-[:COVERS]-(p:Plan)
WHERE NOT coalesce(p.retired, false)
WITH r, meters, chain, p, collect(DISTINCT {id: h.id, nameZh: h.nameZh, nameEn: h.nameEn}) AS hz
WITH r, meters, chain, p, hz, [(p)-[:APPLIES_TO]->(x:Region) | x] AS targets
WHERE size(targets) = 0 OR any(x IN targets WHERE x IN chain)
WITH r, meters, p, hz, [x IN targets WHERE x IN chain] AS matched
RETURN collect({
  id: p.id, nameZh: p.nameZh, nameEn: p.nameEn, level: p.level, issuer: p.issuer,
  hazards: hz,
  appliesTo: CASE WHEN size(matched) = 0 THEN null
                  ELSE {id: matched[0].id, nameZh: matched[0].nameZh, nameEn: matched[0].nameEn}
             END,
  region: CASE WHEN r IS NULL THEN null
               ELSE {id: r.id, nameZh: r.nameZh, nameEn: r.nameEn, km: meters / 1000.0} END,
  contained: meters IS NULL,
  capabilities: [(p)-[pr:PRESCRIBES]->(c:Capability) WHERE pr.responseLevel = $varying.level
                   AND NOT coalesce(c.retired, false)
                 | {id: c.id, nameZh: c.nameZh, nameEn: c.nameEn}],
  teamTypes: [(p)-[pr:PRESCRIBES]->(tt:TeamType) WHERE pr.responseLevel = $varying.level
              | {id: tt.id, nameZh: tt.nameZh, nameEn: tt.nameEn}],
  teams: [(p)-[pr:PRESCRIBES]->(t:Team) WHERE pr.responseLevel = $varying.level
          | {id: t.id, nameZh: t.nameZh, nameEn: t.nameEn}]}) AS rows
"""


def _ref(m: dict[str, Any]) -> ConceptRef:
    return ConceptRef.of(m)


def plan_reasons(r: dict[str, Any], level: ResponseLevel) -> tuple[Reason, ...]:
    """Why the plan applies (hazards covered, where) and what it prescribes at `level`
    (PLAN_PRESCRIBES; queries.plan_check says whether a package meets it)."""
    hazards = tuple(sorted((_ref(h) for h in r["hazards"]), key=lambda h: h.id))
    out = [Reason.of("PLAN_COVERS", hazards=hazards)]
    where, region = r["appliesTo"], r["region"]
    if where is None:
        out.append(Reason.of("PLAN_NATIONAL"))
    else:
        out.append(Reason.of("PLAN_REGION", region=_ref(where), regionId=where["id"]))
        if region is not None and r.get("contained"):
            out.append(Reason.of("PLAN_SCENE_REGION", region=_ref(region), regionId=region["id"]))
        elif region is not None:
            out.append(
                Reason.of(
                    "PLAN_NEAREST_REGION",
                    region=_ref(region),
                    regionId=region["id"],
                    km=round(float(region["km"]), 1),
                )
            )
    items = tuple(x.item for x in prescriptions(r))
    if items:
        out.append(Reason.of("PLAN_PRESCRIBES", level=level.value, prescribes=items))
    else:
        out.append(Reason.of("PLAN_PRESCRIBES_NOTHING", level=level.value))
    return tuple(out)


def prescriptions(r: dict[str, Any]) -> tuple[Prescription, ...]:
    """What the plan prescribes at the level: capabilities, team types, named teams (by id)."""
    return tuple(
        Prescription(kind, _ref(x))
        for kind, key in (
            ("capability", "capabilities"),
            ("teamType", "teamTypes"),
            ("team", "teams"),
        )
        for x in sorted({x["id"]: x for x in r[key]}.values(), key=lambda x: x["id"])
    )


def parse_plan(r: dict[str, Any], level: ResponseLevel) -> PlanMatch:
    return PlanMatch(
        plan=PlanSummary(
            r["id"], r["nameZh"] or "", r["nameEn"] or "", r["level"] or "", r["issuer"]
        ),
        reasons=plan_reasons(r, level),
        hazards=tuple(sorted((_ref(h) for h in r["hazards"]), key=lambda h: h.id)),
        prescribed_capabilities=tuple(
            sorted((_ref(c) for c in r["capabilities"]), key=lambda c: c.id)
        ),
        prescribed_team_types=tuple(sorted({t["id"] for t in r["teamTypes"]})),
        prescribed_teams=tuple(sorted({t["id"] for t in r["teams"]})),
        prescriptions=prescriptions(r),
    )


async def applicable_plans(
    runner: CypherRunner, hazard_ids: list[str], at: GeoPoint, level: ResponseLevel
) -> list[PlanMatch]:
    """Plans for the hazards at the place, national first, then by level and id."""
    if not hazard_ids:
        return []
    chain = [r.id for r in await regions_at(runner, at)]
    rows = await collected_rows(runner, APPLICABLE_PLANS, plan_params(hazard_ids, at, level, chain))
    return plans_of(rows, level)


def plan_params(
    hazard_ids: list[str], at: GeoPoint, level: ResponseLevel, chain: list[str]
) -> dict[str, Any]:
    """APPLICABLE_PLANS' parameters; `chain`: the ids of the scene's regions, innermost first."""
    return {
        "varying": varying(chain=chain, hazards=hazard_ids, level=level.value),
        "lat": at.latitude,
        "lon": at.longitude,
        "regionMeters": REGION_MATCH_KM * 1000.0,
    }


def plans_of(rows: list[dict[str, Any]], level: ResponseLevel) -> list[PlanMatch]:
    """APPLICABLE_PLANS' rows as plans, national first, then by level and id."""
    plans = [parse_plan(r, level) for r in rows]
    return sorted(plans, key=lambda p: (PLAN_LEVEL_ORDER.get(p.plan.level, 9), p.plan.id))
