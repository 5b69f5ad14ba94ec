"""Step 5b: key equipment: the nearest ready Equipment of types that PROVIDE the needs.

Looked for where it can be fetched from quickly: the EQUIPMENT_TEAMS nearest teams that
are available or on standby (within TEAM_RADIUS_KM) and the EQUIPMENT_DEPOTS nearest
supply depots (within DEPOT_RADIUS_KM). For each
need, heaviest first (gaps before covered needs), the nearest ready item of a
providing type; at most EQUIPMENT_RETURNED items, each item once.

Example::

    items = await nearest_equipment(runner, GeoPoint(30.66, 104.06),
                                    [need])
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, LiteralString

from kg.cypher import CypherRunner
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
EQUIPMENT_TEAMS = 10  # nearest available teams searched
EQUIPMENT_DEPOTS = 5  # nearest depots searched
PER_CAPABILITY = 3  # nearest items kept per need (so each item is suggested once)

# Holders: the nearest $teams available teams and the nearest $depots depots within reach.
# Per needed capability, the $perCapability nearest ready items that provide it.
EQUIPMENT_NEAR: LiteralString = """
CALL () {
  MATCH (h:Team)
  WHERE point.distance(h.location, point({latitude: $lat, longitude: $lon})) <= $teamMeters
    AND h.status IN $statuses AND NOT coalesce(h.retired, false) AND NOT h.id IN $exclude
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
MATCH (h)-[:HAS_EQUIPMENT]->(e:Equipment)-[:OF_TYPE]->(et:EquipmentType)-[:PROVIDES]->(c:Capability)
WHERE e.status = 'ready' AND NOT coalesce(e.retired, false) AND c.id IN $capabilities
WITH c.id AS capability, h, e, et,
     point.distance(coalesce(e.location, h.location),
                    point({latitude: $lat, longitude: $lon})) / 1000.0 AS km
ORDER BY km, e.id
WITH capability, collect({
  id: e.id, nameZh: e.nameZh, nameEn: e.nameEn, quantity: coalesce(e.quantity, 1),
  latitude: coalesce(e.location, h.location).latitude,
  longitude: coalesce(e.location, h.location).longitude,
  typeId: et.id, typeZh: et.nameZh, typeEn: et.nameEn,
  holderId: h.id, holderZh: h.nameZh, holderEn: h.nameEn,
  holderKind: CASE WHEN h:Depot THEN 'depot' ELSE 'team' END, km: km})[0..$perCapability]
  AS items
RETURN collect({capability: capability, items: items}) AS rows
"""


def choose_equipment(
    rows: Sequence[dict[str, Any]], needs: Sequence[CapabilityNeed], limit: int
) -> list[EquipmentSuggestion]:
    """Per need in the given order, the nearest unused item that provides it."""
    by_capability = {r["capability"]: r["items"] for r in rows}
    used: set[str] = set()
    out: list[EquipmentSuggestion] = []
    for n in needs:
        if len(out) >= limit:
            break
        item = next(
            (i for i in by_capability.get(n.capability.id, []) if i["id"] not in used), None
        )
        if item is None:
            continue
        used.add(item["id"])
        holder = ConceptRef(item["holderId"], item["holderZh"] or "", item["holderEn"] or "")
        km = float(item["km"])
        out.append(
            EquipmentSuggestion(
                equipment=EquipmentSummary(
                    item["id"],
                    item["nameZh"] or "",
                    item["nameEn"] or "",
                    GeoPoint(item["latitude"], item["longitude"]),
                ),
                equipment_type=ConceptRef(
                    item["typeId"], item["typeZh"] or "", item["typeEn"] or ""
                ),
                capability=n.capability,
                quantity=int(item["quantity"]),
                holder=holder,
                holder_kind=item["holderKind"],
                distance_km=round(km, 2),
                reasons=(
                    Reason.of(
                        "EQUIPMENT_PROVIDES",
                        equipmentType=ConceptRef(
                            item["typeId"], item["typeZh"] or "", item["typeEn"] or ""
                        ),
                        capability=n.capability,
                        weight=round(n.weight, 2),
                    ),
                    Reason.of(
                        "EQUIPMENT_AT",
                        quantity=int(item["quantity"]),
                        holderKind=Term(f"holder.{item['holderKind']}"),
                        holder=holder,
                        distanceKm=round(km, 1),
                    ),
                ),
            )
        )
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
    return await runner.read_rows(
        EQUIPMENT_NEAR,
        {
            "lat": at.latitude,
            "lon": at.longitude,
            "teamMeters": TEAM_RADIUS_KM * 1000.0,
            "teams": EQUIPMENT_TEAMS,
            "statuses": list(AVAILABLE_STATUSES),
            "exclude": list(exclude),
            "depotMeters": DEPOT_RADIUS_KM * 1000.0,
            "depots": EQUIPMENT_DEPOTS,
            "capabilities": list(capabilities),
            "perCapability": PER_CAPABILITY,
        },
    )


async def nearest_equipment(
    runner: CypherRunner,
    at: GeoPoint,
    needs: Sequence[CapabilityNeed],
    *,
    exclude: Sequence[str] = (),
    limit: int = EQUIPMENT_RETURNED,
) -> list[EquipmentSuggestion]:
    """Nearest ready equipment for `needs` (in priority order), held by nearby available
    teams (not `exclude`d) or depots."""
    rows = await equipment_rows(runner, at, [n.capability.id for n in needs], exclude=exclude)
    return choose_equipment(rows, needs, limit)
