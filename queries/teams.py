"""Step 3: candidate teams, found with the Team point index, and the nearest team per need.

Only teams whose status is available or standby count; excluded and retired
teams never do. ETA is computed in Cypher from `travel.travel_parameters` (the
same formula as travel.py) so the query can keep the fastest teams first and
stop after `limit` of them that hold a needed capability.

Example::

    teams = await reachable_teams(driver, "neo4j", GeoPoint(30.66, 104.06), 30)
    [(t.team.id, t.eta_minutes) for t in teams]
"""

from __future__ import annotations

from typing import Any, LiteralString

from neo4j import AsyncDriver

from queries.models import CandidateTeam, ConceptRef, Deployment, GeoPoint, TeamSummary
from queries.reads import read_rows
from queries.travel import max_reach_km, mountain_area, travel_parameters

AVAILABLE_STATUSES = ("available", "standby")
CANDIDATE_LIMIT = 150  # fastest teams holding any needed capability, per scenario
FILL_PER_CAPABILITY = 3  # fastest teams fetched per still-uncovered need

# The ETA of `t` at `km` (must follow a WITH that binds t and km).
_ETA: LiteralString = """
WITH t, km, coalesce($travel[t.mobility], $travel.ground) AS m
WITH t, km, coalesce(t.readinessMinutes, 0) + m.extra + km * m.perKm AS eta
"""

_TEAM: LiteralString = """
{id: t.id, nameZh: t.nameZh, nameEn: t.nameEn, status: t.status,
 latitude: t.location.latitude, longitude: t.location.longitude,
 mobility: t.mobility, adminLevel: t.adminLevel, headcount: t.headcount,
 readinessMinutes: coalesce(t.readinessMinutes, 0),
 teamType: [(t)-[:OF_TYPE]->(tt:TeamType) | tt.id][0], km: km, eta: eta
"""

_CAPS_AND_HISTORY: LiteralString = """,
 caps: caps,
 deployments: [(t)-[:DEPLOYED_TO]->(i:Incident)-[:OF_HAZARD]->(h:HazardType)
               WHERE h.id IN $hazards AND NOT coalesce(i.retired, false)
               | {id: i.id, nameZh: i.nameZh, nameEn: i.nameEn, hazard: h.id}]
"""

_NEEDED_CAPS: LiteralString = """
CALL (t) {
  MATCH (t)-[hc:HAS_CAPABILITY]->(c:Capability) WHERE c.id IN $capabilities
  RETURN collect([c.id, coalesce(hc.level, 4)]) AS caps
}
"""

CANDIDATE_TEAMS: LiteralString = (
    """
MATCH (t:Team)
WHERE point.distance(t.location, point({latitude: $lat, longitude: $lon})) <= $maxMeters
  AND t.status IN $statuses AND NOT coalesce(t.retired, false) AND NOT t.id IN $exclude
WITH t, point.distance(t.location, point({latitude: $lat, longitude: $lon})) / 1000.0 AS km
"""
    + _ETA
    + """
WHERE eta <= $maxMinutes
WITH t, km, eta ORDER BY eta, t.id
"""
    + _NEEDED_CAPS
    + """
WITH t, km, eta, caps WHERE size(caps) > 0
LIMIT $limit
RETURN collect(
"""
    + _TEAM
    + _CAPS_AND_HISTORY
    + "}) AS rows"
)

# For each need: the fastest teams holding it, anywhere (within limits or not).
FASTEST_PER_CAPABILITY: LiteralString = (
    """
UNWIND $fill AS capId
MATCH (c:Capability {id: capId})
CALL (c) {
  MATCH (c)<-[:HAS_CAPABILITY]-(t:Team)
  WHERE t.status IN $statuses AND NOT coalesce(t.retired, false) AND NOT t.id IN $exclude
    AND t.location IS NOT NULL
  WITH t, point.distance(t.location, point({latitude: $lat, longitude: $lon})) / 1000.0 AS km
"""
    + _ETA
    + """
  RETURN t, km, eta ORDER BY eta, t.id LIMIT $perCapability
}
"""
    + _NEEDED_CAPS
    + """
WITH capId, t, km, eta, caps ORDER BY capId, eta, t.id
RETURN collect(
"""
    + _TEAM
    + _CAPS_AND_HISTORY
    + ", capId: capId}) AS rows"
)

REACHABLE_TEAMS: LiteralString = (
    """
MATCH (t:Team)
WHERE point.distance(t.location, point({latitude: $lat, longitude: $lon})) <= $maxMeters
  AND t.status IN $statuses AND NOT coalesce(t.retired, false)
WITH t, point.distance(t.location, point({latitude: $lat, longitude: $lon})) / 1000.0 AS km
"""
    + _ETA
    + """
WHERE eta <= $maxMinutes
  AND ($capability IS NULL OR EXISTS { (t)-[:HAS_CAPABILITY]->(:Capability {id: $capability}) })
WITH t, km, eta ORDER BY eta, t.id LIMIT $limit
RETURN collect(
"""
    + _TEAM
    + "}) AS rows"
)


def parse_team(r: dict[str, Any]) -> TeamSummary:
    return TeamSummary(
        id=r["id"],
        name_zh=r["nameZh"] or "",
        name_en=r["nameEn"] or "",
        status=r["status"],
        location=GeoPoint(r["latitude"], r["longitude"]),
        mobility=r["mobility"] or "ground",
        admin_level=r["adminLevel"] or "",
        readiness_minutes=int(r["readinessMinutes"]),
        team_type=r["teamType"],
        headcount=r["headcount"],
    )


def parse_candidate(r: dict[str, Any]) -> CandidateTeam:
    return CandidateTeam(
        team=parse_team(r),
        distance_km=round(float(r["km"]), 2),
        eta_minutes=round(float(r["eta"]), 1),
        capabilities=tuple(sorted((str(c), int(lvl)) for c, lvl in r["caps"])),
        deployments=tuple(
            sorted(
                (
                    Deployment(
                        ConceptRef(d["id"], d["nameZh"] or "", d["nameEn"] or ""), d["hazard"]
                    )
                    for d in r["deployments"]
                ),
                key=lambda d: (d.incident.id, d.hazard),
            )
        ),
    )


def _where(at: GeoPoint) -> dict[str, Any]:
    mountainous = mountain_area(at) is not None
    return {
        "lat": at.latitude,
        "lon": at.longitude,
        "travel": travel_parameters(mountainous=mountainous),
        "statuses": list(AVAILABLE_STATUSES),
    }


async def candidate_teams(
    driver: AsyncDriver,
    database: str,
    at: GeoPoint,
    capabilities: list[str],
    hazards: list[str],
    *,
    max_minutes: float,
    exclude: list[str],
    limit: int = CANDIDATE_LIMIT,
) -> list[CandidateTeam]:
    """The `limit` fastest teams within `max_minutes` holding any of `capabilities`."""
    if not capabilities:
        return []
    mountainous = mountain_area(at) is not None
    rows = await read_rows(
        driver,
        database,
        CANDIDATE_TEAMS,
        {
            **_where(at),
            "maxMeters": max_reach_km(max_minutes, mountainous=mountainous) * 1000.0,
            "maxMinutes": float(max_minutes),
            "exclude": exclude,
            "capabilities": capabilities,
            "hazards": hazards,
            "limit": limit,
        },
    )
    return [parse_candidate(r) for r in rows]


async def fastest_per_capability(
    driver: AsyncDriver,
    database: str,
    at: GeoPoint,
    fill: list[str],
    capabilities: list[str],
    hazards: list[str],
    *,
    exclude: list[str],
    per_capability: int = FILL_PER_CAPABILITY,
) -> dict[str, list[CandidateTeam]]:
    """For each capability in `fill`: the fastest teams holding it, at any distance."""
    if not fill:
        return {}
    rows = await read_rows(
        driver,
        database,
        FASTEST_PER_CAPABILITY,
        {
            **_where(at),
            "fill": fill,
            "exclude": exclude,
            "capabilities": capabilities,
            "hazards": hazards,
            "perCapability": per_capability,
        },
    )
    out: dict[str, list[CandidateTeam]] = {c: [] for c in fill}
    for r in rows:
        out[r["capId"]].append(parse_candidate(r))
    return out


async def reachable_teams(
    driver: AsyncDriver,
    database: str,
    at: GeoPoint,
    minutes: float,
    *,
    capability: str | None = None,
    limit: int = 100,
) -> list[CandidateTeam]:
    """Available/standby teams that can be on scene within `minutes`, fastest first."""
    mountainous = mountain_area(at) is not None
    rows = await read_rows(
        driver,
        database,
        REACHABLE_TEAMS,
        {
            **_where(at),
            "maxMeters": max_reach_km(minutes, mountainous=mountainous) * 1000.0,
            "maxMinutes": float(minutes),
            "capability": capability,
            "limit": limit,
        },
    )
    return [
        CandidateTeam(parse_team(r), round(float(r["km"]), 2), round(float(r["eta"]), 1), ())
        for r in rows
    ]
