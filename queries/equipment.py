"""Step 5b: key equipment: the nearest ready Equipment of types that PROVIDE the needs and
SERVE the hazards behind them.

Looked for where it can be fetched from quickly: the EQUIPMENT_TEAMS nearest teams that
are available or on standby (within TEAM_RADIUS_KM) and the EQUIPMENT_DEPOTS nearest
supply depots (within DEPOT_RADIUS_KM). Per need and equipment type the PER_TYPE
nearest ready items come back with the hazards their type SERVES (equipment.ttl).

An item is suggested for a need only in its hazard context (`fits_hazards`): its type
SERVES one of the hazards the need comes from (the need's sources), or, for a need that
only a plan, the commander or the situation added, one of the scenario's hazards; a
served code covers its subtree (12G00 covers 12G03; 10000 every hazard). So a boat
(which PROVIDES evacuation) goes to a flood and never to a building fire's evacuation.
A need with no hazard anywhere in sight (a bare capability) takes any providing type.
For each need, heaviest first (gaps before covered needs), the nearest fitting unused
item; at most EQUIPMENT_RETURNED items, each item once.

Example::

    rows = await equipment_rows(runner, GeoPoint(30.66, 104.06), ["cap.evacuation"])
    choose_equipment(rows, [CapabilityNeed(evacuation, 0.9, sources=("12G03",))], 8)
    # [] : no boat for a building fire
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Sequence
from typing import Any, LiteralString

from kg.cypher import CypherRunner
from kg.plan_cache import varying
from ontology.model import ID_PATTERNS, hazard_parent
from queries.models import (
    CapabilityNeed,
    ConceptRef,
    EquipmentSuggestion,
    EquipmentSummary,
    GeoPoint,
    Reason,
    Term,
)
from queries.teams import AVAILABLE_STATUSES

DEPOT_RADIUS_KM = 200.0
EQUIPMENT_RETURNED = 8
TEAM_RADIUS_KM = 30.0
# nearest available teams searched; in a dense city police, EMS, CDC and command units
# crowd the nearest 10 and the fire brigades' ladders fall outside them
EQUIPMENT_TEAMS = 40
EQUIPMENT_DEPOTS = 5  # nearest depots searched
PER_TYPE = 3  # nearest items kept per need and equipment type (so each item is suggested once)
_HAZARD_ID = re.compile(ID_PATTERNS["HazardType"])  # needs' sources: hazards, plans, facts

# Holders: the nearest $teams available teams and the nearest $depots depots within reach.
# Per needed capability and equipment type, the $perType nearest ready items; per
# capability, nearest first. Each item as a list, its type (with the hazards it SERVES) and
# its holder named once in `types` and `holders`: the same few types and holders recur
# across items and capabilities, and repeating them was ~9,000 values per scenario
# nationally (`stock` rebuilds the items for `choose_equipment`).
EQUIPMENT_NEAR: LiteralString = """
MATCH (c:Capability) WHERE c.id IN $varying.capabilities
WITH collect(c) AS needed
CALL () {
  MATCH (h:Team)
  WHERE point.distance(h.location, point({latitude: $lat, longitude: $lon})) <= $teamMeters
    AND h.status IN $varying.statuses AND NOT coalesce(h.retired, false)
    AND NOT h.id IN $varying.exclude
  WITH h ORDER BY point.distance(h.location, point({latitude: $lat, longitude: $lon})), h.id
  LIMIT $teams
  RETURN h
  UNION
  MATCH (h:Depot)
  WHERE point.distance(h.location, point({latitude: $lat, longitude: $lon})) <= $depotMeters
    AND NOT coalesce(h.retired, false)
  WITH h ORDER BY point.distance(h.location, point({latitude: $lat, longitude: $lon})), h.id
  LIMIT $depots
  RETURN h
}
MATCH (h)-[:HAS_EQUIPMENT]->(e:Equipment)-[:OF_TYPE]->(et:EquipmentType)-[:PROVIDES]->(c)
WHERE e.status = 'ready' AND NOT coalesce(e.retired, false) AND c IN needed
WITH c.id AS capability, h, e, et,
     point.distance(coalesce(e.location, h.location),
                    point({latitude: $lat, longitude: $lon})) / 1000.0 AS km
ORDER BY km, e.id
WITH capability, et, collect([e, h, km])[0..$perType] AS items
UNWIND items AS item
WITH capability, et, item[0] AS e, item[1] AS h, item[2] AS km
ORDER BY km, e.id
WITH capability, collect({e: e, h: h, et: et, km: km}) AS items
WITH collect({capability: capability, items: items}) AS found
CALL (found) {
  UNWIND found AS f
  UNWIND f.items AS i
  WITH DISTINCT i.et AS et
  RETURN collect({id: et.id, nameZh: et.nameZh, nameEn: et.nameEn,
                  serves: [(et)-[:SERVES]->(s:HazardType) WHERE NOT coalesce(s.retired, false)
                           | {id: s.id, nameZh: s.nameZh, nameEn: s.nameEn}]}) AS types
}
CALL (found) {
  UNWIND found AS f
  UNWIND f.items AS i
  WITH DISTINCT i.h AS h
  RETURN collect({id: h.id, nameZh: h.nameZh, nameEn: h.nameEn,
                  kind: CASE WHEN h:Depot THEN 'depot' ELSE 'team' END}) AS holders
}
RETURN {types: types, holders: holders,
        stock: [f IN found | {capability: f.capability, items: [i IN f.items |
          [i.e.id, i.e.nameZh, i.e.nameEn, coalesce(i.e.quantity, 1),
           coalesce(i.e.location, i.h.location).latitude,
           coalesce(i.e.location, i.h.location).longitude, i.km, i.et.id, i.h.id]]}]} AS rows
"""


def hazard_line(code: str) -> list[str]:
    """The code and its broader codes up to the root (GB/T 35561: BROADER follows the code,
    `emkg ontology validate` checks it): '12G03' -> ['12G03', '12G00', '12000', '10000']."""
    line: list[str] = []
    at: str | None = code
    while at is not None and at not in line:
        line.append(at)
        at = hazard_parent(at)
    return line


def need_hazards(need: CapabilityNeed, scenario: Collection[str]) -> list[str]:
    """The hazards a need comes from (its sources that are hazard codes), or the scenario's
    hazards for a need only a plan, the commander or the situation added."""
    own = [s for s in need.sources if _HAZARD_ID.match(s)]
    return own or list(scenario)


def fits_hazards(serves: Iterable[str], hazards: Sequence[str]) -> str | None:
    """The first of `hazards` that a type serving `serves` is meant for (a served code covers
    its subtree), or None. No hazards at all: no context to judge, any type fits ('')."""
    if not hazards:
        return ""
    served = set(serves)
    return next((h for h in hazards if served.intersection(hazard_line(h))), None)


def scenario_hazards(needs: Iterable[CapabilityNeed]) -> list[str]:
    """Every hazard code among the needs' sources, in order of first appearance."""
    return list(dict.fromkeys(s for n in needs for s in n.sources if _HAZARD_ID.match(s)))


def _ref(m: dict[str, Any], id_key: str, zh_key: str, en_key: str) -> ConceptRef:
    return ConceptRef.of(m, (id_key, zh_key, en_key))


def choose_equipment(
    rows: Sequence[dict[str, Any]],
    needs: Sequence[CapabilityNeed],
    limit: int,
    *,
    hazards: Sequence[str] | None = None,
) -> list[EquipmentSuggestion]:
    """Per need in the given order, the nearest unused item that provides it and serves the
    need's hazards (`hazards`: the scenario's; default: every hazard among the needs' sources)."""
    scenario = list(hazards) if hazards is not None else scenario_hazards(needs)
    by_capability = {r["capability"]: r["items"] for r in rows}
    used: set[str] = set()
    out: list[EquipmentSuggestion] = []
    for n in needs:
        if len(out) >= limit:
            break
        context = need_hazards(n, scenario)
        found = None
        for i in by_capability.get(n.capability.id, []):
            served = {s["id"]: s for s in i["serves"]}
            hazard = fits_hazards(served, context)
            if i["id"] not in used and hazard is not None:
                found = (i, hazard, served)
                break
        if found is None:
            continue
        item, hazard, served = found
        used.add(item["id"])
        out.append(_suggestion(item, n, hazard, served))
    return out


def _suggestion(
    item: dict[str, Any], n: CapabilityNeed, hazard: str, served: dict[str, dict[str, Any]]
) -> EquipmentSuggestion:
    holder = _ref(item, "holderId", "holderZh", "holderEn")
    kind = _ref(item, "typeId", "typeZh", "typeEn")
    km = float(item["km"])
    reasons = [
        Reason.of("EQUIPMENT_PROVIDES", equipmentType=kind, capability=n.capability,
                  weight=round(n.weight, 2)),
        Reason.of("EQUIPMENT_AT", quantity=int(item["quantity"]),
                  holderKind=Term(f"holder.{item['holderKind']}"), holder=holder,
                  distanceKm=round(km, 1)),
    ]  # fmt: skip
    if hazard:  # the served code that covers the need's hazard (the hazard or broader)
        tag = next(c for c in hazard_line(hazard) if c in served)
        reasons.append(
            Reason.of(
                "EQUIPMENT_SERVES",
                equipmentType=kind,
                hazard=_ref(served[tag], "id", "nameZh", "nameEn"),
            )
        )
    return EquipmentSuggestion(
        equipment=EquipmentSummary(
            item["id"],
            item["nameZh"] or "",
            item["nameEn"] or "",
            GeoPoint(item["latitude"], item["longitude"]),
        ),
        equipment_type=kind,
        capability=n.capability,
        quantity=int(item["quantity"]),
        holder=holder,
        holder_kind=item["holderKind"],
        distance_km=round(km, 2),
        reasons=tuple(reasons),
    )


def stock(found: dict[str, Any]) -> list[dict[str, Any]]:
    """EQUIPMENT_NEAR's answer as `choose_equipment` reads it: per capability, its items
    (id, names, quantity, latitude, longitude, km, typeId/Zh/En, holderId/Zh/En, holderKind,
    serves), nearest first."""
    types = {t["id"]: t for t in found["types"]}
    holders = {h["id"]: h for h in found["holders"]}
    out = []
    for row in found["stock"]:
        items = []
        for item_id, name_zh, name_en, quantity, lat, lon, km, type_id, holder_id in row["items"]:
            t, h = types[type_id], holders[holder_id]
            items.append(
                {
                    "id": item_id,
                    "nameZh": name_zh,
                    "nameEn": name_en,
                    "quantity": quantity,
                    "latitude": lat,
                    "longitude": lon,
                    "typeId": type_id,
                    "typeZh": t["nameZh"],
                    "typeEn": t["nameEn"],
                    "holderId": holder_id,
                    "holderZh": h["nameZh"],
                    "holderEn": h["nameEn"],
                    "holderKind": h["kind"],
                    "km": km,
                    "serves": t["serves"],
                }
            )
        out.append({"capability": row["capability"], "items": items})
    return out


async def equipment_rows(
    runner: CypherRunner,
    at: GeoPoint,
    capabilities: Sequence[str],
    *,
    exclude: Sequence[str] = (),
) -> list[dict[str, Any]]:
    """Per capability, the nearest ready items providing it (input of `choose_equipment`)."""
    if not capabilities:
        return []
    record = await runner.read_single(
        EQUIPMENT_NEAR,
        {
            "lat": at.latitude,
            "lon": at.longitude,
            "teamMeters": TEAM_RADIUS_KM * 1000.0,
            "teams": EQUIPMENT_TEAMS,
            "varying": varying(
                statuses=AVAILABLE_STATUSES, exclude=exclude, capabilities=capabilities
            ),
            "depotMeters": DEPOT_RADIUS_KM * 1000.0,
            "depots": EQUIPMENT_DEPOTS,
            "perType": PER_TYPE,
        },
    )
    return stock(record["rows"]) if record else []


async def nearest_equipment(
    runner: CypherRunner,
    at: GeoPoint,
    needs: Sequence[CapabilityNeed],
    *,
    exclude: Sequence[str] = (),
    hazards: Sequence[str] | None = None,
    limit: int = EQUIPMENT_RETURNED,
) -> list[EquipmentSuggestion]:
    """Nearest ready equipment for `needs` (in priority order) that serves their hazards,
    held by nearby available teams (not `exclude`d) or depots."""
    rows = await equipment_rows(runner, at, [n.capability.id for n in needs], exclude=exclude)
    return choose_equipment(rows, needs, limit, hazards=hazards)
