"""Batched, idempotent upserts of canonical loader records (all load Cypher lives here).

Every statement is ``UNWIND $rows`` + ``MERGE`` by stable id. Nodes are written
first (``upsert_nodes``), relationships after (``link``), so that a file may
refer to records later in the same file. Provenance (``source``, ``loadedAt``,
``loadRunId``) is set on every node: ``loadRunId`` is the last run that loaded
the record, ``loadedAt`` moves only when a property changed, so a re-run is
observable as "unchanged". Labels and relationship types come from the
ontology's closed vocabulary through ``kg.gate``.

Example::

    with driver.session(database="neo4j") as s:
        counts = s.execute_write(upsert_nodes, "Team", rows, "demo/teams", "run-1")
        # {'created': 3, 'updated': 0, 'unchanged': 0}
        s.execute_write(link, LinkSpec("Team", "OF_TYPE", "TeamType"), links)
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any, LiteralString

from neo4j import ManagedTransaction

from kg.gate import label, rel


@dataclass(frozen=True)
class LinkSpec:
    """One relationship written by a loader: (label {id})-[type]->(other) or the reverse."""

    label: str
    rel_type: str
    other: str
    incoming: bool = False  # (other)-[type]->(label) instead of (label)-[type]->(other)
    merge_key: LiteralString | None = None  # a rel property that is part of its identity


@cache
def upsert_nodes_query(lbl: str) -> LiteralString:
    # `same`: every mapped property already has this value (null == absent) and the
    # node is live and from this source; only then is the node "unchanged".
    return (
        "UNWIND $rows AS row MERGE (n:" + label(lbl) + " {id: row.id}) "
        "WITH n, row, n.loadRunId IS NULL AS created, "
        "coalesce(n.retired, false) = false AND n.source = $source AND "
        "all(k IN keys(row.props) WHERE (n[k] IS NULL AND row.props[k] IS NULL) "
        "OR n[k] = row.props[k]) AS same "
        "SET n += row.props, n.source = $source, n.loadRunId = $run, n.retired = false, "
        "n.loadedAt = CASE WHEN created OR NOT same THEN $now ELSE n.loadedAt END "
        "REMOVE n.retiredAt "
        "RETURN sum(CASE WHEN created THEN 1 ELSE 0 END) AS created, "
        "sum(CASE WHEN NOT created AND NOT same THEN 1 ELSE 0 END) AS updated, "
        "sum(CASE WHEN NOT created AND same THEN 1 ELSE 0 END) AS unchanged"
    )


def _link(spec: LinkSpec, props: LiteralString = "") -> LiteralString:
    """The record's relationship as a pattern: n is the record's node, m the other end."""
    t = rel(spec.rel_type)
    if spec.incoming:
        return "(m)-[r:" + t + props + "]->(n)"
    return "(n)-[r:" + t + props + "]->(m)"


@cache
def unlink_stale_query(spec: LinkSpec) -> LiteralString:
    # Drop this record's relationships of this type that the new record no longer states.
    key: LiteralString = (
        "m.id + '|' + coalesce(toString(r." + spec.merge_key + "), '')"
        if spec.merge_key
        else "m.id + '|'"
    )
    return (
        "UNWIND $rows AS row MATCH (n:" + label(spec.label) + " {id: row.id}) "
        "MATCH " + _link(spec) + " WHERE NOT " + key + " IN row.keys "
        "DELETE r RETURN count(r) AS removed"
    )


@cache
def link_query(spec: LinkSpec) -> LiteralString:
    # One relationship per other end (and per merge key value, e.g. a plan's level).
    key: LiteralString = (
        " {" + spec.merge_key + ": t.props." + spec.merge_key + "}" if spec.merge_key else ""
    )
    merge = "MERGE " + _link(spec, key)
    return (
        "UNWIND $rows AS row MATCH (n:" + label(spec.label) + " {id: row.id}) "
        "UNWIND row.targets AS t MATCH (m:"
        + label(spec.other)
        + " {id: t.id}) "
        + merge
        + " SET r += t.props RETURN count(r) AS linked"
    )


# Doubled relationships: after a MATCH of (n)-[r]->(m) (either way), the groups of r
# between the same two nodes with identical properties that hold more than one (`rels`).
DOUBLES: LiteralString = (
    "WITH n, m, properties(r) AS props, collect(r) AS rels WHERE size(rels) > 1 "
)
# ... and all but one of each group deleted (which one stays does not matter: the copies
# have the same ends and properties).
REMOVE_DOUBLES: LiteralString = (
    DOUBLES + "UNWIND tail(rels) AS extra DELETE extra RETURN count(extra) AS removed"
)


@cache
def remove_doubled_query(spec: LinkSpec) -> LiteralString:
    """Repair: of this record's relationships of this type to the same node with identical
    properties (doubled by loads before every link was MERGEd), keep one."""
    return (
        "UNWIND $rows AS row MATCH (n:" + label(spec.label) + " {id: row.id}) "
        "MATCH " + _link(spec) + " " + REMOVE_DOUBLES
    )


@cache
def existing_ids_query(lbl: str) -> LiteralString:
    """Which of $ids are nodes of one label (references are checked before a load writes)."""
    return "UNWIND $ids AS id MATCH (n:" + label(lbl) + " {id: id}) RETURN collect(n.id) AS found"


@cache
def touch_query(lbl: str) -> LiteralString:
    # Mark records of a source as seen by this run without changing them (skipped rows
    # in snapshot mode must not be retired just because this delivery had a typo).
    return (
        "UNWIND $ids AS id MATCH (n:" + label(lbl) + " {id: id}) WHERE n.source = $source "
        "SET n.loadRunId = $run"
    )


@cache
def retire_query(lbl: str) -> LiteralString:
    return (
        "MATCH (n:" + label(lbl) + ") WHERE n.source = $source AND n.loadRunId <> $run "
        "AND NOT coalesce(n.retired, false) "
        "CALL (n) { SET n.retired = true, n.retiredAt = datetime() } IN TRANSACTIONS OF 10000 ROWS "
        "RETURN count(n) AS retired"
    )


@cache
def baseline_create_query(lbl: str) -> LiteralString:
    """The raw-driver baseline the benchmark compares against: plain CREATE, no checks."""
    return "UNWIND $rows AS row CREATE (n:" + label(lbl) + ") SET n = row.props, n.id = row.id"


@cache
def create_links_query(spec: LinkSpec) -> LiteralString:
    """CREATE instead of MERGE: the benchmark's raw-driver baseline, and a load's batch whose
    nodes it all created itself (`link(fresh=True)`: none of them has a relationship yet,
    and a batch's targets are distinct per record). Any other batch MERGEs (CREATE doubled
    every relationship of an id repeated in a file)."""
    pattern: LiteralString = (
        "(m)-[r:" + rel(spec.rel_type) + "]->(n)"
        if spec.incoming
        else "(n)-[r:" + rel(spec.rel_type) + "]->(m)"
    )
    return (
        "UNWIND $rows AS row MATCH (n:" + label(spec.label) + " {id: row.id}) "
        "UNWIND row.targets AS t MATCH (m:" + label(spec.other) + " {id: t.id}) "
        "CREATE " + pattern + " SET r = t.props RETURN count(r) AS linked"
    )


def upsert_nodes(
    tx: ManagedTransaction,
    lbl: str,
    rows: list[dict[str, Any]],
    source: str,
    run: str,
    now: Any,
) -> dict[str, int]:
    """Rows are ``{"id": ..., "props": {...}}``; returns created / updated / unchanged.

    Rows with the same id are merged first, the last one winning (one statement that
    MERGEd both counted two nodes created).
    """
    rows = list({row["id"]: row for row in rows}.values())
    record = tx.run(upsert_nodes_query(lbl), rows=rows, source=source, run=run, now=now).single(
        strict=True
    )
    return {k: int(record[k] or 0) for k in ("created", "updated", "unchanged")}


def link(
    tx: ManagedTransaction,
    spec: LinkSpec,
    rows: list[dict[str, Any]],
    *,
    replace: bool = True,
    fresh: bool = False,
) -> dict[str, int]:
    """Rows are ``{"id", "keys": [...], "targets": [{"id", "props"}]}``; MERGEd.

    `replace` first removes the record's relationships of this type it no longer states;
    then doubled ones (same type, same other node, identical properties) are reduced to
    one. `fresh` (every record was created by this transaction, so none has relationships
    yet, and the caller gives each record once with distinct targets) skips both, leaves
    out the rows without targets and CREATEs. Returns relationships created / removed /
    repaired (doubled ones removed) and how many targets matched (linked).
    """
    removed = repaired = 0
    if fresh:
        rows = [row for row in rows if row["targets"]]
        if not rows:
            return {"created": 0, "removed": 0, "repaired": 0, "linked": 0}
    else:
        if replace:
            removed = _count(tx, unlink_stale_query(spec), rows, "removed")
        repaired = _count(tx, remove_doubled_query(spec), rows, "removed")
    result = tx.run(create_links_query(spec) if fresh else link_query(spec), rows=rows)
    linked = int(result.single(strict=True)["linked"])
    created = result.consume().counters.relationships_created
    return {"created": created, "removed": removed, "repaired": repaired, "linked": linked}


def _count(tx: ManagedTransaction, query: LiteralString, rows: list[Any], key: str) -> int:
    return int(tx.run(query, rows=rows).single(strict=True)[key])


def touch_nodes(tx: ManagedTransaction, lbl: str, ids: list[str], source: str, run: str) -> None:
    tx.run(touch_query(lbl), ids=ids, source=source, run=run).consume()


@cache
def delete_label_query(lbl: str) -> LiteralString:
    """Every node of one label, in batches (benchmarks and tests start from empty)."""
    return "MATCH (n:" + label(lbl) + ") CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS"


COUNT_NODES_RELS: LiteralString = (
    "CALL () { MATCH (n) RETURN count(n) AS nodes } "
    "CALL () { MATCH ()-[r]->() RETURN count(r) AS rels } RETURN nodes, rels"
)

# Nodes a bulk import would replace: everything that is not the ontology's taxonomy
# (`emkg load --bulk` refuses a database that holds any), by label.
LOADED_NODES_BY_LABEL: LiteralString = (
    "MATCH (n) WHERE coalesce(n.source, '') <> 'ontology' "
    "RETURN coalesce(labels(n)[0], '(no label)') AS label, count(*) AS nodes "
    "ORDER BY nodes DESC, label"
)
