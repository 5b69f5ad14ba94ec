"""Reassignment options: teams committed to other incidents that could fill this
incident's gaps, and what each other incident would lose if the team were taken away.

A committed team is never offered by the recommender; when a commander asks, this lists
the teams assigned elsewhere that hold a capability of the incident's latest
recommendation's gaps, with the capabilities their incident would then be left without
(the team's capabilities no other team still assigned there holds). Fewest losses first.

Example::

    for o in await reassignment_options(runner, "INC-..."):
        o.team_id, o.from_incident, [c.id for c in o.fills], [c.id for c in o.would_lose]
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import LiteralString

from kg.cypher import CypherRunner
from queries.models import ConceptRef, GeoPoint
from queries.travel import eta_minutes, great_circle_km, mountain_area

MAX_OPTIONS = 20


@dataclass(frozen=True)
class ReassignmentOption:
    team_id: str
    team_name_zh: str
    team_name_en: str
    from_incident: str
    from_title_zh: str
    from_title_en: str
    fills: tuple[ConceptRef, ...]  # this incident's gaps the team would fill
    would_lose: tuple[ConceptRef, ...]  # what the other incident would be left without
    eta_minutes: float | None  # from the team's base to this incident


REASSIGNMENT: LiteralString = """
MATCH (a:Incident {id: $incident}) WHERE a.status IS NOT NULL
CALL (a) {
  OPTIONAL MATCH (r:Recommendation)-[:RECOMMENDED_FOR]->(a)
  WITH r ORDER BY r.id DESC LIMIT 1
  RETURN coalesce(r.gapCapabilityIds, []) AS gaps
}
MATCH (t:Team)-[x:ASSIGNED_TO]->(b:Incident)
WHERE x.releasedAt IS NULL AND b.id <> a.id
MATCH (t)-[:HAS_CAPABILITY]->(c:Capability) WHERE c.id IN gaps
WITH a, b, t, collect(DISTINCT {id: c.id, nameZh: c.nameZh, nameEn: c.nameEn}) AS fills
CALL (t, b) {
  OPTIONAL MATCH (t)-[:HAS_CAPABILITY]->(c:Capability)
  WHERE NOT EXISTS {
    MATCH (o:Team)-[y:ASSIGNED_TO]->(b)
    WHERE o <> t AND y.releasedAt IS NULL AND (o)-[:HAS_CAPABILITY]->(c)
  }
  WITH c ORDER BY c.id
  RETURN [x IN collect({id: c.id, nameZh: c.nameZh, nameEn: c.nameEn}) WHERE x.id IS NOT NULL]
         AS loses
}
RETURN t.id AS teamId, t.nameZh AS nameZh, t.nameEn AS nameEn, b.id AS fromIncident,
       b.nameZh AS fromZh, b.nameEn AS fromEn, fills, loses,
       t.location.latitude AS latitude, t.location.longitude AS longitude,
       t.mobility AS mobility, coalesce(t.readinessMinutes, 0) AS readiness,
       a.location.latitude AS sceneLat, a.location.longitude AS sceneLon
ORDER BY size(loses), size(fills) DESC, teamId
LIMIT $limit
"""


def _refs(rows: list[dict[str, str]]) -> tuple[ConceptRef, ...]:
    return tuple(ConceptRef.of(r, or_id=True) for r in rows)


async def reassignment_options(
    runner: CypherRunner, incident_id: str, *, limit: int = MAX_OPTIONS
) -> list[ReassignmentOption]:
    out = []
    for r in await runner.read(REASSIGNMENT, incident=incident_id, limit=limit):
        eta = None
        if r["latitude"] is not None and r["sceneLat"] is not None:
            scene = GeoPoint(r["sceneLat"], r["sceneLon"])
            km = great_circle_km(GeoPoint(r["latitude"], r["longitude"]), scene)
            eta = round(
                eta_minutes(km, r["mobility"], float(r["readiness"]),
                            mountainous=mountain_area(scene) is not None),
                1,
            )  # fmt: skip
        out.append(
            ReassignmentOption(
                team_id=r["teamId"],
                team_name_zh=r["nameZh"],
                team_name_en=r["nameEn"],
                from_incident=r["fromIncident"],
                from_title_zh=r["fromZh"],
                from_title_en=r["fromEn"],
                fills=_refs(r["fills"]),
                would_lose=_refs(r["loses"]),
                eta_minutes=eta,
            )
        )
    return out
