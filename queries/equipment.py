"""Step 5b: key equipment: the nearest ready Equipment of types that PROVIDE the needs.

Looked for where it can be fetched from quickly: the candidate teams (teams that
are available or on standby) and supply depots within DEPOT_RADIUS_KM. For each
need, heaviest first (gaps before covered needs), the nearest ready item of a
providing type; at most EQUIPMENT_RETURNED items, each item once.

Example::

    items = await nearest_equipment(driver, "neo4j", GeoPoint(30.66, 104.06),
                                    ["cap.water-rescue"], team_ids=["T-SC-0003"])
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, LiteralString

from neo4j import AsyncDriver

from queries.models import (
    CapabilityNeed,
    ConceptRef,
    EquipmentSuggestion,
    EquipmentSummary,
    GeoPoint,
)
from queries.reads import read_rows

DEPOT_RADIUS_KM = 300.0
EQUIPMENT_RETURNED = 8
EQUIPMENT_FETCHED = 2000

EQUIPMENT_NEAR: LiteralString = """
CALL () {
  UNWIND $teams AS tid
  MATCH (h:Team {id: tid})
  RETURN h
  UNION
  MATCH (h:Depot)
  WHERE point.distance(h.location, point({latitude: $lat, longitude: $lon})) <= $depotMeters
    AND NOT coalesce(h.retired, false)
  RETURN h
}
MATCH (h)-[:HAS_EQUIPMENT]->(e:Equipment)-[:OF_TYPE]->(et:EquipmentType)-[:PROVIDES]->(c:Capability)
WHERE e.status = 'ready' AND NOT coalesce(e.retired, false) AND c.id IN $capabilities
WITH h, e, et, collect(c.id) AS provides,
     point.distance(coalesce(e.location, h.location),
                    point({latitude: $lat, longitude: $lon})) / 1000.0 AS km
ORDER BY km, e.id
LIMIT $limit
RETURN collect({
  id: e.id, nameZh: e.nameZh, nameEn: e.nameEn, quantity: coalesce(e.quantity, 1),
  latitude: coalesce(e.location, h.location).latitude,
  longitude: coalesce(e.location, h.location).longitude,
  typeId: et.id, typeZh: et.nameZh, typeEn: et.nameEn, provides: provides,
  holderId: h.id, holderZh: h.nameZh, holderEn: h.nameEn,
  holderKind: CASE WHEN h:Depot THEN 'depot' ELSE 'team' END, km: km}) AS rows
"""


def choose_equipment(
    rows: Sequence[dict[str, Any]], needs: Sequence[CapabilityNeed], limit: int
) -> list[EquipmentSuggestion]:
    """Per need in the given order, the nearest unused item that provides it."""
    used: set[str] = set()
    out: list[EquipmentSuggestion] = []
    for n in needs:
        if len(out) >= limit:
            break
        item = next(
            (r for r in rows if n.capability.id in r["provides"] and r["id"] not in used), None
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
                    f"{item['typeZh']} provides {n.capability.name_zh} {n.capability.name_en} "
                    f"(need weight {n.weight:.2f})",
                    f"{int(item['quantity'])} ready at {item['holderKind']} {holder.name_zh} "
                    f"({holder.id}), {km:.1f} km away",
                ),
            )
        )
    return out


async def nearest_equipment(
    driver: AsyncDriver,
    database: str,
    at: GeoPoint,
    needs: Sequence[CapabilityNeed],
    *,
    team_ids: Sequence[str],
    limit: int = EQUIPMENT_RETURNED,
) -> list[EquipmentSuggestion]:
    """Nearest ready equipment for `needs` (in priority order), held by the teams or depots."""
    if not needs:
        return []
    rows = await read_rows(
        driver,
        database,
        EQUIPMENT_NEAR,
        {
            "lat": at.latitude,
            "lon": at.longitude,
            "teams": list(team_ids),
            "depotMeters": DEPOT_RADIUS_KM * 1000.0,
            "capabilities": [n.capability.id for n in needs],
            "limit": EQUIPMENT_FETCHED,
        },
    )
    return choose_equipment(rows, needs, limit)
