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
from typing import Any, LiteralString

from neo4j import AsyncManagedTransaction, Driver

from kg.cypher import CypherRunner
from queries.catalog.models import AuditEntry, parse_audit
from queries.catalog.nodes import page_size

WRITE_ENTRY: LiteralString = """
CREATE (e:AuditEntry {id: $id, at: datetime(), actor: $actor, action: $action,
                      target: $target, before: $before, after: $after})
RETURN e {.*} AS entry
"""

# Newest first; the cursor is the entry id (time-ordered: ISO timestamp + random suffix).
TRAIL: LiteralString = """
MATCH (e:AuditEntry)
WHERE ($target IS NULL OR e.target = $target) AND ($actor IS NULL OR e.actor = $actor)
  AND ($action IS NULL OR e.action = $action) AND ($after IS NULL OR e.id < $after)
RETURN e {.*} AS entry ORDER BY e.id DESC LIMIT $limit
"""


def _entry_id() -> str:
    from datetime import UTC, datetime

    return datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ") + "-" + uuid.uuid4().hex[:8]


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)


async def record(
    tx: AsyncManagedTransaction,
    *,
    actor: str,
    action: str,
    target: str,
    before: Any,
    after: Any,
) -> AuditEntry:
    result = await tx.run(
        WRITE_ENTRY,
        id=_entry_id(),
        actor=actor,
        action=action,
        target=target,
        before=_json(before),
        after=_json(after),
    )
    row = await result.single(strict=True)
    return parse_audit(row.data())


def record_load(
    driver: Driver, database: str, *, actor: str, file: str, after: dict[str, Any]
) -> AuditEntry:
    """One entry for a data load (``action: "load"``, target the file name, ``after`` the
    counts and run id), written by the synchronous loader's driver once the load ended.

    Example::

        record_load(driver, "neo4j", actor="alice (planner, key ab12)", file="teams.csv",
                    after={"kind": "teams", "runId": "load-...", "created": 3})
    """
    records, _, _ = driver.execute_query(
        WRITE_ENTRY,
        id=_entry_id(),
        actor=actor,
        action="load",
        target=file,
        before=_json(None),
        after=_json(after),
        database_=database,
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
) -> tuple[list[AuditEntry], bool]:
    size = page_size(first)
    rows = await runner.read(
        TRAIL, target=target, actor=actor, action=action, after=after, limit=size + 1
    )
    entries = [parse_audit(r) for r in rows]
    return entries[:size], len(entries) > size
