"""Batched, idempotent upserts of canonical loader records (Cypher lives here, not in loaders/).

Every statement is ``UNWIND $rows`` + ``MERGE`` by stable id; provenance
(``source``, ``loadedAt``, ``loadRunId``) is set on every node. A node's
``loadedAt`` only moves when one of its properties changed, so re-running a
load is observable as "unchanged".
"""

from __future__ import annotations

from typing import Any, LiteralString

from neo4j import ManagedTransaction

# Returns per row whether the node was created, updated or left unchanged.
UPSERT_TEAMS: LiteralString = """
UNWIND $rows AS row
MERGE (t:Team {id: row.id})
WITH t, row, t.loadRunId IS NULL AS created,
     properties(t) AS before
SET t.nameZh = row.nameZh, t.nameEn = row.nameEn,
    t.location = point({latitude: row.latitude, longitude: row.longitude}),
    t.status = row.status, t.headcount = row.headcount,
    t.readinessMinutes = row.readinessMinutes, t.mobility = row.mobility,
    t.adminLevel = row.adminLevel, t.source = $source, t.retired = false
WITH t, row, created, before,
     before.nameZh = t.nameZh AND before.nameEn = t.nameEn AND before.location = t.location
     AND before.status = t.status AND before.headcount = t.headcount
     AND before.readinessMinutes = t.readinessMinutes AND before.mobility = t.mobility
     AND before.adminLevel = t.adminLevel AND coalesce(before.retired, false) = false
     AS same
SET t.loadRunId = CASE WHEN created OR NOT same THEN $run ELSE t.loadRunId END,
    t.loadedAt = CASE WHEN created OR NOT same THEN datetime() ELSE t.loadedAt END
WITH t, row, created, same
OPTIONAL MATCH (tt:TeamType {id: row.teamType})
FOREACH (_ IN CASE WHEN tt IS NULL THEN [] ELSE [1] END | MERGE (t)-[:OF_TYPE]->(tt))
WITH t, row, created, same
CALL (t, row) {
  UNWIND row.capabilities AS c
  MATCH (cap:Capability {id: c.capability})
  MERGE (t)-[hc:HAS_CAPABILITY]->(cap)
  SET hc.level = c.level
  RETURN count(*) AS caps
}
RETURN CASE WHEN created THEN 'created' WHEN same THEN 'unchanged' ELSE 'updated' END AS outcome,
       count(*) AS n
"""


def upsert_teams(
    tx: ManagedTransaction, rows: list[dict[str, Any]], source: str, run: str
) -> dict[str, int]:
    result = tx.run(UPSERT_TEAMS, rows=rows, source=source, run=run)
    return {r["outcome"]: int(r["n"]) for r in result}
