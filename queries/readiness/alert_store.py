"""Readiness alerts in the graph: ``(:ReadinessAlert)`` nodes, one per plan x level x region x
prescription, raised and cleared by queries/readiness/watch.py, each with an audit entry
(action ``readiness.alert`` / ``readiness.cleared``) that the live board relays.

Example::

    alerts = await list_alerts(runner, open_only=True, plan="P-SC-QUAKE", limit=50)
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, LiteralString

from neo4j import AsyncManagedTransaction

from kg.cypher import CypherRunner
from queries.catalog.audit import record
from queries.catalog.models import AuditEntry, parse_audit
from queries.models import ConceptRef, GeoPoint, Reason, Term
from queries.readiness.alerts import ALERT_ACTION, ALERT_ACTOR, CLEARED_ACTION, OWN_PREFIX
from queries.readiness.model import RegionPoint, Status

ENTRIES_SINCE: LiteralString = """
MATCH (e:AuditEntry) WHERE e.id > $since AND NOT e.action STARTS WITH $own
RETURN e {.*} AS entry ORDER BY e.id LIMIT $limit
"""

# The touched ids that are teams or equipment, with what could make them count, and the
# plans (with the levels) that prescribe any of it: one round trip.
TOUCHED: LiteralString = """
CALL () {
  MATCH (t:Team) WHERE t.id IN $ids AND t.location IS NOT NULL
  RETURN t.id AS id, t.location AS loc,
         [(t)-[:OF_TYPE]->(x:TeamType) | x.id] + [(t)-[:HAS_CAPABILITY]->(c:Capability) | c.id]
           + [(t)-[:HAS_EQUIPMENT]->(:Equipment)-[:OF_TYPE]->(et:EquipmentType) | et.id]
           AS provides
  UNION
  MATCH (e:Equipment) WHERE e.id IN $ids
  OPTIONAL MATCH (h)-[:HAS_EQUIPMENT]->(e)
  WITH e, coalesce(e.location, h.location) AS loc WHERE loc IS NOT NULL
  RETURN e.id AS id, loc, [(e)-[:OF_TYPE]->(et:EquipmentType) | et.id] AS provides
}
WITH collect({id: id, lat: loc.latitude, lon: loc.longitude, provides: provides}) AS touched
WITH touched, [x IN touched | x.id] + reduce(a = [], x IN touched | a + x.provides) AS targets
CALL (targets) {
  MATCH (p:Plan)-[pr:PRESCRIBES]->(x)
  WHERE x.id IN targets AND NOT coalesce(p.retired, false)
  RETURN collect(DISTINCT {plan: p.id, level: pr.responseLevel}) AS plans
}
RETURN [{touched: touched, plans: plans}] AS rows
"""


COUNTIES_NEAR: LiteralString = """
UNWIND $points AS pt
MATCH (r:Region)
WHERE point.distance(r.location, point({latitude: pt.lat, longitude: pt.lon})) <= $meters
  AND r.rank = 'county' AND NOT coalesce(r.retired, false)
WITH DISTINCT r
RETURN collect({id: r.id, nameZh: r.nameZh, nameEn: r.nameEn, rank: r.rank,
  lat: r.location.latitude, lon: r.location.longitude,
  chain: [r.id] + [(r)-[:PART_OF*1..3]->(a:Region) | a.id]}) AS rows
"""

OPEN_KEYS: LiteralString = """
MATCH (a:ReadinessAlert) WHERE a.open AND a.plan IN $plans
RETURN collect({id: a.id}) AS rows
"""

RAISE: LiteralString = """
MERGE (a:ReadinessAlert {id: $id})
WITH a, coalesce(a.open, false) AS wasOpen
SET a.plan = $plan, a.planNameZh = $planNameZh, a.planNameEn = $planNameEn,
    a.level = $level, a.region = $region, a.regionNameZh = $regionNameZh,
    a.regionNameEn = $regionNameEn, a.kind = $kind, a.target = $target,
    a.targetNameZh = $targetNameZh, a.targetNameEn = $targetNameEn,
    a.status = $status, a.have = $have, a.need = $need, a.open = true,
    a.since = CASE WHEN wasOpen THEN a.since ELSE datetime($at) END,
    a.cause = CASE WHEN wasOpen THEN a.cause ELSE $cause END,
    a.causeAction = CASE WHEN wasOpen THEN a.causeAction ELSE $causeAction END,
    a.clearedAt = null
RETURN wasOpen
"""

CLEAR: LiteralString = """
MATCH (a:ReadinessAlert {id: $id}) WHERE a.open
SET a.open = false, a.clearedAt = datetime($at)
RETURN a.id AS id
"""

LIST: LiteralString = """
MATCH (a:ReadinessAlert)
WHERE (NOT $openOnly OR a.open) AND ($plan IS NULL OR a.plan = $plan)
  AND ($region IS NULL OR a.region = $region)
WITH a ORDER BY a.since DESC, a.id LIMIT $limit
RETURN collect(a {.*}) AS rows
"""


@dataclass(frozen=True)
class Touched:
    id: str
    location: GeoPoint
    provides: tuple[str, ...]


@dataclass(frozen=True)
class AlertWrite:
    """One alert to raise (or keep open) with what it says."""

    id: str
    plan: ConceptRef
    level: str
    region: ConceptRef
    kind: str
    target: ConceptRef
    status: Status
    have: int
    need: int


@dataclass(frozen=True)
class ReadinessAlert(AlertWrite):
    """An alert as stored: what it says, and whether and since when it is open."""

    open: bool
    since: datetime
    cause: str  # the audit entry of the change that broke it
    cause_action: str
    cleared_at: datetime | None


def _dt(v: Any) -> datetime:
    return v.to_native() if hasattr(v, "to_native") else v  # type: ignore[no-any-return]


def parse_alert(r: dict[str, Any]) -> ReadinessAlert:
    def ref(key: str) -> ConceptRef:
        return ConceptRef.of(r, (key, f"{key}NameZh", f"{key}NameEn"))

    return ReadinessAlert(
        id=r["id"],
        plan=ref("plan"),
        level=r["level"],
        region=ref("region"),
        kind=r["kind"],
        target=ref("target"),
        status=r["status"],
        have=int(r["have"]),
        need=int(r["need"]),
        open=bool(r["open"]),
        since=_dt(r["since"]),
        cause=r.get("cause") or "",
        cause_action=r.get("causeAction") or "",
        cleared_at=_dt(r["clearedAt"]) if r.get("clearedAt") is not None else None,
    )


async def entries_since(runner: CypherRunner, since: str, limit: int) -> list[AuditEntry]:
    rows = await runner.read(ENTRIES_SINCE, since=since, own=OWN_PREFIX, limit=limit)
    return [parse_audit(r) for r in rows]


async def touched_units(
    runner: CypherRunner, ids: list[str]
) -> tuple[list[Touched], list[tuple[str, str]]]:
    """The teams and equipment among `ids`, and the (plan, level) pairs that prescribe what
    they are or provide."""
    rows = await runner.read_rows(TOUCHED, ids=ids)
    touched = [
        Touched(r["id"], GeoPoint(r["lat"], r["lon"]), tuple(sorted(set(r["provides"]))))
        for r in rows[0]["touched"]
    ]
    plans = sorted({(r["plan"], r["level"]) for r in rows[0]["plans"] if r["level"]})
    return touched, plans


async def counties_near(
    runner: CypherRunner, points: list[GeoPoint], km: float
) -> list[RegionPoint]:
    from queries.readiness.graph import parse_region

    rows = await runner.read_rows(
        COUNTIES_NEAR,
        points=[{"lat": p.latitude, "lon": p.longitude} for p in points],
        meters=km * 1000.0,
    )
    return sorted((parse_region(r) for r in rows), key=lambda r: r.region.id)


async def open_alert_ids(runner: CypherRunner, plans: list[str]) -> set[str]:
    return {r["id"] for r in await runner.read_rows(OPEN_KEYS, plans=plans)}


async def _raise(tx: AsyncManagedTransaction, a: AlertWrite, cause: AuditEntry) -> bool:
    result = await tx.run(
        RAISE,
        id=a.id,
        plan=a.plan.id,
        planNameZh=a.plan.name_zh,
        planNameEn=a.plan.name_en,
        level=a.level,
        region=a.region.id,
        regionNameZh=a.region.name_zh,
        regionNameEn=a.region.name_en,
        kind=a.kind,
        target=a.target.id,
        targetNameZh=a.target.name_zh,
        targetNameEn=a.target.name_en,
        status=a.status,
        have=a.have,
        need=a.need,
        at=cause.at,
        cause=cause.id,
        causeAction=cause.action,
    )
    row = await result.single(strict=True)
    fresh = not row["wasOpen"]
    if fresh:
        after = {
            "plan": a.plan.id,
            "level": a.level,
            "region": a.region.id,
            "kind": a.kind,
            "target": a.target.id,
            "status": a.status,
            "cause": cause.id,
        }
        await record(
            tx, actor=ALERT_ACTOR, action=ALERT_ACTION, target=a.id, before={}, after=after
        )
    return fresh


async def _clear(tx: AsyncManagedTransaction, alert: str, cause: AuditEntry) -> bool:
    result = await tx.run(CLEAR, id=alert, at=cause.at)
    if await result.single() is None:
        return False
    await record(
        tx,
        actor=ALERT_ACTOR,
        action=CLEARED_ACTION,
        target=alert,
        before={"open": True},
        after={"open": False, "cause": cause.id},
    )
    return True


async def apply_alerts(
    runner: CypherRunner, raise_: list[AlertWrite], clear: list[str], cause: AuditEntry
) -> tuple[int, int]:
    """Raise (or refresh) and clear alerts in one transaction, each new state audited;
    (newly raised, cleared)."""
    if not raise_ and not clear:
        return 0, 0

    async def work(tx: AsyncManagedTransaction) -> tuple[int, int]:
        raised = sum([int(await _raise(tx, a, cause)) for a in raise_])
        cleared = sum([int(await _clear(tx, c, cause)) for c in clear])
        return raised, cleared

    return await runner.write(work)


async def list_alerts(
    runner: CypherRunner,
    *,
    open_only: bool = True,
    plan: str | None = None,
    region: str | None = None,
    limit: int = 100,
) -> list[ReadinessAlert]:
    """Alerts, newest first (ties by id)."""
    rows = await runner.read_rows(LIST, openOnly=open_only, plan=plan, region=region, limit=limit)
    return [parse_alert(r) for r in rows]


def alert_reason(a: ReadinessAlert) -> Reason:
    """What the alert says, as a catalog reason (READINESS_ALERT)."""
    return Reason.of(
        "READINESS_ALERT",
        plan=a.plan,
        level=a.level,
        region=a.region,
        target=a.target,
        status=Term(f"readiness.{a.status}"),
    )


GET: LiteralString = """
MATCH (a:ReadinessAlert {id: $id}) RETURN collect(a {.*}) AS rows
"""


async def get_alert(runner: CypherRunner, alert: str) -> ReadinessAlert | None:
    rows = await runner.read_rows(GET, id=alert)
    return parse_alert(rows[0]) if rows else None
