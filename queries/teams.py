"""Candidate teams near a point (point index), with the needed capabilities they hold."""

from __future__ import annotations

from typing import Any, LiteralString

from neo4j import AsyncDriver

from kg.errors import map_neo4j_errors
from queries.models import ConceptRef, GeoPoint, TeamSummary

AVAILABLE_STATUSES = ("available", "standby")

CANDIDATE_TEAMS: LiteralString = """
MATCH (t:Team)
WHERE point.distance(t.location, point({latitude: $lat, longitude: $lon})) <= $maxMeters
  AND t.status IN $statuses AND NOT coalesce(t.retired, false) AND NOT t.id IN $exclude
MATCH (t)-[hc:HAS_CAPABILITY]->(c:Capability) WHERE c.id IN $capabilities
OPTIONAL MATCH (t)-[:OF_TYPE]->(tt:TeamType)
WITH t, tt, collect({id: c.id, nameZh: c.nameZh, nameEn: c.nameEn, level: hc.level}) AS caps
RETURN t.id AS id, t.nameZh AS nameZh, t.nameEn AS nameEn, t.status AS status,
       t.location.latitude AS latitude, t.location.longitude AS longitude,
       t.mobility AS mobility, t.adminLevel AS adminLevel,
       t.readinessMinutes AS readinessMinutes, tt.id AS teamType,
       point.distance(t.location, point({latitude: $lat, longitude: $lon})) AS meters, caps
ORDER BY meters, id
LIMIT $limit
"""


def parse_team(r: Any) -> TeamSummary:
    return TeamSummary(
        id=r["id"], name_zh=r["nameZh"], name_en=r["nameEn"], status=r["status"],
        location=GeoPoint(r["latitude"], r["longitude"]), mobility=r["mobility"],
        admin_level=r["adminLevel"], readiness_minutes=int(r["readinessMinutes"]),
        team_type=r["teamType"],
    )


def parse_caps(r: Any) -> list[tuple[ConceptRef, int]]:
    return [(ConceptRef(c["id"], c["nameZh"], c["nameEn"]), int(c["level"])) for c in r["caps"]]


async def candidate_teams(
    driver: AsyncDriver, database: str, at: GeoPoint, capabilities: list[str], *,
    max_km: float, exclude: list[str], limit: int = 500,
) -> list[tuple[TeamSummary, float, list[tuple[ConceptRef, int]]]]:
    with map_neo4j_errors():
        records, _, _ = await driver.execute_query(
            CANDIDATE_TEAMS, lat=at.latitude, lon=at.longitude, maxMeters=max_km * 1000.0,
            statuses=list(AVAILABLE_STATUSES), exclude=exclude, capabilities=capabilities,
            limit=limit, database_=database, routing_="r",
        )
    return [(parse_team(r), float(r["meters"]) / 1000.0, parse_caps(r)) for r in records]
