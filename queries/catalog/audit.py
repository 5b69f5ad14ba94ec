"""The audit trail: who changed what, when, with the state before and after.

Entries are ``(:AuditEntry {id, at, actor, action, target, before, after})``
nodes (``before``/``after`` as JSON text), written in the same transaction as
the change they record, so a change and its entry exist together or not at all.

Example::

    entries, more = await audit_trail(runner, target="11A01", first=20, after=None)
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from typing import Any, LiteralString

from neo4j import AsyncManagedTransaction, Driver

from kg.cypher import CypherRunner
from kg.errors import map_neo4j_errors
from queries.catalog.models import AuditEntry, parse_audit
from queries.catalog.nodes import page_size

WRITE_ENTRY: LiteralString = """
CREATE (e:AuditEntry {id: $id, at: datetime(), actor: $actor, action: $action,
                      target: $target, before: $before, after: $after})
RETURN e {.*} AS entry
"""

# Which entries a filter keeps. `subject`: entries about one node, its own id or a link
# from it ("11A01->cap.x"); the actor text is "name (role, key id)" (Principal.actor).
_MATCH: LiteralString = """
MATCH (e:AuditEntry)
WHERE ($target IS NULL OR e.target = $target) AND ($actor IS NULL OR e.actor = $actor)
  AND ($action IS NULL OR e.action = $action)
  AND ($subject IS NULL OR e.target = $subject OR e.target STARTS WITH $subject + '->')
  AND ($actions IS NULL OR e.action IN $actions)
  AND ($actorName IS NULL OR e.actor STARTS WITH $actorName + ' (')
  AND ($actorRole IS NULL OR e.actor CONTAINS ' (' + $actorRole + ', key ')
  AND ($actorKey IS NULL OR e.actor ENDS WITH ', key ' + $actorKey + ')')
  AND ($since IS NULL OR e.at >= datetime($since))
  AND ($until IS NULL OR e.at < datetime($until))
"""

# Newest first; the cursor is the entry id (time-ordered: ISO timestamp + random suffix).
# `before` pages towards newer entries (read oldest-first, then reversed).
TRAIL: LiteralString = (
    _MATCH
    + """  AND ($after IS NULL OR e.id < $after)
RETURN e {.*} AS entry ORDER BY e.id DESC LIMIT $limit
"""
)
TRAIL_BEFORE: LiteralString = (
    _MATCH
    + """  AND e.id > $before
RETURN e {.*} AS entry ORDER BY e.id ASC LIMIT $limit
"""
)
COUNT: LiteralString = _MATCH + "RETURN count(e) AS total\n"


@dataclass(frozen=True)
class AuditFilter:
    """Which entries to read; every field optional (None = any). Example::

    AuditFilter(subject="T-SC-0001", actions=("setTeamStatus",), actor_role="commander")
    """

    target: str | None = None
    actor: str | None = None
    action: str | None = None
    subject: str | None = None
    actions: tuple[str, ...] | None = None
    actor_name: str | None = None
    actor_role: str | None = None
    actor_key: str | None = None
    since: str | None = None  # ISO 8601 date-time, inclusive
    until: str | None = None  # ISO 8601 date-time, exclusive

    def params(self) -> dict[str, Any]:
        return {
            "target": self.target,
            "actor": self.actor,
            "action": self.action,
            "subject": self.subject,
            "actions": list(self.actions) if self.actions is not None else None,
            "actorName": self.actor_name,
            "actorRole": self.actor_role,
            "actorKey": self.actor_key,
            "since": self.since,
            "until": self.until,
        }


def _entry_id() -> str:
    from datetime import UTC, datetime

    return datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ") + "-" + uuid.uuid4().hex[:8]


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)


def _entry(actor: str, action: str, target: str, before: Any, after: Any) -> dict[str, Any]:
    """WRITE_ENTRY's parameters: a new id, before/after as JSON text."""
    return {
        "id": _entry_id(),
        "actor": actor,
        "action": action,
        "target": target,
        "before": _json(before),
        "after": _json(after),
    }


async def record(
    tx: AsyncManagedTransaction,
    *,
    actor: str,
    action: str,
    target: str,
    before: Any,
    after: Any,
) -> AuditEntry:
    result = await tx.run(WRITE_ENTRY, _entry(actor, action, target, before, after))
    row = await result.single(strict=True)
    return parse_audit(row.data())


def record_load(
    driver: Driver,
    database: str,
    *,
    actor: str,
    file: str,
    after: dict[str, Any],
    action: str = "load",
) -> AuditEntry:
    """One entry for a data load (``action: "load"``, target the file name, ``after`` the
    counts and run id), written by the synchronous loader's driver once the load ended.
    Maintenance commands that change data outside a load (``action: "repair"``) use it too.

    Example::

        record_load(driver, "neo4j", actor="alice (planner, key ab12)", file="teams.csv",
                    after={"kind": "teams", "runId": "load-...", "created": 3})
    """
    with map_neo4j_errors():
        records, _, _ = driver.execute_query(
            WRITE_ENTRY, _entry(actor, action, file, None, after), database_=database
        )
    return parse_audit(records[0].data())


async def audit_trail(
    runner: CypherRunner,
    *,
    target: str | None = None,
    actor: str | None = None,
    action: str | None = None,
    first: int | None,
    after: str | None,
    filters: AuditFilter | None = None,
    before: str | None = None,
) -> tuple[list[AuditEntry], bool]:
    """One page, newest first, and whether more lie beyond it (older; newer with `before`)."""
    f = filters or AuditFilter(target=target, actor=actor, action=action)
    size = page_size(first)
    if before is not None:
        rows = await runner.read(TRAIL_BEFORE, before=before, limit=size + 1, **f.params())
        newer = [parse_audit(r) for r in rows]
        return list(reversed(newer[:size])), len(newer) > size
    rows = await runner.read(TRAIL, after=after, limit=size + 1, **f.params())
    entries = [parse_audit(r) for r in rows]
    return entries[:size], len(entries) > size


async def count_audit(runner: CypherRunner, filters: AuditFilter) -> int:
    rows = await runner.read(COUNT, **filters.params())
    return int(rows[0]["total"])
