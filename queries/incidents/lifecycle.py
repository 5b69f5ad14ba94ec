"""An incident's lifecycle: its statuses, the transitions allowed between them (as data),
and opening, moving and reading incidents.

::

    open ──> forces_requested ──> dispatched ──> on_scene ──> released ──> closed
      │              │                 └──────────────────────────^
      └──────────────┴──> closed (false alarm, handled without forces)

`dispatched` is reached only by issuing a dispatch order (queries.incidents.dispatch);
moving to `released` releases every team still assigned; `closed` needs no team
assigned. Each change writes an audit entry (action ``incident.opened`` /
``incident.transition``, target the incident id) in the same transaction.

Example::

    inc = await open_incident(runner, NewIncident(title_zh="某县洪水", ...), actor="wang")
    inc = await transition_incident(runner, inc.id, "closed", actor="wang", reason="误报")
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, LiteralString

from neo4j import AsyncManagedTransaction

from kg.cypher import CypherRunner
from queries.catalog.audit import record
from queries.incidents.models import Incident, parse_incident
from queries.incidents.problems import (
    IncidentProblem,
    Problem,
    ProblemKind,
    incident_not_found,
    teams_still_assigned,
    unknown_hazards,
)
from queries.models import ConceptRef, GeoPoint, Reason

STATUSES: tuple[str, ...] = (
    "open",
    "forces_requested",
    "dispatched",
    "on_scene",
    "released",
    "closed",
)
TRANSITIONS: Mapping[str, tuple[str, ...]] = {
    "open": ("forces_requested", "closed"),
    "forces_requested": ("dispatched", "closed"),
    "dispatched": ("on_scene", "released"),
    "on_scene": ("released",),
    "released": ("closed",),
    "closed": (),
}
# Reached only by an action, never by transitionIncident.
BY_ACTION_ONLY: Mapping[str, str] = {"dispatched": "dispatchIncident"}
# Statuses in which forces may be (re)sent: reinforcements keep on_scene.
DISPATCHABLE: tuple[str, ...] = ("open", "forces_requested", "dispatched", "on_scene")
MAX_TITLE_CHARS = 200
MAX_DESCRIPTION_CHARS = 4000
MAX_REASON_CHARS = 500
MAX_HAZARDS = 20

ACTIONS = {
    "opened": "incident.opened",
    "transition": "incident.transition",
    "recommended": "incident.recommended",
    "dispatched": "incident.dispatched",
    "undone": "incident.dispatch_undone",
    "released": "team.released",
}


# What each status is called (the status id is what the API and the graph carry).
STATUS_LABELS: Mapping[str, tuple[str, str]] = {
    "open": ("已立案", "open"),
    "forces_requested": ("已请求力量", "forces requested"),
    "dispatched": ("已调派", "dispatched"),
    "on_scene": ("已到场", "on scene"),
    "released": ("已撤离", "released"),
    "closed": ("已结案", "closed"),
}


def status_ref(status: str) -> ConceptRef:
    """The status as a named value a reason renders in the reader's language."""
    zh, en = STATUS_LABELS.get(status, (status, status))
    return ConceptRef(status, zh, en)


def status_refs(statuses: tuple[str, ...]) -> tuple[ConceptRef, ...]:
    return tuple(status_ref(s) for s in statuses)


def check_transition(current: str, target: str) -> None:
    """Raise IncidentProblem when `current` -> `target` is not an allowed transition.

    Example::

        check_transition("open", "forces_requested")   # fine
        check_transition("open", "on_scene")   # ILLEGAL_TRANSITION naming forces_requested, closed
    """
    if target not in STATUSES:
        raise IncidentProblem.one(
            "to", "INCIDENT_STATUS_UNKNOWN", kind=ProblemKind.INVALID,
            status=target, known=status_refs(STATUSES),
        )  # fmt: skip
    allowed = TRANSITIONS[current]
    if not allowed:
        raise IncidentProblem.one(
            "to", "INCIDENT_FINAL", kind=ProblemKind.ILLEGAL_TRANSITION,
            current=status_ref(current),
        )  # fmt: skip
    if target not in allowed:
        raise IncidentProblem.one(
            "to", "INCIDENT_TRANSITION_ILLEGAL", kind=ProblemKind.ILLEGAL_TRANSITION,
            current=status_ref(current), target=status_ref(target),
            allowed=status_refs(allowed),
        )  # fmt: skip
    if target in BY_ACTION_ONLY:
        raise IncidentProblem.one(
            "to", "INCIDENT_TRANSITION_BY_ACTION", kind=ProblemKind.ILLEGAL_TRANSITION,
            target=status_ref(target), action=BY_ACTION_ONLY[target],
        )  # fmt: skip


@dataclass(frozen=True)
class NewIncident:
    title_zh: str | None
    title_en: str | None
    location: GeoPoint
    response_level: str
    hazard_codes: tuple[str, ...] = ()
    description: str | None = None
    place_name: str | None = None
    max_travel_minutes: int | None = None
    max_teams: int | None = None


def text_problems(
    field: str, value: str | None, *, limit: int, required: bool = False
) -> list[Problem]:
    """Empty (when required) or too long text, as problems."""
    if value is None or not value.strip():
        if required:
            return [Problem(field, ProblemKind.INVALID, Reason.of("INPUT_REQUIRED", field=field))]
        return []
    if len(value) > limit:
        return [
            Problem(
                field,
                ProblemKind.INVALID,
                Reason.of("INPUT_TOO_LONG", field=field, length=len(value), limit=limit),
            )
        ]
    return []


def validate_new_incident(n: NewIncident) -> None:
    problems: list[Problem] = []
    if not (n.title_zh and n.title_zh.strip()) and not (n.title_en and n.title_en.strip()):
        problems.append(
            Problem("titleZh", ProblemKind.INVALID, Reason.of("INPUT_REQUIRED", field="titleZh"))
        )
    problems += text_problems("titleZh", n.title_zh, limit=MAX_TITLE_CHARS)
    problems += text_problems("titleEn", n.title_en, limit=MAX_TITLE_CHARS)
    problems += text_problems("description", n.description, limit=MAX_DESCRIPTION_CHARS)
    problems += text_problems("placeName", n.place_name, limit=MAX_TITLE_CHARS)
    lat, lon = n.location.latitude, n.location.longitude
    if not (-90.0 <= lat <= 90.0 and -180.0 <= lon <= 180.0):
        problems.append(
            Problem(
                "location",
                ProblemKind.INVALID,
                Reason.of("INCIDENT_LOCATION_RANGE", latitude=lat, longitude=lon),
            )
        )
    if not n.hazard_codes and not (n.description and n.description.strip()):
        problems.append(
            Problem("hazardCodes", ProblemKind.INVALID, Reason.of("INCIDENT_NO_HAZARD"))
        )
    if len(n.hazard_codes) > MAX_HAZARDS:
        problems.append(
            Problem(
                "hazardCodes",
                ProblemKind.INVALID,
                Reason.of("INPUT_TOO_MANY", field="hazardCodes", count=len(n.hazard_codes),
                          limit=MAX_HAZARDS),
            )
        )  # fmt: skip
    if problems:
        raise IncidentProblem(problems)


def new_incident_id(now: datetime | None = None) -> str:
    """Readable and time-ordered: INC-20261201-0650-3fa2."""
    t = now or datetime.now(UTC)
    return f"INC-{t:%Y%m%d-%H%M}-{uuid.uuid4().hex[:4]}"


INCIDENT_MAP: LiteralString = """
i {.id, .nameZh, .nameEn, .status, .responseLevel, .hazardCodes, .description, .placeName,
   .maxTravelMinutes, .maxTeams, .openedAt, .openedBy, .updatedAt, .orderCount,
   latitude: i.location.latitude, longitude: i.location.longitude}
"""

UNKNOWN_HAZARDS: LiteralString = """
UNWIND $codes AS code
OPTIONAL MATCH (h:HazardType {id: code}) WHERE NOT coalesce(h.retired, false)
WITH code, h WHERE h IS NULL
RETURN collect(code) AS unknown
"""

OPEN_INCIDENT: LiteralString = (
    """
CREATE (i:Incident {id: $id, nameZh: $nameZh, nameEn: $nameEn, status: 'open',
        responseLevel: $responseLevel, location: point({latitude: $lat, longitude: $lon}),
        hazardCodes: $hazardCodes, description: $description, placeName: $placeName,
        maxTravelMinutes: $maxTravelMinutes, maxTeams: $maxTeams, openedAt: datetime(),
        openedBy: $actor, updatedAt: datetime(), orderCount: 0, live: true,
        source: 'operations', loadedAt: datetime(), loadRunId: $id})
WITH i
CALL (i) {
  UNWIND $hazardCodes AS code
  MATCH (h:HazardType {id: code})
  MERGE (i)-[:OF_HAZARD]->(h)
}
RETURN """
    + INCIDENT_MAP
    + " AS incident"
)

GET_INCIDENT: LiteralString = (
    "MATCH (i:Incident {id: $id}) WHERE i.status IS NOT NULL "
    "RETURN " + INCIDENT_MAP + " AS incident"
)

LIST_INCIDENTS: LiteralString = (
    """
MATCH (i:Incident) WHERE i.status IS NOT NULL AND ($statuses IS NULL OR i.status IN $statuses)
  AND ($after IS NULL OR i.id < $after)
RETURN """
    + INCIDENT_MAP
    + " AS incident ORDER BY i.id DESC LIMIT $limit"
)

# Locks the incident (the SET) so two commanders' changes apply one after the other.
LOCK_INCIDENT: LiteralString = (
    "MATCH (i:Incident {id: $id}) WHERE i.status IS NOT NULL "
    "SET i.updatedAt = datetime() RETURN " + INCIDENT_MAP + " AS incident"
)

SET_STATUS: LiteralString = (
    "MATCH (i:Incident {id: $id}) SET i.status = $status, i.updatedAt = datetime() "
    "RETURN " + INCIDENT_MAP + " AS incident"
)

# Every team still assigned goes back to available; the assignment stays as history and
# DEPLOYED_TO records the experience (what the recommender's experience score reads).
RELEASE_TEAMS: LiteralString = """
MATCH (t:Team)-[a:ASSIGNED_TO]->(i:Incident {id: $id})
WHERE a.releasedAt IS NULL AND ($teams IS NULL OR t.id IN $teams)
SET a.releasedAt = datetime(), a.releasedBy = $actor, a.releaseReason = $reason,
    t.status = 'available', t.statusVersion = coalesce(t.statusVersion, 0) + 1
MERGE (t)-[:DEPLOYED_TO]->(i)
RETURN t.id AS team ORDER BY team
"""


async def lock_incident(tx: AsyncManagedTransaction, incident_id: str) -> Incident:
    row = await (await tx.run(LOCK_INCIDENT, id=incident_id)).single()
    if row is None:
        raise incident_not_found(incident_id)
    return parse_incident(row["incident"])


async def release_teams(
    tx: AsyncManagedTransaction,
    incident_id: str,
    *,
    actor: str,
    reason: str | None,
    teams: list[str] | None = None,
) -> list[str]:
    """Release `teams` (None: all) still assigned to the incident, one audit entry each."""
    res = await tx.run(RELEASE_TEAMS, id=incident_id, teams=teams, actor=actor, reason=reason)
    released = [str(r["team"]) async for r in res]
    for team in released:
        await record(
            tx,
            actor=actor,
            action=ACTIONS["released"],
            target=incident_id,
            before={"team": team, "status": "deployed"},
            after={"team": team, "status": "available", "reason": reason},
        )
    return released


async def open_incident(runner: CypherRunner, new: NewIncident, *, actor: str) -> Incident:
    validate_new_incident(new)
    codes = list(dict.fromkeys(c.strip() for c in new.hazard_codes if c.strip()))
    unknown = (await runner.read(UNKNOWN_HAZARDS, codes=codes))[0]["unknown"]
    if unknown:
        raise unknown_hazards(unknown)
    zh = (new.title_zh or "").strip() or (new.title_en or "").strip()
    en = (new.title_en or "").strip() or zh
    params: dict[str, Any] = {
        "id": new_incident_id(),
        "nameZh": zh,
        "nameEn": en,
        "responseLevel": new.response_level,
        "lat": new.location.latitude,
        "lon": new.location.longitude,
        "hazardCodes": codes,
        "description": (new.description or "").strip() or None,
        "placeName": (new.place_name or "").strip() or None,
        "maxTravelMinutes": new.max_travel_minutes,
        "maxTeams": new.max_teams,
        "actor": actor,
    }

    async def work(tx: AsyncManagedTransaction) -> Incident:
        row = await (await tx.run(OPEN_INCIDENT, params)).single(strict=True)
        inc = parse_incident(row["incident"])
        await record(
            tx,
            actor=actor,
            action=ACTIONS["opened"],
            target=inc.id,
            before=None,
            after={"status": "open", "title": zh, "level": new.response_level,
                   "hazardCodes": codes},
        )  # fmt: skip
        return inc

    return await runner.write(work)


async def transition_incident(
    runner: CypherRunner, incident_id: str, target: str, *, actor: str, reason: str | None
) -> tuple[Incident, list[str]]:
    """Move the incident to `target`; returns it and the teams released on the way."""
    if problems := text_problems("reason", reason, limit=MAX_REASON_CHARS):
        raise IncidentProblem(problems)

    async def work(tx: AsyncManagedTransaction) -> tuple[Incident, list[str]]:
        inc = await lock_incident(tx, incident_id)
        check_transition(inc.status, target)
        released: list[str] = []
        if target == "released":
            released = await release_teams(tx, incident_id, actor=actor, reason=reason)
        if target == "closed":
            busy = await (await tx.run(RELEASE_CHECK, id=incident_id)).single(strict=True)
            if busy["teams"]:
                raise teams_still_assigned(busy["teams"])
        row = await (await tx.run(SET_STATUS, id=incident_id, status=target)).single(strict=True)
        await record(
            tx,
            actor=actor,
            action=ACTIONS["transition"],
            target=incident_id,
            before={"status": inc.status},
            after={"status": target, "reason": reason, "releasedTeams": released},
        )
        return parse_incident(row["incident"]), released

    return await runner.write(work)


RELEASE_CHECK: LiteralString = """
OPTIONAL MATCH (t:Team)-[a:ASSIGNED_TO]->(:Incident {id: $id}) WHERE a.releasedAt IS NULL
RETURN [x IN collect(t.id) WHERE x IS NOT NULL] AS teams
"""


async def get_incident(runner: CypherRunner, incident_id: str) -> Incident | None:
    rows = await runner.read(GET_INCIDENT, id=incident_id)
    return parse_incident(rows[0]["incident"]) if rows else None


async def list_incidents(
    runner: CypherRunner, *, statuses: list[str] | None, first: int, after: str | None
) -> tuple[list[Incident], bool]:
    """Newest first (ids are time-ordered); `first` items and whether there are more."""
    rows = await runner.read(LIST_INCIDENTS, statuses=statuses, after=after, limit=first + 1)
    found = [parse_incident(r["incident"]) for r in rows]
    return found[:first], len(found) > first


CONCEPT_NAMES: LiteralString = """
UNWIND $ids AS id
MATCH (n {id: id}) WHERE n:HazardType OR n:Capability
RETURN n.id AS id, n.nameZh AS nameZh, n.nameEn AS nameEn
"""


async def concept_names(runner: CypherRunner, ids: list[str]) -> dict[str, ConceptRef]:
    """Hazard types and capabilities by id, with both names (unknown ids are absent)."""
    if not ids:
        return {}
    rows = await runner.read(CONCEPT_NAMES, ids=list(dict.fromkeys(ids)))
    return {r["id"]: ConceptRef.of(r, or_id=True) for r in rows}
