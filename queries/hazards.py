"""Hazard resolution and capability needs (Cypher constants + their record parsers)."""

from __future__ import annotations

from typing import Any, LiteralString

from neo4j import READ_ACCESS, AsyncDriver

from kg.errors import UnknownConceptError, map_neo4j_errors
from queries.models import CapabilityNeed, ConceptRef

HAZARDS_BY_ID: LiteralString = """
UNWIND $ids AS id
MATCH (h:HazardType {id: id}) WHERE NOT coalesce(h.retired, false)
RETURN h.id AS id, h.nameZh AS nameZh, h.nameEn AS nameEn
"""

ALL_HAZARD_NAMES: LiteralString = """
MATCH (h:HazardType) WHERE NOT coalesce(h.retired, false)
RETURN h.id AS id, h.nameZh + ' ' + h.nameEn AS name
"""

# Needs of each hazard, inherited along BROADER (a type inherits its subcategory's needs),
# applicable at the scenario's response level (minLevel severity <= scenario severity).
REQUIRED_CAPABILITIES: LiteralString = """
UNWIND $hazards AS hz
MATCH (h:HazardType {id: hz.id})-[:BROADER*0..3]->(a:HazardType)-[r:REQUIRES]->(c:Capability)
WHERE NOT coalesce(c.retired, false)
  AND CASE r.minLevel WHEN 'I' THEN 4 WHEN 'II' THEN 3 WHEN 'III' THEN 2 ELSE 1 END <= $severity
RETURN c.id AS id, c.nameZh AS nameZh, c.nameEn AS nameEn,
       max(r.weight * hz.weight) AS weight, collect(DISTINCT a.id) AS sources
ORDER BY id
"""


def concept_ref(record: Any) -> ConceptRef:
    return ConceptRef(id=record["id"], name_zh=record["nameZh"], name_en=record["nameEn"])


async def resolve_hazard_codes(
    driver: AsyncDriver, database: str, codes: list[str]
) -> list[ConceptRef]:
    """The HazardTypes for `codes`, in input order; unknown codes raise with close matches."""
    with map_neo4j_errors():
        async with driver.session(database=database, default_access_mode=READ_ACCESS) as s:
            found = {r["id"]: concept_ref(r) async for r in await s.run(HAZARDS_BY_ID, ids=codes)}
            missing = [c for c in codes if c not in found]
            if missing:
                known = [(r["id"], r["name"]) async for r in await s.run(ALL_HAZARD_NAMES)]
                raise UnknownConceptError("hazard code", missing[0], known)
    return [found[c] for c in dict.fromkeys(codes)]


async def required_capabilities(
    driver: AsyncDriver, database: str, hazards: list[tuple[str, float]], severity: int
) -> list[CapabilityNeed]:
    rows = [{"id": h, "weight": w} for h, w in hazards]
    with map_neo4j_errors():
        records, _, _ = await driver.execute_query(
            REQUIRED_CAPABILITIES, hazards=rows, severity=severity,
            database_=database, routing_="r",
        )
    return [
        CapabilityNeed(capability=concept_ref(r), weight=float(r["weight"]),
                       sources=tuple(sorted(r["sources"])))
        for r in records
    ]
