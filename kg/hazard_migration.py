"""Move a graph built with EMKG's old hazard ids onto the GB/T 35561 event codes.

Until 2026-12 EMKG's hazard ids were its own reading of GB/T 35561 (`11C01`
地震, `12F01` 建筑火灾, ...); they now are the codes Chinese warning systems
exchange (`11C02` 天然地震事件, `12G03` 一般民用建筑火灾). The ontology keeps
every old id with the code that replaced it (hazard_codes_legacy.ttl). A graph
is on the old ids when it holds a hazard node whose id is an old id that is no
current code (every old graph has the categories `1`..`4`).

Migration runs inside `sync_ontology`'s transaction, before the taxonomy is
compared, so it is all-or-nothing and a second apply finds nothing to do:

1. every hazard node with an old id steps aside (``id`` -> ``~legacy~<id>``,
   ``legacyId`` kept), since old and new ids overlap (old `11B02` 暴雨 is the
   new `11B03`; the new `11B02` is 龙卷风);
2. each relationship that data hold to such a node (plans' COVERS, experts'
   EXPERT_IN, incidents' OF_HAZARD, whatever types the graph has) moves to the
   node of the new code, properties kept (two old ids that became one code
   give one relationship);
3. audit entries about hazards name the new code (``legacyTarget`` keeps the old);
4. the taxonomy's own relations (BROADER, REQUIRES, MAY_TRIGGER) are rebuilt
   from the ontology by the sync that follows, which skips the stepped-aside
   nodes (`is_stepped_aside`);
5. the old nodes go last (`drop_stepped_aside`), once the sync has written.
   Neo4j 5.26 can hand a later statement of the same transaction a node it
   deleted ("Node with id N has been deleted in this transaction": seen from a
   label scan and a unique-index seek on HazardType after the old nodes were
   deleted, with the plan of the moment), so nothing reads after the delete.

Example::

    moved = migrate_legacy_hazards(tx, onto)   # inside a write transaction
    moved.codes["11C01"]                       # '11C02'
    ...                                        # the sync, skipping is_stepped_aside ids
    drop_stepped_aside(tx)                     # the last write of the transaction
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import LiteralString

from neo4j import ManagedTransaction

from kg.gate import rel
from ontology import Ontology

TEMP_PREFIX = "~legacy~"
# The taxonomy's own relations between hazards and capabilities: rebuilt by the sync.
ONTOLOGY_OWNED = frozenset({"BROADER", "MAY_TRIGGER", "REQUIRES"})
HAZARD_AUDIT_ACTIONS = ("updateHazardType", "setRequirement", "removeRequirement")

COUNT_LEGACY: LiteralString = """
MATCH (h:HazardType) WHERE h.id IN $ids RETURN count(h) AS n
"""

# All old nodes step aside before any new one is made: old and new ids overlap.
STEP_ASIDE: LiteralString = """
UNWIND $pairs AS p
MATCH (h:HazardType {id: p.old})
SET h.legacyId = p.old, h.id = $prefix + p.old
"""

MAKE_NEW: LiteralString = """
UNWIND $pairs AS p
MERGE (n:HazardType {id: p.new})
  ON CREATE SET n.source = 'ontology', n.retired = false
"""

# Relationship types and directions that data hold to the nodes stepping aside.
LINK_TYPES: LiteralString = """
MATCH (h:HazardType) WHERE h.id STARTS WITH $prefix
MATCH (h)-[r]-(x)
WHERE NOT (x:HazardType AND x.source = 'ontology')
  AND NOT coalesce(x.id, '') STARTS WITH $prefix
RETURN DISTINCT type(r) AS type, startNode(r) = h AS outgoing
ORDER BY type, outgoing
"""

# One pass per entry (a target "11A01" or "11A01->cap.x"): ids overlap, so no chaining.
RETARGET_AUDIT: LiteralString = """
MATCH (e:AuditEntry) WHERE e.action IN $actions AND e.legacyTarget IS NULL
WITH e, split(e.target, '->') AS parts
WHERE parts[0] IN keys($codes)
SET e.legacyTarget = e.target,
    e.target = $codes[parts[0]] + CASE WHEN size(parts) > 1 THEN '->' + parts[1] ELSE '' END
RETURN count(e) AS n
"""

DROP_OLD: LiteralString = """
MATCH (h:HazardType) WHERE h.id STARTS WITH $prefix DETACH DELETE h
"""


def _move(rtype: str, outgoing: bool) -> LiteralString:
    # The type passes the ontology's gate; everything else is a parameter.
    t = rel(rtype)
    pattern: LiteralString = "(o)-[r:" + t + "]->(x) " if outgoing else "(o)<-[r:" + t + "]-(x) "
    merge: LiteralString = (
        "MERGE (n)-[r2:" + t + "]->(x) " if outgoing else "MERGE (n)<-[r2:" + t + "]-(x) "
    )
    return (
        "UNWIND $pairs AS p "
        "MATCH (o:HazardType {id: $prefix + p.old}) "
        "MATCH " + pattern + "WHERE NOT coalesce(x.id, '') STARTS WITH $prefix "
        "MATCH (n:HazardType {id: p.new}) " + merge + "SET r2 += properties(r) "
        "DELETE r "
        "RETURN count(r) AS n"
    )


@dataclass
class Migration:
    """What moved: old id -> new code, relationships moved per type, audit entries."""

    codes: dict[str, str] = field(default_factory=dict)
    relationships: dict[str, int] = field(default_factory=dict)
    audit_entries: int = 0

    def __bool__(self) -> bool:
        return bool(self.codes)

    def to_text(self) -> str:
        moved = ", ".join(f"{t} {n}" for t, n in sorted(self.relationships.items())) or "none"
        return (
            f"migrated {len(self.codes)} old hazard ids to GB/T 35561 event codes "
            f"(e.g. {', '.join(f'{o}->{n}' for o, n in list(self.codes.items())[:4])}); "
            f"relationships moved: {moved}; audit entries re-targeted: {self.audit_entries}"
        )


def needs_migration(tx: ManagedTransaction, onto: Ontology) -> bool:
    ids = sorted(onto.retired_codes())
    return bool(ids) and tx.run(COUNT_LEGACY, ids=ids).single(strict=True)["n"] > 0


def migrate_legacy_hazards(tx: ManagedTransaction, onto: Ontology) -> Migration:
    """Move an old-id graph onto the current codes (no-op on a current graph).

    The old nodes stay, stepped aside, until `drop_stepped_aside`."""
    done = Migration()
    if not needs_migration(tx, onto):
        return done
    pairs = [{"old": c.code, "new": c.replaced_by} for c in onto.legacy_codes.values()]
    tx.run(STEP_ASIDE, pairs=pairs, prefix=TEMP_PREFIX).consume()
    tx.run(MAKE_NEW, pairs=pairs).consume()
    links = [(r["type"], r["outgoing"]) for r in tx.run(LINK_TYPES, prefix=TEMP_PREFIX)]
    for rtype, outgoing in links:
        if rtype in ONTOLOGY_OWNED:
            continue
        n = tx.run(_move(rtype, outgoing), pairs=pairs, prefix=TEMP_PREFIX).single(strict=True)
        done.relationships[rtype] = done.relationships.get(rtype, 0) + int(n["n"])
    done.audit_entries = int(
        tx.run(
            RETARGET_AUDIT,
            codes={p["old"]: p["new"] for p in pairs},
            actions=list(HAZARD_AUDIT_ACTIONS),
        ).single(strict=True)["n"]
    )
    done.codes = {p["old"]: p["new"] for p in pairs}
    return done


def is_stepped_aside(node_id: str) -> bool:
    """An old hazard node that `migrate_legacy_hazards` moved off and that is to go."""
    return node_id.startswith(TEMP_PREFIX)


def drop_stepped_aside(tx: ManagedTransaction) -> None:
    """Delete the old nodes; the last statement of the migrating transaction to touch hazards."""
    tx.run(DROP_OLD, prefix=TEMP_PREFIX).consume()
