"""Step 3: candidate teams, found with the Team point index, and the nearest team per need.

Only teams whose status is available or standby count; excluded and retired
teams never do. ETA is computed in Cypher from `travel.travel_parameters` (the
same formula as travel.py) so the query can keep the fastest teams first and
stop after `limit` of them that hold a needed capability.

Example::

    teams = await reachable_teams(runner, GeoPoint(30.66, 104.06), 30)
    [(t.team.id, t.eta_minutes) for t in teams]
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, LiteralString

from kg.cypher import CypherRunner
from kg.plan_cache import varying
from queries.collected import collected_rows
from queries.models import CandidateTeam, ConceptRef, Deployment, GeoPoint, TeamSummary
from queries.travel import max_reach_km, mountain_area, travel_parameters

AVAILABLE_STATUSES = ("available", "standby")
CANDIDATE_LIMIT = 100  # fastest teams holding any needed capability, per scenario
NEAR_MINUTES = 60.0  # the candidates' first, smaller circle (the whole one only if it is short)
FILL_PER_CAPABILITY = 3  # fastest teams fetched per need no candidate holds
SURFACE = ("ground", "water")
FILL_SCAN_DEGREE = 500  # capabilities held by at most this many teams: exact nearest holder
FILL_RADIUS_KM = 250.0  # common capabilities: the nearest holder is looked for this far out
FILL_SCAN_TEAMS = 500  # ... among this many nearest teams
FILL_NEAR_KM = 80.0  # ... first counted within this radius (enough where teams are dense)

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
               WHERE h.id IN $varying.hazards AND NOT coalesce(i.retired, false)
               | {id: i.id, nameZh: i.nameZh, nameEn: i.nameEn, hazard: h.id}]
"""

_NEEDED_CAPS: LiteralString = """
CALL (t) {
  MATCH (t)-[hc:HAS_CAPABILITY]->(c:Capability) WHERE c.id IN $varying.capabilities
  RETURN collect([c.id, coalesce(hc.level, 4)]) AS caps
}
"""

_HERE: LiteralString = "point({latitude: $lat, longitude: $lon})"

# Binds `km` (from the scenario's point) and `eta` for `t` (must follow a MATCH of t).
_KM_AND_ETA: LiteralString = (
    """
  WITH t, point.distance(t.location, """
    + _HERE
    + """) / 1000.0 AS km
"""
    + _ETA
)

# A team that may be sent: available or standby, not retired, not excluded.
_SENDABLE: LiteralString = (
    "t.status IN $varying.statuses AND NOT coalesce(t.retired, false)"
    " AND NOT t.id IN $varying.exclude"
)


# The fastest $limit surface teams within `minutes` (a parameter name) holding a needed
# capability, found in the circle they can drive in that time (`meters`).
def _surface(meters: LiteralString, minutes: LiteralString) -> LiteralString:
    return (
        """
  MATCH (t:Team)
  WHERE point.distance(t.location, """
        + _HERE
        + """) <= """
        + meters
        + """
    AND coalesce(t.mobility, 'ground') <> 'air'
    AND """
        + _SENDABLE
        + _KM_AND_ETA
        + """
  WHERE eta <= """
        + minutes
        + """
  WITH t, km, eta ORDER BY eta, t.id
"""
        + _NEEDED_CAPS
        + """
  WITH t, km, eta, caps WHERE size(caps) > 0
  LIMIT $limit
  RETURN collect({t: t, km: km, eta: eta, caps: caps})"""
    )


# Surface units (ground, water) first: within the circle they can drive in the time,
# the fastest $limit holding a needed capability. That circle is looked at in two steps:
# first the teams within $nearMinutes; only when fewer than $limit of them hold a need
# ($tiered: the limit is longer than that), the whole circle. When the near circle is
# enough its list is the same list (every team beyond it arrives later), and where teams
# are dense it holds a tenth of the teams to sort. Aircraft fly much farther, and a large
# circle holds many teams but few aircraft; so aircraft are looked for only within the
# distance at which they could still beat the slowest of those surface candidates
# (`cutoff`), which keeps that circle small wherever teams are dense. The result is the
# same fastest-$limit list a single scan of the largest circle would give.
_CANDIDATES: LiteralString = (
    """
CALL () {"""
    + _surface("$nearMeters", "$nearMinutes")
    + """ AS near
}
CALL (near) {
  WITH near WHERE $tiered AND size(near) < $limit"""
    + _surface("$groundMeters", "$maxMinutes")
    + """ AS far
}
WITH CASE WHEN $tiered AND size(near) < $limit THEN far ELSE near END AS surface
WITH surface,
     CASE WHEN size(surface) < $limit THEN $maxMinutes ELSE surface[-1].eta END AS cutoff
CALL (cutoff) {
  MATCH (t:Team)
  WHERE point.distance(t.location, """
    + _HERE
    + """)
        <= (cutoff - $travel.air.extra) / $travel.air.perKm * 1000.0
    AND t.mobility = 'air'
    AND """
    + _SENDABLE
    + _KM_AND_ETA
    + """
  WHERE eta <= cutoff
"""
    + _NEEDED_CAPS
    + """
  WITH t, km, eta, caps WHERE size(caps) > 0
  RETURN collect({t: t, km: km, eta: eta, caps: caps}) AS air
}
UNWIND surface + air AS found
WITH found.t AS t, found.km AS km, found.eta AS eta, found.caps AS caps
ORDER BY eta, t.id
LIMIT $limit
WITH collect({t: t, km: km, eta: eta, caps: caps}) AS candidates
"""
)

# For each capability in `fill`: the fastest teams holding it. A capability few teams
# hold (at most $scanDegree, read from the degree store) is exact: all its holders are
# looked at. A common one (a scan of its tens of thousands of holders would cost seconds
# nationally) is looked for among the $fillScan nearest teams within $fillMeters, sorted
# on the point index's own locations so the far ones cost no reads; that common, the
# nearest holder is close, or the area has none at all. When $fillNearMeters already
# holds $fillScan teams, the nearest ones are all in it: only that circle is sorted (a
# tenth of the teams where they are dense; the same teams).
_FILL: LiteralString = (
    """
CALL (fill) {
  CALL (fill) {
    UNWIND fill AS capId
    MATCH (c:Capability {id: capId})
    WHERE COUNT { (c)<-[:HAS_CAPABILITY]-() } <= $scanDegree
    CALL (c) {
      MATCH (c)<-[:HAS_CAPABILITY]-(t:Team)
      WHERE t.location IS NOT NULL AND """
    + _SENDABLE
    + _KM_AND_ETA
    + """
      RETURN t, km, eta ORDER BY eta, t.id LIMIT $perCapability
    }
    RETURN capId, t, km, eta
    UNION
    MATCH (c:Capability)
    WHERE c.id IN fill AND COUNT { (c)<-[:HAS_CAPABILITY]-() } > $scanDegree
    WITH collect(c) AS common
    WHERE size(common) > 0
    CALL () {
      MATCH (t:Team)
      WHERE point.distance(t.location, """
    + _HERE
    + """) <= $fillNearMeters
      RETURN count(t) AS nearby
    }
    WITH common,
         CASE WHEN nearby >= $fillScan THEN $fillNearMeters ELSE $fillMeters END AS radius
    MATCH (t:Team)
    WHERE point.distance(t.location, """
    + _HERE
    + """) <= radius
    WITH common, t, point.distance(t.location, """
    + _HERE
    + """) / 1000.0 AS km
    ORDER BY km
    LIMIT $fillScan
    WITH common, t, km
    WHERE """
    + _SENDABLE
    + """
    WITH common, t, km, coalesce($travel[t.mobility], $travel.ground) AS m
    WITH common, t, km, coalesce(t.readinessMinutes, 0) + m.extra + km * m.perKm AS eta
    MATCH (t)-[:HAS_CAPABILITY]->(c) WHERE c IN common
    WITH c.id AS capId, t, km, eta ORDER BY capId, eta, t.id
    WITH capId, collect({t: t, km: km, eta: eta})[0..$perCapability] AS best
    UNWIND best AS b
    RETURN capId, b.t AS t, b.km AS km, b.eta AS eta
  }
  WITH capId, t, km, eta
"""
    + _NEEDED_CAPS
    + """
  RETURN collect({capId: capId, t: t, km: km, eta: eta, caps: caps}) AS filled
}
"""
)

# One projection for both lists: candidates (capId null) first, fastest first.
_PROJECT: LiteralString = (
    """
WITH capId, t, km, eta, caps ORDER BY capId IS NOT NULL, capId, eta, t.id
RETURN collect(
"""
    + _TEAM
    + _CAPS_AND_HISTORY
    + ", capId: capId}) AS rows"
)

# Which needs the fill-in looks up: those no candidate holds (the recommender's gaps and
# the candidates the limit cut off) ...
UNHELD_NEEDS: LiteralString = (
    "[c IN $varying.capabilities WHERE none(x IN candidates WHERE any(p IN x.caps WHERE p[0] = c))]"
)
# ... or every need (a drill's supply, read once for many exclusion sets: queries/drills).
EVERY_NEED: LiteralString = "$varying.capabilities"


def candidate_query(fill: LiteralString) -> LiteralString:
    """The candidate query: the candidates, then (same round trip) the fastest holders of
    each capability in `fill` (UNHELD_NEEDS or EVERY_NEED), as the rows `split_candidates`
    reads; its parameters come from `candidate_params`.

    Example::

        rows = await collected_rows(runner, candidate_query(EVERY_NEED), params)
    """
    return (
        _CANDIDATES
        + """
WITH candidates, """
        + fill
        + """ AS fill
"""
        + _FILL
        + """
UNWIND [x IN candidates | x {.*, capId: null}] + filled AS found
WITH found.capId AS capId, found.t AS t, found.km AS km, found.eta AS eta, found.caps AS caps
"""
        + _PROJECT
    )


# The recommender's query: candidates and the fill-in of the needs they leave.
CANDIDATE_TEAMS: LiteralString = candidate_query(UNHELD_NEEDS)

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
                (Deployment(ConceptRef.of(d), d["hazard"]) for d in r["deployments"]),
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


def candidate_params(
    at: GeoPoint,
    capabilities: Sequence[str],
    hazards: Sequence[str],
    *,
    max_minutes: float,
    exclude: Sequence[str],
    limit: int,
    per_capability: int = FILL_PER_CAPABILITY,
    near_minutes: float = NEAR_MINUTES,
) -> dict[str, Any]:
    """The parameters of `candidate_query`: the `limit` fastest candidates within
    `max_minutes` of `at` (`near_minutes`: the first circle looked at, a speed-up only),
    and `per_capability` holders per need of the fill-in.

    Example::

        candidate_params(GeoPoint(30.66, 104.06), ["cap.water-rescue"], ["11A01"],
                         max_minutes=120.0, exclude=[], limit=100)["nearMinutes"]  # 60.0
    """
    mountainous = mountain_area(at) is not None
    near = min(float(max_minutes), near_minutes)
    return {
        **_where(at),
        "perCapability": per_capability,
        "scanDegree": FILL_SCAN_DEGREE,
        "fillMeters": FILL_RADIUS_KM * 1000.0,
        "fillNearMeters": FILL_NEAR_KM * 1000.0,
        "fillScan": FILL_SCAN_TEAMS,
        "groundMeters": max_reach_km(max_minutes, mountainous=mountainous, modes=SURFACE) * 1000.0,
        "maxMinutes": float(max_minutes),
        "nearMeters": max_reach_km(near, mountainous=mountainous, modes=SURFACE) * 1000.0,
        "nearMinutes": near,
        "tiered": near < float(max_minutes),
        "varying": varying(
            capabilities=capabilities,
            hazards=hazards,
            exclude=exclude,
            statuses=list(AVAILABLE_STATUSES),
        ),
        "limit": limit,
    }


def split_candidates(
    rows: list[dict[str, Any]],
) -> tuple[list[CandidateTeam], dict[str, list[CandidateTeam]]]:
    """`candidate_query`'s rows as the candidates (fastest first) and, per need of the
    fill-in, its holders (in the fill-in's order)."""
    candidates: list[CandidateTeam] = []
    fill: dict[str, list[CandidateTeam]] = {}
    for r in rows:
        if r["capId"] is None:
            candidates.append(parse_candidate(r))
        else:
            fill.setdefault(r["capId"], []).append(parse_candidate(r))
    return candidates, fill


async def candidate_teams(
    runner: CypherRunner,
    at: GeoPoint,
    capabilities: list[str],
    hazards: list[str],
    *,
    max_minutes: float,
    exclude: list[str],
    limit: int = CANDIDATE_LIMIT,
    near_minutes: float = NEAR_MINUTES,
) -> tuple[list[CandidateTeam], dict[str, list[CandidateTeam]]]:
    """The `limit` fastest teams within `max_minutes` holding any of `capabilities`; and for
    each capability none of them holds, the fastest teams holding it at any distance.
    `near_minutes`: the first circle looked at (a speed-up only; the same answer for any)."""
    if not capabilities:
        return [], {}
    params = candidate_params(
        at,
        capabilities,
        hazards,
        max_minutes=max_minutes,
        exclude=exclude,
        limit=limit,
        near_minutes=near_minutes,
    )
    return split_candidates(await collected_rows(runner, CANDIDATE_TEAMS, params))


async def reachable_teams(
    runner: CypherRunner,
    at: GeoPoint,
    minutes: float,
    *,
    capability: str | None = None,
    limit: int = 100,
) -> list[CandidateTeam]:
    """Available/standby teams that can be on scene within `minutes`, fastest first."""
    mountainous = mountain_area(at) is not None
    rows = await collected_rows(
        runner,
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
