"""Dispatch orders (调度令): teams sent to an incident, released, or the order undone.

Issuing an order, in one transaction: the incident is locked and must be in a
dispatchable status; each team is locked (``statusVersion``) and must exist, be
available or on standby and not assigned elsewhere; then each team becomes
``deployed`` with ``(:Team)-[:ASSIGNED_TO {task, assemblyPoint, dispatchedAt,
etaMinutes, orderNo, previousStatus, ...}]->(:Incident)``, the incident moves to
``dispatched`` (an ``on_scene`` incident receiving reinforcements stays on scene), the
recommendation it came from is marked accepted, and one audit entry
(``incident.dispatched``) lists the teams, the ones removed from and added to the
recommended package. Two commanders sending the same team at once: the second waits
for the first's lock and is then refused (the team is no longer free).

Undo (``incident.dispatch_undone``) within `UNDO_GRACE_MINUTES` of the order removes its
assignments not yet released and gives each team back the status it had before; a
dispatched incident with no team left on it goes back to the status it had before the
order. Release (``team.released``) is in queries.incidents.lifecycle.

Example::

    order = await dispatch(runner, DispatchRequest("INC-...", "REC-...",
                           (TeamOrder("T-SC-0001", "搜救被困人员", "县体育场"),)), actor="wang")
    await undo_dispatch(runner, "INC-...", order_no=order.order_no, actor="wang")
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, LiteralString

from neo4j import AsyncManagedTransaction

from kg.cypher import CypherRunner
from queries.catalog.audit import record
from queries.incidents.lifecycle import (
    ACTIONS,
    DISPATCHABLE,
    MAX_REASON_CHARS,
    lock_incident,
    release_teams,
    status_ref,
    status_refs,
    text_problems,
)
from queries.incidents.models import (
    Assignment,
    Incident,
    RecommendationRecord,
    parse_assignment,
    parse_recommendation,
)
from queries.incidents.problems import (
    IncidentProblem,
    Problem,
    ProblemKind,
    already_released,
    no_order,
    not_assigned,
    order_all_released,
    recommendation_not_for,
    undo_too_late,
)
from queries.incidents.recommendations import GET_RECOMMENDATION
from queries.models import GeoPoint, Reason, Term
from queries.travel import eta_minutes, great_circle_km, mountain_area

UNDO_GRACE_MINUTES = 10
MAX_TEAMS_PER_ORDER = 50
MAX_TASK_CHARS = 300
MAX_ASSEMBLY_CHARS = 200
FREE_STATUSES: tuple[str, ...] = ("available", "standby")


@dataclass(frozen=True)
class TeamOrder:
    team_id: str
    task: str | None = None
    assembly_point: str | None = None


@dataclass(frozen=True)
class DispatchRequest:
    incident_id: str
    recommendation_id: str | None
    teams: tuple[TeamOrder, ...]
    task: str | None = None  # the default task for teams without their own
    assembly_point: str | None = None  # the default assembly point
    reason: str | None = None


@dataclass(frozen=True)
class TeamState:
    """A team as the order reads it (locked)."""

    id: str
    found: bool
    status: str | None
    retired: bool
    assigned_to: tuple[str, ...]  # incidents it is still assigned to
    location: GeoPoint | None
    mobility: str | None
    readiness_minutes: float


@dataclass(frozen=True)
class DispatchResult:
    incident: Incident
    order_no: int
    teams: tuple[str, ...]
    removed: tuple[str, ...]  # in the recommended package, not sent
    added: tuple[str, ...]  # sent, not in the recommended package


def resolved_orders(req: DispatchRequest) -> list[TeamOrder]:
    """Each team's task and assembly point, the order's defaults filling what a team lacks."""
    return [
        TeamOrder(
            t.team_id.strip(),
            (t.task or "").strip() or (req.task or "").strip(),
            (t.assembly_point or "").strip() or (req.assembly_point or "").strip(),
        )
        for t in req.teams
    ]


def order_problems(req: DispatchRequest) -> list[Problem]:
    """What is wrong with the order before the graph is asked (pure)."""
    problems: list[Problem] = []
    orders = resolved_orders(req)
    if not orders:
        problems.append(
            Problem("teams", ProblemKind.INVALID, Reason.of("INPUT_REQUIRED", field="teams"))
        )
    if len(orders) > MAX_TEAMS_PER_ORDER:
        problems.append(
            Problem(
                "teams",
                ProblemKind.INVALID,
                Reason.of("INPUT_TOO_MANY", field="teams", count=len(orders),
                          limit=MAX_TEAMS_PER_ORDER),
            )
        )  # fmt: skip
    seen: set[str] = set()
    for k, o in enumerate(orders):
        at = f"teams[{k}]"
        if not o.team_id:
            problems.append(
                Problem(f"{at}.teamId", ProblemKind.INVALID,
                        Reason.of("INPUT_REQUIRED", field=f"{at}.teamId"))
            )  # fmt: skip
            continue
        if o.team_id in seen:
            problems.append(
                Problem(f"{at}.teamId", ProblemKind.INVALID,
                        Reason.of("DISPATCH_TEAM_TWICE", team=o.team_id))
            )  # fmt: skip
        seen.add(o.team_id)
        problems += text_problems(f"{at}.task", o.task, limit=MAX_TASK_CHARS, required=True)
        problems += text_problems(
            f"{at}.assemblyPoint", o.assembly_point, limit=MAX_ASSEMBLY_CHARS, required=True
        )
    problems += text_problems("reason", req.reason, limit=MAX_REASON_CHARS)
    return problems


def team_problems(orders: Sequence[TeamOrder], states: dict[str, TeamState]) -> list[Problem]:
    """Teams that cannot be sent: unknown, retired, busy or assigned elsewhere (pure)."""
    problems: list[Problem] = []
    for k, o in enumerate(orders):
        at = f"teams[{k}].teamId"
        s = states.get(o.team_id)
        if s is None or not s.found or s.retired:
            problems.append(
                Problem(at, ProblemKind.NOT_FOUND, Reason.of("DISPATCH_TEAM_UNKNOWN",
                                                             team=o.team_id))
            )  # fmt: skip
        elif s.assigned_to:
            problems.append(
                Problem(at, ProblemKind.CONFLICT, Reason.of(
                    "DISPATCH_TEAM_ASSIGNED", team=o.team_id, incident=", ".join(s.assigned_to)))
            )  # fmt: skip
        elif s.status not in FREE_STATUSES:
            problems.append(
                Problem(at, ProblemKind.CONFLICT, Reason.of(
                    "DISPATCH_TEAM_BUSY", team=o.team_id, status=team_status_term(s.status)))
            )  # fmt: skip
    return problems


TEAM_STATUS_TERMS: tuple[str, ...] = ("available", "standby", "deployed", "unavailable")


def team_status_term(status: str | None) -> Term | str:
    """A team status as a catalog term (rendered per locale); unknown values verbatim."""
    return Term(f"teamStatus.{status}") if status in TEAM_STATUS_TERMS else (status or "-")


def order_eta(
    team: TeamState, scene: GeoPoint, recommended: RecommendationRecord | None
) -> float | None:
    """The recommender's ETA for a team of its package, else the same travel formula."""
    if recommended is not None and (eta := recommended.eta_of(team.id)) is not None:
        return eta
    if team.location is None:
        return None
    km = great_circle_km(team.location, scene)
    minutes = eta_minutes(
        km, team.mobility, team.readiness_minutes, mountainous=mountain_area(scene) is not None
    )
    return round(minutes, 1)


LOCK_TEAMS: LiteralString = """
UNWIND $ids AS id
OPTIONAL MATCH (t:Team {id: id})
SET t.statusVersion = coalesce(t.statusVersion, 0) + 1
RETURN id, t IS NOT NULL AS found, t.status AS status, coalesce(t.retired, false) AS retired,
       [(t)-[a:ASSIGNED_TO]->(j:Incident) WHERE a.releasedAt IS NULL | j.id] AS assignedTo,
       t.location.latitude AS latitude, t.location.longitude AS longitude,
       t.mobility AS mobility, coalesce(t.readinessMinutes, 0) AS readinessMinutes
"""

ASSIGN: LiteralString = """
MATCH (i:Incident {id: $incident})
UNWIND $rows AS row
MATCH (t:Team {id: row.team})
CREATE (t)-[:ASSIGNED_TO {task: row.task, assemblyPoint: row.assemblyPoint,
        etaMinutes: row.eta, dispatchedAt: datetime(), dispatchedBy: $actor,
        orderNo: $orderNo, previousStatus: t.status, incidentStatusBefore: i.status,
        recommendationId: $recommendation}]->(i)
SET t.status = 'deployed'
"""

SET_ORDER: LiteralString = """
MATCH (i:Incident {id: $incident})
SET i.orderCount = $orderNo, i.status = $status, i.updatedAt = datetime()
WITH i
OPTIONAL MATCH (r:Recommendation {id: $recommendation})-[:RECOMMENDED_FOR]->(i)
SET r.acceptedAt = datetime(), r.acceptedBy = $actor
"""


def _state(r: dict[str, Any]) -> TeamState:
    lat, lon = r["latitude"], r["longitude"]
    return TeamState(
        id=r["id"],
        found=bool(r["found"]),
        status=r["status"],
        retired=bool(r["retired"]),
        assigned_to=tuple(r["assignedTo"] or ()),
        location=GeoPoint(lat, lon) if lat is not None and lon is not None else None,
        mobility=r["mobility"],
        readiness_minutes=float(r["readinessMinutes"] or 0),
    )


def check_dispatchable(status: str) -> None:
    """Raise unless an order may be issued to an incident in `status`."""
    if status not in DISPATCHABLE:
        raise IncidentProblem.one(
            "incidentId", "DISPATCH_NOT_NOW", kind=ProblemKind.ILLEGAL_TRANSITION,
            current=status_ref(status), allowed=status_refs(DISPATCHABLE),
        )  # fmt: skip


def status_after_dispatch(current: str) -> str:
    """An order moves the incident to dispatched; one on scene stays on scene."""
    return "on_scene" if current == "on_scene" else "dispatched"


async def dispatch(runner: CypherRunner, req: DispatchRequest, *, actor: str) -> DispatchResult:
    if problems := order_problems(req):
        raise IncidentProblem(problems)
    orders = resolved_orders(req)
    ids = [o.team_id for o in orders]

    async def work(tx: AsyncManagedTransaction) -> DispatchResult:
        inc = await lock_incident(tx, req.incident_id)
        check_dispatchable(inc.status)
        recommended: RecommendationRecord | None = None
        if req.recommendation_id:
            row = await (await tx.run(GET_RECOMMENDATION, id=req.recommendation_id)).single()
            if row is None or row["rec"]["incidentId"] != inc.id:
                raise recommendation_not_for(req.recommendation_id, inc.id)
            recommended = parse_recommendation(row["rec"])
        states = {
            s.id: s for s in [_state(r.data()) async for r in await tx.run(LOCK_TEAMS, ids=ids)]
        }
        if problems := team_problems(orders, states):
            raise IncidentProblem(problems)
        order_no = inc.order_count + 1
        rows = [
            {
                "team": o.team_id,
                "task": o.task,
                "assemblyPoint": o.assembly_point,
                "eta": order_eta(states[o.team_id], inc.location, recommended),
            }
            for o in orders
        ]
        status = status_after_dispatch(inc.status)
        rec_id = recommended.id if recommended else None
        common: dict[str, Any] = {"incident": inc.id, "orderNo": order_no, "actor": actor}
        await (await tx.run(ASSIGN, rows=rows, recommendation=rec_id, **common)).consume()
        await (await tx.run(SET_ORDER, status=status, recommendation=rec_id, **common)).consume()
        package = recommended.team_ids if recommended else ()
        removed = tuple(t for t in package if t not in ids)
        added = tuple(t for t in ids if recommended is not None and t not in package)
        await record(
            tx,
            actor=actor,
            action=ACTIONS["dispatched"],
            target=inc.id,
            before={"status": inc.status,
                    "teams": {t: states[t].status for t in ids}},
            after={"status": status, "orderNo": order_no, "teams": ids,
                   "recommendation": rec_id, "removed": list(removed),
                   "added": list(added), "reason": req.reason},
        )  # fmt: skip
        fresh = await lock_incident(tx, inc.id)
        return DispatchResult(fresh, order_no, tuple(ids), removed, added)

    return await runner.write(work)


ORDER_ASSIGNMENTS: LiteralString = """
MATCH (t:Team)-[a:ASSIGNED_TO]->(i:Incident {id: $incident})
WHERE a.orderNo = $orderNo
RETURN t.id AS team, t.status AS status, a.previousStatus AS previous,
       a.releasedAt IS NOT NULL AS released, a.incidentStatusBefore AS incidentBefore,
       a.recommendationId AS recommendation,
       duration.inSeconds(a.dispatchedAt, datetime()).seconds AS ageSeconds
ORDER BY team
"""

UNDO_ASSIGNMENTS: LiteralString = """
MATCH (t:Team)-[a:ASSIGNED_TO]->(i:Incident {id: $incident})
WHERE a.orderNo = $orderNo AND a.releasedAt IS NULL
SET t.status = CASE WHEN t.status = 'deployed' THEN a.previousStatus ELSE t.status END,
    t.statusVersion = coalesce(t.statusVersion, 0) + 1
DELETE a
"""

AFTER_UNDO: LiteralString = """
MATCH (i:Incident {id: $incident})
OPTIONAL MATCH (:Team)-[a:ASSIGNED_TO]->(i) WHERE a.releasedAt IS NULL
WITH i, count(a) AS left
SET i.status = CASE WHEN left = 0 AND i.status = 'dispatched' THEN $before ELSE i.status END,
    i.updatedAt = datetime()
WITH i
OPTIONAL MATCH (r:Recommendation {id: $recommendation})-[:RECOMMENDED_FOR]->(i)
SET r.acceptedAt = null, r.acceptedBy = null
RETURN i.status AS status
"""


async def undo_dispatch(
    runner: CypherRunner,
    incident_id: str,
    *,
    order_no: int | None,
    actor: str,
    reason: str | None = None,
) -> tuple[Incident, int, list[str]]:
    """Undo an order (default: the latest) within the grace period; returns the incident,
    the order number and the teams given back their previous status."""
    if problems := text_problems("reason", reason, limit=MAX_REASON_CHARS):
        raise IncidentProblem(problems)

    async def work(tx: AsyncManagedTransaction) -> tuple[Incident, int, list[str]]:
        inc = await lock_incident(tx, incident_id)
        number = order_no if order_no is not None else inc.order_count
        rows = [r.data() async for r in await tx.run(
            ORDER_ASSIGNMENTS, incident=inc.id, orderNo=number)]  # fmt: skip
        if not rows:
            raise no_order(inc.id, number)
        age = max(int(r["ageSeconds"]) for r in rows) / 60.0
        if age > UNDO_GRACE_MINUTES:
            raise undo_too_late(number, age, UNDO_GRACE_MINUTES)
        active = [r for r in rows if not r["released"]]
        if not active:
            raise order_all_released(number)
        await (await tx.run(UNDO_ASSIGNMENTS, incident=inc.id, orderNo=number)).consume()
        after = await (
            await tx.run(
                AFTER_UNDO,
                incident=inc.id,
                before=rows[0]["incidentBefore"],
                recommendation=rows[0]["recommendation"],
            )
        ).single(strict=True)
        teams = [str(r["team"]) for r in active]
        await record(
            tx,
            actor=actor,
            action=ACTIONS["undone"],
            target=inc.id,
            before={"status": inc.status, "orderNo": number,
                    "teams": {r["team"]: "deployed" for r in active}},
            after={"status": after["status"], "reason": reason,
                   "teams": {r["team"]: r["previous"] for r in active}},
        )  # fmt: skip
        return await lock_incident(tx, inc.id), number, teams

    return await runner.write(work)


RELEASE_CHECK_ONE: LiteralString = """
OPTIONAL MATCH (t:Team {id: $team})-[a:ASSIGNED_TO]->(:Incident {id: $incident})
RETURN count(a) AS total, count(CASE WHEN a.releasedAt IS NULL THEN 1 END) AS active
"""


async def release_team(
    runner: CypherRunner, incident_id: str, team_id: str, *, actor: str, reason: str | None
) -> Incident:
    """Send one team back to available (its assignment stays, with releasedAt)."""
    if problems := text_problems("reason", reason, limit=MAX_REASON_CHARS):
        raise IncidentProblem(problems)

    async def work(tx: AsyncManagedTransaction) -> Incident:
        await lock_incident(tx, incident_id)
        row = await (await tx.run(RELEASE_CHECK_ONE, team=team_id, incident=incident_id)).single(
            strict=True
        )
        if not row["total"]:
            raise not_assigned(team_id, incident_id)
        if not row["active"]:
            raise already_released(team_id, incident_id)
        await release_teams(tx, incident_id, actor=actor, reason=reason, teams=[team_id])
        return await lock_incident(tx, incident_id)

    return await runner.write(work)


ASSIGNMENT_MAP: LiteralString = """
{teamId: t.id, nameZh: t.nameZh, nameEn: t.nameEn, teamStatus: t.status, task: a.task,
 assemblyPoint: a.assemblyPoint, etaMinutes: a.etaMinutes, orderNo: a.orderNo,
 dispatchedAt: a.dispatchedAt, dispatchedBy: a.dispatchedBy, previousStatus: a.previousStatus,
 releasedAt: a.releasedAt, releasedBy: a.releasedBy, recommendationId: a.recommendationId,
 dutyPhone: t.dutyPhone, leader: t.leader, radioChannel: t.radioChannel}
"""

ASSIGNMENTS: LiteralString = (
    """
UNWIND $ids AS id
MATCH (t:Team)-[a:ASSIGNED_TO]->(:Incident {id: id})
WITH id, t, a ORDER BY a.orderNo, t.id
RETURN id, collect("""
    + ASSIGNMENT_MAP
    + """) AS assignments
"""
)


async def assignments_for(runner: CypherRunner, ids: list[str]) -> dict[str, list[Assignment]]:
    """Each incident's assignments (every order, released ones too), in order then team id."""
    out: dict[str, list[Assignment]] = {i: [] for i in ids}
    if not ids:
        return out
    for r in await runner.read(ASSIGNMENTS, ids=ids):
        out[r["id"]] = [parse_assignment(a) for a in r["assignments"]]
    return out
