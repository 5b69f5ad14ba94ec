"""The reads of the readiness check: plans at a level, regions of a province, supply around them.

Each RETURN projection is paired with one parser below. Prescriptions are the plan's
`PRESCRIBES {responseLevel}` relationships; their optional `quantity` (or `units`) and
`capabilityLevel`, and the plan's optional `timeStandardMinutes`, are read where present
(README "Plan readiness": what a plan holds). Supply is read once for a whole province:
the teams holding a prescribed capability or of a prescribed type within a box around
its regions, the equipment stocks of a prescribed type in the same box, and the named
teams and experts wherever they are (for every province at once: queries/readiness/
national.py). Rows are taken as the driver decodes them (`collected`); the teams, the
largest read, come as columns (queries/readiness/team_read.py).

Example::

    plans = await plans_at(runner, level=ResponseLevel.I, hazard="11C02")
    regions, province = await regions_of(runner, "510000")
"""

from __future__ import annotations

import asyncio
import math
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, LiteralString

import numpy as np
import numpy.typing as npt

from kg.cypher import CypherRunner
from kg.errors import NotFoundError
from queries.models import ConceptRef, GeoPoint, ResponseLevel
from queries.readiness.model import (
    KINDS,
    Kind,
    PlanPrescriptions,
    Prescribed,
    RegionPoint,
    Unit,
)
from queries.readiness.standards import (
    AVAILABLE_TEAM_STATUSES,
    DEFAULT_UNITS,
    DEPOT_LOADING_MINUTES,
    EXPERT_READY_MINUTES,
    READY_EQUIPMENT_STATUS,
    time_standard,
)
from queries.readiness.team_read import read_teams

Floats = npt.NDArray[np.float64]

PLANS: LiteralString = """
MATCH (p:Plan)
WHERE NOT coalesce(p.retired, false) AND ($plan IS NULL OR p.id = $plan)
  AND ($plans IS NULL OR p.id IN $plans)
  AND ($hazard IS NULL OR EXISTS {
        MATCH (:HazardType {id: $hazard})-[:BROADER*0..3]->(:HazardType)<-[:COVERS]-(p) })
RETURN collect({
  id: p.id, nameZh: p.nameZh, nameEn: p.nameEn, level: p.level,
  timeStandard: p.timeStandardMinutes,
  appliesTo: [(p)-[:APPLIES_TO]->(r:Region) | r.id],
  covers: [(p)-[:COVERS]->(h:HazardType) | {id: h.id, nameZh: h.nameZh, nameEn: h.nameEn}],
  items: [(p)-[pr:PRESCRIBES]->(x) WHERE pr.responseLevel = $level
          AND NOT coalesce(x.retired, false) |
          {kind: CASE WHEN x:Capability THEN 'capability' WHEN x:TeamType THEN 'teamType'
                      WHEN x:Team THEN 'team' WHEN x:EquipmentType THEN 'equipmentType'
                      WHEN x:Expert THEN 'expert' END,
           id: x.id, nameZh: x.nameZh, nameEn: x.nameEn,
           units: coalesce(pr.quantity, pr.units), capabilityLevel: pr.capabilityLevel}]
}) AS rows
"""

HAZARD: LiteralString = """
MATCH (h:HazardType {id: $id}) RETURN collect({id: h.id, nameZh: h.nameZh, nameEn: h.nameEn})
  AS rows
"""

# Each province (or any region) of $regions and the regions its matrix covers: its
# counties; a region without counties, its parts; a county, itself. Each with its point,
# its chain of parents and the region it was read for (`top`).
REGIONS: LiteralString = """
UNWIND $regions AS wanted
MATCH (top:Region {id: wanted})
OPTIONAL MATCH (r:Region)-[:PART_OF*1..3]->(top) WHERE NOT coalesce(r.retired, false)
WITH top, collect(r) AS below
WITH top, CASE WHEN any(x IN below WHERE x.rank = 'county')
               THEN [x IN below WHERE x.rank = 'county']
               WHEN size(below) > 0 THEN below ELSE [top] END AS regions
UNWIND regions AS r
WITH top, r WHERE r.location IS NOT NULL
RETURN collect({
  id: r.id, nameZh: r.nameZh, nameEn: r.nameEn, rank: r.rank,
  lat: r.location.latitude, lon: r.location.longitude,
  chain: [r.id] + [(r)-[:PART_OF*1..3]->(a:Region) | a.id],
  boundary: CASE WHEN $boundaries THEN r.boundary END,
  top: {id: top.id, nameZh: top.nameZh, nameEn: top.nameEn}
}) AS rows
"""

SUPPLY_EQUIPMENT: LiteralString = """
MATCH (et:EquipmentType)<-[:OF_TYPE]-(e:Equipment)
WHERE et.id IN $equipmentTypes AND NOT coalesce(e.retired, false)
OPTIONAL MATCH (h)-[:HAS_EQUIPMENT]->(e)
WITH e, et, h, coalesce(e.location, h.location) AS loc
WHERE loc IS NOT NULL AND point.withinBBox(loc, point({longitude: $west, latitude: $south}),
                                          point({longitude: $east, latitude: $north}))
RETURN collect({id: e.id, nameZh: e.nameZh, nameEn: e.nameEn, status: e.status,
  quantity: coalesce(e.quantity, 1), type: et.id, lat: loc.latitude, lon: loc.longitude,
  holder: CASE WHEN h IS NULL THEN null ELSE {id: h.id, nameZh: h.nameZh, nameEn: h.nameEn,
          kind: CASE WHEN h:Team THEN 'team' ELSE 'depot' END, status: h.status,
          retired: coalesce(h.retired, false), mobility: h.mobility,
          readiness: h.readinessMinutes} END}) AS rows
"""

SUPPLY_EXPERTS: LiteralString = """
MATCH (x:Expert) WHERE x.id IN $experts AND NOT coalesce(x.retired, false)
  AND x.location IS NOT NULL
RETURN collect({id: x.id, nameZh: x.nameZh, nameEn: x.nameEn,
  available: coalesce(x.available, true),
  lat: x.location.latitude, lon: x.location.longitude}) AS rows
"""


def parse_plan(r: dict[str, Any], level: ResponseLevel) -> PlanPrescriptions:
    """One PLANS row; prescriptions sorted by kind (capabilities first) then id."""
    items: dict[tuple[str, str], Prescribed] = {}
    for x in r["items"]:
        kind = x["kind"]
        if kind not in KINDS:
            continue
        k: Kind = kind
        units = x.get("units")
        cap_level = x.get("capabilityLevel")
        items[(k, x["id"])] = Prescribed(
            k,
            ConceptRef.of(x),
            max(1, int(units)) if units is not None else DEFAULT_UNITS,
            int(cap_level) if cap_level is not None else None,
        )
    order = {k: i for i, k in enumerate(KINDS)}
    own = r.get("timeStandard")
    return PlanPrescriptions(
        plan=ConceptRef.of(r),
        plan_level=r.get("level") or "",
        time_standard=time_standard(level, float(own) if own is not None else None),
        own_standard=own is not None and float(own) > 0,
        items=tuple(sorted(items.values(), key=lambda p: (order[p.kind], p.target.id))),
        applies_to=tuple(sorted(r["appliesTo"])),
        covers=tuple(sorted((ConceptRef.of(h) for h in r.get("covers") or []), key=lambda h: h.id)),
    )


async def plans_at(
    runner: CypherRunner,
    level: ResponseLevel,
    *,
    hazard: str | None = None,
    plan: str | None = None,
    plans: list[str] | None = None,
) -> list[PlanPrescriptions]:
    """Plans covering `hazard` (or its broader hazards), or the one `plan`, or those of
    `plans`; by id."""
    rows = await runner.read_rows(PLANS, hazard=hazard, plan=plan, plans=plans, level=level.value)
    if plan is not None and not rows:
        raise NotFoundError(f"no plan with id {plan!r}; list plans with the catalog query `plans`")
    return sorted((parse_plan(r, level) for r in rows), key=lambda p: p.plan.id)


async def hazard_ref(runner: CypherRunner, hazard: str) -> ConceptRef:
    rows = await runner.read_rows(HAZARD, id=hazard)
    if not rows:
        raise NotFoundError(f"no hazard type with code {hazard!r}; use a code such as 11C02 (地震)")
    return ConceptRef.of(rows[0])


def parse_region(r: dict[str, Any]) -> RegionPoint:
    return RegionPoint(
        region=ConceptRef.of(r),
        rank=r.get("rank") or "",
        point=GeoPoint(float(r["lat"]), float(r["lon"])),
        chain=tuple(r["chain"]),
        boundary=r.get("boundary"),
    )


async def regions_of(
    runner: CypherRunner, region: str, *, boundaries: bool = False
) -> tuple[list[RegionPoint], ConceptRef]:
    """The regions a matrix over `region` covers (its counties), by id, and `region` itself."""
    rows = await collected(runner, REGIONS, regions=[region], boundaries=boundaries)
    if not rows:
        raise NotFoundError(
            f"no region with code {region!r} (or it has no point); "
            "use a GB/T 2260 code such as 510000 (四川省)"
        )
    regions = sorted((parse_region(r) for r in rows), key=lambda r: r.region.id)
    return regions, ConceptRef.of(rows[0]["top"])


PROVINCES: LiteralString = """
MATCH (p:Region {rank: 'province'}) WHERE NOT coalesce(p.retired, false)
RETURN collect(p.id) AS rows
"""


async def province_ids(runner: CypherRunner) -> list[str]:
    """Every province of the graph, by id."""
    return sorted(await collected(runner, PROVINCES))


async def regions_within(
    runner: CypherRunner, tops: list[str]
) -> dict[str, tuple[list[RegionPoint], ConceptRef]]:
    """`regions_of` for many regions in one read: per id of `tops` that has regions with a
    point, its regions by id and itself."""
    by_top: dict[str, list[dict[str, Any]]] = {}
    for r in await collected(runner, REGIONS, regions=tops, boundaries=False):
        by_top.setdefault(r["top"]["id"], []).append(r)
    return {
        t: (
            sorted((parse_region(r) for r in rows), key=lambda r: r.region.id),
            ConceptRef.of(rows[0]["top"]),
        )
        for t, rows in by_top.items()
    }


@dataclass(frozen=True)
class Box:
    south: float
    west: float
    north: float
    east: float

    @classmethod
    def around(cls, points: Iterable[GeoPoint], km: float) -> Box:
        ps = list(points)
        lat0, lat1 = min(p.latitude for p in ps), max(p.latitude for p in ps)
        dlat = km / 111.0
        widest = min(89.0, max(abs(lat0 - dlat), abs(lat1 + dlat)))
        dlon = min(180.0, km / (111.0 * math.cos(math.radians(widest))))
        return cls(
            max(-90.0, lat0 - dlat),
            max(-180.0, min(p.longitude for p in ps) - dlon),
            min(90.0, lat1 + dlat),
            min(180.0, max(p.longitude for p in ps) + dlon),
        )

    @classmethod
    def enclosing(cls, boxes: Iterable[Box]) -> Box:
        """The smallest box holding every one of `boxes` (one read for all of them)."""
        bs = list(boxes)
        return cls(
            min(b.south for b in bs),
            min(b.west for b in bs),
            max(b.north for b in bs),
            max(b.east for b in bs),
        )

    def holds(self, lat: Floats, lon: Floats) -> npt.NDArray[np.bool_]:
        """Which of the points (degrees) lie in the box, edges included (point.withinBBox)."""
        return (lat >= self.south) & (lat <= self.north) & (lon >= self.west) & (lon <= self.east)

    def params(self) -> dict[str, float]:
        return {"south": self.south, "west": self.west, "north": self.north, "east": self.east}


def parse_equipment_unit(r: dict[str, Any]) -> Unit:
    h = r.get("holder")
    status = r.get("status") or ""
    holder_ok = True
    mobility, ready = "ground", DEPOT_LOADING_MINUTES
    if h is not None and h["kind"] == "team":
        holder_ok = h["status"] in AVAILABLE_TEAM_STATUSES and not h["retired"]
        mobility, ready = h.get("mobility") or "ground", float(h.get("readiness") or 0)
    return Unit(
        id=r["id"],
        name=ConceptRef.of(r),
        kind="equipment",
        location=GeoPoint(float(r["lat"]), float(r["lon"])),
        status=status,
        usable=status == READY_EQUIPMENT_STATUS and holder_ok,
        mobility=mobility,
        ready_minutes=ready,
        equipment_type=r["type"],
        quantity=max(0, int(r["quantity"])),
        holder=ConceptRef.of(h) if h is not None else None,
        holder_usable=holder_ok,
    )


def parse_expert_unit(r: dict[str, Any]) -> Unit:
    available = bool(r["available"])
    return Unit(
        id=r["id"],
        name=ConceptRef.of(r),
        kind="expert",
        location=GeoPoint(float(r["lat"]), float(r["lon"])),
        status="available" if available else "unavailable",
        usable=available,
        ready_minutes=EXPERT_READY_MINUTES,
    )


async def collected(runner: CypherRunner, cypher: LiteralString, **params: Any) -> list[Any]:
    """The `rows` of a query ending `RETURN collect({...}) AS rows`, as decoded (the driver's
    `Record.data()` walk over tens of thousands of maps is skipped: it cost more than
    the decoding, README "Plan readiness" speed)."""
    record = await runner.read_single(cypher, params)
    rows: list[Any] = record["rows"] if record is not None else []
    return rows


async def supply_for(
    runner: CypherRunner, plans: Iterable[PlanPrescriptions], box: Box
) -> list[Unit]:
    """Every unit that could answer a prescription of `plans`: teams and equipment in
    `box`, named teams and experts anywhere."""
    ids: dict[str, set[str]] = {k: set() for k in KINDS}
    for p in plans:
        for x in p.items:
            ids[x.kind].add(x.target.id)
    reads = []
    if ids["equipmentType"]:
        reads.append(
            (
                parse_equipment_unit,
                collected(
                    runner,
                    SUPPLY_EQUIPMENT,
                    equipmentTypes=sorted(ids["equipmentType"]),
                    **box.params(),
                ),
            )
        )
    if ids["expert"]:
        reads.append(
            (parse_expert_unit, collected(runner, SUPPLY_EXPERTS, experts=sorted(ids["expert"])))
        )
    teams = (
        read_teams(
            runner,
            capabilities=sorted(ids["capability"]),
            team_types=sorted(ids["teamType"]),
            teams=sorted(ids["team"]),
            box_params=box.params(),
        )
        if ids["capability"] or ids["teamType"] or ids["team"]
        else no_units()
    )
    # the reads go out together (one round trip of waiting, not four)
    team_units, *found = await asyncio.gather(teams, *(read for _, read in reads))
    units = [parse(r) for (parse, _), rows in zip(reads, found, strict=True) for r in rows]
    return team_units + units


async def no_units() -> list[Unit]:
    return []
