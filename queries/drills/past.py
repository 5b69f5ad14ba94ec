"""The graph as it was: team statuses at a past time, EMKG's own past incidents, teams by id.

Statuses from the audit trail. Every change of a team's status is audited with the
status before and after (``setTeamStatus``; ``incident.dispatched``: the teams' statuses
before, ``deployed`` after; ``incident.dispatch_undone``: back to each one's previous
status; ``team.released``: ``deployed`` -> ``available``). A team's status at time T is
the ``before`` of its first change after T; a team with no change after T has today's
status (the live graph's, which the recommender reads anyway). So only the teams changed
since T differ from today, and `statuses_at` returns just those.

Past incidents run in EMKG are read with what was sent: each ``ASSIGNED_TO``
(``dispatchedAt``, ``etaMinutes`` estimated at dispatch, ``releasedAt``; orders undone
left no assignment). Arrival = dispatch + that ETA (EMKG records no per-team arrival);
release = leaving the scene. Incidents loaded from dispatch records (``emkg load --kind
incidents`` with a collecting mapping, loaders/MAPPINGS.md) have the same shape, closed,
with the recorded ``arrivedAt`` where the records give one and their hazards as
``OF_HAZARD`` links.

Teams by id as candidates for a scene (whatever their status today): for the teams a
replay sends as they were really sent, and for teams free then but busy now.

Example::

    changes = team_changes(await audit_since(runner, start))
    statuses_at(changes, start)      # {"T-SC-0069": "available", ...}
    incidents = await emkg_incidents(runner, ["INC-20261201-0650-3fa2"])
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, LiteralString

from kg.cypher import CypherRunner
from queries.drills.history import PastDispatch, PastIncident
from queries.incidents.models import to_datetime
from queries.models import CandidateTeam, GeoPoint
from queries.teams import _ETA, _TEAM, parse_candidate
from queries.travel import mountain_area, travel_parameters

TEAM_ACTIONS = ("setTeamStatus", "incident.dispatched", "incident.dispatch_undone", "team.released")
MAX_AUDIT_ENTRIES = 20_000
MAX_TEAMS_READ = 2000

AUDIT_SINCE: LiteralString = """
MATCH (e:AuditEntry)
WHERE e.action IN $actions AND e.at > datetime($since)
WITH e ORDER BY e.at, e.id LIMIT $limit
RETURN collect({at: e.at, action: e.action, target: e.target, before: e.before,
                after: e.after}) AS rows
"""

PAST_INCIDENTS: LiteralString = """
UNWIND $ids AS id
MATCH (i:Incident {id: id}) WHERE i.status IS NOT NULL
RETURN i.id AS id, i.nameZh AS nameZh, i.nameEn AS nameEn, i.openedAt AS openedAt,
       coalesce(i.hazardCodes,
                COLLECT { MATCH (i)-[:OF_HAZARD]->(h:HazardType) RETURN h.id ORDER BY h.id })
         AS hazardCodes,
       i.location.latitude AS latitude,
       i.location.longitude AS longitude, i.responseLevel AS responseLevel,
       i.description AS description,
       [(t:Team)-[a:ASSIGNED_TO]->(i) | {team: t.id, dispatchedAt: a.dispatchedAt,
         etaMinutes: a.etaMinutes, arrivedAt: a.arrivedAt, releasedAt: a.releasedAt}]
         AS assignments
"""

# EMKG's incidents that had teams sent, newest first: what can be replayed.
REPLAYABLE: LiteralString = """
MATCH (i:Incident) WHERE i.status IS NOT NULL AND EXISTS { (:Team)-[:ASSIGNED_TO]->(i) }
WITH i ORDER BY i.openedAt DESC, i.id LIMIT $limit
RETURN collect({id: i.id, nameZh: i.nameZh, nameEn: i.nameEn, openedAt: i.openedAt,
                status: i.status, teams: COUNT { (:Team)-[:ASSIGNED_TO]->(i) }}) AS rows
"""

KNOWN: LiteralString = """
RETURN [id IN $teams WHERE NOT EXISTS { MATCH (:Team {id: id}) }] AS teams,
       [c IN $hazards WHERE NOT EXISTS { MATCH (h:HazardType {id: c})
                                         WHERE NOT coalesce(h.retired, false) }] AS hazards
"""

# Teams by id with their distance and ETA to the scene and the needed capabilities they
# hold, whatever their status (the same projection and ETA as the candidate query).
TEAMS_BY_ID: LiteralString = (
    """
UNWIND $ids AS id
MATCH (t:Team {id: id}) WHERE NOT coalesce(t.retired, false)
WITH t, point.distance(t.location, point({latitude: $lat, longitude: $lon})) / 1000.0 AS km
"""
    + _ETA
    + """
CALL (t) {
  MATCH (t)-[hc:HAS_CAPABILITY]->(c:Capability) WHERE c.id IN $capabilities
  RETURN collect([c.id, coalesce(hc.level, 4)]) AS caps
}
WITH t, km, eta, caps ORDER BY t.id
RETURN collect("""
    + _TEAM
    + ", caps: caps, deployments: []}) AS rows"
)


@dataclass(frozen=True)
class StatusChange:
    team: str
    at: datetime
    before: str
    after: str
    action: str


def _json(text: Any) -> Any:
    try:
        return json.loads(text) if isinstance(text, str) else (text or {})
    except ValueError:
        return {}


def team_changes(entries: Iterable[dict[str, Any]]) -> list[StatusChange]:
    """The teams' status changes in audit entries (pure), in time order."""
    out: list[StatusChange] = []
    for e in entries:
        at = to_datetime(e["at"])
        if at is None:
            continue
        before, after, action = _json(e.get("before")), _json(e.get("after")), e["action"]
        if not isinstance(before, dict) or not isinstance(after, dict):
            continue
        if action == "setTeamStatus" and before.get("status") and after.get("status"):
            out.append(StatusChange(e["target"], at, before["status"], after["status"], action))
        elif action == "incident.dispatched":
            for team, status in (before.get("teams") or {}).items():
                out.append(StatusChange(team, at, str(status), "deployed", action))
        elif action == "incident.dispatch_undone":
            gone = before.get("teams") or {}
            for team, status in (after.get("teams") or {}).items():
                was = str(gone.get(team, "deployed"))
                out.append(StatusChange(team, at, was, str(status), action))
        elif action == "team.released" and before.get("team"):
            b, a = str(before.get("status") or "deployed"), str(after.get("status") or "available")
            out.append(StatusChange(str(before["team"]), at, b, a, action))
    return sorted(out, key=lambda c: c.at)


def statuses_at(changes: Sequence[StatusChange], at: datetime) -> dict[str, str]:
    """Each team changed after `at`: its status then (the `before` of its first change after
    `at`). Teams not in the answer have today's status (pure)."""
    out: dict[str, str] = {}
    for c in changes:
        if c.at > at and c.team not in out:
            out[c.team] = c.before
    return out


async def audit_since(runner: CypherRunner, since: datetime) -> list[dict[str, Any]]:
    return await runner.read_rows(
        AUDIT_SINCE, actions=list(TEAM_ACTIONS), since=since.isoformat(), limit=MAX_AUDIT_ENTRIES
    )


def _dispatch(a: dict[str, Any]) -> PastDispatch | None:
    sent = to_datetime(a["dispatchedAt"])
    if sent is None:
        return None
    eta = a.get("etaMinutes")
    arrived = to_datetime(a.get("arrivedAt"))  # recorded (loaded dispatch records)
    if arrived is None and eta is not None:
        arrived = sent + timedelta(minutes=float(eta))
    return PastDispatch(str(a["team"]), sent, arrived, to_datetime(a.get("releasedAt")))


def parse_past_incident(r: dict[str, Any]) -> PastIncident:
    sent = [d for a in r["assignments"] or () if (d := _dispatch(a)) is not None]
    opened = to_datetime(r["openedAt"])
    assert opened is not None
    return PastIncident(
        id=r["id"],
        name_zh=r["nameZh"] or r["nameEn"] or r["id"],
        name_en=r["nameEn"] or r["id"],
        occurred_at=opened,
        hazards=tuple(str(h) for h in r["hazardCodes"] or ()),
        latitude=float(r["latitude"]),
        longitude=float(r["longitude"]),
        level=str(r["responseLevel"]),
        description=r["description"],
        dispatches=tuple(sorted(sent, key=lambda d: (d.dispatched_at, d.team))),
    )


async def emkg_incidents(runner: CypherRunner, ids: Sequence[str]) -> dict[str, PastIncident]:
    """EMKG's incidents by id with what was sent to them (missing ids are left out)."""
    rows = await runner.read(PAST_INCIDENTS, ids=list(ids))
    return {r["id"]: parse_past_incident(r) for r in rows}


@dataclass(frozen=True)
class ReplayableIncident:
    id: str
    name_zh: str
    name_en: str
    opened_at: datetime | None
    status: str
    teams: int


async def replayable_incidents(runner: CypherRunner, limit: int) -> list[ReplayableIncident]:
    """EMKG's incidents that had teams sent, newest first."""
    rows = await runner.read_rows(REPLAYABLE, limit=limit)
    return [
        ReplayableIncident(
            id=r["id"],
            name_zh=r["nameZh"] or r["id"],
            name_en=r["nameEn"] or r["id"],
            opened_at=to_datetime(r["openedAt"]),
            status=r["status"],
            teams=int(r["teams"]),
        )
        for r in rows
    ]


async def unknown_in_graph(
    runner: CypherRunner, teams: Sequence[str], hazards: Sequence[str]
) -> tuple[list[str], list[str]]:
    """The team ids and hazard codes of the records the graph does not know."""
    rows = await runner.read(KNOWN, teams=list(teams), hazards=list(hazards))
    return list(rows[0]["teams"]), list(rows[0]["hazards"])


async def teams_by_id(
    runner: CypherRunner, ids: Sequence[str], scene: GeoPoint, capabilities: Sequence[str]
) -> dict[str, CandidateTeam]:
    """Teams by id as candidates for `scene` (distance, ETA, needed capabilities held)."""
    if not ids:
        return {}
    rows = await runner.read_rows(
        TEAMS_BY_ID,
        ids=sorted(set(ids))[:MAX_TEAMS_READ],
        lat=scene.latitude,
        lon=scene.longitude,
        travel=travel_parameters(mountainous=mountain_area(scene) is not None),
        capabilities=list(capabilities),
    )
    return {r["id"]: parse_candidate(r) for r in rows}
